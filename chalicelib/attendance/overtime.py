"""Overtime pay by the kind of day (劳动法 art. 44) and the monthly cap warning (art. 41).

- a working day (including a make-up working day): at least 150 % of the hourly wage;
- a rest day (an ordinary weekend or a swapped rest day in a holiday period): 200 %, unless
  time off in lieu is given — then the hours are banked as 调休 and nothing is paid;
- a statutory holiday day itself: 300 %, always paid (no time off in lieu instead).
Hourly wage = monthly wage ÷ 21.75 ÷ 8 (劳社部发〔2008〕3号). Rates are a dated table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from chalicelib.attendance.calendar import DayKind
from chalicelib.core.errors import Invalid

FEN = Decimal("0.01")


@dataclass(frozen=True)
class OvertimeRules:
    valid_from: date
    source: str
    multipliers: dict[DayKind, Decimal]
    bankable: frozenset[DayKind]
    pay_days_per_month: Decimal
    hours_per_day: Decimal
    monthly_cap_hours: Decimal


RULES: tuple[OvertimeRules, ...] = (
    OvertimeRules(
        valid_from=date(2008, 1, 10),
        source="劳动法 第四十一条、第四十四条; 劳社部发〔2008〕3号",
        multipliers={
            "workday": Decimal("1.5"),
            "makeup_workday": Decimal("1.5"),
            "rest_day": Decimal("2"),
            "holiday_rest": Decimal("2"),
            "statutory_holiday": Decimal("3"),
        },
        bankable=frozenset({"rest_day", "holiday_rest"}),
        pay_days_per_month=Decimal("21.75"),
        hours_per_day=Decimal("8"),
        monthly_cap_hours=Decimal("36"),
    ),
)


def rules_on(on: date) -> OvertimeRules:
    in_force = [rules for rules in RULES if rules.valid_from <= on]
    if not in_force:
        raise Invalid("payroll.rule_not_in_force", rule="overtime", on=on.isoformat())
    return max(in_force, key=lambda rules: rules.valid_from)


@dataclass(frozen=True)
class Overtime:
    hours: Decimal
    kind: DayKind
    multiplier: Decimal
    pay: Decimal
    banked_hours: Decimal
    """Hours added to the person's 调休 balance instead of pay."""


def hourly_wage(monthly_wage: Decimal, on: date) -> Decimal:
    rules = rules_on(on)
    return monthly_wage / rules.pay_days_per_month / rules.hours_per_day


def overtime(hours: Decimal, kind: DayKind, monthly_wage: Decimal, on: date, *, bank: bool = False) -> Overtime:
    """Pay (or banked hours) for ``hours`` of overtime on a day of ``kind``."""
    if hours <= 0:
        raise Invalid.field("hours", "leave.days_positive")
    rules = rules_on(on)
    multiplier = rules.multipliers[kind]
    if bank:
        if kind not in rules.bankable:
            raise Invalid.field("bank", "overtime.not_bankable")
        return Overtime(hours, kind, multiplier, Decimal("0.00"), hours)
    pay = (hourly_wage(monthly_wage, on) * hours * multiplier).quantize(FEN, rounding=ROUND_HALF_UP)
    return Overtime(hours, kind, multiplier, pay, Decimal("0"))


def over_monthly_cap(total_hours: Decimal, on: date) -> bool:
    """Whether a month's overtime passes the legal 36 hours (a warning, not a refusal)."""
    return total_hours > rules_on(on).monthly_cap_hours
