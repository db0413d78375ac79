"""Attendance HTTP routes (under /attendance): parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.attendance import overtime_requests, service
from chalicelib.attendance.schemas import (
    AnnualGrantInput,
    Balance,
    Balances,
    CalendarDay,
    CalendarMonth,
    CalendarOverrideClear,
    CalendarOverrideInput,
    CalendarQuery,
    CancelInput,
    Decision,
    LeaveRequest,
    LeaveRequestCreate,
    LeaveRequestPage,
    LeaveType,
    LeaveTypeCreate,
    LeaveTypeList,
    LedgerInput,
    LedgerPage,
    LedgerQuery,
    Overtime,
    OvertimeCreate,
    OvertimePage,
    RequestQuery,
)
from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, RequestContext

bp = Blueprint(__name__)
TAG = "attendance"


@endpoint(bp, "/calendar", roles=ANYONE, query=CalendarQuery, response=CalendarMonth, tag=TAG)
def calendar_month(ctx: RequestContext, query: CalendarQuery) -> CalendarMonth:
    """A month of the company's working calendar: China's holidays and make-up days, and the company's own."""
    return service.month(ctx, query)


@endpoint(bp, "/calendar/overrides", "PUT", roles=HR_ADMIN, body=CalendarOverrideInput, response=CalendarDay,
          tag=TAG)
def set_calendar_override(ctx: RequestContext, body: CalendarOverrideInput) -> CalendarDay:
    """Decide one date for the company (a day off, a Saturday worked, a late announcement)."""
    return service.set_override(ctx, body)


@endpoint(bp, "/calendar/overrides", "DELETE", roles=HR_ADMIN, body=CalendarOverrideClear, status=204, tag=TAG)
def clear_calendar_override(ctx: RequestContext, body: CalendarOverrideClear) -> None:
    """Return a date to the national calendar."""
    service.clear_override(ctx, body)


@endpoint(bp, "/leave-types", roles=ANYONE, response=LeaveTypeList, tag=TAG)
def list_leave_types(ctx: RequestContext) -> LeaveTypeList:
    """The leave types: the built-in ones and the company's own."""
    return service.leave_types(ctx)


@endpoint(bp, "/leave-types", "POST", roles=HR_ADMIN, body=LeaveTypeCreate, response=LeaveType, status=201, tag=TAG)
def create_leave_type(ctx: RequestContext, body: LeaveTypeCreate) -> LeaveType:
    """Add a company leave type (生日假…)."""
    return service.create_leave_type(ctx, body)


@endpoint(bp, "/people/{person_id}/balances", roles=ANYONE, response=Balances, tag=TAG)
def person_balances(person_id: str, ctx: RequestContext) -> Balances:
    """A person's leave balances (the person, their managers and HR)."""
    return service.balances(ctx, person_id)


@endpoint(bp, "/people/{person_id}/ledger", roles=ANYONE, query=LedgerQuery, response=LedgerPage, tag=TAG)
def person_ledger(person_id: str, ctx: RequestContext, query: LedgerQuery) -> LedgerPage:
    """Every entry behind a balance, newest first."""
    return service.ledger_page(ctx, person_id, query)


@endpoint(bp, "/people/{person_id}/ledger", "POST", roles=HR_ADMIN, body=LedgerInput, response=Balance, status=201,
          tag=TAG)
def post_ledger_entry(person_id: str, ctx: RequestContext, body: LedgerInput) -> Balance:
    """Grant, adjust or encash leave, with a reason."""
    return service.post_entry(ctx, person_id, body)


@endpoint(bp, "/people/{person_id}/annual-leave", "POST", roles=HR_ADMIN, body=AnnualGrantInput, response=Balance,
          status=201, tag=TAG)
def grant_annual_leave(person_id: str, ctx: RequestContext, body: AnnualGrantInput) -> Balance:
    """Grant the year's annual leave as the law computes it from the person's working time."""
    return service.grant_annual(ctx, person_id, body)


@endpoint(bp, "/people/{person_id}/leave-requests", roles=ANYONE, query=RequestQuery, response=LeaveRequestPage,
          tag=TAG)
def person_leave_requests(person_id: str, ctx: RequestContext, query: RequestQuery) -> LeaveRequestPage:
    """A person's leave requests, newest first."""
    return service.person_requests(ctx, person_id, query)


@endpoint(bp, "/leave-requests", "POST", roles=ANYONE, body=LeaveRequestCreate, response=LeaveRequest, status=201,
          tag=TAG)
def file_leave_request(ctx: RequestContext, body: LeaveRequestCreate) -> LeaveRequest:
    """Ask for leave (HR may file for someone); a retry with the same idempotency key files it once."""
    return service.file_request(ctx, body)


@endpoint(bp, "/leave-requests/queue", roles=ANYONE, query=RequestQuery, response=LeaveRequestPage, tag=TAG)
def leave_queue(ctx: RequestContext, query: RequestQuery) -> LeaveRequestPage:
    """Requests waiting for your decision (HR: the HR queue)."""
    return service.my_queue(ctx, query)


@endpoint(bp, "/leave-requests/{request_id}", roles=ANYONE, response=LeaveRequest, tag=TAG)
def get_leave_request(request_id: str, ctx: RequestContext) -> LeaveRequest:
    """One leave request."""
    return service.get_request(ctx, request_id)


@endpoint(bp, "/leave-requests/{request_id}/decision", "POST", roles=ANYONE, body=Decision, response=LeaveRequest,
          tag=TAG)
def decide_leave_request(request_id: str, ctx: RequestContext, body: Decision) -> LeaveRequest:
    """Approve or reject (the manager, then HR for long leave)."""
    return service.decide(ctx, request_id, body)


@endpoint(bp, "/leave-requests/{request_id}/cancel", "POST", roles=ANYONE, body=CancelInput, response=LeaveRequest,
          tag=TAG)
def cancel_leave_request(request_id: str, ctx: RequestContext, body: CancelInput) -> LeaveRequest:
    """Withdraw a request; approved leave gives its days back."""
    return service.cancel(ctx, request_id, body)


@endpoint(bp, "/overtime", "POST", roles=ANYONE, body=OvertimeCreate, response=Overtime, status=201, tag=TAG)
def file_overtime(ctx: RequestContext, body: OvertimeCreate) -> Overtime:
    """Record overtime for a day (paid by the day's kind, or banked as 调休 on a rest day)."""
    return overtime_requests.file(ctx, body)


@endpoint(bp, "/overtime/queue", roles=ANYONE, query=RequestQuery, response=OvertimePage, tag=TAG)
def overtime_queue(ctx: RequestContext, query: RequestQuery) -> OvertimePage:
    """Overtime waiting for your decision (HR: the HR queue)."""
    return overtime_requests.queue(ctx, query)


@endpoint(bp, "/overtime/{overtime_id}/decision", "POST", roles=ANYONE, body=Decision, response=Overtime, tag=TAG)
def decide_overtime(overtime_id: str, ctx: RequestContext, body: Decision) -> Overtime:
    """Approve or reject overtime; banked hours reach the 调休 balance with the approval."""
    return overtime_requests.decide(ctx, overtime_id, body)


@endpoint(bp, "/people/{person_id}/overtime", roles=ANYONE, query=RequestQuery, response=OvertimePage, tag=TAG)
def person_overtime(person_id: str, ctx: RequestContext, query: RequestQuery) -> OvertimePage:
    """A person's overtime, newest first."""
    return overtime_requests.person_page(ctx, person_id, query)
