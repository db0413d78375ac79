"""Input and output models for org units, positions and people."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict, Field, field_validator

from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Patch, Strict, Version

CODE = r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class UnitKind(StrEnum):
    COMPANY = "company"
    DEPARTMENT = "department"
    TEAM = "team"


class UnitStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class UnitCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"code": "SALES", "name": "销售部", "parent_id": "01hq3v6x1y2z3a4b5c6d7e8f9g", "kind": "department"}
            ]
        }
    )

    code: str = Field(pattern=CODE, description="Short unique code, e.g. SALES")
    name: str = Field(min_length=1, max_length=60)
    parent_id: str = Field(min_length=1)
    kind: UnitKind = UnitKind.DEPARTMENT
    head_person_id: str | None = None


class UnitUpdate(Patch):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "name": "销售一部"}]})
    CLEARABLE = frozenset({"head_person_id"})

    version: Version
    name: str | None = Field(default=None, min_length=1, max_length=60)
    kind: UnitKind | None = None
    head_person_id: str | None = None


class UnitMove(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"version": 1, "new_parent_id": "01hq3v6x1y2z3a4b5c6d7e8f9g"}]}
    )

    version: Version
    new_parent_id: str = Field(min_length=1)


class VersionOnly(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1}]})

    version: Version


class Unit(BaseModel):
    unit_id: str
    code: str
    name: str
    parent_id: str | None
    path: list[str] = Field(description="unit ids from the company root down to this unit")
    kind: UnitKind
    head_person_id: str | None = None
    status: UnitStatus = UnitStatus.ACTIVE
    version: int = 0


class JobDescription(Strict):
    purpose: str = Field(default="", max_length=1000)
    duties: list[str] = Field(default_factory=list, max_length=40)
    qualifications: list[str] = Field(default_factory=list, max_length=40)


class PositionCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "SALES_REP",
                    "title": "客户经理",
                    "unit_id": "01hq3v6x1y2z3a4b5c6d7e8f9g",
                    "headcount": 8,
                    "job_description": {
                        "purpose": "开发并维护个人客户",
                        "duties": ["完成月度放款目标"],
                        "qualifications": ["本科及以上"],
                    },
                }
            ]
        }
    )

    code: str = Field(pattern=CODE)
    title: str = Field(min_length=1, max_length=60)
    unit_id: str = Field(min_length=1)
    headcount: int = Field(default=1, ge=0, le=10000)
    job_description: JobDescription = Field(default_factory=JobDescription)


class PositionUpdate(Patch):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "headcount": 10}]})

    version: Version
    title: str | None = Field(default=None, min_length=1, max_length=60)
    headcount: int | None = Field(default=None, ge=0, le=10000)
    job_description: JobDescription | None = None


class Position(BaseModel):
    position_id: str
    code: str
    title: str
    unit_id: str
    headcount: int
    job_description: JobDescription
    holder_ids: list[str] = Field(default_factory=list)
    status: UnitStatus = UnitStatus.ACTIVE
    version: int = 0


class PersonStatus(StrEnum):
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    LEFT = "left"


class PersonCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "陈静",
                    "email": "chen.jing@example.com",
                    "employee_no": "E00012",
                    "unit_id": "01hq3v6x1y2z3a4b5c6d7e8f9g",
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=40)
    email: str = Field(pattern=EMAIL, max_length=120)
    employee_no: str = Field(pattern=CODE)
    unit_id: str = Field(min_length=1)
    position_id: str | None = None
    manager_id: str | None = None
    status: PersonStatus = PersonStatus.ACTIVE

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class PersonUpdate(Patch):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "status": "on_leave"}]})
    CLEARABLE = frozenset({"position_id", "manager_id"})

    version: Version
    name: str | None = Field(default=None, min_length=1, max_length=40)
    email: str | None = Field(default=None, pattern=EMAIL, max_length=120)
    unit_id: str | None = None
    position_id: str | None = None
    manager_id: str | None = None
    status: PersonStatus | None = None


class Person(BaseModel):
    """A person as the caller may see them: contact fields are empty unless the caller may see them."""

    person_id: str
    name: str
    email: str | None = None
    employee_no: str | None = None
    unit_id: str
    position_id: str | None = None
    manager_id: str | None = None
    status: PersonStatus = PersonStatus.ACTIVE
    version: int = 0


class UnitList(Paged):
    items: list[Unit] = Field(description="in creation order (ids are time-ordered)")


class PositionList(Paged):
    items: list[Position] = Field(description="in creation order")


class PersonList(Paged):
    items: list[Person] = Field(description="in creation order")


class Subtree(Paged):
    """One page of a unit's subtree in tree order: each unit, then its positions and people, then the units below.
    Merge the pages' lists to get the whole subtree."""

    units: list[Unit]
    positions: list[Position]
    people: list[Person]


class UnitsQuery(Strict):
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


class PositionsQuery(Strict):
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


class PeopleQuery(Strict):
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


class SubtreeQuery(Strict):
    limit: int = limit_field(500, 1000)
    cursor: str | None = cursor_field()
