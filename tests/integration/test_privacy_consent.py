"""Consent to the privacy policy (PIPL): given at sign-up and when an invited person first signs in,
kept on the member with the policy's version and time, audited."""

from __future__ import annotations

from chalicelib.tenancy.schemas import PRIVACY_POLICY_VERSION
from tests.support.world import PASSWORD, sign_up

SIGNUP = {"company_name": "隐私示例公司", "admin_name": "张三", "admin_email": "consent@example.test",
          "password": PASSWORD}


def consent_entries(company, user_id: str) -> list[dict]:
    log = company.admin.get("/audit", entity_kind="member", entity_id=user_id).body["items"]
    return [e for e in log if e["action"] == "consent"]


def test_given_no_consent_when_signing_up_then_400_names_the_field(api):
    reply = api.post("/signup", SIGNUP)

    assert reply.status == 400
    assert reply.error_fields == ["privacy_policy_version"]


def test_given_an_outdated_policy_version_when_signing_up_then_400_names_the_field(api):
    reply = api.post("/signup", {**SIGNUP, "privacy_policy_version": "2020-01-01"})

    assert reply.status == 400
    assert reply.error_fields == ["privacy_policy_version"]
    assert reply.body["error"]["details"][0]["code"] == "privacy.version_outdated"


def test_given_the_current_version_when_signing_up_then_the_founder_consent_is_recorded_and_audited(api):
    company = sign_up(api)

    me = company.admin.get("/me").body

    assert me["privacy_consent"]["version"] == PRIVACY_POLICY_VERSION
    assert me["privacy_consent"]["accepted_at"]
    assert me["privacy_policy_version"] == PRIVACY_POLICY_VERSION
    [entry] = consent_entries(company, me["user_id"])
    assert entry["after"]["privacy_consent"]["version"] == PRIVACY_POLICY_VERSION


def test_the_config_names_the_current_policy_version(api):
    assert api.get("/config").body["privacy_policy_version"] == PRIVACY_POLICY_VERSION


def test_given_an_invited_user_when_they_agree_then_the_consent_is_on_their_member_once(api):
    company = sign_up(api)
    token = company.user("invitee", ["executive"])
    invitee = company.api.as_(token)
    assert invitee.get("/me").body["privacy_consent"] is None

    first = invitee.post("/me/privacy-consent", {"privacy_policy_version": PRIVACY_POLICY_VERSION})
    again = invitee.post("/me/privacy-consent", {"privacy_policy_version": PRIVACY_POLICY_VERSION})

    assert first.status == again.status == 200, first.body
    assert first.body["privacy_consent"]["version"] == PRIVACY_POLICY_VERSION
    assert again.body["privacy_consent"] == first.body["privacy_consent"]
    members = company.admin.get("/users").body["items"]
    [member] = [m for m in members if m["user_id"] == first.body["user_id"]]
    assert member["privacy_consent"]["version"] == PRIVACY_POLICY_VERSION
    assert len(consent_entries(company, first.body["user_id"])) == 1


def test_given_an_outdated_version_when_agreeing_then_400_and_nothing_recorded(api):
    company = sign_up(api)
    invitee = company.api.as_(company.user("late", ["executive"]))

    reply = invitee.post("/me/privacy-consent", {"privacy_policy_version": "2020-01-01"})

    assert reply.status == 400
    assert reply.error_fields == ["privacy_policy_version"]
    assert invitee.get("/me").body["privacy_consent"] is None
