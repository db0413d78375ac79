"""China's working calendar: the public facts, the data's agreement with the packages, tenant overrides."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.attendance import cn_calendar_data
from chalicelib.attendance.calendar import Calendar, Override, with_overrides

NATIONAL = Calendar()


def test_2025_01_26_a_sunday_and_2025_10_11_a_saturday_are_working_days():
    assert date(2025, 1, 26).weekday() == 6 and date(2025, 10, 11).weekday() == 5
    assert NATIONAL.kind(date(2025, 1, 26)) == "makeup_workday"
    assert NATIONAL.is_working_day(date(2025, 10, 11))


def test_2025_has_13_statutory_holiday_days():
    days = [day for day, kind in NATIONAL.days(date(2025, 1, 1), date(2025, 12, 31)) if kind == "statutory_holiday"]

    assert len(days) == 13


def test_the_2026_makeup_working_days_are_the_announced_ones():
    makeup = [day for day, kind in NATIONAL.days(date(2026, 1, 1), date(2026, 12, 31)) if kind == "makeup_workday"]

    assert makeup == [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                      date(2026, 9, 20), date(2026, 10, 10)]


def test_statutory_days_are_told_apart_from_the_rest_days_around_them():
    # National Day 2025: 1–3 October statutory, 6 October Mid-Autumn, 4–5 a weekend, 7–8 swapped rest days.
    kinds = {day.day: kind for day, kind in NATIONAL.days(date(2025, 10, 1), date(2025, 10, 8))}

    assert [kinds[d] for d in (1, 2, 3, 6)] == ["statutory_holiday"] * 4
    assert [kinds[d] for d in (4, 5, 7, 8)] == ["holiday_rest"] * 4
    assert NATIONAL.festival(date(2025, 10, 6)) == "mid_autumn"


def test_leave_over_a_holiday_counts_only_working_days():
    # 2025-09-29 (Mon) to 2025-10-10 (Fri): 29, 30 Sep and 9, 10 Oct are working days; 11 Oct too, outside the range.
    assert NATIONAL.working_days(date(2025, 9, 29), date(2025, 10, 10)) == 4


def test_a_tenant_marks_one_saturday_as_a_working_day_and_a_friday_off():
    calendar = with_overrides([
        Override(date(2026, 12, 12), "makeup_workday", "年终盘点"),
        Override(date(2026, 12, 11), "rest_day", "公司活动日"),
    ])

    assert calendar.is_working_day(date(2026, 12, 12))
    assert not calendar.is_working_day(date(2026, 12, 11))
    assert NATIONAL.kind(date(2026, 12, 12)) == "rest_day"


def test_a_year_not_yet_announced_knows_no_arrangement_until_an_override_gives_it():
    assert Calendar.announced(2026)
    assert not Calendar.announced(2099)
    assert NATIONAL.kind(date(2099, 1, 3)) == "rest_day"


def test_a_single_rest_day_week_makes_saturday_a_workday():
    single_rest = Calendar(rest_weekdays=frozenset({6}))

    assert single_rest.kind(date(2026, 12, 5)) == "workday"
    assert single_rest.kind(date(2026, 12, 6)) == "rest_day"


def test_the_shipped_data_is_what_the_maintained_packages_say():
    pytest.importorskip("holidays")
    pytest.importorskip("chinese_calendar")
    from infra.refresh_cn_calendar import collect

    fresh = collect()

    assert fresh["statutory"] == cn_calendar_data.STATUTORY
    assert set(fresh["days_off"]) == cn_calendar_data.DAYS_OFF  # type: ignore[arg-type]
    assert set(fresh["makeup_workdays"]) == cn_calendar_data.MAKEUP_WORKDAYS  # type: ignore[arg-type]
    assert tuple(fresh["announced_years"]) == cn_calendar_data.ANNOUNCED_YEARS  # type: ignore[arg-type]
