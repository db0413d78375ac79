"""Account on a phone: a forgotten password is reset with the mailed code (on the local system the
code is where the invitation's temporary password is: `python -m local.mail`), then changed back
on 修改密码 — which also leaves the demo login as the other browser tests expect it."""

from __future__ import annotations

import json
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
    with urllib.request.urlopen(f"{system.moto_url}/moto-api/data.json", timeout=60) as reply:
        data = json.loads(reply.read())
    codes = [r["code"] for r in mail.reset_codes(data) if r["email"] == email]
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
