"""Input and output models for threads, tasks, documents and the notification inbox."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import ConfigDict, Field, field_validator

from chalicelib.core.deferred import BaseModel
from chalicelib.core.errors import input_error
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Patch, Strict, Version

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

LOCALES = ("zh-CN", "en")


# ---- notifications ------------------------------------------------------------------------


class Notification(BaseModel):
    notification_id: str
    kind: str
    title: dict[str, str] = Field(description='{"zh-CN": ..., "en": ...}')
    link: str = ""
    created_at: str
    read_at: str | None = None
    pending: bool = Field(default=False, description="an action waiting for the person (listed in digests)")


class Inbox(Paged):
    items: list[Notification] = Field(description="newest first")
    unread: int = Field(description="unread notifications on this page")


class InboxQuery(Strict):
    unread: bool = False
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class MarkRead(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"notification_ids": ["01hq3v6x1y2z3a4b5c6d7e8f9g"]}, {"all": True}]}
    )

    notification_ids: list[str] = Field(default_factory=list, max_length=100)
    all: bool = False


class MarkReadResult(BaseModel):
    marked: int


# ---- objects threads and tasks can be attached to ------------------------------------------


class ObjectKind(StrEnum):
    UNIT = "unit"
    TASK = "task"
    INDICATOR = "indicator"
    INDICATOR_SET = "indicator_set"
    REVIEW = "review"


class ObjectRef(Strict):
    kind: ObjectKind
    id: str = Field(min_length=1, max_length=60)


# ---- tasks --------------------------------------------------------------------------------


class TaskStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class ChecklistEntry(Strict):
    text: str = Field(min_length=1, max_length=200)
    done: bool = False


class TaskCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "起草销售部季度指标",
                    "assignee_id": "01hq3v6x1y2z3a4b5c6d7e8f9g",
                    "deadline": "2027-03-15",
                    "description": "参考指标库中的信贷类模板",
                    "checklist": [{"text": "列出岗位"}, {"text": "选择指标"}],
                }
            ]
        }
    )

    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=4000)
    assignee_id: str = Field(min_length=1, max_length=60)
    deadline: date
    checklist: list[ChecklistEntry] = Field(default_factory=list, max_length=50)
    link: ObjectRef | None = None


class TaskUpdate(Patch):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "status": "in_progress"}]})

    version: Version
    title: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=4000)
    assignee_id: str | None = Field(default=None, min_length=1, max_length=60)
    deadline: date | None = None
    status: TaskStatus | None = None
    checklist: list[ChecklistEntry] | None = Field(default=None, max_length=50)


class Task(BaseModel):
    task_id: str
    title: str
    description: str = ""
    assignee_id: str
    assignee_name: str = Field(default="", description="the assignee's name as of the last assignment")
    creator_person_id: str | None = None
    creator_user_id: str
    deadline: date
    status: TaskStatus = TaskStatus.OPEN
    checklist: list[ChecklistEntry] = Field(default_factory=list)
    link: ObjectRef | None = None
    created_at: str
    updated_at: str
    overdue: bool = False
    version: int = 0


class TaskList(Paged):
    items: list[Task] = Field(description="by deadline (HR and admins with scope=all: newest first)")


class TaskScope(StrEnum):
    MINE = "mine"  # assigned to me
    CREATED = "created"  # created by me
    ALL = "all"  # every task I may see (HR/admin: the whole company)


class TaskQuery(Strict):
    scope: TaskScope = TaskScope.MINE
    overdue: bool = False
    status: TaskStatus | None = None
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


# ---- threads ------------------------------------------------------------------------------


class MessagePost(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"body": "@陈静 请在周五前补充数据来源", "mentions": ["01hq3v6x1y2z3a4b5c6d7e8f9g"]}]
        }
    )

    body: str = Field(min_length=1, max_length=4000)
    mentions: list[str] = Field(default_factory=list, max_length=20)
    reply_to: str | None = Field(default=None, max_length=60)


MAX_KEY_LENGTH = 200  # an Idempotency-Key


class MessageHeaders(BaseModel):
    """Request headers of a new message (read by the handler, listed for OpenAPI)."""

    idempotency_key: str | None = Field(
        default=None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        description="the client's id for this message: a retry with the same key returns the first message "
        "instead of posting it twice",
    )


class MessageEdit(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "body": "请在周四前补充数据来源"}]})

    version: Version
    body: str = Field(min_length=1, max_length=4000)


class Message(BaseModel):
    message_id: str
    author_person_id: str | None = None
    author_user_id: str
    body: str
    mentions: list[str] = Field(default_factory=list)
    reply_to: str | None = None
    created_at: str
    edited_at: str | None = None
    read_by: list[str] = Field(default_factory=list, description="person ids who have read up to this message")
    version: int = 0


class ReadReceipt(BaseModel):
    person_id: str
    read_at: str
    last_message_id: str


class Thread(Paged):
    """The newest messages first page; ``next_cursor`` pages back to earlier messages."""

    kind: ObjectKind
    object_id: str
    messages: list[Message] = Field(description="this page's messages, oldest first")
    receipts: list[ReadReceipt]


class ThreadQuery(Strict):
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


# ---- documents ----------------------------------------------------------------------------


def file_name(value: str) -> str:
    if any(c in value for c in "/\\\x00") or value in {".", ".."}:
        raise input_error("document.bad_name")
    return value


class ShareKind(StrEnum):
    COMPANY = "company"
    UNIT = "unit"
    POSITION = "position"
    PERSON = "person"


class Share(Strict):
    kind: ShareKind
    id: str = Field(default="", max_length=60, description="empty for company")


class DocumentCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "2027年绩效考核制度.pdf",
                    "content_type": "application/pdf",
                    "size": 250000,
                    "shares": [{"kind": "company", "id": ""}],
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=120)
    content_type: str = Field(min_length=3, max_length=120)
    size: int = Field(ge=1, le=MAX_DOCUMENT_BYTES, description="bytes; at most 20 MB")
    description: str = Field(default="", max_length=1000)
    shares: list[Share] = Field(default_factory=list, max_length=50)

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        return file_name(value)


class VersionCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"version": 1, "name": "2027年绩效考核制度-v2.pdf", "content_type": "application/pdf", "size": 260000}
            ]
        }
    )

    version: Version
    name: str = Field(min_length=1, max_length=120)
    content_type: str = Field(min_length=3, max_length=120)
    size: int = Field(ge=1, le=MAX_DOCUMENT_BYTES, description="bytes; at most 20 MB")

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        return file_name(value)


class SharesUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "shares": [{"kind": "company"}]}]})

    version: Version
    shares: list[Share] = Field(max_length=50)


class DocumentVersion(BaseModel):
    number: int
    name: str
    content_type: str
    size: int
    uploaded_by: str
    created_at: str


class Document(BaseModel):
    document_id: str
    name: str
    description: str = ""
    owner_person_id: str | None = None
    owner_user_id: str
    shares: list[Share] = Field(default_factory=list)
    current_version: int
    versions: list[DocumentVersion] = Field(default_factory=list)
    created_at: str
    updated_at: str
    version: int = 0


class DocumentList(Paged):
    items: list[Document] = Field(description="newest first")


class DocumentsQuery(Strict):
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class Upload(BaseModel):
    """Where the browser sends the file: an HTML form POST of ``fields`` plus the file to ``url``."""

    url: str
    fields: dict[str, str]
    expires_in: int
    max_size: int


class DocumentUpload(BaseModel):
    document: Document
    upload: Upload


class DownloadQuery(Strict):
    number: int | None = Field(default=None, ge=1, description="a version number; the current one by default")


class Download(BaseModel):
    url: str
    expires_in: int
    name: str
    number: int
