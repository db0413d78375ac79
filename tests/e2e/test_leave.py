"""Leave on the phone: a department head asks for two days, the CEO approves them, the head sees the
days taken from the balance; HR makes a Saturday a working day on the company calendar."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from local.demo import story
from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e


def _sent(page: Any, suffix: str) -> Any:
    return page.expect_response(lambda r: r.url.split("?")[0].endswith(suffix) and r.request.method in ("POST", "PUT"))


def _balance(page: Any) -> float:
    found = re.search(r"([\d.]+)\s*天", page.get_by_test_id("balance-annual").inner_text())
    assert found, page.get_by_test_id("balance-annual").inner_text()
    return float(found.group(1))


def test_a_head_asks_for_leave_the_ceo_approves_and_the_balance_follows(
    local_system: LocalSystem, phone: Any
) -> None:
    # Given 李强 (head of 销售部) with annual leave granted by HR, on 我的假期
    people = local_system.api_get(login_email("hr"), story.PASSWORD, "/org/people?limit=500")["items"]
    head_id = next(p["person_id"] for p in people if p["name"] == "李强")
    local_system.api_send(login_email("hr"), story.PASSWORD, "POST", f"/attendance/people/{head_id}/ledger", {
        "leave_type": "annual", "kind": "grant", "amount": 10, "on": "2027-01-01", "reason": "2027 年年假"})
    head = phone.new_page()
    sign_in(head, local_system, "sales_head")
    head.goto(f"{local_system.web_url}/#/leave")
    head.get_by_test_id("balance-annual").wait_for()
    before = _balance(head)
    screenshot(head, "leave-1-balances")

    # When he asks for 4–5 January 2027 (a Monday and a Tuesday)
    head.get_by_test_id("leave-new").click()
    head.get_by_test_id("leave-form").wait_for()
    head.get_by_test_id("leave-type").select_option("annual")
    head.get_by_test_id("leave-start").fill("2027-01-04")
    head.get_by_test_id("leave-end").fill("2027-01-05")
    head.get_by_test_id("leave-reason").locator("textarea").fill("带孩子看病")
    screenshot(head, "leave-2-form")
    with _sent(head, "/attendance/leave-requests") as filed:
        head.get_by_test_id("leave-submit").click()
    assert filed.value.status == 201, filed.value.text()
    request = json.loads(filed.value.text())
    assert request["amount"] == 2 and request["status"] == "pending"
    head.get_by_test_id(f"request-{request['request_id']}").wait_for()
    assert "待上级审批" in head.get_by_test_id(f"request-{request['request_id']}").inner_text()

    # Then the CEO (his manager) finds it waiting and approves it
    ceo = phone.new_page()
    sign_in(ceo, local_system, "executive")
    ceo.goto(f"{local_system.web_url}/#/leave/approvals")
    card = ceo.get_by_test_id(f"approval-{request['request_id']}")
    card.wait_for()
    assert "李强" in card.inner_text() and "2 天" in card.inner_text()
    screenshot(ceo, "leave-3-approvals")
    with _sent(ceo, "/decision") as decided:
        ceo.get_by_test_id(f"approve-{request['request_id']}").click()
    assert decided.value.status == 200, decided.value.text()
    ceo.get_by_test_id("approvals-empty").wait_for()

    # And 李强 sees it approved, two days fewer in his balance
    head.reload()
    head.get_by_test_id(f"request-{request['request_id']}").wait_for()
    assert "已批准" in head.get_by_test_id(f"request-{request['request_id']}").inner_text()
    assert _balance(head) == before - 2
    head.get_by_test_id("balance-annual").click()
    head.get_by_test_id("ledger-annual").wait_for()
    screenshot(head, "leave-4-approved")


def test_hr_makes_a_saturday_a_working_day_on_the_company_calendar(local_system: LocalSystem, phone: Any) -> None:
    # Given HR on the working calendar of December 2026
    hr = phone.new_page()
    sign_in(hr, local_system, "hr")
    hr.goto(f"{local_system.web_url}/#/calendar?month=2026-12")
    day = hr.get_by_test_id("day-2026-12-26")
    day.wait_for()
    assert "休息日" in (day.get_attribute("aria-label") or "")

    # When HR taps Saturday 26 December and makes it a working day with a note
    day.click()
    hr.get_by_test_id("day-note").locator("input").fill("年终盘点")
    with _sent(hr, "/attendance/calendar/overrides") as saved:
        hr.get_by_test_id("day-make-working").click()
    assert saved.value.status == 200, saved.value.text()

    # Then the day shows as a working day with the company's note
    hr.locator("[data-testid='day-2026-12-26'][aria-label*='年终盘点']").wait_for()
    assert "调休上班" in (hr.get_by_test_id("day-2026-12-26").get_attribute("aria-label") or "")
    screenshot(hr, "leave-5-calendar")
