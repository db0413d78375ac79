"""Dashboard read models."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from chalicelib.core import clock
from chalicelib.indicators.schemas import PERIOD, RolloutCounts


def _this_year() -> str:
    return str(clock.today().year)


class PeriodQuery(BaseModel):
    period: str = Field(default_factory=_this_year, pattern=PERIOD, description="e.g. 2026, 2026-Q1, 2026-03")


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


class HrDashboard(BaseModel):
    period: str
    queue: list[QueueItem]
    returned: list[QueueItem]
    questions: list[RaisedQuestion]
    overdue_tasks: list[OverdueTask]
    mail_events: list[dict[str, object]]
