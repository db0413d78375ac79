"""Input and output models for strategic goals."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict, Field

from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Patch, Strict, Version

# A year, a half-year or a quarter: 2026, 2026-H1, 2026-Q3.
PERIOD = r"^\d{4}(-(H[12]|Q[1-4]))?$"


class GoalLevel(StrEnum):
    COMPANY = "company"
    UNIT = "unit"
    POSITION = "position"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class GoalCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "period": "2026",
                    "level": "unit",
                    "title": "个人消费贷放款规模达到 50 亿元",
                    "parent_id": "01hq3v6x1y2z3a4b5c6d7e8f9g",
                    "unit_id": "01hq3v6x1y2z3a4b5c6d7e8f9h",
                    "target": "放款额 ≥ 50 亿元",
                    "weight": 40,
                }
            ]
        }
    )

    period: str = Field(pattern=PERIOD, description="2026, 2026-H1 or 2026-Q1")
    level: GoalLevel
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)
    target: str = Field(default="", max_length=200, description="The measurable target, in words")
    weight: int | None = Field(default=None, ge=0, le=100, description="Share of the parent goal, in percent")
    parent_id: str | None = Field(default=None, description="Required for unit and position goals")
    unit_id: str | None = Field(default=None, description="Required for unit goals")
    position_id: str | None = Field(default=None, description="Required for position goals")


class GoalUpdate(Patch):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "title": "放款规模达到 60 亿元"}]})
    CLEARABLE = frozenset({"weight"})

    version: Version
    title: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2000)
    target: str | None = Field(default=None, max_length=200)
    weight: int | None = Field(default=None, ge=0, le=100)
    status: GoalStatus | None = None
    parent_id: str | None = Field(default=None, min_length=1, description="Re-attach under another goal")


class Goal(BaseModel):
    goal_id: str
    period: str
    level: GoalLevel
    title: str
    description: str = ""
    target: str = ""
    weight: int | None = None
    parent_id: str | None = None
    unit_id: str | None = Field(default=None, description="The unit (for position goals: the position's unit)")
    position_id: str | None = None
    status: GoalStatus = GoalStatus.ACTIVE
    version: int = 0


class GoalList(Paged):
    items: list[Goal] = Field(description="in creation order")


class GoalNode(Goal):
    children: list[GoalNode] = Field(default_factory=list)


class GoalTree(BaseModel):
    period: str
    roots: list[GoalNode] = Field(description="Company goals, each with its cascade below it")


class CascadeQuery(Strict):
    period: str | None = Field(default=None, pattern=PERIOD, description="Defaults to the current year")


class PeriodQuery(CascadeQuery):
    level: GoalLevel | None = None
    unit_id: str | None = None
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()
