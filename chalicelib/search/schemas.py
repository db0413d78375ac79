"""Input and output models for global search."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from chalicelib.core.deferred import BaseModel
from chalicelib.core.schema import Strict


class SearchKind(StrEnum):
    PERSON = "person"
    UNIT = "unit"
    INDICATOR_SET = "indicator_set"
    INDICATOR = "indicator"
    TASK = "task"


class SearchQuery(Strict):
    q: str = Field(min_length=1, max_length=50, description="words to find (case and full-width insensitive)")
    limit: int = Field(default=8, ge=1, le=20, description="most hits per kind")


class SearchHit(BaseModel):
    """One object found: enough to show a row and open the object."""

    kind: SearchKind
    id: str = Field(description="person_id, unit_id, set_id, indicator_id or task_id")
    title: str
    subtitle: str = Field(default="", description="the unit a person or set belongs to, a period, a deadline")
    unit_id: str | None = None
    set_id: str | None = Field(default=None, description="an indicator's set")
    period: str | None = None
    state: str | None = Field(default=None, description="a set's or task's state")


class SearchGroup(BaseModel):
    kind: SearchKind
    items: list[SearchHit]
    more: bool = Field(default=False, description="more matched than the limit: refine the words")


class SearchResult(BaseModel):
    q: str
    groups: list[SearchGroup] = Field(description="people, units, sets, indicators, tasks; empty kinds left out")
