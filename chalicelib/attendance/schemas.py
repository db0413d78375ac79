"""Input and output models for the working calendar and leave."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field

from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Strict, Version


def _half_steps(value: float) -> float:
    return round(value * 2) / 2


# Leave is taken in days or hours, in half steps; ±366 bounds any one entry.
LeaveAmount = Annotated[float, Field(ge=-366, le=366), AfterValidator(_half_steps)]
DayKindName = Literal["workday", "makeup_workday", "rest_day", "holiday_rest", "statutory_holiday"]


# ---- calendar --------------------------------------------------------------------------------------


class CalendarDay(BaseModel):
    date: date
    kind: DayKindName
    working: bool
    festival: str | None = Field(default=None, description="statutory festival code, e.g. spring_festival")
    note: str = Field(default="", description="the tenant's reason when the day is overridden")
    overridden: bool = False


class CalendarMonth(BaseModel):
    year: int
    month: int
    announced: bool = Field(description="whether the State Council's arrangement for the year is known")
    working_days: int
    days: list[CalendarDay]


class CalendarQuery(Strict):
    year: int = Field(ge=2020, le=2100)
    month: int = Field(ge=1, le=12)


class CalendarOverrideInput(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"date": "2026-12-12", "kind": "makeup_workday", "note": "年终盘点"}]}
    )

    date: date
    kind: DayKindName
    note: str = Field(default="", max_length=200)


class CalendarOverrideClear(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"date": "2026-12-12"}]})

    date: date


# ---- leave types -----------------------------------------------------------------------------------


class LeaveUnit(StrEnum):
    DAY = "day"
    HOUR = "hour"


class LeaveType(BaseModel):
    code: str
    name: dict[str, str] = Field(description='{"zh-CN": ..., "en": ...}')
    unit: LeaveUnit
    paid: bool
    tracked: bool = Field(description="whether a balance is kept (annual leave, 调休) or not (sick leave)")
    advance_allowed: bool = False
    counts: Literal["working_days", "calendar_days"] = "working_days"
    hr_approval_over: float | None = Field(default=None, description="requests longer than this also need HR")
    built_in: bool = True
    version: int = 0


class LeaveTypeCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "birthday",
                    "name_zh": "生日假",
                    "name_en": "Birthday leave",
                    "unit": "day",
                    "paid": True,
                    "tracked": True,
                }
            ]
        }
    )

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,29}$")
    name_zh: str = Field(min_length=1, max_length=30)
    name_en: str = Field(min_length=1, max_length=60)
    unit: LeaveUnit = LeaveUnit.DAY
    paid: bool = True
    tracked: bool = True
    advance_allowed: bool = False
    counts: Literal["working_days", "calendar_days"] = "working_days"
    hr_approval_over: float | None = Field(default=None, ge=0.5, le=366)


class LeaveTypeList(BaseModel):
    items: list[LeaveType]


# ---- balances and the ledger -----------------------------------------------------------------------


class LedgerEntry(BaseModel):
    entry_id: str
    leave_type: str
    kind: Literal["grant", "take", "cancel", "expire", "adjust", "encash"]
    amount: float = Field(description="signed, in the type's unit")
    on: date
    expires: date | None = None
    closes: str | None = None
    request_id: str | None = None
    reason: str = ""
    by_person_id: str = ""


class Balance(BaseModel):
    leave_type: str
    unit: LeaveUnit
    balance: float
    version: int = 0


class Balances(BaseModel):
    person_id: str
    items: list[Balance]


class LedgerPage(Paged):
    items: list[LedgerEntry] = Field(description="newest first")


class LedgerQuery(Strict):
    leave_type: str = Field(default="annual", min_length=1, max_length=30)
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class LedgerInput(Strict):
    """HR grants or adjusts a balance (a reason is required: every balance must be explainable)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "leave_type": "annual",
                    "kind": "grant",
                    "amount": 5,
                    "on": "2026-01-01",
                    "expires": "2028-01-01",
                    "reason": "2026 年年假",
                }
            ]
        }
    )

    leave_type: str = Field(min_length=1, max_length=30)
    kind: Literal["grant", "adjust", "encash"]
    amount: LeaveAmount
    on: date
    expires: date | None = None
    reason: str = Field(min_length=1, max_length=200)


class AnnualGrantInput(Strict):
    """The year's annual leave computed by the law from the person's working time: the start date and
    working years before joining come from the person's file; either field sent overrides the file."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2026,
                    "joined": "2024-03-15",
                    "working_months_before_joining": 110,
                }
            ]
        }
    )

    year: int = Field(ge=2020, le=2100)
    joined: date | None = Field(default=None, description="default: the start date on the person's file")
    working_months_before_joining: int | None = Field(
        default=None, ge=0, le=720, description="default: the file's working years before joining, in months"
    )


# ---- requests --------------------------------------------------------------------------------------


class RequestStatus(StrEnum):
    PENDING = "pending"
    PENDING_HR = "pending_hr"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class LeaveRequestCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "leave_type": "annual",
                    "start": "2026-09-29",
                    "end": "2026-10-09",
                    "reason": "国庆回家",
                }
            ]
        }
    )

    person_id: str | None = Field(default=None, max_length=60, description="HR files for someone else; default: you")
    leave_type: str = Field(min_length=1, max_length=30)
    start: date
    end: date
    start_half: Literal["am", "pm"] = Field(default="am", description="pm: the first day starts at noon")
    end_half: Literal["am", "pm"] = Field(default="pm", description="am: the last day ends at noon")
    hours: float | None = Field(default=None, ge=0.5, le=24 * 31, description="for hour-based types (调休)")
    reason: str = Field(default="", max_length=500)
    idempotency_key: str | None = Field(
        default=None, max_length=60, description="send the same key on a retry: the request is filed once"
    )


class LeaveRequest(BaseModel):
    request_id: str
    person_id: str
    leave_type: str
    start: date
    end: date
    start_half: Literal["am", "pm"] = "am"
    end_half: Literal["am", "pm"] = "pm"
    amount: float = Field(description="working (or calendar) days, or hours, that the request takes")
    unit: LeaveUnit
    reason: str = ""
    status: RequestStatus
    approver_person_id: str | None = Field(default=None, description="who decides first: the manager, or HR")
    decided_by: list[str] = Field(default_factory=list)
    comment: str = ""
    created_at: str
    version: int = 0


class LeaveRequestPage(Paged):
    items: list[LeaveRequest]


class RequestQuery(Strict):
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class Decision(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "approve": True}]})

    version: Version
    approve: bool
    comment: str = Field(default="", max_length=500)


class CancelInput(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1}]})

    version: Version


# ---- overtime --------------------------------------------------------------------------------------


class OvertimeCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"date": "2026-11-07", "hours": 8, "bank": True, "reason": "双十一活动值班"}]}
    )

    date: date
    hours: float = Field(ge=0.5, le=24, description="in half hours")
    bank: bool = Field(default=False, description="take it as 调休 hours instead of pay (rest days only)")
    reason: str = Field(default="", max_length=500)
    idempotency_key: str | None = Field(default=None, max_length=60)


class Overtime(BaseModel):
    overtime_id: str
    person_id: str
    date: date
    day_kind: DayKindName
    hours: float
    multiplier: float = Field(description="1.5 on a working day, 2 on a rest day, 3 on a statutory holiday")
    bank: bool
    reason: str = ""
    status: RequestStatus
    approver_person_id: str | None = None
    decided_by: list[str] = Field(default_factory=list)
    comment: str = ""
    month_hours: float = Field(default=0, description="the person's approved and pending overtime that month")
    over_monthly_cap: bool = Field(default=False, description="past the legal 36 hours a month (a warning)")
    created_at: str
    version: int = 0


class OvertimePage(Paged):
    items: list[Overtime]
