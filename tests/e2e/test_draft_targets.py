"""The draft form's target pickers in the browser: a department head drafts a set for specific
people of a team below their department."""

from __future__ import annotations

import json
from typing import Any

import pytest

from local.demo import story
from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e

TEAM = "后端开发组"  # inside 技术部, which 赵磊 (tech_head) heads
ENGINEER = "刘洋"  # the "engineer" demo login, in that team


def test_a_head_drafts_a_set_for_specific_people_of_a_team_below_them(local_system: LocalSystem, phone: Any) -> None:
    # Given the head of 技术部 on the new-set screen (their own department is preselected)
    email = login_email("tech_head")
    units = local_system.api_get(email, story.PASSWORD, "/org/units?limit=500")["items"]
    team_id = next(u["unit_id"] for u in units if u["name"] == TEAM)
    people = local_system.api_get(email, story.PASSWORD, "/org/people?limit=500")["items"]
    engineer_id = next(p["person_id"] for p in people if p["name"] == ENGINEER)
    page = phone.new_page()
    sign_in(page, local_system, "tech_head")
    page.get_by_test_id("dashboard-title-unit").wait_for()
    page.goto(f"{local_system.web_url}/#/sets/new")
    page.get_by_test_id("draft-form").wait_for()

    # When they pick the team from the unit picker, switch to specific people and search for one
    page.locator("#draft-unit").select_option(value=team_id)
    page.get_by_test_id("draft-mode-people").check()
    page.locator("#draft-people-search").fill(ENGINEER)
    page.locator(f"[data-testid='draft-person-option'][data-person-id='{engineer_id}']").check()
    page.locator("#draft-people-search").fill("")
    page.get_by_test_id("draft-person-chip").first.wait_for()
    screenshot(page, "draft-people-picked")
    with page.expect_response(lambda r: r.url.endswith("/indicators/sets") and r.request.method == "POST") as saved:
        page.get_by_test_id("draft-save").click()

    # Then the draft is saved for the team, for that person only
    assert saved.value.status == 201, saved.value.text()
    body = json.loads(saved.value.text())
    assert body["unit_id"] == team_id
    assert body["position_id"] is None
    assert body["person_ids"] == [engineer_id]
    page.get_by_test_id("draft-people-names").wait_for()
    assert ENGINEER in page.get_by_test_id("draft-people-names").inner_text()
