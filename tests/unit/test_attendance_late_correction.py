"""Late corrections of a locked month: the pure difference, and the pay lines it becomes next month."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from chalicelib.attendance.calendar import with_overrides
from chalicelib.attendance.daily_schemas import AdjustmentRecord, DayRecord
from chalicelib.attendance.late import corrected, difference
from chalicelib.attendance.late_schemas import LateCorrection
from chalicelib.attendance.leave_types import built_in
from chalicelib.attendance.monthly import Adjustment, summarize
from tests.unit.test_payroll_payslip import _slip

D = Decimal
OCTOBER = "2026-10"
CALENDAR = with_overrides([])
SATURDAY = date(2026, 10, 17)


def _days() -> list[DayRecord]:
    """Every working day of October present, 10/15 absent."""
    out = []
    for day, kind in CALENDAR.days(date(2026, 10, 1), date(2026, 10, 31)):
        status = "rest" if kind not in ("workday", "makeup_workday") else "absent" if day.day == 15 else "present"
        out.append(DayRecord(person_id="p1", date=day, status=status, day_kind=kind))  # type: ignore[arg-type]
    return out


def _correction(n: int, day: date, *, status=None, leave_type=None, overtime=None, adjustments=()):  # type: ignore[no-untyped-def]
    return LateCorrection(
        correction_id=f"c{n}",
        person_id="p1",
        month=OCTOBER,
        target_month="2026-11",
        date=day,
        status=status,
        leave_type=leave_type,
        overtime_hours=overtime,
        reason="r",
        adjustments=list(adjustments),
        created_by="hr",
        created_at=f"2026-11-0{n}T00:00:00Z",
    )


def _diff(earlier, this):  # type: ignore[no-untyped-def]
    frozen = summarize("p1", OCTOBER, CALENDAR, [], built_in(), [], _days(), locked=True)
    after = corrected(OCTOBER, "p1", CALENDAR, [], built_in(), [], _days(), [*earlier, this])
    return {name: (was, delta) for name, was, delta in difference(frozen, earlier, after)}


def test_an_absent_day_corrected_to_sick_leave_moves_a_day_from_absence_to_sick_leave():
    diff = _diff([], _correction(1, date(2026, 10, 15), status="on_leave", leave_type="sick"))
    assert diff == {"absent_days": (D(1), D(-1)), "leave_days.sick": (D(0), D(1))}


def test_a_second_correction_of_the_same_day_is_measured_against_the_first():
    # Given rest-day overtime of 4 h approved late, then reduced to 1 h
    first = _correction(1, SATURDAY, overtime="4")
    assert _diff([], first) == {"overtime_hours.restday": (D(0), D(4))}
    first = first.model_copy(
        update={
            "adjustments": [
                AdjustmentRecord(month=OCTOBER, field="overtime_hours.restday", delta="4", correction_id="c1")
            ]
        }
    )
    # Then the second carries only the change from what the first already carried
    assert _diff([first], _correction(2, SATURDAY, overtime="1")) == {"overtime_hours.restday": (D(4), D(-3))}


@dataclass
class Summary:
    person_id: str = "p1"
    month: str = "2026-11"
    scheduled_days: Decimal = D("21")
    present_days: Decimal = D("21")
    late_count: int = 0
    absent_days: Decimal = D("0")
    leave_days: dict[str, Decimal] = field(default_factory=dict)
    overtime_hours: dict[str, Decimal] = field(default_factory=dict)
    locked: bool = True
    adjustments: tuple[Adjustment, ...] = ()


def _lines(*adjustments: Adjustment, **kwargs):  # type: ignore[no-untyped-def]
    slip = _slip(month="2026-11", attendance=Summary(adjustments=adjustments), **kwargs)
    return [line for line in slip.lines if line["code"] == "attendance_adjustment"]


def test_an_adjustment_is_priced_at_the_corrected_months_base_wage_divisor_and_rate():
    # 4 h of October rest-day overtime, October's base 11,000: 11,000 ÷ 21.75 ÷ 8 × 200 % × 4 h = 505.747…
    lines = _lines(
        Adjustment(OCTOBER, "overtime_hours.restday", D(4), "late approval", "c1"), base_wages={OCTOBER: D(11000)}
    )
    assert [line["amount"] for line in lines] == [D("505.75")]
    assert lines[0]["source"]["ref"] == "attendance 2026-10 correction c1"
    assert "200%" in lines[0]["source"]["detail"] and "late approval" in lines[0]["source"]["detail"]


def test_absence_unpaid_leave_and_late_count_follow_the_run_settings():
    lines = _lines(
        Adjustment(OCTOBER, "absent_days", D(-1), "sick note", "c1", was=D(1)),  # refund 12,000 ÷ 21.75
        Adjustment(OCTOBER, "leave_days.personal", D(1), "sick note", "c1"),  # personal leave is unpaid
        Adjustment(OCTOBER, "leave_days.sick", D(1), "sick note", "c1"),  # sick leave is paid: no line
        Adjustment(OCTOBER, "late_count", D(-1), "补卡", "c2", was=D(3)),  # 3 → 2 late (none free), 50 each
        Adjustment(OCTOBER, "present_days", D(1), "补卡", "c2"),  # no pay rule: no line
    )
    assert [(line["kind"], line["amount"]) for line in lines] == [
        ("earning", D("551.72")),
        ("deduction", D("-551.72")),
        ("earning", D("50.00")),
    ]
