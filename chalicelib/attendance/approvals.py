"""Requests waiting for a decision reach the approver's inbox and daily digest, and leave them when decided.

Filing a leave, overtime, 补卡 or trip request writes one ``approval_needed`` inbox entry per
approver (the manager; HR's members when it waits for HR) in the request's own transaction, and a
small item naming those entries. Any decision or cancellation drops the entries and that item in
its transaction, whoever decides (web, API, HR instead of the manager). The digest's "waiting for
you" section reads the collab due index (one Query per tenant a day, only pending entries), so it
lists a request exactly while it waits: no read of the requests themselves.

The requester hears each decision (:func:`tell`): one ``request_decided`` entry, written in the
decision's transaction, so a refused (409) or failed decision tells nobody.
"""

from __future__ import annotations

from chalicelib.attendance import trip_store
from chalicelib.collab import notify
from chalicelib.core import links
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.messages import Text

KIND = "approval_needed"
DECIDED = "request_decided"
LEAVE = links.leave_approvals()
TEAM = links.attendance_team()
MY_LEAVE = links.my_leave()
MY_MONTH = links.my_attendance()
MY_TRIPS = links.my_trips()


def approvers(tenant_id: str, approver: str | None) -> list[str]:
    """The manager, else HR's members (one Query of the tenant's members)."""
    if approver:
        return [approver]
    from chalicelib.employment.service import hr_recipients

    return hr_recipients(tenant_id)


def ask(changes: Changes, ctx: RequestContext, request_id: str, approver: str | None, title: Text, link: str) -> None:
    """Put the request in its approvers' inboxes with ``changes`` (replacing any earlier ask)."""
    people = notify.recipients(ctx, approvers(ctx.tenant_id, approver))
    ids = notify.notify(ctx, people, KIND, title.both(), link, changes=changes, pending=True)
    trip_store.put_asks(changes, ctx.tenant_id, request_id, list(zip(people, ids, strict=True)))


def resolve(changes: Changes, tenant_id: str, request_id: str) -> None:
    """The request is decided (or withdrawn): drop its inbox entries with ``changes`` (one GetItem)."""
    refs = trip_store.find_asks(tenant_id, request_id)
    if refs:
        notify.withdraw(changes, tenant_id, refs)
        trip_store.drop_asks(changes, tenant_id, request_id)


def reask(changes: Changes, ctx: RequestContext, request_id: str, title: Text, link: str) -> None:
    """The manager approved and the request goes on to HR: the manager's entry goes, HR's come
    (the item naming them is rewritten, not dropped: a transaction touches an item once)."""
    notify.withdraw(changes, ctx.tenant_id, trip_store.find_asks(ctx.tenant_id, request_id))
    ask(changes, ctx, request_id, None, title, link)


def tell(changes: Changes, ctx: RequestContext, requester: str, title: Text, link: str) -> None:
    """The requester hears the decision with ``changes`` (one entry; none when they decided it themselves)."""
    notify.notify(ctx, [requester], DECIDED, title.both(), link, changes=changes, pending=False)
