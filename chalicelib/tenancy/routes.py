"""Sign-up, configuration for the web app, the caller's profile, users and the audit log."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import Field

from chalicelib.core import audit
from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, RequestContext
from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import cursor_field, limit_field, page_request
from chalicelib.core.settings import settings
from chalicelib.tenancy import service
from chalicelib.tenancy.schemas import (
    AuditLog,
    ClientConfig,
    ConsentInput,
    Health,
    Invitation,
    Me,
    Member,
    MemberList,
    MembersQuery,
    RolesUpdate,
    SignUp,
    SignUpResult,
)

bp = Blueprint(__name__)


class AuditQuery(BaseModel):
    entity_kind: str = Field(default="", max_length=40)
    entity_id: str = Field(default="", max_length=60)
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


@endpoint(bp, "/health", public=True, response=Health, tag="system")
def health() -> Health:
    """Liveness check."""
    return Health(status="ok", stage=settings().stage)


@endpoint(bp, "/config", public=True, response=ClientConfig, tag="system")
def client_config() -> ClientConfig:
    """Where the web app signs in (Cognito endpoint, pool and client ids)."""
    return service.client_config(settings())


@endpoint(bp, "/signup", "POST", public=True, body=SignUp, response=SignUpResult, status=201, tag="tenancy")
def sign_up(body: SignUp) -> SignUpResult:
    """Register a new company and its first administrator."""
    return service.sign_up(body)


@endpoint(bp, "/me", roles=ANYONE, response=Me, tag="tenancy")
def me(ctx: RequestContext) -> Me:
    """The caller: tenant, person, roles and managed units."""
    return service.me(ctx)


@endpoint(bp, "/me/privacy-consent", "POST", roles=ANYONE, body=ConsentInput, response=Me, tag="tenancy")
def privacy_consent(ctx: RequestContext, body: ConsentInput) -> Me:
    """Agree to the privacy policy (recorded with its version and time, audited)."""
    return service.record_consent(ctx, body)


@endpoint(bp, "/users", roles=HR_ADMIN, query=MembersQuery, response=MemberList, tag="tenancy")
def list_users(ctx: RequestContext, query: MembersQuery) -> MemberList:
    """Users of the company with their granted roles, a page at a time."""
    return service.list_members(ctx, query)


@endpoint(bp, "/users/invitations", "POST", roles=HR_ADMIN, body=Invitation, response=Member, status=201, tag="tenancy")
def invite_user(ctx: RequestContext, body: Invitation) -> Member:
    """Invite a user by email (Cognito sends a temporary password)."""
    return service.invite(ctx, body)


@endpoint(bp, "/users/{user_id}/roles", "PUT", roles=HR_ADMIN, body=RolesUpdate, response=Member, tag="tenancy")
def update_roles(user_id: str, ctx: RequestContext, body: RolesUpdate) -> Member:
    """Set the roles granted to a user."""
    return service.update_roles(ctx, user_id, body)


@endpoint(bp, "/audit", roles=HR_ADMIN, query=AuditQuery, response=AuditLog, tag="tenancy")
def audit_log(ctx: RequestContext, query: AuditQuery) -> dict[str, Any]:
    """The audit log, newest first, a page at a time; optionally for one entity."""
    page = audit.entries_page(
        ctx.tenant_id, page_request(ctx.tenant_id, "audit", query), query.entity_kind, query.entity_id
    )
    return {"items": page.items, "next_cursor": page.next_cursor}
