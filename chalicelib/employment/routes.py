"""Employment HTTP routes: parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, OVERSEERS, RequestContext
from chalicelib.employment import handover, service
from chalicelib.employment.schemas import (
    Contract,
    ContractCreate,
    ContractList,
    ContractsQuery,
    Event,
    EventCreate,
    EventList,
    EventsQuery,
    ExpiringList,
    ExpiringQuery,
    Handover,
    HandoverResult,
    Headcount,
    HeadcountQuery,
    Hire,
    HireResult,
    HistoryList,
    HistoryQuery,
)

bp = Blueprint(__name__)


@endpoint(
    bp, "/people/{person_id}/contracts", roles=ANYONE, query=ContractsQuery, response=ContractList, tag="employment"
)
def list_contracts(person_id: str, ctx: RequestContext, query: ContractsQuery) -> ContractList:
    """A person's labour contracts, newest first (HR and admins; a person their own)."""
    return service.list_contracts(ctx, person_id, query)


@endpoint(
    bp,
    "/people/{person_id}/contracts",
    "POST",
    roles=HR_ADMIN,
    body=ContractCreate,
    response=Contract,
    status=201,
    tag="employment",
)
def create_contract(person_id: str, ctx: RequestContext, body: ContractCreate) -> Contract:
    """Add a contract or a renewal; probation within the legal bound for the term (400 ``probation_end``)."""
    return service.create_contract(ctx, person_id, body)


@endpoint(bp, "/people/{person_id}/events", roles=ANYONE, query=EventsQuery, response=EventList, tag="employment")
def list_lifecycle_events(person_id: str, ctx: RequestContext, query: EventsQuery) -> EventList:
    """A person's lifecycle events (入职, 转正, 调岗, 晋升, 调薪, 离职, 返聘), newest effective date first."""
    return service.list_events(ctx, person_id, query)


@endpoint(
    bp,
    "/people/{person_id}/events",
    "POST",
    roles=HR_ADMIN,
    body=EventCreate,
    response=Event,
    status=201,
    tag="employment",
)
def record_lifecycle_event(person_id: str, ctx: RequestContext, body: EventCreate) -> Event:
    """Record a lifecycle event: applied now when effective today or earlier, else scheduled for its day."""
    return service.record_event(ctx, person_id, body)


@endpoint(
    bp, "/people/{person_id}/handover", "POST", roles=HR_ADMIN, body=Handover, response=HandoverResult, tag="employment"
)
def hand_over_tasks(person_id: str, ctx: RequestContext, body: Handover) -> HandoverResult:
    """Hand the person's open tasks to someone else (离职交接; audited, the new assignee is told)."""
    return handover.hand_over(ctx, person_id, body)


@endpoint(bp, "/people/{person_id}/history", roles=ANYONE, query=HistoryQuery, response=HistoryList, tag="employment")
def employment_history(person_id: str, ctx: RequestContext, query: HistoryQuery) -> HistoryList:
    """Where the person was (unit, position, manager) period by period; ``on`` gives the one covering a day."""
    return service.history(ctx, person_id, query)


@endpoint(bp, "/hires", "POST", roles=HR_ADMIN, body=Hire, response=HireResult, status=201, tag="employment")
def hire_person(ctx: RequestContext, body: Hire) -> HireResult:
    """Onboarding: create the person, the hire event and first contract, and send the sign-in invitation."""
    return service.hire(ctx, body)


@endpoint(bp, "/expiring", roles=HR_ADMIN, query=ExpiringQuery, response=ExpiringList, tag="employment")
def expiring_contracts(ctx: RequestContext, query: ExpiringQuery) -> ExpiringList:
    """Contracts ending within 30 days and probation ending within 14, soonest first."""
    return service.list_expiring(ctx, query)


@endpoint(bp, "/analytics/headcount", roles=OVERSEERS, query=HeadcountQuery, response=Headcount, tag="employment")
def headcount_analytics(ctx: RequestContext, query: HeadcountQuery) -> Headcount:
    """Headcount by unit and contract type per month, joiners, leavers, turnover, tenure bands (from history)."""
    return service.headcount(ctx, query)
