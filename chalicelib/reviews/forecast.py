"""Project an indicator to the end of its period, flag it at risk, and explain what moved it.

Projection (``project``), by how the period's value is aggregated from its units (days, months):

* ``sum`` (sales volume): points are per-unit amounts; the run-rate so far is extrapolated:
  ``Σ values / elapsed × period_length`` where ``elapsed`` is the highest unit index seen (a unit
  without an entry counted as contributing nothing, e.g. no sales on a holiday).
* ``average`` (conversion %, attendance rate): a least-squares line through the points fills in the
  units not yet observed; the projection is the mean over all units, observed ones at their actual
  value. (Evaluating the line at period end would describe the last unit, not the period, and so
  overstate a rising rate.) A linear series therefore projects to its exact period mean.
* ``last`` (headcount at period end): the value at the last unit if observed, else the line at
  ``period_length``.

With a single point the line is flat, so ``average``/``last`` return that value. Trend values are
bounded: never below 0 when every observation is non-negative, and within ``bounds`` when given
(e.g. ``(0, 100)`` for a percentage). Results are quantized to 4 decimals.

All arithmetic is exact (``Fraction``) until the final rounding, so a linear series projects exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from chalicelib.reviews.scoring import (
    Direction,
    Number,
    ScoringRule,
    fmt,
    score_indicator,
    to_decimal,
)

Aggregation = Literal["sum", "average", "last"]
_VALUE_QUANTUM = Decimal("0.0001")
_PCT_QUANTUM = Decimal("0.01")


def _round_fraction(value: Fraction) -> Decimal:
    """Round the exact fraction to 4 decimals, half away from zero (Decimal's ROUND_HALF_UP)."""
    scaled = abs(value) * 10_000 + Fraction(1, 2)
    units = scaled.numerator // scaled.denominator
    return (Decimal(-units if value < 0 else units) / 10_000).quantize(_VALUE_QUANTUM)


def project(
    points: Sequence[tuple[int, Number]],
    period_length: int,
    aggregation: Aggregation,
    bounds: tuple[Number | None, Number | None] = (None, None),
) -> Decimal:
    """Projected period-end value of a measure from the (unit index, value) points seen so far.

    Unit indexes are 1-based (day 1 … day 30) and unique. Raises ValueError on empty or malformed input.
    """
    if isinstance(period_length, bool) or not isinstance(period_length, int) or period_length < 1:
        raise ValueError("period_length must be a positive integer")
    if not points:
        raise ValueError("at least one point is needed to project")
    observed: dict[int, Fraction] = {}
    for index, value in points:
        if isinstance(index, bool) or not isinstance(index, int) or not 1 <= index <= period_length:
            raise ValueError(f"unit index {index!r} must be an integer between 1 and {period_length}")
        if index in observed:
            raise ValueError(f"unit index {index} appears twice")
        observed[index] = Fraction(to_decimal(value))

    if aggregation == "sum":
        elapsed = max(observed)
        return _round_fraction(sum(observed.values(), Fraction(0)) / elapsed * period_length)
    if aggregation not in ("average", "last"):
        raise ValueError(f"unknown aggregation {aggregation!r}; expected sum, average or last")

    trend = _trend(observed, bounds)
    if aggregation == "last":
        return _round_fraction(observed[period_length] if period_length in observed else trend(period_length))
    total = sum(
        (observed[unit] if unit in observed else trend(unit) for unit in range(1, period_length + 1)),
        Fraction(0),
    )
    return _round_fraction(total / period_length)


def _trend(observed: Mapping[int, Fraction], bounds: tuple[Number | None, Number | None]) -> Callable[[int], Fraction]:
    """Least-squares line through the points, clamped to the sensible range of the measure."""
    n = len(observed)
    mean_x = Fraction(sum(observed), n)
    mean_y = sum(observed.values(), Fraction(0)) / n
    sxx = sum(((x - mean_x) ** 2 for x in observed), Fraction(0))
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in observed.items()), Fraction(0))
    slope = sxy / sxx if sxx else Fraction(0)
    intercept = mean_y - slope * mean_x

    low_bound, high_bound = bounds
    low = Fraction(to_decimal(low_bound)) if low_bound is not None else None
    high = Fraction(to_decimal(high_bound)) if high_bound is not None else None
    if low is None and all(y >= 0 for y in observed.values()):
        low = Fraction(0)  # a measure never seen negative (counts, rates) must not be projected negative

    def at(x: int) -> Fraction:
        y = intercept + slope * x
        if low is not None and y < low:
            y = low
        if high is not None and y > high:
            y = high
        return y

    return at


@dataclass(frozen=True)
class Forecast:
    projected: Decimal
    projected_score: Decimal
    at_risk: bool
    gap: Decimal  # projected - target (band: distance outside the band, negative below, positive above)
    message: dict[str, str] = field(hash=False)


def shown(value: Decimal) -> str:
    """A projection as people read it: 2 decimals (4 below 1, e.g. a KS of 0.3125), no exponent."""
    quantum = Decimal("0.01") if abs(value) >= 1 else _VALUE_QUANTUM
    return fmt(value.quantize(quantum, rounding=ROUND_HALF_UP))


def assess(rule: ScoringRule, projected: Number) -> Forecast:
    """Score the projected value and flag it at risk when it would miss the target (or leave the band).
    The message rounds its figures (:func:`shown`); the fields keep full precision."""
    value = to_decimal(projected)
    score = score_indicator(rule, value).score
    p = shown(value)
    if rule.direction is Direction.TARGET_BAND:
        assert rule.band_low is not None and rule.band_high is not None  # score_indicator validated the rule
        low, high = rule.band_low, rule.band_high
        gap = value - low if value < low else value - high if value > high else Decimal(0)
        at_risk = gap != 0
        band = f"[{fmt(low)}, {fmt(high)}]"
        if not at_risk:
            zh = f"预计期末 {p}，位于目标区间 {band} 内；预计得分 {score}"
            en = f"Projected {p} at period end, inside the target band {band}; projected score {score}: on track"
        else:
            zh_side, en_side = ("低于", "below") if gap < 0 else ("高于", "above")
            zh = f"预计期末 {p}，{zh_side}目标区间 {band}，偏离 {shown(abs(gap))}；预计得分 {score}，有风险"
            en = (
                f"Projected {p} at period end, {shown(abs(gap))} {en_side} the target band {band}; "
                f"projected score {score}: at risk"
            )
        return Forecast(value, score, at_risk, gap, {"zh-CN": zh, "en": en})

    assert rule.target is not None
    target = rule.target
    gap = value - target
    higher = rule.direction is Direction.HIGHER_IS_BETTER
    at_risk = gap < 0 if higher else gap > 0
    t = fmt(target)
    if at_risk:
        zh_word, en_word = ("低于", "short of") if higher else ("高于", "over")
        zh = f"预计期末 {p}，{zh_word}目标 {t}，差 {shown(abs(gap))}；预计得分 {score}，有未达标风险"
        en = (
            f"Projected {p} at period end, {shown(abs(gap))} {en_word} the target {t}; projected score {score}: at risk"
        )
    else:
        zh = f"预计期末 {p}，达到目标 {t}（余量 {shown(abs(gap))}）；预计得分 {score}"
        en = (
            f"Projected {p} at period end meets the target {t} (margin {shown(abs(gap))}); "
            f"projected score {score}: on track"
        )
    return Forecast(value, score, at_risk, gap, {"zh-CN": zh, "en": en})


@dataclass(frozen=True)
class Driver:
    key: str
    reference: Decimal
    current: Decimal
    change_pct: Decimal | None  # (current - reference) / reference × 100; None when the reference is 0
    effect: Decimal  # indicator(reference with only this measure moved to current) - indicator(reference)


def explain_gap(
    evaluate: Callable[[Mapping[str, Decimal]], Decimal],
    current: Mapping[str, Number],
    reference: Mapping[str, Number],
) -> list[Driver]:
    """Which measures drive the indicator's change from ``reference`` (last period, plan) to ``current``.

    One-at-a-time attribution: each measure is moved alone from its reference to its current value and
    the formula recomputed. Effects add up to the total change only for additive formulas; for ratios
    the remainder is the measures' interaction. Sorted by absolute effect, largest first. Errors raised
    by ``evaluate`` (e.g. division by zero) propagate.
    """
    if set(current) != set(reference):
        missing = sorted(set(current) ^ set(reference))
        raise ValueError(f"current and reference must name the same measures; differing: {', '.join(missing)}")
    ref = {key: to_decimal(value) for key, value in reference.items()}
    cur = {key: to_decimal(value) for key, value in current.items()}
    base = to_decimal(evaluate(dict(ref)))
    drivers = []
    for key in ref:
        moved = dict(ref)
        moved[key] = cur[key]
        effect = (to_decimal(evaluate(moved)) - base).quantize(_VALUE_QUANTUM, rounding=ROUND_HALF_UP)
        change = None
        if ref[key] != 0:
            change = ((cur[key] - ref[key]) / ref[key] * 100).quantize(_PCT_QUANTUM, rounding=ROUND_HALF_UP)
        drivers.append(Driver(key, ref[key], cur[key], change, effect))
    drivers.sort(key=lambda d: (-abs(d.effect), d.key))
    return drivers
