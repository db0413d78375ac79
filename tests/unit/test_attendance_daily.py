"""Daily results from punches, the shift, the calendar and approved leave (night shifts included)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from chalicelib.attendance.calendar import Calendar
from chalicelib.attendance.clock_schemas import ShiftAssignment, ShiftDef
from chalicelib.attendance.daily import STANDARD, Roster, person_month
from chalicelib.attendance.leave_types import built_in
from chalicelib.attendance.monthly import summarize
from chalicelib.attendance.schemas import LeaveRequest, LeaveUnit, RequestStatus
from chalicelib.org.schemas import Person

NIGHT = ShiftDef(code="night", name="夜班", start="22:00", end="06:00", grace_minutes=5)
NOW = datetime(2026, 12, 1, 12, 0)
KINDS = built_in()


def person(person_id: str = "p1", unit_id: str = "u2") -> Person:
    return Person(person_id=person_id, name="陈静", unit_id=unit_id)


def roster(*assignments: ShiftAssignment) -> Roster:
    return Roster({"standard": STANDARD, "night": NIGHT}, list(assignments), {"u2": ["u1", "u2"]})


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def results(punches: list[str], days: list[str], team: Roster | None = None, requests=()):
    records = person_month(person(), [date.fromisoformat(d) for d in days], team or roster(), Calendar(),
                           [at(p) for p in punches], list(requests), KINDS, NOW)
    return {r.date.isoformat(): r for r in records}


def test_a_night_shift_checked_out_at_06_03_is_one_present_day_and_the_next_day_is_not_absent():
    # Given the night team works 22:00–06:00 from November
    night_team = roster(ShiftAssignment(target="unit", target_id="u1", shift="night", valid_from=date(2026, 11, 1)))

    # When she checks in Monday 21:55 and out Tuesday 06:03
    days = results(["2026-11-02T21:55:00", "2026-11-03T06:03:00"], ["2026-11-02"], night_team)

    # Then Monday is one present day with both punches
    monday = days["2026-11-02"]
    assert (monday.status, monday.shift_id, monday.check_in, monday.check_out) == (
        "present", "night", "2026-11-02T21:55:00", "2026-11-03T06:03:00")


def test_late_by_12_minutes_past_the_grace_and_early_leave_are_counted_in_minutes():
    days = results(["2026-11-02T09:12:00", "2026-11-02T18:01:00", "2026-11-03T08:50:00", "2026-11-03T17:30:00"],
                   ["2026-11-02", "2026-11-03"])

    assert (days["2026-11-02"].status, days["2026-11-02"].late_minutes) == ("late", 12)
    assert (days["2026-11-03"].status, days["2026-11-03"].early_minutes) == ("left_early", 30)


def test_no_punch_on_a_working_day_is_absent_but_a_weekend_is_rest():
    days = results([], ["2026-11-04", "2026-11-07"])

    assert days["2026-11-04"].status == "absent" and days["2026-11-07"].status == "rest"


def test_the_make_up_saturday_is_a_working_day_and_the_holiday_is_rest():
    days = results([], ["2026-10-10", "2026-10-01"])

    assert (days["2026-10-10"].status, days["2026-10-10"].day_kind) == ("absent", "makeup_workday")
    assert (days["2026-10-01"].status, days["2026-10-01"].day_kind) == ("rest", "statutory_holiday")


def test_approved_leave_excuses_the_day_and_half_a_day_leaves_half_to_work():
    sick = LeaveRequest(request_id="r1", person_id="p1", leave_type="sick", start=date(2026, 11, 4),
                        end=date(2026, 11, 5), end_half="am", amount=1.5, unit=LeaveUnit.DAY,
                        status=RequestStatus.APPROVED, created_at="2026-11-01T00:00:00")

    days = results(["2026-11-05T13:30:00", "2026-11-05T18:00:00"], ["2026-11-04", "2026-11-05"], requests=[sick])

    assert (days["2026-11-04"].status, days["2026-11-04"].leave_days) == ("on_leave", 1.0)
    assert (days["2026-11-05"].status, days["2026-11-05"].leave_days) == ("present", 0.5)


def test_a_person_assignment_wins_over_the_unit_and_starts_on_its_date():
    team = roster(ShiftAssignment(target="unit", target_id="u1", shift="night", valid_from=date(2026, 11, 1)),
                  ShiftAssignment(target="person", target_id="p1", shift="standard", valid_from=date(2026, 11, 10)))

    assert team.shift_for(person(), date(2026, 11, 9)).code == "night"
    assert team.shift_for(person(), date(2026, 11, 10)).code == "standard"
    assert team.shift_for(person(unit_id="elsewhere"), date(2026, 11, 9)).code == "standard"


def test_a_day_not_over_yet_is_not_judged():
    records = person_month(person(), [date(2026, 12, 1)], roster(), Calendar(), [at("2026-12-01T08:59:00")], [],
                           KINDS, NOW)

    assert records == []


def test_a_month_of_results_sums_to_the_summary_payroll_reads():
    punches = [p for d in ("02", "03", "04") for p in (f"2026-11-{d}T08:55:00", f"2026-11-{d}T18:05:00")]
    punches[2] = "2026-11-03T09:20:00"  # late 20 minutes on Tuesday
    days = [f"2026-11-{d:02d}" for d in range(1, 31)]

    month = summarize("p1", "2026-11", Calendar(), [], KINDS, [], list(results(punches, days).values()), locked=False)

    assert (month.scheduled_days, month.present_days, month.late_count, month.late_minutes, month.absent_days) == (
        Decimal(21), Decimal(3), 1, 20, Decimal(18))
