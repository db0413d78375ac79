"""Is an indicator action still to do? Asked by the daily digest at the moment it is sent.

A notification records that something waited for a person when it was sent; the digest must list
only what still waits when the digest goes out, whoever resolved it and whether or not the person
opened the notification. The set's state and the person's performance file are the truth:

* ``approval_needed`` (link: HR's review of a set) is open while the set is in review;
* ``indicator_returned`` (link: the author's edit screen) is open while the set is returned;
* ``confirmation_needed`` (link: the person's file, ``?set=<id>``) is open while the latest
  published revision of that set in the person's file is neither confirmed nor questioned (a
  question waits for its answer, not for the person); a link without a set (older notifications)
  is open while any set's latest revision waits for the person.

Other kinds are not indicator actions and stay open. Reads: one BatchGetItem for every set named by
the actions and one Query per person asked to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote

from chalicelib.indicators import store
from chalicelib.indicators.schemas import Confirmation, SetState

# The two set screens of chalicelib.core.links: hr_review(set_id) and set_edit(set_id).
_SET_LINK = re.compile(r"^/#/(?:hr/sets/(?P<review>[^/?#]+)|sets/(?P<edit>[^/?#]+)/edit)(?:[?#].*)?$")
_FILE_LINK = re.compile(r"^/#/mine(?:\?(?:.*&)?set=(?P<set>[^&#]+))?")
_OPEN_STATE = {"approval_needed": SetState.IN_REVIEW, "indicator_returned": SetState.RETURNED}


def set_id_in(link: str) -> str | None:
    """The set id a set screen link points at, else None."""
    match = _SET_LINK.match(link or "")
    if match is None:
        return None
    return unquote(match.group("review") or match.group("edit"))


def _file_set(link: str) -> str | None:
    match = _FILE_LINK.match(link or "")
    return unquote(match.group("set")) if match and match.group("set") else None


def still_open(tenant_id: str, actions: Sequence[tuple[str, str, str]]) -> list[bool]:
    """For each action ``(person_id, kind, link)``: True while it is still to do (see the module docstring)."""
    set_ids = {sid for _, kind, link in actions if kind in _OPEN_STATE and (sid := set_id_in(link))}
    states = {s.set_id: s.state for s in store.get_sets(tenant_id, set_ids)}
    confirmers = {person for person, kind, _ in actions if kind == "confirmation_needed"}
    unconfirmed = {person: _unconfirmed_sets(tenant_id, person) for person in confirmers}
    out = []
    for person, kind, link in actions:
        if kind in _OPEN_STATE:
            sid = set_id_in(link)
            # A link we cannot read is kept: better one stale line than a silently lost action.
            out.append(sid is None or states.get(sid) == _OPEN_STATE[kind])
        elif kind == "confirmation_needed":
            sid = _file_set(link)
            out.append(sid in unconfirmed[person] if sid else bool(unconfirmed[person]))
        else:
            out.append(True)
    return out


def _unconfirmed_sets(tenant_id: str, person_id: str) -> set[str]:
    """Sets whose latest revision in the person's file still waits for their confirmation."""
    latest: dict[str, int] = {}
    entries = store.file_entries(tenant_id, person_id)
    for entry in entries:
        latest[entry.set_id] = max(latest.get(entry.set_id, 0), entry.revision)
    return {e.set_id for e in entries if e.confirmation == Confirmation.PENDING and e.revision == latest[e.set_id]}
