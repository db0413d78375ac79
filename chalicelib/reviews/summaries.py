"""Per-unit summaries of a cycle: what the director's dashboard shows, kept as counters.

Each participant *contributes* to the summary of their unit (the unit they were in when goals were
locked): one participant, whether their actuals are complete, their self and manager reviews
submitted, their acknowledgement, and the sums behind the average total score and attainment. A write
that changes a result, a review or an acknowledgement adds ``contribution(after) - contribution(before)``
to the unit's summary in the same transaction (``core.db.Changes.count``), so the summaries are the sum
of the contributions of what is stored. ``totals`` recomputes them from the source items (the repair
and backfill path). Pure: no storage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.reviews import cycles, scorecards
from chalicelib.reviews.cycles import Stage, Step
from chalicelib.reviews.schemas import PersonResult, Review, ReviewKind

COUNTERS = (
    "participants",
    "actuals_complete",
    "self_reviews",
    "manager_reviews",
    "acknowledged",
    "score_sum",
    "score_n",
    "attainment_sum",
    "attainment_n",
)


def _number(value: float | None) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def of_result(result: PersonResult | None) -> dict[str, Decimal]:
    """What one participant's result adds to their unit's summary (nothing when there is no result)."""
    if result is None:
        return {}
    attained = [i.attainment for i in result.indicators if i.attainment is not None]
    return {
        "participants": Decimal(1),
        "actuals_complete": Decimal(0 if scorecards.missing_actuals(result) else 1),
        "score_sum": _number(result.total),
        "score_n": Decimal(1 if result.total is not None else 0),
        "attainment_sum": sum((_number(a) for a in attained), Decimal(0)),
        "attainment_n": Decimal(len(attained)),
    }


def of_review(review: Review | None) -> dict[str, Decimal]:
    """What a review adds: one submitted self or manager review (a saved draft adds nothing)."""
    if review is None or not review.submitted_at:
        return {}
    return {"self_reviews" if review.kind is ReviewKind.SELF else "manager_reviews": Decimal(1)}


def change(before: Mapping[str, Decimal], after: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """``after - before`` per counter, zeros left out."""
    out = {k: after.get(k, Decimal(0)) - before.get(k, Decimal(0)) for k in COUNTERS}
    return {k: v for k, v in out.items() if v}


@dataclass
class UnitSummary:
    """One unit's counters in one cycle (its own participants, not the units below it)."""

    unit_id: str
    path: list[str] = field(default_factory=list)
    participants: int = 0
    actuals_complete: int = 0
    self_reviews: int = 0
    manager_reviews: int = 0
    acknowledged: int = 0
    score_sum: float = 0.0
    score_n: int = 0
    attainment_sum: float = 0.0
    attainment_n: int = 0

    def add(self, other: UnitSummary) -> None:
        for name in COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def sums(self) -> dict[str, Any]:
        """The shape of a trend item's per-unit sums."""
        return {
            "path": list(self.path),
            "score_sum": self.score_sum,
            "score_n": self.score_n,
            "attainment_sum": self.attainment_sum,
            "attainment_n": self.attainment_n,
        }


def totals(
    results: Iterable[PersonResult], reviews: Iterable[Review], acknowledged: Iterable[str]
) -> dict[str, UnitSummary]:
    """Every unit's summary recomputed from a cycle's results, reviews and acknowledgements (person ids)."""
    out: dict[str, UnitSummary] = {}
    unit_of: dict[str, str] = {}
    for r in results:
        unit_of[r.person_id] = r.unit_id
        summary = out.setdefault(r.unit_id, UnitSummary(r.unit_id, list(r.unit_path)))
        _bump(summary, of_result(r))
    for review in reviews:
        if review.person_id in unit_of:
            _bump(out[unit_of[review.person_id]], of_review(review))
    for person_id in acknowledged:
        if person_id in unit_of:
            out[unit_of[person_id]].acknowledged += 1
    return out


def _bump(summary: UnitSummary, deltas: Mapping[str, Decimal]) -> None:
    for name, delta in deltas.items():
        current = getattr(summary, name)
        setattr(summary, name, type(current)(Decimal(str(current)) + delta))


def pending(
    stage: Stage, whole: UnitSummary, deadlines: Mapping[Stage, date], self_review_required: bool, today: date
) -> int:
    """How many blockers keep a locked cycle from its next stage, counted from its summaries: the same
    number ``cycles.blockers`` finds person by person (goals are usable in a locked cycle by construction)."""
    target = cycles.next_stage(stage)
    if target is None:
        return 0
    count = 0
    for step in cycles.REQUIREMENTS[target]:
        if step is Step.SELF_REVIEW and not self_review_required:
            continue
        optional_until = cycles.OPTIONAL_UNTIL.get(step)
        if optional_until is not None and (due := deadlines.get(optional_until)) is not None and today > due:
            continue
        if step is Step.PARTICIPANTS:
            count += 0 if whole.participants else 1
        elif step is Step.ACTUALS:
            count += whole.participants - whole.actuals_complete
        elif step is Step.SELF_REVIEW:
            count += whole.participants - whole.self_reviews
        elif step is Step.MANAGER_REVIEW:
            count += whole.participants - whole.manager_reviews
        elif step is Step.ACKNOWLEDGEMENT:
            count += whole.participants - whole.acknowledged
    return count
