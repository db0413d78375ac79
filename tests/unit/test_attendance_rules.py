"""Annual leave entitlement, the leave ledger, overtime pay and night shifts."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from chalicelib.attendance.annual_leave import days_for_year, entitlement, first_year_days, months_between
from chalicelib.attendance.ledger import Entry, balance, check_take, expiries_due
from chalicelib.attendance.overtime import over_monthly_cap, overtime
from chalicelib.attendance.shifts import Shift, day_result, group_punches
from chalicelib.core.errors import Invalid

D = Decimal
ON = date(2026, 6, 1)

# --- annual leave ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("months", "days"), [(11, 0), (12, 5), (9 * 12 + 11, 5), (120, 10), (239, 10), (240, 15)])
def test_annual_leave_by_cumulative_working_time(months, days):
    assert entitlement(months, ON) == days


def test_a_new_joiner_gets_the_remaining_days_share_with_the_fraction_dropped():
    # joined 2026-07-01 with 3 years' working time: 184 days left ÷ 365 × 5 = 2.52 → 2
    assert first_year_days(date(2026, 7, 1), 36) == 2


def test_the_years_after_joining_count_the_working_time_on_1_january():
    joined = date(2024, 3, 15)

    assert days_for_year(2025, joined, working_months_before_joining=110) == 5  # 110 + 9 = 119 months
    assert days_for_year(2026, joined, working_months_before_joining=110) == 10  # 131 months
    assert months_between(date(2016, 1, 15), date(2026, 1, 14)) == 119


# --- ledger ---------------------------------------------------------------------------------------


def grant(entry_id: str, days: str, on: date, expires: date | None = None) -> Entry:
    return Entry(entry_id, "grant", D(days), on, expires=expires)


def take(entry_id: str, days: str, on: date) -> Entry:
    return Entry(entry_id, "take", -D(days), on)


def test_every_balance_is_the_sum_of_its_entries_and_a_cancel_gives_days_back():
    entries = [grant("g26", "5", date(2026, 1, 1)), take("t1", "2", date(2026, 3, 2)),
               Entry("c1", "cancel", D("2"), date(2026, 3, 3)), take("t2", "1.5", date(2026, 4, 1))]

    assert balance(entries) == D("3.5")
    assert balance(entries, on=date(2026, 3, 2)) == D("3")


def test_a_take_beyond_the_balance_is_refused_unless_the_type_allows_an_advance():
    entries = [grant("g26", "2", date(2026, 1, 1))]

    with pytest.raises(Invalid) as refused:
        check_take(entries, D("3"), ON)
    check_take(entries, D("3"), ON, advance_allowed=True)

    assert refused.value.details[0].field == "days"


def test_carried_over_days_are_used_first_and_only_the_unused_rest_expires_once():
    carried = grant("g25", "3", date(2026, 1, 1), expires=date(2026, 4, 1))
    entries = [carried, grant("g26", "5", date(2026, 1, 1), expires=date(2027, 4, 1)),
               take("t1", "2", date(2026, 2, 10))]

    due = expiries_due(entries, date(2026, 4, 1))

    assert [(e.closes, e.days, e.on) for e in due] == [("g25", D("-1"), date(2026, 4, 1))]
    assert expiries_due([*entries, *due], date(2026, 5, 1)) == []
    assert balance([*entries, *due]) == D("5")


def test_a_take_after_the_expiry_draws_from_the_next_grant_not_the_expired_one():
    entries = [grant("g25", "3", date(2026, 1, 1), expires=date(2026, 4, 1)),
               grant("g26", "5", date(2026, 1, 1)), take("t1", "2", date(2026, 5, 10))]

    assert [e.days for e in expiries_due(entries, date(2026, 6, 1))] == [D("-3")]


# --- overtime -------------------------------------------------------------------------------------


def test_overtime_pay_by_the_kind_of_day():
    wage = D("8700")  # hourly 8,700 ÷ 21.75 ÷ 8 = 50

    assert overtime(D("2"), "workday", wage, ON).pay == D("150.00")
    assert overtime(D("2"), "rest_day", wage, ON).pay == D("200.00")
    assert overtime(D("2"), "statutory_holiday", wage, ON).pay == D("300.00")


def test_rest_day_overtime_banked_as_time_off_creates_hours_and_no_pay():
    banked = overtime(D("8"), "rest_day", D("8700"), ON, bank=True)

    assert (banked.pay, banked.banked_hours) == (D("0.00"), D("8"))


def test_statutory_holiday_overtime_cannot_be_banked():
    with pytest.raises(Invalid) as refused:
        overtime(D("8"), "statutory_holiday", D("8700"), ON, bank=True)

    assert refused.value.text.code == "overtime.not_bankable"


def test_a_month_past_36_hours_of_overtime_is_flagged():
    assert not over_monthly_cap(D("36"), ON)
    assert over_monthly_cap(D("36.5"), ON)


# --- shifts ---------------------------------------------------------------------------------------

NIGHT = Shift(time(22, 0), time(6, 0), grace_minutes=5)
DAY = Shift(time(9, 0), time(18, 0), grace_minutes=5)


def test_a_night_shift_checked_out_at_0603_is_one_present_day():
    punches = [datetime(2026, 3, 2, 21, 55), datetime(2026, 3, 3, 6, 3)]

    days = group_punches(punches, NIGHT)

    assert list(days) == [date(2026, 3, 2)]
    assert day_result(date(2026, 3, 2), NIGHT, days[date(2026, 3, 2)]).status == "present"


def test_a_late_check_in_reports_its_minutes():
    result = day_result(date(2026, 3, 2), DAY, [datetime(2026, 3, 2, 9, 12), datetime(2026, 3, 2, 18, 1)])

    assert (result.status, result.late_minutes) == ("late", 12)


def test_within_the_grace_minutes_is_not_late_and_one_punch_is_a_missing_punch():
    on_time = day_result(date(2026, 3, 2), DAY, [datetime(2026, 3, 2, 9, 4), datetime(2026, 3, 2, 18, 0)])
    one = day_result(date(2026, 3, 2), DAY, [datetime(2026, 3, 2, 8, 58)])

    assert on_time.status == "present"
    assert (one.status, one.check_out) == ("missing_punch", None)
