"""Account on a phone: a forgotten password is reset with the mailed code (on the local system the
code is where the invitation's temporary password is: `python -m local.mail`), then changed back
on 修改密码 — which also leaves the demo login as the other browser tests expect it."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import pytest

from local import mail
from local.demo import story
from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Reset-Passw0rd-2026"


def reset_code(system: LocalSystem, email: str) -> str:
    codes = [r["code"] for r in mail.reset_codes(mail.fetch(system.web_url)) if r["email"] == email]
    assert codes, f"no reset code for {email} in local.mail's list"
    return codes[-1]


def test_a_forgotten_password_is_reset_with_the_code_and_changed_back(local_system: LocalSystem, phone: Any) -> None:
    email = login_email("engineer")
    page = phone.new_page()

    # Given the sign-in screen, the person taps 忘记密码 and asks for a code
    page.goto(f"{local_system.web_url}/#/signin")
    page.locator("#signin-email").fill(email)
    page.get_by_test_id("link-forgot").click()
    page.get_by_test_id("forgot-title").wait_for()
    assert page.locator("#forgot-email").input_value() == email
    page.get_by_test_id("forgot-send").click()
    page.get_by_test_id("forgot-sent").wait_for()
    screenshot(page, "account-forgot-sent")

    # When a wrong code is typed, the field says so in Chinese
    page.locator("#forgot-code").fill("moto-confirmation-code:000000")
    page.locator("#forgot-new-password").fill(NEW_PASSWORD)
    page.locator("#forgot-repeat-password").fill(NEW_PASSWORD)
    page.get_by_test_id("forgot-submit").click()
    page.get_by_text("验证码不正确或已过期").wait_for()

    # and with the code from the local mail list, the password is reset and sign-in works with it
    page.locator("#forgot-code").fill(reset_code(local_system, email))
    page.get_by_test_id("forgot-submit").click()
    page.wait_for_url(lambda url: "#/signin" in url)
    page.locator("#signin-password").fill(NEW_PASSWORD)
    page.get_by_test_id("signin-submit").click()
    page.wait_for_url(lambda url: "#/signin" not in url)

    # Then on 修改密码 a wrong current password is refused, and the right one changes it back
    page.goto(f"{local_system.web_url}/#/account/password")
    page.locator("#change-current").fill("Wrong-Passw0rd-1")
    page.locator("#change-new-password").fill(story.PASSWORD)
    page.locator("#change-repeat-password").fill(story.PASSWORD)
    page.get_by_test_id("change-password-submit").click()
    page.get_by_text("当前密码不正确").wait_for()
    page.locator("#change-current").fill(NEW_PASSWORD)
    page.get_by_test_id("change-password-submit").click()
    page.get_by_test_id("account-title").wait_for()
    screenshot(page, "account-password-changed")
    assert local_system.api_get(email, story.PASSWORD, "/me")["email"] == email


def test_leaving_a_form_with_changes_asks_first(local_system: LocalSystem, phone: Any) -> None:
    page = phone.new_page()
    page.goto(f"{local_system.web_url}/#/signin")
    page.locator("#signin-email").fill(login_email("employee"))
    page.locator("#signin-password").fill(story.PASSWORD)
    page.get_by_test_id("signin-submit").click()
    page.wait_for_url(lambda url: "#/signin" not in url)

    # Given a new task with a title typed but not saved
    page.goto(f"{local_system.web_url}/#/tasks/new")
    page.locator("#task-title").fill("整理客户名单")

    # When the person taps another tab, they are asked, and "继续编辑" keeps the form
    page.get_by_test_id("tab-account").click()
    page.get_by_text("有未保存的修改").wait_for()
    page.get_by_role("button", name="继续编辑").click()
    assert "#/tasks/new" in page.url
    assert page.locator("#task-title").input_value() == "整理客户名单"

    # and "离开" leaves
    page.get_by_test_id("tab-account").click()
    page.get_by_role("button", name="离开").click()
    page.get_by_test_id("account-title").wait_for()


def test_going_offline_shows_a_banner_until_back_online(local_system: LocalSystem, phone: Any) -> None:
    page = phone.new_page()
    page.goto(f"{local_system.web_url}/#/signin")
    page.locator("#signin-email").fill(login_email("employee"))
    page.locator("#signin-password").fill(story.PASSWORD)
    page.get_by_test_id("signin-submit").click()
    page.wait_for_url(lambda url: "#/signin" not in url)

    # Given a signed-in phone, when the network goes away, a banner says so in Chinese
    phone.set_offline(True)
    page.get_by_test_id("offline-banner").wait_for()
    assert "网络已断开" in page.get_by_test_id("offline-banner").inner_text()
    screenshot(page, "account-offline-banner")

    # and when it comes back, the banner goes
    phone.set_offline(False)
    page.get_by_test_id("offline-banner").wait_for(state="detached")


def _post_as(system: LocalSystem, email: str, password: str, path: str, body: dict[str, Any]) -> Any:
    """POST to the API as a user (ID token from the user pool, as the web app gets it)."""
    with urllib.request.urlopen(f"{system.api_url}/config", timeout=30) as reply:
        config = json.loads(reply.read())
    auth = urllib.request.Request(
        config["cognito_endpoint"],
        method="POST",
        data=json.dumps({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": config["client_id"],
                         "AuthParameters": {"USERNAME": email, "PASSWORD": password}}).encode(),
        headers={"Content-Type": "application/x-amz-json-1.1",
                 "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth"},
    )
    with urllib.request.urlopen(auth, timeout=30) as reply:
        token = json.loads(reply.read())["AuthenticationResult"]["IdToken"]
    request = urllib.request.Request(f"{system.api_url}{path}", method="POST", data=json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.loads(reply.read())


def test_an_invited_person_agrees_to_the_privacy_policy_when_accepting(local_system: LocalSystem, phone: Any) -> None:
    from chalicelib.tenancy.schemas import PRIVACY_POLICY_VERSION

    # Given an invitation sent by the admin, its temporary password in the local mail list
    invitee = f"invitee-{int(time.time() * 1000)}@{story.DOMAIN}"
    _post_as(local_system, login_email("admin"), story.PASSWORD, "/users/invitations",
             {"email": invitee, "roles": ["executive"], "name": "新同事"})
    temporary = next(i["temporary_password"] for i in mail.invitations(mail.fetch(local_system.web_url))
                     if i["email"] == invitee)
    page = phone.new_page()
    page.goto(f"{local_system.web_url}/#/accept-invite")
    page.locator("#invite-email").fill(invitee)
    page.locator("#invite-temp-password").fill(temporary)
    page.locator("#invite-new-password").fill(NEW_PASSWORD)
    page.locator("#invite-repeat-password").fill(NEW_PASSWORD)

    # When they submit without agreeing, the form says the policy must be agreed to first
    page.get_by_test_id("invite-submit").click()
    page.get_by_test_id("invite-consent-error").wait_for()
    assert "请先阅读并同意隐私政策" in page.get_by_test_id("invite-consent-error").inner_text()

    # Then, agreeing, they are signed in and their consent is recorded with the policy's version
    page.get_by_test_id("invite-consent").check()
    page.get_by_test_id("invite-submit").click()
    page.wait_for_url(lambda url: "#/accept-invite" not in url)
    me = local_system.api_get(invitee, NEW_PASSWORD, "/me")
    assert me["privacy_consent"]["version"] == PRIVACY_POLICY_VERSION
    screenshot(page, "account-invite-accepted")
