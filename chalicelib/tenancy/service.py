"""Sign-up of a company, invitations, roles, and the caller's own profile."""

from __future__ import annotations

from chalicelib.core import audit
from chalicelib.core.context import RequestContext, Role
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Forbidden, Invalid
from chalicelib.core.ids import new_id
from chalicelib.core.paging import page_request
from chalicelib.core.settings import Settings
from chalicelib.org import service as org
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person
from chalicelib.tenancy import store
from chalicelib.tenancy.schemas import (
    ClientConfig,
    Invitation,
    Me,
    Member,
    MemberList,
    MembersQuery,
    RolesUpdate,
    SignUp,
    SignUpResult,
)

FOUNDER_ROLES = [Role.ADMIN, Role.HR]
# Roles a member may grant. manager and employee are derived from the org, never granted.
GRANTABLE = {
    Role.ADMIN: {Role.ADMIN, Role.HR, Role.EXECUTIVE},
    Role.HR: {Role.HR, Role.EXECUTIVE},
}


def sign_up(body: SignUp) -> SignUpResult:
    """A new company: its tenant, company unit, the founder as person and admin+HR member.

    The founder's Cognito login is created first (it yields the user id); if the records then
    cannot be written, the login is deleted again so nothing is left half-made.
    """
    tenant_id = new_id()
    user_id = store.create_login(body.admin_email, tenant_id, password=body.password, locale=body.locale)
    try:
        person_id = new_id()
        ctx = RequestContext(tenant_id=tenant_id, user_id=user_id, person_id=person_id,
                             roles=frozenset(FOUNDER_ROLES), locale=body.locale)
        changes = Changes()
        store.add_tenant(changes, tenant_id, {"name": body.company_name, "industry": body.industry,
                                              "status": "active", "locale": body.locale})
        root = org.create_root_unit(changes, ctx, body.company_name)
        founder = Person(person_id=person_id, name=body.admin_name, email=body.admin_email, employee_no="0001",
                         unit_id=root.unit_id)
        org.add_new_person(changes, ctx, founder, root.path)
        member = Member(user_id=user_id, email=body.admin_email, name=body.admin_name, person_id=person_id,
                        roles=FOUNDER_ROLES, locale=body.locale)
        store.add_member(changes, tenant_id, member, new=True)
        changes.commit()
    except Exception:
        store.delete_login(body.admin_email)
        raise
    return SignUpResult(tenant_id=tenant_id, admin_email=body.admin_email)


def invite(ctx: RequestContext, body: Invitation) -> Member:
    _check_grant(ctx, set(body.roles))
    name = body.name
    if body.person_id:
        person = org_store.find_person(ctx.tenant_id, body.person_id)
        if person is None:
            raise Invalid.field("person_id", "no such person")
        name = name or person.name
    if not body.person_id and not body.roles:
        raise Invalid.field("roles", "a user without a person record needs at least one role")
    user_id = store.create_login(body.email, ctx.tenant_id, password=None, locale=body.locale)
    member = Member(user_id=user_id, email=body.email, name=name, person_id=body.person_id,
                    roles=sorted(set(body.roles)), locale=body.locale)
    try:
        changes = Changes()
        if body.person_id:
            changes.claim(*org_store.unique_key(ctx.tenant_id, "LOGIN", body.person_id))
        store.add_member(changes, ctx.tenant_id, member, new=True)
        audit.record(changes, ctx, "invite", "member", user_id, None, member.model_dump(mode="json"))
        changes.commit()
    except Exception:
        store.delete_login(body.email)
        raise
    return member.model_copy(update={"version": 1})


def update_roles(ctx: RequestContext, user_id: str, body: RolesUpdate) -> Member:
    before = store.get_member(ctx.tenant_id, user_id)
    _check_grant(ctx, set(body.roles) ^ set(before.roles))
    if user_id == ctx.user_id and Role.ADMIN in before.roles and Role.ADMIN not in body.roles:
        raise Conflict("you cannot remove your own admin role; ask another admin")
    after = before.model_copy(update={"roles": sorted(set(body.roles)), "version": body.version})
    changes = Changes()
    store.add_member(changes, ctx.tenant_id, after, new=False)
    audit.record(changes, ctx, "roles", "member", user_id, before.model_dump(mode="json"),
                 after.model_dump(mode="json"))
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


def list_members(ctx: RequestContext, query: MembersQuery) -> MemberList:
    page = store.members_page(ctx.tenant_id, page_request(ctx.tenant_id, "tenancy.users", query))
    return MemberList(items=page.items, next_cursor=page.next_cursor)


def me(ctx: RequestContext) -> Me:
    tenant = store.get_tenant(ctx.tenant_id)
    member = store.get_member(ctx.tenant_id, ctx.user_id)
    return Me(tenant_id=ctx.tenant_id, tenant_name=tenant["name"], user_id=ctx.user_id,
              person_id=ctx.person_id or None, name=member.name, email=member.email,
              roles=sorted(ctx.roles), managed_unit_ids=list(ctx.managed_unit_ids), locale=ctx.locale)


def client_config(cfg: Settings) -> ClientConfig:
    return ClientConfig(region=cfg.region, user_pool_id=cfg.user_pool_id, client_id=cfg.app_client_id,
                        cognito_endpoint=cfg.cognito_endpoint)


def _check_grant(ctx: RequestContext, roles: set[Role]) -> None:
    allowed: set[Role] = set()
    for role in ctx.roles:
        allowed |= GRANTABLE.get(role, set())
    derived = roles & {Role.MANAGER, Role.EMPLOYEE}
    if derived:
        raise Invalid.field("roles", "manager and employee follow from the org chart and are not granted")
    refused = roles - allowed
    if refused:
        raise Forbidden("you may not grant " + ", ".join(sorted(refused)),
                        [{"field": "roles", "message": "not grantable by you"}])
