"""Input and output models for reminder preferences, chat webhooks and runs."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict, Field

from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Patch, Strict
from chalicelib.reminders.channels import Provider


class DigestFrequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"  # Mondays (China time), listing what is still to do then


class Preferences(BaseModel):
    """A member's reminder channels: the inbox always; the email digest when ``email_digest`` (off:
    in-app only), daily or weekly."""

    person_id: str
    email_digest: bool = True
    digest_frequency: DigestFrequency = DigestFrequency.DAILY
    locale: str | None = Field(default=None, description="digest language; the member's locale when empty")
    bounced: bool = Field(default=False, description="mail to this person bounced; digests paused until re-enabled")
    default_locale: str | None = Field(default=None, description="the member's own locale, kept for the daily job")
    updated_at: str = ""


class PreferencesUpdate(Patch):
    """``locale: null`` goes back to the member's own locale."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email_digest": False, "locale": "en"}, {"email_digest": True, "digest_frequency": "weekly"}]
        }
    )
    CLEARABLE = frozenset({"locale"})

    email_digest: bool | None = None
    digest_frequency: DigestFrequency | None = None
    locale: str | None = Field(default=None, pattern=r"^(zh-CN|en)$")


class UnsubscribeQuery(BaseModel):
    token: str = Field(min_length=10, max_length=300)


class WebhookSet(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "provider": "dingtalk",
                    "url": "https://oapi.dingtalk.com/robot/send?access_token=abc123",
                    "secret": "SEC0123456789abcdef",
                    "locale": "zh-CN",
                }
            ]
        }
    )

    provider: Provider
    url: str = Field(min_length=10, max_length=500)
    secret: str = Field(default="", max_length=200, description="signing secret (DingTalk, Feishu)")
    locale: str = Field(default="zh-CN", pattern=r"^(zh-CN|en)$")
    enabled: bool = True


class Webhook(BaseModel):
    """A unit's group robot as shown back: the secret and URL token are never returned."""

    unit_id: str
    provider: Provider
    url: str = Field(description="with its token masked")
    has_secret: bool
    locale: str = "zh-CN"
    enabled: bool = True
    last_error: str | None = None
    updated_at: str = ""


class WebhookList(Paged):
    items: list[Webhook] = Field(description="by unit id")


class WebhooksQuery(Strict):
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


class TenantRun(BaseModel):
    """What one tenant's job did (logged; returned to the local runner)."""

    tenant_id: str
    day: str
    due_items: int = 0
    recipients: int = 0
    sent: int = 0
    already_sent: int = 0
    unsubscribed: int = 0
    not_today: int = Field(default=0, description="weekly digests, due on Mondays only")
    failed: int = 0
    chats_sent: int = 0
    chats_failed: int = 0


class WebhookConfig(BaseModel):
    """A unit's group robot as stored (with its secret); never returned by the API."""

    unit_id: str
    provider: Provider
    url: str
    secret: str = ""
    locale: str = "zh-CN"
    enabled: bool = True
    last_error: str | None = None
    updated_at: str = ""


class MailEvent(BaseModel):
    """A reminder delivery problem: an SES error, a bounce or complaint, or a chat robot error."""

    at: str
    person_id: str = Field(description="empty for a unit's chat robot")
    kind: str = Field(description="ses_error, error, bounce, complaint, or <provider>_error for a chat robot")
    detail: str


class DeliveryLog(BaseModel):
    items: list[MailEvent] = Field(description="newest first")
