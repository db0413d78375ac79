"""Sign-up of a company, invitations, roles, and the caller's own profile."""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from email.utils import formataddr

from chalicelib.core import audit, clock, gateway
from chalicelib.core.context import RequestContext, Role
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Forbidden, Invalid
from chalicelib.core.ids import new_id
from chalicelib.core.messages import text
from chalicelib.core.observability import logger
from chalicelib.core.paging import page_request
from chalicelib.core.settings import Settings, settings
from chalicelib.org import service as org
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person
from chalicelib.reminders import store as mail
from chalicelib.tenancy import store
from chalicelib.tenancy.schemas import (
    PRIVACY_POLICY_VERSION,
    ClientConfig,
    Consent,
    ConsentInput,
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
    Role.ADMIN: {Role.ADMIN, Role.HR, Role.EXECUTIVE, Role.PAYROLL},
    Role.HR: {Role.HR, Role.EXECUTIVE},
}


def sign_up(body: SignUp) -> SignUpResult:
    """A new company: its tenant, company unit, the founder as person and admin+HR member.

    The founder's Cognito login is created first (it yields the user id); if the records then
    cannot be written, the login is deleted again so nothing is left half-made.
    """
    consent = _consent(body.privacy_policy_version)
    tenant_id = new_id()
    try:
        user_id = store.create_login(
            body.admin_email, tenant_id, password=body.password, locale=body.locale, field="admin_email"
        )
    except store.LoginExists:
        raise Conflict.field("admin_email", "account.email_taken") from None
    try:
        # After the login (so a taken email costs no API key), before the records (so a tenant
        # never exists without the usage key its every request is metered by).
        store.add_usage_key(tenant_id, gateway.DEFAULT_TIER)
        person_id = new_id()
        ctx = RequestContext(
            tenant_id=tenant_id,
            user_id=user_id,
            person_id=person_id,
            roles=frozenset(FOUNDER_ROLES),
            locale=body.locale,
        )
        changes = Changes()
        store.add_tenant(
            changes,
            tenant_id,
            {
                "name": body.company_name,
                "industry": body.industry,
                "status": "active",
                "locale": body.locale,
                "plan": gateway.DEFAULT_TIER,
            },
        )
        root = org.create_root_unit(changes, ctx, body.company_name)
        founder = Person(
            person_id=person_id, name=body.admin_name, email=body.admin_email, employee_no="0001", unit_id=root.unit_id
        )
        org.add_new_person(changes, ctx, founder, root.path)
        member = Member(
            user_id=user_id,
            email=body.admin_email,
            name=body.admin_name,
            person_id=person_id,
            roles=FOUNDER_ROLES,
            locale=body.locale,
            privacy_consent=consent,
        )
        store.add_member(changes, tenant_id, member, new=True)
        audit.record(changes, ctx, "consent", "member", user_id, None, {"privacy_consent": consent.model_dump()})
        changes.commit()
    except Exception:
        store.delete_login(body.admin_email)
        store.remove_usage_key(tenant_id)
        raise
    return SignUpResult(tenant_id=tenant_id, admin_email=body.admin_email)


def ensure_usage_keys() -> list[str]:
    """Give every tenant whose key is missing from its tier's usage plan its key; returns those tenants.

    Run by infra/deploy.sh after the API stack (tenants created before throttling existed, or a
    stage rebuilt) and by the local run at start (moto keeps no API keys across restarts).
    """
    tiers = store.tenant_tiers()
    registered = {tier: store.usage_key_values(tier) for tier in set(tiers.values())}
    stage = settings().stage
    missing = [t for t, tier in tiers.items() if gateway.usage_key(stage, t) not in registered[tier]]
    for tenant_id in missing:
        store.add_usage_key(tenant_id, tiers[tenant_id])
    return missing


def invite(ctx: RequestContext, body: Invitation) -> Member:
    _check_grant(ctx, set(body.roles))
    name = body.name
    if body.person_id:
        person = org_store.find_person(ctx.tenant_id, body.person_id)
        if person is None:
            raise Invalid.field("person_id", "person.not_found")
        name = name or person.name
    if not body.person_id and not body.roles:
        raise Invalid.field("roles", "member.role_required")
    elsewhere = False
    try:
        user_id = store.create_login(body.email, ctx.tenant_id, password=None, locale=body.locale)
    except store.LoginExists:
        if store.login_tenant(body.email) == ctx.tenant_id:
            raise Conflict.field("email", "member.already_member") from None
        # The address belongs to another company. Saying so would let any admin probe who is a
        # customer: the inviter gets the same answer as for a new address and an invitation that
        # is never accepted; the address owner is told by mail how to join (another address).
        user_id, elsewhere = str(uuid.uuid4()), True
    member = Member(
        user_id=user_id,
        email=body.email,
        name=name,
        person_id=body.person_id,
        roles=sorted(set(body.roles)),
        locale=body.locale,
    )
    try:
        changes = Changes()
        if body.person_id:
            changes.claim(*org_store.unique_key(ctx.tenant_id, "LOGIN", body.person_id))
        store.add_member(changes, ctx.tenant_id, member, new=True)
        audit.record(changes, ctx, "invite", "member", user_id, None, member.model_dump(mode="json"))
        changes.commit()
    except Exception:
        if not elsewhere:
            store.delete_login(body.email)
        raise
    if elsewhere:
        _tell_the_address_owner(ctx, body.email, body.locale)
    return member.model_copy(update={"version": 1})


def _tell_the_address_owner(ctx: RequestContext, email: str, locale: str) -> None:
    """A note to someone invited with an address already used at another company (best effort)."""
    company = store.get_tenant(ctx.tenant_id).get("name", "")
    if locale == "en":
        subject = "An invitation to Luodi you cannot accept with this address"
        text = (
            f"{company} invited {email} to Luodi, but this address already signs in to Luodi for another "
            "company. To join them, ask them to invite another address of yours."
        )
    else:
        subject = "你收到了一个需要更换邮箱才能接受的落地邀请"
        text = (
            f"{company} 邀请 {email} 加入落地，但这个邮箱已经用于另一家公司的落地账号。"
            "如需加入，请让对方用你的其他邮箱重新邀请。"
        )
    msg = EmailMessage()
    msg["From"] = formataddr(("落地 Luodi", settings().mail_sender))
    msg["To"] = email
    msg["Subject"] = subject
    msg.set_content(text)
    try:
        mail.send_raw_email(settings().mail_sender, email, msg.as_bytes(), {"kind": "invitation_clash"})
    except mail.MailRejected:
        logger.warning("invitation clash notice not sent", extra={"tenant_id": ctx.tenant_id})


def update_roles(ctx: RequestContext, user_id: str, body: RolesUpdate) -> Member:
    before = store.get_member(ctx.tenant_id, user_id)
    _check_grant(ctx, set(body.roles) ^ set(before.roles))
    if user_id == ctx.user_id and Role.ADMIN in before.roles and Role.ADMIN not in body.roles:
        raise Conflict.field("roles", "member.own_admin_role")
    after = before.model_copy(update={"roles": sorted(set(body.roles)), "version": body.version})
    changes = Changes()
    store.add_member(changes, ctx.tenant_id, after, new=False)
    audit.record(
        changes, ctx, "roles", "member", user_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


def list_members(ctx: RequestContext, query: MembersQuery) -> MemberList:
    page = store.members_page(ctx.tenant_id, page_request(ctx.tenant_id, "tenancy.users", query))
    return MemberList(items=page.items, next_cursor=page.next_cursor)


def me(ctx: RequestContext) -> Me:
    tenant = store.get_tenant(ctx.tenant_id)
    member = store.get_member(ctx.tenant_id, ctx.user_id)
    return Me(
        tenant_id=ctx.tenant_id,
        tenant_name=tenant["name"],
        user_id=ctx.user_id,
        person_id=ctx.person_id or None,
        name=member.name,
        email=member.email,
        roles=sorted(ctx.roles),
        managed_unit_ids=list(ctx.managed_unit_ids),
        locale=ctx.locale,
        privacy_consent=member.privacy_consent,
    )


def _consent(version: str) -> Consent:
    """Consent to the policy the person was shown: an outdated page (an old tab) must be read again."""
    if version != PRIVACY_POLICY_VERSION:
        raise Invalid.field("privacy_policy_version", "privacy.version_outdated", current=PRIVACY_POLICY_VERSION)
    return Consent(version=version, accepted_at=clock.iso_now())


def record_consent(ctx: RequestContext, body: ConsentInput) -> Me:
    """The caller agrees to the privacy policy (an invited person, on accepting; anyone, after a new version).
    Kept on their member record with one audit entry; agreeing again to the same version changes nothing."""
    consent = _consent(body.privacy_policy_version)
    before = store.get_member(ctx.tenant_id, ctx.user_id)
    if before.privacy_consent is None or before.privacy_consent.version != consent.version:
        after = before.model_copy(update={"privacy_consent": consent})
        changes = Changes()
        store.add_member(changes, ctx.tenant_id, after, new=False)
        audit.record(
            changes,
            ctx,
            "consent",
            "member",
            ctx.user_id,
            {"privacy_consent": before.privacy_consent.model_dump() if before.privacy_consent else None},
            {"privacy_consent": consent.model_dump()},
        )
        changes.commit()
    return me(ctx)


def client_config(cfg: Settings) -> ClientConfig:
    return ClientConfig(
        region=cfg.region,
        user_pool_id=cfg.user_pool_id,
        client_id=cfg.app_client_id,
        cognito_endpoint=cfg.cognito_endpoint,
    )


def _check_grant(ctx: RequestContext, roles: set[Role]) -> None:
    allowed: set[Role] = set()
    for role in ctx.roles:
        allowed |= GRANTABLE.get(role, set())
    derived = roles & {Role.MANAGER, Role.EMPLOYEE}
    if derived:
        raise Invalid.field("roles", "member.derived_roles")
    refused = roles - allowed
    if refused:
        raise Forbidden.field("roles", "member.grant_refused", roles=[text(f"role.name.{r}") for r in sorted(refused)])
