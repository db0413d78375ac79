"""A person's scorecard in a cycle: locked indicators + actuals -> values, scores, total, rating, forecast.

Pure functions over the schema models; the arithmetic itself lives in ``scoring`` and ``forecast``.

A measure's period value comes from the values entered per period unit (day of a month, month of a
quarter/half-year/year) by its aggregation: ``sum`` for counts and amounts (visitors, loans in CNY),
``average`` for rates, scores and durations (a percentage entered monthly is averaged). The
indicator's value is its formula over the measures' period values, then scored by its rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from chalicelib.core.messages import Text, text
from chalicelib.indicators import formula as formulas
from chalicelib.indicators.schemas import Indicator
from chalicelib.reviews import forecast as forecasting
from chalicelib.reviews.schemas import IndicatorResult, MeasureResult, PersonResult, RatingBand
from chalicelib.reviews.scoring import (
    DEFAULT_CAP,
    DEFAULT_FLOOR_SCORE,
    Direction,
    RatingScale,
    RuleError,
    ScoringRule,
    WeightsError,
    fmt,
    rate,
    rule_problems,
    score_indicator,
    to_decimal,
    weighted_total,
)

IMPLICIT_MEASURE = "value"
_AVERAGED_UNITS = frozenset({"percent", "ratio", "score", "days", "hours", "minutes"})
_UNIT_BOUNDS: Mapping[str, tuple[int | None, int | None]] = {"percent": (0, 100)}


def aggregation_for(unit: str) -> forecasting.Aggregation:
    return "average" if unit in _AVERAGED_UNITS else "sum"


def scale_of(bands: Sequence[RatingBand]) -> RatingScale:
    return RatingScale([(b.label, to_decimal(b.min_score)) for b in bands])


# ---- snapshot -----------------------------------------------------------------------------------


def snapshot(indicator: Indicator) -> IndicatorResult:
    """The locked indicator as the cycle keeps it (so later edits to the set do not move the scores)."""
    measures = [
        MeasureResult(key=m.key, name=m.name, unit=m.unit.value, aggregation=aggregation_for(m.unit.value))
        for m in indicator.measures
    ]
    if not measures:
        measures = [
            MeasureResult(
                key=IMPLICIT_MEASURE,
                name=indicator.name,
                unit=indicator.unit.value,
                aggregation=aggregation_for(indicator.unit.value),
            )
        ]
    result = IndicatorResult(
        indicator_id=indicator.indicator_id,
        name=indicator.name,
        formula=indicator.formula,
        unit=indicator.unit.value,
        weight=indicator.weight,
        direction=indicator.direction.value,
        target=indicator.target,
        threshold=indicator.threshold,
        stretch=indicator.stretch,
        band_low=indicator.band_low,
        band_high=indicator.band_high,
        measures=measures,
    )
    return result.model_copy(update={"rule": rule_text(result)})


def goal_problem(indicators: Sequence[Indicator]) -> Text | None:
    """Why a person's published indicators cannot be scored (None when they can)."""
    if not indicators:
        return text("goals.none_published")
    total = sum(i.weight for i in indicators)
    if abs(total - 100) > 1e-6:
        return text("goals.weights_total", total=f"{total:g}")
    for indicator in indicators:
        result = snapshot(indicator)
        problems = rule_problems(rule_of(result))
        if problems:
            return text("goals.indicator_problem", name=indicator.name, problem=problems[0].text)
        if indicator.formula:
            keys = [m.key for m in result.measures]
            found = formulas.validate(indicator.formula, tuple(keys))
            if found:
                return text("goals.indicator_problem", name=indicator.name, problem=found[0])
        elif len(result.measures) != 1:
            return text("goals.indicator_problem", name=indicator.name, problem=text("goals.measures_without_formula"))
    return None


# ---- rules --------------------------------------------------------------------------------------


def rule_of(indicator: IndicatorResult) -> ScoringRule:
    """The scoring rule of an indicator. A missing threshold means all-or-nothing (threshold = target)."""
    direction = Direction(indicator.direction)
    if direction is Direction.TARGET_BAND:
        return ScoringRule(
            direction=direction,
            threshold=to_decimal(indicator.threshold or 0),
            target=_dec(indicator.target),
            band_low=_dec(indicator.band_low),
            band_high=_dec(indicator.band_high),
        )
    threshold = indicator.threshold if indicator.threshold is not None else indicator.target
    return ScoringRule(
        direction=direction,
        threshold=to_decimal(threshold if threshold is not None else 0),
        target=_dec(indicator.target),
        stretch=_dec(indicator.stretch),
    )


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else to_decimal(value)


def rule_text(indicator: IndicatorResult) -> dict[str, str]:
    """The rule in words, shown next to the score so anyone can recompute it."""
    rule = rule_of(indicator)
    floor, cap = fmt(DEFAULT_FLOOR_SCORE), fmt(DEFAULT_CAP)
    if rule.direction is Direction.TARGET_BAND:
        assert rule.band_low is not None and rule.band_high is not None or rule_problems(rule)
        band = f"[{fmt(rule.band_low or Decimal(0))}, {fmt(rule.band_high or Decimal(0))}]"
        tol = fmt(rule.threshold)
        return {
            "zh-CN": f"目标区间 {band} 内得 100 分；超出区间在容差 {tol} 内从 100 线性降到 {floor} 分；超出容差得 0 分",
            "en": f"100 inside the band {band}; from 100 down to {floor} linearly within {tol} outside it; "
            f"0 beyond that",
        }
    higher = rule.direction is Direction.HIGHER_IS_BETTER
    zh_dir, en_dir = ("越高越好", "higher is better") if higher else ("越低越好", "lower is better")
    t = fmt(rule.target) if rule.target is not None else "?"
    th = fmt(rule.threshold)
    if rule.threshold == rule.target:
        zh = f"{zh_dir}：达到目标 {t} 得 100 分，未达目标得 0 分"
        en = f"{en_dir}: 100 at the target {t}, 0 if it is missed"
    else:
        zh = f"{zh_dir}：门槛 {th} 得 {floor} 分，目标 {t} 得 100 分，之间线性；未达门槛得 0 分"
        en = f"{en_dir}: {floor} at the threshold {th}, 100 at the target {t}, linear in between; 0 below the threshold"
    if rule.stretch is not None:
        s = fmt(rule.stretch)
        zh += f"；挑战值 {s} 得 {cap} 分（封顶），目标与挑战值之间线性"
        en += f"; {cap} (cap) at the stretch {s}, linear from the target"
    else:
        zh += "；超过目标仍为 100 分"
        en += "; beating the target still scores 100"
    return {"zh-CN": zh, "en": en}


# ---- values and scores --------------------------------------------------------------------------


def measure_value(measure: MeasureResult) -> Decimal | None:
    points = _points(measure)
    if not points:
        return None
    values = [v for _, v in points]
    if measure.aggregation == "average":
        return sum(values, Decimal(0)) / len(values)
    if measure.aggregation == "last":
        return points[-1][1]
    return sum(values, Decimal(0))


def _points(measure: MeasureResult) -> list[tuple[int, Decimal]]:
    return sorted((int(k), to_decimal(v)) for k, v in measure.points.items())


def step_values(indicator: IndicatorResult) -> list[tuple[int, Decimal | None]]:
    """The indicator's value in each step of the period that has actuals (month 1, 2, … of a year):
    the formula over that step's measure values. A step missing a measure, or whose formula fails
    (a zero divisor), has no value."""
    steps = sorted({int(k) for m in indicator.measures for k in m.points})
    out: list[tuple[int, Decimal | None]] = []
    for step in steps:
        values = {m.key: to_decimal(m.points[str(step)]) for m in indicator.measures if str(step) in m.points}
        if len(values) < len(indicator.measures):
            out.append((step, None))
            continue
        try:
            out.append((step, indicator_value(indicator, values)))
        except (formulas.FormulaError, ValueError, ArithmeticError):
            out.append((step, None))
    return out


def indicator_value(indicator: IndicatorResult, values: Mapping[str, Decimal]) -> Decimal:
    """The formula over the measures' values (raises FormulaError, e.g. on a zero divisor)."""
    if indicator.formula:
        return formulas.evaluate(indicator.formula, dict(values))
    (only,) = values.values()
    return only


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def score(indicator: IndicatorResult) -> IndicatorResult:
    """Recompute the measures' period values, the indicator's value, score and explanation. A measure
    without points keeps its period value: a stored result holds the values, not the points (they are
    in its steps items), and a writer passes the points only of the indicators it rebuilt."""
    measures = [m.model_copy(update={"value": _float(measure_value(m))}) if m.points else m for m in indicator.measures]
    update: dict[str, object] = {
        "measures": measures,
        "value": None,
        "score": None,
        "attainment": None,
        "explanation": {},
    }
    missing = [m.name or m.key for m in measures if m.value is None]
    if missing:
        update["explanation"] = {
            "zh-CN": f"缺少实际数据：{'、'.join(missing)}",
            "en": f"actuals missing: {', '.join(missing)}",
        }
        return indicator.model_copy(update=update)
    values = {m.key: to_decimal(m.value) for m in measures if m.value is not None}
    try:
        value = indicator_value(indicator, values)
        result = score_indicator(rule_of(indicator), value)
    except (formulas.FormulaError, ValueError) as exc:
        update["explanation"] = text("score.cannot_compute", reason=_reason(exc)).both()
        return indicator.model_copy(update=update)
    update.update(
        value=float(value.quantize(Decimal("0.0001"))),
        score=float(result.score),
        attainment=_float(result.attainment),
        explanation=result.explanation,
    )
    return indicator.model_copy(update=update)


def compute(result: PersonResult, scale: RatingScale) -> PersonResult:
    """Score every indicator, then the weighted total and its rating (None until every score exists)."""
    indicators = [score(i) for i in result.indicators]
    update: dict[str, object] = {"indicators": indicators, "total": None, "rating": None, "total_explanation": {}}
    if indicators and all(i.score is not None for i in indicators):
        pairs = [(to_decimal(i.weight), to_decimal(i.score)) for i in indicators if i.score is not None]
        try:
            total = weighted_total(pairs)
        except ValueError as exc:
            update["total_explanation"] = text("score.no_total", reason=_reason(exc)).both()
        else:
            label = rate(scale, total)
            minimum = dict(scale.minimums)[label]
            terms = " + ".join(f"{fmt(w)}%×{s:.2f}" for w, s in pairs)
            update.update(
                total=float(total),
                rating=label,
                total_explanation={
                    "zh-CN": f"加权总分 = Σ 权重×得分 = {terms} = {total}；{total} ≥ {fmt(minimum)}，评级 {label}",
                    "en": f"weighted total = Σ weight×score = {terms} = {total}; "
                    f"{total} ≥ {fmt(minimum)}, rating {label}",
                },
            )
    final = result.calibration.rating if result.calibration else update["rating"]
    update["final_rating"] = final
    return result.model_copy(update=update)


def _reason(exc: Exception) -> Text | list[Text]:
    """Why a value, score or total cannot be computed, as shown in its explanation."""
    if isinstance(exc, formulas.FormulaError):
        return exc.text
    if isinstance(exc, RuleError):
        return [p.text for p in exc.problems]
    if isinstance(exc, WeightsError):
        return exc.reason
    return text("formula.cannot_compute")


def missing_actuals(result: PersonResult) -> tuple[str, ...]:
    """The indicators with a measure that has no value yet (a stored result keeps values, not points)."""
    return tuple(i.name for i in result.indicators if any(m.value is None and not m.points for m in i.measures))


# ---- forecast -----------------------------------------------------------------------------------


def project_measures(indicator: IndicatorResult, length: int) -> dict[str, Decimal] | None:
    """Each measure projected to the period end; None when a measure has no value yet."""
    out: dict[str, Decimal] = {}
    for m in indicator.measures:
        points = _points(m)
        if not points:
            return None
        bounds = _UNIT_BOUNDS.get(m.unit, (None, None))
        out[m.key] = forecasting.project(points, length, m.aggregation, bounds)  # type: ignore[arg-type]
    return out


def first_step_reference(indicator: IndicatorResult, length: int) -> tuple[int, dict[str, Decimal]] | None:
    """What the projection would be had every step so far been like the first one: the reference the
    drivers are measured against when there is no previous period (a pilot's first cycle). Returns the
    first step and each measure's value, or None before a second step with every measure exists."""
    common = (
        set.intersection(*({int(k) for k in m.points} for m in indicator.measures)) if indicator.measures else set()
    )
    if len(common) < 2:
        return None
    first = min(common)
    as_first = indicator.model_copy(
        update={
            "measures": [
                m.model_copy(update={"points": {k: m.points[str(first)] for k in m.points}}) for m in indicator.measures
            ]
        }
    )
    projected = project_measures(as_first, length)
    return (first, projected) if projected is not None else None


def forecast(
    indicator: IndicatorResult, length: int, reference: Mapping[str, Decimal] | None
) -> tuple[Decimal | None, forecasting.Forecast | None, list[forecasting.Driver]]:
    """Projected value, its assessment against the rule, and the measures driving it vs ``reference``."""
    projected = project_measures(indicator, length)
    if projected is None:
        return None, None, []
    try:
        value = indicator_value(indicator, projected)
        assessment = forecasting.assess(rule_of(indicator), value)
    except (formulas.FormulaError, ValueError):
        return None, None, []
    drivers: list[forecasting.Driver] = []
    if reference is not None and set(reference) == set(projected):
        try:
            drivers = forecasting.explain_gap(lambda v: indicator_value(indicator, v), projected, reference)
        except (formulas.FormulaError, ValueError, ArithmeticError):
            drivers = []
    return value, assessment, drivers
