"""Each role signs in on a phone-sized screen and lands on its own dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from local.demo import story
from tests.e2e.conftest import PHONE, LocalSystem, screenshot

pytestmark = pytest.mark.e2e

# login label (local/demo/story.py LOGINS) -> the home screen's title test id (static_site/README.md)
HOME = {
    "admin": "dashboard-title-rollout",
    "hr": "dashboard-title-hr",
    "executive": "dashboard-title-rollout",
    "sales_head": "dashboard-title-unit",
    "tech_head": "dashboard-title-unit",
    "employee": "dashboard-title-mine",
    "engineer": "dashboard-title-mine",
}


def login_email(label: str) -> str:
    key = next(key for name, key, *_ in story.LOGINS if name == label)
    return f"{story.KEY_PEOPLE[key][1]}@{story.DOMAIN}"


def sign_in(page: Any, system: LocalSystem, label: str) -> None:
    page.goto(f"{system.web_url}/#/signin")
    page.locator("#signin-email").fill(login_email(label))
    page.locator("#signin-password").fill(story.PASSWORD)
    page.get_by_test_id("signin-submit").click()
    page.wait_for_url(lambda url: "#/signin" not in url)


@pytest.mark.parametrize("label", list(HOME))
def test_a_role_signs_in_and_sees_its_dashboard(local_system: LocalSystem, phone: Any, label: str) -> None:
    # Given a demo user of the role, on a phone
    page = phone.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    # When they sign in with their email and password
    sign_in(page, local_system, label)

    # Then their home screen is that role's dashboard, it finishes loading and shows no error
    page.get_by_test_id(HOME[label]).wait_for()
    expect(page.locator("[data-testid$='-loading']")).to_have_count(0, timeout=30_000)
    page.wait_for_load_state("networkidle")
    errors = page.locator("[data-testid$='-error']")
    assert errors.count() == 0, errors.first.inner_text()
    assert not failed, failed
    # and nothing is wider than the phone (a phone would zoom out and push the tab bar off screen)
    widest = page.evaluate("() => document.documentElement.scrollWidth")
    assert widest <= PHONE["width"], f"the page is {widest} px wide on a {PHONE['width']} px phone"
    screenshot(page, f"home-{label}")


def test_a_wrong_password_is_refused_on_the_sign_in_screen(local_system: LocalSystem, phone: Any) -> None:
    # Given the sign-in screen
    page = phone.new_page()
    page.goto(f"{local_system.web_url}/#/signin")

    # When someone types a wrong password for a real account
    page.locator("#signin-email").fill(login_email("employee"))
    page.locator("#signin-password").fill("Not-The-Password-1")
    page.get_by_test_id("signin-submit").click()

    # Then the form says so and they stay on the sign-in screen
    page.get_by_test_id("signin-error").wait_for()
    assert "#/signin" in page.url
    screenshot(page, "signin-refused")


def test_an_employee_sees_the_company_org_chart(local_system: LocalSystem, phone: Any) -> None:
    # Given an employee signed in
    page = phone.new_page()
    sign_in(page, local_system, "employee")

    # When they open the organisation screen
    page.goto(f"{local_system.web_url}/#/org")

    # Then the tree shows the demo company's departments
    tree = page.get_by_test_id("org-tree")
    tree.wait_for()
    tree.get_by_text("销售部").first.wait_for()
    for department in ("技术部", "人力资源部"):
        assert tree.get_by_text(department).count() >= 1
    screenshot(page, "org-tree-employee")


def test_the_director_sees_every_department_with_its_completion(local_system: LocalSystem, phone: Any) -> None:
    # Given the executive signed in (their home is the rollout dashboard)
    page = phone.new_page()
    sign_in(page, local_system, "executive")

    # When the dashboard has loaded
    table = page.get_by_test_id("rollout-table")
    table.wait_for()

    # Then each department is a row with its completion, and the summary shows the company's
    rows = page.get_by_test_id("rollout-row")
    names = [rows.nth(i).locator("th").inner_text() for i in range(rows.count())]
    for department in ("销售部", "技术部", "风控部", "人力资源部"):
        assert any(department in name for name in names), names
    assert rows.first.get_by_test_id("rollout-row-completion").inner_text().endswith("%")
    assert page.get_by_test_id("rollout-completion").inner_text().endswith("%")
    screenshot(page, "rollout-director")


def test_hr_opens_the_desk_for_one_quarter(local_system: LocalSystem, phone: Any) -> None:
    # Given HR signed in on the review desk (every period)
    page = phone.new_page()
    sign_in(page, local_system, "hr")
    page.get_by_test_id("dashboard-title-hr").wait_for()
    expect(page.locator("[data-testid$='-loading']")).to_have_count(0, timeout=30_000)

    # When they narrow it to this year's first quarter (the tests draft yearly sets only)
    quarter = page.get_by_test_id("hr-period").locator("option[value$='-Q1']").get_attribute("value")
    with page.expect_response(lambda r: f"/dashboards/hr?period={quarter}" in r.url and r.status == 200):
        page.get_by_test_id("hr-period").select_option(quarter)

    # Then the queue is empty for that quarter, without an error
    page.get_by_test_id("hr-queue-empty").wait_for()
    assert page.locator("[data-testid$='-error']").count() == 0
    screenshot(page, "hr-desk-quarter")
