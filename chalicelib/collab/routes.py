"""Collaboration HTTP routes: parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.collab import service
from chalicelib.collab.schemas import Inbox, InboxQuery, MarkRead, MarkReadResult
from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, RequestContext

bp = Blueprint(__name__)


@endpoint(bp, "/inbox", roles=ANYONE, query=InboxQuery, response=Inbox, tag="collab")
def get_inbox(ctx: RequestContext, query: InboxQuery) -> Inbox:
    """The caller's notifications, newest first, with the unread count."""
    return service.inbox(ctx, query)


@endpoint(bp, "/inbox/read", "POST", roles=ANYONE, body=MarkRead, response=MarkReadResult, tag="collab")
def mark_inbox_read(ctx: RequestContext, body: MarkRead) -> MarkReadResult:
    """Mark some (or all) of the caller's notifications read."""
    return service.mark_read(ctx, body)
