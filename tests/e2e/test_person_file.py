"""The person's file (个人档案) in the browser, at 375 px: HR reveals one masked value; the employee
proposes a change to their own file and sees it pending."""

from __future__ import annotations

from typing import Any

import pytest

from local.demo import story
from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e


def _seller_id(system: LocalSystem) -> str:
    me = system.api_get(login_email("employee"), story.PASSWORD, "/me")
    return str(me["person_id"])


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"


def test_hr_opens_a_file_from_people_and_reveals_the_id_number(local_system: LocalSystem, phone: Any) -> None:
    # Given HR on the people list, and the demo seller's file (masked ID number)
    seller = _seller_id(local_system)
    page = phone.new_page()
    sign_in(page, local_system, "hr")
    page.goto(f"{local_system.web_url}/#/people")
    row = page.locator(f"[data-testid='people-row'][data-person-id='{seller}']")
    # When HR opens the seller's file from their row
    row.get_by_test_id("people-file").click()
    value = page.get_by_test_id("file-id_number-value")
    value.wait_for()
    masked = value.inner_text()
    assert "********" in masked and len(masked) == 18
    _fits_the_phone(page)
    screenshot(page, "person-file-hr")
    # And reveals the ID number
    with page.expect_response(lambda r: r.url.endswith("/file/reveal")) as revealed:
        page.get_by_test_id("reveal-id_number").click()
    # Then the full number shows (same region and last four), and the reveal button is gone
    assert revealed.value.status == 200
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=file-id_number-value]').innerText.includes('*')")
    full = value.inner_text()
    assert full[:6] == masked[:6] and full[-4:] == masked[-4:] and "*" not in full
    assert page.get_by_test_id("reveal-id_number").count() == 0


def test_the_employee_proposes_a_change_to_their_own_file(local_system: LocalSystem, phone: Any) -> None:
    # Given the seller on her own file (from the account screen)
    page = phone.new_page()
    sign_in(page, local_system, "employee")
    page.goto(f"{local_system.web_url}/#/account")
    page.get_by_test_id("view-link-file").click()
    page.get_by_test_id("propose-submit").wait_for()
    _fits_the_phone(page)
    before = page.get_by_test_id("file-request").count()
    # When she proposes a new mobile number
    page.locator("#propose-phone").fill("13512345678")
    page.locator("#propose-note").fill("换了新号码")
    with page.expect_response(lambda r: r.url.endswith("/file/changes") and r.request.method == "POST") as sent:
        page.get_by_test_id("propose-submit").click()
    # Then it is saved and listed as pending
    assert sent.value.status == 201, sent.value.text()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=file-request]').length > {before}")
    pending = page.locator("[data-testid='file-request'][data-status='pending']")
    assert "13512345678" in pending.first.inner_text()
    screenshot(page, "person-file-self")
