"""Social insurance and housing fund: a city's dated rule set, bases clamped, rounded by the city's rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.core.errors import Invalid
from chalicelib.payroll.contributions import CityRules, FundRule, contributions, rules_for

D = Decimal

# A made-up city: the product ships no city's figures; HR enters its own with their source.
EXAMPLE_2026 = CityRules(
    city="示例市", valid_from=date(2026, 7, 1), valid_to=date(2027, 6, 30), source="test data",
    funds=(
        FundRule("pension", D("0.08"), D("0.16"), D("5000"), D("30000")),
        FundRule("medical", D("0.02"), D("0.08"), D("5000"), D("30000")),
        FundRule("unemployment", D("0.005"), D("0.005"), D("5000"), D("30000"), rounding="yuan_up"),
        FundRule("injury", D("0"), D("0.004"), D("5000"), D("30000")),
        FundRule("housing_fund", D("0.12"), D("0.12"), D("2500"), D("35000"), rounding="yuan_half_up"),
    ),
)


def test_a_wage_inside_the_range_is_the_base_of_every_fund():
    result = contributions(EXAMPLE_2026, D("12345.67"))

    pension = result.lines[0]
    assert (pension.base, pension.employee, pension.employer) == (D("12345.67"), D("987.65"), D("1975.31"))
    unemployment = result.lines[2]
    assert unemployment.employee == D("62.00")  # 61.73 rounded up to the yuan
    housing = result.lines[4]
    assert housing.employee == D("1481.00")  # 1,481.48 to the nearest yuan
    assert result.employee_total == D("987.65") + D("246.91") + D("62.00") + D("0.00") + D("1481.00")


def test_a_base_below_the_floor_or_above_the_ceiling_is_clamped_per_fund():
    low = contributions(EXAMPLE_2026, D("3000"))
    high = contributions(EXAMPLE_2026, D("50000"))

    assert [line.base for line in low.lines] == [D("5000.00")] * 4 + [D("3000.00")]
    assert [line.base for line in high.lines] == [D("30000.00")] * 4 + [D("35000.00")]


def test_hr_may_set_a_lower_housing_fund_base_within_the_citys_range():
    result = contributions(EXAMPLE_2026, D("20000"), overrides={"housing_fund": D("1000")})

    assert result.lines[4].base == D("2500.00")
    assert result.lines[0].base == D("20000.00")


def test_the_rule_set_in_force_is_chosen_by_date_and_none_is_invented_outside_it():
    assert rules_for("示例市", date(2027, 1, 31), [EXAMPLE_2026]) is EXAMPLE_2026
    with pytest.raises(Invalid) as refused:
        rules_for("示例市", date(2026, 6, 30), [EXAMPLE_2026])

    assert refused.value.text.code == "payroll.rule_not_in_force"


def test_a_rate_above_100_percent_or_a_floor_above_the_ceiling_is_refused():
    with pytest.raises(Invalid):
        FundRule("pension", D("8"), D("0.16"), D("5000"), D("30000"))
    with pytest.raises(Invalid) as refused:
        FundRule("pension", D("0.08"), D("0.16"), D("30001"), D("30000"))

    assert refused.value.details[0].field == "base_floor"
