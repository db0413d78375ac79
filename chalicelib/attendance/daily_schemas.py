"""Stored daily results and month summaries (the shapes behind 我的考勤 and payroll's month read)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from chalicelib.core.deferred import BaseModel

DayStatus = Literal[
    "present",
    "late",
    "left_early",
    "late_and_left_early",
    "short_hours",
    "missing_punch",
    "absent",
    "on_leave",
    "rest",
    "business_trip",
]
# a business-trip day is a day worked (paid as present); see day_extras
WORKED: frozenset[str] = frozenset(
    {"present", "late", "left_early", "late_and_left_early", "short_hours", "missing_punch", "business_trip"}
)


class DayRecord(BaseModel):
    """One person's result for one work date (a night shift's date is the evening it starts)."""

    person_id: str
    date: date
    status: DayStatus
    day_kind: str = Field(description="the calendar's kind of the date (workday, rest_day…)")
    shift_id: str | None = None
    late_minutes: int = 0
    early_minutes: int = 0
    short_minutes: int = Field(default=0, description="flexible hours: minutes short of the total (工时不足)")
    check_in: str | None = Field(default=None, description="local time, ISO")
    check_out: str | None = None
    leave_days: float = Field(default=0, description="approved leave covering this date (0.5 or 1)")
    leave_type: str | None = None
    trip_days: float = Field(default=0, description="an approved business trip covering this date (0.5 or 1)")
    overtime_minutes: int = Field(
        default=0, description="overtime the punches show, in half hours (flagged for a request, never paid as such)"
    )
    overtime_reason: Literal["rest_day", "holiday", "after_shift"] | None = None
    overtime_approved: bool = Field(default=False, description="an approved overtime request covers this date")


class AdjustmentRecord(BaseModel):
    """A late correction's effect on one figure of a locked month, carried to the next open month."""

    month: str = Field(description="the corrected (locked) month, YYYY-MM")
    field: str = Field(description="the figure: absent_days, present_days, leave_days.<type>, overtime_hours.<kind>…")
    delta: str = Field(description="after − before, a decimal as a string (days, hours or a count)")
    was: str = Field(default="0", description="the figure before this correction (as locked, plus earlier corrections)")
    reason: str = ""
    correction_id: str


class MonthRecord(BaseModel):
    """One person's month as stored by a recompute: what payroll reads once the month is computed."""

    person_id: str
    month: str
    scheduled_days: str = Field(description="decimals are kept as strings: exact to the half day")
    present_days: str
    late_count: int
    late_minutes: int
    early_leave_count: int
    absent_days: str
    leave_days: dict[str, str]
    overtime_hours: dict[str, str]
    computed_at: str
    trip_days: str = Field(default="0", description="working days on an approved business trip (counted as present)")
    adjustments: list[AdjustmentRecord] = Field(
        default_factory=list, description="late corrections of earlier locked months carried into this one"
    )


class MonthLock(BaseModel):
    month: str
    locked_by: str
    locked_at: str
    version: int = 0


OvertimeBucket = Literal["workday", "restday", "holiday"]
