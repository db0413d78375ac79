"""Period-end projection, at-risk assessment and one-at-a-time driver attribution."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.reviews.forecast import assess, explain_gap, project
from chalicelib.reviews.scoring import ScoringRule

FAST = settings(max_examples=200, deadline=None)

values = st.decimals(min_value=-1_000, max_value=1_000, places=2, allow_nan=False, allow_infinity=False)
non_negative = st.decimals(min_value=0, max_value=1_000, places=2, allow_nan=False, allow_infinity=False)
period_lengths = st.integers(min_value=1, max_value=31)


@st.composite
def observed_units(draw: st.DrawFn, min_size: int = 1) -> tuple[int, list[int]]:
    length = draw(st.integers(min_value=max(min_size, 1), max_value=31))
    units = draw(st.lists(st.integers(min_value=1, max_value=length), min_size=min_size, unique=True))
    return length, sorted(units)


def conversion(m: Mapping[str, Decimal]) -> Decimal:
    return m["converted"] / m["visitors"] * 100


# --- project: examples ------------------------------------------------------------------------------


def test_given_ten_days_of_sales_when_projected_as_sum_then_run_rate_over_the_month():
    daily_sales = [(day, Decimal(12_000)) for day in range(1, 11)]

    assert project(daily_sales, 30, "sum") == Decimal("360000.0000")


def test_given_a_day_without_sales_when_projected_as_sum_then_it_counts_as_zero():
    # Day 2 was a holiday: 3 000 over 3 elapsed days -> 1 000 a day.
    assert project([(1, 1_500), (3, 1_500)], 30, "sum") == Decimal("30000.0000")


def test_given_falling_conversion_when_projected_as_average_then_trend_fills_remaining_days():
    points = [(1, Decimal("10")), (2, Decimal("9.5")), (3, Decimal("9"))]  # -0.5 a day over a 6-day period

    # Observed 10, 9.5, 9; trend 8.5, 8, 7.5 -> mean 8.75
    assert project(points, 6, "average") == Decimal("8.7500")


def test_given_falling_trend_when_projected_then_never_below_zero_for_a_non_negative_measure():
    points = [(1, Decimal("10")), (2, Decimal("9.5")), (3, Decimal("9"))]

    assert project(points, 30, "last") == Decimal("0.0000")


def test_given_rising_percentage_with_bounds_when_projected_then_capped_at_upper_bound():
    points = [(1, Decimal("90")), (2, Decimal("95"))]

    assert project(points, 12, "last", bounds=(0, 100)) == Decimal("100.0000")


def test_given_negative_measure_when_projected_then_trend_is_not_floored_at_zero():
    points = [(1, Decimal("-1")), (2, Decimal("-2"))]

    assert project(points, 4, "last") == Decimal("-4.0000")


def test_given_last_unit_observed_when_projected_as_last_then_that_value():
    assert project([(1, 5), (2, 50), (3, 7)], 3, "last") == Decimal("7.0000")


def test_given_single_point_when_projected_as_rate_then_that_value():
    assert project([(4, Decimal("8.25"))], 30, "average") == Decimal("8.2500")
    assert project([(4, Decimal("8.25"))], 30, "last") == Decimal("8.2500")


@pytest.mark.parametrize(
    ("points", "length", "aggregation"),
    [
        ([], 30, "sum"),
        ([(0, 1)], 30, "sum"),
        ([(31, 1)], 30, "sum"),
        ([(1, 1), (1, 2)], 30, "sum"),
        ([(1, 1)], 0, "sum"),
        ([(1, 1)], 30, "median"),
    ],
)
def test_given_malformed_input_when_projected_then_value_error(points, length, aggregation):
    with pytest.raises(ValueError):
        project(points, length, aggregation)


# --- project: properties ----------------------------------------------------------------------------


@FAST
@given(shape=observed_units(), constant=values, aggregation=st.sampled_from(["average", "last"]))
def test_given_constant_series_when_projected_as_rate_then_that_constant(shape, constant, aggregation):
    length, units = shape

    assert project([(u, constant) for u in units], length, aggregation) == constant


@FAST
@given(length=period_lengths, data=st.data(), constant=values)
def test_given_constant_daily_amount_when_projected_as_sum_then_constant_times_period(length, data, constant):
    elapsed = data.draw(st.integers(min_value=1, max_value=length))

    assert project([(u, constant) for u in range(1, elapsed + 1)], length, "sum") == constant * length


@st.composite
def linear_series(draw: st.DrawFn) -> tuple[int, list[int], Decimal, Decimal]:
    length, units = draw(observed_units(min_size=2))
    slope = draw(st.decimals(min_value=-50, max_value=50, places=2, allow_nan=False, allow_infinity=False))
    # Keep the line non-negative over the whole period so the zero floor never bends it.
    intercept = draw(non_negative) + max(Decimal(0), -slope) * length
    return length, units, intercept, slope


@FAST
@given(series=linear_series())
def test_given_linear_series_when_projected_then_exact(series):
    length, units, a, b = series
    points = [(u, a + b * u) for u in units]

    assert project(points, length, "last") == a + b * length
    assert project(points, length, "average") == a + b * Decimal(length + 1) / 2


# --- assess -----------------------------------------------------------------------------------------


def test_given_projection_short_of_target_when_assessed_then_at_risk_with_gap_and_message():
    rule = ScoringRule(direction="higher_is_better", threshold=6, target=10, stretch=15)

    forecast = assess(rule, Decimal("8.5"))

    assert forecast.at_risk is True
    assert forecast.gap == Decimal("-1.5")
    assert forecast.projected_score == Decimal("85.00")
    assert forecast.message["zh-CN"] == "预计期末 8.5，低于目标 10，差 1.5；预计得分 85.00，有未达标风险"
    assert "1.5 short of the target 10" in forecast.message["en"]


def test_given_a_long_fraction_when_assessed_then_the_message_rounds_but_the_figures_do_not():
    rule = ScoringRule(direction="higher_is_better", threshold=12, target=18)

    forecast = assess(rule, Decimal("14.5705828343313373253493014"))

    assert forecast.message["zh-CN"].startswith("预计期末 14.57，低于目标 18，差 3.43；")
    assert forecast.projected == Decimal("14.5705828343313373253493014")
    small = assess(ScoringRule(direction="higher_is_better", threshold=Decimal("0.3"), target=Decimal("0.35")),
                   Decimal("0.31254"))
    assert small.message["en"].startswith("Projected 0.3125 at period end")


def test_given_projection_beyond_target_when_assessed_then_on_track():
    rule = ScoringRule(direction="higher_is_better", threshold=6, target=10, stretch=15)

    forecast = assess(rule, 11)

    assert (forecast.at_risk, forecast.gap, forecast.projected_score) == (
        False,
        Decimal(1),
        Decimal("104.00"),
    )
    assert "on track" in forecast.message["en"]


def test_given_lower_is_better_cost_when_projection_over_target_then_at_risk_with_positive_gap():
    rule = ScoringRule(direction="lower_is_better", threshold=120, target=100)

    forecast = assess(rule, 110)

    assert forecast.at_risk is True
    assert forecast.gap == Decimal(10)
    assert "高于目标 100" in forecast.message["zh-CN"]


def test_given_band_when_projection_leaves_band_then_gap_is_distance_to_nearest_edge():
    rule = ScoringRule(direction="target_band", threshold=10, band_low=40, band_high=60)

    assert assess(rule, 35).gap == Decimal(-5)
    assert assess(rule, 63).gap == Decimal(3)
    assert assess(rule, 50).at_risk is False
    assert assess(rule, 35).at_risk is True


@FAST
@given(
    threshold=values,
    spread=non_negative,
    projected=values,
    direction=st.sampled_from(["higher_is_better", "lower_is_better"]),
)
def test_given_any_projection_when_assessed_then_risk_agrees_with_score(
    threshold, spread, projected, direction
):
    target = threshold + spread if direction == "higher_is_better" else threshold - spread
    rule = ScoringRule(direction=direction, threshold=threshold, target=target)

    forecast = assess(rule, projected)

    assert forecast.gap == projected - target
    if forecast.at_risk:
        assert forecast.projected_score <= 100
    else:
        assert forecast.projected_score == 100


# --- explain_gap ------------------------------------------------------------------------------------


def test_given_conversion_fell_from_10_to_8_when_explained_then_visitor_surge_is_the_main_driver():
    # 运营部 brought 50% more visitors (5 000 -> 7 500) but 销售部 converted only 20% more (500 -> 600).
    reference = {"visitors": Decimal(5_000), "converted": Decimal(500)}
    current = {"visitors": Decimal(7_500), "converted": Decimal(600)}

    drivers = explain_gap(conversion, current, reference)

    assert [d.key for d in drivers] == ["visitors", "converted"]
    visitors, converted = drivers
    assert (visitors.reference, visitors.current, visitors.change_pct) == (
        Decimal(5000),
        Decimal(7500),
        Decimal("50.00"),
    )
    assert visitors.effect == Decimal("-3.3333")  # 500/7500×100 - 10
    assert converted.change_pct == Decimal("20.00")
    assert converted.effect == Decimal("2.0000")  # 600/5000×100 - 10
    # A ratio is not additive: the -2 point fall = -3.3333 + 2 + interaction (-0.6667).
    assert conversion(current) - conversion(reference) == Decimal(-2)


def test_given_zero_reference_when_explained_then_change_pct_is_unknown():
    drivers = explain_gap(lambda m: m["a"] + m["b"], {"a": 5, "b": 1}, {"a": 0, "b": 1})

    assert drivers[0].key == "a"
    assert drivers[0].change_pct is None
    assert drivers[0].effect == Decimal(5)


def test_given_measures_differ_when_explained_then_value_error():
    with pytest.raises(ValueError, match="visitors"):
        explain_gap(conversion, {"converted": 1}, {"converted": 1, "visitors": 2})


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["sales", "returns", "refunds", "visits", "calls"]),
        st.tuples(values, values, st.decimals(min_value=-5, max_value=5, places=2)),
        min_size=1,
    )
)
def test_given_linear_formula_when_explained_then_effects_sum_to_total_change(measures):
    coefficients = {key: coefficient for key, (_, _, coefficient) in measures.items()}
    reference = {key: ref for key, (ref, _, _) in measures.items()}
    current = {key: cur for key, (_, cur, _) in measures.items()}

    def formula(m: Mapping[str, Decimal]) -> Decimal:
        return sum((coefficients[key] * m[key] for key in coefficients), Decimal(0))

    drivers = explain_gap(formula, current, reference)

    total_change = formula(current) - formula(reference)
    assert abs(sum(d.effect for d in drivers) - total_change) <= Decimal("0.0001") * len(drivers)
    assert [abs(d.effect) for d in drivers] == sorted((abs(d.effect) for d in drivers), reverse=True)
