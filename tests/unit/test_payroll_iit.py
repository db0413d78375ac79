"""Individual income tax by cumulative withholding (累计预扣法), proven on the published examples."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.core.errors import Invalid
from chalicelib.payroll import iit
from chalicelib.payroll.iit import MonthIncome, YearToDate, withhold
from chalicelib.payroll.tables import table_for

D = Decimal


def months(count: int, income: MonthIncome, start: int = 1) -> list[tuple[int, MonthIncome]]:
    return [(month, income) for month in range(start, start + count)]


# --- the examples published with 国家税务总局公告2018年第56号 ------------------------------------------


def test_given_10000_a_month_with_1500_social_insurance_and_1000_child_education_then_75_each_month():
    wages = MonthIncome(income=D("10000"), special=D("1500"), additional=D("1000"))

    withheld = [w.this_month for w in iit.year(2019, months(3, wages))]

    assert withheld == [D("75.00"), D("75.00"), D("75.00")]


def test_given_30000_a_month_then_555_625_and_1850_as_the_cumulative_income_crosses_36000():
    wages = MonthIncome(income=D("30000"), special=D("4500"), additional=D("2000"))

    january, february, march = iit.year(2019, months(3, wages))

    assert (january.this_month, february.this_month, march.this_month) == (D("555.00"), D("625.00"), D("1850.00"))
    assert (february.taxable_income, february.rate, february.quick_deduction) == (D("37000.00"), D("0.10"), D("2520"))
    assert february.cumulative_tax == D("1180.00")
    assert february.withheld_before == D("555.00")
    assert march.after.withheld == D("3030.00")


def test_the_working_shows_every_cumulative_figure_a_payslip_needs():
    wages = MonthIncome(income=D("12000"), tax_free=D("500"), special=D("1200"), additional=D("2000"),
                        other=D("200"))

    _, february = iit.year(2026, months(2, wages))

    assert february.cumulative_income == D("24000")
    assert february.cumulative_tax_free == D("1000")
    assert february.cumulative_basic_deduction == D("10000")
    assert february.cumulative_special == D("2400")
    assert february.cumulative_additional == D("4000")
    assert february.cumulative_other == D("400")
    assert february.taxable_income == D("6200.00")
    assert february.cumulative_tax == D("186.00")


# --- hires, departures and the basic deduction rules ------------------------------------------------


def test_given_a_hire_in_july_then_the_basic_deduction_counts_months_here_from_july():
    wages = MonthIncome(income=D("8000"))

    july, august = iit.year(2026, months(2, wages, start=7))

    assert july.cumulative_basic_deduction == D("5000")
    assert august.cumulative_basic_deduction == D("10000")
    assert july.this_month == D("90.00")


def test_given_the_first_job_of_the_year_in_july_then_the_basic_deduction_counts_from_january():
    wages = MonthIncome(income=D("8000"))

    july, august = iit.year(2026, months(2, wages, start=7), basic_rule="first_job_of_year")

    assert july.cumulative_basic_deduction == D("35000")
    assert (july.this_month, august.this_month) == (D("0.00"), D("0.00"))


def test_given_last_year_at_most_60000_here_then_nothing_is_withheld_until_income_passes_60000():
    wages = MonthIncome(income=D("7000"))

    withheld = [w.this_month for w in iit.year(2026, months(12, wages), basic_rule="low_income_last_year")]

    assert withheld[:8] == [D("0.00")] * 8  # 8 × 7,000 = 56,000 ≤ 60,000
    assert withheld[8] == D("90.00")  # 63,000 − 60,000 = 3,000 × 3 %
    assert all(w.cumulative_basic_deduction == D("60000") for w in iit.year(2026, months(3, wages),
                                                                             basic_rule="low_income_last_year"))


def test_given_a_departure_then_the_months_after_are_simply_not_withheld_and_a_rehire_continues_the_year():
    wages = MonthIncome(income=D("9000"))
    first_spell = iit.year(2026, months(3, wages))

    rehired = withhold(9, wages, first_spell[-1].after)

    assert rehired.cumulative_basic_deduction == D("20000")  # 4 months paid here, not 9
    assert rehired.cumulative_income == D("36000")


# --- negative months, relief and order ------------------------------------------------------------------


def test_given_a_month_whose_cumulative_tax_falls_then_nothing_is_withheld_and_nothing_refunded():
    high = MonthIncome(income=D("20000"))
    unpaid_leave = MonthIncome(income=D("0"), special=D("3000"))

    january, february = iit.year(2026, [(1, high), (2, unpaid_leave)])

    assert january.this_month == D("450.00")
    assert february.cumulative_tax < january.cumulative_tax
    assert february.this_month == D("0.00")
    assert february.after.withheld == D("450.00")


def test_given_tax_relief_then_it_is_subtracted_from_the_cumulative_tax():
    wages = MonthIncome(income=D("15000"), relief=D("100"))

    (january,) = iit.year(2026, [(1, wages)])

    assert january.cumulative_tax == D("300.00")
    assert january.this_month == D("200.00")


def test_a_month_already_withheld_cannot_be_withheld_again():
    wages = MonthIncome(income=D("9000"))
    (march,) = iit.year(2026, [(3, wages)])

    with pytest.raises(Invalid) as refused:
        withhold(3, wages, march.after)

    assert refused.value.text.code == "payroll.months_out_of_order"


def test_negative_amounts_and_floats_are_refused():
    with pytest.raises(Invalid):
        MonthIncome(income=D("-1"))
    with pytest.raises(TypeError):
        MonthIncome(income=1000.0)  # type: ignore[arg-type]


def test_a_year_before_the_2019_tables_is_refused_not_computed_with_todays_rates():
    with pytest.raises(Invalid) as refused:
        withhold(1, MonthIncome(income=D("9000")), YearToDate(2018))

    assert refused.value.text.code == "payroll.rule_not_in_force"


# --- properties ----------------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=200_000, places=2)


@given(st.lists(st.tuples(amounts, st.decimals(min_value=0, max_value=5_000, places=2)), min_size=1, max_size=12))
def test_the_year_withheld_equals_the_table_on_the_cumulative_taxable_income_unless_a_month_fell(rows):
    incomes = [MonthIncome(income=income, special=special) for income, special in rows]

    year = iit.year(2026, list(enumerate(incomes, start=1)))

    assert all(w.this_month >= 0 for w in year)
    last = year[-1]
    table = table_for("iit_annual", date(2026, 1, 1))
    bracket = table.bracket_for(last.taxable_income)
    expected = max(D("0"), last.taxable_income * bracket.rate - bracket.quick_deduction)
    assert last.after.withheld >= expected.quantize(D("0.01"), ROUND_HALF_UP)
    if all(b.cumulative_tax >= a.cumulative_tax for a, b in zip(year, year[1:], strict=False)):
        assert last.after.withheld == expected.quantize(D("0.01"), ROUND_HALF_UP)
