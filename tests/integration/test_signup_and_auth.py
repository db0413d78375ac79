"""Sign-up, sign-in and the JWT check on every protected route."""

from __future__ import annotations

import jwt

from chalicelib.tenancy.schemas import PRIVACY_POLICY_VERSION
from tests.support.world import login, sign_up


def test_health_answers_without_a_token(api):
    reply = api.get("/health")
    assert reply.status == 200
    assert reply.body["status"] == "ok"


def test_signup_creates_a_company_whose_founder_is_admin_and_hr(api):
    company = sign_up(api, "示例金融")
    me = company.admin.get("/me")
    assert me.status == 200
    assert me.body["tenant_name"] == "示例金融"
    assert {"admin", "hr", "employee"} <= set(me.body["roles"])


def test_signup_with_a_weak_password_names_the_field(api):
    reply = api.post("/signup", {"company_name": "X公司", "admin_name": "张三", "admin_email": "a@b.test",
                                 "password": "short", "privacy_policy_version": PRIVACY_POLICY_VERSION})
    assert reply.status == 400
    assert reply.error_fields == ["password"]


def test_signup_twice_with_the_same_email_conflicts(api):
    sign_up(api, email="same@example.test")
    reply = api.post("/signup", {"company_name": "Another", "admin_name": "李四", "admin_email": "same@example.test",
                                 "password": "Abcdefg-1234", "privacy_policy_version": PRIVACY_POLICY_VERSION})
    assert reply.status == 409


def test_protected_route_without_token_is_401(api):
    assert api.get("/me").status == 401


def test_forged_unsigned_token_is_refused(api):
    company = sign_up(api)
    claims = jwt.decode(company.admin_token, options={"verify_signature": False})
    forged = jwt.encode(claims, key="", algorithm="none")
    assert api.as_(forged).get("/me").status == 403


def test_token_signed_with_another_key_is_refused(api):
    from cryptography.hazmat.primitives.asymmetric import rsa

    company = sign_up(api)
    claims = jwt.decode(company.admin_token, options={"verify_signature": False})
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "dummy"})
    assert api.as_(forged).get("/me").status == 403


def test_a_non_jwt_header_is_refused_not_crashing(api):
    assert api.as_("not-a-jwt").get("/me").status == 403


def test_user_removed_from_tenant_records_cannot_call_the_api(api):
    company = sign_up(api)
    from chalicelib.core.db import Changes
    from chalicelib.tenancy import store

    member = store.find_member(company.tenant_id, api.as_(company.admin_token).get("/me").body["user_id"])
    Changes().delete(store.MemberItem(*store.member_key(company.tenant_id, member.user_id),
                                      version=member.version)).commit()
    assert company.admin.get("/me").status == 403


def test_a_signed_in_founder_can_sign_in_again(api):
    company = sign_up(api)
    assert login(company.admin_email)
