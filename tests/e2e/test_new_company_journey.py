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
import urllib.request
import uuid
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
WAIT = 30_000  # ms: the local stack on a shared 2-core machine can take seconds to answer


class Shots:
    """Numbered screenshots, one per step of the journey."""

    def __init__(self) -> None:
        (ARTIFACTS / "journey").mkdir(parents=True, exist_ok=True)
        self.n = 0

    def __call__(self, page: Any, step: str) -> None:
        self.n += 1
        screenshot(page, f"journey/{self.n:02d}-{step}")


def _phone(browser: Any) -> Any:
    """A fresh phone (its own session): each person of the journey signs in on their own."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(WAIT)
    return context.new_page()


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


def _checklist_step(page: Any, web: str, step: str) -> None:
    page.goto(f"{web}/#/")
    page.get_by_test_id("setup-checklist").locator(f'[data-step="{step}"]').click()


def _add_person(page: Any, web: str, name: str, email: str, *, position: str | None, manager: str | None) -> None:
    page.goto(f"{web}/#/people")
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
    """The invited person opens the invitation on their phone, sets a password, agrees and is signed in."""
    page = _phone(browser)
    page.goto(f"{system.web_url}/#/accept-invite")
    page.locator("#invite-email").fill(email)
    page.locator("#invite-temp-password").fill(_temporary_password(system, email))
    page.locator("#invite-new-password").fill(PASSWORD)
    page.locator("#invite-repeat-password").fill(PASSWORD)
    page.get_by_test_id("invite-consent").check()
    page.get_by_test_id("invite-submit").click()
    page.wait_for_url(lambda url: "#/accept-invite" not in url)
    return page


def test_a_new_company_runs_its_first_cycle_from_the_phone(local_system: LocalSystem, browser: Any) -> None:
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
    _checklist_step(hr, web, "positions")
    hr.locator("#position-title").fill(POSITION)
    _pick_unit(hr, "position-unit", DEPARTMENT)
    hr.locator("#position-headcount").fill("1")
    shot(hr, "position")
    hr.get_by_test_id("position-submit").click()
    hr.get_by_test_id("position-row").filter(has_text=POSITION).wait_for()

    # 3. People: the head, then the employee in the position with the head as her manager; the head then
    # heads the department (chosen by name on the department's form)
    _add_person(hr, web, HEAD, emails["head"], position=None, manager=FOUNDER)
    _add_person(hr, web, EMPLOYEE, emails["employee"], position=POSITION, manager=HEAD)
    shot(hr, "people")
    hr.goto(f"{web}/#/org")
    hr.get_by_test_id("org-unit-link").filter(has_text=DEPARTMENT).click()
    hr.get_by_test_id("unit-form").wait_for()
    _pick_person(hr, "unit-head", HEAD)
    shot(hr, "department-head")
    hr.get_by_test_id("unit-submit").click()
    hr.get_by_test_id("org-tree").get_by_text(DEPARTMENT).wait_for()

    # 4. Invitations: both are invited from their page and accept on their own phones
    hr.goto(f"{web}/#/people")
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
    _checklist_step(hr, web, "goals")
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
