"""Shapes of a late correction: HR's change to one day of a locked month, carried to the next open month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field

from chalicelib.attendance.daily_schemas import AdjustmentRecord
from chalicelib.core.deferred import BaseModel
from chalicelib.core.schema import Strict

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
LateStatus = Literal["present", "absent", "on_leave"]


class LateCorrectionCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "01J0000000000000000000PERS",
                    "date": "2026-10-15",
                    "status": "on_leave",
                    "leave_type": "sick",
                    "reason": "补交 10 月 15 日病假条",
                }
            ]
        }
    )

    person_id: str = Field(min_length=1, max_length=40)
    date: date
    status: LateStatus | None = Field(
        default=None, description="the day's result after the correction (a whole day); omit to leave it"
    )
    leave_type: str | None = Field(default=None, max_length=40, description="with status on_leave")
    overtime_hours: Decimal | None = Field(
        default=None, ge=0, le=24, decimal_places=1, description="the day's paid overtime after the correction"
    )
    reason: str = Field(min_length=1, max_length=200)


class LateCorrection(BaseModel):
    correction_id: str
    person_id: str
    month: str = Field(description="the corrected (locked) month")
    target_month: str = Field(description="the open month whose summary carries the adjustments")
    date: date
    status: LateStatus | None = None
    leave_type: str | None = None
    overtime_hours: str | None = None
    reason: str
    adjustments: list[AdjustmentRecord]
    created_by: str
    created_at: str
    version: int = 0


class LateCorrectionQuery(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"month": "2026-10"}]})

    month: str = Field(pattern=MONTH, description="the corrected month")


class LateCorrectionList(BaseModel):
    month: str
    items: list[LateCorrection]


class LateCorrectionHeaders(BaseModel):
    """Request headers of a late correction (read by the handler, listed for OpenAPI)."""

    idempotency_key: str | None = Field(
        default=None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="a retry with the same key returns the first correction and writes nothing",
    )
