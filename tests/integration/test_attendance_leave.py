"""Leave: the company calendar, balances as a ledger, requests, approvals that race, cancellations.

The staffed company: 陈静 ("employee", seller) reports to 李强 ("manager", head of 销售部);
刘洋 ("engineer") reports to 赵磊 in 技术部; "hr" is 孙丽.
"""

from __future__ import annotations

import pytest

from tests.support.org_sources import staffed_world
from tests.support.world import Company


@pytest.fixture(scope="module")
def company():
    with staffed_world() as world:
        yield world


def grant(company: Company, who: str, days: float, leave_type: str = "annual") -> dict:
    reply = company.as_("hr").post(f"/attendance/people/{company.people[who]}/ledger", {
        "leave_type": leave_type, "kind": "grant", "amount": days, "on": "2026-01-01", "reason": "测试发放"})
    assert reply.status == 201, reply.body
    return reply.body


def ask(company: Company, user: str, start: str, end: str, leave_type: str = "annual", **extra) -> dict:
    reply = company.as_(user).post("/attendance/leave-requests",
                                   {"leave_type": leave_type, "start": start, "end": end, **extra})
    assert reply.status == 201, reply.body
    return reply.body


def balance(company: Company, who: str, leave_type: str = "annual") -> float:
    reply = company.as_("hr").get(f"/attendance/people/{company.people[who]}/balances")
    return next((b["balance"] for b in reply.body["items"] if b["leave_type"] == leave_type), 0.0)


# --- calendar -------------------------------------------------------------------------------------


def test_the_month_shows_national_holidays_and_the_companys_own_days(company):
    company.as_("hr").put("/attendance/calendar/overrides",
                          {"date": "2026-10-10", "kind": "rest_day", "note": "公司统一休息"})

    october = company.as_("employee").get("/attendance/calendar", year=2026, month=10).body

    days = {d["date"]: d for d in october["days"]}
    assert days["2026-10-01"]["kind"] == "statutory_holiday" and days["2026-10-01"]["festival"] == "national_day"
    assert days["2026-10-10"] == {"date": "2026-10-10", "kind": "rest_day", "working": False, "festival": None,
                                  "note": "公司统一休息", "overridden": True}
    assert october["announced"] is True
    assert october["working_days"] == 17  # 18 national working days (10 October a make-up Saturday), less that day


def test_only_hr_overrides_the_calendar_and_a_cleared_day_returns_to_the_national_one(company):
    refused = company.as_("manager").put("/attendance/calendar/overrides", {"date": "2026-12-19", "kind": "workday"})
    set_ = company.as_("hr").put("/attendance/calendar/overrides", {"date": "2026-12-19", "kind": "makeup_workday"})
    cleared = company.as_("hr").delete("/attendance/calendar/overrides", {"date": "2026-12-19"})
    again = company.as_("hr").delete("/attendance/calendar/overrides", {"date": "2026-12-19"})

    assert refused.status == 403 and set_.status == 200 and cleared.status == 204 and again.status == 404
    december = company.as_("hr").get("/attendance/calendar", year=2026, month=12).body
    assert next(d for d in december["days"] if d["date"] == "2026-12-19")["kind"] == "rest_day"


# --- requests and approvals -----------------------------------------------------------------------


def test_leave_over_national_day_counts_only_working_days_and_the_manager_approves_it(company):
    grant(company, "seller", 10)

    request = ask(company, "employee", "2026-09-28", "2026-10-09")  # 28–30 September, 8–9 October

    assert (request["amount"], request["status"]) == (5.0, "pending")
    assert request["approver_person_id"] == company.people["sales_head"]
    queue = company.as_("manager").get("/attendance/leave-requests/queue").body["items"]
    assert [r["request_id"] for r in queue] == [request["request_id"]]

    approved = company.as_("manager").post(f"/attendance/leave-requests/{request['request_id']}/decision",
                                           {"version": 1, "approve": True})

    assert approved.status == 200 and approved.body["status"] == "approved"
    assert balance(company, "seller") == 5.0
    assert company.as_("manager").get("/attendance/leave-requests/queue").body["items"] == []


def test_two_approvals_of_the_same_request_one_wins_the_other_is_409(company):
    request = ask(company, "employee", "2026-11-02", "2026-11-02")
    path = f"/attendance/leave-requests/{request['request_id']}/decision"

    first = company.as_("manager").post(path, {"version": 1, "approve": True})
    second = company.as_("hr").post(path, {"version": 1, "approve": True})

    assert first.status == 200 and second.status == 409
    ledger = company.as_("employee").get(f"/attendance/people/{company.people['seller']}/ledger",
                                         leave_type="annual").body["items"]
    assert sum(1 for e in ledger if e["request_id"] == request["request_id"]) == 1


def test_a_balance_never_goes_negative_a_request_beyond_it_is_refused_naming_the_field(company):
    grant(company, "engineer", 1)

    reply = company.as_("engineer").post("/attendance/leave-requests",
                                         {"leave_type": "annual", "start": "2026-11-09", "end": "2026-11-10"})

    assert reply.status == 400 and reply.error_fields == ["leave_type"]
    assert "余额不足" in reply.body["error"]["message"]


def test_two_requests_racing_for_the_last_day_cannot_both_be_approved(company):
    company.person("analyst", "吴敏", "TECH", manager_id=company.people["tech_head"])
    company.user("analyst", person="analyst")
    grant(company, "analyst", 1)
    one = ask(company, "analyst", "2026-11-16", "2026-11-16")
    two = ask(company, "analyst", "2026-11-17", "2026-11-17")

    first = company.as_("tech_manager").post(f"/attendance/leave-requests/{one['request_id']}/decision",
                                             {"version": 1, "approve": True})
    second = company.as_("tech_manager").post(f"/attendance/leave-requests/{two['request_id']}/decision",
                                              {"version": 1, "approve": True})

    assert first.status == 200
    assert second.status == 400 and second.error_fields == ["amount"]
    assert balance(company, "analyst") == 0.0


def test_cancelling_approved_leave_gives_the_days_back_with_a_ledger_entry(company):
    grant(company, "engineer", 2)
    request = ask(company, "engineer", "2026-11-23", "2026-11-23", end_half="am")
    company.as_("tech_manager").post(f"/attendance/leave-requests/{request['request_id']}/decision",
                                     {"version": 1, "approve": True})
    before = balance(company, "engineer")

    cancelled = company.as_("engineer").post(f"/attendance/leave-requests/{request['request_id']}/cancel",
                                             {"version": 2})

    assert request["amount"] == 0.5
    assert cancelled.status == 200 and cancelled.body["status"] == "cancelled"
    assert balance(company, "engineer") == before + 0.5
    kinds = [e["kind"] for e in company.as_("hr").get(f"/attendance/people/{company.people['engineer']}/ledger",
                                                      leave_type="annual").body["items"]]
    assert kinds[:2] == ["cancel", "take"]


def test_long_leave_goes_on_to_hr_after_the_manager(company):
    grant(company, "seller", 10)
    request = ask(company, "employee", "2026-12-07", "2026-12-18")  # 10 working days > 5

    by_manager = company.as_("manager").post(f"/attendance/leave-requests/{request['request_id']}/decision",
                                             {"version": 1, "approve": True})
    by_hr = company.as_("hr").post(f"/attendance/leave-requests/{request['request_id']}/decision",
                                   {"version": 2, "approve": True})

    assert by_manager.body["status"] == "pending_hr"
    assert by_hr.body["status"] == "approved"


def test_nobody_decides_their_own_request_or_a_stranger_to_their_team(company):
    request = ask(company, "employee", "2026-12-21", "2026-12-21", leave_type="sick")
    path = f"/attendance/leave-requests/{request['request_id']}/decision"

    own = company.as_("employee").post(path, {"version": 1, "approve": True})
    stranger = company.as_("tech_manager").post(path, {"version": 1, "approve": True})

    assert own.status == 403 and stranger.status == 403


def test_a_retry_with_the_same_idempotency_key_files_the_request_once(company):
    body = {"leave_type": "sick", "start": "2026-12-22", "end": "2026-12-22", "idempotency_key": "k-123"}

    first = company.as_("employee").post("/attendance/leave-requests", body)
    retry = company.as_("employee").post("/attendance/leave-requests", body)

    assert first.status == retry.status == 201
    assert first.body["request_id"] == retry.body["request_id"]
    mine = company.as_("employee").get(f"/attendance/people/{company.people['seller']}/leave-requests").body
    assert sum(1 for r in mine["items"] if r["request_id"] == first.body["request_id"]) == 1


def test_colleagues_cannot_see_each_others_leave_but_the_manager_can(company):
    engineer = company.people["engineer"]

    assert company.as_("employee").get(f"/attendance/people/{engineer}/balances").status == 403
    assert company.as_("tech_manager").get(f"/attendance/people/{engineer}/balances").status == 200
    assert company.as_("manager").get(f"/attendance/people/{engineer}/balances").status == 403


def test_bad_dates_and_unknown_types_are_400_naming_the_field_in_chinese(company):
    backwards = company.as_("employee").post("/attendance/leave-requests",
                                             {"leave_type": "sick", "start": "2026-12-10", "end": "2026-12-09"})
    weekend = company.as_("employee").post("/attendance/leave-requests",
                                           {"leave_type": "sick", "start": "2026-12-12", "end": "2026-12-13"})
    unknown = company.as_("employee").post("/attendance/leave-requests",
                                           {"leave_type": "nap", "start": "2026-12-10", "end": "2026-12-10"})

    assert backwards.status == 400 and backwards.error_fields == ["end"]
    assert weekend.status == 400 and weekend.error_fields == ["start"]
    assert unknown.status == 404 and unknown.error_fields == ["leave_type"]
    assert backwards.body["error"]["message"] == "结束日期不能早于开始日期"


def test_annual_leave_is_granted_by_the_law_once_a_year(company):
    person = company.people["hr_staff"]
    body = {"year": 2026, "joined": "2020-03-01", "working_months_before_joining": 60}

    first = company.as_("hr").post(f"/attendance/people/{person}/annual-leave", body)
    again = company.as_("hr").post(f"/attendance/people/{person}/annual-leave", body)

    assert first.status == 201 and first.body["balance"] == 10.0  # 60 + 70 months on 1 January = 130
    assert again.status == 409


def test_hours_based_time_off_in_lieu_needs_hours(company):
    grant(company, "seller", 8, leave_type="toil")

    missing = company.as_("employee").post("/attendance/leave-requests",
                                           {"leave_type": "toil", "start": "2026-12-23", "end": "2026-12-23"})
    with_hours = ask(company, "employee", "2026-12-23", "2026-12-23", leave_type="toil", hours=4)

    assert missing.status == 400 and missing.error_fields == ["hours"]
    assert (with_hours["amount"], with_hours["unit"]) == (4.0, "hour")
