"""Collaboration storage: notifications, tasks, thread messages, read receipts and documents.

Access patterns (see docs/data-model.md, "Collaboration"):

* a person's inbox, newest first: Query ``T#<t>#INBOX#<person>`` begins_with ``N#`` (desc)
* a task by id: GetItem ``T#<t>`` / ``TASK#<id>``; all tasks: Query ``T#<t>`` begins_with ``TASK#``
* tasks assigned to a person: Query GSI1 ``T#<t>#ASSIGNEE#<person>`` (SK ``<deadline>#<id>``)
* tasks a person created: Query GSI1 ``T#<t>#CREATOR#<person>`` on small pointer items, then BatchGet
* open tasks due by a day: Query GSI2 ``T#<t>#DUE`` with ``GSI2SK < <day>#~``; pending actions due
  by a day: the same on ``T#<t>#DUE#ACTIONS`` (sparse: done/cancelled tasks and read
  notifications leave the index)
* a thread (messages and read receipts of one object): Query ``T#<t>#THREAD#<kind>#<id>``; a message's
  idempotency key: GetItem there, SK ``KEY#<digest>``
* a document: GetItem ``T#<t>`` / ``DOC#<id>``; all documents: Query begins_with ``DOC#``
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

from chalicelib.collab.schemas import Document, Message, Notification, ReadReceipt, Task, TaskStatus
from chalicelib.core.db import Changes, Item, find, get, load, query, query_page, stored, tenant_key, try_load
from chalicelib.core.paging import Page, PageRequest
from chalicelib.core.settings import settings
from chalicelib.reminders.keys import due_actions_pk, due_pk, due_sk, due_until_sk

NOTIFICATION_DAYS = 180  # inbox entries expire (DynamoDB TTL) after this many days


class NotificationItem(Item, discriminator="notification"):
    pass


class TaskItem(Item, discriminator="task"):
    pass


class TaskCreatorItem(Item, discriminator="task_creator"):
    """Pointer so a person can list the tasks they created (GSI1 is taken by the assignee)."""


class MessageItem(Item, discriminator="message"):
    pass


class ReceiptItem(Item, discriminator="read_receipt"):
    pass


class MessageKeyItem(Item, discriminator="message_key"):
    """A client's idempotency key for a message it posted, kept in the thread's partition."""


class DocumentItem(Item, discriminator="document"):
    pass


# ---- keys -------------------------------------------------------------------------------------


def inbox_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "INBOX", person_id)


def notification_sk(notification_id: str) -> str:
    return f"N#{notification_id}"


def task_key(tenant_id: str, task_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"TASK#{task_id}"


def assignee_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "ASSIGNEE", person_id)


def creator_key(tenant_id: str, creator: str, task_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id, "TASKCREATOR", task_id), creator


def creator_pk(tenant_id: str, creator: str) -> str:
    return tenant_key(tenant_id, "CREATOR", creator)


def thread_pk(tenant_id: str, kind: str, object_id: str) -> str:
    return tenant_key(tenant_id, "THREAD", kind, object_id)


def message_sk(message_id: str) -> str:
    return f"MSG#{message_id}"


def message_key_sk(digest: str) -> str:
    """Sorts before ``MSG#`` and ``READ#``: a newest-first read of the thread meets these last."""
    return f"KEY#{digest}"


def receipt_sk(person_id: str) -> str:
    return f"READ#{person_id}"


def document_key(tenant_id: str, document_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"DOC#{document_id}"


def object_key(tenant_id: str, document_id: str, number: int, name: str) -> str:
    """S3 key of one version of a document: the tenant leads, as in every DynamoDB key."""
    return f"{tenant_id}/documents/{document_id}/v{number}/{name}"


# ---- notifications ------------------------------------------------------------------------


def notification_item(tenant_id: str, person_id: str, note: Notification, expires_at: int) -> NotificationItem:
    item = NotificationItem(
        inbox_pk(tenant_id, person_id),
        notification_sk(note.notification_id),
        data={
            **note.model_dump(mode="json", exclude={"pending"}),
            "person_id": person_id,
            "pending": note.pending and not note.read_at,
        },
        expires_at=expires_at,
    )
    if note.pending and not note.read_at:
        item.GSI2PK = due_actions_pk(tenant_id)
        item.GSI2SK = due_sk(note.created_at, "action", f"{person_id}#{note.notification_id}")
    return item


def add_notifications(
    changes: Changes, tenant_id: str, notes: Iterable[tuple[str, Notification]], expires_at: int
) -> None:
    for person_id, note in notes:
        changes.create(notification_item(tenant_id, person_id, note, expires_at))


def write_notifications(tenant_id: str, notes: list[tuple[str, Notification]], expires_at: int) -> None:
    """Outside a caller's transaction: plain batched puts (inbox entries carry no audit record)."""
    with NotificationItem.batch_write() as batch:
        for person_id, note in notes:
            batch.save(notification_item(tenant_id, person_id, note, expires_at))


def drop_notifications(changes: Changes, tenant_id: str, refs: Iterable[tuple[str, str]]) -> None:
    """Delete inbox entries ``(person, notification id)`` in the caller's transaction (gone already: fine)."""
    for person_id, notification_id in refs:
        changes.drop(NotificationItem(inbox_pk(tenant_id, person_id), notification_sk(notification_id)))


def inbox_page(tenant_id: str, person_id: str, page: PageRequest, *, unread_only: bool) -> Page[Notification]:
    """A page of the inbox, newest first (unread only: read entries are skipped while reading)."""
    return query_page(
        NotificationItem,
        inbox_pk(tenant_id, person_id),
        "N#",
        page=page,
        newest_first=True,
        convert=_notification,
        keep=(lambda n: not n.read_at) if unread_only else None,
    )


def unread_items(tenant_id: str, person_id: str, ids: list[str] | None) -> list[NotificationItem]:
    """Unread inbox entries: the given ids (GetItem each) or all of them (one Query)."""
    if ids is None:
        items: Iterable[NotificationItem] = query(NotificationItem, inbox_pk(tenant_id, person_id), "N#")
    else:
        found = (find(NotificationItem, inbox_pk(tenant_id, person_id), notification_sk(i)) for i in ids)
        items = (i for i in found if i is not None)
    return [i for i in items if not i.payload().get("read_at")]


def mark_read(changes: Changes, item: NotificationItem, at: str) -> None:
    data = item.payload()
    data.pop("version", None)
    item.data = {**data, "read_at": at, "pending": False}
    item.GSI2PK = None
    item.GSI2SK = None
    changes.save(item)


def _notification(item: Item) -> Notification:
    return Notification.model_validate({k: v for k, v in item.payload().items() if k not in {"version", "person_id"}})


# ---- tasks --------------------------------------------------------------------------------


def task_item(tenant_id: str, task: Task) -> TaskItem:
    data = stored(task, exclude={"overdue"})
    item = TaskItem(
        *task_key(tenant_id, task.task_id),
        GSI1PK=assignee_pk(tenant_id, task.assignee_id),
        GSI1SK=f"{task.deadline.isoformat()}#{task.task_id}",
        data=data,
    )
    if task.status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS):
        item.GSI2PK = due_pk(tenant_id)
        item.GSI2SK = due_sk(task.deadline, "task", task.task_id)
    item.at_version(task.version)
    return item


def add_task(changes: Changes, tenant_id: str, task: Task, *, new: bool) -> None:
    if new:
        changes.create(task_item(tenant_id, task))
        creator = task.creator_person_id or task.creator_user_id
        changes.create(
            TaskCreatorItem(
                *creator_key(tenant_id, creator, task.task_id),
                GSI1PK=creator_pk(tenant_id, creator),
                GSI1SK=task.task_id,
                data={"task_id": task.task_id},
            )
        )
    else:
        changes.save(task_item(tenant_id, task))


def _task(item: Item) -> Task:
    return load(Task, item)


def get_task(tenant_id: str, task_id: str) -> Task:
    return _task(get(TaskItem, *task_key(tenant_id, task_id)))


def find_task(tenant_id: str, task_id: str) -> Task | None:
    item = find(TaskItem, *task_key(tenant_id, task_id))
    return _task(item) if item else None


def tasks_page(tenant_id: str, page: PageRequest, keep: Callable[[Task], bool]) -> Page[Task]:
    """A page of every task of the tenant, newest first."""
    return query_page(TaskItem, tenant_key(tenant_id), "TASK#", page=page, newest_first=True, convert=_task, keep=keep)


def tasks_assigned_page(tenant_id: str, person_id: str, page: PageRequest, keep: Callable[[Task], bool]) -> Page[Task]:
    """A page of the tasks assigned to a person, by deadline (GSI1 sorts them ``<deadline>#<id>``)."""
    return query_page(TaskItem, assignee_pk(tenant_id, person_id), index="GSI1", page=page, convert=_task, keep=keep)


def tasks_assigned_to(tenant_id: str, person_id: str) -> list[Task]:
    return [_task(i) for i in query(TaskItem, assignee_pk(tenant_id, person_id), index="GSI1")]


def tasks_created_by(tenant_id: str, creator: str) -> list[Task]:
    ids = [i.payload()["task_id"] for i in query(TaskCreatorItem, creator_pk(tenant_id, creator), index="GSI1")]
    keys = [task_key(tenant_id, task_id) for task_id in ids]
    return sorted(
        (_task(i) for i in TaskItem.batch_get(keys) if isinstance(i, TaskItem)), key=lambda t: (t.deadline, t.task_id)
    )


def due_items(tenant_id: str, last_day: date, limit: int | None = None) -> Iterator[Item]:
    """Open tasks (and actions written before they got their own partition) due up to and including
    ``last_day``, earliest first: one paged Query that reads no current pending action; with ``limit``,
    one bounded Query of the earliest ``limit`` items."""
    yield from Item.gsi2.query(due_pk(tenant_id), Item.GSI2SK < due_until_sk(last_day), limit=limit)


def due_actions(tenant_id: str, last_day: date) -> Iterator[Item]:
    """Unread pending actions up to and including ``last_day``: one paged Query."""
    yield from Item.gsi2.query(due_actions_pk(tenant_id), Item.GSI2SK < due_until_sk(last_day))


def open_tasks_due_by(tenant_id: str, last_day: date, limit: int | None = None) -> list[Task]:
    return [_task(i) for i in due_items(tenant_id, last_day, limit) if isinstance(i, TaskItem)]


def due_entries(tenant_id: str, last_day: date) -> tuple[list[Task], list[tuple[str, Notification]]]:
    """Open tasks due by ``last_day`` and unread pending actions (person id, notification): two Queries."""
    tasks: list[Task] = []
    actions: list[tuple[str, Notification]] = []
    for item in (*due_items(tenant_id, last_day), *due_actions(tenant_id, last_day)):
        if isinstance(item, TaskItem):
            tasks.append(_task(item))
        elif isinstance(item, NotificationItem):
            actions.append((str(item.payload()["person_id"]), _notification(item)))
    return tasks, actions


# ---- threads ------------------------------------------------------------------------------


def message_item(tenant_id: str, kind: str, object_id: str, message: Message) -> MessageItem:
    item = MessageItem(
        thread_pk(tenant_id, kind, object_id),
        message_sk(message.message_id),
        data=message.model_dump(mode="json", exclude={"version", "read_by"}),
    )
    item.at_version(message.version)
    return item


def add_message(changes: Changes, tenant_id: str, kind: str, object_id: str, message: Message, *, new: bool) -> None:
    (changes.create if new else changes.save)(message_item(tenant_id, kind, object_id, message))


def claim_message_key(
    changes: Changes, tenant_id: str, kind: str, object_id: str, digest: str, message_id: str, request_hash: str
) -> None:
    """Reserve the key in the message's own transaction (a second post with it conflicts)."""
    changes.create(
        MessageKeyItem(
            thread_pk(tenant_id, kind, object_id),
            message_key_sk(digest),
            data={"message_id": message_id, "request_hash": request_hash},
        )
    )


def find_message_key(tenant_id: str, kind: str, object_id: str, digest: str) -> dict[str, Any] | None:
    item = find(MessageKeyItem, thread_pk(tenant_id, kind, object_id), message_key_sk(digest))
    return item.payload() if item else None


def find_message(tenant_id: str, kind: str, object_id: str, message_id: str) -> Message | None:
    item = find(MessageItem, thread_pk(tenant_id, kind, object_id), message_sk(message_id))
    return load(Message, item) if item else None


def thread_page(
    tenant_id: str, kind: str, object_id: str, page: PageRequest
) -> tuple[Page[Message], list[ReadReceipt]]:
    """A page of a thread's messages, newest first, and all its read receipts.

    The first page is still one Query: receipts (``READ#``) sort after messages (``MSG#``), so a
    descending Query of the whole partition meets every receipt before the newest message. Later
    pages read messages from the cursor on, and the receipts with a second Query.
    """
    pk = thread_pk(tenant_id, kind, object_id)
    receipts: list[ReadReceipt] = []

    def message_or_receipt(item: Item) -> Message | None:
        if isinstance(item, MessageItem):
            return Message.model_validate(item.payload())
        if isinstance(item, ReceiptItem):
            receipts.append(ReadReceipt.model_validate(item.payload()))
        return None

    if page.start is None:
        messages = query_page(Item, pk, page=page, newest_first=True, convert=message_or_receipt, filtered=True)
    else:
        messages = query_page(
            MessageItem, pk, "MSG#", page=page, newest_first=True, convert=lambda i: try_load(Message, i)
        )
        receipts = [ReadReceipt.model_validate(i.payload()) for i in query(ReceiptItem, pk, "READ#")]
    return messages, receipts


def latest_message(tenant_id: str, kind: str, object_id: str) -> Message | None:
    """The newest message of a thread: one Query of one item, however long the thread."""
    for item in query(MessageItem, thread_pk(tenant_id, kind, object_id), "MSG#", newest_first=True, limit=1):
        return Message.model_validate(item.payload())
    return None


def put_receipt(tenant_id: str, kind: str, object_id: str, receipt: ReadReceipt) -> None:
    """Last-writer-wins: a receipt only moves forward in practice and carries no audit record."""
    ReceiptItem(
        thread_pk(tenant_id, kind, object_id), receipt_sk(receipt.person_id), data=receipt.model_dump(mode="json")
    ).save(add_version_condition=False)


# ---- documents ----------------------------------------------------------------------------


def document_item(tenant_id: str, doc: Document) -> DocumentItem:
    item = DocumentItem(
        *document_key(tenant_id, doc.document_id), data=doc.model_dump(mode="json", exclude={"version"})
    )
    item.at_version(doc.version)
    return item


def add_document(changes: Changes, tenant_id: str, doc: Document, *, new: bool) -> None:
    (changes.create if new else changes.save)(document_item(tenant_id, doc))


def get_document(tenant_id: str, document_id: str) -> Document:
    return load(Document, get(DocumentItem, *document_key(tenant_id, document_id)))


def documents_page(tenant_id: str, page: PageRequest, keep: Callable[[Document], bool]) -> Page[Document]:
    """A page of the documents ``keep`` accepts (those shared with the caller), newest first."""
    return query_page(
        DocumentItem,
        tenant_key(tenant_id),
        "DOC#",
        page=page,
        newest_first=True,
        convert=lambda i: try_load(Document, i),
        keep=keep,
    )


@lru_cache(maxsize=1)
def _s3() -> Any:
    # boto3 (and its s3transfer) only here, for the presigned POST: not on every cold start.
    import boto3
    from botocore.config import Config

    # SigV4 with the regional endpoint: presigned POSTs must name the bucket's region.
    return boto3.client("s3", region_name=settings().region, config=Config(signature_version="s3v4"))


def presigned_upload(key: str, content_type: str, max_size: int, expires_in: int) -> dict[str, Any]:
    """A browser form POST straight to S3; S3 itself refuses other sizes and content types."""
    return dict(
        _s3().generate_presigned_post(
            Bucket=settings().documents_bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_size]],
            ExpiresIn=expires_in,
        )
    )


def object_exists(key: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        _s3().head_object(Bucket=settings().documents_bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return False
        raise
    return True


def presigned_download(key: str, file_name: str, expires_in: int) -> str:
    from urllib.parse import quote

    return str(
        _s3().generate_presigned_url(
            "get_object",
            Params={
                "Bucket": settings().documents_bucket,
                "Key": key,
                "ResponseContentDisposition": f"attachment; filename*=UTF-8''{quote(file_name)}",
            },
            ExpiresIn=expires_in,
        )
    )
