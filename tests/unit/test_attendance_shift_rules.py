"""Shift rules: flexible hours (core + total) and rest-day patterns (双休, 单休, 大小周) on China's calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from chalicelib.attendance.calendar import Calendar, RestPattern
from chalicelib.attendance.clock_schemas import ShiftAssignment, ShiftDef
from chalicelib.attendance.daily import STANDARD, Roster, person_month, to_shift
from chalicelib.attendance.leave_types import built_in
from chalicelib.attendance.monthly import summarize
from chalicelib.attendance.shifts import day_result
from chalicelib.org.schemas import Person

FLEX = ShiftDef(
    code="flex",
    name="弹性班",
    kind="flexible",
    start="07:00",
    end="22:00",
    grace_minutes=5,
    core_start="10:00",
    core_end="16:00",
    required_minutes=480,
)
SINGLE = ShiftDef(code="six", name="单休班", start="09:00", end="18:00", rest_pattern="single")
ALTERNATING = ShiftDef(
    code="bigsmall",
    name="大小周",
    start="09:00",
    end="18:00",
    rest_pattern="alternating",
    rest_anchor=date(2026, 11, 30),  # Monday of a 大周
)
NIGHT = ShiftDef(code="night", name="夜班", start="22:00", end="06:00", grace_minutes=5)
NOW = datetime(2027, 1, 10, 12, 0)


def flex_day(check_in: str, check_out: str):
    day = date(2026, 12, 1)
    punches = [datetime.fromisoformat(f"2026-12-01T{check_in}"), datetime.fromisoformat(f"2026-12-01T{check_out}")]
    return day_result(day, to_shift(FLEX), punches)


# ---- flexible hours ---------------------------------------------------------------------------------


def test_a_flexible_day_covering_the_core_and_the_total_is_present_whenever_it_starts():
    assert flex_day("07:30", "15:30").status == "left_early"  # 8 h, but gone before the core ends
    early_bird, late_riser = flex_day("08:00", "16:05"), flex_day("10:00", "18:00")

    assert (early_bird.status, early_bird.short_minutes) == ("present", 0)
    assert (late_riser.status, late_riser.late_minutes) == ("present", 0)


def test_a_flexible_day_arriving_after_the_core_start_is_late_by_the_minutes_after_it():
    result = flex_day("10:12", "19:00")

    assert (result.status, result.late_minutes) == ("late", 12)


def test_a_flexible_day_arriving_within_the_grace_minutes_is_not_late():
    assert flex_day("10:04", "18:30").status == "present"


def test_a_flexible_day_covering_the_core_but_not_the_total_is_short_by_the_missing_minutes():
    result = flex_day("09:00", "16:15")

    assert (result.status, result.short_minutes, result.late_minutes, result.early_minutes) == (
        "short_hours",
        45,
        0,
        0,
    )


def test_time_outside_the_flexible_span_does_not_count_towards_the_total():
    # Given a span from 08:00 and 9 hours due, a check-in at 06:00 counts from 08:00
    shift = to_shift(FLEX.model_copy(update={"start": "08:00", "end": "20:00", "required_minutes": 540}))
    punches = [datetime(2026, 12, 1, 6, 0), datetime(2026, 12, 1, 16, 30)]

    result = day_result(date(2026, 12, 1), shift, punches)

    assert (result.status, result.short_minutes) == ("short_hours", 30)


def test_a_fixed_shift_is_judged_as_before():
    shift = to_shift(STANDARD)
    day = date(2026, 12, 1)
    result = day_result(day, shift, [datetime(2026, 12, 1, 9, 12), datetime(2026, 12, 1, 17, 0)])

    assert (result.status, result.late_minutes, result.early_minutes, result.short_minutes) == (
        "late_and_left_early",
        12,
        60,
        0,
    )


# ---- rest-day patterns -------------------------------------------------------------------------------


def test_a_single_rest_day_saturday_is_a_working_day_and_a_double_rest_day_saturday_is_rest():
    saturday = date(2026, 12, 5)
    single = Calendar().with_patterns([(date.min, RestPattern("single"))])

    assert single.kind(saturday) == "workday"
    assert single.kind(saturday + timedelta(days=1)) == "rest_day"
    assert Calendar().kind(saturday) == "rest_day"


def test_alternating_weeks_work_six_days_then_five_eleven_in_a_fortnight():
    calendar = Calendar().with_patterns([(date.min, RestPattern("alternating", date(2026, 12, 2)))])

    assert calendar.working_days(date(2026, 11, 30), date(2026, 12, 13)) == 11
    assert calendar.kind(date(2026, 12, 5)) == "workday"  # the 大周's Saturday
    assert calendar.kind(date(2026, 12, 12)) == "rest_day"  # the 小周's Saturday
    assert calendar.kind(date(2026, 12, 19)) == "workday"
    assert calendar.kind(date(2026, 11, 28)) == "rest_day"  # before the anchor too


def test_a_statutory_holiday_stays_a_holiday_on_every_pattern():
    national_day_saturday = date(2026, 10, 3)
    for pattern in (RestPattern(), RestPattern("single"), RestPattern("alternating", date(2026, 9, 28))):
        calendar = Calendar().with_patterns([(date.min, pattern)])
        assert calendar.kind(national_day_saturday) == "statutory_holiday"


def test_the_swapped_days_of_the_arrangement_apply_to_double_rest_days_only():
    calendar = Calendar()
    single = calendar.with_patterns([(date.min, RestPattern("single"))])

    # 2025-10-11 (Saturday) is a make-up working day, 2025-10-08 (Wednesday) a swapped rest day
    assert (calendar.kind(date(2025, 10, 11)), calendar.kind(date(2025, 10, 8))) == ("makeup_workday", "holiday_rest")
    assert (single.kind(date(2025, 10, 11)), single.kind(date(2025, 10, 8))) == ("workday", "workday")
    # 2026-09-20 (Sunday) is a make-up working day for 双休; a 单休 Sunday stays its rest day
    assert (calendar.kind(date(2026, 9, 20)), single.kind(date(2026, 9, 20))) == ("makeup_workday", "rest_day")


def test_a_tenant_override_wins_over_every_pattern():
    from chalicelib.attendance.calendar import Override, with_overrides

    calendar = with_overrides([Override(date(2026, 12, 7), "holiday_rest", "公司团建")])
    single = calendar.with_patterns([(date.min, RestPattern("single"))])

    assert single.kind(date(2026, 12, 7)) == "holiday_rest"


def test_a_pattern_follows_the_assignment_in_force_that_day():
    team = Roster(
        {"standard": STANDARD, "six": SINGLE},
        [ShiftAssignment(target="unit", target_id="u1", shift="six", valid_from=date(2026, 12, 10))],
        {"u2": ["u1", "u2"]},
    )
    mine = team.calendar_of(Person(person_id="p1", name="陈静", unit_id="u2"), Calendar())

    assert mine.kind(date(2026, 12, 5)) == "rest_day"
    assert mine.kind(date(2026, 12, 12)) == "workday"


def test_month_summary_days_due_follow_the_pattern():
    people = {
        "double": STANDARD,
        "single": SINGLE,
        "alternating": ALTERNATING,
    }
    due = {}
    for code, shift in people.items():
        team = Roster({"standard": STANDARD, shift.code: shift}, [], {"u1": ["u1"]})
        if shift is not STANDARD:
            team = Roster(
                team.shifts,
                [ShiftAssignment(target="person", target_id="p1", shift=shift.code, valid_from=date(2026, 1, 1))],
                {"u1": ["u1"]},
            )
        mine = team.calendar_of(Person(person_id="p1", name="陈静", unit_id="u1"), Calendar())
        due[code] = summarize("p1", "2026-12", mine, [], built_in(), [], [], locked=False).scheduled_days

    # December 2026: 23 weekdays, 4 Saturdays (5th, 12th, 19th, 26th), the 5th and 19th in a 大周
    assert due == {"double": 23, "single": 27, "alternating": 25}


def test_a_single_rest_day_saturday_without_punches_is_absent_and_a_night_shift_still_works():
    team = Roster(
        {"standard": STANDARD, "six": SINGLE, "night": NIGHT},
        [
            ShiftAssignment(target="person", target_id="p1", shift="six", valid_from=date(2026, 1, 1)),
            ShiftAssignment(target="person", target_id="p2", shift="night", valid_from=date(2026, 1, 1)),
        ],
        {"u1": ["u1"]},
    )
    saturday = date(2026, 12, 5)
    six_day = person_month(
        Person(person_id="p1", name="陈静", unit_id="u1"), [saturday], team, Calendar(), [], [], built_in(), NOW
    )
    night = person_month(
        Person(person_id="p2", name="王磊", unit_id="u1"),
        [date(2026, 12, 3), date(2026, 12, 4)],
        team,
        Calendar(),
        [datetime(2026, 12, 3, 21, 58), datetime(2026, 12, 4, 6, 3)],
        [],
        built_in(),
        NOW,
    )

    assert (six_day[0].status, six_day[0].day_kind) == ("absent", "workday")
    assert [(r.date.isoformat(), r.status) for r in night] == [("2026-12-03", "present"), ("2026-12-04", "absent")]
