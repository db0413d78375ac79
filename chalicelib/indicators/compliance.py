"""The compliance check run when a set is submitted: pure, so every rule is tested without AWS.

Rules (``Finding.rule``), each finding naming the indicator and field it is about:

``measurable``  a formula over the indicator's own measures, and a target (a band for target_band)
``data_source`` a supplying unit or system, and an accountable owner (a person)
``goal_link``   linked to a goal of the strategic cascade (a missing link is a warning: HR decides;
                a link to a goal that no longer exists is an error)
``weights``     weights sum to 100 (set level), no indicator weighs 0
``direction``   direction, target, threshold, stretch and band are consistent (the scoring module's
                own rule check, so what passes here can be scored later)
``duplicate``   no indicator twice in the set, nor in another set of the period given to the same person

``error`` findings block approval; ``warning`` findings are shown to HR, who approves or returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from chalicelib.indicators import formula as formulas
from chalicelib.indicators.schemas import Direction, Finding, Indicator, IndicatorSet, Severity

WEIGHT_TOTAL = 100.0
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Context:
    """What the check needs to know beyond the set itself (the service looks it up)."""

    goals: Mapping[str, str] = field(default_factory=dict)  # goal_id -> status, for the goals linked
    other_sets: tuple[IndicatorSet, ...] = ()  # other sets of the same period sharing an assignee


def check(indicator_set: IndicatorSet, context: Context | None = None) -> list[Finding]:
    """Every finding for the set, set-level first, then per indicator in order."""
    context = context or Context()
    findings: list[Finding] = []
    if not indicator_set.indicators:
        findings.append(_error("measurable", None, "indicators", "指标方案中没有任何指标", "the set has no indicators"))
        return findings
    findings += _weights(indicator_set.indicators)
    for indicator in indicator_set.indicators:
        findings += measurable(indicator)
        findings += data_source(indicator)
        findings += goal_link(indicator, context.goals)
        findings += direction(indicator)
    findings += duplicates(indicator_set, context.other_sets)
    return findings


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ERROR]


# ---- rules ------------------------------------------------------------------------------------

def measurable(indicator: Indicator) -> list[Finding]:
    out: list[Finding] = []
    iid = indicator.indicator_id
    if not indicator.formula:
        out.append(_error("measurable", iid, "formula", f"“{indicator.name}”没有计算公式",
                          f"'{indicator.name}' has no formula"))
    else:
        keys = [m.key for m in indicator.measures]
        for problem in formulas.validate(indicator.formula, keys):
            out.append(Finding(rule="measurable", severity=Severity.ERROR, indicator_id=iid, field="formula",
                               message=problem))
    if indicator.direction == Direction.TARGET_BAND:
        if indicator.band_low is None or indicator.band_high is None:
            out.append(_error("measurable", iid, "band_low", f"“{indicator.name}”没有设置目标区间",
                              f"'{indicator.name}' has no target band"))
    elif indicator.target is None:
        out.append(_error("measurable", iid, "target", f"“{indicator.name}”没有目标值",
                          f"'{indicator.name}' has no target"))
    return out


def data_source(indicator: Indicator) -> list[Finding]:
    out: list[Finding] = []
    iid = indicator.indicator_id
    source = indicator.data_source
    if not source.unit_id and not source.system:
        out.append(_error("data_source", iid, "data_source", f"“{indicator.name}”没有数据来源",
                          f"'{indicator.name}' has no data source"))
    if not source.owner_person_id:
        out.append(_error("data_source", iid, "data_source.owner_person_id",
                          f"“{indicator.name}”的数据来源没有责任人",
                          f"'{indicator.name}' has no person accountable for its data"))
    return out


def goal_link(indicator: Indicator, goals: Mapping[str, str]) -> list[Finding]:
    iid = indicator.indicator_id
    if not indicator.goal_id:
        return [Finding(rule="goal_link", severity=Severity.WARNING, indicator_id=iid, field="goal_id",
                        message=f"“{indicator.name}”未关联战略目标 / '{indicator.name}' is not linked to a goal")]
    status = goals.get(indicator.goal_id)
    if status is None:
        return [_error("goal_link", iid, "goal_id", "关联的目标已不存在", "the linked goal no longer exists")]
    if status != "active":
        return [Finding(rule="goal_link", severity=Severity.WARNING, indicator_id=iid, field="goal_id",
                        message=f"关联的目标状态为 {status} / the linked goal is {status}")]
    return []


def direction(indicator: Indicator) -> list[Finding]:
    iid = indicator.indicator_id
    if indicator.threshold is None:
        what_zh, what_en = (("容差", "tolerance (threshold)") if indicator.direction == Direction.TARGET_BAND
                            else ("门槛值", "threshold"))
        return [_error("direction", iid, "threshold", f"“{indicator.name}”没有{what_zh}，无法评分",
                       f"'{indicator.name}' has no {what_en}, so it cannot be scored")]
    if indicator.direction != Direction.TARGET_BAND and indicator.target is None:
        return []  # already reported as not measurable
    return [Finding(rule="direction", severity=Severity.ERROR, indicator_id=iid, field=_field_of(problem),
                    message=problem) for problem in rule_problems(indicator)]


def duplicates(indicator_set: IndicatorSet, other_sets: Iterable[IndicatorSet] = ()) -> list[Finding]:
    out: list[Finding] = []
    seen: dict[str, Indicator] = {}
    for indicator in indicator_set.indicators:
        for sig in signatures(indicator):
            first = seen.get(sig)
            if first is not None and first.indicator_id != indicator.indicator_id:
                out.append(_error("duplicate", indicator.indicator_id, "name",
                                  f"“{indicator.name}”与“{first.name}”重复",
                                  f"'{indicator.name}' duplicates '{first.name}'"))
                break
            seen.setdefault(sig, indicator)
    mine = set(indicator_set.person_ids)
    for other in other_sets:
        if other.set_id == indicator_set.set_id or other.period != indicator_set.period:
            continue
        shared = mine & set(other.person_ids)
        if not shared:
            continue
        theirs = {sig: ind for ind in other.indicators for sig in signatures(ind)}
        for indicator in indicator_set.indicators:
            hit = next((theirs[s] for s in signatures(indicator) if s in theirs), None)
            if hit is not None:
                out.append(_error(
                    "duplicate", indicator.indicator_id, "name",
                    f"“{indicator.name}”已在同期另一指标方案（{other.title or other.set_id}）中分配给 {len(shared)} 人",
                    f"'{indicator.name}' is already given to {len(shared)} of these people by another set of "
                    f"the period ({other.title or other.set_id})"))
    return out


def signatures(indicator: Indicator) -> list[str]:
    """What makes two indicators the same: the template, the name, or the formula text."""
    sigs = ["name:" + _squash(indicator.name)]
    if indicator.template_code:
        sigs.append("template:" + indicator.template_code)
    if indicator.formula:
        sigs.append("formula:" + _squash(indicator.formula))
    return sigs


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _weights(indicators: list[Indicator]) -> list[Finding]:
    out: list[Finding] = []
    total = round(sum(i.weight for i in indicators), 6)
    if abs(total - WEIGHT_TOTAL) > _TOLERANCE:
        out.append(_error("weights", None, "indicators.weight", f"权重合计为 {_num(total)}，应为 100",
                          f"weights add up to {_num(total)}, not 100"))
    for indicator in indicators:
        if indicator.weight <= 0:
            out.append(_error("weights", indicator.indicator_id, "weight", f"“{indicator.name}”的权重为 0",
                              f"'{indicator.name}' weighs 0"))
    return out


# ---- scoring-rule consistency -------------------------------------------------------------------

def rule_problems(indicator: Indicator) -> list[str]:
    """Direction/threshold consistency, delegated to the scoring module so both agree."""
    from chalicelib.reviews import scoring

    assert indicator.threshold is not None
    rule = scoring.ScoringRule(direction=scoring.Direction(indicator.direction.value),
                               threshold=Decimal(str(indicator.threshold)), target=_dec(indicator.target),
                               stretch=_dec(indicator.stretch), band_low=_dec(indicator.band_low),
                               band_high=_dec(indicator.band_high))
    return scoring.rule_problems(rule)


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _field_of(problem: str) -> str:
    english = problem.split(" / ", 1)[-1]
    for name in ("band_low", "band_high", "stretch", "threshold", "tolerance", "target"):
        if name in english:
            return "threshold" if name == "tolerance" else name
    return "direction"


def _error(rule: str, indicator_id: str | None, field_name: str, zh: str, en: str) -> Finding:
    return Finding(rule=rule, severity=Severity.ERROR, indicator_id=indicator_id, field=field_name,
                   message=f"{zh} / {en}")


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
