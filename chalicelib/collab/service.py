"""Collaboration rules: the inbox, tasks, threads and documents, and who may see each."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from chalicelib.collab import attachments, store
from chalicelib.collab.notify import notify
from chalicelib.collab.schemas import (
    MAX_DOCUMENT_BYTES,
    MAX_KEY_LENGTH,
    Document,
    DocumentCreate,
    DocumentList,
    DocumentsQuery,
    DocumentUpload,
    DocumentVersion,
    Download,
    DownloadQuery,
    Inbox,
    InboxQuery,
    MarkRead,
    MarkReadResult,
    Message,
    MessageEdit,
    MessagePost,
    ObjectKind,
    ObjectRef,
    ReadReceipt,
    Share,
    ShareKind,
    SharesUpdate,
    Task,
    TaskCreate,
    TaskList,
    TaskQuery,
    TaskScope,
    TaskStatus,
    TaskUpdate,
    Thread,
    ThreadQuery,
    Upload,
    VersionCreate,
)
from chalicelib.core import audit, clock, links
from chalicelib.core.context import HR_ADMIN, RequestContext
from chalicelib.core.db import MAX_TRANSACTION_ITEMS, Changes
from chalicelib.core.errors import Conflict, Forbidden, Invalid, NotFound
from chalicelib.core.ids import new_id
from chalicelib.core.messages import text
from chalicelib.core.paging import Page, page_of, page_request
from chalicelib.core.schema import merged
from chalicelib.metering import service as metering
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, PersonStatus
from chalicelib.org.service import can_manage


def _require_person(ctx: RequestContext) -> str:
    if not ctx.person_id:
        raise Forbidden.field("person_id", "person.login_unlinked")
    return ctx.person_id


# ---- inbox --------------------------------------------------------------------------------


def inbox(ctx: RequestContext, q: InboxQuery) -> Inbox:
    person = _require_person(ctx)
    page = store.inbox_page(ctx.tenant_id, person, page_request(ctx.tenant_id, "collab.inbox", q), unread_only=q.unread)
    return Inbox(items=page.items, unread=sum(1 for n in page.items if not n.read_at), next_cursor=page.next_cursor)


def mark_read(ctx: RequestContext, body: MarkRead) -> MarkReadResult:
    person = _require_person(ctx)
    if not body.all and not body.notification_ids:
        raise Invalid.field("notification_ids", "inbox.nothing_to_mark")
    items = store.unread_items(ctx.tenant_id, person, None if body.all else list(dict.fromkeys(body.notification_ids)))
    at = clock.iso_now()
    for start in range(0, len(items), MAX_TRANSACTION_ITEMS):
        changes = Changes()
        for item in items[start : start + MAX_TRANSACTION_ITEMS]:
            store.mark_read(changes, item, at)
        changes.commit()
    return MarkReadResult(marked=len(items))


# ---- tasks --------------------------------------------------------------------------------

# status -> statuses it may move to. Cancelled is final; done may be reopened.
TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.OPEN: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.OPEN, TaskStatus.DONE, TaskStatus.CANCELLED}),
    TaskStatus.DONE: frozenset({TaskStatus.OPEN, TaskStatus.IN_PROGRESS}),
    TaskStatus.CANCELLED: frozenset(),
}
ACTIVE = frozenset({TaskStatus.OPEN, TaskStatus.IN_PROGRESS})
# What the assignee alone may change; the creator, HR and admins may change everything.
ASSIGNEE_FIELDS = frozenset({"status", "checklist"})


def is_overdue(task: Task, today: date) -> bool:
    return task.status in ACTIVE and task.deadline < today


def _shown(task: Task, today: date) -> Task:
    return task.model_copy(update={"overdue": is_overdue(task, today)})


def _may_assign(ctx: RequestContext, assignee: Person) -> None:
    """HR, admins, executives: anyone; a manager: people in their subtrees; everyone: themselves."""
    if ctx.sees_whole_company or assignee.person_id == ctx.person_id:
        return
    unit = org_store.find_unit(ctx.tenant_id, assignee.unit_id)
    if unit is None or not can_manage(ctx, unit):
        raise Forbidden.field("assignee_id", "task.assignee_out_of_scope")


def _assignee(ctx: RequestContext, person_id: str) -> Person:
    person = org_store.find_person(ctx.tenant_id, person_id)
    if person is None:
        raise Invalid.field("assignee_id", "person.not_found")
    if person.status == PersonStatus.LEFT:
        raise Invalid.field("assignee_id", "person.left")
    _may_assign(ctx, person)
    return person


def _is_creator(ctx: RequestContext, task: Task) -> bool:
    return task.creator_user_id == ctx.user_id or bool(ctx.person_id and task.creator_person_id == ctx.person_id)


def _may_see_task(ctx: RequestContext, task: Task) -> bool:
    return ctx.has_any(HR_ADMIN) or _is_creator(ctx, task) or bool(ctx.person_id and task.assignee_id == ctx.person_id)


def _task_title(task: Task, verb_zh: str, verb_en: str) -> dict[str, str]:
    return {"zh-CN": f"{verb_zh}：{task.title}", "en": f"{verb_en}: {task.title}"}


def _task_link(task_id: str) -> str:
    return links.task(task_id)


def _check_link(ctx: RequestContext, link: ObjectRef) -> None:
    try:
        visible = attachments.audience(ctx.tenant_id, link.kind, link.id).allows(ctx)
    except NotFound:
        visible = False
    if not visible:
        raise Invalid.field("link.id", "link.not_visible", kind=text(f"object.{link.kind.value}"))


def _check_deadline(deadline: date) -> None:
    """A task's deadline, when set or changed, is today or later (create and update alike)."""
    if deadline < clock.today():
        raise Invalid.field("deadline", "task.deadline_past")


def create_task(ctx: RequestContext, body: TaskCreate) -> Task:
    assignee = _assignee(ctx, body.assignee_id)
    _check_deadline(body.deadline)
    if body.link is not None:
        _check_link(ctx, body.link)
    at = clock.iso_now()
    task = Task(
        task_id=new_id(),
        title=body.title,
        description=body.description,
        assignee_id=assignee.person_id,
        assignee_name=assignee.name,
        creator_person_id=ctx.person_id or None,
        creator_user_id=ctx.user_id,
        deadline=body.deadline,
        checklist=body.checklist,
        link=body.link,
        created_at=at,
        updated_at=at,
    )
    changes = Changes()
    store.add_task(changes, ctx.tenant_id, task, new=True)
    audit.record(changes, ctx, "create", "task", task.task_id, None, task.model_dump(mode="json"))
    changes.commit()
    notify(
        ctx, [assignee.person_id], "task_assigned", _task_title(task, "新任务", "New task"), _task_link(task.task_id)
    )
    return _shown(task.model_copy(update={"version": 1}), clock.today())


def get_task(ctx: RequestContext, task_id: str) -> Task:
    task = store.get_task(ctx.tenant_id, task_id)
    if not _may_see_task(ctx, task):
        raise Forbidden.field("task_id", "task.not_visible")
    return _shown(task, clock.today())


def list_tasks(ctx: RequestContext, q: TaskQuery) -> TaskList:
    """A page of tasks. Every task (HR/admin, scope=all) and my assigned tasks are one Query each; tasks I
    created, and everything a non-HR caller may see (scope=all: assigned + created), are computed from
    two reads and paged in Python by (deadline, task id), which never changes for a task... except when
    its deadline is edited while someone walks the pages."""
    me = ctx.person_id or ctx.user_id
    today = clock.today()
    req = page_request(ctx.tenant_id, "collab.tasks", q)

    def keep(t: Task) -> bool:
        return (not q.overdue or is_overdue(t, today)) and (q.status is None or t.status == q.status)

    if q.scope == TaskScope.ALL and ctx.has_any(HR_ADMIN):
        page = store.tasks_page(ctx.tenant_id, req, keep)
    elif q.scope == TaskScope.MINE:
        page = store.tasks_assigned_page(ctx.tenant_id, ctx.person_id, req, keep) if ctx.person_id else Page([])
    else:
        found: dict[str, Task] = {}
        if q.scope == TaskScope.ALL and ctx.person_id:
            found.update((t.task_id, t) for t in store.tasks_assigned_to(ctx.tenant_id, ctx.person_id))
        found.update((t.task_id, t) for t in store.tasks_created_by(ctx.tenant_id, me))
        page = page_of([t for t in found.values() if keep(t)], lambda t: (t.deadline.isoformat(), t.task_id), req)
    return TaskList(items=[_shown(t, today) for t in page.items], next_cursor=page.next_cursor)


def update_task(ctx: RequestContext, task_id: str, body: TaskUpdate) -> Task:
    before = get_task(ctx, task_id)
    fields = body.changes()
    if not (ctx.has_any(HR_ADMIN) or _is_creator(ctx, before)):
        refused = sorted(set(fields) - ASSIGNEE_FIELDS)
        if refused:
            raise Forbidden.field(refused[0], "task.assignee_fields_only")
    if body.status is not None and body.status != before.status and body.status not in TRANSITIONS[before.status]:
        raise Conflict.field(
            "status",
            "task.illegal_transition",
            before=text(f"task.status.{before.status.value}"),
            after=text(f"task.status.{body.status.value}"),
        )
    if before.status == TaskStatus.CANCELLED and fields:
        raise Conflict.field("status", "task.cancelled")
    if body.deadline is not None and body.deadline != before.deadline:  # an overdue task keeps its deadline
        _check_deadline(body.deadline)
    new_assignee = body.assignee_id and body.assignee_id != before.assignee_id
    named = {}
    if new_assignee:
        named["assignee_name"] = _assignee(ctx, body.assignee_id or "").name
    after = merged(before, fields, updated_at=clock.iso_now(), version=body.version, **named)
    changes = Changes()
    store.add_task(changes, ctx.tenant_id, after, new=False)
    audit.record(
        changes,
        ctx,
        "update",
        "task",
        task_id,
        before.model_dump(mode="json", exclude={"overdue"}),
        after.model_dump(mode="json", exclude={"overdue"}),
    )
    changes.commit()
    if new_assignee:
        notify(ctx, [after.assignee_id], "task_assigned", _task_title(after, "新任务", "New task"), _task_link(task_id))
    elif body.status is not None and body.status != before.status:
        verbs = {TaskStatus.DONE: ("任务已完成", "Task done"), TaskStatus.CANCELLED: ("任务已取消", "Task cancelled")}
        zh, en = verbs.get(body.status, ("任务状态已更新", "Task status changed"))
        notify(
            ctx,
            [p for p in (before.creator_person_id, before.assignee_id) if p],
            "task_updated",
            _task_title(after, zh, en),
            _task_link(task_id),
        )
    return _shown(after.model_copy(update={"version": body.version + 1}), clock.today())


def overdue_tasks(
    tenant_id: str, as_of: date | None = None, assignee_ids: Iterable[str] | None = None, limit: int | None = None
) -> list[Task]:
    """Open tasks past their deadline, for dashboards: reads only the tenant's due index (with ``limit`` and
    no assignee filter, only the ``limit`` longest overdue: one bounded Query)."""
    today = as_of or clock.today()
    wanted = set(assignee_ids) if assignee_ids is not None else None
    tasks = [
        t
        for t in store.open_tasks_due_by(tenant_id, today - timedelta(days=1), limit if wanted is None else None)
        if wanted is None or t.assignee_id in wanted
    ]
    return [_shown(t, today) for t in tasks]


# ---- threads ------------------------------------------------------------------------------

EDIT_WINDOW = timedelta(minutes=15)


def parse_thread_id(thread_id: str) -> tuple[str, str]:
    """``<kind>:<object id>`` (e.g. ``unit:01hq...``, ``indicator:<set>.<indicator>``)."""
    kind, _, object_id = thread_id.partition(":")
    if kind not in attachments.RESOLVERS or not object_id:
        raise NotFound("thread.not_found")
    return kind, object_id


def _visible_thread(ctx: RequestContext, thread_id: str) -> tuple[str, str, attachments.Audience]:
    kind, object_id = parse_thread_id(thread_id)
    seen = attachments.audience(ctx.tenant_id, kind, object_id)
    if not seen.allows(ctx):
        raise Forbidden.field("thread_id", "thread.not_visible", kind=text(f"object.{kind}"))
    return kind, object_id, seen


def get_thread(ctx: RequestContext, thread_id: str, q: ThreadQuery) -> Thread:
    kind, object_id, _ = _visible_thread(ctx, thread_id)
    page, receipts = store.thread_page(
        ctx.tenant_id, kind, object_id, page_request(ctx.tenant_id, f"collab.thread:{kind}:{object_id}", q)
    )
    shown = [
        m.model_copy(update={"read_by": sorted(r.person_id for r in receipts if r.last_message_id >= m.message_id)})
        for m in reversed(page.items)
    ]
    return Thread(
        kind=ObjectKind(kind),
        object_id=object_id,
        messages=shown,
        receipts=sorted(receipts, key=lambda r: r.person_id),
        next_cursor=page.next_cursor,
    )


def _message_key(ctx: RequestContext, key: str) -> str:
    """The stored form of a client's idempotency key: per user, so two people's keys never meet."""
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise Invalid.field("Idempotency-Key", "thread.key_format", limit=MAX_KEY_LENGTH)
    return hashlib.sha256(f"message\x1f{ctx.user_id}\x1f{key}".encode()).hexdigest()


def _request_hash(body: MessagePost) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _posted_before(ctx: RequestContext, kind: str, object_id: str, digest: str, request_hash: str) -> Message | None:
    """The message a key was already used for (a retry), or None when the key is new."""
    stored = store.find_message_key(ctx.tenant_id, kind, object_id, digest)
    if stored is None:
        return None
    if stored.get("request_hash") != request_hash:
        raise Conflict.field("Idempotency-Key", "thread.key_other_message")
    message = store.find_message(ctx.tenant_id, kind, object_id, str(stored["message_id"]))
    if message is None:
        raise NotFound("thread.message_not_found")
    return message.model_copy(update={"version": message.version or 1})


def post_message(ctx: RequestContext, thread_id: str, body: MessagePost, key: str | None = None) -> Message:
    """Post a message. With a client's idempotency key, a retry (a lost reply, a double tap) returns the
    message already posted, without a second message or second notifications."""
    kind, object_id, seen = _visible_thread(ctx, thread_id)
    digest = _message_key(ctx, key) if key is not None else ""
    request_hash = _request_hash(body) if digest else ""
    if digest and (before := _posted_before(ctx, kind, object_id, digest, request_hash)) is not None:
        return before
    parent = None
    if body.reply_to:
        parent = store.find_message(ctx.tenant_id, kind, object_id, body.reply_to)
        if parent is None:
            raise Invalid.field("reply_to", "thread.reply_to_unknown")
    mentions = list(dict.fromkeys(body.mentions))
    for i, person_id in enumerate(mentions):
        if org_store.find_person(ctx.tenant_id, person_id) is None:
            raise Invalid.field(f"mentions.{i}", "person.not_found")
        if not attachments.person_may_see(ctx.tenant_id, person_id, seen):
            raise Invalid.field(f"mentions.{i}", "thread.mention_not_visible")
    message = Message(
        message_id=new_id(),
        author_person_id=ctx.person_id or None,
        author_user_id=ctx.user_id,
        body=body.body,
        mentions=mentions,
        reply_to=body.reply_to,
        created_at=clock.iso_now(),
    )
    changes = Changes()
    store.add_message(changes, ctx.tenant_id, kind, object_id, message, new=True)
    if digest:
        store.claim_message_key(changes, ctx.tenant_id, kind, object_id, digest, message.message_id, request_hash)
    try:
        changes.commit()
    except Conflict:
        # A concurrent retry with the same key won the race: answer with its message.
        if digest and (before := _posted_before(ctx, kind, object_id, digest, request_hash)) is not None:
            return before
        raise
    if ctx.person_id:
        store.put_receipt(
            ctx.tenant_id,
            kind,
            object_id,
            ReadReceipt(person_id=ctx.person_id, read_at=message.created_at, last_message_id=message.message_id),
        )
    link = links.thread(thread_id, message.message_id)
    excerpt = body.body[:60]
    notify(
        ctx, mentions, "mention", {"zh-CN": f"有人提到了你：{excerpt}", "en": f"You were mentioned: {excerpt}"}, link
    )
    if parent is not None and parent.author_person_id and parent.author_person_id not in mentions:
        notify(
            ctx,
            [parent.author_person_id],
            "reply",
            {"zh-CN": f"有人回复了你：{excerpt}", "en": f"New reply: {excerpt}"},
            link,
        )
    return message.model_copy(update={"version": 1})


def edit_message(ctx: RequestContext, thread_id: str, message_id: str, body: MessageEdit) -> Message:
    kind, object_id, _ = _visible_thread(ctx, thread_id)
    before = store.find_message(ctx.tenant_id, kind, object_id, message_id)
    if before is None:
        raise NotFound("thread.message_not_found")
    if before.author_user_id != ctx.user_id:
        raise Forbidden.field("message_id", "thread.not_author")
    if clock.now() - datetime.fromisoformat(before.created_at) > EDIT_WINDOW:
        raise Conflict.field("body", "thread.edit_window_closed", minutes=EDIT_WINDOW.seconds // 60)
    after = before.model_copy(update={"body": body.body, "edited_at": clock.iso_now(), "version": body.version})
    changes = Changes()
    store.add_message(changes, ctx.tenant_id, kind, object_id, after, new=False)
    audit.record(changes, ctx, "edit", "message", message_id, {"body": before.body}, {"body": after.body})
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


def mark_thread_read(ctx: RequestContext, thread_id: str) -> ReadReceipt:
    kind, object_id, _ = _visible_thread(ctx, thread_id)
    person = _require_person(ctx)
    latest = store.latest_message(ctx.tenant_id, kind, object_id)
    receipt = ReadReceipt(
        person_id=person, read_at=clock.iso_now(), last_message_id=latest.message_id if latest else ""
    )
    store.put_receipt(ctx.tenant_id, kind, object_id, receipt)
    return receipt


# ---- documents ----------------------------------------------------------------------------

UPLOAD_SECONDS = 15 * 60
DOWNLOAD_SECONDS = 5 * 60
CONTENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "text/csv",
        "text/plain",
        "image/png",
        "image/jpeg",
        "application/zip",
    }
)


def _check_file(content_type: str, size: int) -> None:
    if content_type not in CONTENT_TYPES:
        raise Invalid.field("content_type", "document.type_not_allowed")
    if size > MAX_DOCUMENT_BYTES:
        raise Invalid.field("size", "document.too_large", megabytes=MAX_DOCUMENT_BYTES // (1024 * 1024))


def _check_shares(ctx: RequestContext, shares: list[Share]) -> list[Share]:
    """Shares must name existing things; company-wide sharing is for HR/admin/executives, unit and
    position shares for those who manage the unit."""
    out: list[Share] = []
    for i, share in enumerate(shares):
        field = f"shares.{i}.id"
        if share.kind == ShareKind.COMPANY:
            if not ctx.sees_whole_company:
                raise Forbidden.field(field, "document.company_share_refused")
            out.append(Share(kind=share.kind, id=""))
            continue
        if share.kind == ShareKind.PERSON:
            if org_store.find_person(ctx.tenant_id, share.id) is None:
                raise Invalid.field(field, "person.not_found")
        else:
            unit_id = share.id
            if share.kind == ShareKind.POSITION:
                position = org_store.find_position(ctx.tenant_id, share.id)
                if position is None:
                    raise Invalid.field(field, "position.not_found")
                unit_id = position.unit_id
            unit = org_store.find_unit(ctx.tenant_id, unit_id)
            if unit is None:
                raise Invalid.field(
                    field, "position.not_found" if share.kind == ShareKind.POSITION else "unit.not_found"
                )
            if not can_manage(ctx, unit):
                raise Forbidden.field(field, "document.unit_share_refused")
        out.append(share)
    return list({(s.kind, s.id): s for s in out}.values())


class _Viewer:
    """The caller's place in the org, loaded at most once per request (for share checks)."""

    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx
        self._loaded = False
        self.unit_path: list[str] = []
        self.position_id: str | None = None
        self._position_units: dict[str, str | None] = {}

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        person = org_store.find_person(self.ctx.tenant_id, self.ctx.person_id) if self.ctx.person_id else None
        if person is not None:
            unit = org_store.find_unit(self.ctx.tenant_id, person.unit_id)
            self.unit_path = unit.path if unit else [person.unit_id]
            self.position_id = person.position_id

    def _manages(self, unit_id: str | None) -> bool:
        if not unit_id or not self.ctx.managed_unit_ids:
            return False
        unit = org_store.find_unit(self.ctx.tenant_id, unit_id)
        return unit is not None and any(m in unit.path for m in self.ctx.managed_unit_ids)

    def sees(self, doc: Document) -> bool:
        ctx = self.ctx
        if ctx.sees_whole_company or doc.owner_user_id == ctx.user_id:
            return True
        for share in doc.shares:
            if share.kind == ShareKind.COMPANY or (share.kind == ShareKind.PERSON and share.id == ctx.person_id):
                return True
        for share in doc.shares:
            if share.kind == ShareKind.UNIT:
                self._load()
                if share.id in self.unit_path or self._manages(share.id):
                    return True
            elif share.kind == ShareKind.POSITION:
                self._load()
                if share.id == self.position_id or self._manages(self._position_unit(share.id)):
                    return True
        return False

    def _position_unit(self, position_id: str) -> str | None:
        if position_id not in self._position_units:
            position = org_store.find_position(self.ctx.tenant_id, position_id)
            self._position_units[position_id] = position.unit_id if position else None
        return self._position_units[position_id]


def _upload(ctx: RequestContext, doc: Document, number: int, name: str, content_type: str, size: int) -> Upload:
    post = store.presigned_upload(
        store.object_key(ctx.tenant_id, doc.document_id, number, name), content_type, size, UPLOAD_SECONDS
    )
    return Upload(
        url=post["url"], fields={k: str(v) for k, v in post["fields"].items()}, expires_in=UPLOAD_SECONDS, max_size=size
    )


def create_document(ctx: RequestContext, body: DocumentCreate) -> DocumentUpload:
    _check_file(body.content_type, body.size)
    shares = _check_shares(ctx, body.shares)
    at = clock.iso_now()
    first = DocumentVersion(
        number=1,
        name=body.name,
        content_type=body.content_type,
        size=body.size,
        uploaded_by=ctx.person_id or ctx.user_id,
        created_at=at,
    )
    doc = Document(
        document_id=new_id(),
        name=body.name,
        description=body.description,
        owner_person_id=ctx.person_id or None,
        owner_user_id=ctx.user_id,
        shares=shares,
        current_version=1,
        versions=[first],
        created_at=at,
        updated_at=at,
    )
    changes = Changes()
    store.add_document(changes, ctx.tenant_id, doc, new=True)
    audit.record(changes, ctx, "create", "document", doc.document_id, None, doc.model_dump(mode="json"))
    changes.commit()
    saved = doc.model_copy(update={"version": 1})
    metering.count(ctx.tenant_id, "storage_bytes", body.size)
    _notify_shared(ctx, saved, shares)
    return DocumentUpload(document=saved, upload=_upload(ctx, saved, 1, body.name, body.content_type, body.size))


def _notify_shared(ctx: RequestContext, doc: Document, shares: list[Share]) -> None:
    people = [s.id for s in shares if s.kind == ShareKind.PERSON]
    title = {"zh-CN": f"与你共享了文件：{doc.name}", "en": f"Shared with you: {doc.name}"}
    notify(ctx, people, "document_shared", title, links.document(doc.document_id))


def _owned(ctx: RequestContext, document_id: str) -> Document:
    doc = get_document(ctx, document_id)
    if not (ctx.has_any(HR_ADMIN) or doc.owner_user_id == ctx.user_id):
        raise Forbidden.field("document_id", "document.not_owner")
    return doc


def add_version(ctx: RequestContext, document_id: str, body: VersionCreate) -> DocumentUpload:
    before = _owned(ctx, document_id)
    _check_file(body.content_type, body.size)
    number = before.current_version + 1
    at = clock.iso_now()
    entry = DocumentVersion(
        number=number,
        name=body.name,
        content_type=body.content_type,
        size=body.size,
        uploaded_by=ctx.person_id or ctx.user_id,
        created_at=at,
    )
    after = before.model_copy(
        update={
            "name": body.name,
            "current_version": number,
            "versions": [*before.versions, entry],
            "updated_at": at,
            "version": body.version,
        }
    )
    changes = Changes()
    store.add_document(changes, ctx.tenant_id, after, new=False)
    audit.record(
        changes,
        ctx,
        "new_version",
        "document",
        document_id,
        {"current_version": before.current_version},
        {"current_version": number, "name": body.name},
    )
    changes.commit()
    saved = after.model_copy(update={"version": body.version + 1})
    metering.count(ctx.tenant_id, "storage_bytes", body.size)
    return DocumentUpload(document=saved, upload=_upload(ctx, saved, number, body.name, body.content_type, body.size))


def update_shares(ctx: RequestContext, document_id: str, body: SharesUpdate) -> Document:
    before = _owned(ctx, document_id)
    shares = _check_shares(ctx, body.shares)
    after = before.model_copy(update={"shares": shares, "updated_at": clock.iso_now(), "version": body.version})
    changes = Changes()
    store.add_document(changes, ctx.tenant_id, after, new=False)
    audit.record(
        changes,
        ctx,
        "share",
        "document",
        document_id,
        {"shares": [s.model_dump(mode="json") for s in before.shares]},
        {"shares": [s.model_dump(mode="json") for s in shares]},
    )
    changes.commit()
    old = {(s.kind, s.id) for s in before.shares}
    _notify_shared(ctx, after, [s for s in shares if (s.kind, s.id) not in old])
    return after.model_copy(update={"version": body.version + 1})


def get_document(ctx: RequestContext, document_id: str) -> Document:
    doc = store.get_document(ctx.tenant_id, document_id)
    if not _Viewer(ctx).sees(doc):
        raise Forbidden.field("document_id", "document.not_shared")
    return doc


def list_documents(ctx: RequestContext, q: DocumentsQuery) -> DocumentList:
    page = store.documents_page(ctx.tenant_id, page_request(ctx.tenant_id, "collab.documents", q), _Viewer(ctx).sees)
    return DocumentList(items=page.items, next_cursor=page.next_cursor)


def download(ctx: RequestContext, document_id: str, q: DownloadQuery) -> Download:
    """A link valid for 5 minutes; the file goes from S3 to the browser, never through Lambda."""
    doc = get_document(ctx, document_id)
    number = q.number or doc.current_version
    entry = next((v for v in doc.versions if v.number == number), None)
    if entry is None:
        raise Invalid.field("number", "document.version_not_found")
    key = store.object_key(ctx.tenant_id, document_id, number, entry.name)
    if not store.object_exists(key):
        raise Conflict.field("number", "document.not_uploaded")
    return Download(
        url=store.presigned_download(key, entry.name, DOWNLOAD_SECONDS),
        expires_in=DOWNLOAD_SECONDS,
        name=entry.name,
        number=number,
    )
