"""HR's contracts and lifecycle tabs on a phone: an over-long probation is refused under its field, a fixed
contract is saved, a transfer next month is scheduled; nothing is wider than the 375 px screen."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from local.demo import story
from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e

ENGINEER = "刘洋"


def _next_month_first(today: date) -> date:
    return date(today.year + (today.month == 12), today.month % 12 + 1, 1)


def test_hr_adds_a_contract_and_schedules_a_transfer_on_a_phone(local_system: LocalSystem, phone: Any) -> None:
    # Given HR on 刘洋's page, on a phone
    people = local_system.api_get(login_email("hr"), story.PASSWORD, "/org/people?limit=500")["items"]
    person = next(p for p in people if p["name"] == ENGINEER)
    page = phone.new_page()
    sign_in(page, local_system, "hr")
    page.goto(f"{local_system.web_url}/#/org/people/{person['person_id']}")
    page.get_by_test_id("employment").wait_for()

    # When they add a three-year contract with seven months of probation
    page.get_by_test_id("contract-add").click()
    page.locator("[data-testid='contract-start'] input").fill("2026-01-05")
    page.locator("[data-testid='contract-end'] input").fill("2029-01-04")
    page.locator("[data-testid='contract-probation'] input").fill("2026-08-04")
    with page.expect_response(lambda r: "/contracts" in r.url and r.request.method == "POST") as refused:
        page.get_by_test_id("contract-submit").click()
    # Then it is refused, the reason shown in Chinese under 试用期结束日
    assert refused.value.status == 400
    page.locator("[data-testid='contract-probation'] .van-field__error-message").wait_for()
    assert "6 个月" in page.get_by_test_id("contract-probation").inner_text()

    # When they correct it to six months
    page.locator("[data-testid='contract-probation'] input").fill("2026-07-04")
    with page.expect_response(lambda r: "/contracts" in r.url and r.request.method == "POST") as saved:
        page.get_by_test_id("contract-submit").click()
    # Then the contract is listed
    assert saved.value.status == 201, saved.value.text()
    page.get_by_test_id("contract-item").first.wait_for()
    screenshot(page, "employment-contracts")

    # When they record a transfer to another unit effective next month on the 异动 tab
    page.get_by_role("tab", name="异动").click()
    page.get_by_test_id("event-add").click()
    page.locator("[data-testid='event-date'] input").fill(_next_month_first(date.today()).isoformat())
    unit_select = page.locator("[data-testid='event-unit'] select")
    other = [v for v in unit_select.locator("option").evaluate_all("os => os.map(o => o.value)")
             if v and v != person["unit_id"]]
    unit_select.select_option(value=other[0])
    with page.expect_response(lambda r: "/events" in r.url and r.request.method == "POST") as recorded:
        page.get_by_test_id("event-submit").click()
    # Then it is scheduled, not applied, and the list says so
    assert recorded.value.status == 201, recorded.value.text()
    assert json.loads(recorded.value.text())["status"] == "scheduled"
    page.get_by_text("待生效").first.wait_for()
    screenshot(page, "employment-lifecycle")
    # And nothing is wider than the phone
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
