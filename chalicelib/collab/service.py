"""Collaboration rules: the inbox, tasks, threads and documents, and who may see each."""

from __future__ import annotations

from chalicelib.collab import store
from chalicelib.collab.schemas import Inbox, InboxQuery, MarkRead, MarkReadResult
from chalicelib.core import clock
from chalicelib.core.context import RequestContext
from chalicelib.core.db import MAX_TRANSACTION_ITEMS, Changes
from chalicelib.core.errors import Forbidden, Invalid


def _require_person(ctx: RequestContext) -> str:
    if not ctx.person_id:
        raise Forbidden("this needs a person record linked to your login",
                        [{"field": "person_id", "message": "your login has no person record"}])
    return ctx.person_id


# ---- inbox --------------------------------------------------------------------------------

def inbox(ctx: RequestContext, q: InboxQuery) -> Inbox:
    person = _require_person(ctx)
    items = store.inbox(ctx.tenant_id, person, q.limit)
    unread = sum(1 for n in items if not n.read_at)
    if q.unread:
        items = [n for n in items if not n.read_at]
    return Inbox(items=items, unread=unread)


def mark_read(ctx: RequestContext, body: MarkRead) -> MarkReadResult:
    person = _require_person(ctx)
    if not body.all and not body.notification_ids:
        raise Invalid.field("notification_ids", "name the notifications to mark, or send all=true")
    items = store.unread_items(ctx.tenant_id, person, None if body.all else list(dict.fromkeys(body.notification_ids)))
    at = clock.iso_now()
    for start in range(0, len(items), MAX_TRANSACTION_ITEMS):
        changes = Changes()
        for item in items[start:start + MAX_TRANSACTION_ITEMS]:
            store.mark_read(changes, item, at)
        changes.commit()
    return MarkReadResult(marked=len(items))
