"""The cycle state machine: every legal move, every illegal move, and what blocks a forward move."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.core.messages import text
from chalicelib.reviews.cycles import (
    ORDER,
    TRANSITIONS,
    IllegalTransition,
    PersonProgress,
    Progress,
    Stage,
    Step,
    blockers,
    check,
    next_stage,
    require_legal,
)
from chalicelib.reviews.periods import PeriodType, parse

LEGAL = [(a, b) for a in Stage for b in Stage if b in TRANSITIONS[a]]  # stable order for xdist
ILLEGAL = [(a, b) for a in Stage for b in Stage if b not in TRANSITIONS[a]]

DONE = PersonProgress("p1", "陈静", self_review_submitted=True, manager_review_submitted=True, acknowledged=True)
TODAY = date(2026, 4, 10)


def progress(*people: PersonProgress, **extra: object) -> Progress:
    return Progress(people=list(people) or [DONE], today=TODAY, **extra)  # type: ignore[arg-type]


# ---- the table ----------------------------------------------------------------------------------

def test_the_forward_path_visits_every_stage_once_in_order():
    stage: Stage | None = Stage.GOAL_SETTING
    visited = []
    while stage is not None:
        visited.append(stage)
        stage = next_stage(stage)

    assert tuple(visited) == ORDER


def test_there_are_exactly_nine_legal_moves():
    assert len(LEGAL) == 9
    assert len(ILLEGAL) == 49 - 9


@pytest.mark.parametrize("current,target", LEGAL, ids=lambda s: str(s))
def test_given_a_legal_move_when_checked_with_everything_done_then_nothing_blocks(current, target):
    assert check(current, target, progress()) == []


@pytest.mark.parametrize("current,target", ILLEGAL, ids=lambda s: str(s))
def test_given_an_illegal_move_when_checked_then_refused_with_a_reason(current, target):
    with pytest.raises(IllegalTransition) as refused:
        check(current, target, progress())

    assert refused.value.reason.code.startswith("cycle.")  # a catalog message, shown in the caller's language
    assert str(refused.value) == refused.value.reason.render("en")


def test_given_a_closed_cycle_when_moved_anywhere_then_refused_as_closed():
    for target in Stage:
        with pytest.raises(IllegalTransition, match="closed"):
            require_legal(Stage.CLOSED, target)


def test_given_published_results_when_moved_back_then_refused_as_published():
    with pytest.raises(IllegalTransition, match="published"):
        require_legal(Stage.RESULTS_PUBLISHED, Stage.CALIBRATION)


def test_given_a_skip_forward_when_checked_then_the_reason_names_the_next_stage():
    with pytest.raises(IllegalTransition, match="next stage is self review"):
        require_legal(Stage.IN_PROGRESS, Stage.CALIBRATION)


@given(st.sampled_from(list(Stage)), st.sampled_from(list(Stage)))
def test_moves_are_one_step_forward_or_one_step_back_before_publication(current, target):
    i, j = ORDER.index(current), ORDER.index(target)
    published = ORDER.index(Stage.RESULTS_PUBLISHED)
    expected = j == i + 1 or (j == i - 1 and 1 <= j and i < published)
    assert (target in TRANSITIONS[current]) == expected


# ---- blockers -----------------------------------------------------------------------------------

def test_given_no_participants_when_locking_goals_then_blocked():
    found = blockers(Stage.IN_PROGRESS, Progress(people=[], today=TODAY))

    assert [b.step for b in found] == [Step.PARTICIPANTS]


def test_given_a_person_without_goals_when_locking_goals_then_blocked_naming_the_person():
    person = PersonProgress("p2", "刘洋", goal_problem=text("goals.none_published"))
    found = blockers(Stage.IN_PROGRESS, progress(person))

    assert [(b.step, b.person_id) for b in found] == [(Step.GOALS, "p2")]
    assert found[0].detail().render("zh-CN") == {"field": "goals", "code": "blocker.goals",
                                                 "message": "刘洋：没有已发布的指标", "person_id": "p2"}
    assert found[0].out()["message"] == {"zh-CN": "刘洋：没有已发布的指标",
                                         "en": "刘洋: no published indicators for this period"}


def test_given_a_missing_self_review_when_opening_manager_review_then_blocked():
    late = PersonProgress("p2", "刘洋", manager_review_submitted=True)

    found = blockers(Stage.MANAGER_REVIEW, progress(DONE, late))

    assert [(b.step, b.person_id) for b in found] == [(Step.SELF_REVIEW, "p2")]


def test_given_the_self_review_deadline_passed_when_opening_manager_review_then_missing_self_reviews_do_not_block():
    late = PersonProgress("p2", "刘洋")

    found = blockers(Stage.MANAGER_REVIEW, progress(late, deadlines={Stage.SELF_REVIEW: date(2026, 4, 9)}))

    assert found == []


def test_given_the_self_review_deadline_is_today_when_opening_manager_review_then_still_blocked():
    found = blockers(Stage.MANAGER_REVIEW, progress(PersonProgress("p2", "刘洋"),
                                                    deadlines={Stage.SELF_REVIEW: TODAY}))

    assert [b.step for b in found] == [Step.SELF_REVIEW]


def test_given_self_reviews_not_required_when_opening_manager_review_then_not_blocked():
    assert blockers(Stage.MANAGER_REVIEW, progress(PersonProgress("p2", "刘洋"), self_review_required=False)) == []


def test_given_missing_actuals_and_manager_reviews_when_calibrating_then_each_is_listed():
    person = PersonProgress("p2", "刘洋", missing_actuals=("客户转化率",), self_review_submitted=True)

    found = blockers(Stage.CALIBRATION, progress(person))

    assert [b.step for b in found] == [Step.ACTUALS, Step.MANAGER_REVIEW]
    assert found[0].message.render("zh-CN") == "刘洋：以下指标缺少实际数据 客户转化率"


def test_given_a_past_manager_review_deadline_when_calibrating_then_manager_reviews_still_block():
    person = PersonProgress("p2", "刘洋", self_review_submitted=True)

    found = blockers(Stage.CALIBRATION, progress(person, deadlines={Stage.MANAGER_REVIEW: date(2026, 1, 1)}))

    assert [b.step for b in found] == [Step.MANAGER_REVIEW]


def test_given_unacknowledged_results_when_closing_then_blocked_until_the_deadline_passes():
    person = PersonProgress("p2", "刘洋", self_review_submitted=True, manager_review_submitted=True)

    assert [b.step for b in check(Stage.RESULTS_PUBLISHED, Stage.CLOSED, progress(person))] == [Step.ACKNOWLEDGEMENT]
    assert check(Stage.RESULTS_PUBLISHED, Stage.CLOSED,
                 progress(person, deadlines={Stage.RESULTS_PUBLISHED: date(2026, 4, 1)})) == []


def test_given_pending_steps_when_stepping_back_then_nothing_blocks():
    assert check(Stage.CALIBRATION, Stage.MANAGER_REVIEW, progress(PersonProgress("p2", "刘洋"))) == []


def test_given_everything_pending_when_closing_then_every_pending_step_is_listed():
    person = PersonProgress("p2", "刘洋", goal_problem="权重合计 90，应为 100", missing_actuals=("放款额",))

    steps = [b.step for b in blockers(Stage.CLOSED, progress(person))]

    assert steps == [Step.GOALS, Step.SELF_REVIEW, Step.ACTUALS, Step.MANAGER_REVIEW, Step.ACKNOWLEDGEMENT]


# ---- periods ------------------------------------------------------------------------------------

@pytest.mark.parametrize("code,kind,start,end,length", [
    ("2026-03", PeriodType.MONTHLY, date(2026, 3, 1), date(2026, 3, 31), 31),
    ("2028-02", PeriodType.MONTHLY, date(2028, 2, 1), date(2028, 2, 29), 29),
    ("2026-Q2", PeriodType.QUARTERLY, date(2026, 4, 1), date(2026, 6, 30), 3),
    ("2026-H2", PeriodType.HALF_YEAR, date(2026, 7, 1), date(2026, 12, 31), 6),
    ("2026", PeriodType.YEARLY, date(2026, 1, 1), date(2026, 12, 31), 12),
])
def test_given_a_period_code_when_parsed_then_dates_and_units(code, kind, start, end, length):
    period = parse(code)

    assert (period.type, period.start, period.end, period.length) == (kind, start, end, length)


@pytest.mark.parametrize("code", ["2026-13", "2026-Q5", "2026-H3", "26-01", "2026-1", ""])
def test_given_a_bad_period_code_when_parsed_then_refused(code):
    with pytest.raises(ValueError):
        parse(code)


@pytest.mark.parametrize("code,previous", [("2026-01", "2025-12"), ("2026-Q1", "2025-Q4"), ("2026-Q3", "2026-Q2"),
                                           ("2026-H1", "2025-H2"), ("2026-H2", "2026-H1"), ("2026", "2025")])
def test_given_a_period_when_asked_for_the_previous_then_the_one_before(code, previous):
    assert parse(code).previous().code == previous


def test_given_a_date_when_indexed_then_day_of_month_or_month_of_period():
    assert parse("2026-03").index_of(date(2026, 3, 12)) == 12
    assert parse("2026-Q2").index_of(date(2026, 6, 1)) == 3
    assert parse("2026").elapsed(date(2027, 1, 5)) == 12
    assert parse("2026").elapsed(date(2025, 12, 31)) == 0
    with pytest.raises(ValueError):
        parse("2026-Q2").index_of(date(2026, 7, 1))


@pytest.mark.parametrize("code,index,start", [("2026-03", 15, date(2026, 3, 15)), ("2026-Q2", 3, date(2026, 6, 1)),
                                              ("2026-H2", 6, date(2026, 12, 1)), ("2026", 1, date(2026, 1, 1))])
def test_given_a_unit_index_when_asked_for_its_start_then_its_first_day(code, index, start):
    period = parse(code)

    assert period.step_start(index) == start
    assert period.index_of(start) == index


def test_given_a_unit_index_outside_the_period_when_asked_for_its_start_then_refused():
    with pytest.raises(ValueError):
        parse("2026-Q2").step_start(4)


@pytest.mark.parametrize("code,index,step", [("2026", 5, "2026-05"), ("2026-Q2", 2, "2026-05"),
                                             ("2026-03", 9, "2026-03-09")])
def test_given_a_unit_index_when_named_then_its_own_period_code(code, index, step):
    assert parse(code).step_code(index) == step
