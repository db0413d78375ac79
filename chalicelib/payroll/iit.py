"""Individual income tax on wages by cumulative withholding (累计预扣法).

国家税务总局公告2018年第56号::

    本期应预扣预缴税额 = (累计预扣预缴应纳税所得额 × 预扣率 − 速算扣除数) − 累计减免税额 − 累计已预扣预缴税额
    累计预扣预缴应纳税所得额 = 累计收入 − 累计免税收入 − 累计减除费用 − 累计专项扣除
                            − 累计专项附加扣除 − 累计依法确定的其他扣除

Everything is cumulative *at this employer within the tax year*. A payroll run keeps the
:class:`YearToDate` returned for each person's locked month and passes it to the next month, so
a month never needs the earlier months' payslips, and a correction made after a lock flows into
the next month by itself (the cumulative formula absorbs it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from chalicelib.core.errors import Invalid
from chalicelib.payroll.money import ZERO, to_fen
from chalicelib.payroll.tables import table_for, value_for

BasicDeduction = Literal["months_employed", "first_job_of_year", "low_income_last_year"]
"""How the cumulative basic deduction (累计减除费用) is counted for a person this tax year.

- ``months_employed``: 5,000 × the months paid at this employer (the default rule).
- ``first_job_of_year``: 5,000 × calendar months from January — a person whose first wages of the
  year are from this employer (国家税务总局公告2020年第13号).
- ``low_income_last_year``: 60,000 from January — employed here all last year with last year's
  wages ≤ 60,000 (国家税务总局公告2020年第19号); nothing is withheld until the year's
  cumulative taxable income passes 60,000.
"""


@dataclass(frozen=True)
class MonthIncome:
    """One month's figures for one person, in yuan."""

    income: Decimal
    """累计收入's monthly part: wages and taxable allowances, including tax-free items."""
    tax_free: Decimal = ZERO
    """免税收入 included in ``income``."""
    special: Decimal = ZERO
    """专项扣除: the person's own social-insurance and housing-fund contributions."""
    additional: Decimal = ZERO
    """专项附加扣除 declared by the person (:mod:`chalicelib.payroll.deductions`)."""
    other: Decimal = ZERO
    """依法确定的其他扣除 (e.g. qualifying commercial health insurance, personal pension)."""
    relief: Decimal = ZERO
    """减免税额 granted this month."""

    def __post_init__(self) -> None:
        for name in ("income", "tax_free", "special", "additional", "other", "relief"):
            value = getattr(self, name)
            if not isinstance(value, Decimal):
                raise TypeError(f"{name} must be a Decimal")
            if value < 0:
                raise Invalid.field(name, "payroll.amount_negative")


@dataclass(frozen=True)
class YearToDate:
    """A person's cumulative figures at this employer in ``tax_year``, through ``last_month``."""

    tax_year: int
    last_month: int = 0
    months_employed: int = 0
    income: Decimal = ZERO
    tax_free: Decimal = ZERO
    special: Decimal = ZERO
    additional: Decimal = ZERO
    other: Decimal = ZERO
    relief: Decimal = ZERO
    withheld: Decimal = ZERO


@dataclass(frozen=True)
class Withholding:
    """One month's withholding with the whole working, as a payslip shows it."""

    tax_year: int
    month: int
    basic_rule: BasicDeduction
    cumulative_income: Decimal
    cumulative_tax_free: Decimal
    cumulative_basic_deduction: Decimal
    cumulative_special: Decimal
    cumulative_additional: Decimal
    cumulative_other: Decimal
    taxable_income: Decimal
    """累计预扣预缴应纳税所得额 (never below 0)."""
    rate: Decimal
    quick_deduction: Decimal
    cumulative_tax: Decimal
    cumulative_relief: Decimal
    withheld_before: Decimal
    this_month: Decimal
    """本期应预扣预缴税额: never negative — an overpayment waits for the annual reconciliation."""
    after: YearToDate = field(repr=False)


def basic_deduction(rule: BasicDeduction, month: int, months_employed: int, on: date) -> Decimal:
    """累计减除费用 through ``month`` under ``rule``."""
    monthly = value_for("basic_deduction_monthly", on)
    if rule == "first_job_of_year":
        return monthly * month
    if rule == "low_income_last_year":
        return max(value_for("low_income_last_year_limit", on), monthly * month)
    return monthly * months_employed


def withhold(
    month: int, this: MonthIncome, before: YearToDate, *, basic_rule: BasicDeduction = "months_employed"
) -> Withholding:
    """This month's withholding for one person, given the year to date before it."""
    if not 1 <= month <= 12:
        raise Invalid.field("month", "payroll.month_invalid")
    if month <= before.last_month:
        raise Invalid.field("month", "payroll.months_out_of_order", last=before.last_month, month=month)
    on = date(before.tax_year, month, 1)
    after = replace(
        before,
        last_month=month,
        months_employed=before.months_employed + 1,
        income=before.income + this.income,
        tax_free=before.tax_free + this.tax_free,
        special=before.special + this.special,
        additional=before.additional + this.additional,
        other=before.other + this.other,
        relief=before.relief + this.relief,
    )
    basic = basic_deduction(basic_rule, month, after.months_employed, on)
    taxable = max(ZERO, after.income - after.tax_free - basic - after.special - after.additional - after.other)
    bracket = table_for("iit_annual", on).bracket_for(taxable)
    cumulative_tax = to_fen(taxable * bracket.rate - bracket.quick_deduction)
    this_month = max(ZERO, to_fen(cumulative_tax - after.relief - before.withheld))
    return Withholding(
        tax_year=before.tax_year,
        month=month,
        basic_rule=basic_rule,
        cumulative_income=after.income,
        cumulative_tax_free=after.tax_free,
        cumulative_basic_deduction=basic,
        cumulative_special=after.special,
        cumulative_additional=after.additional,
        cumulative_other=after.other,
        taxable_income=to_fen(taxable),
        rate=bracket.rate,
        quick_deduction=bracket.quick_deduction,
        cumulative_tax=cumulative_tax,
        cumulative_relief=after.relief,
        withheld_before=before.withheld,
        this_month=this_month,
        after=replace(after, withheld=before.withheld + this_month),
    )


def year(
    tax_year: int, months: Iterable[tuple[int, MonthIncome]], *, basic_rule: BasicDeduction = "months_employed"
) -> list[Withholding]:
    """Withhold month after month from a fresh year (a new hire, or a recomputation)."""
    so_far = YearToDate(tax_year)
    result = []
    for month, income in months:
        withholding = withhold(month, income, so_far, basic_rule=basic_rule)
        result.append(withholding)
        so_far = withholding.after
    return result
