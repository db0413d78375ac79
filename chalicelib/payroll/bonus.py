"""The annual one-off bonus (全年一次性奖金): taxed on its own, or merged into the month's wages.

Separate taxation (财税〔2018〕164号, valid to 2027-12-31 by 公告2023年第30号): the rate and quick
deduction come from the *monthly* table at ``bonus ÷ 12``, and tax = bonus × rate − quick
deduction. It may be used once per person per tax year. The person may instead merge the bonus
into the month's wages, where it is withheld cumulatively. Which is cheaper depends on the rest
of the year's income and on the bracket edges (just above an edge separate taxation costs more
than the extra bonus — the "cliff"), so :func:`compare` gives both figures and the product lets
HR and the person choose; it never chooses silently.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from chalicelib.core.errors import Invalid
from chalicelib.payroll.iit import BasicDeduction, MonthIncome, Withholding, YearToDate, withhold
from chalicelib.payroll.money import to_fen
from chalicelib.payroll.tables import table_for

MONTHS = Decimal(12)


@dataclass(frozen=True)
class BonusTax:
    bonus: Decimal
    monthly_average: Decimal
    """bonus ÷ 12, to the fen, as shown; the bracket is chosen from the exact quotient."""
    rate: Decimal
    quick_deduction: Decimal
    tax: Decimal


@dataclass(frozen=True)
class BonusChoice:
    """This month's tax both ways. ``separate`` is ``None`` when the rule cannot be used."""

    separate: BonusTax | None
    separate_unavailable: Literal["payroll.bonus_used", "payroll.rule_not_in_force"] | None
    wages_only: Withholding
    """The month's wage withholding when the bonus is taxed separately."""
    merged: Withholding
    """The month's withholding with the bonus added to the wages."""

    @property
    def total_separate(self) -> Decimal | None:
        return None if self.separate is None else self.wages_only.this_month + self.separate.tax

    @property
    def total_merged(self) -> Decimal:
        return self.merged.this_month


def separate_tax(bonus: Decimal, on: date) -> BonusTax:
    """Tax on ``bonus`` taxed on its own; 400 when the rule is not in force on ``on``."""
    if bonus < 0:
        raise Invalid.field("bonus", "payroll.amount_negative")
    bracket = table_for("iit_monthly_bonus", on).bracket_for(bonus / MONTHS)
    return BonusTax(
        bonus=bonus,
        monthly_average=to_fen(bonus / MONTHS),
        rate=bracket.rate,
        quick_deduction=bracket.quick_deduction,
        tax=max(Decimal("0.00"), to_fen(bonus * bracket.rate - bracket.quick_deduction)),
    )


def compare(
    bonus: Decimal,
    month: int,
    wages: MonthIncome,
    before: YearToDate,
    *,
    already_used: bool,
    basic_rule: BasicDeduction = "months_employed",
) -> BonusChoice:
    """The month's tax with the bonus taxed separately and with it merged into the wages.

    Merging also raises the cumulative income the rest of the year is withheld on; this compares
    the month it is paid in, which is what the payslip shows.
    """
    wages_only = withhold(month, wages, before, basic_rule=basic_rule)
    merged = withhold(month, replace(wages, income=wages.income + bonus), before, basic_rule=basic_rule)
    separate: BonusTax | None = None
    unavailable: Literal["payroll.bonus_used", "payroll.rule_not_in_force"] | None = None
    if already_used:
        unavailable = "payroll.bonus_used"
    else:
        try:
            separate = separate_tax(bonus, date(before.tax_year, month, 1))
        except Invalid:
            unavailable = "payroll.rule_not_in_force"
    return BonusChoice(separate=separate, separate_unavailable=unavailable, wages_only=wages_only, merged=merged)
