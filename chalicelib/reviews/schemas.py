"""Input and output models for appraisal cycles, actuals, scores, reviews, 360 feedback and calibration."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, field_validator, model_validator

from chalicelib.core.deferred import BaseModel
from chalicelib.core.errors import input_error
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Number, Patch, Strict, Version
from chalicelib.reviews.cycles import Stage
from chalicelib.reviews.periods import PERIOD, PeriodType

EXAMPLE_ID = "01hq3v6x1y2z3a4b5c6d7e8f9g"
MAX_ENTRIES = 20
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000  # rows of one actuals import file
MAX_EXPORT_ROWS = 20_000  # rows (participant x indicator) of one results export
MAX_EXPORT_BYTES = 4_000_000  # file bytes: base64 makes 5.3 MB, under Lambda's 6 MB response
MAX_KEY_LENGTH = 200  # an Idempotency-Key


Share = Annotated[float, Field(ge=0, le=1)]


# ---- settings: rating scale and target distribution ---------------------------------------------


class RatingBand(Strict):
    label: str = Field(min_length=1, max_length=8)
    min_score: float = Field(ge=0, le=1000)


class ReviewSettings(BaseModel):
    scale: list[RatingBand]
    target_distribution: dict[str, float] = Field(description="share of people per rating label, e.g. S: 0.1")
    version: int = 0


class ReviewSettingsUpdate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": 0,
                    "scale": [
                        {"label": "S", "min_score": 110},
                        {"label": "A", "min_score": 95},
                        {"label": "B", "min_score": 80},
                        {"label": "C", "min_score": 60},
                        {"label": "D", "min_score": 0},
                    ],
                    "target_distribution": {"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.15, "D": 0.05},
                }
            ]
        }
    )

    version: int = Field(ge=0, le=2**31 - 1, description="0 when the tenant still uses the defaults")
    scale: list[RatingBand] = Field(min_length=1, max_length=10)
    target_distribution: dict[str, Share] = Field(default_factory=dict, max_length=10)


# ---- cycles -------------------------------------------------------------------------------------


class Participant(BaseModel):
    person_id: str
    name: str
    unit_id: str
    manager_id: str | None = None


MISSED_KEPT = 50  # missed steps kept per stage change: the cycle item must not grow with its participants


class StageChange(BaseModel):
    from_stage: Stage
    to_stage: Stage
    at: str
    by_user_id: str
    missed: list[dict[str, Any]] = Field(
        default_factory=list,
        description="optional steps left undone: "
        '{"field", "code", "message": {"zh-CN", "en"}, "person_id"} '
        f"(the first {MISSED_KEPT}; missed_count says how many in all)",
    )
    missed_count: int = Field(default=0, description="how many optional steps were left undone in all")


class Cycle(BaseModel):
    cycle_id: str
    name: str
    period: str
    period_type: PeriodType
    start: date
    end: date
    unit_id: str = Field(description="the unit whose subtree takes part")
    stage: Stage = Stage.GOAL_SETTING
    deadlines: dict[Stage, date] = Field(default_factory=dict)
    self_review_required: bool = True
    feedback_enabled: bool = False
    excluded_person_ids: list[str] = Field(default_factory=list)
    participants: list[Participant] = Field(
        default_factory=list,
        description="fixed when goals are locked (one result each); filled in by "
        "GET /reviews/cycles/{id} and by advance, not by PATCH (see participant_count)",
    )
    participant_count: int = Field(default=0, description="how many take part (fixed when goals are locked)")
    scale: list[RatingBand]
    target_distribution: dict[str, float] = Field(default_factory=dict)
    history: list[StageChange] = Field(default_factory=list)
    created_at: str = ""
    version: int = 0

    def headcount(self) -> int:
        """How many take part: the stored count, or the list embedded by cycles locked before 2026-12-06."""
        return self.participant_count or len(self.participants)


class CycleSummary(BaseModel):
    cycle_id: str
    name: str
    period: str
    period_type: PeriodType
    unit_id: str
    stage: Stage
    deadlines: dict[Stage, date] = Field(default_factory=dict)
    participants: int
    version: int = 0


class CycleList(Paged):
    items: list[CycleSummary] = Field(description="newest first")


class BlockerOut(BaseModel):
    field: str
    code: str = Field(description="the message's code in the catalog, e.g. blocker.self_review")
    message: dict[str, str] = Field(description='{"zh-CN": ..., "en": ...}')
    person_id: str | None = None


class CycleCounts(BaseModel):
    participants: int = 0
    goals_ready: int = 0
    actuals_complete: int = 0
    self_reviews_submitted: int = 0
    manager_reviews_submitted: int = 0
    acknowledged: int = 0


class CycleDetail(BaseModel):
    cycle: Cycle
    next_stage: Stage | None
    blockers: list[BlockerOut] = Field(description="what keeps the cycle from moving to next_stage")
    counts: CycleCounts


def deadline_problem(deadlines: dict[Stage, date] | None) -> str | None:
    """The message code of what is wrong with stage deadlines, or None."""
    if not deadlines:
        return None
    if Stage.CLOSED in deadlines:
        return "cycle.deadline_for_closed"
    ordered = [deadlines[s] for s in Stage if s in deadlines]
    if ordered != sorted(ordered):
        return "cycle.deadlines_backwards"
    return None


class CycleCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "2026 年第二季度考核",
                    "period": "2026-Q2",
                    "unit_id": EXAMPLE_ID,
                    "deadlines": {
                        "goal_setting": "2026-04-10",
                        "in_progress": "2026-06-30",
                        "self_review": "2026-07-05",
                        "manager_review": "2026-07-10",
                        "calibration": "2026-07-15",
                        "results_published": "2026-07-20",
                    },
                    "feedback_enabled": True,
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=60)
    period: str = Field(pattern=PERIOD, description="2026-03 (month), 2026-Q2, 2026-H1 or 2026 (year)")
    unit_id: str | None = Field(default=None, description="defaults to the whole company")
    deadlines: dict[Stage, date] = Field(default_factory=dict)
    self_review_required: bool = True
    feedback_enabled: bool = False
    excluded_person_ids: list[str] = Field(default_factory=list, max_length=500)

    @field_validator("deadlines")
    @classmethod
    def _deadlines(cls, value: dict[Stage, date]) -> dict[Stage, date]:
        problem = deadline_problem(value)
        if problem:
            raise input_error(problem)
        return value


class CycleUpdate(Patch):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"version": 1, "deadlines": {"self_review": "2026-07-06"}}]}
    )

    version: Version
    name: str | None = Field(default=None, min_length=1, max_length=60)
    deadlines: dict[Stage, date] | None = None
    self_review_required: bool | None = None
    feedback_enabled: bool | None = None
    excluded_person_ids: list[str] | None = Field(default=None, max_length=500)


class CycleAdvance(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "to_stage": "in_progress"}]})

    version: Version
    to_stage: Stage | None = Field(default=None, description="defaults to the next stage")


class CycleQuery(Strict):
    period: str | None = Field(default=None, pattern=PERIOD)
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class PageQuery(Strict):
    """Just a page: ``limit`` and ``cursor`` (lists with no filters)."""

    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class ResultsQuery(Strict):
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


# ---- actuals ------------------------------------------------------------------------------------


class ActualSource(StrEnum):
    MANUAL = "manual"
    IMPORT = "import"
    API = "api"


class ActualEntry(Strict):
    """Measure values of one person's indicator, for the period unit containing ``as_of``."""

    person_id: str = Field(min_length=1)
    indicator_id: str = Field(min_length=1)
    as_of: date | None = Field(
        default=None,
        description="the day the values belong to; defaults to today (or the period's last day once it is over)",
    )
    values: dict[str, Number] = Field(min_length=1, max_length=12, description="measure key -> value")
    note: str = Field(default="", max_length=200)


class ActualsInput(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "period": "2026-Q2",
                    "entries": [
                        {
                            "person_id": EXAMPLE_ID,
                            "indicator_id": "01hq3v6x1y2z3a4b5c6d7e8f9m",
                            "as_of": "2026-04-30",
                            "values": {"converted_customers": 8, "qualified_leads": 100},
                        }
                    ],
                }
            ]
        }
    )

    period: str = Field(pattern=PERIOD)
    entries: list[ActualEntry] = Field(min_length=1, max_length=MAX_ENTRIES)
    source: ActualSource = ActualSource.MANUAL


class ActualsHeaders(BaseModel):
    """Request headers of a push of actuals (read by the handler, listed for OpenAPI)."""

    idempotency_key: str | None = Field(
        default=None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        description="retrying with the same key and body returns the first reply instead of writing again",
    )


class ActualValue(BaseModel):
    person_id: str
    indicator_id: str
    measure: str
    period: str
    unit_index: int = Field(description="day of the month, or month of the period")
    value: float
    revision: int = 1
    entered_by_person_id: str = ""
    entered_by_user_id: str = ""
    entered_at: str = ""
    source: ActualSource = ActualSource.MANUAL
    note: str = ""


class ActualsResult(BaseModel):
    period: str
    written: list[ActualValue]
    unchanged: int = Field(default=0, description="values equal to what was stored (no new revision)")


class ActualsQuery(Strict):
    period: str = Field(pattern=PERIOD)
    person_id: str = Field(min_length=1)
    indicator_id: str | None = None


class ActualsList(BaseModel):
    period: str
    items: list[ActualValue]
    history: list[ActualValue] = Field(description="earlier revisions, newest first")


class DutiesQuery(Strict):
    period: str = Field(pattern=PERIOD)
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


class DutyMeasure(BaseModel):
    key: str
    name: str
    unit: str
    aggregation: str = Field(description="sum | average | last: how the steps make the period value")
    points: dict[str, float] = Field(description="step index -> the value entered so far")


class Duty(BaseModel):
    person_id: str
    person_name: str
    unit_id: str
    unit_name: str
    indicator_id: str
    indicator_name: str
    measures: list[DutyMeasure] = Field(description="only the measures the caller supplies")


class DutyStep(BaseModel):
    index: int
    start: date = Field(description="its first day: send it as an entry's as_of")


class Duties(Paged):
    period: str
    step_unit: str = Field(description="month, or day in a monthly period")
    steps: list[DutyStep]
    current_step: int = Field(description="the step containing today (clamped to the period)")
    items: list[Duty] = Field(description="by unit name, person name, then indicator name")


class ActualsImport(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "period": "2026-Q2",
                    "filename": "actuals.csv",
                    "content_base64": "5bel5Y+3LOaMh+aghyzmjIfmoIfpobks5pWw5YC8LOaXpeacnwo=",
                }
            ]
        }
    )

    period: str = Field(pattern=PERIOD)
    filename: str = Field(min_length=1, max_length=120, description=".csv or .xlsx")
    content_base64: str = Field(
        min_length=1,
        max_length=MAX_IMPORT_BYTES * 4 // 3 + 4,
        description=(
            f"the file, base64: at most {MAX_IMPORT_BYTES // 1024 // 1024} MB of file and {MAX_IMPORT_ROWS:,} rows "
            "(400 naming content_base64 beyond either)"
        ),
    )
    dry_run: bool = False


class ActualsImportResult(BaseModel):
    period: str
    rows: int
    written: int
    unchanged: int
    dry_run: bool


# ---- scores -------------------------------------------------------------------------------------


class MeasureResult(BaseModel):
    key: str
    name: str = ""
    unit: str = "count"
    aggregation: str = Field(description="sum | average | last: how unit values make the period value")
    points: dict[str, float] = Field(
        default_factory=dict,
        description="step index -> value, on a person's result and the unit page (history entries leave them out)",
    )
    value: float | None = None


class IndicatorResult(BaseModel):
    indicator_id: str
    name: str
    formula: str | None = None
    unit: str = "count"
    weight: float
    direction: str
    target: float | None = None
    threshold: float | None = None
    stretch: float | None = None
    band_low: float | None = None
    band_high: float | None = None
    measures: list[MeasureResult] = Field(default_factory=list)
    value: float | None = None
    score: float | None = None
    attainment: float | None = None
    rule: dict[str, str] = Field(default_factory=dict, description="the scoring rule in words (zh-CN, en)")
    explanation: dict[str, str] = Field(default_factory=dict, description="how this score was computed")


class Calibration(BaseModel):
    rating_before: str
    rating: str
    reason: str
    by_person_id: str = ""
    by_user_id: str = ""
    at: str


class PersonResult(BaseModel):
    cycle_id: str
    period: str
    person_id: str
    name: str
    unit_id: str
    unit_path: list[str] = Field(default_factory=list)
    manager_id: str | None = None
    indicators: list[IndicatorResult] = Field(default_factory=list)
    total: float | None = None
    total_explanation: dict[str, str] = Field(default_factory=dict)
    rating: str | None = Field(default=None, description="from the total and the cycle's rating scale")
    final_rating: str | None = Field(default=None, description="the rating after calibration")
    calibration: Calibration | None = None
    version: int = 0


class ResultRow(BaseModel):
    person_id: str
    name: str
    unit_id: str
    manager_id: str | None = None
    total: float | None = None
    rating: str | None = None
    final_rating: str | None = None
    calibrated: bool = False
    scores: dict[str, float | None] = Field(default_factory=dict, description="indicator name -> score")


class ResultsPage(Paged):
    cycle_id: str
    period: str
    stage: Stage
    items: list[ResultRow] = Field(
        description="by person id (sort by total for a ranking; the director dashboard's ranking is sorted)"
    )


class HistoryEntry(BaseModel):
    cycle_id: str
    cycle_name: str
    period: str
    stage: Stage
    total: float | None = None
    final_rating: str | None = None
    indicators: list[IndicatorResult] = Field(default_factory=list)


class History(Paged):
    person_id: str
    items: list[HistoryEntry] = Field(description="oldest period first")


class ExportQuery(Strict):
    format: str = Field(
        default="xlsx",
        pattern=r"^(csv|xlsx)$",
        description=(
            f"csv or xlsx; an export holds at most {MAX_EXPORT_ROWS:,} rows (participant x indicator) and "
            f"{MAX_EXPORT_BYTES:,} bytes of file (413 naming cycle_id beyond either)"
        ),
    )


class ResultsExportFile(BaseModel):
    filename: str
    content_type: str
    content_base64: str


# ---- reviews ------------------------------------------------------------------------------------


class IndicatorCommentIn(Strict):
    indicator_id: str = Field(min_length=1)
    comment: str = Field(min_length=1, max_length=2000)


class ReviewInput(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "comments": [
                        {"indicator_id": "01hq3v6x1y2z3a4b5c6d7e8f9m", "comment": "四月线索不足，五月起已补足"}
                    ],
                    "overall": "本季度转化率略低于目标，已制定改进计划",
                    "submit": True,
                }
            ]
        }
    )

    comments: list[IndicatorCommentIn] = Field(default_factory=list, max_length=30)
    overall: str = Field(default="", max_length=4000)
    rating: str | None = Field(
        default=None,
        min_length=1,
        max_length=8,
        description="the rating the author proposes, one of the cycle's scale labels",
    )
    submit: bool = False


class ReviewKind(StrEnum):
    SELF = "self"
    MANAGER = "manager"


class Review(BaseModel):
    cycle_id: str
    person_id: str
    kind: ReviewKind
    comments: list[IndicatorCommentIn] = Field(default_factory=list)
    overall: str = ""
    rating: str | None = None
    author_person_id: str = ""
    submitted_at: str | None = None
    updated_at: str = ""
    version: int = 0


class PersonCycleView(BaseModel):
    """One person's page in a cycle: scores with their rules, reviews, acknowledgement."""

    cycle_id: str
    stage: Stage
    result: PersonResult
    self_review: Review | None = None
    manager_review: Review | None = None
    acknowledged_at: str | None = None
    appealed: bool = Field(default=False, description="the person answered the results with an appeal")
    acknowledgement_comment: str = Field(default="", description="the comment (or the appeal's reason)")


APPEAL_REASON_MIN = 4


class Acknowledge(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"comment": "已阅"}, {"appeal": True, "comment": "第三季度的线索数据漏录了一个月，请复核"}]
        }
    )

    comment: str = Field(default="", max_length=1000)
    appeal: bool = Field(
        default=False,
        description="appeal the results instead of accepting them; "
        f"the comment is then the reason (at least {APPEAL_REASON_MIN} characters)",
    )

    @model_validator(mode="after")
    def _appeal_has_reason(self) -> Acknowledge:
        if self.appeal and len(self.comment.strip()) < APPEAL_REASON_MIN:
            raise input_error("ack.appeal_reason", min=APPEAL_REASON_MIN)
        return self


# ---- 360 feedback -------------------------------------------------------------------------------


class Relation(StrEnum):
    PEER = "peer"
    REPORT = "report"
    OTHER = "other"


class Rater(Strict):
    person_id: str = Field(min_length=1)
    relation: Relation = Relation.PEER


class FeedbackRequestCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reviewee_id": EXAMPLE_ID,
                    "raters": [{"person_id": "01hq3v6x1y2z3a4b5c6d7e8f9k", "relation": "peer"}],
                }
            ]
        }
    )

    reviewee_id: str = Field(min_length=1)
    raters: list[Rater] = Field(min_length=1, max_length=20)


class FeedbackRequest(BaseModel):
    cycle_id: str
    reviewee_id: str
    reviewee_name: str = ""
    rater_id: str
    relation: Relation


class FeedbackRequestList(Paged):
    items: list[FeedbackRequest] = Field(description="by rater id")


class InboxItem(BaseModel):
    cycle_id: str
    cycle_name: str = ""
    reviewee_id: str
    reviewee_name: str = ""
    relation: Relation
    done: bool


class FeedbackInbox(Paged):
    items: list[InboxItem] = Field(description="by cycle, then reviewee")


class FeedbackInput(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reviewee_id": EXAMPLE_ID,
                    "rating": 4,
                    "strengths": "响应及时，客户沟通耐心",
                    "improvements": "周报可以更早提交",
                }
            ]
        }
    )

    reviewee_id: str = Field(min_length=1)
    rating: int = Field(ge=1, le=5)
    strengths: str = Field(default="", max_length=2000)
    improvements: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _says_something(self) -> FeedbackInput:
        if not self.strengths.strip() and not self.improvements.strip():
            raise input_error("feedback.say_something")
        return self


class FeedbackReceipt(BaseModel):
    status: str = "submitted"


class FeedbackSummary(BaseModel):
    """Only aggregates, and only from MIN_RESPONSES answers on: no answer is ever tied to its author."""

    cycle_id: str
    person_id: str
    responses: int
    shown: bool
    min_responses: int
    average_rating: float | None = None
    rating_counts: dict[str, int] = Field(default_factory=dict)
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    message: dict[str, str] = Field(default_factory=dict)


# ---- calibration --------------------------------------------------------------------------------


class DistributionRow(BaseModel):
    label: str
    count: int
    share: float
    target_share: float | None = None
    target_count: int | None = None
    over: int = 0
    under: int = 0


class UnitDistribution(BaseModel):
    unit_id: str
    unit_name: str = ""
    population: int
    rows: list[DistributionRow]


class CalibrationView(BaseModel):
    cycle_id: str
    stage: Stage
    overall: UnitDistribution
    units: list[UnitDistribution]


class CalibrationQuery(Strict):
    unit_id: str | None = None


class CalibrationAdjust(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": EXAMPLE_ID,
                    "rating": "A",
                    "reason": "季度内承接了跨部门重点项目，指标未能体现",
                    "version": 2,
                }
            ]
        }
    )

    person_id: str = Field(min_length=1)
    rating: str = Field(min_length=1, max_length=8)
    reason: str = Field(min_length=4, max_length=1000)
    version: int = Field(ge=1, le=2**31 - 1, description="the version of the person's result the caller saw")


# ---- forecast -----------------------------------------------------------------------------------


class DriverOut(BaseModel):
    measure: str
    name: str = ""
    reference: float
    current: float
    change_pct: float | None = None
    effect: float


class IndicatorForecast(BaseModel):
    person_id: str
    person_name: str
    indicator_id: str
    indicator_name: str
    target: float | None = None
    current: float | None = Field(default=None, description="value from the actuals so far")
    projected: float | None = None
    projected_score: float | None = None
    at_risk: bool = False
    gap: float | None = None
    message: dict[str, str] = Field(default_factory=dict)
    reference_period: str | None = Field(
        default=None,
        description=(
            "what the drivers compare with: the previous period (2026-Q1), or, when it has no actuals, this "
            "period's first step as if every step had been like it (2026-05, or 2026-05-01 in a monthly cycle)"
        ),
    )
    drivers: list[DriverOut] = Field(default_factory=list, description="measures moving the value, largest first")


class Forecast(BaseModel):
    cycle_id: str
    period: str
    unit_id: str
    elapsed: int
    length: int
    unit: str
    items: list[IndicatorForecast]
    at_risk: int


class ForecastQuery(Strict):
    cycle_id: str | None = None
