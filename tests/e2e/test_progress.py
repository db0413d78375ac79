"""The employee's own progress and the director's drill-down with one-tap 催办, on a phone (375×812, zh-CN).

王芳 (a 客户经理 in 华东销售组) has a published conversion-rate indicator and November's figures in a
running cycle. She opens 我的指标 and sees her actual against the target (not "还没有实际数据", which
the review history showed while the cycle ran). The CEO opens the director's dashboard, taps 销售部
(its name stays pinned while the wide table scrolls), lands on that department's dashboard and
chases the people behind.
"""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from local.demo import story
from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e

CYCLE = "王芳进度试点"
PERIOD = str(date.today().year)  # the screens' default period
HEAD = story.KEY_PEOPLE["sales_head"][0]  # 李强, heads 销售部: the data owner here
SELLER = story.KEY_PEOPLE["seller"][0]  # 王芳, a 客户经理 in 销售部
TEMPLATE = "SALES_CONVERSION_RATE"  # measures: converted_customers, qualified_leads (counts)


def _token(system: LocalSystem, email: str) -> str:
    with urllib.request.urlopen(f"{system.api_url}/config", timeout=30) as reply:
        config = json.loads(reply.read())
    auth = urllib.request.Request(
        config["cognito_endpoint"],
        method="POST",
        data=json.dumps({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": config["client_id"],
                         "AuthParameters": {"USERNAME": email, "PASSWORD": story.PASSWORD}}).encode(),
        headers={"Content-Type": "application/x-amz-json-1.1",
                 "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth"},
    )
    with urllib.request.urlopen(auth, timeout=30) as reply:
        return str(json.loads(reply.read())["AuthenticationResult"]["IdToken"])


def _call(system: LocalSystem, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        f"{system.api_url}{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        return json.loads(reply.read())


def _publish_seller_indicator(system: LocalSystem) -> tuple[str, str]:
    """A published conversion-rate indicator for the seller whose data owner is the head (made once)."""
    head = _token(system, login_email("sales_head"))
    people = _call(system, head, "GET", "/org/people?limit=500")["items"]
    seller_id = next(p["person_id"] for p in people if p["name"] == SELLER)
    head_id = next(p["person_id"] for p in people if p["name"] == HEAD)
    duties = _call(system, head, "GET", f"/reviews/me/data-duties?period={PERIOD}&limit=500")["items"]
    mine = [d for d in duties
            if d["person_id"] == seller_id and any(m["key"] == "qualified_leads" for m in d["measures"])]
    if mine:  # a reused local system already has it
        return seller_id, mine[0]["indicator_id"]
    drafted = _call(system, head, "POST", "/indicators/sets", {
        "period": PERIOD, "person_ids": [seller_id], "title": "客户经理转化率",
        "indicators": [{"template_code": TEMPLATE, "target": 8, "threshold": 5, "weight": 100,
                        "data_source": {"system": "CRM 客户管理系统", "owner_person_id": head_id}}],
    })
    submitted = _call(system, head, "POST", f"/indicators/sets/{drafted['set_id']}/submit",
                      {"version": drafted["version"]})
    hr = _token(system, login_email("hr"))
    approved = _call(system, hr, "POST", f"/indicators/sets/{drafted['set_id']}/approve",
                     {"version": submitted["version"]})
    assert approved["state"] == "published", approved
    return seller_id, approved["indicators"][0]["indicator_id"]


def _running_cycle_with_november(system: LocalSystem) -> tuple[str, str]:
    """A running cycle of the period over 王芳 alone, with her November figures (made once per system)."""
    seller_id, indicator_id = _publish_seller_indicator(system)
    hr = _token(system, login_email("hr"))
    cycles = _call(system, hr, "GET", f"/reviews/cycles?period={PERIOD}&limit=200")["items"]
    if not any(c["name"] == CYCLE for c in cycles):
        people = _call(system, hr, "GET", "/org/people?limit=500")["items"]
        others = sorted(p["person_id"] for p in people if p["person_id"] != seller_id)
        cycle = _call(system, hr, "POST", "/reviews/cycles", {"name": CYCLE, "period": PERIOD,
                                                              "excluded_person_ids": others})
        _call(system, hr, "POST", f"/reviews/cycles/{cycle['cycle_id']}/advance",
              {"version": cycle["version"], "to_stage": "in_progress"})
    head = _token(system, login_email("sales_head"))
    _call(system, head, "POST", "/reviews/actuals", {"period": PERIOD, "entries": [{
        "person_id": seller_id, "indicator_id": indicator_id, "as_of": f"{PERIOD}-11-28",
        "values": {"converted_customers": 7, "qualified_leads": 100}}]})
    return seller_id, indicator_id


def _min_height(locator: Any) -> float:
    box = locator.bounding_box()
    assert box, "not rendered"
    return float(box["height"])


def test_the_employee_sees_her_actual_against_her_target(local_system: LocalSystem, phone: Any) -> None:
    # Given 王芳's conversion rate is measured in a running cycle
    seller_id, indicator_id = _running_cycle_with_november(local_system)

    # When she opens 我的指标 on her phone
    page = phone.new_page()
    sign_in(page, local_system, "employee")
    page.goto(f"{local_system.web_url}/#/mine")
    card = page.locator(f"[data-testid='indicator-row'][data-indicator-id='{seller_id}:{indicator_id}']")

    # Then her card shows the actual, the target and the gap, not "还没有实际数据"
    expect(card).to_be_visible(timeout=30_000)
    expect(card.get_by_test_id("indicator-actual")).to_have_text(re.compile(r"^\d+(\.\d+)?%$"))
    expect(card.get_by_test_id("indicator-target")).to_have_text("目标 8%")
    expect(card.get_by_test_id("indicator-gap")).to_be_visible()
    expect(page.get_by_test_id("mine-actuals-empty")).to_have_count(0)
    # And its trend opens from the card (a touch target of at least 44 px)
    toggle = card.get_by_test_id("indicator-details-toggle")
    assert _min_height(toggle) >= 44
    toggle.click()
    expect(card.get_by_test_id("indicator-trend-chart")).to_be_visible()
    screenshot(page, "progress-employee")


def test_the_director_drills_down_into_a_department_and_chases(local_system: LocalSystem, phone: Any) -> None:
    # Given a running cycle, and people in 销售部 whose indicators are not approved yet
    _running_cycle_with_november(local_system)

    # When the CEO opens the director's dashboard and scrolls the department table sideways
    page = phone.new_page()
    sign_in(page, local_system, "executive")
    page.goto(f"{local_system.web_url}/#/dashboard/rollout")
    table = page.locator(".table-scroll")
    link = page.get_by_test_id("rollout-row-link").filter(has_text="销售部").first
    expect(link).to_be_visible()
    table.evaluate("el => { el.scrollLeft = 400; }")
    # Then the department names stay pinned at the left edge
    box = link.bounding_box()
    assert box and box["x"] < 60 and box["height"] >= 44, box
    screenshot(page, "progress-director")

    # When they tap 销售部
    link.click()
    page.wait_for_url(re.compile(r"#/dashboard/unit/"))
    # Then the department's dashboard shows its team summary and its people's indicators
    expect(page.get_by_test_id("team-summary")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("indicator-row").first).to_be_visible()
    expect(page.get_by_test_id("unit-picker").locator("option:checked")).to_have_text("销售部")

    # When they tap 催办 for the people behind
    chase = page.get_by_test_id("unit-chase")
    expect(chase).to_be_visible(timeout=30_000)
    assert _min_height(chase) >= 44
    with page.expect_response(lambda r: r.url.endswith("/chase") and r.request.method == "POST") as sent:
        chase.click()
    # Then the reminders are sent (or, tapped again today, said to be already sent) and the screen says so
    assert sent.value.status == 200, sent.value.text()
    expect(page.locator(".van-toast")).to_contain_text(re.compile("已催办|今天已催办过"))
    screenshot(page, "progress-chased")
