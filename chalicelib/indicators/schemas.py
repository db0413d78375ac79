"""Input and output models for indicators (KPIs), indicator sets, templates and performance files.

The KPI object (:class:`Indicator`) is the unit everything else builds on: the review domain
records actuals against ``measures`` (by ``key``) and scores them with ``direction``/``target``/
``threshold``/``stretch``/``band_low``/``band_high``; the dashboards weigh them with ``weight``.

An :class:`IndicatorSet` is what a manager drafts for a position or a list of people for one
period; it moves through ``draft -> in_review -> (returned -> in_review ...) -> approved ->
published`` (see ``workflow.py``). Publishing writes one locked :class:`FileEntry` per assignee
into their performance file (绩效档案), which the employee confirms or questions.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, cast

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict

from chalicelib.core.deferred import BaseModel
from chalicelib.core.errors import input_error
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Number, Patch, Strict, Version
from chalicelib.reviews.periods import PERIOD  # one period grammar everywhere (years 1000-2999)

"""``2026`` (year), ``2026-Q1`` (quarter), ``2026-H1`` (half year) or ``2026-03`` (month)."""
TEMPLATE_CODE = r"^[A-Z][A-Z0-9_]{1,47}$"
MEASURE_KEY = r"^[a-z][a-z0-9_]{0,39}$"

MAX_INDICATORS = 30
MAX_ASSIGNEES = 80  # each assignee gets one file entry in the publishing transaction (limit 100 items)


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    TARGET_BAND = "target_band"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class IndicatorUnit(StrEnum):
    """Same list as the built-in library (``library.UNITS``)."""

    PERCENT = "percent"
    COUNT = "count"
    CNY = "cny"
    CNY_10K = "cny_10k"
    DAYS = "days"
    HOURS = "hours"
    MINUTES = "minutes"
    RATIO = "ratio"
    SCORE = "score"


class SetState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    APPROVED = "approved"
    PUBLISHED = "published"


class Confirmation(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    QUESTIONED = "questioned"


class Severity(StrEnum):
    ERROR = "error"  # blocks approval
    WARNING = "warning"  # shown to HR, who decides


class Localized(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True, extra="forbid")

    zh_cn: str = Field(alias="zh-CN", min_length=1, max_length=500)
    en: str = Field(default="", max_length=500)


# ---- the KPI object ------------------------------------------------------------------------------


class Measure(Strict):
    """A named input of the formula, e.g. ``converted_customers``, with who supplies it."""

    key: str = Field(pattern=MEASURE_KEY)
    name: str = Field(default="", max_length=60)
    unit: IndicatorUnit = IndicatorUnit.COUNT
    data_source_unit_id: str | None = None
    data_owner_person_id: str | None = None


class DataSource(Strict):
    """Where the figures come from: the supplying org unit, the system, and the accountable person."""

    unit_id: str | None = None
    system: str = Field(default="", max_length=60)
    owner_person_id: str | None = None


class IndicatorChange(BaseModel):
    """One entry of an indicator's version history."""

    revision: int
    set_revision: int
    at: str
    by_person_id: str = ""
    fields: list[str] = Field(default_factory=list)


class IndicatorInput(Patch):
    """An indicator as the manager writes it.

    New (no ``indicator_id``): with ``template_code``, the fields not sent come from the template.
    Existing (``indicator_id`` of an indicator in the set): a merge — the fields not sent keep
    their values (a new ``template_code`` first refills them from that template); ``null`` clears
    only the optional figures, the formula and the goal link.
    """

    CLEARABLE = frozenset(
        {
            "indicator_id",
            "template_code",
            "formula",
            "baseline",
            "target",
            "stretch",
            "threshold",
            "band_low",
            "band_high",
            "goal_id",
        }
    )

    indicator_id: str | None = None
    template_code: str | None = Field(default=None, pattern=TEMPLATE_CODE)
    name: str | None = Field(default=None, min_length=1, max_length=60)
    definition: str | None = Field(default=None, max_length=1000)
    formula: str | None = Field(default=None, max_length=500)
    measures: list[Measure] | None = Field(default=None, max_length=12)
    unit: IndicatorUnit | None = None
    data_source: DataSource | None = None
    direction: Direction | None = None
    baseline: Number | None = None
    target: Number | None = None
    stretch: Number | None = None
    threshold: Number | None = None
    band_low: Number | None = None
    band_high: Number | None = None
    weight: float | None = Field(default=None, ge=0, le=100, description="0 when left out of a new indicator")
    frequency: Frequency | None = None
    goal_id: str | None = None


class Indicator(BaseModel):
    """The KPI object: what is measured, how, from where, against which target, for which goal."""

    indicator_id: str
    name: str
    definition: str = ""
    formula: str | None = None
    measures: list[Measure] = Field(default_factory=list)
    unit: IndicatorUnit = IndicatorUnit.COUNT
    data_source: DataSource = Field(default_factory=DataSource)
    direction: Direction = Direction.HIGHER_IS_BETTER
    baseline: float | None = None
    target: float | None = None
    stretch: float | None = None
    threshold: float | None = None
    band_low: float | None = None
    band_high: float | None = None
    weight: float = 0
    frequency: Frequency = Frequency.MONTHLY
    goal_id: str | None = None
    template_code: str | None = None
    revision: int = 1
    history: list[IndicatorChange] = Field(default_factory=list)


# ---- compliance, comments, transitions ----------------------------------------------------------


class Finding(BaseModel):
    """One result of the compliance check; ``indicator_id`` is None for set-level findings (weights)."""

    rule: str = Field(description="measurable | data_source | goal_link | weights | direction | duplicate")
    severity: Severity
    indicator_id: str | None = None
    field: str = ""
    code: str = Field(default="", description="the message's code in the catalog, e.g. finding.no_target")
    message: dict[str, str] = Field(description='{"zh-CN": ..., "en": ...}')

    @field_validator("message", mode="before")
    @classmethod
    def _stored_before_codes(cls, value: Any) -> Any:
        # Sets stored before 2026-12-06 hold one "中文 / English" string; split it once on reading.
        if isinstance(value, str):
            zh, _, en = value.rpartition(" / ") if " / " in value else (value, "", value)
            return {"zh-CN": zh, "en": en}
        return value


class ReviewComment(BaseModel):
    comment_id: str
    indicator_id: str | None = None
    text: str
    by_person_id: str = ""
    by_user_id: str = ""
    at: str
    set_revision: int = 1


class Transition(BaseModel):
    """One step of the workflow: who moved the set from which state to which, when, and why."""

    action: str
    from_state: SetState | None
    to_state: SetState
    by_user_id: str
    by_person_id: str = ""
    at: str
    comment: str = ""
    set_revision: int = 1


class Question(BaseModel):
    """An employee's question about their published indicators; goes to the manager and HR."""

    question_id: str
    person_id: str
    indicator_id: str | None = None
    text: str
    at: str
    set_revision: int
    answer: str | None = None
    answered_by_person_id: str | None = None
    answered_at: str | None = None


class AssigneeStatus(BaseModel):
    """How one assignee stands with the latest published revision (filled when a set is read)."""

    person_id: str
    revision: int
    confirmation: Confirmation
    confirmed_at: str | None = None


class IndicatorSet(BaseModel):
    set_id: str
    period: str
    unit_id: str = Field(description="the unit the set belongs to; every assignee is in its subtree")
    position_id: str | None = Field(default=None, description="set for all holders of this position")
    person_ids: list[str] = Field(default_factory=list, description="the assignees (holders or a list)")
    title: str = ""
    state: SetState = SetState.DRAFT
    revision: int = Field(default=1, description="1 until published; each change after publishing adds one")
    published_revision: int = Field(default=0, description="the latest revision in performance files (0: none)")
    indicators: list[Indicator] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    comments: list[ReviewComment] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    history: list[Transition] = Field(default_factory=list)
    assignees: list[AssigneeStatus] = Field(default_factory=list, description="confirmation per person (read only)")
    created_by_person_id: str = ""
    created_at: str = ""
    updated_at: str = ""
    version: int = 0

    @property
    def total_weight(self) -> float:
        return round(sum(i.weight for i in self.indicators), 6)


class IndicatorSetSummary(BaseModel):
    set_id: str
    period: str
    unit_id: str
    position_id: str | None = None
    person_ids: list[str]
    title: str = ""
    state: SetState
    revision: int
    published_revision: int = 0
    indicator_count: int
    total_weight: float
    blocking_findings: int
    open_questions: int
    updated_at: str = ""
    version: int = 0


class IndicatorSetList(Paged):
    items: list[IndicatorSetSummary] = Field(description="newest first")


class SetVersion(BaseModel):
    """A published revision of a set, kept as it was when approved (the locked version)."""

    set_id: str
    revision: int
    period: str
    indicators: list[Indicator]
    person_ids: list[str]
    approved_by_person_id: str = ""
    approved_at: str


class SetVersionList(Paged):
    items: list[SetVersion] = Field(description="oldest revision first")


class VersionsQuery(Strict):
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


# ---- set bodies ---------------------------------------------------------------------------------

_SET_EXAMPLE: dict[str, Any] = {
    "period": "2026",
    "unit_id": "01hq3v6x1y2z3a4b5c6d7e8f9g",
    "position_id": "01hq3v6x1y2z3a4b5c6d7e8f9h",
    "title": "客户经理 2026 年度指标",
    "indicators": [
        {
            "template_code": "SALES_CONVERSION_RATE",
            "name": "客户转化率",
            "formula": "converted_customers / qualified_leads * 100",
            "measures": [
                {"key": "converted_customers", "name": "转化客户数", "unit": "count"},
                {"key": "qualified_leads", "name": "有效线索客户数", "unit": "count"},
            ],
            "unit": "percent",
            "direction": "higher_is_better",
            "target": 10,
            "threshold": 6,
            "stretch": 12,
            "weight": 100,
        }
    ],
}


class SetCreate(Strict):
    """Draft a set for a position (all its holders) or for a list of people in one unit's subtree."""

    model_config = ConfigDict(json_schema_extra={"examples": [cast(JsonDict, _SET_EXAMPLE)]})

    period: str = Field(pattern=PERIOD)
    unit_id: str | None = Field(default=None, description="defaults to the position's or the person's unit")
    position_id: str | None = None
    person_ids: list[str] = Field(default_factory=list, max_length=MAX_ASSIGNEES)
    title: str = Field(default="", max_length=80)
    indicators: list[IndicatorInput] = Field(default_factory=list, max_length=MAX_INDICATORS)

    @model_validator(mode="after")
    def _target(self) -> SetCreate:
        if not self.position_id and not self.person_ids:
            raise input_error("set.position_or_people")
        return self


class SetUpdate(Patch):
    """Change a draft or returned set. ``indicators`` is the new list: indicators left out are removed,
    the ones sent with their ``indicator_id`` are merged (see IndicatorInput)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"version": 1, "title": "客户经理 2026 年度指标（修订）"}]}
    )

    version: Version
    title: str | None = Field(default=None, max_length=80)
    indicators: list[IndicatorInput] | None = Field(default=None, max_length=MAX_INDICATORS)


class SetCheck(Strict):
    """The compliance check on a draft as it is on the screen, before it is saved (nothing is written)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"indicators": [{"template_code": "SALES_CONVERSION_RATE", "target": 10, "weight": 100}]}]
        }
    )

    indicators: list[IndicatorInput] | None = Field(
        default=None, max_length=MAX_INDICATORS, description="the unsaved list (as in PATCH); omitted: the saved one"
    )


class SetCheckResult(BaseModel):
    findings: list[Finding]
    indicator_ids: list[str] = Field(
        description="the checked indicators' ids, in the order given "
        "(new ones get a provisional id that findings refer to)"
    )
    blocking: int = Field(
        description="error findings: HR cannot approve while any remain (the drafting screen holds 提交审核 back)"
    )


class SetAssign(Strict):
    """Bulk-assign: the set goes to every holder of the position and/or the listed people."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"version": 1, "person_ids": ["01hq3v6x1y2z3a4b5c6d7e8f9k"]}]}
    )

    version: Version
    position_id: str | None = None
    person_ids: list[str] = Field(default_factory=list, max_length=MAX_ASSIGNEES)
    replace: bool = Field(default=False, description="replace the assignees instead of adding to them")


class SetAction(Strict):
    """Submit, approve, withdraw or revise: the version the caller saw and an optional comment."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 2, "comment": "请审核"}]})

    version: Version
    comment: str = Field(default="", max_length=1000)


class IndicatorComment(Strict):
    indicator_id: str
    comment: str = Field(min_length=1, max_length=1000)


class SetReturn(Strict):
    """HR returns the set to the manager, with comments per indicator and/or overall."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": 2,
                    "comment": "请补充数据来源",
                    "indicator_comments": [
                        {"indicator_id": "01hq3v6x1y2z3a4b5c6d7e8f9m", "comment": "缺少数据来源和责任人"}
                    ],
                }
            ]
        }
    )

    version: Version
    comment: str = Field(default="", max_length=1000)
    indicator_comments: list[IndicatorComment] = Field(default_factory=list, max_length=MAX_INDICATORS)

    @model_validator(mode="after")
    def _says_why(self) -> SetReturn:
        if not self.comment and not self.indicator_comments:
            raise input_error("set.say_why")
        return self


class QuestionAnswer(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"version": 3, "question_id": "01hq3v6x1y2z3a4b5c6d7e8f9n", "answer": "线索以 CRM 中“有效”标记为准"}
            ]
        }
    )

    version: Version
    question_id: str
    answer: str = Field(min_length=1, max_length=1000)


# ---- performance file ----------------------------------------------------------------------------


class FileEntry(BaseModel):
    """One locked version of a person's indicators in their performance file (绩效档案)."""

    person_id: str
    set_id: str
    period: str
    revision: int
    unit_id: str
    position_id: str | None = None
    indicators: list[Indicator]
    published_at: str
    published_by_person_id: str = ""
    confirmation: Confirmation = Confirmation.PENDING
    confirmed_at: str | None = None
    question_ids: list[str] = Field(default_factory=list)
    superseded: bool = Field(default=False, description="a newer revision of the same set was published")
    locked: bool = True
    version: int = 0


class FileEntryList(Paged):
    items: list[FileEntry] = Field(description="newest period first, then newest publication first")


class FileQuery(Strict):
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class ConfirmBody(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"revision": 1, "comment": "已阅，确认"}]})

    revision: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="the revision the employee read (checked if given)"
    )
    comment: str = Field(default="", max_length=1000)


class QuestionBody(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "有效线索的口径是什么？"}]})

    text: str = Field(min_length=1, max_length=1000)
    indicator_id: str | None = None
    revision: int | None = Field(default=None, ge=1, le=2**31 - 1)


# ---- templates ----------------------------------------------------------------------------------


class TemplateMeasure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=MEASURE_KEY)
    name: Localized
    unit: IndicatorUnit = IndicatorUnit.COUNT


class SuggestedSource(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit: Localized | None = None
    system: Localized | None = None


class Band(BaseModel):
    model_config = ConfigDict(extra="forbid")

    low: Number
    high: Number


class Template(BaseModel):
    """A library template: built-in (shipped with the product) or the tenant's own (versioned)."""

    code: str
    source: str = Field(description="builtin | tenant")
    industry: str = ""
    category: str
    name: Localized
    definition: Localized
    formula: str
    measures: list[TemplateMeasure]
    unit: IndicatorUnit
    direction: Direction
    suggested_data_source: SuggestedSource = Field(default_factory=SuggestedSource)
    frequency: Frequency = Frequency.MONTHLY
    suggested_target: Number | None = None
    suggested_threshold: Number | None = None
    suggested_band: Band | None = None
    based_on: str | None = Field(default=None, description="the template this one was copied from")
    template_version: int = 1
    updated_at: str = ""
    updated_by_person_id: str = ""
    version: int = 0


class TemplateList(Paged):
    items: list[Template] = Field(
        description="by code: the company's templates and the built-in ones it has not replaced"
    )
    categories: list[str] = Field(default_factory=list, description="every category (on every page)")


class TemplateVersionList(Paged):
    items: list[Template] = Field(description="oldest version first")


class TemplateCreate(Strict):
    """Add a tenant template from scratch, or copy (and adapt) one with ``copy_of``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "ACME_CONVERSION_RATE",
                    "copy_of": "SALES_CONVERSION_RATE",
                    "name": {"zh-CN": "线上客户转化率", "en": "Online customer conversion rate"},
                    "suggested_target": 10,
                }
            ]
        }
    )

    code: str = Field(pattern=TEMPLATE_CODE)
    copy_of: str | None = Field(default=None, pattern=TEMPLATE_CODE)
    category: str | None = None
    name: Localized | None = None
    definition: Localized | None = None
    formula: str | None = Field(default=None, max_length=500)
    measures: list[TemplateMeasure] | None = Field(default=None, max_length=12)
    unit: IndicatorUnit | None = None
    direction: Direction | None = None
    suggested_data_source: SuggestedSource | None = None
    frequency: Frequency | None = None
    suggested_target: Number | None = None
    suggested_threshold: Number | None = None
    suggested_band: Band | None = None


class TemplateUpdate(Patch):
    """Change a tenant template: a new template version is stored, older ones stay readable."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "suggested_target": 12}]})
    CLEARABLE = frozenset({"suggested_data_source", "suggested_target", "suggested_threshold", "suggested_band"})

    version: Version
    category: str | None = None
    name: Localized | None = None
    definition: Localized | None = None
    formula: str | None = Field(default=None, max_length=500)
    measures: list[TemplateMeasure] | None = Field(default=None, max_length=12)
    unit: IndicatorUnit | None = None
    direction: Direction | None = None
    suggested_data_source: SuggestedSource | None = None
    frequency: Frequency | None = None
    suggested_target: Number | None = None
    suggested_threshold: Number | None = None
    suggested_band: Band | None = None


class LibraryQuery(Strict):
    category: str | None = None
    q: str | None = Field(default=None, max_length=40, description="text to find in codes and names")
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


class SetQuery(Strict):
    period: str | None = Field(default=None, pattern=PERIOD)
    state: SetState | None = None
    unit_id: str | None = None
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


# ---- rollout ------------------------------------------------------------------------------------


class RolloutQuery(Strict):
    period: str = Field(pattern=PERIOD)

    @field_validator("period")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


class RolloutCounts(BaseModel):
    not_started: int = 0
    drafting: int = 0
    in_review: int = 0
    returned: int = 0
    approved: int = 0
    confirmed: int = 0
    questioned: int = Field(default=0, description="subset of approved: the employee raised a question")


class RolloutRow(BaseModel):
    unit_id: str
    name: str
    kind: str
    parent_id: str | None
    depth: int
    people: int
    counts: RolloutCounts


class Rollout(BaseModel):
    period: str
    items: list[RolloutRow] = Field(description="one row per unit in scope; counts include sub-units")
    totals: RolloutCounts
    people: int
