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

from chalicelib.core.errors import Detail
from chalicelib.core.messages import Text, text
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
        findings.append(_error("measurable", None, "indicators", text("finding.no_indicators")))
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
        out.append(_error("measurable", iid, "formula", text("finding.no_formula", name=indicator.name)))
    else:
        keys = [m.key for m in indicator.measures]
        for problem in formulas.validate(indicator.formula, keys):
            out.append(_error("measurable", iid, "formula", problem))
    if indicator.direction == Direction.TARGET_BAND:
        if indicator.band_low is None or indicator.band_high is None:
            out.append(_error("measurable", iid, "band_low", text("finding.no_band", name=indicator.name)))
    elif indicator.target is None:
        out.append(_error("measurable", iid, "target", text("finding.no_target", name=indicator.name)))
    return out


def data_source(indicator: Indicator) -> list[Finding]:
    out: list[Finding] = []
    iid = indicator.indicator_id
    source = indicator.data_source
    if not source.unit_id and not source.system:
        out.append(_error("data_source", iid, "data_source", text("finding.no_data_source", name=indicator.name)))
    if not source.owner_person_id:
        out.append(
            _error(
                "data_source", iid, "data_source.owner_person_id", text("finding.no_data_owner", name=indicator.name)
            )
        )
    return out


def goal_link(indicator: Indicator, goals: Mapping[str, str]) -> list[Finding]:
    iid = indicator.indicator_id
    if not indicator.goal_id:
        return [_warning("goal_link", iid, "goal_id", text("finding.no_goal", name=indicator.name))]
    status = goals.get(indicator.goal_id)
    if status is None:
        return [_error("goal_link", iid, "goal_id", text("finding.goal_gone"))]
    if status != "active":
        return [
            _warning("goal_link", iid, "goal_id", text("finding.goal_status", status=text(f"goal.status.{status}")))
        ]
    return []


def direction(indicator: Indicator) -> list[Finding]:
    iid = indicator.indicator_id
    if indicator.threshold is None:
        code = "finding.no_tolerance" if indicator.direction == Direction.TARGET_BAND else "finding.no_threshold"
        return [_error("direction", iid, "threshold", text(code, name=indicator.name))]
    if indicator.direction != Direction.TARGET_BAND and indicator.target is None:
        return []  # already reported as not measurable
    return [_error("direction", iid, problem.field, problem.text) for problem in rule_problems(indicator)]


def duplicates(indicator_set: IndicatorSet, other_sets: Iterable[IndicatorSet] = ()) -> list[Finding]:
    out: list[Finding] = []
    seen: dict[str, Indicator] = {}
    for indicator in indicator_set.indicators:
        for sig in signatures(indicator):
            first = seen.get(sig)
            if first is not None and first.indicator_id != indicator.indicator_id:
                out.append(
                    _error(
                        "duplicate",
                        indicator.indicator_id,
                        "name",
                        text("finding.duplicate", name=indicator.name, other=first.name),
                    )
                )
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
                out.append(
                    _error(
                        "duplicate",
                        indicator.indicator_id,
                        "name",
                        text(
                            "finding.duplicate_elsewhere",
                            name=indicator.name,
                            other=other.title or other.set_id,
                            count=len(shared),
                        ),
                    )
                )
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
        out.append(_error("weights", None, "indicators.weight", text("finding.weights_total", total=_num(total))))
    for indicator in indicators:
        if indicator.weight <= 0:
            out.append(
                _error("weights", indicator.indicator_id, "weight", text("finding.zero_weight", name=indicator.name))
            )
    return out


# ---- scoring-rule consistency -------------------------------------------------------------------


def rule_problems(indicator: Indicator) -> list[Detail]:
    """Direction/threshold consistency, delegated to the scoring module so both agree."""
    from chalicelib.reviews import scoring

    assert indicator.threshold is not None
    rule = scoring.ScoringRule(
        direction=scoring.Direction(indicator.direction.value),
        threshold=Decimal(str(indicator.threshold)),
        target=_dec(indicator.target),
        stretch=_dec(indicator.stretch),
        band_low=_dec(indicator.band_low),
        band_high=_dec(indicator.band_high),
    )
    return scoring.rule_problems(rule)


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _error(rule: str, indicator_id: str | None, field_name: str, message: Text) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        indicator_id=indicator_id,
        field=field_name,
        code=message.code,
        message=message.both(),
    )


def _warning(rule: str, indicator_id: str | None, field_name: str, message: Text) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.WARNING,
        indicator_id=indicator_id,
        field=field_name,
        code=message.code,
        message=message.both(),
    )


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
