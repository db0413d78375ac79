"""Fixture factories: companies, people and signed-in users, built through the real API."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import boto3

from chalicelib.core.settings import settings
from chalicelib.tenancy.schemas import PRIVACY_POLICY_VERSION
from tests.support.api import Api

PASSWORD = "Luodi-Test-2026"
_seq = itertools.count(1)


def login(email: str, password: str = PASSWORD) -> str:
    """A real Cognito (moto) ID token for the user."""
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    result = idp.initiate_auth(ClientId=settings().app_client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": email, "PASSWORD": password})
    return result["AuthenticationResult"]["IdToken"]


@dataclass
class Company:
    api: Api
    tenant_id: str
    root_unit_id: str
    admin_email: str
    admin_token: str
    tokens: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)  # label -> person_id
    units: dict[str, str] = field(default_factory=dict)  # code -> unit_id

    @property
    def admin(self) -> Api:
        return self.api.as_(self.admin_token)

    def as_(self, label: str) -> Api:
        return self.api.as_(self.tokens[label])

    def unit(self, code: str, name: str, parent_code: str | None = None, head: str | None = None) -> str:
        body = {"code": code, "name": name, "parent_id": self.units.get(parent_code or "", self.root_unit_id),
                "kind": "department" if parent_code is None else "team"}
        if head:
            body["head_person_id"] = self.people[head]
        reply = self.admin.post("/org/units", body)
        assert reply.status == 201, reply.body
        self.units[code] = reply.body["unit_id"]
        return reply.body["unit_id"]

    def person(self, label: str, name: str, unit_code: str | None = None, **extra: str) -> str:
        n = next(_seq)
        body = {"name": name, "email": f"{label}.{n}@{self.tenant_id}.test", "employee_no": f"E{n:05d}",
                "unit_id": self.units[unit_code] if unit_code else self.root_unit_id, **extra}
        reply = self.admin.post("/org/people", body)
        assert reply.status == 201, reply.body
        self.people[label] = reply.body["person_id"]
        return reply.body["person_id"]

    def user(self, label: str, roles: list[str] | None = None, person: str | None = None) -> str:
        """Invite a user (optionally linked to a person), give them a password, sign them in."""
        email = f"user-{label}-{next(_seq)}@{self.tenant_id}.test"
        body: dict[str, object] = {"email": email, "roles": roles or [], "name": label}
        if person:
            body["person_id"] = self.people[person]
        reply = self.admin.post("/users/invitations", body)
        assert reply.status == 201, reply.body
        boto3.client("cognito-idp", region_name="us-east-1").admin_set_user_password(
            UserPoolId=settings().user_pool_id, Username=email, Password=PASSWORD, Permanent=True)
        self.tokens[label] = login(email)
        return self.tokens[label]

    def head(self, unit_code: str, person_label: str) -> None:
        unit = self.admin.get(f"/org/units/{self.units[unit_code]}").body
        reply = self.admin.patch(f"/org/units/{unit['unit_id']}",
                                 {"version": unit["version"], "head_person_id": self.people[person_label]})
        assert reply.status == 200, reply.body


def sign_up(api: Api, name: str = "示例金融科技有限公司", email: str | None = None) -> Company:
    email = email or f"founder-{next(_seq)}@example.test"
    reply = api.post("/signup", {"company_name": name, "admin_name": "王芳", "admin_email": email,
                                 "password": PASSWORD, "privacy_policy_version": PRIVACY_POLICY_VERSION})
    assert reply.status == 201, reply.body
    token = login(email)
    me = api.as_(token).get("/me").body
    units = api.as_(token).get("/org/units").body["items"]
    company = Company(api=api, tenant_id=reply.body["tenant_id"], root_unit_id=units[0]["unit_id"],
                      admin_email=email, admin_token=token)
    company.people["founder"] = me["person_id"]
    company.tokens["admin"] = token
    return company


def staffed_company(api: Api, name: str = "示例金融科技有限公司") -> Company:
    """A company with one user per role: admin(+hr), hr, executive, sales manager, employees."""
    company = sign_up(api, name)
    company.person("sales_head", "李强")
    company.unit("SALES", "销售部", head="sales_head")
    company.unit("TECH", "技术部")
    company.person("tech_head", "赵磊", "TECH")
    company.head("TECH", "tech_head")
    company.person("seller", "陈静", "SALES", manager_id=company.people["sales_head"])
    company.person("engineer", "刘洋", "TECH", manager_id=company.people["tech_head"])
    company.person("hr_staff", "孙丽")
    company.user("hr", ["hr"], person="hr_staff")
    company.user("executive", ["executive"])
    company.user("manager", person="sales_head")
    company.user("tech_manager", person="tech_head")
    company.user("employee", person="seller")
    company.user("engineer", person="engineer")
    return company
