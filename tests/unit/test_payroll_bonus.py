"""The annual one-off bonus: separate taxation by the monthly table, or merged into wages."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.core.errors import Invalid
from chalicelib.payroll.bonus import compare, separate_tax
from chalicelib.payroll.iit import MonthIncome, YearToDate

D = Decimal


def test_the_published_example_a_bonus_of_36000_is_taxed_1080():
    tax = separate_tax(D("36000"), date(2026, 1, 1))

    assert (tax.monthly_average, tax.rate, tax.quick_deduction) == (D("3000.00"), D("0.03"), D("0"))
    assert tax.tax == D("1080.00")


def test_one_yuan_over_the_edge_costs_more_than_the_yuan_the_cliff():
    at_edge = separate_tax(D("36000"), date(2026, 1, 1))
    over = separate_tax(D("36001"), date(2026, 1, 1))

    assert over.rate == D("0.10")
    assert over.tax - at_edge.tax == D("2310.10")  # 36,001 × 10 % − 210 = 3,390.10


def test_after_2027_the_separate_rule_is_not_applied_silently():
    with pytest.raises(Invalid) as refused:
        separate_tax(D("36000"), date(2028, 1, 1))

    assert refused.value.text.code == "payroll.rule_not_in_force"


def test_given_wages_and_a_bonus_then_both_taxes_are_shown_for_the_choice():
    wages = MonthIncome(income=D("10000"), special=D("1500"), additional=D("1000"))

    choice = compare(D("36000"), 1, wages, YearToDate(2026), already_used=False)

    assert choice.wages_only.this_month == D("75.00")
    assert choice.separate is not None and choice.separate.tax == D("1080.00")
    assert choice.total_separate == D("1155.00")
    # merged: 2,500 + 36,000 = 38,500 taxable → 38,500 × 10 % − 2,520 = 1,330
    assert choice.total_merged == D("1330.00")


def test_given_the_rule_already_used_this_year_then_only_the_merged_tax_is_offered():
    wages = MonthIncome(income=D("10000"))

    january_to_may = YearToDate(2026, last_month=5, months_employed=5, income=D("50000"), withheld=D("750"))

    choice = compare(D("20000"), 6, wages, january_to_may, already_used=True)

    assert choice.separate is None
    assert choice.total_separate is None
    assert choice.separate_unavailable == "payroll.bonus_used"
    assert choice.wages_only.this_month == D("150.00")  # 30,000 taxable × 3 % − 750
    assert choice.total_merged == D("1730.00")  # (80,000 − 30,000) × 10 % − 2,520 − 750


def test_given_a_bonus_paid_in_2028_then_the_expired_rule_is_named_and_merged_is_still_computed():
    choice = compare(D("20000"), 1, MonthIncome(income=D("10000")), YearToDate(2028), already_used=False)

    assert choice.separate is None
    assert choice.separate_unavailable == "payroll.rule_not_in_force"


@given(st.decimals(min_value=0, max_value=2_000_000, places=2))
def test_separate_tax_is_the_monthly_table_at_a_twelfth_and_never_negative(bonus):
    tax = separate_tax(bonus, date(2026, 12, 1))

    assert tax.tax >= 0
    assert tax.tax == max(D("0"), bonus * tax.rate - tax.quick_deduction).quantize(D("0.01"), ROUND_HALF_UP)
