"""Input and output models for the responsibility matrix."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field

from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Patch, Strict, Version

_EXAMPLE_PARTY: dict[str, Any] = {"kind": "unit", "id": "01hq3v6x1y2z3a4b5c6d7e8f9g"}


class SubjectKind(StrEnum):
    PROCESS = "process"
    INDICATOR = "indicator"


class PartyKind(StrEnum):
    UNIT = "unit"
    POSITION = "position"
    PERSON = "person"


class Letter(StrEnum):
    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"


class Party(Strict):
    """A unit, a position or a person of the tenant."""

    kind: PartyKind
    id: str = Field(min_length=1, max_length=60)


class Assignment(Strict):
    letter: Letter
    party: Party


class Subject(Strict):
    kind: SubjectKind
    name: str = Field(min_length=1, max_length=120, description="e.g. 贷款审批流程, 逾期率 M1+")
    ref: str | None = Field(
        default=None, max_length=60, description="Optional id of the indicator or process document it is about"
    )


class Authority(Strict):
    """Who drafts the assessment, who reviews it (usually HR), who approves it, whose data feeds it."""

    drafter: Party
    reviewer: Party
    approver: Party
    data_providers: list[Party] = Field(default_factory=list, max_length=20)


class RaciCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject": {"kind": "indicator", "name": "M1+ 逾期率"},
                    "assignments": [
                        {"letter": "A", "party": _EXAMPLE_PARTY},
                        {"letter": "R", "party": {"kind": "position", "id": "01hq3v6x1y2z3a4b5c6d7e8f9h"}},
                    ],
                    "authority": {
                        "drafter": _EXAMPLE_PARTY,
                        "reviewer": {"kind": "unit", "id": "01hq3v6x1y2z3a4b5c6d7e8f9j"},
                        "approver": {"kind": "person", "id": "01hq3v6x1y2z3a4b5c6d7e8f9k"},
                        "data_providers": [_EXAMPLE_PARTY],
                    },
                }
            ]
        }
    )

    subject: Subject
    assignments: list[Assignment] = Field(min_length=1, max_length=40)
    authority: Authority
    note: str = Field(default="", max_length=1000)


class RaciUpdate(Patch):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "note": "2026 年起由风控部负责"}]})

    version: Version
    subject: Subject | None = None
    assignments: list[Assignment] | None = Field(default=None, min_length=1, max_length=40)
    authority: Authority | None = None
    note: str | None = Field(default=None, max_length=1000)


class RaciDelete(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1}]})

    version: Version


class RaciEntry(BaseModel):
    entry_id: str
    subject: Subject
    assignments: list[Assignment]
    authority: Authority
    note: str = ""
    version: int = 0


class RaciList(Paged):
    items: list[RaciEntry] = Field(description="in creation order")


class RaciQuery(Strict):
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


class MatrixColumn(BaseModel):
    kind: PartyKind
    id: str
    name: str = Field(description="Current name of the unit, position title or person (empty if gone)")


class MatrixRow(BaseModel):
    entry_id: str
    subject: Subject
    cells: list[str] = Field(description="Letters per column, in column order: '', 'R', 'A', 'RA'...")


class Matrix(BaseModel):
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
