"""Shift rules end to end: flexible hours and rest-day patterns (双休, 单休, 大小周) through the API."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from chalicelib.core import clock
from tests.support.org_sources import staffed_world
from tests.support.world import Company

FLEX = {
    "code": "flex",
    "name": "弹性班",
    "kind": "flexible",
    "start": "07:00",
    "end": "22:00",
    "core_start": "10:00",
    "core_end": "16:00",
    "required_minutes": 480,
    "grace_minutes": 5,
}
SINGLE = {"code": "six", "name": "单休班", "start": "09:00", "end": "18:00", "rest_pattern": "single"}
ALTERNATING = {
    "code": "bigsmall",
    "name": "大小周",
    "start": "09:00",
    "end": "18:00",
    "rest_pattern": "alternating",
    "rest_anchor": "2026-11-30",
}


def csv_file(rows: list[str]) -> dict:
    content = base64.b64encode(("\n".join(["工号,姓名,打卡时间", *rows]) + "\n").encode()).decode()
    return {"format": "csv", "content_base64": content}


def assign(company: Company, label: str, shift: str, valid_from: str) -> None:
    body = {"target": "person", "target_id": company.people[label], "shift": shift, "valid_from": valid_from}
    assert company.as_("hr").put("/attendance/shift-assignments", body).status == 200


@pytest.fixture(scope="module")
def company():
    clock.freeze(datetime(2027, 1, 10, 4, 0, tzinfo=UTC))  # December 2026 is over, not locked
    with staffed_world() as world:
        hr = world.as_("hr")
        for shift in (FLEX, SINGLE, ALTERNATING):
            assert hr.post("/attendance/shifts", shift).status == 201
        assign(world, "seller", "flex", "2026-12-01")  # 双休 by default
        assign(world, "engineer", "six", "2026-09-01")
        assign(world, "tech_head", "bigsmall", "2026-12-01")
        yield world
    clock.freeze(None)


def month_of(company: Company, label: str, month: str = "2026-12") -> dict:
    reply = company.as_("hr").get(f"/attendance/people/{company.people[label]}/month", month=month)
    assert reply.status == 200, reply.body
    return reply.body


def error_field(reply) -> str:
    return reply.body["error"]["details"][0]["field"]


def test_hr_defines_a_flexible_shift_with_its_rules_and_bad_rules_name_the_field(company):
    hr = company.as_("hr")
    shifts = {s["code"]: s for s in hr.get("/attendance/shifts").body["items"]}
    assert (shifts["flex"]["kind"], shifts["flex"]["core_start"], shifts["flex"]["required_minutes"]) == (
        "flexible",
        "10:00",
        480,
    )
    assert (shifts["bigsmall"]["rest_pattern"], shifts["bigsmall"]["rest_anchor"]) == ("alternating", "2026-11-30")

    no_core = hr.post("/attendance/shifts", {**FLEX, "code": "flex2", "core_start": None})
    outside = hr.post("/attendance/shifts", {**FLEX, "code": "flex3", "core_end": "23:00"})
    too_long = hr.post("/attendance/shifts", {**FLEX, "code": "flex4", "required_minutes": 960})
    no_anchor = hr.post("/attendance/shifts", {**ALTERNATING, "code": "bigsmall2", "rest_anchor": None})
    fixed_core = hr.post("/attendance/shifts", {**SINGLE, "code": "six2", "core_start": "10:00"})

    assert [(r.status, error_field(r)) for r in (no_core, outside, too_long, no_anchor, fixed_core)] == [
        (400, "core_start"),
        (400, "core_end"),
        (400, "required_minutes"),
        (400, "rest_anchor"),
        (400, "core_start"),
    ]
    assert no_core.body["error"]["message"].startswith("弹性班次")
    assert company.as_("employee").post("/attendance/shifts", {**FLEX, "code": "mine"}).status == 403


def test_a_flexible_day_is_present_late_after_the_core_start_or_short_of_the_total(company):
    number = company.admin.get(f"/org/people/{company.people['seller']}").body["employee_no"]
    rows = [
        f"{number},陈静,2026-12-01 08:00",
        f"{number},陈静,2026-12-01 16:05",
        f"{number},陈静,2026-12-02 10:12",
        f"{number},陈静,2026-12-02 19:00",
        f"{number},陈静,2026-12-03 09:00",
        f"{number},陈静,2026-12-03 16:15",
    ]
    assert company.as_("hr").post("/attendance/punches/import", csv_file(rows)).status == 201

    days = {d["date"]: d for d in month_of(company, "seller")["days"]}

    assert days["2026-12-01"]["status"] == "present"
    assert (days["2026-12-02"]["status"], days["2026-12-02"]["late_minutes"]) == ("late", 12)
    assert (days["2026-12-03"]["status"], days["2026-12-03"]["short_minutes"]) == ("short_hours", 45)
    assert (days["2026-12-05"]["status"], days["2026-12-05"]["day_kind"]) == ("rest", "rest_day")


def test_a_single_rest_day_saturday_is_a_working_day_absent_without_punches(company):
    company.as_("hr").post("/attendance/months/recompute", {"month": "2026-12"})

    days = {d["date"]: d for d in month_of(company, "engineer")["days"]}

    assert (days["2026-12-05"]["status"], days["2026-12-05"]["day_kind"]) == ("absent", "workday")
    assert (days["2026-12-06"]["status"], days["2026-12-06"]["day_kind"]) == ("rest", "rest_day")


def test_overtime_multipliers_follow_the_persons_own_rest_days(company):
    single_saturday = company.as_("engineer").post("/attendance/overtime", {"date": "2026-12-05", "hours": 2})
    double_saturday = company.as_("employee").post("/attendance/overtime", {"date": "2026-12-05", "hours": 2})
    national_day = company.as_("engineer").post("/attendance/overtime", {"date": "2026-10-03", "hours": 2})

    assert (single_saturday.body["day_kind"], single_saturday.body["multiplier"]) == ("workday", 1.5)
    assert (double_saturday.body["day_kind"], double_saturday.body["multiplier"]) == ("rest_day", 2.0)
    assert (national_day.body["day_kind"], national_day.body["multiplier"]) == ("statutory_holiday", 3.0)


def test_days_due_and_rest_days_follow_each_persons_pattern(company):
    double, single, alternating = (month_of(company, label) for label in ("seller", "engineer", "tech_head"))

    assert [m["summary"]["scheduled_days"] for m in (double, single, alternating)] == ["23", "27", "25"]
    # 大小周: the first fortnight (30 Nov–13 Dec) rests on Sunday 6, then Saturday 12 and Sunday 13: 11 working days
    assert [d for d in alternating["rest_days"] if d <= "2026-12-13"] == ["2026-12-06", "2026-12-12", "2026-12-13"]
    assert single["rest_days"][:2] == ["2026-12-06", "2026-12-13"]
    assert double["rest_days"][:2] == ["2026-12-05", "2026-12-06"]


def test_the_month_wide_summaries_give_the_same_days_due_as_the_person_read(company):
    summaries = company.as_("hr").get("/attendance/months/summaries", month="2026-12").body["items"]
    due = {s["person_id"]: s["scheduled_days"] for s in summaries}

    assert [due[company.people[label]] for label in ("seller", "engineer", "tech_head")] == ["23", "27", "25"]


def test_leave_over_a_weekend_counts_the_persons_own_working_days(company):
    body = {"leave_type": "personal", "start": "2027-01-15", "end": "2027-01-17"}  # Friday to Sunday

    single = company.as_("engineer").post("/attendance/leave-requests", body)
    double = company.as_("employee").post("/attendance/leave-requests", body)

    assert (single.status, single.body["amount"]) == (201, 2)  # Friday and the 单休 Saturday
    assert (double.status, double.body["amount"]) == (201, 1)


def test_a_trip_over_a_weekend_counts_the_travellers_own_working_days(company):
    body = {"start": "2027-01-22", "end": "2027-01-24", "destination": "深圳", "reason": "客户现场实施"}  # Fri–Sun

    single = company.as_("engineer").post("/attendance/trips", body)
    double = company.as_("employee").post("/attendance/trips", body)

    assert (single.status, single.body["days"]) == (201, 2)  # Friday and the 单休 Saturday
    assert (double.status, double.body["days"]) == (201, 1)


def test_the_lock_freezes_each_persons_own_days_due(company):
    # When HR locks December (every other test of this module has read it open)
    assert company.as_("hr").post("/attendance/months/lock", {"month": "2026-12"}).status == 200

    # Then the frozen summaries keep the days due of each person's pattern, as the live ones did
    summaries = company.as_("hr").get("/attendance/months/summaries", month="2026-12").body
    due = {s["person_id"]: s["scheduled_days"] for s in summaries["items"]}
    assert summaries["locked"] is True
    assert [due[company.people[label]] for label in ("seller", "engineer", "tech_head")] == ["23", "27", "25"]


def test_a_late_correction_prices_overtime_by_the_persons_own_rest_days(company):
    # Given December locked (the lock test above may have run on another worker)
    hr = company.as_("hr")
    if not hr.get("/attendance/months/status", month="2026-12").body["locked"]:
        assert hr.post("/attendance/months/lock", {"month": "2026-12"}).status == 200

    # When HR late-corrects two hours of overtime onto Saturday 12 December of the 单休 engineer
    body = {
        "person_id": company.people["engineer"],
        "date": "2026-12-12",
        "status": None,
        "leave_type": None,
        "overtime_hours": "2",
        "reason": "补报加班",
    }
    reply = hr.request("POST", "/attendance/months/corrections", body, headers={"Idempotency-Key": "six-ot-1212"})

    # Then the difference is workday overtime (his Saturday is a working day), not rest-day overtime
    assert reply.status == 201, reply.body
    assert {a["field"]: a["delta"] for a in reply.body["adjustments"]} == {"overtime_hours.workday": "2"}
