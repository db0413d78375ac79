"""Reminder settings: personal preferences, units' group robots (HR), the public unsubscribe link."""

from __future__ import annotations

import pytest

from chalicelib.reminders import service
from tests.support.collab_sources import module_world

DING = "https://oapi.dingtalk.com/robot/send?access_token=secret-token-123"


@pytest.fixture(scope="module")
def company():
    with module_world() as [company]:
        yield company


def test_preferences_default_to_the_digest_on_in_the_members_language(company):
    prefs = company.as_("engineer").get("/reminders/preferences").body
    assert prefs["email_digest"] is True and prefs["locale"] is None and prefs["default_locale"] == "zh-CN"


def test_a_person_changes_only_their_own_preferences(company):
    reply = company.as_("engineer").put("/reminders/preferences", {"email_digest": False, "locale": "en"})
    assert reply.status == 200 and reply.body["email_digest"] is False and reply.body["locale"] == "en"
    assert company.as_("employee").get("/reminders/preferences").body["email_digest"] is True
    bad = company.as_("engineer").put("/reminders/preferences", {"locale": "fr"})
    assert bad.status == 400 and bad.error_fields == ["locale"]


def test_unsubscribe_refuses_a_forged_or_retargeted_token(company):
    good = service.unsubscribe_token(company.tenant_id, company.people["seller"])
    tenant, person, signature = good.split(".")
    for token in (f"{tenant}.{company.people['engineer']}.{signature}", "not-a-token-at-all", f"{good}x"):
        reply = company.api.as_(None).request("GET", "/reminders/unsubscribe", params={"token": token})
        assert reply.status == 400 and reply.error_fields == ["token"], token


def test_one_click_unsubscribe_by_post_as_mail_clients_do(company):
    token = service.unsubscribe_token(company.tenant_id, company.people["seller"])
    reply = company.api.as_(None).request("POST", f"/reminders/unsubscribe?token={token}",
                                          body="List-Unsubscribe=One-Click",
                                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status == 200 and "已退订" in reply.raw
    assert company.as_("employee").get("/reminders/preferences").body["email_digest"] is False


def test_hr_sets_a_units_robot_and_never_sees_its_secret_again(company):
    unit = company.units["SALES"]
    reply = company.as_("hr").put(f"/reminders/webhooks/{unit}", {"provider": "dingtalk", "url": DING,
                                                                    "secret": "SECverysecret"})
    assert reply.status == 200, reply.body
    listed = company.as_("hr").get("/reminders/webhooks")
    assert listed.body["items"][0]["has_secret"] is True
    assert "SECverysecret" not in listed.raw and "secret-token-123" not in listed.raw
    assert company.as_("hr").request("DELETE", f"/reminders/webhooks/{unit}").body == {"items": [], "next_cursor": None}
    assert company.as_("hr").request("DELETE", f"/reminders/webhooks/{unit}").status == 404


@pytest.mark.parametrize("provider,url", [("dingtalk", "http://oapi.dingtalk.com/robot/send?access_token=a"),
                                          ("wecom", DING), ("feishu", "https://10.0.0.1/hook/x")])
def test_a_robot_url_must_be_the_providers_https_host(company, provider, url):
    reply = company.as_("hr").put(f"/reminders/webhooks/{company.units['SALES']}", {"provider": provider, "url": url})
    assert reply.status == 400 and reply.error_fields == ["url"]


def test_a_robot_for_an_unknown_unit_is_404(company):
    assert company.as_("hr").put("/reminders/webhooks/nope", {"provider": "dingtalk", "url": DING}).status == 404


def test_only_hr_and_admins_manage_robots(company):
    reply = company.as_("manager").put(f"/reminders/webhooks/{company.units['SALES']}",
                                       {"provider": "dingtalk", "url": DING})
    assert reply.status == 403
