"""The review half of a cycle on a phone (375×812, zh-CN): the employee writes and submits her self review,
HR moves the cycle on, her manager reviews her with the results beside her self review, HR calibrates her
rating against the target curve and publishes, and she confirms her result. A screenshot per step.

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


def _advance(page: Any, system: LocalSystem, cycle_id: str, to_stage: str) -> None:
    page.goto(f"{system.web_url}/#/cycles/{cycle_id}")
    page.reload()  # the same address again: read the cycle afresh
    expect(page.get_by_test_id("cycle-ready")).to_be_visible(timeout=WAIT)
    with page.expect_response(lambda r: r.url.endswith("/advance") and r.request.method == "POST") as moved:
        page.get_by_test_id("cycle-advance").click()
        page.locator(".van-dialog__confirm").click()
    assert moved.value.status == 200, moved.value.text()
    assert json.loads(moved.value.text())["stage"] == to_stage
    stage = page.locator(f"[data-testid='cycle-stage'][data-stage='{to_stage}']")
    expect(stage).to_have_attribute("data-state", "current", timeout=WAIT)


def test_hr_starts_a_cycle_from_the_setup_checklist_with_deadlines_and_someone_left_out(
        local_system: LocalSystem, browser: Any) -> None:
    # Given HR on the new-cycle screen, reached from the desk's cycle list
    hr = _phone_page(browser)
    sign_in(hr, local_system, "hr")
    hr.goto(f"{local_system.web_url}/#/hr")
    hr.get_by_test_id("open-cycles").click()
    hr.get_by_test_id("cycle-new").click()
    hr.get_by_test_id("cycle-form").wait_for()

    # When they choose next year's last quarter (deadlines follow it), leave 王芳 out and create the cycle
    year = date.today().year + 1
    period = f"{year}-Q4"
    hr.locator("#cycle-period").select_option(period)
    expect(hr.get_by_test_id("cycle-deadline-in_progress")).to_have_value(f"{year}-12-31", timeout=WAIT)
    hr.get_by_test_id("cycle-exclude-search").fill(SELLER)
    hr.get_by_test_id("cycle-exclude-option").filter(has_text=SELLER).first.click()
    expect(hr.get_by_test_id("cycle-excluded")).to_contain_text(SELLER, timeout=WAIT)
    assert _small_targets(hr, "main form") == []
    screenshot(hr, "review-0-new-cycle")
    with hr.expect_response(lambda r: r.url.endswith("/reviews/cycles") and r.request.method == "POST") as created:
        hr.get_by_test_id("cycle-submit").click()

    # Then the cycle is created in goal setting with a deadline per stage, and its page shows the stages
    assert created.value.status == 201, created.value.text()
    cycle = json.loads(created.value.text())
    assert cycle["period"] == period and cycle["stage"] == "goal_setting"
    assert len(cycle["deadlines"]) == 6 and len(cycle["excluded_person_ids"]) == 1
    current = hr.locator("[data-testid='cycle-stage'][data-stage='goal_setting']")
    expect(current).to_have_attribute("data-state", "current", timeout=WAIT)
    hr.context.close()


def test_self_review_manager_review_calibration_publication_and_confirmation(
        local_system: LocalSystem, browser: Any) -> None:
    # Given a cycle in self review for 王芳, with her conversion rate at 9% against a 10% target
    cycle_id, seller_id = _cycle_in_self_review(local_system)

    # When she opens 我的考核 from 我的指标, then the cycle, writes her self review and submits it
    me = _phone_page(browser)
    sign_in(me, local_system, "employee")
    me.goto(f"{local_system.web_url}/#/mine")
    me.get_by_test_id("open-reviews").click()
    me.locator(f"[data-testid='reviews-mine-item'][data-cycle-id='{cycle_id}']").click()
    expect(me.get_by_test_id("my-review-deadline")).to_contain_text("自评截止", timeout=WAIT)
    expect(me.get_by_test_id("result-score").first).not_to_have_text("—", timeout=WAIT)
    me.get_by_test_id("self-comment-0").locator("textarea").fill("本月线索质量偏低，已调整投放渠道")
    me.get_by_test_id("self-overall").locator("textarea").fill("转化率接近目标，下季度重点提升线索质量")
    assert _small_targets(me, "main") == []
    screenshot(me, "review-1-self-review")
    with me.expect_response(lambda r: r.url.endswith("/self-review") and r.request.method == "PUT") as saved:
        me.get_by_test_id("self-submit").click()
        me.locator(".van-dialog__confirm").click()
    assert saved.value.status == 200, saved.value.text()
    assert json.loads(saved.value.text())["submitted_at"]
    expect(me.get_by_test_id("my-review-status")).to_have_text("已提交", timeout=WAIT)

    # Then HR sees the self reviews done and moves the cycle to manager review
    hr = _phone_page(browser)
    sign_in(hr, local_system, "hr")
    hr.goto(f"{local_system.web_url}/#/hr")
    hr.get_by_test_id("open-cycles").click()
    hr.locator(f"[data-testid='cycle-item'][data-cycle-id='{cycle_id}']").click()
    self_reviews = hr.locator("[data-testid='cycle-stage'][data-stage='self_review'] "
                              "[data-testid='cycle-stage-progress']")
    expect(self_reviews).to_contain_text("1/1", timeout=WAIT)
    _advance(hr, local_system, cycle_id, "manager_review")
    screenshot(hr, "review-2-cycle-in-manager-review")

    # And her manager reads her self review beside her results and reviews her with a proposed rating
    head = _phone_page(browser)
    sign_in(head, local_system, "sales_head")
    head.goto(f"{local_system.web_url}/#/cycles/{cycle_id}/people")
    head.locator(f"[data-testid='team-person'][data-person-id='{seller_id}']").click()
    expect(head.get_by_test_id("self-comment-shown").first).to_contain_text("本月线索质量偏低", timeout=WAIT)
    head.get_by_test_id("manager-comment-0").locator("textarea").fill("线索质量问题已定位，改进措施到位")
    head.get_by_test_id("manager-rating-A").click()
    head.get_by_test_id("manager-overall").locator("textarea").fill("本季度主动承担新客户拓展，表现稳定")
    screenshot(head, "review-3-manager-review")
    with head.expect_response(lambda r: r.url.endswith("/manager-review") and r.request.method == "PUT") as reviewed:
        head.get_by_test_id("manager-submit").click()
        head.locator(".van-dialog__confirm").click()
    assert reviewed.value.status == 200, reviewed.value.text()
    body = json.loads(reviewed.value.text())
    assert body["submitted_at"] and body["rating"] == "A"

    # And HR moves to calibration, sees the distribution against the target and moves her to A with a reason
    _advance(hr, local_system, cycle_id, "calibration")
    hr.get_by_test_id("cycle-calibration").click()
    bars = hr.get_by_test_id("calibration-bar")
    expect(bars.first).to_be_visible(timeout=WAIT)
    assert bars.count() >= 2
    rated = hr.locator(f"[data-testid='calibration-person'][data-person-id='{seller_id}']")
    before = rated.locator("xpath=ancestor::*[@data-testid='calibration-group']").get_attribute("data-label")
    target = "A" if before != "A" else "B"
    rated.click()
    hr.get_by_test_id(f"calibration-rating-{target}").click()
    hr.get_by_test_id("calibration-reason").locator("textarea").fill("跨部门支援新客户拓展，指标外贡献较大")
    with hr.expect_response(lambda r: r.url.endswith("/calibration") and r.request.method == "POST") as calibrated:
        hr.get_by_test_id("calibration-save").click()
    assert calibrated.value.status == 200, calibrated.value.text()
    assert json.loads(calibrated.value.text())["final_rating"] == target
    expect(hr.locator(f"[data-testid='calibration-group'][data-label='{target}'] "
                      f"[data-testid='calibration-person'][data-person-id='{seller_id}']")).to_be_visible(timeout=WAIT)
    screenshot(hr, "review-4-calibration")

    # And HR publishes the results
    _advance(hr, local_system, cycle_id, "results_published")
    screenshot(hr, "review-5-published")

    # Then she sees her final rating and confirms it
    me.goto(f"{local_system.web_url}/#/reviews/{cycle_id}")
    me.reload()  # her page from the self review step: read it afresh
    expect(me.get_by_test_id("my-final-rating")).to_have_text(target, timeout=WAIT)
    assert _small_targets(me, "main") == []
    with me.expect_response(lambda r: r.url.endswith("/acknowledge") and r.request.method == "POST") as confirmed:
        me.get_by_test_id("ack-confirm").click()
        me.locator(".van-dialog__confirm").click()
    assert confirmed.value.status == 200, confirmed.value.text()
    assert json.loads(confirmed.value.text())["appealed"] is False
    expect(me.get_by_test_id("my-ack")).to_contain_text("确认结果", timeout=WAIT)
    screenshot(me, "review-6-confirmed")
    for page in (me, hr, head):
        page.context.close()


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
