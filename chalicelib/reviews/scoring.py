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

from chalicelib.core.errors import Detail
from chalicelib.core.messages import Text, text

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


class RuleError(ValueError):
    """A rule that cannot score: ``problems`` says why (the first is the reason shown)."""

    def __init__(self, problems: list[Detail]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.text.render("en") for p in problems))


def rule_problems(rule: ScoringRule) -> list[Detail]:
    """Everything inconsistent about a rule, each naming the rule's field; empty when usable."""
    problems: list[Detail] = []
    if rule.cap < TARGET_SCORE:
        problems.append(Detail("direction", "rule.cap_too_low", cap=fmt(rule.cap)))
    if not ZERO <= rule.floor_score <= TARGET_SCORE:
        problems.append(Detail("direction", "rule.floor_out_of_range", floor=fmt(rule.floor_score)))
    if rule.direction is Direction.TARGET_BAND:
        problems.extend(_band_problems(rule))
        return problems

    t, th, s = rule.target, rule.threshold, rule.stretch
    if t is None:
        problems.append(Detail("target", "rule.target_required"))
        return problems
    if rule.band_low is not None or rule.band_high is not None:
        problems.append(Detail("band_low", "rule.band_only_for_band"))
    if rule.direction is Direction.HIGHER_IS_BETTER:
        if th > t:
            problems.append(Detail("threshold", "rule.threshold_above_target", threshold=fmt(th), target=fmt(t)))
        if s is not None and s <= t:
            problems.append(Detail("stretch", "rule.stretch_not_above_target", stretch=fmt(s), target=fmt(t)))
    else:
        if th < t:
            problems.append(Detail("threshold", "rule.threshold_below_target", threshold=fmt(th), target=fmt(t)))
        if s is not None and s >= t:
            problems.append(Detail("stretch", "rule.stretch_not_below_target", stretch=fmt(s), target=fmt(t)))
    return problems


def _band_problems(rule: ScoringRule) -> list[Detail]:
    problems: list[Detail] = []
    low, high = rule.band_low, rule.band_high
    if low is None or high is None:
        problems.append(Detail("band_low", "rule.band_required"))
    elif low >= high:
        problems.append(Detail("band_low", "rule.band_inverted", low=fmt(low), high=fmt(high)))
    elif rule.target is not None and not low <= rule.target <= high:
        problems.append(
            Detail("target", "rule.target_outside_band", target=fmt(rule.target), low=fmt(low), high=fmt(high))
        )
    if rule.threshold < 0:
        problems.append(Detail("threshold", "rule.negative_tolerance", threshold=fmt(rule.threshold)))
    if rule.stretch is not None:
        problems.append(Detail("stretch", "rule.band_has_no_stretch"))
    return problems


def score_indicator(rule: ScoringRule, actual: Number) -> IndicatorScore:
    """Score one actual value under ``rule``; raises :class:`RuleError` when the rule is inconsistent."""
    problems = rule_problems(rule)
    if problems:
        raise RuleError(problems)
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
            en = f"Actual {fmt(a)} meets the target {fmt(t)} (threshold equals target, {en_dir}): score 100.00"
        else:
            score = quantize_score(floor + (a - th) / (t - th) * rise)
            arithmetic = f"{fmt(floor)} + {diff(a, th)}/{diff(t, th)}×{fmt(rise)} = {score}"
            zh = f"实际 {fmt(a)} 介于门槛 {fmt(th)} 与目标 {fmt(t)} 之间（{zh_dir}）：{arithmetic}"
            en = f"Actual {fmt(a)} lies between threshold {fmt(th)} and target {fmt(t)} ({en_dir}): {arithmetic}"
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
        return IndicatorScore(quantize_score(TARGET_SCORE), attainment, "inside_band", {"zh-CN": zh, "en": en})
    below = a < low
    edge = low if below else high
    distance = edge - a if below else a - edge
    zh_side = f"低于区间下限 {fmt(low)}" if below else f"高于区间上限 {fmt(high)}"
    en_side = f"below the band's lower limit {fmt(low)}" if below else f"above the band's upper limit {fmt(high)}"
    if distance > tol:
        score = quantize_score(ZERO)
        segment = "outside_tolerance"
        zh = f"实际 {fmt(a)} {zh_side}，偏离 {fmt(distance)}，超出容差 {fmt(tol)}：得分 0.00"
        en = f"Actual {fmt(a)} is {en_side}, off by {fmt(distance)}, beyond the tolerance {fmt(tol)}: score 0.00"
    else:
        # distance > 0 and distance <= tol, so tol > 0 here.
        exact = TARGET_SCORE - distance / tol * drop
        score = exact.quantize(_SCORE_QUANTUM, rounding=ROUND_DOWN)
        segment = "within_tolerance"
        equals = "=" if score == exact else "≈"
        arithmetic = f"100 - {fmt(distance)}/{fmt(tol)}×{fmt(drop)} {equals} {score}"
        zh = f"实际 {fmt(a)} {zh_side}，偏离 {fmt(distance)}，容差 {fmt(tol)}：{arithmetic}"
        en = f"Actual {fmt(a)} is {en_side}, off by {fmt(distance)} within the tolerance {fmt(tol)}: {arithmetic}"
    return IndicatorScore(score, attainment, segment, {"zh-CN": zh, "en": en})


class WeightsError(ValueError):
    def __init__(self, reason: Text) -> None:
        self.reason = reason
        super().__init__(reason.render("en"))


def weighted_total(items: Sequence[tuple[Number, Number]]) -> Decimal:
    """Σ weight × score / 100 over (weight %, score) pairs; weights must be ≥ 0 and sum to exactly 100."""
    pairs = [(to_decimal(w), to_decimal(s)) for w, s in items]
    if any(w < 0 for w, _ in pairs):
        raise WeightsError(text("score.negative_weights"))
    total_weight = sum((w for w, _ in pairs), ZERO)
    if total_weight != TARGET_SCORE:
        raise WeightsError(text("score.weights_total", total=fmt(total_weight)))
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
            raise ValueError("; ".join(p.render("en") for p in problems))
        object.__setattr__(self, "bands", bands)

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.bands]

    @property
    def minimums(self) -> list[tuple[str, Decimal]]:
        return [(label, to_decimal(minimum)) for label, minimum in self.bands]


def scale_problems(bands: Sequence[tuple[str, Number]]) -> list[Text]:
    """Problems with a tenant-configured scale: bands needed, labels unique, minimums strictly descending."""
    problems: list[Text] = []
    if not bands:
        return [text("scale.empty")]
    seen: set[str] = set()
    previous: Decimal | None = None
    for label, minimum in bands:
        if not isinstance(label, str) or not label.strip():
            problems.append(text("scale.label_empty"))
        elif label in seen:
            problems.append(text("scale.label_repeated", label=label))
        else:
            seen.add(label)
        value = to_decimal(minimum)
        if previous is not None and value >= previous:
            problems.append(
                text("scale.minimum_not_descending", label=label, minimum=fmt(value), previous=fmt(previous))
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
