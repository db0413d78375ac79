"""Drafting in the browser: the template's suggested data source resolves to a unit and its head, and a
blocking compliance finding holds 提交审核 back until the draft is fixed, checked live while typing.

Submitting, HR's review and approval and the employee's confirmation are clicked through in
test_new_company_journey.py."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from local.demo import story
from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e

PERIOD = str(date.today().year)  # the period the HR desk and dashboards show by default
POSITION = "后端开发工程师"  # 刘洋 (the "engineer" demo login) holds it; 赵磊 (tech_head) heads 技术部
TEAM = "后端开发组"  # the position's unit, inside 技术部
TEMPLATE = "TECH_DEFECT_DENSITY"


def test_a_blocking_finding_holds_submit_back_until_the_draft_is_fixed(local_system: LocalSystem, phone: Any) -> None:
    # Given the head of 技术部 on the new-set screen for the backend team in their department
    # (the unit dashboard's picker lists only the units they head, so the team is opened by address)
    units = local_system.api_get(login_email("tech_head"), story.PASSWORD, "/org/units?limit=500")["items"]
    team_id = next(u["unit_id"] for u in units if u["name"] == TEAM)
    page = phone.new_page()
    sign_in(page, local_system, "tech_head")
    page.get_by_test_id("dashboard-title-unit").wait_for()
    page.goto(f"{local_system.web_url}/#/sets/new?unit={team_id}")
    page.get_by_test_id("draft-form").wait_for()

    # When they draft one indicator from the library for the backend engineers
    page.locator("#draft-period").fill(PERIOD)
    page.locator("#draft-position").select_option(label=POSITION)
    page.get_by_test_id("library-open").click()
    page.get_by_test_id("library-search").locator("input").fill(TEMPLATE)
    page.locator(f"[data-testid='library-item'][data-template-code='{TEMPLATE}']").get_by_test_id("library-add").click()
    page.get_by_test_id("library-done").click()
    page.get_by_test_id("draft-item-target-0").locator("input").fill("0.5")
    page.get_by_test_id("draft-item-threshold-0").locator("input").fill("0.8")
    page.get_by_test_id("draft-item-weight-0").locator("input").fill("100")
    # the template's suggested source (技术部) resolved to the unit and its head as the owner, by name
    expect(page.get_by_test_id("draft-item-source-unit-0")).to_contain_text("技术部")
    expect(page.get_by_test_id("draft-item-owner-0-chosen")).to_contain_text("赵磊")
    # a draft saved without its data owner: the blocking finding shows now and holds 提交审核 back
    page.get_by_test_id("draft-item-owner-0-clear").click()
    page.get_by_test_id("draft-save").click()
    blocked = page.get_by_test_id("draft-blocked")
    blocked.wait_for()
    expect(page.get_by_test_id("draft-submit")).to_be_disabled()
    expect(page.get_by_test_id("draft-item").first).to_have_attribute("data-blocking", "true")
    screenshot(page, "flow-0-draft-blocked")
    page.get_by_test_id("draft-item-source-0").locator("input").fill("缺陷管理系统")
    # the data owner is found by name (a searchable picker, not a 200-name list)
    page.get_by_test_id("draft-item-owner-0-search").fill("赵磊")
    page.get_by_test_id("draft-item-owner-0-option").first.click()
    # the live check clears it while typing, before anything is saved again
    expect(blocked).to_have_count(0)
    expect(page.get_by_test_id("draft-submit")).to_be_enabled()
