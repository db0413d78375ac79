"""Attendance on the phone: the seller (王芳) clocks in from the 打卡 screen and finds last month's days in 我的考勤
(a late day shows its minutes, her days off are listed; a Saturday she punched shows overtime nobody asked for,
asked for in one tap), after HR imported the punch clock's export; HR defines a flexible 大小周 shift on the
班次与休息日 screen."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from local.demo import story
from tests.e2e.conftest import PHONE, LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e


def test_an_employee_clocks_in_and_sees_her_month_with_a_late_day(
    local_system: LocalSystem, phone: Any, browser: Any
) -> None:
    # Given HR imported her November punches from the time clock (late 12 minutes on Tuesday 3 November)
    hr = login_email("hr")
    people = local_system.api_get(hr, story.PASSWORD, "/org/people?limit=500")["items"]
    seller = next(p for p in people if p["name"] == story.KEY_PEOPLE["seller"][0])
    rows = [f"{seller['employee_no']},{at}" for at in
            ("2026-11-02 08:55", "2026-11-02 18:05", "2026-11-03 09:12", "2026-11-03 18:00",
             "2026-11-07 09:00", "2026-11-07 17:00")]
    content = base64.b64encode(("工号,打卡时间\n" + "\n".join(rows) + "\n").encode()).decode()
    local_system.api_send(hr, story.PASSWORD, "POST", "/attendance/punches/import",
                          {"format": "csv", "content_base64": content})

    # When she clocks in on her phone (location allowed)
    phone.grant_permissions(["geolocation"])
    phone.set_geolocation({"latitude": 31.2304, "longitude": 121.4737, "accuracy": 20})
    page = phone.new_page()
    sign_in(page, local_system, "employee")
    page.goto(f"{local_system.web_url}/#/attendance")
    page.get_by_test_id("clock-button").wait_for()
    with page.expect_response(lambda r: r.url.endswith("/attendance/punches") and r.request.method == "POST") as sent:
        page.get_by_test_id("clock-button").click()
    assert sent.value.status == 201, sent.value.text()

    # Then today's punch is listed
    page.get_by_test_id("clock-punch").first.wait_for()
    screenshot(page, "attendance-1-clock-in")

    # And 我的考勤 for November shows Monday present and Tuesday late by 12 minutes
    page.get_by_test_id("clock-month-link").click()
    page.get_by_test_id("month-label").wait_for()
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    for _ in range((now.year - 2026) * 12 + now.month - 11):
        page.get_by_test_id("month-prev").click()
    page.get_by_test_id("month-label").filter(has_text="2026-11").wait_for()
    tuesday = page.get_by_test_id("day-2026-11-03")
    tuesday.wait_for()
    assert "迟到" in tuesday.inner_text() and "12" in tuesday.inner_text()
    assert "正常" in page.get_by_test_id("day-2026-11-02").inner_text()
    screenshot(page, "attendance-2-month")

    # And Saturday 7 November shows 8 hours of overtime not asked for; one tap asks for it (paid once approved)
    saturday = page.get_by_test_id("overtime-flag-2026-11-07")
    assert "休息日打卡 8 小时" in saturday.inner_text()
    page.get_by_test_id("ask-overtime-2026-11-07").click()
    page.get_by_test_id("overtime-flag-2026-11-07").filter(has_text="已申请").wait_for()
    screenshot(page, "attendance-3-overtime-asked")
    # And the month lists her days off (双休: that November's Saturdays and Sundays)
    assert "本月休息日" in page.get_by_test_id("month-rest-days").inner_text()

    # And HR defines a flexible shift with 大小周 on the 班次与休息日 screen
    hr_page = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN",
        timezone_id="Asia/Shanghai",
    ).new_page()
    sign_in(hr_page, local_system, "hr")
    hr_page.goto(f"{local_system.web_url}/#/attendance/shifts")
    hr_page.get_by_test_id("shift-standard").wait_for()
    code = f"flex{now.strftime('%H%M%S')}"
    hr_page.get_by_test_id("shift-name").locator("input").fill("弹性班")
    hr_page.get_by_test_id("shift-code").locator("input").fill(code)
    hr_page.get_by_test_id("shift-kind").select_option("flexible")
    hr_page.get_by_test_id("shift-pattern").select_option("alternating")
    hr_page.get_by_test_id("shift-anchor").locator("input").fill("2026-11-30")
    with hr_page.expect_response(lambda r: r.url.endswith("/attendance/shifts") and r.request.method == "POST") as made:
        hr_page.get_by_test_id("shift-create").click()
    assert made.value.status == 201, made.value.text()
    assert "大小周" in hr_page.get_by_test_id(f"shift-{code}").inner_text()
    screenshot(hr_page, "attendance-4-shifts")

    # And HR, on the locked October's closing screen, corrects a day of hers (a sick note handed in late):
    # the correction is listed with the month it is carried to, October itself stays locked
    if not local_system.api_get(hr, story.PASSWORD, "/attendance/months/status?month=2026-10")["locked"]:
        local_system.api_send(hr, story.PASSWORD, "POST", "/attendance/months/lock", {"month": "2026-10"})
    hr_page.goto(f"{local_system.web_url}/#/attendance/closing")
    hr_page.get_by_test_id("closing-month").wait_for()
    for _ in range((now.year - 2026) * 12 + now.month - 10 - 1):
        hr_page.get_by_test_id("closing-prev").click()
    hr_page.get_by_test_id("closing-month").filter(has_text="2026-10").wait_for()
    hr_page.get_by_test_id("closing-locked").wait_for()
    hr_page.get_by_test_id(f"closing-fix-{seller['person_id']}").click()
    hr_page.get_by_test_id("late-date").fill("2026-10-20")
    hr_page.get_by_test_id("late-status").select_option("on_leave")
    hr_page.get_by_test_id("late-leave-type").select_option("sick")
    hr_page.get_by_test_id("late-reason").locator("input").fill("补交病假条")
    with hr_page.expect_response(lambda r: r.url.endswith("/attendance/months/corrections")
                                 and r.request.method == "POST") as fixed:
        hr_page.get_by_test_id("late-submit").click()
    assert fixed.value.status == 201, fixed.value.text()
    carried = hr_page.get_by_test_id(f"late-{fixed.value.json()['correction_id']}")
    carried.wait_for()
    assert "计入" in carried.inner_text() and "病假" in carried.inner_text()
    assert hr_page.get_by_test_id("closing-locked").is_visible()
    screenshot(hr_page, "attendance-5-late-correction")
    hr_page.context.close()

    # And her 我的考勤 of November lists the October correction carried into it
    page.reload()
    page.get_by_test_id("month-label").wait_for()
    for _ in range((now.year - 2026) * 12 + now.month - 11):
        page.get_by_test_id("month-prev").click()
    page.get_by_test_id("month-label").filter(has_text="2026-11").wait_for()
    line = page.get_by_test_id("month-carried").filter(has_text="10 月更正")
    line.wait_for()
    assert "病假" in line.inner_text() and "补交病假条" in line.inner_text()
    screenshot(page, "attendance-6-carried")
