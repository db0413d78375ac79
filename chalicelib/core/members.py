"""Membership: which tenant user (Cognito ``sub``) is which person, and which roles they hold.

Roles come from here, never from the token. ``manager`` is derived: whoever heads an org unit
manages its subtree (the org domain indexes unit heads on GSI2 for this lookup).
"""

from __future__ import annotations

from typing import Any

from chalicelib.core.context import RequestContext, Role
from chalicelib.core.db import Item, find, query, tenant_key


class MemberItem(Item, discriminator="member"):
    pass


def member_key(tenant_id: str, user_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"MEMBER#{user_id}"


def unit_head_pk(tenant_id: str, person_id: str) -> str:
    """GSI2 partition listing the units a person heads (written by the org store)."""
    return tenant_key(tenant_id, "HEAD", person_id)


def load_member(tenant_id: str, user_id: str) -> dict[str, Any] | None:
    item = find(MemberItem, *member_key(tenant_id, user_id))
    return item.payload() if item else None


def managed_units(tenant_id: str, person_id: str) -> list[str]:
    if not person_id:
        return []
    return [
        i.payload()["unit_id"]
        for i in query(Item, unit_head_pk(tenant_id, person_id), index="GSI2")
        if i.payload().get("status", "active") == "active"
    ]


def context_for(tenant_id: str, user_id: str) -> RequestContext | None:
    """The caller's context, or None when the user is not an active member of the tenant."""
    member = load_member(tenant_id, user_id)
    if not member or member.get("status", "active") != "active":
        return None
    person_id = member.get("person_id") or ""
    roles = {Role(r) for r in member.get("roles", []) if r in Role._value2member_map_}
    units = managed_units(tenant_id, person_id)
    if units:
        roles.add(Role.MANAGER)
    if person_id:
        roles.add(Role.EMPLOYEE)
    return RequestContext(
        tenant_id=tenant_id,
        user_id=user_id,
        person_id=person_id,
        roles=frozenset(roles),
        managed_unit_ids=tuple(units),
        locale=member.get("locale") or "zh-CN",
    )
