"""Input and output models for contracts, lifecycle events, assignment history and HR analytics."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import ConfigDict, Field

from chalicelib.core.deferred import BaseModel
from chalicelib.core.paging import Paged, cursor_field, limit_field
from chalicelib.core.schema import Strict
from chalicelib.org.schemas import CODE, EMAIL, Person

ID = "01hq3v6x1y2z3a4b5c6d7e8f9g"


class ContractType(StrEnum):
    FIXED_TERM = "fixed_term"
    OPEN_ENDED = "open_ended"
    PER_TASK = "per_task"
    INTERNSHIP = "internship"
    LABOUR_DISPATCH = "labour_dispatch"


class ContractTerms(Strict):
    type: ContractType
    start_date: date
    end_date: date | None = Field(default=None, description="none for an open-ended contract")
    probation_end: date | None = Field(default=None, description="last day of probation (none: no probation)")
    signed_on: date
    note: str = Field(default="", max_length=500)


class ContractCreate(ContractTerms):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "fixed_term",
                    "start_date": "2026-01-01",
                    "end_date": "2028-12-31",
                    "probation_end": "2026-03-31",
                    "signed_on": "2025-12-28",
                }
            ]
        }
    )

    renews: str | None = Field(default=None, description="the contract this one renews (same person)")


class Contract(BaseModel):
    contract_id: str
    person_id: str
    type: ContractType
    start_date: date
    end_date: date | None = None
    probation_end: date | None = None
    probation_max_months: int = Field(description="the legal bound for this term (0: no probation allowed)")
    signed_on: date
    renews: str | None = None
    open_ended_right: bool = Field(
        default=False,
        description="renews two consecutive fixed-term contracts: the employee may require an open-ended one (art. 14)",
    )
    note: str = ""
    created_at: str
    version: int = 0


class ContractList(Paged):
    items: list[Contract] = Field(description="newest start first")


class ContractsQuery(Strict):
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class EventType(StrEnum):
    HIRE = "hire"  # 入职
    REGULARISE = "regularise"  # 转正
    TRANSFER = "transfer"  # 调岗
    PROMOTION = "promotion"  # 晋升
    SALARY_CHANGE = "salary_change"  # 调薪 (a dated marker; payroll reads it)
    DEPARTURE = "departure"  # 离职
    REHIRE = "rehire"  # 返聘


MOVES = frozenset({EventType.HIRE, EventType.TRANSFER, EventType.PROMOTION, EventType.REHIRE})


class DepartureReason(StrEnum):
    RESIGNATION = "resignation"
    MUTUAL_AGREEMENT = "mutual_agreement"
    DISMISSAL = "dismissal"
    CONTRACT_EXPIRY = "contract_expiry"
    RETIREMENT = "retirement"
    OTHER = "other"


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    APPLIED = "applied"


class EventCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"type": "transfer", "effective_date": "2026-03-01", "unit_id": ID, "note": "调往技术部"}]
        }
    )

    type: EventType
    effective_date: date = Field(description="the day it takes effect; a future day is scheduled")
    unit_id: str | None = Field(default=None, description="hire, transfer, promotion, rehire: the new unit")
    position_id: str | None = None
    manager_id: str | None = None
    reason: DepartureReason | None = Field(default=None, description="departure only")
    last_working_day: date | None = Field(default=None, description="departure only; sign-in ends that day")
    hand_over_to: str | None = Field(
        default=None,
        min_length=1,
        max_length=60,
        description="departure only: who takes over the open tasks (default: the line manager, else the unit's head)",
    )
    note: str = Field(default="", max_length=500)


class Event(BaseModel):
    event_id: str
    person_id: str
    type: EventType
    effective_date: date
    unit_id: str | None = None
    position_id: str | None = None
    manager_id: str | None = None
    reason: DepartureReason | None = None
    last_working_day: date | None = None
    note: str = ""
    status: EventStatus = EventStatus.SCHEDULED
    applied_at: str | None = None
    hand_over_to: str | None = None
    open_task_ids: list[str] = Field(
        default_factory=list, description="departure: the person's open tasks when it took effect"
    )
    handed_over_task_ids: list[str] = Field(
        default_factory=list, description="departure: those reassigned to handed_over_to_id then"
    )
    handed_over_to_id: str | None = Field(default=None, description="departure: who took the tasks over")
    created_at: str
    version: int = 0


class EventList(Paged):
    items: list[Event] = Field(description="newest effective date first")


class EventsQuery(Strict):
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class PeriodStatus(StrEnum):
    EMPLOYED = "employed"
    LEFT = "left"


class Period(BaseModel):
    """Where a person was from ``start`` until the next period starts."""

    person_id: str
    start: date
    unit_id: str
    position_id: str | None = None
    manager_id: str | None = None
    status: PeriodStatus = PeriodStatus.EMPLOYED
    event_id: str
    event_type: EventType
    version: int = 0


class HistoryList(Paged):
    items: list[Period] = Field(description="newest first; with ``on``, only the period covering that day")


class HistoryQuery(Strict):
    on: date | None = Field(default=None, description="the period covering this day only (one Query)")
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class Hire(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "周敏",
                    "email": "zhou.min@example.com",
                    "employee_no": "E00042",
                    "unit_id": ID,
                    "hire_date": "2026-01-05",
                    "invite": False,
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
    hire_date: date
    invite: bool = Field(default=True, description="also send the sign-in invitation")
    locale: str = Field(default="zh-CN", pattern=r"^(zh-CN|en)$")
    contract: ContractTerms | None = None


class HireResult(BaseModel):
    person: Person
    event: Event
    contract: Contract | None = None
    invited: bool


class Handover(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"to": ID}]})

    to: str = Field(min_length=1, max_length=60, description="the person who takes over every open task")


class HandoverResult(BaseModel):
    to: str
    task_ids: list[str] = Field(description="the tasks reassigned by this call")


class DueKind(StrEnum):
    CONTRACT_END = "contract_end"
    PROBATION_END = "probation_end"


class Expiring(BaseModel):
    person_id: str
    person_name: str = ""
    contract_id: str
    kind: DueKind
    date: date
    days_left: int


class ExpiringList(Paged):
    items: list[Expiring] = Field(description="soonest first: contracts ending within 30 days, probation within 14")


class ExpiringQuery(Strict):
    limit: int = limit_field(50, 200)
    cursor: str | None = cursor_field()


class HeadcountQuery(Strict):
    model_config = ConfigDict(populate_by_name=True)

    start: date = Field(alias="from", description="first month (any day of it)")
    end: date = Field(alias="to", description="last month (any day of it); at most 36 months after from")


class MonthRow(BaseModel):
    month: str = Field(description="yyyy-mm")
    headcount: int = Field(description="people employed on the month's last day")
    by_unit: dict[str, int]
    by_type: dict[str, int] = Field(
        description="by the contract type in force on the month's last day (none: no contract on record)"
    )
    joiners: int
    leavers: int
    turnover_rate: float = Field(description="leavers ÷ average of opening and closing headcount, in %")


class Headcount(BaseModel):
    months: list[MonthRow]
    unit_names: dict[str, str] = Field(default_factory=dict, description="unit id -> name, for every by_unit key")
    tenure_bands: dict[str, int] = Field(description="people employed on the last day, by years of service")
    age_bands: dict[str, int] = Field(
        default_factory=dict,
        description="people employed on the last day, by age (<25, 25-29, 30-34, "
        "35-39, 40-49, 50+; unknown: no birth date on file)",
    )
