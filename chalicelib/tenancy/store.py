"""Tenant records, memberships and the Cognito user pool.

The tenant item is the one item also indexed outside its tenant: GSI1 ``PLATFORM#TENANTS`` lists
tenant ids for the scheduled jobs that fan out per tenant (it holds id, name and status only).
"""

from __future__ import annotations

import secrets
import string
from functools import lru_cache
from typing import Any

import boto3
from botocore.exceptions import ClientError

from chalicelib.core.db import Changes, Item, find, get, query, query_page, tenant_key
from chalicelib.core.errors import Conflict
from chalicelib.core.members import MemberItem, member_key
from chalicelib.core.paging import Page, PageRequest
from chalicelib.core.settings import settings
from chalicelib.tenancy.schemas import Member

PLATFORM_TENANTS = "PLATFORM#TENANTS"


class TenantItem(Item, discriminator="tenant"):
    pass


def tenant_item_key(tenant_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), "TENANT"


def add_tenant(changes: Changes, tenant_id: str, data: dict[str, Any]) -> None:
    changes.create(TenantItem(*tenant_item_key(tenant_id), GSI1PK=PLATFORM_TENANTS, GSI1SK=tenant_id,
                              data={"tenant_id": tenant_id, **data}))


def get_tenant(tenant_id: str) -> dict[str, Any]:
    return get(TenantItem, *tenant_item_key(tenant_id)).payload()


def list_tenant_ids() -> list[str]:
    """For scheduled fan-out only; never called on a request path."""
    return [i.payload()["tenant_id"] for i in query(TenantItem, PLATFORM_TENANTS, index="GSI1")]


def add_member(changes: Changes, tenant_id: str, member: Member, *, new: bool) -> None:
    item = MemberItem(*member_key(tenant_id, member.user_id), data=member.model_dump(mode="json", exclude={"version"}))
    item.at_version(member.version)
    (changes.create if new else changes.save)(item)


def find_member(tenant_id: str, user_id: str) -> Member | None:
    item = find(MemberItem, *member_key(tenant_id, user_id))
    return Member.model_validate(item.payload()) if item else None


def get_member(tenant_id: str, user_id: str) -> Member:
    return Member.model_validate(get(MemberItem, *member_key(tenant_id, user_id)).payload())


def list_members(tenant_id: str) -> list[Member]:
    pk, _ = member_key(tenant_id, "")
    return [Member.model_validate(i.payload()) for i in query(MemberItem, pk, "MEMBER#")]


def members_page(tenant_id: str, page: PageRequest) -> Page[Member]:
    pk, _ = member_key(tenant_id, "")
    return query_page(MemberItem, pk, "MEMBER#", page=page, convert=lambda i: Member.model_validate(i.payload()))


# ---- Cognito ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _cognito() -> Any:
    return boto3.client("cognito-idp", region_name=settings().region)


def create_login(email: str, tenant_id: str, *, password: str | None, locale: str) -> str:
    """Create the Cognito user carrying the tenant claim; returns its ``sub``.

    With a password (company sign-up) the user can sign in at once; without one (invitation)
    Cognito sends a temporary password and asks for a new one at first sign-in.
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
        if exc.response["Error"]["Code"] == "UsernameExistsException":
            raise Conflict("this email already has a Luodi account",
                           [{"field": "email", "message": "already registered"}]) from None
        raise
    if password:
        _cognito().admin_set_user_password(UserPoolId=settings().user_pool_id, Username=email,
                                           Password=password, Permanent=True)
    return next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub")


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
