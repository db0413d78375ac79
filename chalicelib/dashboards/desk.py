"""The HR desk read model: what the desk lists besides its overdue tasks and reminders sent, in one partition.

``T#<t>#DESK`` holds, each written by its own domain's writer in that writer's transaction (docs/data-model.md,
"The HR desk partition"):

* ``Q#<set>``: a set HR has work on — in review, returned, or with open questions — with its unit's name and
  its open questions with the askers' names (``indicators.store.add_set``; dropped when HR has nothing left);
* ``M``: the latest ``MAIL_KEPT`` mail and chat problems, newest first, each with the person's name
  (``reminders.store.record_mail_event``: a versioned read-modify-write, retried on a conflict);
* ``X#<date>#<kind>#<contract>``: a contract or probation end with the person's name, a copy of the
  employment due item (``employment.store.add_due`` / ``drop_due``), expiring by TTL two days after its date.

One Query ``SK <= X#<last day>#~`` returns them all: the ``Q#`` and ``M`` items and the ends up to the desk's
window. Ends already past are gone by TTL (DynamoDB deletes within about two days; the read drops what is
left). Names are as of the write that put them there (a rename shows on the next write): the price of
reading no person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.core.db import Changes, Item, find, tenant_key

MAIL_KEPT = 20  # the desk shows this many mail problems (dashboards.schemas.MAIL_PROBLEMS_SHOWN)
DUE_KEPT_DAYS = 2  # a due copy stays this many days past its date (then DynamoDB's TTL removes it)
_RETRIES = 3


class DeskSetItem(Item, discriminator="desk_set"):
    """A set HR has work on (summary fields, unit name, open questions with names)."""


class DeskMailItem(Item, discriminator="desk_mail"):
    """The latest mail problems, newest first."""


class DeskDueItem(Item, discriminator="desk_due"):
    """A contract or probation end, named."""


def desk_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "DESK")


def set_key(tenant_id: str, set_id: str) -> tuple[str, str]:
    return desk_pk(tenant_id), f"Q#{set_id}"


def mail_key(tenant_id: str) -> tuple[str, str]:
    return desk_pk(tenant_id), "M"


def due_key(tenant_id: str, day: date, kind: str, contract_id: str) -> tuple[str, str]:
    return desk_pk(tenant_id), f"X#{day.isoformat()}#{kind}#{contract_id}"


# ---- writes -----------------------------------------------------------------------------------


def stage_set(changes: Changes, tenant_id: str, set_id: str, shown: Mapping[str, Any] | None) -> None:
    """The set's desk entry (``shown``: its summary fields, ``unit_name`` and ``questions``), or none."""
    item = DeskSetItem(*set_key(tenant_id, set_id))
    if shown is None:
        changes.drop(item)
    else:
        item.data = dict(shown)
        changes.put(item)


def stage_due(changes: Changes, tenant_id: str, day: date, data: Mapping[str, Any]) -> None:
    """A contract or probation end on the desk (``data``: the due item's fields and ``person_name``)."""
    pk, sk = due_key(tenant_id, day, str(data["kind"]), str(data["contract_id"]))
    gone = int(datetime.combine(day + timedelta(days=DUE_KEPT_DAYS), time(), tzinfo=UTC).timestamp())
    changes.put(DeskDueItem(pk, sk, data=dict(data), expires_at=gone))


def drop_due(changes: Changes, tenant_id: str, day: date, kind: str, contract_id: str) -> None:
    changes.drop(DeskDueItem(*due_key(tenant_id, day, kind, contract_id)))


def add_mail_problem(tenant_id: str, event: Mapping[str, Any]) -> None:
    """Put a mail problem first on the desk's list, keeping the latest ``MAIL_KEPT``. Versioned: two problems
    recorded at once both land (the loser re-reads and retries); after three conflicts it gives up, since
    the mail log keeps the event anyway (``GET /reminders/mail-events``)."""
    for _ in range(_RETRIES):
        item = find(DeskMailItem, *mail_key(tenant_id))
        if item is None:
            item = DeskMailItem(*mail_key(tenant_id))
        events = [dict(event), *item.payload().get("events", [])][:MAIL_KEPT]
        item.data = {"events": events}
        try:
            item.save()
            return
        except PutError as exc:
            if "ConditionalCheckFailed" not in f"{exc} {getattr(exc, 'cause_response_code', '')}":
                raise


def put_mail_problems(tenant_id: str, events: Iterable[Mapping[str, Any]]) -> None:
    """The desk's mail list as given (the backfill: absolute)."""
    item = find(DeskMailItem, *mail_key(tenant_id)) or DeskMailItem(*mail_key(tenant_id))
    item.data = {"events": [dict(e) for e in events][:MAIL_KEPT]}
    item.save()


# ---- read -------------------------------------------------------------------------------------


class DeskRead:
    """What the desk partition held: sets HR has work on, the latest mail problems, and the ends up to the
    window's last day (ends before ``first_day`` — left for TTL — are dropped)."""

    def __init__(self) -> None:
        self.sets: list[dict[str, Any]] = []
        self.mail: list[dict[str, Any]] = []
        self.dues: list[dict[str, Any]] = []


def read(tenant_id: str, first_day: date, last_day: date) -> DeskRead:
    """One Query of the desk partition up to the window's last day."""
    out = DeskRead()
    condition = Item.SK <= f"X#{last_day.isoformat()}#~"
    for item in Item.query(desk_pk(tenant_id), condition):
        if isinstance(item, DeskSetItem):
            out.sets.append(_plain(item))
        elif isinstance(item, DeskMailItem):
            out.mail = list(_plain(item).get("events", []))
        elif isinstance(item, DeskDueItem):
            due = _plain(item)
            if str(due.get("date", "")) >= first_day.isoformat():
                out.dues.append(due)
    return out


def _plain(item: Item) -> dict[str, Any]:
    return {k: v for k, v in item.payload().items() if k != "version"}
