"""Pay follows the locked attendance month, through the real attendance domain (no stand-in).

The payroll tests swap in a fake month summary to pin the arithmetic; this one proves the wiring:
punches imported for November with two late arrivals, 6 h of approved workday overtime and one
approved day of personal leave, the month locked by HR, then a payroll run whose payslip carries
exactly those figures, each traced to the attendance month.
"""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.attendance.calendar import with_overrides
from chalicelib.core import clock
from tests.integration.test_payroll import RULE_SET, STRUCTURE
from tests.support.org_sources import staffed_world

MONTH = "2026-11"
LATE_DAYS = {date(2026, 11, 3), date(2026, 11, 17)}
LEAVE_DAY = date(2026, 11, 20)
OVERTIME_DAY = date(2026, 11, 12)


@pytest.fixture(scope="module")
def company():
    clock.freeze(datetime(2026, 12, 2, 1, 5, tzinfo=UTC))
    with staffed_world() as world:
        world.person("payroller", "钱薇")
        world.user("payroll", ["payroll"], person="payroller")
        yield world
    clock.freeze(None)


def _punch_file(employee_no: str) -> dict:
    """A device export: every working day of November in at 08:55 and out at 18:05, two days in at
    09:20, nothing on the day of leave."""
    calendar = with_overrides([])
    rows = ["工号,姓名,打卡时间"]
    day = date(2026, 11, 1)
    while day.month == 11:
        if calendar.is_working_day(day) and day != LEAVE_DAY:
            arrival = "09:20" if day in LATE_DAYS else "08:55"
            rows += [f"{employee_no},陈静,{day} {arrival}:00", f"{employee_no},陈静,{day} 18:05:00"]
        day += timedelta(days=1)
    content = base64.b64encode(("\n".join(rows) + "\n").encode()).decode()
    return {"format": "csv", "content_base64": content}


def _approved(company, path: str, body: dict, id_field: str, decision_path: str) -> None:
    filed = company.as_("employee").post(path, body)
    assert filed.status == 201, filed.body
    decided = company.as_("manager").post(
        decision_path.format(filed.body[id_field]), {"version": filed.body["version"], "approve": True}
    )
    assert decided.status == 200, decided.body


def test_a_payslip_carries_the_locked_months_late_arrivals_overtime_and_unpaid_leave(company):
    seller = company.people["seller"]
    hr, payroll = company.as_("hr"), company.as_("payroll")
    # Given November's punches, approved overtime and personal leave, and the month locked
    employee_no = company.admin.get(f"/org/people/{seller}").body["employee_no"]
    assert hr.post("/attendance/punches/import", _punch_file(employee_no)).status == 201
    _approved(company, "/attendance/overtime", {"date": str(OVERTIME_DAY), "hours": 6}, "overtime_id",
              "/attendance/overtime/{}/decision")
    _approved(company, "/attendance/leave-requests",
              {"leave_type": "personal", "start": str(LEAVE_DAY), "end": str(LEAVE_DAY)}, "request_id",
              "/attendance/leave-requests/{}/decision")
    locked = hr.post("/attendance/months/lock", {"month": MONTH})
    assert locked.status == 200, locked.body
    summary = next(s for s in hr.get("/attendance/months/summaries", month=MONTH).body["items"]
                   if s["person_id"] == seller)
    assert (summary["late_count"], summary["absent_days"]) == (2, "0")

    # When payroll runs November
    assert payroll.put("/payroll/settings", {"rating_coefficients": {"A": 1.2, "B": 1.0},
                                             "late_deduction_each": 50, "version": 0}).status == 200
    assert payroll.post("/payroll/rule-sets", RULE_SET).status == 201
    assert payroll.put(f"/payroll/people/{seller}/structure", STRUCTURE).status == 200
    run = payroll.post("/payroll/runs", {"month": MONTH})
    assert run.status == 201, run.body
    computed = payroll.post(f"/payroll/runs/{run.body['run_id']}/compute", {})
    assert computed.status == 200, computed.body

    # Then the payslip's attendance lines are the locked month's, traced to it
    slip = payroll.get(f"/payroll/runs/{run.body['run_id']}/payslips/{seller}").body
    lines = {line["code"]: line for line in slip["lines"]}
    assert lines["late_deduction"]["amount"] == "-100.00"
    assert lines["overtime_workday"]["amount"] == "620.69"  # 12,000 / 21.75 / 8 × 1.5 × 6 h
    assert lines["unpaid_leave_personal"]["amount"] == "-551.72"  # 12,000 / 21.75 × 1 day
    for code in ("late_deduction", "overtime_workday", "unpaid_leave_personal"):
        assert lines[code]["source"]["kind"] == "attendance", lines[code]
