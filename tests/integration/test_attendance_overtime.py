"""Overtime: the company calendar sets the multiplier; rest-day overtime banked as 调休 reaches the
ledger with the approval and is not paid; statutory-holiday overtime is always paid."""

from __future__ import annotations

import pytest

from tests.support.org_sources import staffed_world
from tests.support.world import Company


@pytest.fixture(scope="module")
def company():
    with staffed_world() as world:
        yield world


def record(company: Company, user: str, day: str, hours: float, bank: bool = False) -> dict:
    reply = company.as_(user).post("/attendance/overtime", {"date": day, "hours": hours, "bank": bank})
    assert reply.status == 201, reply.body
    return reply.body


def toil(company: Company, who: str) -> float:
    items = company.as_("hr").get(f"/attendance/people/{company.people[who]}/balances").body["items"]
    return next((b["balance"] for b in items if b["leave_type"] == "toil"), 0.0)


def test_rest_day_overtime_banked_as_time_off_creates_hours_in_the_ledger_and_no_pay(company):
    # Given 陈静 worked 8 hours on Saturday 7 November 2026 and asks to bank them
    saturday = record(company, "employee", "2026-11-07", 8, bank=True)
    assert (saturday["day_kind"], saturday["multiplier"], saturday["status"]) == ("rest_day", 2.0, "pending")

    # When her manager approves
    approved = company.as_("manager").post(f"/attendance/overtime/{saturday['overtime_id']}/decision",
                                           {"version": 1, "approve": True})

    # Then 8 hours of 调休 are in her ledger, entered by the approval
    assert approved.status == 200 and approved.body["status"] == "approved"
    assert toil(company, "seller") == 8.0
    ledger = company.as_("employee").get(f"/attendance/people/{company.people['seller']}/ledger",
                                         leave_type="toil").body["items"]
    assert [(e["kind"], e["amount"]) for e in ledger] == [("grant", 8.0)]


def test_statutory_holiday_overtime_is_paid_at_300_percent_and_cannot_be_banked(company):
    banked = company.as_("engineer").post("/attendance/overtime", {"date": "2026-10-01", "hours": 4, "bank": True})
    paid = record(company, "engineer", "2026-10-01", 4)

    assert banked.status == 400 and banked.error_fields == ["bank"]
    assert (paid["day_kind"], paid["multiplier"], paid["bank"]) == ("statutory_holiday", 3.0, False)


def test_the_multiplier_follows_the_calendar_a_make_up_saturday_is_a_working_day(company):
    makeup = record(company, "engineer", "2026-10-10", 2)  # 调休上班
    holiday_rest = record(company, "engineer", "2026-10-06", 2)  # a swapped rest day of National Day
    monday = record(company, "engineer", "2026-11-09", 2)

    assert [o["multiplier"] for o in (makeup, holiday_rest, monday)] == [1.5, 2.0, 1.5]


def test_past_36_hours_in_a_month_the_answer_warns(company):
    for day in ("2026-12-05", "2026-12-06", "2026-12-12", "2026-12-13"):
        last = record(company, "employee", day, 9.5)

    assert last["month_hours"] == 38.0 and last["over_monthly_cap"] is True


def test_two_decisions_on_the_same_overtime_one_wins_the_other_is_409(company):
    saturday = record(company, "employee", "2026-11-14", 4, bank=True)
    path = f"/attendance/overtime/{saturday['overtime_id']}/decision"

    first = company.as_("manager").post(path, {"version": 1, "approve": True})
    second = company.as_("hr").post(path, {"version": 1, "approve": True})

    assert first.status == 200 and second.status == 409
    assert toil(company, "seller") == 12.0


def test_the_managers_queue_holds_the_teams_overtime_and_others_cannot_decide(company):
    pending = record(company, "employee", "2026-11-21", 3)
    queue = company.as_("manager").get("/attendance/overtime/queue").body["items"]
    stranger = company.as_("tech_manager").post(f"/attendance/overtime/{pending['overtime_id']}/decision",
                                                {"version": 1, "approve": False})

    assert pending["overtime_id"] in [o["overtime_id"] for o in queue]
    assert stranger.status == 403
