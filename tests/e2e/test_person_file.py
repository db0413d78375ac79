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


def test_hr_creates_a_whole_file_on_the_phone(local_system: LocalSystem, phone: Any) -> None:
    # Given a new person without a file (added to the org by the API)
    hr = login_email("hr")
    units = local_system.api_get(hr, story.PASSWORD, "/org/units")["items"]
    unit = next(u for u in units if u["kind"] != "company")
    person = local_system.api_send(hr, story.PASSWORD, "POST", "/org/people", {
        "name": "吴新", "email": "wu.xin@e2e.example.com", "employee_no": "E2E0101", "unit_id": unit["unit_id"]})
    page = phone.new_page()
    sign_in(page, local_system, "hr")
    page.goto(f"{local_system.web_url}/#/people/{person['person_id']}/file")
    # When HR opens 建立档案 from the file-less page and types an ID number with a wrong check digit
    page.get_by_test_id("file-create").click()
    page.locator("#file-legal-name").fill("吴新")
    page.locator("#file-id-number").fill("110105199003070021")
    page.get_by_test_id("file-submit").click()
    # Then the form says so in Chinese before sending
    assert "身份证号校验位不对" in page.get_by_test_id("file-id_number").inner_text()
    _fits_the_phone(page)
    # When HR corrects it and fills in contact, household type, bank account and an emergency contact
    page.locator("#file-id-number").fill("110105199003070025")
    page.locator("#file-phone").fill("13600136000")
    page.locator("#file-hukou_type").select_option("rural")
    page.locator("#file-bank-account").fill("6225880112345678")
    page.locator("#file-ec-name").fill("吴强")
    page.locator("#file-ec-relation").fill("兄弟")
    page.locator("#file-ec-phone").fill("13700137000")
    screenshot(page, "person-file-create")
    with page.expect_response(lambda r: r.url.endswith("/file") and r.request.method == "PUT") as saved:
        page.get_by_test_id("file-submit").click()
    # Then the file is created and shown with the sensitive values masked
    assert saved.value.status == 200, saved.value.text()
    value = page.get_by_test_id("file-id_number-value")
    value.wait_for()
    assert value.inner_text() == "110105********0025"
    assert page.get_by_test_id("file-hukou_type-value").inner_text() == "农村"


def test_the_employee_exports_her_data_from_her_file(local_system: LocalSystem, phone: Any) -> None:
    # Given the seller on her own file
    page = phone.new_page()
    sign_in(page, local_system, "employee")
    page.goto(f"{local_system.web_url}/#/account")
    page.get_by_test_id("view-link-file").click()
    button = page.get_by_test_id("file-export")
    button.wait_for()
    assert button.inner_text().strip() == "导出我的数据"
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44
    # When she exports her data
    with page.expect_download() as download:
        button.click()
    # Then a JSON file with her masked file comes down
    import json
    from pathlib import Path

    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["person_id"] == _seller_id(local_system) and data["full"] is False
    assert "********" in data["file"]["id_number"]
    assert download.value.suggested_filename.endswith(".json")
