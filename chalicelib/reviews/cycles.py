"""The appraisal cycle's state machine: stages, the legal moves between them, and what blocks a move.

Pure: no storage, no clock. The service gathers a :class:`Progress` (who has goals, actuals,
reviews) and asks :func:`check` whether the cycle may move to a stage; the answer is either
nothing (go ahead) or the reason the move is illegal, or the list of blockers.

Stages run forward one at a time::

    goal_setting -> in_progress -> self_review -> manager_review -> calibration
                 -> results_published -> closed

A stage may step back one place while results are not yet published (reopen self reviews for a
late actual, send calibration back to managers); published results and a closed cycle never move back.

Moving forward requires every step due by then to be done (:data:`REQUIREMENTS`). A step whose own
stage deadline has passed no longer blocks when the step is optional by nature (a self review, an
acknowledgement of results): the person missed it, and the cycle records that. Goals, actuals and
manager reviews are never optional.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Stage(StrEnum):
    GOAL_SETTING = "goal_setting"
    IN_PROGRESS = "in_progress"
    SELF_REVIEW = "self_review"
    MANAGER_REVIEW = "manager_review"
    CALIBRATION = "calibration"
    RESULTS_PUBLISHED = "results_published"
    CLOSED = "closed"


ORDER: tuple[Stage, ...] = tuple(Stage)

TRANSITIONS: Mapping[Stage, frozenset[Stage]] = {
    Stage.GOAL_SETTING: frozenset({Stage.IN_PROGRESS}),
    Stage.IN_PROGRESS: frozenset({Stage.SELF_REVIEW}),
    Stage.SELF_REVIEW: frozenset({Stage.MANAGER_REVIEW, Stage.IN_PROGRESS}),
    Stage.MANAGER_REVIEW: frozenset({Stage.CALIBRATION, Stage.SELF_REVIEW}),
    Stage.CALIBRATION: frozenset({Stage.RESULTS_PUBLISHED, Stage.MANAGER_REVIEW}),
    Stage.RESULTS_PUBLISHED: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}


class Step(StrEnum):
    """A required step, named by the field a blocker reports."""

    PARTICIPANTS = "participants"
    GOALS = "goals"
    ACTUALS = "actuals"
    SELF_REVIEW = "self_review"
    MANAGER_REVIEW = "manager_review"
    ACKNOWLEDGEMENT = "acknowledgement"


# Steps that must be done before the cycle may enter each stage (moving forward).
REQUIREMENTS: Mapping[Stage, tuple[Step, ...]] = {
    Stage.GOAL_SETTING: (),
    Stage.IN_PROGRESS: (Step.PARTICIPANTS, Step.GOALS),
    Stage.SELF_REVIEW: (Step.PARTICIPANTS, Step.GOALS),
    Stage.MANAGER_REVIEW: (Step.PARTICIPANTS, Step.GOALS, Step.SELF_REVIEW),
    Stage.CALIBRATION: (Step.PARTICIPANTS, Step.GOALS, Step.SELF_REVIEW, Step.ACTUALS, Step.MANAGER_REVIEW),
    Stage.RESULTS_PUBLISHED: (Step.PARTICIPANTS, Step.GOALS, Step.SELF_REVIEW, Step.ACTUALS, Step.MANAGER_REVIEW),
    Stage.CLOSED: (Step.PARTICIPANTS, Step.GOALS, Step.SELF_REVIEW, Step.ACTUALS, Step.MANAGER_REVIEW,
                   Step.ACKNOWLEDGEMENT),
}

# The stage whose deadline ends an optional step; after it, a missing step is recorded, not blocking.
OPTIONAL_UNTIL: Mapping[Step, Stage] = {
    Step.SELF_REVIEW: Stage.SELF_REVIEW,
    Step.ACKNOWLEDGEMENT: Stage.RESULTS_PUBLISHED,
}


@dataclass(frozen=True)
class PersonProgress:
    """Where one participant stands. ``goal_problem`` is empty when their goals are usable."""

    person_id: str
    name: str
    goal_problem: str = ""
    missing_actuals: tuple[str, ...] = ()  # indicator names lacking a measure value
    self_review_submitted: bool = False
    manager_review_submitted: bool = False
    acknowledged: bool = False


@dataclass(frozen=True)
class Progress:
    people: Sequence[PersonProgress]
    today: date
    deadlines: Mapping[Stage, date] = field(default_factory=dict)
    self_review_required: bool = True


@dataclass(frozen=True)
class Blocker:
    step: Step
    message: str
    person_id: str | None = None

    def detail(self) -> dict[str, str]:
        out = {"field": self.step.value, "message": self.message}
        if self.person_id:
            out["person_id"] = self.person_id
        return out


class IllegalTransition(ValueError):
    """The move is not in the transition table."""


def is_forward(current: Stage, target: Stage) -> bool:
    return ORDER.index(target) > ORDER.index(current)


def legal(current: Stage, target: Stage) -> bool:
    return target in TRANSITIONS[current]


def next_stage(current: Stage) -> Stage | None:
    forward = [s for s in ORDER if s in TRANSITIONS[current] and is_forward(current, s)]
    return forward[0] if forward else None


def require_legal(current: Stage, target: Stage) -> None:
    """Raise :class:`IllegalTransition` with a bilingual reason unless ``current -> target`` is allowed."""
    if legal(current, target):
        return
    if current is Stage.CLOSED:
        reason = "考核周期已关闭，不能再变更 / the cycle is closed and cannot move"
    elif current == target:
        reason = f"考核周期已处于 {target} 阶段 / the cycle is already in {target}"
    elif is_forward(current, target):
        reason = (f"不能从 {current} 跳到 {target}，请逐个阶段推进（下一阶段：{next_stage(current)}）"
                  f" / cannot skip from {current} to {target}; the next stage is {next_stage(current)}")
    elif ORDER.index(current) >= ORDER.index(Stage.RESULTS_PUBLISHED):
        reason = (f"结果已发布，不能退回 {target} / results are published; the cycle cannot go back to {target}")
    else:
        reason = (f"只能退回上一阶段，不能从 {current} 退回 {target}"
                  f" / a cycle steps back one stage at a time, not from {current} to {target}")
    raise IllegalTransition(reason)


def blockers(target: Stage, progress: Progress) -> list[Blocker]:
    """Everything that keeps the cycle from entering ``target`` (moving forward); empty when it may."""
    found: list[Blocker] = []
    for step in REQUIREMENTS[target]:
        if _waived(step, progress):
            continue
        found.extend(_pending(step, progress))
    return found


def check(current: Stage, target: Stage, progress: Progress) -> list[Blocker]:
    """Raise :class:`IllegalTransition` for a move outside the table; else the blockers (none going back)."""
    require_legal(current, target)
    if not is_forward(current, target):
        return []
    return blockers(target, progress)


def _waived(step: Step, progress: Progress) -> bool:
    if step is Step.SELF_REVIEW and not progress.self_review_required:
        return True
    stage = OPTIONAL_UNTIL.get(step)
    if stage is None:
        return False
    deadline = progress.deadlines.get(stage)
    return deadline is not None and progress.today > deadline


def _pending(step: Step, progress: Progress) -> list[Blocker]:
    people = progress.people
    if step is Step.PARTICIPANTS:
        return [] if people else [Blocker(step, "考核周期没有参与人 / the cycle has no participants")]
    out: list[Blocker] = []
    for p in people:
        if step is Step.GOALS and p.goal_problem:
            out.append(Blocker(step, f"{p.name}：{p.goal_problem}", p.person_id))
        elif step is Step.ACTUALS and p.missing_actuals:
            zh, en = "、".join(p.missing_actuals), ", ".join(p.missing_actuals)
            out.append(Blocker(step, f"{p.name}：以下指标缺少实际数据 {zh} / actuals missing for {en}", p.person_id))
        elif step is Step.SELF_REVIEW and not p.self_review_submitted:
            out.append(Blocker(step, f"{p.name}：自评未提交 / self review not submitted", p.person_id))
        elif step is Step.MANAGER_REVIEW and not p.manager_review_submitted:
            out.append(Blocker(step, f"{p.name}：上级评价未提交 / manager review not submitted", p.person_id))
        elif step is Step.ACKNOWLEDGEMENT and not p.acknowledged:
            out.append(Blocker(step, f"{p.name}：尚未确认考核结果 / results not yet acknowledged", p.person_id))
    return out
