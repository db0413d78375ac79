"""A correction to a locked, already paid attendance month reaches the next month's pay.

October 2026 is locked by HR with one unexcused absence (no punches on 15 October), and payroll has
paid October (the absence deducted). HR later receives the sick note: a late correction of that day
to sick leave leaves October's frozen summary as paid, carries the difference (absent −1, sick +1)
to November's summary, and November's payslip refunds the October deduction at October's divisor,
traced to the attendance month and the correction.
"""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from chalicelib.attendance.calendar import with_overrides
from chalicelib.core import clock
from tests.integration.test_payroll import RULE_SET, STRUCTURE
from tests.support.org_sources import staffed_world

OCTOBER, NOVEMBER = "2026-10", "2026-11"
ABSENT_DAY = date(2026, 10, 15)
KEY = {"Idempotency-Key": "sick-note-1015"}
CORRECTION = {"date": str(ABSENT_DAY), "status": "on_leave", "leave_type": "sick", "reason": "补交 10 月 15 日病假条"}


@pytest.fixture(scope="module")
def company():
    clock.freeze(datetime(2026, 11, 5, 1, 5, tzinfo=UTC))
    with staffed_world() as world:
        world.person("payroller", "钱薇")
        world.user("payroll", ["payroll"], person="payroller")
        _october_locked_and_paid(world)
        yield world
    clock.freeze(None)


def _punch_file(employee_no: str) -> dict:
    """Every working day of October in at 08:55 and out at 18:05, except the absent day."""
    calendar = with_overrides([])
    assert calendar.is_working_day(ABSENT_DAY)
    rows = ["工号,姓名,打卡时间"]
    day = date(2026, 10, 1)
    while day.month == 10:
        if calendar.is_working_day(day) and day != ABSENT_DAY:
            rows += [f"{employee_no},陈静,{day} 08:55:00", f"{employee_no},陈静,{day} 18:05:00"]
        day += timedelta(days=1)
    return {"format": "csv", "content_base64": base64.b64encode(("\n".join(rows) + "\n").encode()).decode()}


def _status(world, run: dict, user: str, status: str) -> dict:
    reply = world.as_(user).post(f"/payroll/runs/{run['run_id']}/status", {"status": status, "version": run["version"]})
    assert reply.status == 200, reply.body
    return reply.body


def _paid_run(world, month: str) -> tuple[dict, dict]:
    """A run of ``month`` computed (and the seller's payslip)."""
    payroll = world.as_("payroll")
    run = payroll.post("/payroll/runs", {"month": month})
    assert run.status == 201, run.body
    assert payroll.post(f"/payroll/runs/{run.body['run_id']}/compute", {}).status == 200
    slip = payroll.get(f"/payroll/runs/{run.body['run_id']}/payslips/{world.people['seller']}")
    assert slip.status == 200, slip.body
    return run.body, slip.body


def _october_locked_and_paid(world) -> None:
    seller, hr, payroll = world.people["seller"], world.as_("hr"), world.as_("payroll")
    employee_no = world.admin.get(f"/org/people/{seller}").body["employee_no"]
    assert hr.post("/attendance/punches/import", _punch_file(employee_no)).status == 201
    assert hr.post("/attendance/months/lock", {"month": OCTOBER}).status == 200
    assert payroll.put("/payroll/settings", {"rating_coefficients": {"A": 1.2, "B": 1.0}, "version": 0}).status == 200
    assert payroll.post("/payroll/rule-sets", RULE_SET).status == 201
    assert payroll.put(f"/payroll/people/{seller}/structure", STRUCTURE).status == 200
    run, slip = _paid_run(world, OCTOBER)
    lines = {line["code"]: line for line in slip["lines"]}
    assert lines["absence"]["amount"] == "-551.72"  # 12,000 ÷ 21.75 × 1 day, deducted in October
    run = _status(world, run, "payroll", "reviewed")
    run = _status(world, run, "executive", "approved")
    _status(world, run, "payroll", "locked")


def _summary(world, month: str) -> dict:
    items = world.as_("hr").get("/attendance/months/summaries", month=month).body["items"]
    return next(s for s in items if s["person_id"] == world.people["seller"])


def test_employees_and_managers_cannot_correct_a_locked_month(company):
    body = {**CORRECTION, "person_id": company.people["seller"]}
    for user in ("employee", "manager"):
        reply = company.as_(user).request("POST", "/attendance/months/corrections", body, headers=KEY)
        assert reply.status == 403, (user, reply.body)
    # and their ordinary writes into the locked month stay refused with 409, naming the month
    leave = company.as_("employee").post(
        "/attendance/leave-requests", {"leave_type": "sick", "start": str(ABSENT_DAY), "end": str(ABSENT_DAY)}
    )
    assert leave.status == 409 and leave.body["error"]["details"][0]["code"] == "attendance.month_locked", leave.body


def test_a_late_correction_needs_a_locked_month_and_a_change(company):
    hr, seller = company.as_("hr"), company.people["seller"]
    open_month = hr.post("/attendance/months/corrections", {**CORRECTION, "person_id": seller, "date": "2026-11-02"})
    assert open_month.status == 409 and open_month.body["error"]["details"][0]["code"] == "attendance.month_not_locked"
    same = hr.post(
        "/attendance/months/corrections",
        {**CORRECTION, "person_id": seller, "date": "2026-10-14", "status": "present", "leave_type": None},
    )
    assert same.status == 400, same.body
    assert same.body["error"]["details"][0]["code"] == "attendance.late_correction_no_change"
    no_type = hr.post("/attendance/months/corrections", {**CORRECTION, "person_id": seller, "leave_type": None})
    assert no_type.status == 400 and no_type.body["error"]["details"][0]["field"] == "leave_type", no_type.body


def test_a_late_sick_note_is_carried_to_november_and_refunded_in_novembers_pay(company):
    hr, payroll, seller = company.as_("hr"), company.as_("payroll"), company.people["seller"]
    october_before = _summary(company, OCTOBER)
    assert (october_before["absent_days"], october_before["leave_days"]) == ("1", {})

    # When HR corrects the absent day to sick leave (and the phone retries the same request)
    body = {**CORRECTION, "person_id": seller}
    first = hr.request("POST", "/attendance/months/corrections", body, headers=KEY)
    retry = hr.request("POST", "/attendance/months/corrections", body, headers=KEY)

    # Then one correction, carried to November, with the difference against the locked month
    assert first.status == 201, first.body
    assert retry.status == 201 and retry.body["correction_id"] == first.body["correction_id"]
    assert first.body["month"] == OCTOBER and first.body["target_month"] == NOVEMBER
    changes = {a["field"]: (a["was"], a["delta"]) for a in first.body["adjustments"]}
    assert changes == {"absent_days": ("1", "-1"), "leave_days.sick": ("0", "1")}
    listed = hr.get("/attendance/months/corrections", month=OCTOBER).body["items"]
    assert [c["correction_id"] for c in listed] == [first.body["correction_id"]]
    audit = hr.get("/audit", entity_kind="attendance_late_correction", entity_id=first.body["correction_id"])
    assert len(audit.body["items"]) == 1, audit.body

    # October's frozen summary stays as paid; November's carries the adjustments
    assert _summary(company, OCTOBER) == october_before
    carried = _summary(company, NOVEMBER)["adjustments"]
    assert {(a["month"], a["field"], a["delta"], a["correction_id"]) for a in carried} == {
        (OCTOBER, "absent_days", "-1", first.body["correction_id"]),
        (OCTOBER, "leave_days.sick", "1", first.body["correction_id"]),
    }

    # And November's payslip refunds October's deduction (sick leave is not unpaid), traced
    _, slip = _paid_run(company, NOVEMBER)
    refunds = [line for line in slip["lines"] if line["code"] == "attendance_adjustment"]
    daily = (Decimal(12000) / Decimal("21.75")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert [r["amount"] for r in refunds] == [str(daily)] == ["551.72"]
    source = refunds[0]["source"]
    assert source["kind"] == "attendance"
    assert OCTOBER in source["ref"] and first.body["correction_id"] in source["ref"]
    assert payroll.get(f"/payroll/runs/{slip['run_id']}/payslips/{seller}").body["lines"] == slip["lines"]


def test_unlocking_a_month_with_late_corrections_needs_force_and_says_how_many(company):
    # Given October is locked and carries the sick-note correction (above)
    hr = company.as_("hr")
    assert hr.get("/attendance/months/corrections", month=OCTOBER).body["items"]

    # Then HR's status of October counts it; an employee's does not show it
    assert hr.get("/attendance/months/status", month=OCTOBER).body["corrections"] == 1
    assert company.as_("employee").get("/attendance/months/status", month=OCTOBER).body["corrections"] == 0

    # When HR unlocks without saying it knows: 409 naming `force`, and October stays locked
    refused = hr.post("/attendance/months/unlock", {"month": OCTOBER, "reason": "补录"})
    assert refused.status == 409
    detail = refused.body["error"]["details"][0]
    assert (detail["code"], detail["field"]) == ("attendance.unlock_has_corrections", "force")
    assert "重复发放" in detail["message"]
    assert hr.get("/attendance/months/status", month=OCTOBER).body["locked"] is True

    # And with force the month is unlocked, the count returned and the force audited
    forced = hr.post("/attendance/months/unlock", {"month": OCTOBER, "reason": "补录", "force": True})
    assert forced.status == 200 and (forced.body["locked"], forced.body["corrections"]) == (False, 1)
    audit = hr.get("/audit", entity_kind="attendance_month", entity_id=OCTOBER).body["items"]
    assert any((e.get("after") or {}).get("forced") is True for e in audit), audit
    assert hr.post("/attendance/months/lock", {"month": OCTOBER}).status == 200
