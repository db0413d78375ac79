"""Input and output models for business trips (出差) and the attendance settings."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from chalicelib.attendance.schemas import RequestStatus
from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import Paged
from chalicelib.core.schema import Patch, Strict


class TripCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "start": "2026-12-14",
                    "end": "2026-12-16",
                    "end_half": "am",
                    "destination": "深圳",
                    "reason": "客户现场实施",
                }
            ]
        }
    )

    start: date
    end: date
    start_half: Literal["am", "pm"] = Field(default="am", description="pm: the trip starts at noon")
    end_half: Literal["am", "pm"] = Field(default="pm", description="am: the trip ends at noon")
    destination: str = Field(min_length=1, max_length=100)
    reason: str = Field(default="", max_length=500)
    idempotency_key: str | None = Field(
        default=None, max_length=60, description="send the same key on a retry: the trip is filed once"
    )


class Trip(BaseModel):
    trip_id: str
    person_id: str
    start: date
    end: date
    start_half: Literal["am", "pm"] = "am"
    end_half: Literal["am", "pm"] = "pm"
    days: float = Field(description="working days the trip covers (half days at its ends)")
    destination: str
    reason: str = ""
    status: RequestStatus
    approver_person_id: str | None = Field(default=None, description="who decides: the manager, or HR")
    decided_by: list[str] = Field(default_factory=list)
    comment: str = ""
    created_at: str
    version: int = 0


class TripPage(Paged):
    items: list[Trip]


class AttendanceSettings(BaseModel):
    overtime_threshold_minutes: int = Field(
        default=60, description="a check-out this long after the shift's end is flagged as overtime to ask for"
    )
    version: int = 0


class AttendanceSettingsInput(Patch):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 0, "overtime_threshold_minutes": 90}]})

    version: int = Field(ge=0, le=2**31 - 1, description="the version you read (0: never set; 409 when stale)")
    overtime_threshold_minutes: int | None = Field(default=None, ge=30, le=600)
