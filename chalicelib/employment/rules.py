"""Legal bounds on contracts, as dated tables looked up by the date the rule applies to (pure).

劳动合同法 art. 19: probation is bounded by the contract term — none under 3 months (and none for a
per-task contract), ≤ 1 month for 3 months to under 1 year, ≤ 2 months for 1 to under 3 years, ≤ 6 months
for 3 years or more and for an open-ended contract. Art. 14: after two consecutive fixed-term contracts the
employee may require an open-ended one at the next renewal. Source: ../shared/HR-RULES-CN.md.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.core.errors import Invalid

OPEN_ENDED = "open_ended"
PER_TASK = "per_task"
INTERNSHIP = "internship"
FIXED_TERM = "fixed_term"


@dataclass(frozen=True)
class ProbationBand:
    """Contracts whose term is at least ``min_months`` (and under ``below_months``) allow ``max_months``."""

    min_months: int
    below_months: int | None
    max_months: int


@dataclass(frozen=True)
class ProbationRule:
    valid_from: date
    valid_to: date | None
    source: str
    bands: tuple[ProbationBand, ...]
    open_ended_max_months: int
    no_probation_types: frozenset[str]


PROBATION_RULES: tuple[ProbationRule, ...] = (
    ProbationRule(
        valid_from=date(2008, 1, 1),
        valid_to=None,
        source="劳动合同法 第十九条",
        bands=(ProbationBand(0, 3, 0), ProbationBand(3, 12, 1), ProbationBand(12, 36, 2), ProbationBand(36, None, 6)),
        open_ended_max_months=6,
        # A per-task contract may have no probation (art. 19); an internship is not a labour contract.
        no_probation_types=frozenset({PER_TASK, INTERNSHIP}),
    ),
)


def rule_on(day: date) -> ProbationRule:
    for rule in PROBATION_RULES:
        if rule.valid_from <= day and (rule.valid_to is None or day <= rule.valid_to):
            return rule
    raise Invalid.field("start_date", "employment.no_rule", day=day.isoformat())


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: date, months: int) -> date:
    """The last day of a term of ``months`` starting on ``start``: the day before the same day ``months`` later,
    or that month's last day when it has no such day (a month from 01-31 ends on 02-28)."""
    target = add_months(start, months)
    return target if target.day < start.day else target - timedelta(days=1)


def term_months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` inclusive (2026-01-01..2026-03-31 is 3 months)."""
    months = max(0, (end.year - start.year) * 12 + end.month - start.month + 1)
    while months > 0 and term_end(start, months) > end:
        months -= 1
    return months


@dataclass(frozen=True)
class ProbationLimit:
    """The most probation a contract allows: ``max_months`` (0: none), the last day it may end, and why."""

    max_months: int
    latest_end: date | None
    source: str


def probation_limit(contract_type: str, start: date, end: date | None) -> ProbationLimit:
    rule = rule_on(start)
    if contract_type in rule.no_probation_types:
        return ProbationLimit(0, None, rule.source)
    if contract_type == OPEN_ENDED or end is None:
        months = rule.open_ended_max_months
    else:
        term = term_months(start, end)
        months = next(
            b.max_months
            for b in rule.bands
            if b.min_months <= term and (b.below_months is None or term < b.below_months)
        )
    if months == 0:
        return ProbationLimit(0, None, rule.source)
    latest = term_end(start, months)
    if end is not None:
        latest = min(latest, end)
    return ProbationLimit(months, latest, rule.source)


def open_ended_right(chain_types: list[str]) -> bool:
    """True when the contracts being renewed end with two consecutive fixed-term ones (art. 14).

    ``chain_types`` lists the renewal chain newest first: the contract being renewed, then the one it renewed...
    """
    run = 0
    for kind in chain_types:
        if kind != FIXED_TERM:
            break
        run += 1
    return run >= 2
