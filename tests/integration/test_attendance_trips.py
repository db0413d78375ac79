"""Business trips (出差): asked for, decided like leave, and the days they make in the results and the month."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from chalicelib.attendance.monthly import month_summaries
from chalicelib.core import clock
from tests.support.org_sources import staffed_world
from tests.support.world import Company

TRIP = {"start": "2026-12-07", "end": "2026-12-08", "end_half": "am", "destination": "深圳", "reason": "客户现场实施"}


@pytest.fixture(scope="module")
def company():
    clock.freeze(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))  # Thursday 10 December 2026, 10:00 in China
    with staffed_world() as world:
        yield world
    clock.freeze(None)


def ask(company: Company, user: str = "employee", **overrides: str) -> dict:
    reply = company.as_(user).post("/attendance/trips", {**TRIP, **overrides})
    assert reply.status == 201, reply.body
    return reply.body


def days_of(company: Company, user: str, label: str, month: str = "2026-12") -> tuple[dict, dict]:
    reply = company.as_(user).get(f"/attendance/people/{company.people[label]}/month", month=month)
    assert reply.status == 200, reply.body
    return {d["date"]: d for d in reply.body["days"]}, reply.body["summary"]


def test_an_approved_trip_makes_its_working_days_trip_days_counted_as_present(company):
    # Given 陈静 asks for a trip to 深圳 from Monday 7 to Tuesday 8 December noon
    trip = ask(company)
    assert (trip["days"], trip["status"], trip["approver_person_id"]) == (1.5, "pending", company.people["sales_head"])

    # When her manager approves it
    approved = company.as_("manager").post(
        f"/attendance/trips/{trip['trip_id']}/decision", {"version": 1, "approve": True}
    )

    # Then both days are business-trip days (no punches, yet not absent) and the month counts 1.5 trip days
    assert approved.status == 200 and approved.body["status"] == "approved"
    days, summary = days_of(company, "employee", "seller")
    assert [(days[d]["status"], days[d]["trip_days"]) for d in ("2026-12-07", "2026-12-08")] == [
        ("business_trip", 1.0),
        ("business_trip", 0.5),
    ]
    assert days["2026-12-09"]["status"] == "absent"
    assert summary["trip_days"] == "1.5"
    # payroll's read: the trip days are days present, and the new field is there with its value
    month = month_summaries(company.tenant_id, "2026-12", [company.people["seller"]])[company.people["seller"]]
    assert month.trip_days == Decimal("1.5") and month.present_days == Decimal(2)
    assert month.overtime_hours == {}


def test_cancelling_an_approved_trip_gives_the_days_back_to_the_shift(company):
    trip = ask(company, start="2026-12-03", end="2026-12-03", end_half="pm")
    company.as_("manager").post(f"/attendance/trips/{trip['trip_id']}/decision", {"version": 1, "approve": True})
    assert days_of(company, "employee", "seller")[0]["2026-12-03"]["status"] == "business_trip"

    cancelled = company.as_("employee").post(f"/attendance/trips/{trip['trip_id']}/cancel", {"version": 2})

    assert cancelled.status == 200 and cancelled.body["status"] == "cancelled"
    day = days_of(company, "employee", "seller")[0]["2026-12-03"]
    assert (day["status"], day["trip_days"]) == ("absent", 0)


def test_two_decisions_of_the_same_trip_one_wins_the_other_is_409(company):
    trip = ask(company, start="2026-12-21", end="2026-12-22", end_half="pm")

    first = company.as_("manager").post(
        f"/attendance/trips/{trip['trip_id']}/decision", {"version": 1, "approve": True}
    )
    second = company.as_("hr").post(f"/attendance/trips/{trip['trip_id']}/decision", {"version": 1, "approve": False})

    assert first.status == 200 and second.status == 409
    assert second.error_fields == ["version"]


def test_who_sees_and_decides_a_trip(company):
    trip = ask(company, start="2026-12-28", end="2026-12-29")
    path, person = f"/attendance/trips/{trip['trip_id']}", company.people["seller"]

    # the traveller, her manager and HR see it; another team's head and a colleague do not
    assert company.as_("employee").get(path).status == 200
    assert (
        company.as_("manager").get(f"/attendance/people/{person}/trips").body["items"][0]["trip_id"] == trip["trip_id"]
    )
    assert company.as_("hr").get(f"/attendance/people/{person}/trips").status == 200
    assert company.as_("tech_manager").get(path).status == 403
    assert company.as_("engineer").get(f"/attendance/people/{person}/trips").status == 403
    # nobody decides their own trip; another team's head may not; the manager's queue holds it
    assert company.as_("employee").post(f"{path}/decision", {"version": 1, "approve": True}).status == 403
    assert company.as_("tech_manager").post(f"{path}/decision", {"version": 1, "approve": True}).status == 403
    queue = company.as_("manager").get("/attendance/trips/queue").body["items"]
    assert trip["trip_id"] in [t["trip_id"] for t in queue]
    # only the traveller (or HR) withdraws it
    assert company.as_("manager").post(f"{path}/cancel", {"version": 1}).status == 403


def test_bad_dates_are_400_naming_the_field(company):
    backwards = company.as_("employee").post("/attendance/trips", {**TRIP, "start": "2026-12-08", "end": "2026-12-07"})
    weekend = company.as_("employee").post("/attendance/trips", {**TRIP, "start": "2026-12-12", "end": "2026-12-13"})
    nowhere = company.as_("employee").post("/attendance/trips", {**TRIP, "destination": ""})

    assert backwards.status == 400 and backwards.error_fields == ["end"]
    assert weekend.status == 400 and weekend.error_fields == ["start"]
    assert nowhere.status == 400 and nowhere.error_fields == ["destination"]


def test_a_trip_in_a_locked_month_is_409(company):
    assert company.as_("hr").post("/attendance/months/lock", {"month": "2026-10"}).status == 200

    reply = company.as_("employee").post("/attendance/trips", {**TRIP, "start": "2026-10-12", "end": "2026-10-13"})

    assert reply.status == 409 and reply.error_fields == ["start"]


def test_a_retry_with_the_same_key_files_the_trip_once(company):
    first = ask(company, start="2026-12-30", end="2026-12-31", idempotency_key="trip-retry")
    again = ask(company, start="2026-12-30", end="2026-12-31", idempotency_key="trip-retry")

    assert again["trip_id"] == first["trip_id"]


def test_a_trip_overlapping_a_waiting_or_approved_one_is_409_but_half_days_may_meet(company):
    first = ask(company, user="engineer", start="2027-01-04", end="2027-01-05", end_half="am")

    api = company.as_("engineer")
    overlapping = api.post("/attendance/trips", {**TRIP, "start": "2027-01-05", "end": "2027-01-06"})
    afternoon = company.as_("engineer").post(
        "/attendance/trips", {**TRIP, "start": "2027-01-05", "start_half": "pm", "end": "2027-01-06"}
    )

    assert overlapping.status == 409 and overlapping.error_fields == ["start"]
    assert afternoon.status == 201 and first["status"] == "pending"
