"""Clock-in, punch import, 补卡, the month lock and who sees whose attendance."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from chalicelib.core import clock
from tests.support.org_sources import staffed_world
from tests.support.world import Company

OFFICE = {"name": "上海总部", "latitude": 31.2304, "longitude": 121.4737, "radius_m": 200}


@pytest.fixture(scope="module")
def company():
    clock.freeze(datetime(2026, 12, 2, 1, 5, tzinfo=UTC))  # Wednesday 2 December 2026, 09:05 in China
    with staffed_world() as world:
        assert world.as_("hr").post("/attendance/sites", OFFICE).status == 201
        yield world
    clock.freeze(None)


def csv_file(rows: list[str], header: str = "工号,姓名,打卡时间") -> dict:
    content = base64.b64encode(("\n".join([header, *rows]) + "\n").encode()).decode()
    return {"format": "csv", "content_base64": content}


def employee_no(company: Company, label: str) -> str:
    return company.admin.get(f"/org/people/{company.people[label]}").body["employee_no"]


def month_of(company: Company, user: str, label: str, month: str) -> dict:
    reply = company.as_(user).get(f"/attendance/people/{company.people[label]}/month", month=month)
    assert reply.status == 200, reply.body
    return reply.body


def test_clock_in_at_the_office_uses_server_time_and_a_retry_with_the_key_punches_once(company):
    tap = {"latitude": 31.2310, "longitude": 121.4740, "accuracy_m": 20}
    key = {"Idempotency-Key": "tap-1"}
    api = company.as_("employee")

    first = api.request("POST", "/attendance/punches", tap, headers=key)
    retry = api.request("POST", "/attendance/punches", tap, headers=key)

    assert first.status == 201 and (first.body["at"], first.body["inside"]) == ("2026-12-02T09:05:00", True)
    assert retry.body == first.body
    punches = api.get(f"/attendance/people/{company.people['seller']}/punches", month="2026-12").body["items"]
    assert [p["at"] for p in punches] == ["2026-12-02T09:05:00"]
    today = api.get("/attendance/me/today").body
    assert [p["at"] for p in today["punches"]] == ["2026-12-02T09:05:00"]
    assert today["result"] is None  # on time; the day is judged once the shift is over


def test_outside_every_office_a_reason_is_required_and_recorded(company):
    far = {"latitude": 39.9042, "longitude": 116.4074}

    refused = company.as_("engineer").post("/attendance/punches", far)
    recorded = company.as_("engineer").post("/attendance/punches", {**far, "reason": "北京出差"})

    assert refused.status == 400 and refused.error_fields == ["reason"]
    assert recorded.status == 201 and (recorded.body["inside"], recorded.body["reason"]) == (False, "北京出差")


def test_re_running_an_import_loses_and_duplicates_nothing_and_the_days_are_judged(company):
    number = employee_no(company, "seller")
    rows = [f"{number},陈静,2026-11-02 08:58:00", f"{number},陈静,2026-11-02 18:03:00",
            f"{number},陈静,2026-11-03 09:12:00", f"{number},陈静,2026-11-03 18:00:00"]

    first = company.as_("hr").post("/attendance/punches/import", csv_file(rows))
    again = company.as_("hr").post("/attendance/punches/import", csv_file(rows))

    assert first.status == 201 and first.body["punches"] == 4 and again.body["punches"] == 4
    punches = company.as_("hr").get(f"/attendance/people/{company.people['seller']}/punches", month="2026-11")
    assert len(punches.body["items"]) == 4
    days = {d["date"]: d for d in month_of(company, "employee", "seller", "2026-11")["days"]}
    assert days["2026-11-02"]["status"] == "present"
    assert (days["2026-11-03"]["status"], days["2026-11-03"]["late_minutes"]) == ("late", 12)
    assert days["2026-11-04"]["status"] == "absent" and days["2026-11-07"]["status"] == "rest"


def test_an_import_with_an_unknown_employee_imports_nothing_and_names_the_line(company):
    reply = company.as_("hr").post("/attendance/punches/import", csv_file(["E99999,无名,2026-11-05 09:00:00"]))

    assert reply.status == 400 and reply.body["error"]["details"][0]["field"] == "content_base64"


def test_a_night_shift_checked_out_at_06_03_is_one_present_day(company):
    # Given 技术部 works nights (22:00–06:00) from November
    hr = company.as_("hr")
    assert hr.post("/attendance/shifts", {"code": "night", "name": "夜班", "start": "22:00", "end": "06:00",
                                          "grace_minutes": 5}).status == 201
    assert hr.put("/attendance/shift-assignments", {"target": "unit", "target_id": company.units["TECH"],
                                                     "shift": "night", "valid_from": "2026-11-01"}).status == 200
    number = employee_no(company, "engineer")

    # When 刘洋 checks in Monday 21:57 and out Tuesday 06:03
    night = [f"{number},刘洋,2026-11-09 21:57", f"{number},刘洋,2026-11-10 06:03"]
    assert hr.post("/attendance/punches/import", csv_file(night)).status == 201

    # Then Monday is one present night and Tuesday is judged on its own night (absent), not on the 06:03
    days = {d["date"]: d for d in month_of(company, "tech_manager", "engineer", "2026-11")["days"]}
    assert (days["2026-11-09"]["status"], days["2026-11-09"]["shift_id"]) == ("present", "night")
    assert days["2026-11-09"]["check_out"] == "2026-11-10T06:03:00"
    assert days["2026-11-10"]["status"] == "absent" and days["2026-11-10"]["check_in"] is None


def test_a_correction_approved_by_the_manager_adds_the_punch_and_fixes_the_day(company):
    filed = company.as_("employee").post("/attendance/corrections", {"at": "2026-11-05T18:00", "reason": "忘记打卡"})
    number = employee_no(company, "seller")
    company.as_("hr").post("/attendance/punches/import", csv_file([f"{number},陈静,2026-11-05 08:55:00"]))
    path = f"/attendance/corrections/{filed.body['correction_id']}/decision"

    own = company.as_("employee").post(path, {"version": 1, "approve": True})
    other = company.as_("tech_manager").post(path, {"version": 1, "approve": True})
    approved = company.as_("manager").post(path, {"version": 1, "approve": True})

    assert filed.status == 201 and own.status == 403 and other.status == 403 and approved.status == 200
    days = {d["date"]: d for d in month_of(company, "employee", "seller", "2026-11")["days"]}
    assert (days["2026-11-05"]["status"], days["2026-11-05"]["check_out"]) == ("present", "2026-11-05T18:00:00")


def test_a_locked_month_refuses_every_later_change_with_409_until_hr_unlocks_it(company):
    number = employee_no(company, "seller")
    locked = company.as_("hr").post("/attendance/months/lock", {"month": "2026-10"})

    leave = company.as_("employee").post("/attendance/leave-requests",
                                         {"leave_type": "sick", "start": "2026-10-20", "end": "2026-10-20"})
    punch = company.as_("hr").post("/attendance/punches/import", csv_file([f"{number},陈静,2026-10-21 09:00"]))
    fix = company.as_("employee").post("/attendance/corrections", {"at": "2026-10-22T09:00", "reason": "忘记打卡"})
    overtime = company.as_("employee").post("/attendance/overtime", {"date": "2026-10-24", "hours": 2})
    calendar = company.as_("hr").put("/attendance/calendar/overrides", {"date": "2026-10-24", "kind": "workday"})
    again = company.as_("hr").post("/attendance/months/lock", {"month": "2026-10"})
    by_employee = company.as_("employee").post("/attendance/months/unlock", {"month": "2026-10", "reason": "想改"})

    assert locked.status == 200 and locked.body["locked"] is True
    assert [r.status for r in (leave, punch, fix, overtime, calendar, again)] == [409] * 6
    assert leave.body["error"]["details"][0]["field"] == "start"
    assert by_employee.status == 403
    summaries = company.as_("hr").get("/attendance/months/summaries", month="2026-10").body
    assert summaries["locked"] is True and {s["scheduled_days"] for s in summaries["items"]} == {"18"}

    unlocked = company.as_("hr").post("/attendance/months/unlock", {"month": "2026-10", "reason": "补录病假"})
    retry = company.as_("employee").post("/attendance/leave-requests",
                                         {"leave_type": "sick", "start": "2026-10-20", "end": "2026-10-20"})
    assert unlocked.status == 200 and retry.status == 201


def test_an_employee_sees_only_their_own_a_manager_their_team_hr_everyone(company):
    seller, engineer = company.people["seller"], company.people["engineer"]

    assert company.as_("employee").get(f"/attendance/people/{engineer}/punches", month="2026-11").status == 403
    assert company.as_("tech_manager").get(f"/attendance/people/{seller}/month", month="2026-11").status == 403
    assert company.as_("manager").get(f"/attendance/people/{seller}/month", month="2026-11").status == 200
    assert company.as_("hr").get(f"/attendance/people/{engineer}/punches", month="2026-11").status == 200
    team = company.as_("manager").get("/attendance/team/day", day="2026-11-03").body["items"]
    assert [(t["person_id"], t["result"]["status"]) for t in team] == [(seller, "late")]
    assert company.as_("employee").get("/attendance/team/day").status == 403
