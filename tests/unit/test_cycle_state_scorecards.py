"""A person's scorecard in a cycle: period values from unit points, formula, score, total, forecast."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.indicators.schemas import Indicator, Measure
from chalicelib.reviews import scorecards
from chalicelib.reviews.schemas import PersonResult
from chalicelib.reviews.scoring import DEFAULT_SCALE

FAST = settings(max_examples=100, deadline=None)


def conversion(weight: float = 60, **extra: object) -> Indicator:
    return Indicator(indicator_id="conv", name="客户转化率", formula="won / leads * 100", unit="percent",
                     measures=[Measure(key="won"), Measure(key="leads")], target=10, threshold=6, stretch=15,
                     weight=weight, **extra)  # type: ignore[arg-type]


def loans(weight: float = 40) -> Indicator:
    return Indicator(indicator_id="loan", name="放款金额", formula="amount", unit="cny_10k",
                     measures=[Measure(key="amount", unit="cny_10k")], target=300, threshold=200, weight=weight)


def card(*indicators: Indicator, points: dict[str, dict[str, dict[str, float]]] | None = None) -> PersonResult:
    snapshots = []
    for indicator in indicators:
        s = scorecards.snapshot(indicator)
        given_points = (points or {}).get(indicator.indicator_id, {})
        s = s.model_copy(update={"measures": [m.model_copy(update={"points": given_points.get(m.key, {})})
                                              for m in s.measures]})
        snapshots.append(s)
    return PersonResult(cycle_id="c", period="2026-Q2", person_id="p", name="陈静", unit_id="u", indicators=snapshots)


def test_given_monthly_counts_when_scored_then_summed_before_the_formula():
    result = scorecards.compute(card(conversion(100), points={
        "conv": {"won": {"1": 8, "2": 10}, "leads": {"1": 100, "2": 100}}}), DEFAULT_SCALE)

    (row,) = result.indicators
    assert row.value == 9.0  # (8 + 10) / (100 + 100) × 100, not the mean of 8 % and 10 %
    assert row.score == 90.0
    assert result.total == 90.0 and result.rating == "B"


def test_given_monthly_counts_when_trended_then_each_month_has_its_own_rate_and_gaps_stay_empty():
    (row,) = card(conversion(100), points={
        "conv": {"won": {"1": 8, "2": 10, "3": 5}, "leads": {"1": 100, "2": 125, "3": 0}}}).indicators
    partial = card(conversion(100), points={"conv": {"won": {"1": 8, "2": 9}, "leads": {"2": 90}}}).indicators[0]

    assert scorecards.step_values(row) == [(1, Decimal(8)), (2, Decimal(8)), (3, None)]  # month 3: 0 leads
    assert scorecards.step_values(partial) == [(1, None), (2, Decimal(10))]  # month 1 lacks leads


def test_given_no_previous_period_when_explaining_then_the_drift_since_the_first_month_is_the_reason():
    # May: 7 of 100 leads converted; June: 6 of 100. Had June been like May, the year would be at 7 %.
    (row,) = card(conversion(100), points={"conv": {"won": {"5": 7, "6": 6}, "leads": {"5": 100, "6": 100}}}
                  ).indicators

    first, reference = scorecards.first_step_reference(row, 12)
    projected, _, drivers = scorecards.forecast(row, 12, reference)

    assert first == 5 and reference == {"won": Decimal(28), "leads": Decimal(400)}  # 7×2/6×12, 100×2/6×12
    assert projected == Decimal("6.5")
    assert (drivers[0].key, drivers[0].change_pct, drivers[0].effect) == ("won", Decimal("-7.14"), Decimal("-0.5"))


def test_given_one_month_of_actuals_when_explaining_then_there_is_nothing_to_compare_yet():
    (row,) = card(conversion(100), points={"conv": {"won": {"5": 7}, "leads": {"5": 100}}}).indicators

    assert scorecards.first_step_reference(row, 12) is None


def test_given_a_missing_measure_when_scored_then_no_score_no_total_and_the_gap_is_named():
    result = scorecards.compute(card(conversion(), loans(), points={
        "conv": {"won": {"1": 8}}, "loan": {"amount": {"1": 300}}}), DEFAULT_SCALE)

    assert result.indicators[0].score is None
    assert "leads" in result.indicators[0].explanation["en"]
    assert result.total is None and result.rating is None
    assert scorecards.missing_actuals(result) == ("客户转化率",)


def test_given_a_zero_divisor_when_scored_then_explained_not_raised():
    result = scorecards.compute(card(conversion(100), points={"conv": {"won": {"1": 1}, "leads": {"1": 0}}}),
                                DEFAULT_SCALE)

    assert result.indicators[0].score is None
    assert "cannot be computed" in result.indicators[0].explanation["en"]


def test_given_no_threshold_when_scored_then_all_or_nothing_and_the_rule_says_so():
    indicator = loans(100).model_copy(update={"threshold": None})

    row = scorecards.snapshot(indicator)

    assert "未达目标得 0 分" in row.rule["zh-CN"]
    assert scorecards.rule_of(row).threshold == Decimal(300)


def test_given_weights_not_summing_to_100_when_checking_goals_then_a_problem():
    problem = scorecards.goal_problem([conversion(50), loans(40)])
    assert problem is not None and problem.render("zh-CN") == "指标权重合计 90，应为 100"
    assert scorecards.goal_problem([]) is not None
    assert scorecards.goal_problem([conversion(60), loans(40)]) is None


def test_given_a_calibrated_rating_when_recomputed_then_the_calibration_stays():
    from chalicelib.reviews.schemas import Calibration

    base = card(loans(100), points={"loan": {"amount": {"1": 300}}})
    calibrated = base.model_copy(update={"calibration": Calibration(rating_before="A", rating="B", reason="r", at="t")})

    result = scorecards.compute(calibrated, DEFAULT_SCALE)

    assert (result.rating, result.final_rating) == ("A", "B")


def test_given_one_month_of_a_quarter_when_forecasting_then_counts_extrapolate_and_drivers_name_the_measure():
    row = scorecards.snapshot(conversion(100))
    row = row.model_copy(update={"measures": [
        row.measures[0].model_copy(update={"points": {"1": 8}}),
        row.measures[1].model_copy(update={"points": {"1": 100}})]})

    projected, assessment, drivers = scorecards.forecast(row, 3, {"won": Decimal(30), "leads": Decimal(300)})

    assert projected == Decimal(8)
    assert assessment is not None and assessment.at_risk
    assert drivers[0].key == "won" and drivers[0].change_pct == Decimal("-20.00")


@FAST
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12),
       st.sampled_from(["count", "percent", "cny"]))
def test_period_value_is_the_sum_for_amounts_and_the_mean_for_rates(values, unit):
    row = scorecards.snapshot(Indicator(indicator_id="x", name="x", formula="m", unit=unit,
                                        measures=[Measure(key="m", unit=unit)], target=1, threshold=0, weight=100))
    measure = row.measures[0].model_copy(update={"points": {str(i): v for i, v in enumerate(values, 1)}})

    value = scorecards.measure_value(measure)

    expected = Decimal(sum(values)) if unit != "percent" else Decimal(sum(values)) / len(values)
    assert value == expected


@FAST
@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=600),
       st.integers(min_value=0, max_value=600))
def test_the_total_is_the_weighted_sum_of_the_indicator_scores(won, leads, amount):
    result = scorecards.compute(card(conversion(), loans(), points={
        "conv": {"won": {"1": won}, "leads": {"1": leads}}, "loan": {"amount": {"1": amount}}}), DEFAULT_SCALE)

    scores = [i.score for i in result.indicators]
    assert None not in scores
    assert abs(result.total - (0.6 * scores[0] + 0.4 * scores[1])) < 0.011  # type: ignore[operator]
    assert result.rating == result.final_rating
