"""Dashboard read models."""

from __future__ import annotations

from datetime import date

from pydantic import ConfigDict, Field

from chalicelib.core import clock
from chalicelib.core.deferred import BaseModel
from chalicelib.core.schema import Strict
from chalicelib.employment.schemas import Expiring
from chalicelib.indicators.schemas import PERIOD, RolloutCounts
from chalicelib.reviews.schemas import DriverOut


def _this_year() -> str:
    return str(clock.today().year)


class PeriodQuery(BaseModel):
    period: str = Field(default_factory=_this_year, pattern=PERIOD, description="e.g. 2026, 2026-Q1, 2026-03")


class DeskQuery(BaseModel):
    period: str | None = Field(
        default=None, pattern=PERIOD, description="only this period's sets; every period when omitted"
    )


class DepartmentRollout(BaseModel):
    unit_id: str
    name: str
    people: int
    counts: RolloutCounts
    completion: float = Field(description="share of people whose indicators are approved or confirmed, 0..1")
    late: bool = Field(description="the goal-setting deadline has passed and not everyone is approved")
    due_date: date | None = None
    compliance_problems: int = 0
    score: float | None = Field(default=None, description="average total score in the period's cycle")


class ComplianceProblem(BaseModel):
    unit_id: str
    unit_name: str
    set_id: str
    title: str
    state: str
    blocking_findings: int
    open_questions: int


class CycleProgress(BaseModel):
    cycle_id: str
    name: str
    stage: str
    participants: int
    self_reviews_submitted: int
    manager_reviews_submitted: int
    acknowledged: int
    blockers: int


class RankingRow(BaseModel):
    unit_id: str
    name: str
    score: float
    people: int


class TrendPoint(BaseModel):
    period: str
    cycle_name: str
    average_score: float | None
    average_attainment: float | None = Field(description="mean of actual/target over scored indicators")


class DirectorDashboard(BaseModel):
    period: str
    totals: RolloutCounts
    people: int
    departments: list[DepartmentRollout]
    compliance_problems: list[ComplianceProblem]
    cycle: CycleProgress | None
    ranking: list[RankingRow]
    trend: list[TrendPoint]


class QueueItem(BaseModel):
    set_id: str
    unit_id: str
    unit_name: str
    title: str
    period: str
    state: str
    indicator_count: int
    total_weight: float
    blocking_findings: int
    updated_at: str


class RaisedQuestion(BaseModel):
    set_id: str
    unit_name: str
    question_id: str
    person_id: str
    person_name: str
    indicator_id: str | None
    text: str
    at: str


class OverdueTask(BaseModel):
    task_id: str
    title: str
    assignee_id: str
    assignee_name: str
    due: str


REMINDER_DAYS = 3  # the HR desk lists the reminder deliveries of this many days
REMINDERS_SHOWN = 100  # ...at most this many (the latest days first): the read does not grow with the company
OVERDUE_SHOWN = 100  # the HR desk lists at most this many overdue tasks, the longest overdue first
MAIL_PROBLEMS_SHOWN = 20


class ReminderSent(BaseModel):
    day: date = Field(description="the China day of the reminder run")
    channel: str = Field(description="email (a person's digest) or chat (a unit's group robot)")
    recipient_id: str = Field(description="person id for email, unit id for chat")
    recipient_name: str = Field(description="as of the delivery")
    status: str = Field(description="sent, failed or sending")
    attempts: int
    at: str
    detail: str = ""


class MailProblem(BaseModel):
    at: str
    person_id: str
    person_name: str
    kind: str = Field(description="bounce, complaint or error")
    detail: str


class HrDashboard(BaseModel):
    period: str | None
    queue: list[QueueItem]
    returned: list[QueueItem]
    questions: list[RaisedQuestion]
    overdue_tasks: list[OverdueTask]
    reminders: list[ReminderSent] = Field(
        description=f"the last {REMINDER_DAYS} days' reminder deliveries, newest first"
    )
    mail_problems: list[MailProblem]
    expiring: list[Expiring] = Field(
        default_factory=list,
        description="contracts ending within 30 days and probation ending within 14, soonest first",
    )


# ---- a department head's unit dashboard ----------------------------------------------------------


class UnitQuery(BaseModel):
    cycle_id: str | None = Field(default=None, description="the running cycle when omitted")


class StepValue(BaseModel):
    step: int = Field(description="1-based step of the cycle's period (month of a year, day of a month)")
    start: date = Field(description="the step's first day")
    value: float | None


class UnitForecast(BaseModel):
    projected: float | None
    projected_score: float | None
    at_risk: bool
    gap: float | None
    message: dict[str, str]


class UnitIndicator(BaseModel):
    person_id: str
    person_name: str
    indicator_id: str
    name: str
    value_unit: str = Field(description="percent, count, currency_cny, days, …")
    direction: str
    weight: float
    target: float | None
    band_low: float | None
    band_high: float | None
    actual: float | None = Field(description="the value from the actuals so far")
    score: float | None
    attainment: float | None
    trend: list[StepValue]
    forecast: UnitForecast
    drivers: list[DriverOut] = Field(description="measures moving the value vs the reference, largest first")
    reference_period: str | None = Field(description="what the drivers compare with (see the forecast's field)")


class TeamProgress(BaseModel):
    participants: int
    self_reviews_submitted: int
    manager_reviews_submitted: int
    acknowledged: int


class UnitCycle(BaseModel):
    cycle_id: str
    name: str
    period: str
    stage: str
    elapsed: int
    length: int
    step_unit: str = Field(description="what a step is: month, quarter, …")


class UnitDashboard(BaseModel):
    unit_id: str
    unit_name: str
    cycle: UnitCycle | None = Field(description="None when no cycle is running: nothing is measured yet")
    at_risk: int
    indicators: list[UnitIndicator] = Field(description="at-risk first, then by person and indicator")
    team: TeamProgress | None


# ---- the employee's own progress and the one-tap chase (progressweb) ---------------------------


class MyQuestion(BaseModel):
    """One of my questions about my published indicators, with its answer once given."""

    set_id: str
    question_id: str
    indicator_id: str | None
    text: str
    at: str
    answer: str | None
    answered_at: str | None


class MyProgress(BaseModel):
    person_id: str
    cycle: UnitCycle | None = Field(description="the running cycle I take part in; None when none is running")
    indicators: list[UnitIndicator] = Field(description="my indicators actual vs target, as my manager sees them")
    questions: list[MyQuestion] = Field(description="my questions about my indicators, newest first")


class ChaseBody(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"period": "2026"}]})

    period: str = Field(pattern=PERIOD, description="the period whose indicators are behind")


class ChasedPerson(BaseModel):
    person_id: str
    name: str
    stage: str = Field(description="where the person stands: not_started, drafting, in_review, returned")


class ChaseResult(BaseModel):
    unit_id: str
    period: str
    day: date = Field(description="the China day of the chase: a person is chased at most once a day")
    chased: list[ChasedPerson] = Field(description="reminded now: an inbox item and a line in tomorrow's digest")
    already_chased: list[ChasedPerson] = Field(description="behind, but already chased today: not reminded again")
