"""Input and output models for sign-up, invitations and the caller's profile."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, field_validator

from chalicelib.core.context import Role
from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Strict, Version
from chalicelib.org.schemas import EMAIL
from chalicelib.tenancy.password import POLICY, check_password

# The privacy policy a person agrees to (the web app's 隐私政策 page shows the same version). A new
# version is a new date here; members who agreed to an older one are asked again on their next sign-in.
PRIVACY_POLICY_VERSION = "2026-12-07"


class Consent(BaseModel):
    """A person's agreement to the privacy policy (PIPL: informed consent), kept on their member record."""

    version: str = Field(description="the privacy policy's version (its date)")
    accepted_at: str = Field(description="when they agreed (UTC, ISO 8601)")


class ConsentInput(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"privacy_policy_version": PRIVACY_POLICY_VERSION}]})

    privacy_policy_version: str = Field(
        min_length=1, max_length=20, description="the version shown to the person (GET /config)"
    )


class SignUp(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "company_name": "示例金融科技有限公司",
                    "admin_name": "王芳",
                    "admin_email": "wang.fang@example.com",
                    "password": "Example-2026",
                    "privacy_policy_version": PRIVACY_POLICY_VERSION,
                }
            ]
        }
    )

    company_name: str = Field(min_length=2, max_length=80)
    industry: str = Field(default="internet_finance", max_length=40)
    admin_name: str = Field(min_length=1, max_length=40)
    admin_email: str = Field(pattern=EMAIL, max_length=120)
    password: str = Field(
        description=f"the user pool's policy: {POLICY.minimum_length}+ characters with upper- and "
        "lower-case letters, a digit and a symbol"
    )
    locale: str = Field(default="zh-CN", pattern=r"^(zh-CN|en)$")
    privacy_policy_version: str = Field(
        min_length=1, max_length=20, description="the privacy policy the founder agreed to (GET /config)"
    )

    @field_validator("admin_email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()

    @field_validator("password")
    @classmethod
    def _strong(cls, value: str) -> str:
        return check_password(value)


class SignUpResult(BaseModel):
    tenant_id: str
    admin_email: str


class Invitation(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "li.qiang@example.com", "roles": ["executive"], "name": "李强"}]}
    )

    email: str = Field(pattern=EMAIL, max_length=120)
    roles: list[Role] = Field(default_factory=list, max_length=5)
    person_id: str | None = None
    name: str = Field(default="", max_length=40)
    locale: str = Field(default="zh-CN", pattern=r"^(zh-CN|en)$")

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class RolesUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "roles": ["hr"]}]})

    version: Version
    roles: list[Role] = Field(max_length=5)


class Member(BaseModel):
    user_id: str
    email: str
    name: str = ""
    person_id: str | None = None
    roles: list[Role] = Field(default_factory=list, description="roles granted; manager/employee are derived")
    status: str = "active"
    locale: str = "zh-CN"
    privacy_consent: Consent | None = Field(default=None, description="the privacy policy they agreed to, if any")
    version: int = 0


class MemberList(Paged):
    items: list[Member] = Field(description="in the order of their login ids")


class MembersQuery(Strict):
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


class Me(BaseModel):
    tenant_id: str
    tenant_name: str
    user_id: str
    person_id: str | None
    name: str
    email: str
    roles: list[Role]
    managed_unit_ids: list[str]
    locale: str
    privacy_consent: Consent | None = Field(default=None, description="the privacy policy they agreed to, if any")
    privacy_policy_version: str = Field(
        default=PRIVACY_POLICY_VERSION, description="the current version: ask again when the consent is older"
    )


class ClientConfig(BaseModel):
    region: str
    user_pool_id: str
    client_id: str
    cognito_endpoint: str
    privacy_policy_version: str = Field(
        default=PRIVACY_POLICY_VERSION, description="send it back with the sign-up or the consent"
    )


class Health(BaseModel):
    status: str
    stage: str


class AuditEntry(BaseModel):
    """One change: who made it, when, and the entity's values before and after."""

    at: str
    actor_user_id: str
    actor_person_id: str = ""
    action: str
    entity_kind: str
    entity_id: str
    before: dict[str, Any] | None = Field(description="the entity before the change; null for a creation")
    after: dict[str, Any] | None = Field(description="the entity after the change; null for a deletion")


class AuditLog(BaseModel):
    items: list[AuditEntry] = Field(description="newest first")
