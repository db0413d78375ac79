"""The indicator-set transition table: every legal step, and every illegal one with its reason."""

from __future__ import annotations

import itertools

import pytest

from chalicelib.indicators import workflow
from chalicelib.indicators.schemas import SetState

LEGAL = {
    (SetState.DRAFT, "edit"): SetState.DRAFT,
    (SetState.DRAFT, "assign"): SetState.DRAFT,
    (SetState.DRAFT, "submit"): SetState.IN_REVIEW,
    (SetState.RETURNED, "edit"): SetState.RETURNED,
    (SetState.RETURNED, "assign"): SetState.RETURNED,
    (SetState.RETURNED, "submit"): SetState.IN_REVIEW,
    (SetState.IN_REVIEW, "withdraw"): SetState.DRAFT,
    (SetState.IN_REVIEW, "approve"): SetState.APPROVED,
    (SetState.IN_REVIEW, "return"): SetState.RETURNED,
    (SetState.APPROVED, "publish"): SetState.PUBLISHED,
    (SetState.PUBLISHED, "revise"): SetState.DRAFT,
    (SetState.PUBLISHED, "answer"): SetState.PUBLISHED,
}
ILLEGAL = [(s, a) for s, a in itertools.product(SetState, workflow.ACTIONS) if (s, a) not in LEGAL]


@pytest.mark.parametrize(("state", "action"), sorted(LEGAL), ids=lambda v: str(v))
def test_a_legal_step_leads_where_the_table_says(state: SetState, action: str):
    assert workflow.next_state(state, action) == LEGAL[(state, action)]
    assert workflow.allowed(state, action)


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=lambda v: str(v))
def test_an_illegal_step_has_no_next_state_and_a_reason(state: SetState, action: str):
    assert workflow.next_state(state, action) is None
    reason = workflow.reason(state, action)
    assert reason.code == "set.illegal_action"
    assert f"cannot {action} an indicator set in state" in reason.render("en")
    assert reason.render("zh-CN").startswith("指标方案当前状态为“")


def test_the_table_is_exactly_the_documented_one():
    assert workflow.TRANSITIONS == LEGAL


def test_there_are_illegal_steps_from_every_state():
    assert {s for s, _ in ILLEGAL} == set(SetState)


def test_only_hr_review_leads_to_approval():
    assert [s for (s, a), t in workflow.TRANSITIONS.items() if t == SetState.APPROVED] == [SetState.IN_REVIEW]


def test_published_indicators_change_only_through_a_revision():
    assert workflow.actions_from(SetState.PUBLISHED) == ["revise", "answer"]
