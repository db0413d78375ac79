"""Input and output models for shifts, sites, punches, 补卡, daily results and the month lock."""

from __future__ import annotations

import base64
from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from chalicelib.attendance.daily_schemas import DayRecord, MonthRecord
from chalicelib.attendance.schemas import RequestStatus
from chalicelib.core.deferred import BaseModel
from chalicelib.core.schema import Strict

ShiftKind = Literal["fixed", "flexible"]
PatternKind = Literal["double", "single", "alternating"]
HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


# ---- shifts ----------------------------------------------------------------------------------------


class ShiftCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"code": "night", "name": "夜班", "start": "22:00", "end": "06:00", "grace_minutes": 5},
                {
                    "code": "flex",
                    "name": "弹性班",
                    "kind": "flexible",
                    "start": "07:00",
                    "end": "22:00",
                    "core_start": "10:00",
                    "core_end": "16:00",
                    "required_minutes": 480,
                    "rest_pattern": "alternating",
                    "rest_anchor": "2026-12-07",
                },
            ]
        }
    )

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,29}$")
    name: str = Field(min_length=1, max_length=30)
    kind: ShiftKind = Field(default="fixed", description="flexible: start/end are the span that counts (弹性工时)")
    start: str = Field(pattern=HHMM, description="local time HH:MM")
    end: str = Field(pattern=HHMM, description="an end at or before the start crosses midnight (a night shift)")
    grace_minutes: int = Field(default=0, ge=0, le=120)
    core_start: str | None = Field(default=None, pattern=HHMM, description="flexible: core hours (must be present)")
    core_end: str | None = Field(default=None, pattern=HHMM)
    required_minutes: int | None = Field(
        default=None, ge=30, le=1440, description="flexible: total between the first and the last punch"
    )
    rest_pattern: PatternKind = Field(default="double", description="双休 double, 单休 single, 大小周 alternating")
    rest_anchor: date | None = Field(default=None, description="alternating: a date in a 大周 (six-day week)")


class ShiftDef(BaseModel):
    code: str
    name: str
    start: str
    end: str
    grace_minutes: int = 0
    kind: ShiftKind = "fixed"
    core_start: str | None = None
    core_end: str | None = None
    required_minutes: int | None = None
    rest_pattern: PatternKind = "double"
    rest_anchor: date | None = None
    built_in: bool = False
    version: int = 0


class ShiftList(BaseModel):
    items: list[ShiftDef]


class ShiftAssign(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "target": "unit",
                    "target_id": "01JUNIT0000000000000000000",
                    "shift": "night",
                    "valid_from": "2026-11-01",
                }
            ]
        }
    )

    target: Literal["person", "unit"]
    target_id: str = Field(min_length=1, max_length=60)
    shift: str = Field(min_length=1, max_length=30)
    valid_from: date


class ShiftAssignment(BaseModel):
    target: Literal["person", "unit"]
    target_id: str
    shift: str
    valid_from: date
    version: int = 0


class ShiftAssignmentList(BaseModel):
    items: list[ShiftAssignment]


# ---- sites -----------------------------------------------------------------------------------------


class SiteCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "上海总部",
                    "latitude": 31.2304,
                    "longitude": 121.4737,
                    "radius_m": 300,
                    "ip_ranges": ["203.0.113.0/24"],
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=60)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    radius_m: int = Field(default=300, ge=20, le=5000)
    ip_ranges: list[str] = Field(default_factory=list, max_length=20, description="CIDR blocks of the office network")


class Site(BaseModel):
    site_id: str
    name: str
    latitude: float | None = None
    longitude: float | None = None
    radius_m: int = 300
    ip_ranges: list[str] = Field(default_factory=list)
    version: int = 0


class SiteList(BaseModel):
    items: list[Site]


# ---- punches ---------------------------------------------------------------------------------------

PunchSource = Literal["mobile", "import", "correction"]


class ClockIn(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"latitude": 31.2305, "longitude": 121.4738, "accuracy_m": 30}]}
    )

    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    accuracy_m: float | None = Field(default=None, ge=0, le=100000)
    reason: str = Field(default="", max_length=200, description="why, when outside every office (required then)")


class Punch(BaseModel):
    person_id: str
    at: str = Field(description="local time (China, UTC+8), ISO to the second")
    source: PunchSource
    site_id: str | None = None
    inside: bool | None = Field(default=None, description="inside an office geofence or network (None: not checked)")
    reason: str = ""
    latitude: float | None = None
    longitude: float | None = None
    ip: str | None = None


class PunchList(BaseModel):
    items: list[Punch]


class PunchImport(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "format": "csv",
                    "content_base64": base64.b64encode("工号,打卡时间\nE00001,2026-11-02 08:58:00\n".encode()).decode(),
                }
            ]
        }
    )

    format: Literal["csv", "xlsx"]
    content_base64: str = Field(min_length=1, max_length=6_000_000)


class PunchImportResult(BaseModel):
    rows: int
    punches: int = Field(description="distinct punches in the file (a re-import writes the same ones again)")
    people: int
    days_recomputed: int


class PunchQuery(Strict):
    month: str | None = Field(default=None, pattern=MONTH, description="YYYY-MM; default: this month")


# ---- 补卡 ------------------------------------------------------------------------------------------


class CorrectionCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"at": "2026-11-03T09:00:00", "reason": "忘记打卡"}]})

    at: str = Field(
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
        description="the local time the punch should have been",
    )
    reason: str = Field(min_length=1, max_length=200)
    idempotency_key: str | None = Field(default=None, max_length=60)


class Correction(BaseModel):
    correction_id: str
    person_id: str
    at: str
    month: str
    reason: str
    status: RequestStatus
    approver_person_id: str | None = None
    decided_by: list[str] = Field(default_factory=list)
    comment: str = ""
    created_at: str
    version: int = 0


class CorrectionList(BaseModel):
    items: list[Correction]


# ---- results and the lock --------------------------------------------------------------------------


class MonthView(BaseModel):
    person_id: str
    month: str
    locked: bool
    days: list[DayRecord]
    summary: MonthRecord
    rest_days: list[date] = Field(
        default_factory=list,
        description="the month's days off for this person: their rest pattern (双休/单休/大小周) and the calendar",
    )


class TeamDay(BaseModel):
    person_id: str
    name: str
    result: DayRecord | None = None


class TeamToday(BaseModel):
    date: date
    items: list[TeamDay]


class TeamQuery(Strict):
    day: date | None = Field(default=None, description="default: today")


class MonthInput(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"month": "2026-10"}]})

    month: str = Field(pattern=MONTH)


class MonthStatus(BaseModel):
    month: str
    locked: bool
    locked_by: str | None = None
    locked_at: str | None = None
    people: int = 0
    days_written: int = 0
    corrections: int = Field(
        default=0,
        description="late corrections of this locked month already carried into a later month (HR and admin "
        "only; 0 for others): relocking after the same change by hand would pay it twice",
    )


class MonthSummaries(BaseModel):
    month: str
    locked: bool
    items: list[MonthRecord]


class Recomputed(BaseModel):
    month: str
    people: int
    days: int
    days_written: int


class UnlockInput(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"month": "2026-10", "reason": "补录 10 月病假"}]})

    month: str = Field(pattern=MONTH)
    reason: str = Field(min_length=1, max_length=200)
    force: bool = Field(
        default=False,
        description="unlock although the month has late corrections (refused with 409 "
        "attendance.unlock_has_corrections otherwise)",
    )


class PunchHeaders(BaseModel):
    """Request headers of a clock-in (read by the handler, listed for OpenAPI)."""

    idempotency_key: str | None = Field(
        default=None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="the phone's id for this tap: a retry with the same key returns the first punch",
    )


class Today(BaseModel):
    date: date
    punches: list[Punch]
    result: DayRecord | None = Field(default=None, description="so far (the day is judged once its shift is over)")
    shift: ShiftDef
