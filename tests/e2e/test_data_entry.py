"""Data entry in the browser: the head of 销售部 is the data owner of a seller's conversion-rate
indicator; they open 数据填报 from their dashboard, enter this month's qualified leads, save, and the
value is still there after a reload."""

from __future__ import annotations

import json
import time
import urllib.request
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from local.demo import story
from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e

PERIOD = str(date.today().year)  # the screen's default period
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


def test_the_data_owner_enters_a_monthly_value_and_it_is_kept(local_system: LocalSystem, phone: Any) -> None:
    # Given a published indicator of the seller whose data the head of 销售部 supplies
    seller_id, indicator_id = _publish_seller_indicator(local_system)
    value = str(100 + int(time.time()) % 800)  # differs from a value a reused system may hold

    # When the head opens 数据填报 from their dashboard and finds the seller
    page = phone.new_page()
    sign_in(page, local_system, "sales_head")
    page.get_by_test_id("open-data-entry").click()
    page.wait_for_url("**/#/data")
    page.get_by_test_id("data-entry-title").wait_for()
    page.get_by_test_id("data-search").locator("input").fill(SELLER)
    row = page.locator(f"[data-testid='data-duty'][data-person-id='{seller_id}'][data-indicator-id='{indicator_id}']")
    leads = row.locator("[data-testid='data-measure'][data-measure-key='qualified_leads'] input")
    expect(page.get_by_label("有效线索客户数（个）").first).to_be_visible()

    # And types this month's qualified leads and saves
    leads.fill(value)
    with page.expect_response(lambda r: r.url.endswith("/reviews/actuals") and r.request.method == "POST") as saved:
        page.get_by_test_id("data-save").click()

    # Then the value is written and the screen says so
    assert saved.value.status == 200, saved.value.text()
    assert saved.value.request.header_value("idempotency-key")
    sent = json.loads(saved.value.request.post_data or "{}")
    assert [list(e["values"]) for e in sent["entries"]] == [["qualified_leads"]]
    expect(page.get_by_test_id("data-saved")).to_have_text("已保存 1 项")
    screenshot(page, "data-entry-saved")

    # And after a reload the value is still there
    page.reload()
    expect(leads).to_have_value(value)
