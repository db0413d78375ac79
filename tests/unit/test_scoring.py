"""KPI scoring: hand-checkable examples plus properties of the score curve, totals and ratings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.reviews.scoring import (
    DEFAULT_SCALE,
    Direction,
    RatingScale,
    ScoringRule,
    rate,
    rule_problems,
    scale_problems,
    score_indicator,
    weighted_total,
)

FAST = settings(max_examples=200, deadline=None)

amounts = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
positive_gaps = st.decimals(
    min_value="0.01", max_value=5_000, places=2, allow_nan=False, allow_infinity=False
)
gaps = st.decimals(min_value=0, max_value=5_000, places=2, allow_nan=False, allow_infinity=False)
scores = st.decimals(min_value=0, max_value=120, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def directional_rules(draw: st.DrawFn, direction: Direction) -> ScoringRule:
    sign = 1 if direction is Direction.HIGHER_IS_BETTER else -1
    threshold = draw(amounts)
    target = threshold + sign * draw(gaps)
    stretch = draw(st.none() | positive_gaps.map(lambda g: target + sign * g))
    cap = draw(st.sampled_from([Decimal(100), Decimal(120), Decimal(150)]))
    return ScoringRule(direction=direction, threshold=threshold, target=target, stretch=stretch, cap=cap)


@st.composite
def band_rules(draw: st.DrawFn) -> ScoringRule:
    low = draw(amounts)
    high = low + draw(positive_gaps)
    return ScoringRule(direction=Direction.TARGET_BAND, threshold=draw(gaps), band_low=low, band_high=high)


any_rules = st.one_of(
    directional_rules(Direction.HIGHER_IS_BETTER), directional_rules(Direction.LOWER_IS_BETTER), band_rules()
)


def sales_rule(**overrides: object) -> ScoringRule:
    fields: dict[str, object] = {"direction": "higher_is_better", "threshold": 6, "target": 10, "stretch": 15}
    fields.update(overrides)
    return ScoringRule(**fields)  # type: ignore[arg-type]


# --- examples: the numbers a manager would check by hand -------------------------------------------


def test_given_actual_between_threshold_and_target_when_scored_then_linear_60_to_100_with_arithmetic():
    result = score_indicator(sales_rule(), 8)

    assert result.score == Decimal("80.00")
    assert result.attainment == Decimal("0.8000")
    assert (
        result.explanation["zh-CN"]
        == "实际 8 介于门槛 6 与目标 10 之间（越高越好）：60 + (8-6)/(10-6)×40 = 80.00"
    )
    assert "60 + (8-6)/(10-6)×40 = 80.00" in result.explanation["en"]


def test_given_actual_below_threshold_when_scored_then_zero():
    result = score_indicator(sales_rule(), Decimal("5.99"))

    assert result.score == Decimal("0.00")
    assert result.segment == "below_threshold"


def test_given_actual_between_target_and_stretch_when_scored_then_linear_100_to_cap():
    result = score_indicator(sales_rule(), 12)

    assert result.score == Decimal("108.00")
    assert "100 + (12-10)/(15-10)×20 = 108.00" in result.explanation["zh-CN"]


def test_given_actual_beyond_stretch_when_scored_then_capped():
    assert score_indicator(sales_rule(), 99).score == Decimal("120.00")


def test_given_no_stretch_when_actual_beats_target_then_score_stays_100():
    result = score_indicator(sales_rule(stretch=None), 14)

    assert result.score == Decimal("100.00")
    assert "未设挑战值" in result.explanation["zh-CN"]


def test_given_lower_is_better_cost_ratio_when_scored_then_mirrored_curve():
    rule = ScoringRule(direction="lower_is_better", threshold=10, target=5, stretch=2)

    assert score_indicator(rule, 8).score == Decimal("76.00")  # 60 + (10-8)/(10-5)×40
    assert score_indicator(rule, 3).score == Decimal("113.33")  # 100 + (5-3)/(5-2)×20
    assert score_indicator(rule, 11).score == Decimal("0.00")
    assert "60 + (10-8)/(10-5)×40 = 76.00" in score_indicator(rule, 8).explanation["en"]


def test_given_negative_numbers_when_explained_then_they_are_parenthesised():
    rule = ScoringRule(direction="higher_is_better", threshold=-6, target=-2)

    result = score_indicator(rule, -4)

    assert result.score == Decimal("80.00")
    assert "60 + ((-4)-(-6))/((-2)-(-6))×40 = 80.00" in result.explanation["zh-CN"]


def test_given_target_band_when_actual_outside_within_tolerance_then_falls_toward_60():
    rule = ScoringRule(direction="target_band", threshold=10, band_low=40, band_high=60)

    assert score_indicator(rule, 50).score == Decimal("100.00")
    assert score_indicator(rule, 35).score == Decimal("80.00")
    assert score_indicator(rule, 70).score == Decimal("60.00")
    assert score_indicator(rule, Decimal("70.01")).score == Decimal("0.00")
    assert "100 - 5/10×40 = 80.00" in score_indicator(rule, 35).explanation["zh-CN"]


def test_given_target_band_with_wide_tolerance_when_just_outside_then_rounds_down_below_100():
    rule = ScoringRule(direction="target_band", threshold=5000, band_low=0, band_high=Decimal("0.01"))

    result = score_indicator(rule, Decimal("-0.01"))

    assert result.score == Decimal("99.99")
    assert "100 - 0.01/5000×40 ≈ 99.99" in result.explanation["zh-CN"]


def test_given_target_band_with_zero_tolerance_when_outside_then_zero():
    rule = ScoringRule(direction="target_band", threshold=0, band_low=40, band_high=60)

    assert score_indicator(rule, Decimal("60.01")).score == Decimal("0.00")


def test_given_threshold_equal_to_target_when_met_then_100():
    assert score_indicator(sales_rule(threshold=10), 10).score == Decimal("100.00")


def test_given_zero_target_when_scored_then_attainment_is_not_meaningful():
    rule = ScoringRule(direction="lower_is_better", threshold=3, target=0)

    assert score_indicator(rule, 1).attainment is None


# --- rule consistency -------------------------------------------------------------------------------


def test_given_consistent_rules_when_checked_then_no_problems():
    assert rule_problems(sales_rule()) == []
    assert rule_problems(ScoringRule(direction="lower_is_better", threshold=10, target=5, stretch=2)) == []
    assert rule_problems(ScoringRule(direction="target_band", threshold=5, band_low=1, band_high=2)) == []


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        (sales_rule(threshold=11), "threshold 11 must not exceed target 10"),
        (sales_rule(stretch=10), "stretch 10 must be above target 10"),
        (ScoringRule(direction="lower_is_better", threshold=4, target=5), "must not be below target"),
        (
            ScoringRule(direction="lower_is_better", threshold=9, target=5, stretch=6),
            "stretch 6 must be below",
        ),
        (ScoringRule(direction="higher_is_better", threshold=1), "target is required"),
        (
            ScoringRule(direction="target_band", threshold=1, band_low=5, band_high=5),
            "must be below band_high",
        ),
        (ScoringRule(direction="target_band", threshold=1, band_low=5), "requires band_low and band_high"),
        (ScoringRule(direction="target_band", threshold=-1, band_low=1, band_high=5), "must not be negative"),
        (
            ScoringRule(direction="target_band", threshold=1, band_low=1, band_high=5, target=9),
            "within the band",
        ),
        (sales_rule(cap=99), "cap 99 must be at least 100"),
        (sales_rule(floor_score=101), "floor score 101"),
    ],
)
def test_given_inconsistent_rule_when_checked_then_problem_is_named(rule: ScoringRule, fragment: str):
    problems = rule_problems(rule)

    assert any(fragment in problem.text.render("en") for problem in problems), problems


def test_given_inconsistent_rule_when_scored_then_value_error():
    with pytest.raises(ValueError, match="threshold"):
        score_indicator(sales_rule(threshold=11), 8)


def test_given_unknown_direction_when_rule_built_then_value_error():
    with pytest.raises(ValueError):
        ScoringRule(direction="sideways", threshold=1, target=2)  # type: ignore[arg-type]


# --- properties of the curve ----------------------------------------------------------------------


@FAST
@given(rule=directional_rules(Direction.HIGHER_IS_BETTER), a=amounts, b=amounts)
def test_given_higher_is_better_when_actual_grows_then_score_never_falls(rule: ScoringRule, a, b):
    low, high = sorted((a, b))

    assert score_indicator(rule, low).score <= score_indicator(rule, high).score


@FAST
@given(rule=directional_rules(Direction.LOWER_IS_BETTER), a=amounts, b=amounts)
def test_given_lower_is_better_when_actual_grows_then_score_never_rises(rule: ScoringRule, a, b):
    low, high = sorted((a, b))

    assert score_indicator(rule, low).score >= score_indicator(rule, high).score


@FAST
@given(rule=any_rules, actual=amounts)
def test_given_any_rule_when_scored_then_score_within_zero_and_cap(rule: ScoringRule, actual):
    result = score_indicator(rule, actual)

    assert Decimal(0) <= result.score <= rule.cap
    assert result.score == result.score.quantize(Decimal("0.01"))
    assert set(result.explanation) == {"zh-CN", "en"}
    assert str(result.score) in result.explanation["zh-CN"]


@FAST
@given(
    rule=st.one_of(
        directional_rules(Direction.HIGHER_IS_BETTER), directional_rules(Direction.LOWER_IS_BETTER)
    )
)
def test_given_directional_rule_when_actual_hits_anchors_then_60_at_threshold_and_100_at_target(
    rule: ScoringRule,
):
    assert score_indicator(rule, rule.target).score == Decimal("100.00")
    if rule.threshold != rule.target:
        assert score_indicator(rule, rule.threshold).score == Decimal("60.00")
    if rule.stretch is not None:
        assert score_indicator(rule, rule.stretch).score == rule.cap


@FAST
@given(rule=band_rules(), actual=amounts)
def test_given_band_rule_when_scored_then_100_inside_and_never_above(rule: ScoringRule, actual):
    score = score_indicator(rule, actual).score

    assert score <= 100
    assert (score == 100) == (rule.band_low <= actual <= rule.band_high)


# --- weighted total ---------------------------------------------------------------------------------


def test_given_weights_summing_to_100_when_totalled_then_weighted_mean():
    assert weighted_total([(30, Decimal("80")), (50, Decimal("100")), (20, Decimal("120"))]) == Decimal(
        "98.00"
    )


@pytest.mark.parametrize("items", [[], [(60, 90)], [(60, 90), (50, 80)], [(120, 90), (-20, 80)]])
def test_given_bad_weights_when_totalled_then_value_error(items):
    with pytest.raises(ValueError):
        weighted_total(items)


@st.composite
def weighted_items(draw: st.DrawFn) -> list[tuple[Decimal, Decimal]]:
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=10_000), max_size=7)))
    edges = [0, *cuts, 10_000]
    weights = [Decimal(b - a) / 100 for a, b in zip(edges, edges[1:], strict=False)]  # 2-decimal percentages
    return [(weight, draw(scores)) for weight in weights]


@FAST
@given(items=weighted_items())
def test_given_any_weights_when_totalled_then_between_lowest_and_highest_score(items):
    total = weighted_total(items)

    assert min(s for _, s in items) <= total <= max(s for _, s in items)


# --- ratings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (Decimal("120"), "S"),
        (Decimal("110"), "S"),
        (Decimal("109.99"), "A"),
        (Decimal("95"), "A"),
        (Decimal("80"), "B"),
        (Decimal("60"), "C"),
        (Decimal("59.99"), "D"),
        (Decimal("0"), "D"),
    ],
)
def test_given_default_scale_when_rated_then_documented_cut_offs(total, label):
    assert rate(DEFAULT_SCALE, total) == label


def test_given_total_below_lowest_minimum_when_rated_then_lowest_label():
    scale = RatingScale([("优秀", 90), ("合格", 60), ("待改进", 30)])

    assert rate(scale, 10) == "待改进"


@FAST
@given(a=scores, b=scores)
def test_given_higher_total_when_rated_then_never_a_worse_label(a, b):
    low, high = sorted((a, b))
    order = DEFAULT_SCALE.labels

    assert order.index(rate(DEFAULT_SCALE, high)) <= order.index(rate(DEFAULT_SCALE, low))


def test_given_tenant_scale_when_labels_repeat_or_minimums_not_descending_then_problems():
    problems = scale_problems([("A", 90), ("B", 90), ("A", 50), ("", 10)])

    english = [p.render("en") for p in problems]
    assert any("90 of B must be below" in p for p in english)
    assert any("A is repeated" in p for p in english)
    assert any("non-empty" in p for p in english)
    assert scale_problems([]) != []
    assert scale_problems(DEFAULT_SCALE.bands) == []


def test_given_inconsistent_scale_when_built_then_value_error():
    with pytest.raises(ValueError):
        RatingScale([("A", 60), ("B", 80)])
