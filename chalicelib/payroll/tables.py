"""Dated rule tables: every legal rate, bracket and standard amount the payroll uses.

A table is in force from ``valid_from`` to ``valid_to`` (inclusive; ``None`` = until replaced).
Looking a rule up for a date no table covers is an error — never a silent fallback to the
nearest table — so an expired policy (the annual-bonus table ends 2027-12-31) cannot be applied
by accident. Sources are the ones cited in ``HR-RULES-CN.md``; a new rate is a new entry with
its own dates, never an edit of an old one (past payslips must recompute to what was paid).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from chalicelib.core.errors import Invalid

TableKind = Literal["iit_annual", "iit_monthly_bonus"]
ValueKind = Literal[
    "basic_deduction_monthly",
    "low_income_last_year_limit",
    "child_education",
    "infant_care",
    "elderly_support_only_child",
    "elderly_support_sibling_cap",
    "housing_loan_interest",
    "housing_rent_tier_1",
    "housing_rent_tier_2",
    "housing_rent_tier_3",
    "continuing_education_degree",
    "continuing_education_certificate",
    "monthly_paid_days",
    "daily_hours",
    "overtime_workday",
    "overtime_restday",
    "overtime_holiday",
]


@dataclass(frozen=True)
class Bracket:
    """Amounts up to ``upper`` (inclusive; ``None`` = no limit) pay ``rate`` less ``quick_deduction``."""

    upper: Decimal | None
    rate: Decimal
    quick_deduction: Decimal


@dataclass(frozen=True)
class RateTable:
    kind: TableKind
    valid_from: date
    valid_to: date | None
    source: str
    brackets: tuple[Bracket, ...]

    def bracket_for(self, amount: Decimal) -> Bracket:
        for bracket in self.brackets:
            if bracket.upper is None or amount <= bracket.upper:
                return bracket
        raise AssertionError("the last bracket has no upper limit")


@dataclass(frozen=True)
class DatedValue:
    kind: ValueKind
    valid_from: date
    valid_to: date | None
    amount: Decimal
    source: str


def _brackets(*rows: tuple[str | None, str, str]) -> tuple[Bracket, ...]:
    return tuple(Bracket(Decimal(u) if u else None, Decimal(r), Decimal(q)) for u, r, q in rows)


_2018_56 = "国家税务总局公告2018年第56号 附件《个人所得税预扣率表一》"
_BONUS = "财税〔2018〕164号; extended to 2027-12-31 by 财政部 税务总局公告2023年第30号"

RATE_TABLES: tuple[RateTable, ...] = (
    RateTable(
        "iit_annual",
        date(2019, 1, 1),
        None,
        _2018_56,
        _brackets(
            ("36000", "0.03", "0"),
            ("144000", "0.10", "2520"),
            ("300000", "0.20", "16920"),
            ("420000", "0.25", "31920"),
            ("660000", "0.30", "52920"),
            ("960000", "0.35", "85920"),
            (None, "0.45", "181920"),
        ),
    ),
    RateTable(
        "iit_monthly_bonus",
        date(2019, 1, 1),
        date(2027, 12, 31),
        _BONUS,
        _brackets(
            ("3000", "0.03", "0"),
            ("12000", "0.10", "210"),
            ("25000", "0.20", "1410"),
            ("35000", "0.25", "2660"),
            ("55000", "0.30", "4410"),
            ("80000", "0.35", "7160"),
            (None, "0.45", "15160"),
        ),
    ),
)

_2023 = "国发〔2023〕13号 (amounts from 2023-01-01)"
_41 = "国发〔2018〕41号"
_2008_3 = "劳社部发〔2008〕3号"
_LABOUR_44 = "中华人民共和国劳动法 第四十四条"

DATED_VALUES: tuple[DatedValue, ...] = (
    DatedValue("basic_deduction_monthly", date(2019, 1, 1), None, Decimal("5000"), "国家税务总局公告2018年第56号"),
    DatedValue("low_income_last_year_limit", date(2021, 1, 1), None, Decimal("60000"), "国家税务总局公告2020年第19号"),
    DatedValue("child_education", date(2023, 1, 1), None, Decimal("2000"), _2023),
    DatedValue("infant_care", date(2023, 1, 1), None, Decimal("2000"), _2023),
    DatedValue("elderly_support_only_child", date(2023, 1, 1), None, Decimal("3000"), _2023),
    DatedValue("elderly_support_sibling_cap", date(2023, 1, 1), None, Decimal("1500"), _2023),
    DatedValue("housing_loan_interest", date(2019, 1, 1), None, Decimal("1000"), _41),
    DatedValue("housing_rent_tier_1", date(2019, 1, 1), None, Decimal("1500"), _41),
    DatedValue("housing_rent_tier_2", date(2019, 1, 1), None, Decimal("1100"), _41),
    DatedValue("housing_rent_tier_3", date(2019, 1, 1), None, Decimal("800"), _41),
    DatedValue("continuing_education_degree", date(2019, 1, 1), None, Decimal("400"), _41),
    DatedValue("continuing_education_certificate", date(2019, 1, 1), None, Decimal("3600"), _41),
    # Daily wage = monthly ÷ 21.75, hourly = daily ÷ 8 (劳社部发〔2008〕3号, from 2008-01-01).
    DatedValue("monthly_paid_days", date(2008, 1, 1), None, Decimal("21.75"), _2008_3),
    DatedValue("daily_hours", date(2008, 1, 1), None, Decimal("8"), _2008_3),
    # Overtime at least 150 % on a workday, 200 % on a rest day, 300 % on a statutory holiday (劳动法 第四十四条).
    DatedValue("overtime_workday", date(1995, 1, 1), None, Decimal("1.5"), _LABOUR_44),
    DatedValue("overtime_restday", date(1995, 1, 1), None, Decimal("2"), _LABOUR_44),
    DatedValue("overtime_holiday", date(1995, 1, 1), None, Decimal("3"), _LABOUR_44),
)


def _in_force(valid_from: date, valid_to: date | None, on: date) -> bool:
    return valid_from <= on and (valid_to is None or on <= valid_to)


def table_for(kind: TableKind, on: date, tables: Sequence[RateTable] = RATE_TABLES) -> RateTable:
    """The rate table of ``kind`` in force on ``on``; 400 ``payroll.rule_not_in_force`` if none is."""
    for table in tables:
        if table.kind == kind and _in_force(table.valid_from, table.valid_to, on):
            return table
    raise Invalid("payroll.rule_not_in_force", rule=kind, on=on.isoformat())


def value_for(kind: ValueKind, on: date, values: Sequence[DatedValue] = DATED_VALUES) -> Decimal:
    """The standard amount of ``kind`` in force on ``on``; 400 ``payroll.rule_not_in_force`` if none is."""
    return dated_value(kind, on, values).amount


def dated_value(kind: ValueKind, on: date, values: Sequence[DatedValue] = DATED_VALUES) -> DatedValue:
    """The entry of ``kind`` in force on ``on`` (amount, dates and source, for a payslip's trace)."""
    for value in values:
        if value.kind == kind and _in_force(value.valid_from, value.valid_to, on):
            return value
    raise Invalid("payroll.rule_not_in_force", rule=kind, on=on.isoformat())
