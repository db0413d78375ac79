"""KPI scoring that anyone can recompute by hand.

Every score is a piecewise-linear function of the actual value with at most three anchors, so an
employee can check it on paper; each result carries a bilingual explanation with the arithmetic.

Shape of the curve (``higher_is_better``; ``lower_is_better`` is its mirror image):

    actual < threshold            -> 0
    threshold <= actual <= target -> floor + (actual - threshold) / (target - threshold) x (100 - floor)
    target < actual < stretch     -> 100 + (actual - target) / (stretch - target) x (cap - 100)
    actual >= stretch             -> cap
    no stretch and actual > target -> 100 (a rule without a stretch value promises no reward beyond target)

``target_band`` (e.g. a headcount ratio that should stay between 40 % and 60 %): inside
``[band_low, band_high]`` the score is 100; outside, ``threshold`` is the tolerance width beyond the
band: the score falls linearly from 100 at the band edge to ``floor_score`` at one tolerance away, and is 0
further out. Band scores never exceed 100.

Scores are quantized to 2 decimals (ROUND_HALF_UP); attainment (actual / target) to 4 decimals. One
exception: a score outside a target band is rounded down, so an actual outside the band never shows the
full 100.00 that only the band itself earns (0.01 off with a wide tolerance scores 99.99, not 100.00).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum

TARGET_SCORE = Decimal(100)
DEFAULT_CAP = Decimal(120)
DEFAULT_FLOOR_SCORE = Decimal(60)
ZERO = Decimal(0)
_SCORE_QUANTUM = Decimal("0.01")
_RATIO_QUANTUM = Decimal("0.0001")

Number = Decimal | int | str


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    TARGET_BAND = "target_band"


def to_decimal(value: Number | float) -> Decimal:
    """Decimal from Decimal/int/str; floats go through ``str`` so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers here")
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def quantize_score(value: Decimal) -> Decimal:
    return value.quantize(_SCORE_QUANTUM, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """Plain text for a number: no exponent, no trailing zeros ("8", "8.5", "0.25", "100")."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def _term(value: Decimal) -> str:
    """A number as it appears inside a formula: negatives in parentheses, so 8-(-6) stays readable."""
    text = fmt(value)
    return f"({text})" if value < 0 else text


@dataclass(frozen=True, kw_only=True)
class ScoringRule:
    """How one indicator's actual value becomes a score.

    ``threshold`` is the minimum acceptable value (for ``lower_is_better`` the maximum acceptable);
    for ``target_band`` it is the tolerance width beyond the band. ``target`` is optional only for
    ``target_band``.
    """

    direction: Direction
    threshold: Decimal
    target: Decimal | None = None
    stretch: Decimal | None = None
    band_low: Decimal | None = None
    band_high: Decimal | None = None
    cap: Decimal = DEFAULT_CAP
    floor_score: Decimal = DEFAULT_FLOOR_SCORE

    def __post_init__(self) -> None:
        # Accept plain strings/ints from callers and stored JSON; keep the frozen instance typed.
        object.__setattr__(self, "direction", Direction(self.direction))
        for name in ("threshold", "target", "stretch", "band_low", "band_high", "cap", "floor_score"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, to_decimal(value))


@dataclass(frozen=True)
class IndicatorScore:
    score: Decimal
    attainment: Decimal | None
    segment: str
    explanation: dict[str, str] = field(hash=False)


def rule_problems(rule: ScoringRule) -> list[str]:
    """Everything inconsistent about a rule, as bilingual messages ("中文 / English"); empty when usable."""
    problems: list[str] = []

    def add(zh: str, en: str) -> None:
        problems.append(f"{zh} / {en}")

    if rule.cap < TARGET_SCORE:
        add(f"封顶分 {fmt(rule.cap)} 不能低于 100", f"cap {fmt(rule.cap)} must be at least 100")
    if not ZERO <= rule.floor_score <= TARGET_SCORE:
        add(
            f"门槛分 {fmt(rule.floor_score)} 必须在 0 到 100 之间",
            f"floor score {fmt(rule.floor_score)} must be between 0 and 100",
        )
    if rule.direction is Direction.TARGET_BAND:
        problems.extend(_band_problems(rule))
        return problems

    t, th, s = rule.target, rule.threshold, rule.stretch
    if t is None:
        add("必须设置目标值", "target is required")
        return problems
    if rule.band_low is not None or rule.band_high is not None:
        add("只有目标区间型指标才能设置区间", "band limits apply to target_band rules only")
    if rule.direction is Direction.HIGHER_IS_BETTER:
        if th > t:
            add(
                f"越高越好：门槛 {fmt(th)} 不能高于目标 {fmt(t)}",
                f"higher_is_better: threshold {fmt(th)} must not exceed target {fmt(t)}",
            )
        if s is not None and s <= t:
            add(
                f"越高越好：挑战值 {fmt(s)} 必须高于目标 {fmt(t)}",
                f"higher_is_better: stretch {fmt(s)} must be above target {fmt(t)}",
            )
    else:
        if th < t:
            add(
                f"越低越好：门槛 {fmt(th)} 不能低于目标 {fmt(t)}",
                f"lower_is_better: threshold {fmt(th)} must not be below target {fmt(t)}",
            )
        if s is not None and s >= t:
            add(
                f"越低越好：挑战值 {fmt(s)} 必须低于目标 {fmt(t)}",
                f"lower_is_better: stretch {fmt(s)} must be below target {fmt(t)}",
            )
    return problems


def _band_problems(rule: ScoringRule) -> list[str]:
    problems: list[str] = []
    low, high = rule.band_low, rule.band_high
    if low is None or high is None:
        problems.append("目标区间型指标必须设置区间上下限 / target_band requires band_low and band_high")
    elif low >= high:
        problems.append(
            f"区间下限 {fmt(low)} 必须低于上限 {fmt(high)}"
            f" / band_low {fmt(low)} must be below band_high {fmt(high)}"
        )
    elif rule.target is not None and not low <= rule.target <= high:
        problems.append(
            f"目标 {fmt(rule.target)} 必须落在区间 [{fmt(low)}, {fmt(high)}] 内"
            f" / target {fmt(rule.target)} must lie within the band [{fmt(low)}, {fmt(high)}]"
        )
    if rule.threshold < 0:
        problems.append(
            f"容差 {fmt(rule.threshold)} 不能为负"
            f" / tolerance (threshold) {fmt(rule.threshold)} must not be negative"
        )
    if rule.stretch is not None:
        problems.append("目标区间型指标不设挑战值 / target_band rules take no stretch value")
    return problems


def score_indicator(rule: ScoringRule, actual: Number) -> IndicatorScore:
    """Score one actual value under ``rule``; raises ValueError when the rule is inconsistent."""
    problems = rule_problems(rule)
    if problems:
        raise ValueError("; ".join(problems))
    value = to_decimal(actual)
    if rule.direction is Direction.TARGET_BAND:
        return _score_band(rule, value)
    return _score_directional(rule, value)


def _attainment(actual: Decimal, target: Decimal | None) -> Decimal | None:
    # actual / target for both directions (for lower_is_better, below 1 is good); meaningless at target 0.
    if target is None or target == 0:
        return None
    return (actual / target).quantize(_RATIO_QUANTUM, rounding=ROUND_HALF_UP)


def _score_directional(rule: ScoringRule, a: Decimal) -> IndicatorScore:
    assert rule.target is not None  # guaranteed by rule_problems
    t, th, s, cap, floor = rule.target, rule.threshold, rule.stretch, rule.cap, rule.floor_score
    higher = rule.direction is Direction.HIGHER_IS_BETTER
    # "Better than" in the rule's own sense, so one code path serves both directions.
    sign = 1 if higher else -1
    zh_dir = "越高越好" if higher else "越低越好"
    en_dir = "higher is better" if higher else "lower is better"
    rise = TARGET_SCORE - floor
    extra = cap - TARGET_SCORE

    def diff(x: Decimal, y: Decimal) -> str:
        # How far x is better than y, written so both numbers appear: (8-6) or (10-8).
        return f"({_term(x)}-{_term(y)})" if higher else f"({_term(y)}-{_term(x)})"

    if sign * (a - th) < 0:
        score = quantize_score(ZERO)
        segment = "below_threshold"
        zh = f"实际 {fmt(a)} 未达门槛 {fmt(th)}（{zh_dir}）：得分 0.00"
        en = f"Actual {fmt(a)} misses the threshold {fmt(th)} ({en_dir}): score 0.00"
    elif sign * (a - t) <= 0:
        segment = "threshold_to_target"
        if t == th:
            score = TARGET_SCORE
            zh = f"实际 {fmt(a)} 达到目标 {fmt(t)}（门槛与目标相同，{zh_dir}）：得分 100.00"
            en = (
                f"Actual {fmt(a)} meets the target {fmt(t)} (threshold equals target, {en_dir}): score 100.00"
            )
        else:
            score = quantize_score(floor + (a - th) / (t - th) * rise)
            arithmetic = f"{fmt(floor)} + {diff(a, th)}/{diff(t, th)}×{fmt(rise)} = {score}"
            zh = f"实际 {fmt(a)} 介于门槛 {fmt(th)} 与目标 {fmt(t)} 之间（{zh_dir}）：{arithmetic}"
            en = (
                f"Actual {fmt(a)} lies between threshold {fmt(th)} and target {fmt(t)} ({en_dir}): "
                f"{arithmetic}"
            )
    elif s is None:
        score = TARGET_SCORE
        segment = "beyond_target"
        zh = f"实际 {fmt(a)} 超过目标 {fmt(t)}，未设挑战值（{zh_dir}）：得分 100.00"
        en = f"Actual {fmt(a)} beats the target {fmt(t)} and no stretch is set ({en_dir}): score 100.00"
    elif sign * (a - s) >= 0:
        score = quantize_score(cap)
        segment = "at_stretch"
        zh = f"实际 {fmt(a)} 达到挑战值 {fmt(s)}（{zh_dir}）：得分封顶 {score}"
        en = f"Actual {fmt(a)} reaches the stretch {fmt(s)} ({en_dir}): capped score {score}"
    else:
        score = quantize_score(TARGET_SCORE + (a - t) / (s - t) * extra)
        segment = "target_to_stretch"
        arithmetic = f"100 + {diff(a, t)}/{diff(s, t)}×{fmt(extra)} = {score}"
        zh = f"实际 {fmt(a)} 介于目标 {fmt(t)} 与挑战值 {fmt(s)} 之间（{zh_dir}）：{arithmetic}"
        en = f"Actual {fmt(a)} lies between target {fmt(t)} and stretch {fmt(s)} ({en_dir}): {arithmetic}"
    return IndicatorScore(score, _attainment(a, t), segment, {"zh-CN": zh, "en": en})


def _score_band(rule: ScoringRule, a: Decimal) -> IndicatorScore:
    assert rule.band_low is not None and rule.band_high is not None  # guaranteed by rule_problems
    low, high, tol, floor = rule.band_low, rule.band_high, rule.threshold, rule.floor_score
    band = f"[{fmt(low)}, {fmt(high)}]"
    drop = TARGET_SCORE - floor
    attainment = _attainment(a, rule.target)
    if low <= a <= high:
        zh = f"实际 {fmt(a)} 位于目标区间 {band} 内：得分 100.00"
        en = f"Actual {fmt(a)} lies inside the target band {band}: score 100.00"
        return IndicatorScore(
            quantize_score(TARGET_SCORE), attainment, "inside_band", {"zh-CN": zh, "en": en}
        )
    below = a < low
    edge = low if below else high
    distance = edge - a if below else a - edge
    zh_side = f"低于区间下限 {fmt(low)}" if below else f"高于区间上限 {fmt(high)}"
    en_side = (
        f"below the band's lower limit {fmt(low)}" if below else f"above the band's upper limit {fmt(high)}"
    )
    if distance > tol:
        score = quantize_score(ZERO)
        segment = "outside_tolerance"
        zh = f"实际 {fmt(a)} {zh_side}，偏离 {fmt(distance)}，超出容差 {fmt(tol)}：得分 0.00"
        en = (
            f"Actual {fmt(a)} is {en_side}, off by {fmt(distance)}, beyond the tolerance {fmt(tol)}: "
            "score 0.00"
        )
    else:
        # distance > 0 and distance <= tol, so tol > 0 here.
        exact = TARGET_SCORE - distance / tol * drop
        score = exact.quantize(_SCORE_QUANTUM, rounding=ROUND_DOWN)
        segment = "within_tolerance"
        equals = "=" if score == exact else "≈"
        arithmetic = f"100 - {fmt(distance)}/{fmt(tol)}×{fmt(drop)} {equals} {score}"
        zh = f"实际 {fmt(a)} {zh_side}，偏离 {fmt(distance)}，容差 {fmt(tol)}：{arithmetic}"
        en = (
            f"Actual {fmt(a)} is {en_side}, off by {fmt(distance)} within the tolerance {fmt(tol)}: "
            f"{arithmetic}"
        )
    return IndicatorScore(score, attainment, segment, {"zh-CN": zh, "en": en})


def weighted_total(items: Sequence[tuple[Number, Number]]) -> Decimal:
    """Σ weight × score / 100 over (weight %, score) pairs; weights must be ≥ 0 and sum to exactly 100."""
    pairs = [(to_decimal(w), to_decimal(s)) for w, s in items]
    if any(w < 0 for w, _ in pairs):
        raise ValueError("weights must not be negative")
    total_weight = sum((w for w, _ in pairs), ZERO)
    if total_weight != TARGET_SCORE:
        raise ValueError(f"weights must sum to 100, got {fmt(total_weight)}")
    return quantize_score(sum((w * s for w, s in pairs), ZERO) / TARGET_SCORE)


@dataclass(frozen=True)
class RatingScale:
    """Rating bands, best first, as (label, minimum score).

    A total gets the first label whose minimum it reaches; the last band also catches anything below
    its minimum, so a scale never leaves a total unrated.
    """

    bands: Sequence[tuple[str, Number]]

    def __post_init__(self) -> None:
        bands = tuple((label, to_decimal(minimum)) for label, minimum in self.bands)
        problems = scale_problems(bands)
        if problems:
            raise ValueError("; ".join(problems))
        object.__setattr__(self, "bands", bands)

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.bands]

    @property
    def minimums(self) -> list[tuple[str, Decimal]]:
        return [(label, to_decimal(minimum)) for label, minimum in self.bands]


def scale_problems(bands: Sequence[tuple[str, Number]]) -> list[str]:
    """Problems with a tenant-configured scale: bands needed, labels unique, minimums strictly descending."""
    problems: list[str] = []
    if not bands:
        return ["评级档位不能为空 / a rating scale needs at least one band"]
    seen: set[str] = set()
    previous: Decimal | None = None
    for label, minimum in bands:
        if not isinstance(label, str) or not label.strip():
            problems.append("评级名称不能为空 / rating labels must be non-empty")
        elif label in seen:
            problems.append(f"评级名称 {label} 重复 / rating label {label} is repeated")
        else:
            seen.add(label)
        value = to_decimal(minimum)
        if previous is not None and value >= previous:
            problems.append(
                f"评级 {label} 的最低分 {fmt(value)} 必须低于上一档 {fmt(previous)}"
                f" / minimum {fmt(value)} of {label} must be below the previous band's {fmt(previous)}"
            )
        previous = value
    return problems


# S ≥ 110 (beat target clearly, only possible with stretch values), A ≥ 95, B ≥ 80, C ≥ 60, D below 60.
DEFAULT_SCALE = RatingScale([("S", 110), ("A", 95), ("B", 80), ("C", 60), ("D", 0)])


def rate(scale: RatingScale, total: Number) -> str:
    value = to_decimal(total)
    for label, minimum in scale.minimums:
        if value >= minimum:
            return label
    return scale.bands[-1][0]
