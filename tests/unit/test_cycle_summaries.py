"""Counting blockers from a cycle's summaries gives what the person-by-person check finds."""

from __future__ import annotations

import random
from datetime import date

import pytest

from chalicelib.reviews import cycles, summaries
from chalicelib.reviews.cycles import PersonProgress, Progress, Stage

TODAY = date(2027, 3, 15)
LOCKED = [s for s in Stage if s is not Stage.GOAL_SETTING]


def _people(rng: random.Random, n: int) -> list[PersonProgress]:
    return [PersonProgress(f"p{i}", f"员工{i}", missing_actuals=("转化率",) if rng.random() < 0.4 else (),
                           self_review_submitted=rng.random() < 0.5, manager_review_submitted=rng.random() < 0.5,
                           acknowledged=rng.random() < 0.5) for i in range(n)]


def _summary(people: list[PersonProgress]) -> summaries.UnitSummary:
    return summaries.UnitSummary(
        "u", participants=len(people), actuals_complete=sum(1 for p in people if not p.missing_actuals),
        self_reviews=sum(p.self_review_submitted for p in people),
        manager_reviews=sum(p.manager_review_submitted for p in people),
        acknowledged=sum(p.acknowledged for p in people))


@pytest.mark.parametrize("seed", range(40))
def test_pending_from_counters_equals_the_blockers_found_person_by_person(seed: int):
    # Given random participants, a locked stage, deadlines passed or not, self reviews required or not
    rng = random.Random(seed)
    people = _people(rng, rng.randint(0, 12))
    stage = rng.choice(LOCKED)
    deadlines = {s: date(2027, 3, rng.randint(1, 28)) for s in Stage if rng.random() < 0.5}
    required = rng.random() < 0.7
    target = cycles.next_stage(stage)
    # When blockers are counted from the summary and found from the people
    counted = summaries.pending(stage, _summary(people), deadlines, required, TODAY)
    found = cycles.blockers(target, Progress(people, TODAY, deadlines, required)) if target else []
    # Then both say the same
    assert counted == len(found)


def test_a_contribution_change_leaves_out_what_did_not_change():
    # Given two contributions that differ in the score only / When their change is taken / Then only it is left
    before = {"participants": summaries.Decimal(1), "score_sum": summaries.Decimal("80.5")}
    after = {"participants": summaries.Decimal(1), "score_sum": summaries.Decimal("82.25")}
    assert summaries.change(before, after) == {"score_sum": summaries.Decimal("1.75")}
