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
from typing import Any

from chalicelib.core.errors import Detail
from chalicelib.core.messages import Text, text


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
    Stage.CLOSED: (
        Step.PARTICIPANTS,
        Step.GOALS,
        Step.SELF_REVIEW,
        Step.ACTUALS,
        Step.MANAGER_REVIEW,
        Step.ACKNOWLEDGEMENT,
    ),
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
    goal_problem: Text | None = None
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
    message: Text
    person_id: str | None = None

    def detail(self) -> Detail:
        """For a 409's details, rendered in the caller's language."""
        return Detail(self.step.value, self.message, extra={"person_id": self.person_id} if self.person_id else None)

    def out(self) -> dict[str, Any]:
        """For a response or a stored record: ``message`` in both languages."""
        out: dict[str, Any] = {"field": self.step.value, "code": self.message.code, "message": self.message.both()}
        if self.person_id:
            out["person_id"] = self.person_id
        return out


def stage_name(stage: Stage) -> Text:
    return text(f"stage.{stage.value}")


class IllegalTransition(ValueError):
    """The move is not in the transition table; ``reason`` says why."""

    def __init__(self, reason: Text) -> None:
        self.reason = reason
        super().__init__(reason.render("en"))


def is_forward(current: Stage, target: Stage) -> bool:
    return ORDER.index(target) > ORDER.index(current)


def legal(current: Stage, target: Stage) -> bool:
    return target in TRANSITIONS[current]


def next_stage(current: Stage) -> Stage | None:
    forward = [s for s in ORDER if s in TRANSITIONS[current] and is_forward(current, s)]
    return forward[0] if forward else None


def require_legal(current: Stage, target: Stage) -> None:
    """Raise :class:`IllegalTransition` with its reason unless ``current -> target`` is allowed."""
    if legal(current, target):
        return
    if current is Stage.CLOSED:
        reason = text("cycle.closed_final")
    elif current == target:
        reason = text("cycle.already_in", stage=stage_name(target))
    elif is_forward(current, target):
        following = next_stage(current)
        reason = text(
            "cycle.skip",
            current=stage_name(current),
            target=stage_name(target),
            next=stage_name(following) if following else "",
        )
    elif ORDER.index(current) >= ORDER.index(Stage.RESULTS_PUBLISHED):
        reason = text("cycle.no_back_after_results", target=stage_name(target))
    else:
        reason = text("cycle.one_step_back", current=stage_name(current), target=stage_name(target))
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
        return [] if people else [Blocker(step, text("blocker.no_participants"))]
    out: list[Blocker] = []
    for p in people:
        if step is Step.GOALS and p.goal_problem:
            out.append(Blocker(step, text("blocker.goals", name=p.name, problem=p.goal_problem), p.person_id))
        elif step is Step.ACTUALS and p.missing_actuals:
            out.append(
                Blocker(step, text("blocker.actuals", name=p.name, indicators=list(p.missing_actuals)), p.person_id)
            )
        elif step is Step.SELF_REVIEW and not p.self_review_submitted:
            out.append(Blocker(step, text("blocker.self_review", name=p.name), p.person_id))
        elif step is Step.MANAGER_REVIEW and not p.manager_review_submitted:
            out.append(Blocker(step, text("blocker.manager_review", name=p.name), p.person_id))
        elif step is Step.ACKNOWLEDGEMENT and not p.acknowledged:
            out.append(Blocker(step, text("blocker.acknowledgement", name=p.name), p.person_id))
    return out
