"""Collaboration HTTP routes: parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.collab import service
from chalicelib.collab.schemas import (
    Document,
    DocumentCreate,
    DocumentList,
    DocumentsQuery,
    DocumentUpload,
    Download,
    DownloadQuery,
    Inbox,
    InboxQuery,
    MarkRead,
    MarkReadResult,
    Message,
    MessageEdit,
    MessageHeaders,
    MessagePost,
    ReadReceipt,
    SharesUpdate,
    Task,
    TaskCreate,
    TaskList,
    TaskQuery,
    TaskUpdate,
    Thread,
    ThreadQuery,
    VersionCreate,
)
from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, LEADERS, RequestContext

bp = Blueprint(__name__)


@endpoint(bp, "/inbox", roles=ANYONE, query=InboxQuery, response=Inbox, tag="collab")
def get_inbox(ctx: RequestContext, query: InboxQuery) -> Inbox:
    """The caller's notifications, newest first, with the unread count."""
    return service.inbox(ctx, query)


@endpoint(bp, "/inbox/read", "POST", roles=ANYONE, body=MarkRead, response=MarkReadResult, tag="collab")
def mark_inbox_read(ctx: RequestContext, body: MarkRead) -> MarkReadResult:
    """Mark some (or all) of the caller's notifications read."""
    return service.mark_read(ctx, body)


@endpoint(bp, "/tasks", roles=ANYONE, query=TaskQuery, response=TaskList, tag="collab")
def list_tasks(ctx: RequestContext, query: TaskQuery) -> TaskList:
    """Tasks assigned to or created by the caller (HR/admin: scope=all for every task); overdue=true filters."""
    return service.list_tasks(ctx, query)


@endpoint(bp, "/tasks", "POST", roles=ANYONE, body=TaskCreate, response=Task, status=201, tag="collab")
def create_task(ctx: RequestContext, body: TaskCreate) -> Task:
    """Assign a task (HR: anyone; managers: their subtrees; everyone: themselves)."""
    return service.create_task(ctx, body)


@endpoint(bp, "/tasks/{task_id}", roles=ANYONE, response=Task, tag="collab")
def get_task(task_id: str, ctx: RequestContext) -> Task:
    """Read a task (assignee, creator, HR and admins)."""
    return service.get_task(ctx, task_id)


@endpoint(bp, "/tasks/{task_id}", "PATCH", roles=ANYONE, body=TaskUpdate, response=Task, tag="collab")
def update_task(task_id: str, ctx: RequestContext, body: TaskUpdate) -> Task:
    """Change a task: the assignee its status and checklist, the creator/HR everything."""
    return service.update_task(ctx, task_id, body)


@endpoint(bp, "/threads/{thread_id}", roles=ANYONE, query=ThreadQuery, response=Thread, tag="collab")
def get_thread(thread_id: str, ctx: RequestContext, query: ThreadQuery) -> Thread:
    """The discussion on an object (thread id ``<kind>:<object id>``) with read receipts: the newest messages,
    then earlier ones page by page."""
    return service.get_thread(ctx, thread_id, query)


@endpoint(
    bp,
    "/threads/{thread_id}/messages",
    "POST",
    roles=ANYONE,
    body=MessagePost,
    response=Message,
    headers=MessageHeaders,
    status=201,
    tag="collab",
)
def post_message(thread_id: str, ctx: RequestContext, body: MessagePost) -> Message:
    """Post (or reply) in an object's thread; mentioned people are notified. Send an Idempotency-Key to
    retry safely: the same key returns the message already posted."""
    return service.post_message(ctx, thread_id, body, bp.current_request.headers.get("idempotency-key"))


@endpoint(
    bp,
    "/threads/{thread_id}/messages/{message_id}",
    "PATCH",
    roles=ANYONE,
    body=MessageEdit,
    response=Message,
    tag="collab",
)
def edit_message(thread_id: str, message_id: str, ctx: RequestContext, body: MessageEdit) -> Message:
    """Edit your own message within 15 minutes of posting it."""
    return service.edit_message(ctx, thread_id, message_id, body)


@endpoint(bp, "/threads/{thread_id}/read", "POST", roles=ANYONE, response=ReadReceipt, tag="collab")
def mark_thread_read(thread_id: str, ctx: RequestContext) -> ReadReceipt:
    """Record that the caller has read the thread up to its latest message."""
    return service.mark_thread_read(ctx, thread_id)


@endpoint(bp, "/documents", roles=ANYONE, query=DocumentsQuery, response=DocumentList, tag="collab")
def list_documents(ctx: RequestContext, query: DocumentsQuery) -> DocumentList:
    """Documents shared with the caller (HR, admins, executives: all), newest first, a page at a time."""
    return service.list_documents(ctx, query)


@endpoint(
    bp, "/documents", "POST", roles=LEADERS, body=DocumentCreate, response=DocumentUpload, status=201, tag="collab"
)
def create_document(ctx: RequestContext, body: DocumentCreate) -> DocumentUpload:
    """Register a document and get a presigned S3 form POST for its file (≤ 20 MB, allowed types only)."""
    return service.create_document(ctx, body)


@endpoint(bp, "/documents/{document_id}", roles=ANYONE, response=Document, tag="collab")
def get_document(document_id: str, ctx: RequestContext) -> Document:
    """Read a document's record and version history."""
    return service.get_document(ctx, document_id)


@endpoint(
    bp,
    "/documents/{document_id}/versions",
    "POST",
    roles=LEADERS,
    body=VersionCreate,
    response=DocumentUpload,
    status=201,
    tag="collab",
)
def add_document_version(document_id: str, ctx: RequestContext, body: VersionCreate) -> DocumentUpload:
    """Upload a new version (earlier versions stay downloadable)."""
    return service.add_version(ctx, document_id, body)


@endpoint(
    bp, "/documents/{document_id}/shares", "PUT", roles=LEADERS, body=SharesUpdate, response=Document, tag="collab"
)
def share_document(document_id: str, ctx: RequestContext, body: SharesUpdate) -> Document:
    """Share with units, positions, people or the whole company."""
    return service.update_shares(ctx, document_id, body)


@endpoint(
    bp,
    "/documents/{document_id}/download",
    roles=ANYONE,
    query=DownloadQuery,
    response=Download,
    errors={409},
    tag="collab",
)
def download_document(document_id: str, ctx: RequestContext, query: DownloadQuery) -> Download:
    """A presigned download link valid for 5 minutes (409 while that version's file is not uploaded yet)."""
    return service.download(ctx, document_id, query)
