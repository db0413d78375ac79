"""Put a notification in people's in-app inboxes. Other domains call this; it is the whole API.

    from chalicelib.collab.notify import notify
    from chalicelib.core import links

    notify(ctx, [person_id], "indicator_returned",
           {"zh-CN": "指标被退回：月度放款额", "en": "Indicator returned: monthly loans"},
           links.set_edit(set_id))

* ``ctx_or_tenant``: the caller's :class:`RequestContext` (the actor is then not notified of their
  own action) or a tenant id (scheduled jobs).
* ``kind``: a short snake_case word. Kinds in :data:`PENDING_KINDS` are *actions waiting for the
  person*: until the person marks them read they sit in the due-item index and are listed in the
  person's daily digest ("waiting for you"). Pass ``pending=True/False`` to override.
* ``changes``: pass your :class:`Changes` to write the inbox entries in the same transaction as
  your change (mind the 100-item limit); without it they are written at once, after your commit.

Returns the new notification ids (one per distinct person).

:func:`withdraw` removes entries whose action is done (a request decided by anyone): they leave the
inbox and the digest's due index in the caller's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import timedelta

from chalicelib.collab import store
from chalicelib.collab.schemas import LOCALES, Notification
from chalicelib.core import clock
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.ids import new_id

PENDING_KINDS = frozenset(
    {
        "indicator_returned",  # an indicator (set) was sent back to its author for changes
        "confirmation_needed",  # a person must confirm their indicators / performance file
        "approval_needed",  # a manager / HR must approve something
        "review_due",  # a self or manager review is waiting
        "chase",  # a leader chased the person's late indicators (dashboards' one-tap 催办)
    }
)
KNOWN_KINDS = PENDING_KINDS | {
    "task_assigned",
    "task_updated",
    "mention",
    "reply",
    "indicator_approved",
    "document_shared",
    "info",
    "request_decided",  # the requester hears that their request was approved or rejected
}
_KIND = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def recipients(ctx_or_tenant: RequestContext | str, person_ids: Iterable[str]) -> list[str]:
    """The people :func:`notify` writes to, in the order of the ids it returns (distinct, not the actor)."""
    actor = ctx_or_tenant.person_id if isinstance(ctx_or_tenant, RequestContext) else ""
    return list(dict.fromkeys(p for p in person_ids if p and p != actor))


def withdraw(changes: Changes, tenant_id: str, refs: Iterable[tuple[str, str]]) -> None:
    """Delete inbox entries ``(person id, notification id)`` with the caller's change (missing ones: fine)."""
    store.drop_notifications(changes, tenant_id, refs)


def notify(
    ctx_or_tenant: RequestContext | str,
    person_ids: Iterable[str],
    kind: str,
    title: Mapping[str, str],
    link: str = "",
    *,
    changes: Changes | None = None,
    pending: bool | None = None,
) -> list[str]:
    """Add one inbox entry per distinct person (see the module docstring)."""
    if isinstance(ctx_or_tenant, RequestContext):
        tenant_id = ctx_or_tenant.tenant_id
    else:
        tenant_id = ctx_or_tenant
    if not tenant_id:
        raise ValueError("notify needs a tenant")
    if not _KIND.match(kind):
        raise ValueError(f"notification kind must be snake_case: {kind!r}")
    missing = [loc for loc in LOCALES if not (title.get(loc) or "").strip()]
    if missing:
        raise ValueError(f"notification title needs {missing}")
    people = recipients(ctx_or_tenant, person_ids)
    if not people:
        return []
    at = clock.iso_now()
    is_pending = kind in PENDING_KINDS if pending is None else pending
    notes = [
        (
            person,
            Notification(
                notification_id=new_id(),
                kind=kind,
                title={loc: title[loc].strip()[:200] for loc in LOCALES},
                link=link[:500],
                created_at=at,
                pending=is_pending,
            ),
        )
        for person in people
    ]
    expires_at = int((clock.now() + timedelta(days=store.NOTIFICATION_DAYS)).timestamp())
    if changes is not None:
        store.add_notifications(changes, tenant_id, notes, expires_at)
    else:
        store.write_notifications(tenant_id, notes, expires_at)
    return [note.notification_id for _, note in notes]
