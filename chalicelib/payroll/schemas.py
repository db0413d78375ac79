"""Input and output models for payroll: settings, city rule sets, pay structures, declarations, runs, payslips.

Money is ``Decimal`` yuan: clients send JSON numbers (or strings) and get strings back ("12000.00"),
so no amount ever passes through a float.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator

from chalicelib.core.deferred import BaseModel
from chalicelib.core.errors import input_error
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Strict, Version

MONTH_PATTERN = r"^(1\d{3}|2\d{3})-(0[1-9]|1[0-2])$"
Month = Annotated[str, Field(pattern=MONTH_PATTERN, description="YYYY-MM", examples=["2026-11"])]


def _fen(value: Decimal) -> Decimal:
    if value != value.quantize(Decimal("0.01")):
        raise input_error("payroll.amount_fen")
    return value.quantize(Decimal("0.01"))


# Amounts in yuan to the fen, within what any one wage line can be.
Money = Annotated[Decimal, Field(ge=0, le=Decimal("100000000")), AfterValidator(_fen)]
SignedMoney = Annotated[Decimal, Field(ge=Decimal("-100000000"), le=Decimal("100000000")), AfterValidator(_fen)]
Rate = Annotated[Decimal, Field(ge=0, le=1, max_digits=8, decimal_places=6)]
Coefficient = Annotated[Decimal, Field(ge=0, le=5, max_digits=6, decimal_places=3)]
Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")]
Name = Annotated[str, Field(min_length=1, max_length=60)]
Fund = Literal["pension", "medical", "unemployment", "injury", "maternity", "housing_fund"]
BasicRule = Literal["months_employed", "first_job_of_year", "low_income_last_year"]
Rounding = Literal["fen_half_up", "yuan_half_up", "yuan_up", "jiao_half_up", "fen_down"]


# ---- tenant settings -------------------------------------------------------------------------------


class FormulaComponent(Strict):
    """A tenant-defined wage line computed from the month's inputs (``chalicelib.payroll.formulas``)."""

    code: Code
    name: Name
    formula: str = Field(
        min_length=1,
        max_length=500,
        description="over base_wage, performance_target, contribution_base, allowance_<code>, "
        "performance_coefficient, late_count, absent_days, present_days, scheduled_days, overtime_hours_<kind>",
        examples=["base_wage / scheduled_days * present_days * 0.1"],
    )
    taxable: bool = True
    kind: Literal["earning", "deduction"] = Field(default="earning", description="a deduction is subtracted")


class SettingsInput(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rating_coefficients": {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.8, "D": 0},
                    "default_coefficient": 1.0,
                    "late_free_count": 0,
                    "late_deduction_each": 50,
                    "unpaid_leave_types": ["personal"],
                    "deduct_absence": True,
                    "formula_components": [
                        {
                            "code": "full_attendance",
                            "name": "全勤奖",
                            "formula": "max(0, 300 - late_count * 100)",
                            "taxable": True,
                            "kind": "earning",
                        }
                    ],
                }
            ]
        }
    )

    rating_coefficients: dict[Annotated[str, Field(min_length=1, max_length=20)], Coefficient] = Field(
        default_factory=dict, max_length=20, description="review rating -> performance-pay coefficient"
    )
    default_coefficient: Coefficient = Field(
        default=Decimal("1"), description="for a person with no rating in the run's cycle (or no cycle chosen)"
    )
    late_free_count: int = Field(default=0, ge=0, le=31, description="late arrivals a month not deducted")
    late_deduction_each: Money = Field(default=Decimal("0"), description="deducted per late arrival past the free ones")
    unpaid_leave_types: list[Code] = Field(
        default_factory=lambda: ["personal"],
        max_length=20,
        description="leave types deducted by the day (daily wage = monthly ÷ 21.75)",
    )
    deduct_absence: bool = Field(default=True, description="deduct absent days (旷工) by the daily wage")
    formula_components: list[FormulaComponent] = Field(
        default_factory=list, max_length=20, description="tenant-defined lines computed by formula, in payslip order"
    )
    version: int = Field(default=0, ge=0, le=2**31 - 1, description="the version you read; 0 for the first save")

    @field_validator("formula_components")
    @classmethod
    def _distinct_components(cls, components: list[FormulaComponent]) -> list[FormulaComponent]:
        if len({c.code for c in components}) != len(components):
            raise input_error("payroll.component_twice")
        return components


class PayrollSettings(SettingsInput):
    model_config = ConfigDict(extra="ignore")
    updated_at: str = ""


# ---- city rule sets (社保/公积金) -------------------------------------------------------------------


class FundRuleInput(Strict):
    fund: Fund
    employee_rate: Rate
    employer_rate: Rate
    base_floor: Money
    base_ceiling: Money
    rounding: Rounding = "fen_half_up"

    @model_validator(mode="after")
    def _range(self) -> FundRuleInput:
        if self.base_floor > self.base_ceiling:
            raise input_error("payroll.contribution_base_range")
        return self


class RuleSetInput(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "city": "北京",
                    "valid_from": "2026-07-01",
                    "valid_to": None,
                    "source": "北京市人力资源和社会保障局 2026 年度社保缴费基数通知（请按官方文件录入）",
                    "funds": [
                        {
                            "fund": "pension",
                            "employee_rate": 0.08,
                            "employer_rate": 0.16,
                            "base_floor": 7162,
                            "base_ceiling": 35811,
                        }
                    ],
                }
            ]
        }
    )

    city: Annotated[str, Field(min_length=1, max_length=30)]
    valid_from: date
    valid_to: date | None = None
    source: Annotated[str, Field(min_length=4, max_length=300, description="the official notice the figures come from")]
    funds: list[FundRuleInput] = Field(min_length=1, max_length=6)

    @field_validator("funds")
    @classmethod
    def _distinct(cls, funds: list[FundRuleInput]) -> list[FundRuleInput]:
        if len({f.fund for f in funds}) != len(funds):
            raise input_error("payroll.fund_twice")
        return funds

    @model_validator(mode="after")
    def _dates(self) -> RuleSetInput:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise input_error("payroll.valid_to_before_from")
        return self


class RuleSet(RuleSetInput):
    model_config = ConfigDict(extra="ignore")
    rule_set_id: str
    created_at: str = ""
    created_by: str = ""
    version: int = 0


class RuleSetList(BaseModel):
    items: list[RuleSet]


# ---- pay structures --------------------------------------------------------------------------------


class Allowance(Strict):
    code: Code
    name: Name
    amount: Money
    taxable: bool = True


class StructureInput(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "base_wage": 12000,
                    "performance_target": 3000,
                    "contribution_base": 15000,
                    "city": "北京",
                    "allowances": [{"code": "meal", "name": "餐补", "amount": 500, "taxable": True}],
                    "basic_rule": "months_employed",
                    "effective_from": "2026-01-01",
                    "version": 0,
                }
            ]
        }
    )

    base_wage: Money = Field(description="monthly base wage (overtime and leave are paid on it)")
    performance_target: Money = Field(default=Decimal("0"), description="performance pay at coefficient 1.0")
    contribution_base: Money = Field(description="declared social-insurance / housing-fund base (clamped by the city)")
    city: Annotated[str, Field(min_length=1, max_length=30)]
    allowances: list[Allowance] = Field(default_factory=list, max_length=20)
    basic_rule: BasicRule = "months_employed"
    annual_bonus_target: Money = Field(default=Decimal("0"), description="year-end bonus at coefficient 1.0")
    bonus_taxation: Literal["separate", "merged"] = Field(
        default="separate", description="the person's choice for the year-end bonus (both taxes are shown)"
    )
    effective_from: date = Field(
        description="the day this pay applies from (a run uses the one in force on the month's last day)"
    )
    event_id: str | None = Field(
        default=None,
        max_length=40,
        description="the lifecycle event (调薪, 调岗, 晋升, 入职…) this pay implements; effective_from is its date",
    )
    version: int = Field(default=0, ge=0, le=2**31 - 1, description="the version you read; 0 when new")

    @field_validator("allowances")
    @classmethod
    def _distinct(cls, allowances: list[Allowance]) -> list[Allowance]:
        if len({a.code for a in allowances}) != len(allowances):
            raise input_error("payroll.allowance_twice")
        return allowances


class PayStructure(StructureInput):
    model_config = ConfigDict(extra="ignore")
    person_id: str
    updated_at: str = ""
    updated_by: str = ""


class PayStructureList(BaseModel):
    items: list[PayStructure] = Field(description="the person's pay history, newest effective date first")


# ---- special additional deductions --------------------------------------------------------------------

Share = Literal["1", "0.5"]


class DeclarationInput(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "children_education": ["1"],
                    "infant_care": [],
                    "elderly_only_child": True,
                    "elderly_sibling_share": 0,
                    "housing": "rent_tier_1",
                    "continuing_education_degree": False,
                    "certificates": [],
                    "version": 0,
                }
            ]
        }
    )

    children_education: list[Share] = Field(default_factory=list, max_length=10, description="the share per child")
    infant_care: list[Share] = Field(default_factory=list, max_length=10)
    elderly_only_child: bool = False
    elderly_sibling_share: Money = Decimal("0")
    housing: Literal["loan", "rent_tier_1", "rent_tier_2", "rent_tier_3"] | None = None
    continuing_education_degree: bool = False
    certificates: list[date] = Field(default_factory=list, max_length=10)
    version: int = Field(default=0, ge=0, le=2**31 - 1)


class Declaration(DeclarationInput):
    model_config = ConfigDict(extra="ignore")
    person_id: str
    monthly_total: Decimal = Field(default=Decimal("0"), description="this month's total, for HR's overview")
    updated_at: str = ""


# ---- runs -----------------------------------------------------------------------------------------


class RunStatus(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    LOCKED = "locked"


class RunCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"month": "2026-11", "review_cycle_id": None}]})

    month: Month
    review_cycle_id: str | None = Field(
        default=None, max_length=40, description="the review cycle whose published ratings set performance pay"
    )
    year_end_bonus: bool = Field(default=False, description="pay each person's year-end bonus in this run")


class StatusChange(BaseModel):
    from_status: RunStatus
    to_status: RunStatus
    at: str
    by_user_id: str


class Totals(BaseModel):
    people: int = 0
    gross: Decimal = Decimal("0")
    employee_contributions: Decimal = Decimal("0")
    employer_contributions: Decimal = Decimal("0")
    tax: Decimal = Decimal("0")
    net: Decimal = Decimal("0")
    anomalies: int = 0


class Run(BaseModel):
    run_id: str
    month: str
    status: RunStatus = RunStatus.DRAFT
    review_cycle_id: str | None = None
    year_end_bonus: bool = False
    prepared_by: str
    created_at: str
    totals: Totals | None = Field(default=None, description="set when reviewed (the sum of the payslips)")
    history: list[StatusChange] = Field(default_factory=list)
    version: int = 0


class RunList(BaseModel):
    items: list[Run]


class StatusInput(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "reviewed", "version": 1}]})

    status: RunStatus
    version: Version


class ComputeInput(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"limit": 500}]})

    limit: int = Field(default=500, ge=1, le=2000, description="people computed by this call at most")


class ComputeResult(BaseModel):
    run_id: str
    computed: int = Field(description="payslips written by this call")
    skipped: int = Field(description="people already computed (a retry recomputes nobody)")
    remaining: int = Field(description="people in scope still to compute: call again while > 0")
    failed: list[dict[str, Any]] = Field(
        default_factory=list, description='{"person_id", "code", "message"} of people not computable'
    )


# ---- payslips -----------------------------------------------------------------------------------------

LineKind = Literal["earning", "deduction", "contribution", "employer_contribution", "tax"]
SourceKind = Literal[
    "structure",
    "attendance",
    "review",
    "settings",
    "table",
    "rule_set",
    "declaration",
    "adjustment",
    "calculation",
    "formula",
]


class Source(BaseModel):
    kind: SourceKind
    ref: str = Field(description="the record: structure version, cycle id, rule set id, table source…")
    detail: str = Field(default="", description="the working, e.g. 6 h × 68.97 × 150%")
    as_of: str | None = Field(default=None, description="the date the rule applied is in force on")
    base: Decimal | None = Field(default=None, description="a contribution's base after the city's floor/ceiling")
    formula: str | None = Field(default=None, description="a formula component's formula as saved in the settings")
    error: str | None = Field(default=None, description="why a formula gave 0.00 here (e.g. division_by_zero)")


class Line(BaseModel):
    code: str
    name: str = ""
    kind: LineKind
    amount: Decimal
    taxable: bool = True
    source: Source


class Payslip(BaseModel):
    run_id: str
    month: str
    person_id: str
    name: str
    lines: list[Line]
    gross: Decimal
    employee_contributions: Decimal
    employer_contributions: Decimal
    additional_deductions: Decimal
    tax: Decimal
    net: Decimal
    net_in_capitals: str
    withholding: dict[str, Any] = Field(description="the cumulative IIT working (累计预扣法)")
    ytd_after: dict[str, Any] = Field(description="year to date after this month (next month starts from it)")
    anomalies: list[str] = Field(default_factory=list)
    bank_account_masked: str = ""
    adjustment_ids: list[str] = Field(default_factory=list)
    computed_at: str = ""
    version: int = 0


class PayslipRow(BaseModel):
    person_id: str
    name: str
    gross: Decimal
    tax: Decimal
    net: Decimal
    anomalies: list[str]


class PayslipPage(Paged):
    items: list[PayslipRow]


class PayslipsQuery(Strict):
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


class MyPayslip(BaseModel):
    run_id: str
    month: str
    gross: Decimal
    net: Decimal
    feedback: Literal["pending", "confirmed", "questioned", "answered"] = "pending"


class MyPayslipList(BaseModel):
    items: list[MyPayslip]


# ---- corrections after a lock ----------------------------------------------------------------------


class AdjustmentInput(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "p1",
                    "month": "2026-10",
                    "amount": 300,
                    "taxable": True,
                    "reason": "10 月加班漏计 4 小时",
                }
            ]
        }
    )

    person_id: Annotated[str, Field(min_length=1, max_length=40)]
    month: Month = Field(description="the locked month being corrected")
    amount: SignedMoney = Field(description="paid more (+) or recovered (−) in the next open month")
    taxable: bool = True
    reason: Annotated[str, Field(min_length=2, max_length=200)]

    @field_validator("amount")
    @classmethod
    def _not_zero(cls, value: Decimal) -> Decimal:
        if value == 0:
            raise input_error("payroll.adjustment_zero")
        return value


class Adjustment(AdjustmentInput):
    model_config = ConfigDict(extra="ignore")
    adjustment_id: str
    status: Literal["pending", "applied"] = "pending"
    applied_run_id: str | None = None
    applied_month: str | None = None
    created_at: str = ""
    created_by: str = ""
    version: int = 0


# ---- exports ------------------------------------------------------------------------------------------


class BankFileQuery(Strict):
    format: Literal["xlsx", "csv"] = "xlsx"
    full: bool = Field(default=False, description="account numbers in full (audited); masked otherwise")


class BankFile(BaseModel):
    filename: str
    content_base64: str
    content_type: str
    rows: int
    total: Decimal


class FormatQuery(Strict):
    format: Literal["xlsx", "csv"] = "xlsx"


class ReportQuery(FormatQuery):
    full: bool = Field(
        default=False, description="identity numbers in full (payroll role only, audited); masked otherwise"
    )


class ReportFile(BaseModel):
    filename: str
    content_base64: str
    content_type: str
    rows: int


# ---- payslip confirmation and questions ---------------------------------------------------------------

FeedbackStatus = Literal["pending", "confirmed", "questioned", "answered"]


class FeedbackEntry(BaseModel):
    kind: Literal["question", "answer"]
    text: str
    at: str
    by_person_id: str = ""


class PayslipFeedback(BaseModel):
    """The employee's word on a payslip: confirmed, or a question and payroll's answers (a short thread)."""

    run_id: str
    month: str
    person_id: str
    name: str = ""
    status: FeedbackStatus = "pending"
    entries: list[FeedbackEntry] = Field(default_factory=list)
    updated_at: str = ""
    version: int = 0


class FeedbackConfirm(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 0}]})

    version: int = Field(default=0, ge=0, le=2**31 - 1, description="the version you read; 0 when new")


class FeedbackText(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "11 月加班费好像少算了 2 小时", "version": 0}]})

    text: str = Field(min_length=1, max_length=1000)
    version: int = Field(default=0, ge=0, le=2**31 - 1, description="the version you read; 0 when new")


class FeedbackList(BaseModel):
    items: list[PayslipFeedback]
    open: int = Field(description="questions waiting for an answer")
