"""Tenant records, memberships, the Cognito user pool and the tenants' API Gateway usage keys.

The tenant item is the one item also indexed outside its tenant: GSI1 ``PLATFORM#TENANTS`` lists
tenant ids for the scheduled jobs that fan out per tenant (it holds id, name and status only).
"""

from __future__ import annotations

import secrets
import string
from functools import lru_cache
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.core import gateway
from chalicelib.core.db import Changes, Item, find, get, load, load_all, query, query_page, stored, tenant_key, try_load
from chalicelib.core.errors import Invalid
from chalicelib.core.members import MemberItem, member_key
from chalicelib.core.observability import logger
from chalicelib.core.paging import Page, PageRequest
from chalicelib.core.settings import settings
from chalicelib.tenancy.schemas import Member

PLATFORM_TENANTS = "PLATFORM#TENANTS"


class TenantItem(Item, discriminator="tenant"):
    pass


def tenant_item_key(tenant_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), "TENANT"


def add_tenant(changes: Changes, tenant_id: str, data: dict[str, Any]) -> None:
    changes.create(
        TenantItem(
            *tenant_item_key(tenant_id),
            GSI1PK=PLATFORM_TENANTS,
            GSI1SK=tenant_id,
            data={"tenant_id": tenant_id, **data},
        )
    )


def get_tenant(tenant_id: str) -> dict[str, Any]:
    return get(TenantItem, *tenant_item_key(tenant_id)).payload()


def list_tenant_ids() -> list[str]:
    """For scheduled fan-out only; never called on a request path."""
    return [i.payload()["tenant_id"] for i in query(TenantItem, PLATFORM_TENANTS, index="GSI1")]


def tenant_tiers() -> dict[str, str]:
    """Every tenant's throttling tier (for the usage-key repair only; never on a request path)."""
    return {
        i.payload()["tenant_id"]: str(i.payload().get("plan") or gateway.DEFAULT_TIER)
        for i in query(TenantItem, PLATFORM_TENANTS, index="GSI1")
    }


def add_member(changes: Changes, tenant_id: str, member: Member, *, new: bool) -> None:
    item = MemberItem(*member_key(tenant_id, member.user_id), data=stored(member))
    item.at_version(member.version)
    (changes.create if new else changes.save)(item)


def find_member(tenant_id: str, user_id: str) -> Member | None:
    item = find(MemberItem, *member_key(tenant_id, user_id))
    return load(Member, item) if item else None


def get_member(tenant_id: str, user_id: str) -> Member:
    return load(Member, get(MemberItem, *member_key(tenant_id, user_id)))


def list_members(tenant_id: str) -> list[Member]:
    pk, _ = member_key(tenant_id, "")
    return load_all(Member, query(MemberItem, pk, "MEMBER#"))


def members_page(tenant_id: str, page: PageRequest) -> Page[Member]:
    pk, _ = member_key(tenant_id, "")
    return query_page(MemberItem, pk, "MEMBER#", page=page, convert=lambda i: try_load(Member, i))


# ---- Cognito ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _cognito() -> Any:
    import boto3  # here, not at import: boto3 (with s3transfer) is for sign-up and user management only

    return boto3.client("cognito-idp", region_name=settings().region)


def create_login(email: str, tenant_id: str, *, password: str | None, locale: str, field: str = "email") -> str:
    """Create the Cognito user carrying the tenant claim; returns its ``sub``.

    With a password (company sign-up) the user can sign in at once; without one (invitation)
    Cognito sends a temporary password and asks for a new one at first sign-in. ``field`` names
    the input that carried the address, for the 400 when Cognito refuses it.
    """
    kwargs: dict[str, Any] = {
        "UserPoolId": settings().user_pool_id,
        "Username": email,
        "UserAttributes": [
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:tenant", "Value": tenant_id},
            {"Name": "locale", "Value": locale},
        ],
        "DesiredDeliveryMediums": ["EMAIL"],
    }
    if password:
        kwargs["MessageAction"] = "SUPPRESS"
    else:
        kwargs["TemporaryPassword"] = _temporary_password()
    try:
        user = _cognito().admin_create_user(**kwargs)["User"]
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if code == "UsernameExistsException":
            raise LoginExists(email) from None
        if code in ("InvalidParameterException", "CodeDeliveryFailureException", "UnsupportedUserStateException"):
            # Cognito's own address check is stricter than ours (e.g. ``a@b.c#x``).
            raise Invalid.field(field, "account.email_undeliverable") from None
        raise
    if password:
        try:
            _cognito().admin_set_user_password(
                UserPoolId=settings().user_pool_id, Username=email, Password=password, Permanent=True
            )
        except ClientError as exc:
            delete_login(email)
            if exc.response["Error"]["Code"] == "InvalidPasswordException":
                raise Invalid.field("password", "password.refused") from None
            raise
    return next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub")


class LoginExists(Exception):
    """The address already signs in to Luodi (in this company or another)."""


def login_tenant(email: str) -> str | None:
    """The company an existing login belongs to (None when there is no such login)."""
    try:
        user = _cognito().admin_get_user(UserPoolId=settings().user_pool_id, Username=email)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "UserNotFoundException":
            return None
        raise
    return next((a["Value"] for a in user.get("UserAttributes", []) if a["Name"] == "custom:tenant"), None)


def delete_login(email: str) -> None:
    """Undo :func:`create_login` when the tenant's records could not be written."""
    try:
        _cognito().admin_delete_user(UserPoolId=settings().user_pool_id, Username=email)
    except ClientError:
        pass


def set_login_enabled(email: str, enabled: bool) -> None:
    op = _cognito().admin_enable_user if enabled else _cognito().admin_disable_user
    op(UserPoolId=settings().user_pool_id, Username=email)


def _temporary_password() -> str:
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"Lu{core}9a!"


# ---- API Gateway usage keys ---------------------------------------------------------------------
# One API key per tenant, in the usage plan of its tier (infra/api_gateway.py creates the plans).
# Control-plane calls: sign-up and the repair run only, never a request path.


@lru_cache(maxsize=1)
def _apigateway() -> Any:
    import boto3

    return boto3.client("apigateway", region_name=settings().region)


@lru_cache(maxsize=8)
def _usage_plan_id(tier: str) -> str:
    name = gateway.plan_name(settings().stage, tier)
    for page in _apigateway().get_paginator("get_usage_plans").paginate():
        for plan in page["items"]:
            if plan["name"] == name:
                return str(plan["id"])
    raise RuntimeError(f"no API Gateway usage plan named {name}: deploy infra/ (or start the local run) first")


def add_usage_key(tenant_id: str, tier: str) -> None:
    """Create the tenant's API key and put it in its tier's usage plan; idempotent."""
    stage = settings().stage
    name = gateway.usage_key_name(stage, tenant_id)
    try:
        key_id = _apigateway().create_api_key(
            name=name,
            value=gateway.usage_key(stage, tenant_id),
            enabled=True,
            description="usage key of one tenant (throttling)",
        )["id"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConflictException":
            raise
        key_id = _key_id(name)
    try:
        _apigateway().create_usage_plan_key(usagePlanId=_usage_plan_id(tier), keyId=key_id, keyType="API_KEY")
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConflictException":
            raise


def remove_usage_key(tenant_id: str) -> None:
    """Undo :func:`add_usage_key` when sign-up fails later; best effort (an orphan key is harmless)."""
    try:
        key_id = _key_id(gateway.usage_key_name(settings().stage, tenant_id))
        _apigateway().delete_api_key(apiKey=key_id)
    except (ClientError, LookupError):
        logger.warning("usage key not removed", extra={"tenant_id": tenant_id})


def usage_key_values(tier: str) -> set[str]:
    """The key values in the tier's usage plan (500 per call: 20 calls for 10,000 tenants)."""
    pages = (
        _apigateway()
        .get_paginator("get_usage_plan_keys")
        .paginate(usagePlanId=_usage_plan_id(tier), PaginationConfig={"PageSize": 500})
    )
    return {key["value"] for page in pages for key in page["items"]}


def _key_id(name: str) -> str:
    for page in _apigateway().get_paginator("get_api_keys").paginate(nameQuery=name):
        for key in page["items"]:
            if key["name"] == name:
                return str(key["id"])
    raise LookupError(name)
