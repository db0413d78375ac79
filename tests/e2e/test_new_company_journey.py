"""A brand-new company runs its first KPI cycle from the phone alone (375×812, zh-CN), by tapping and typing:
sign-up → 开始使用 checklist → a department and a position → its head and one employee → their invitations
(accepted with the temporary password from the local mail, as a real person gets it) → a company goal cascaded
to the department → the head drafts one indicator, HR (the founder) reviews and approves it, the employee
confirms it → the head enters the month's actuals as its data owner → HR starts the cycle and moves it on →
self review, manager review, calibration, publication → the employee confirms her result.

The company is as small as the journey allows (one department, its head, one employee, one indicator) so the
test stays fast. A screenshot per step goes to test-artifacts/e2e/journey/NN-step.png."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from local import mail
from tests.e2e.conftest import ARTIFACTS, PHONE, LocalSystem, screenshot

pytestmark = pytest.mark.e2e

PASSWORD = "Journey-Phone-2026!"
COMPANY = "青禾便利连锁有限公司"
FOUNDER, HEAD, EMPLOYEE = "周青", "李强", "王芳"
DEPARTMENT, POSITION = "门店运营部", "店长"
TEMPLATE = "SALES_CONVERSION_RATE"  # converted_customers / qualified_leads: two counts the head supplies
MIN_TOUCH = 44
WAIT = 30_000  # ms: the local stack on a shared 2-core machine can take seconds to answer


class Shots:
    """Numbered screenshots, one per step of the journey."""

    def __init__(self) -> None:
        folder = ARTIFACTS / "journey"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):  # a previous run's steps would be mistaken for this one's
            old.unlink()
        self.n = 0
        self.last = time.monotonic()

    def __call__(self, page: Any, step: str) -> None:
        expect(page.locator("[data-testid$='-loading']")).to_have_count(0)  # the screen as it settles
        self.n += 1
        screenshot(page, f"journey/{self.n:02d}-{step}")
        now = time.monotonic()
        print(f"journey step {self.n:02d} {step}: {now - self.last:.1f} s")  # where the time goes (pytest -s)
        self.last = now


def _phone(browser: Any) -> Any:
    """A fresh phone (its own session): each person of the journey signs in on their own."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(WAIT)
    return context.new_page()


def _small_targets(page: Any, selector: str) -> list[str]:
    """Buttons of this screen under ``selector`` smaller than 44 px either way (what a thumb cannot hit); the
    shared page header is left to its own test."""
    return list(
        page.eval_on_selector_all(
            f"{selector} button, {selector} .van-button",
            f"""els => els.filter(e => e.offsetParent !== null && !e.closest('header'))
              .map(e => [e.innerText.trim(), e.getBoundingClientRect()])
              .filter(([, r]) => r.width < {MIN_TOUCH} || r.height < {MIN_TOUCH})
              .map(([t, r]) => `${{t}} ${{r.width}}x${{r.height}}`)""",
        )
    )


def _pick_unit(page: Any, select_id: str, name: str) -> None:
    """Choose a unit in a native unit picker by its name (teams are indented with spaces)."""
    value = page.locator(f"#{select_id} option", has_text=name).first.get_attribute("value")
    page.locator(f"#{select_id}").select_option(value=value)


def _pick_person(page: Any, testid: str, name: str) -> None:
    page.get_by_test_id(f"{testid}-search").fill(name)
    page.get_by_test_id(f"{testid}-option").filter(has_text=name).first.click()
    expect(page.get_by_test_id(f"{testid}-chosen")).to_contain_text(name)


def _temporary_password(system: LocalSystem, email: str) -> str:
    """What the invitation email tells the person (on the local system: `python -m local.mail`)."""
    with urllib.request.urlopen(f"{system.moto_url}/moto-api/data.json", timeout=60) as reply:
        pending = mail.invitations(json.loads(reply.read()))
    return next(i["temporary_password"] for i in pending if i["email"] == email)


def _checklist_step(page: Any, step: str) -> None:
    """Each setup step is opened from the 开始使用 checklist on the admin's home."""
    page.get_by_test_id("tab-home").click()
    page.get_by_test_id("setup-checklist").locator(f'[data-step="{step}"]').click()


def _add_person(page: Any, name: str, email: str, *, position: str | None, manager: str | None) -> None:
    _checklist_step(page, "people")
    page.get_by_test_id("people-add").click()
    page.get_by_test_id("person-form").wait_for()
    page.locator("#person-name").fill(name)
    page.locator("#person-email").fill(email)
    _pick_unit(page, "person-unit", DEPARTMENT)
    if position:
        page.locator("#person-position").select_option(label=position)
    if manager:
        _pick_person(page, "person-manager", manager)
    page.get_by_test_id("person-submit").click()
    page.locator('[data-testid="people-row"]', has_text=name).wait_for()


def _invite(page: Any, name: str) -> None:
    page.locator('[data-testid="people-row"]', has_text=name).click()
    page.get_by_test_id("person-invite").click()
    page.get_by_test_id("invitation-form").wait_for()
    page.get_by_test_id("invitation-submit").click()
    expect(page.locator('[data-testid="people-row"]', has_text=name)).to_have_attribute("data-invited", "true")


def _accept_invitation(browser: Any, system: LocalSystem, email: str) -> Any:
    """The invited person opens the app on their phone and signs in with the temporary password from the
    invitation email; the app asks for a password of their own and their consent, then they are in."""
    page = _phone(browser)
    page.goto(system.web_url)
    page.locator("#signin-email").fill(email)
    page.locator("#signin-password").fill(_temporary_password(system, email))
    page.get_by_test_id("signin-submit").click()
    page.wait_for_url(lambda url: "#/accept-invite" in url)
    page.locator("#invite-new-password").fill(PASSWORD)
    page.locator("#invite-repeat-password").fill(PASSWORD)
    page.get_by_test_id("invite-consent").check()
    page.get_by_test_id("invite-submit").click()
    page.wait_for_url(lambda url: "#/accept-invite" not in url)
    return page


def _tab(page: Any, name: str) -> None:
    page.get_by_test_id(f"tab-{name}").click()


def _open_cycle(page: Any, cycle_id: str) -> None:
    """HR opens the cycle from the 审核 tab's cycle list (read afresh each time)."""
    _tab(page, "review")
    page.get_by_test_id("open-cycles").click()
    page.locator(f"[data-testid='cycle-item'][data-cycle-id='{cycle_id}']").click()
    expect(page.get_by_test_id("cycle-ready")).to_be_visible()


def _advance_cycle(page: Any, to_stage: str) -> None:
    """HR, on the cycle's page, moves it on and sees the new stage current."""
    with page.expect_response(lambda r: r.url.endswith("/advance") and r.request.method == "POST") as moved:
        page.get_by_test_id("cycle-advance").click()
        page.locator(".van-dialog__confirm").click()
    assert moved.value.status == 200, moved.value.text()
    stage = page.locator(f"[data-testid='cycle-stage'][data-stage='{to_stage}']")
    expect(stage).to_have_attribute("data-state", "current")


def test_a_new_company_runs_its_first_cycle_from_the_phone(local_system: LocalSystem, browser: Any) -> None:
    expect.set_options(timeout=WAIT)  # the assertions wait as long as the actions (5 s by default)
    try:
        _journey(local_system, browser)
    except Exception:
        for n, context in enumerate(browser.contexts):  # where each phone was when it failed
            for page in context.pages:
                screenshot(page, f"journey/failed-{n}")
        raise
    finally:
        expect.set_options(timeout=5_000)


def _journey(local_system: LocalSystem, browser: Any) -> None:
    web = local_system.web_url
    tag = uuid.uuid4().hex[:8]
    emails = {who: f"{who}-{tag}@qinghe.example.com" for who in ("founder", "head", "employee")}
    shot = Shots()

    # 1. Sign-up: the founder creates the company on the phone and signs in (admin + HR)
    hr = _phone(browser)
    hr.goto(f"{web}/#/signup")
    hr.locator("#signup-company").fill(COMPANY)
    hr.locator("#signup-admin-name").fill(FOUNDER)
    hr.locator("#signup-admin-email").fill(emails["founder"])
    hr.locator("#signup-password").fill(PASSWORD)
    hr.get_by_test_id("signup-consent").check()
    shot(hr, "signup")
    hr.get_by_test_id("signup-submit").click()
    hr.wait_for_url(lambda url: "#/signin" in url)
    hr.locator("#signin-password").fill(PASSWORD)
    hr.get_by_test_id("signin-submit").click()
    checklist = hr.get_by_test_id("setup-checklist")
    expect(checklist.get_by_test_id("setup-progress")).to_have_text("已完成 0/7")
    shot(hr, "checklist")

    # 2. Org: a department and a position in it
    checklist.locator('[data-step="units"]').click()
    hr.locator("#unit-name").fill(DEPARTMENT)
    hr.get_by_test_id("unit-submit").click()
    hr.get_by_test_id("org-tree").get_by_text(DEPARTMENT).wait_for()
    _checklist_step(hr, "positions")
    hr.locator("#position-title").fill(POSITION)
    _pick_unit(hr, "position-unit", DEPARTMENT)
    hr.locator("#position-headcount").fill("1")
    shot(hr, "position")
    hr.get_by_test_id("position-submit").click()
    hr.get_by_test_id("position-row").filter(has_text=POSITION).wait_for()

    # 3. People: the head, then the employee in the position with the head as her manager; the head then
    # heads the department (chosen by name on the department's form)
    _add_person(hr, HEAD, emails["head"], position=None, manager=FOUNDER)
    _add_person(hr, EMPLOYEE, emails["employee"], position=POSITION, manager=HEAD)
    shot(hr, "people")
    _tab(hr, "org")
    hr.get_by_test_id("org-unit-link").filter(has_text=DEPARTMENT).click()
    hr.get_by_test_id("unit-form").wait_for()
    _pick_person(hr, "unit-head", HEAD)
    shot(hr, "department-head")
    hr.get_by_test_id("unit-submit").click()
    hr.get_by_test_id("org-tree").get_by_text(DEPARTMENT).wait_for()

    # 4. Invitations: both are invited from their page and accept on their own phones
    _checklist_step(hr, "invitations")
    _invite(hr, HEAD)
    _invite(hr, EMPLOYEE)
    shot(hr, "invited")
    head = _accept_invitation(browser, local_system, emails["head"])
    head.get_by_test_id("dashboard-title-unit").wait_for()
    shot(head, "head-signed-in")
    me = _accept_invitation(browser, local_system, emails["employee"])
    me.get_by_test_id("dashboard-title-mine").wait_for()
    shot(me, "employee-signed-in")

    # 5. Goals: the company's goal for the year, cascaded to the department
    _checklist_step(hr, "goals")
    hr.get_by_test_id("goals-add-company").click()
    hr.locator("#goal-title").fill("全年门店转化率提升到 10%")
    hr.locator("#goal-target").fill("转化率 ≥ 10%")
    hr.get_by_test_id("goal-submit").click()
    company_goal = hr.get_by_test_id("goal-card").filter(has_text="全年门店转化率提升到 10%")
    company_goal.get_by_test_id("goal-cascade").click()
    hr.get_by_test_id("goal-parent").wait_for()
    _pick_unit(hr, "goal-unit", DEPARTMENT)
    hr.locator("#goal-title").fill("门店运营部转化率 10%")
    hr.locator("#goal-weight").fill("100")
    hr.get_by_test_id("goal-submit").click()
    expect(hr.get_by_test_id("goal-card").filter(has_text="门店运营部转化率 10%")).to_have_attribute("data-depth", "1")
    shot(hr, "goals")

    # 6. Indicators drafted: the head drafts one indicator from the library for the 店长 position
    _tab(head, "home")
    head.get_by_test_id("new-set-button").click()
    head.get_by_test_id("draft-form").wait_for()
    head.locator("#draft-position").select_option(label=POSITION)
    head.get_by_test_id("library-open").click()
    head.get_by_test_id("library-search").locator("input").fill(TEMPLATE)
    head.locator(f"[data-testid='library-item'][data-template-code='{TEMPLATE}']").get_by_test_id("library-add").click()
    head.get_by_test_id("library-done").click()
    head.get_by_test_id("draft-item-target-0").locator("input").fill("10")
    head.get_by_test_id("draft-item-threshold-0").locator("input").fill("6")
    head.get_by_test_id("draft-item-weight-0").locator("input").fill("100")
    head.get_by_test_id("draft-item-source-0").locator("input").fill("门店收银系统")
    _pick_person(head, "draft-item-owner-0", HEAD)
    head.get_by_test_id("draft-item-goal-0").locator("select").select_option(label="部门目标 · 门店运营部转化率 10%")
    expect(head.get_by_test_id("draft-submit")).to_be_enabled()
    shot(head, "indicator-drafted")
    with head.expect_response(lambda r: r.url.endswith("/submit") and r.request.method == "POST") as submitted:
        head.get_by_test_id("draft-submit").click()
    assert submitted.value.status == 200, submitted.value.text()
    set_id = json.loads(submitted.value.text())["set_id"]
    head.get_by_test_id("dashboard-title-unit").wait_for()

    # 7. Reviewed: HR finds it in the review queue (the compliance review) and approves it
    _tab(hr, "review")
    hr.locator(f"[data-testid='hr-queue-item'][data-set-id='{set_id}']").click()
    hr.get_by_test_id("review-item").first.wait_for()
    shot(hr, "hr-review")
    with hr.expect_response(lambda r: r.url.endswith("/approve") and r.request.method == "POST") as approved:
        hr.get_by_test_id("approve-button").click()
        hr.locator(".van-dialog__confirm").click()
    assert approved.value.status == 200, approved.value.text()
    assert json.loads(approved.value.text())["state"] == "published"

    # 8. Confirmed: the employee sees it among her indicators and confirms it
    _tab(me, "mine")
    me.reload()  # her phone has been open since she signed in: pull the list afresh
    my_set = me.locator(f"[data-testid='my-set'][data-set-id='{set_id}']")
    my_set.get_by_test_id("my-indicator").first.wait_for()
    with me.expect_response(lambda r: r.url.endswith("/confirm") and r.request.method == "POST") as confirmed:
        my_set.get_by_test_id("confirm-button").click()
        me.locator(".van-dialog__confirm").click()
    assert confirmed.value.status == 200, confirmed.value.text()
    assert json.loads(confirmed.value.text())["confirmation"] == "confirmed"
    my_set.get_by_test_id("my-confirmed-at").wait_for()
    shot(me, "employee-confirmed")

    # 9. Actuals: the head, the indicator's data owner, finds her on 数据填报 and enters the month's counts
    _tab(head, "home")
    head.get_by_test_id("open-data-entry").click()
    head.get_by_test_id("data-entry-title").wait_for()
    head.get_by_test_id("data-search").locator("input").fill(EMPLOYEE)
    duty = head.get_by_test_id("data-person").filter(has_text=EMPLOYEE)
    leads = duty.locator("[data-testid='data-measure'][data-measure-key='qualified_leads'] input")
    expect(head.get_by_label("有效线索客户数（个）").first).to_be_visible()
    leads.fill("210")
    duty.locator("[data-testid='data-measure'][data-measure-key='converted_customers'] input").fill("18")
    with head.expect_response(lambda r: r.url.endswith("/reviews/actuals") and r.request.method == "POST") as saved:
        head.get_by_test_id("data-save").click()
    assert saved.value.status == 200, saved.value.text()
    assert saved.value.request.header_value("idempotency-key")
    expect(head.get_by_test_id("data-saved")).to_have_text("已保存 2 项")
    # a typo corrected: only the changed count is sent, and it is still there after a reload
    leads.fill("200")
    with head.expect_response(lambda r: r.url.endswith("/reviews/actuals") and r.request.method == "POST") as saved:
        head.get_by_test_id("data-save").click()
    assert saved.value.status == 200, saved.value.text()
    sent = json.loads(saved.value.request.post_data or "{}")
    assert [list(e["values"]) for e in sent["entries"]] == [["qualified_leads"]]
    expect(head.get_by_test_id("data-saved")).to_have_text("已保存 1 项")
    shot(head, "actuals")
    month = head.locator("#data-step").input_value()
    head.reload()  # the screen now opens on the next month due: the month just entered is picked again
    head.locator("#data-step").select_option(month)
    expect(leads).to_have_value("200")

    # 10. The cycle: HR starts it from the checklist's last step for the year, the founder and the head left
    # out (the employee alone is reviewed), and moves it to self review
    _checklist_step(hr, "cycle")
    hr.get_by_test_id("cycle-form").wait_for()
    year = date.today().year  # the form's default period; each stage's deadline follows it
    expect(hr.locator("#cycle-period")).to_have_value(str(year))
    expect(hr.get_by_test_id("cycle-deadline-in_progress")).to_have_value(f"{year}-12-31")
    for name in (FOUNDER, HEAD):
        hr.get_by_test_id("cycle-exclude-search").fill(name)
        hr.get_by_test_id("cycle-exclude-option").filter(has_text=name).first.click()
        expect(hr.get_by_test_id("cycle-excluded")).to_contain_text(name)
    assert _small_targets(hr, "main form") == []
    shot(hr, "cycle-new")
    with hr.expect_response(lambda r: r.url.endswith("/reviews/cycles") and r.request.method == "POST") as created:
        hr.get_by_test_id("cycle-submit").click()
    assert created.value.status == 201, created.value.text()
    cycle = json.loads(created.value.text())
    assert cycle["period"] == str(year) and cycle["stage"] == "goal_setting"
    assert len(cycle["deadlines"]) == 6 and len(cycle["excluded_person_ids"]) == 2
    cycle_id = cycle["cycle_id"]
    expect(hr.locator("[data-testid='cycle-stage'][data-stage='goal_setting']")).to_have_attribute(
        "data-state", "current"
    )
    _advance_cycle(hr, "in_progress")
    _advance_cycle(hr, "self_review")
    shot(hr, "cycle-self-review")

    # 11. Self review: the employee writes and submits hers, her result beside it
    _tab(me, "mine")
    me.get_by_test_id("open-reviews").click()
    me.locator(f"[data-testid='reviews-mine-item'][data-cycle-id='{cycle_id}']").click()
    expect(me.get_by_test_id("my-review-deadline")).to_contain_text("自评截止")
    expect(me.get_by_test_id("result-score").first).not_to_have_text("—")
    me.get_by_test_id("self-comment-0").locator("textarea").fill("节假日客流大，转化率略低于目标")
    me.get_by_test_id("self-overall").locator("textarea").fill("下季度重点提升店员推荐话术")
    assert _small_targets(me, "main") == []
    shot(me, "self-review")
    with me.expect_response(lambda r: r.url.endswith("/self-review") and r.request.method == "PUT") as saved:
        me.get_by_test_id("self-submit").click()
        me.locator(".van-dialog__confirm").click()
    assert saved.value.status == 200, saved.value.text()
    assert json.loads(saved.value.text())["submitted_at"]
    expect(me.get_by_test_id("my-review-status")).to_have_text("已提交")
    _open_cycle(hr, cycle_id)  # HR sees the self reviews done before moving on
    self_reviews = hr.locator(
        "[data-testid='cycle-stage'][data-stage='self_review'] [data-testid='cycle-stage-progress']"
    )
    expect(self_reviews).to_contain_text("1/1")
    _advance_cycle(hr, "manager_review")

    # 12. Manager review: the head reads her self review beside her results and proposes a rating
    _tab(head, "mine")
    head.get_by_test_id("open-reviews").click()
    head.locator(f"[data-testid='reviews-team-item'][data-cycle-id='{cycle_id}']").click()
    head.get_by_test_id("team-person").filter(has_text=EMPLOYEE).click()
    expect(head.get_by_test_id("self-comment-shown").first).to_contain_text("节假日客流大")
    head.get_by_test_id("manager-comment-0").locator("textarea").fill("客流高峰期排班可以再优化")
    head.get_by_test_id("manager-rating-B").click()
    head.get_by_test_id("manager-overall").locator("textarea").fill("目标基本达成，执行稳定")
    shot(head, "manager-review")
    with head.expect_response(lambda r: r.url.endswith("/manager-review") and r.request.method == "PUT") as reviewed:
        head.get_by_test_id("manager-submit").click()
        head.locator(".van-dialog__confirm").click()
    assert reviewed.value.status == 200, reviewed.value.text()
    review = json.loads(reviewed.value.text())
    assert review["submitted_at"] and review["rating"] == "B"
    _open_cycle(hr, cycle_id)
    _advance_cycle(hr, "calibration")

    # 13. Calibration: HR sees the distribution against the target curve and moves her up with a reason
    hr.get_by_test_id("cycle-calibration").click()
    bars = hr.get_by_test_id("calibration-bar")
    expect(bars.first).to_be_visible()
    assert bars.count() >= 2
    hr.get_by_test_id("calibration-person").filter(has_text=EMPLOYEE).click()
    hr.get_by_test_id("calibration-rating-A").click()
    hr.get_by_test_id("calibration-reason").locator("textarea").fill("春节档期带新人，指标外贡献较大")
    with hr.expect_response(lambda r: r.url.endswith("/calibration") and r.request.method == "POST") as calibrated:
        hr.get_by_test_id("calibration-save").click()
    assert calibrated.value.status == 200, calibrated.value.text()
    assert json.loads(calibrated.value.text())["final_rating"] == "A"
    expect(
        hr.locator("[data-testid='calibration-group'][data-label='A'] [data-testid='calibration-person']")
    ).to_contain_text(EMPLOYEE)
    shot(hr, "calibration")

    # 14. Published: HR publishes the results
    _open_cycle(hr, cycle_id)
    _advance_cycle(hr, "results_published")
    shot(hr, "published")

    # 15. Confirmed: she sees her final rating and confirms it
    _tab(me, "mine")
    me.get_by_test_id("open-reviews").click()
    me.locator(f"[data-testid='reviews-mine-item'][data-cycle-id='{cycle_id}']").click()
    expect(me.get_by_test_id("my-final-rating")).to_have_text("A")
    assert _small_targets(me, "main") == []
    with me.expect_response(lambda r: r.url.endswith("/acknowledge") and r.request.method == "POST") as acked:
        me.get_by_test_id("ack-confirm").click()
        me.locator(".van-dialog__confirm").click()
    assert acked.value.status == 200, acked.value.text()
    assert json.loads(acked.value.text())["appealed"] is False
    expect(me.get_by_test_id("my-ack")).to_contain_text("确认结果")
    shot(me, "result-confirmed")
