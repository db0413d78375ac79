"""The month payroll reads: working days due, leave inside the month, paid overtime, daily results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.attendance.calendar import Calendar
from chalicelib.attendance.daily_schemas import DayRecord
from chalicelib.attendance.leave_types import built_in
from chalicelib.attendance.monthly import month_bounds, summarize
from chalicelib.attendance.schemas import LeaveRequest, LeaveUnit, Overtime, RequestStatus
from chalicelib.core.errors import Invalid

D = Decimal
KINDS = built_in()


def leave(
    code: str,
    start: str,
    end: str,
    *,
    status: RequestStatus = RequestStatus.APPROVED,
    start_half: str = "am",
    end_half: str = "pm",
    hours: float = 0,
) -> LeaveRequest:
    kind = KINDS[code]
    return LeaveRequest(
        request_id=f"r-{code}-{start}",
        person_id="p1",
        leave_type=code,
        start=date.fromisoformat(start),
        end=date.fromisoformat(end),
        start_half=start_half,
        end_half=end_half,  # type: ignore[arg-type]
        amount=hours or 1,
        unit=kind.unit,
        status=status,
        created_at="2026-01-01T00:00:00",
    )


def overtime(
    day: str, kind: str, hours: float, *, bank: bool = False, status: RequestStatus = RequestStatus.APPROVED
) -> Overtime:
    return Overtime(
        overtime_id=f"o-{day}",
        person_id="p1",
        date=date.fromisoformat(day),
        day_kind=kind,  # type: ignore[arg-type]
        hours=hours,
        multiplier=1.5,
        bank=bank,
        status=status,
        created_at="2026-01-01T00:00:00",
    )


def day(on: str, status: str, *, late: int = 0, early: int = 0, leave_days: float = 0) -> DayRecord:
    return DayRecord(
        person_id="p1",
        date=date.fromisoformat(on),
        status=status,
        day_kind="workday",  # type: ignore[arg-type]
        late_minutes=late,
        early_minutes=early,
        leave_days=leave_days,
    )


def summary(month: str, requests=(), records=(), days=()):
    return summarize("p1", month, Calendar(), list(requests), KINDS, list(records), list(days), locked=False)


def test_october_2026_is_due_18_working_days_with_the_make_up_saturday():
    # 22 weekdays, 5 of them in the National Day break (1–7 October), plus Saturday 10 October (调休上班)
    assert summary("2026-10").scheduled_days == D(18)


def test_leave_over_the_month_end_counts_only_this_months_working_days_and_half_days():
    # annual leave Thu 29 Oct (from noon) to Tue 3 Nov 2026: Oct 29 pm + Oct 30 = 1.5; Nov 2, 3 = 2
    request = leave("annual", "2026-10-29", "2026-11-03", start_half="pm")

    assert summary("2026-10", [request]).leave_days == {"annual": D("1.5")}
    assert summary("2026-11", [request]).leave_days == {"annual": D(2)}


def test_only_approved_leave_counts_and_hours_become_days():
    requests = [
        leave("sick", "2026-11-04", "2026-11-04"),
        leave("personal", "2026-11-05", "2026-11-05", status=RequestStatus.PENDING),
        leave("toil", "2026-11-06", "2026-11-06", hours=4),
    ]

    assert summary("2026-11", requests).leave_days == {"sick": D(1), "toil": D("0.5")}


def test_overtime_is_paid_by_kind_of_day_and_banked_hours_are_not_paid():
    records = [
        overtime("2026-11-02", "workday", 2),
        overtime("2026-11-07", "rest_day", 8, bank=True),
        overtime("2026-11-14", "rest_day", 4),
        overtime("2026-10-01", "statutory_holiday", 3),
        overtime("2026-11-10", "workday", 5, status=RequestStatus.REJECTED),
        overtime("2026-10-10", "makeup_workday", 1.5),
    ]

    assert summary("2026-11", records=records).overtime_hours == {"workday": D(2), "restday": D(4)}
    assert summary("2026-10", records=records).overtime_hours == {"holiday": D(3), "workday": D("1.5")}


def test_daily_results_give_present_late_early_and_absent_days():
    days = [
        day("2026-11-02", "present"),
        day("2026-11-03", "late", late=12),
        day("2026-11-04", "late_and_left_early", late=3, early=20),
        day("2026-11-05", "absent"),
        day("2026-11-06", "present", leave_days=0.5),
        day("2026-11-09", "on_leave", leave_days=1),
    ]

    month = summary("2026-11", days=days)

    assert (month.present_days, month.late_count, month.late_minutes, month.early_leave_count, month.absent_days) == (
        D("3.5"),
        2,
        15,
        1,
        D(1),
    )


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "nov", "2026-11-01"])
def test_a_malformed_month_is_400_naming_month(bad):
    with pytest.raises(Invalid) as caught:
        month_bounds(bad)
    assert caught.value.details[0].field == "month"


def test_leave_unit_is_kept_from_the_type():
    assert KINDS["toil"].unit == LeaveUnit.HOUR
