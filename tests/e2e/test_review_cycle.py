"""The review half of a cycle on a phone (375×812, zh-CN), beyond what test_new_company_journey.py clicks through
(a cycle started from the checklist, self review, manager review, calibration, publication, confirmation): 360
feedback asked by HR and answered anonymously, and an appeal of a published result. A screenshot per step.

The set-up (a published indicator with actuals and a cycle in self review, for 王芳 alone) goes through the
API in a month of 2025 no other cycle uses, so a reused local system works too."""

from __future__ import annotations

import json
import urllib.request
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from local.demo import story
from tests.e2e.conftest import PHONE, LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e

SELLER = story.KEY_PEOPLE["seller"][0]  # 王芳, 客户经理 in 销售部 (the "employee" login)
HEAD = story.KEY_PEOPLE["sales_head"][0]  # 李强 heads 销售部 (the "sales_head" login)
TEMPLATE = "SALES_CONVERSION_RATE"  # converted_customers / qualified_leads
MIN_TOUCH = 44
WAIT = 30_000  # ms: the local stack on a shared 2-core machine can take seconds to answer


def _token(system: LocalSystem, label: str) -> str:
    with urllib.request.urlopen(f"{system.api_url}/config", timeout=30) as reply:
        config = json.loads(reply.read())
    auth = urllib.request.Request(
        config["cognito_endpoint"], method="POST",
        data=json.dumps({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": config["client_id"],
                         "AuthParameters": {"USERNAME": login_email(label), "PASSWORD": story.PASSWORD}}).encode(),
        headers={"Content-Type": "application/x-amz-json-1.1",
                 "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth"},
    )
    with urllib.request.urlopen(auth, timeout=30) as reply:
        return str(json.loads(reply.read())["AuthenticationResult"]["IdToken"])


def _call(system: LocalSystem, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        f"{system.api_url}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        return json.loads(reply.read())


def _cycle_in_self_review(system: LocalSystem) -> tuple[str, str]:
    """A cycle for the seller alone, in self review, with a published indicator and its actuals."""
    hr, head = _token(system, "hr"), _token(system, "sales_head")
    people = _call(system, hr, "GET", "/org/people?limit=500")["items"]
    seller_id = next(p["person_id"] for p in people if p["name"] == SELLER)
    head_id = next(p["person_id"] for p in people if p["name"] == HEAD)
    used = {c["period"] for c in _call(system, hr, "GET", "/reviews/cycles?limit=200")["items"]}
    period = next(p for p in (f"2025-{m:02d}" for m in range(1, 13)) if p not in used)
    drafted = _call(system, head, "POST", "/indicators/sets", {
        "period": period, "person_ids": [seller_id], "title": "客户经理转化率",
        "indicators": [{"template_code": TEMPLATE, "target": 10, "threshold": 6, "weight": 100,
                        "data_source": {"system": "CRM 客户管理系统", "owner_person_id": head_id}}],
    })
    set_path = f"/indicators/sets/{drafted['set_id']}"
    submitted = _call(system, head, "POST", f"{set_path}/submit", {"version": drafted["version"]})
    approved = _call(system, hr, "POST", f"{set_path}/approve", {"version": submitted["version"]})
    assert approved["state"] == "published", approved
    _call(system, hr, "POST", "/reviews/actuals", {"period": period, "entries": [{
        "person_id": seller_id, "indicator_id": approved["indicators"][0]["indicator_id"], "as_of": f"{period}-20",
        "values": {"qualified_leads": 100, "converted_customers": 9}}]})
    today = date.today()
    deadlines = {stage: (today + timedelta(days=n)).isoformat() for n, stage in enumerate(
        ("in_progress", "self_review", "manager_review", "calibration", "results_published"), start=3)}
    cycle = _call(system, hr, "POST", "/reviews/cycles", {
        "name": f"流程测试 {period}", "period": period, "deadlines": deadlines, "feedback_enabled": True,
        "excluded_person_ids": [p["person_id"] for p in people if p["person_id"] != seller_id][:500],
    })
    for _ in range(2):  # goal setting -> in progress (goals locked) -> self review
        cycle = _call(system, hr, "POST", f"/reviews/cycles/{cycle['cycle_id']}/advance", {"version": cycle["version"]})
    assert cycle["stage"] == "self_review", cycle
    return cycle["cycle_id"], seller_id


def _phone_page(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(20_000)
    return context.new_page()


def _small_targets(page: Any, selector: str) -> list[str]:
    """Buttons of this screen under ``selector`` smaller than 44 px either way (what a thumb cannot hit); the
    shared page header is left to its own test."""
    return list(page.eval_on_selector_all(
        f"{selector} button, {selector} .van-button",
        f"""els => els.filter(e => e.offsetParent !== null && !e.closest('header'))
              .map(e => [e.innerText.trim(), e.getBoundingClientRect()])
              .filter(([, r]) => r.width < {MIN_TOUCH} || r.height < {MIN_TOUCH})
              .map(([t, r]) => `${{t}} ${{r.width}}x${{r.height}}`)""",
    ))


def test_hr_asks_two_colleagues_for_360_feedback_and_one_answers_anonymously(
        local_system: LocalSystem, browser: Any) -> None:
    # Given a cycle in self review for 王芳 with 360 feedback on
    cycle_id, seller_id = _cycle_in_self_review(local_system)
    tech_head, engineer = story.KEY_PEOPLE["tech_head"][0], story.KEY_PEOPLE["engineer"][0]

    # When HR opens her page and asks 赵磊 and 刘洋, found by name in the person picker
    hr = _phone_page(browser)
    sign_in(hr, local_system, "hr")
    hr.goto(f"{local_system.web_url}/#/cycles/{cycle_id}/people/{seller_id}")
    expect(hr.get_by_test_id("feedback-asked")).to_have_text("还没有邀请任何人", timeout=WAIT)
    for name in (tech_head, engineer):
        hr.get_by_test_id("feedback-rater-search").fill(name)
        hr.get_by_test_id("feedback-rater-option").filter(has_text=name).first.click()
    expect(hr.get_by_test_id("feedback-chosen").locator("li")).to_have_count(2, timeout=WAIT)
    with hr.expect_response(lambda r: r.url.endswith("/feedback-requests") and r.request.method == "POST") as asked:
        hr.get_by_test_id("feedback-send").click()
    assert asked.value.status == 201, asked.value.text()
    expect(hr.get_by_test_id("feedback-asked")).to_contain_text(engineer, timeout=WAIT)
    screenshot(hr, "review-360-1-requested")

    # Then 刘洋 finds the request in 我的考核 and answers it
    rater = _phone_page(browser)
    sign_in(rater, local_system, "engineer")
    rater.goto(f"{local_system.web_url}/#/reviews")
    request = rater.locator(f"[data-testid='feedback-request'][data-reviewee-id='{seller_id}']")
    request.click()
    rater.get_by_test_id("feedback-rate-4").click()
    rater.get_by_test_id("feedback-strengths").locator("textarea").fill("跨部门沟通及时，需求描述清楚")
    assert _small_targets(rater, ".van-popup") == []
    screenshot(rater, "review-360-2-answer")
    with rater.expect_response(lambda r: r.url.endswith("/feedback") and r.request.method == "POST") as answered:
        rater.get_by_test_id("feedback-submit").click()
    assert answered.value.status == 201, answered.value.text()
    expect(request).to_contain_text("已完成", timeout=WAIT)

    # And HR sees one answer counted but no summary until there are enough to stay anonymous
    hr.reload()
    expect(hr.get_by_test_id("feedback-not-shown")).to_contain_text("已收到 1 份评价", timeout=WAIT)
    screenshot(hr, "review-360-3-summary-hidden")
    for page in (hr, rater):
        page.context.close()


def test_the_employee_appeals_her_published_result_with_a_reason(local_system: LocalSystem, browser: Any) -> None:
    # Given her results published (reviews written and stages moved through the API)
    cycle_id, seller_id = _cycle_in_self_review(local_system)
    hr, head, employee = (_token(local_system, label) for label in ("hr", "sales_head", "employee"))
    person = f"/reviews/cycles/{cycle_id}/people/{seller_id}"
    _call(local_system, employee, "PUT", f"{person}/self-review", {"overall": "已完成", "submit": True})
    cycle = _call(local_system, hr, "GET", f"/reviews/cycles/{cycle_id}")["cycle"]
    cycle = _call(local_system, hr, "POST", f"/reviews/cycles/{cycle_id}/advance", {"version": cycle["version"]})
    _call(local_system, head, "PUT", f"{person}/manager-review", {"overall": "符合预期", "submit": True})
    for _ in range(2):  # manager review -> calibration -> results published
        cycle = _call(local_system, hr, "POST", f"/reviews/cycles/{cycle_id}/advance", {"version": cycle["version"]})
    assert cycle["stage"] == "results_published", cycle

    # When she opens her result, chooses 申诉 and first sends it without a reason
    me = _phone_page(browser)
    sign_in(me, local_system, "employee")
    me.goto(f"{local_system.web_url}/#/reviews/{cycle_id}")
    me.get_by_test_id("appeal-open").click()
    me.get_by_test_id("appeal-submit").click()
    expect(me.get_by_test_id("my-result-error")).to_contain_text("至少 4 个字", timeout=WAIT)

    # Then with a reason it is recorded as an appeal, and the page says so
    me.get_by_test_id("appeal-reason").locator("textarea").fill("本月有一笔大额线索漏录，请复核转化率")
    with me.expect_response(lambda r: r.url.endswith("/acknowledge") and r.request.method == "POST") as appealed:
        me.get_by_test_id("appeal-submit").click()
    assert appealed.value.status == 200, appealed.value.text()
    body = json.loads(appealed.value.text())
    assert body["appealed"] is True and body["acknowledgement_comment"].startswith("本月有一笔")
    expect(me.get_by_test_id("my-ack")).to_contain_text("提交申诉", timeout=WAIT)
    screenshot(me, "review-7-appealed")
    me.context.close()
