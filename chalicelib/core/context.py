"""Who is calling: the tenant, the user, their person record and roles.

Built by the JWT authorizer (``core.auth``) and handed to routes; services take it as their
first argument and never look anywhere else for the tenant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    HR = "hr"
    EXECUTIVE = "executive"
    MANAGER = "manager"
    EMPLOYEE = "employee"
    PAYROLL = "payroll"
    """薪酬专员: sees and runs salaries. Granted by an admin only; HR generalists do not hold it."""


ALL_ROLES = frozenset(Role)
# Commonly used groups, so routes read as policy.
ANYONE = ALL_ROLES
HR_ADMIN = frozenset({Role.HR, Role.ADMIN})
ADMIN_ONLY = frozenset({Role.ADMIN})
LEADERS = frozenset({Role.HR, Role.ADMIN, Role.EXECUTIVE, Role.MANAGER})
OVERSEERS = frozenset({Role.HR, Role.ADMIN, Role.EXECUTIVE})
PAYROLL_ADMIN = frozenset({Role.PAYROLL, Role.ADMIN})


@dataclass(frozen=True)
class RequestContext:
    tenant_id: str
    user_id: str
    person_id: str = ""
    roles: frozenset[Role] = field(default_factory=frozenset)
    managed_unit_ids: tuple[str, ...] = ()
    locale: str = "zh-CN"

    def has_any(self, roles: frozenset[Role] | set[Role]) -> bool:
        return bool(self.roles & set(roles))

    @property
    def sees_whole_company(self) -> bool:
        """HR, admins and executives see every unit; managers their subtree; employees themselves."""
        return self.has_any(OVERSEERS)

    def to_authorizer_context(self) -> dict[str, str]:
        """API Gateway authorizer context values must be strings."""
        return {
            "tenant_id": self.tenant_id,
            "user_id": self.user_id,
            "person_id": self.person_id,
            "roles": ",".join(sorted(self.roles)),
            "managed_unit_ids": ",".join(self.managed_unit_ids),
            "locale": self.locale,
        }

    @classmethod
    def from_authorizer_context(cls, data: dict[str, str]) -> RequestContext:
        roles = frozenset(Role(r) for r in (data.get("roles") or "").split(",") if r in Role._value2member_map_)
        units = tuple(u for u in (data.get("managed_unit_ids") or "").split(",") if u)
        return cls(
            tenant_id=data["tenant_id"],
            user_id=data["user_id"],
            person_id=data.get("person_id", ""),
            roles=roles,
            managed_unit_ids=units,
            locale=data.get("locale") or "zh-CN",
        )
