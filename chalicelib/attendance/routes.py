"""Attendance HTTP routes (under /attendance): parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.attendance import closing, corrections, late, overtime_requests, punches, rostering, service, trips
from chalicelib.attendance.clock_schemas import (
    ClockIn,
    Correction,
    CorrectionCreate,
    CorrectionList,
    MonthInput,
    MonthStatus,
    MonthSummaries,
    MonthView,
    Punch,
    PunchHeaders,
    PunchImport,
    PunchImportResult,
    PunchList,
    PunchQuery,
    Recomputed,
    ShiftAssign,
    ShiftAssignment,
    ShiftAssignmentList,
    ShiftCreate,
    ShiftDef,
    ShiftList,
    Site,
    SiteCreate,
    SiteList,
    TeamQuery,
    TeamToday,
    Today,
    UnlockInput,
)
from chalicelib.attendance.late_schemas import (
    LateCorrection,
    LateCorrectionCreate,
    LateCorrectionHeaders,
    LateCorrectionList,
    LateCorrectionQuery,
)
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
from chalicelib.attendance.trip_schemas import (
    AttendanceSettings,
    AttendanceSettingsInput,
    Trip,
    TripCreate,
    TripPage,
)
from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, LEADERS, OVERSEERS, RequestContext

bp = Blueprint(__name__)
TAG = "attendance"


@endpoint(bp, "/calendar", roles=ANYONE, query=CalendarQuery, response=CalendarMonth, tag=TAG)
def calendar_month(ctx: RequestContext, query: CalendarQuery) -> CalendarMonth:
    """A month of the company's working calendar: China's holidays and make-up days, and the company's own."""
    return service.month(ctx, query)


@endpoint(bp, "/calendar/overrides", "PUT", roles=HR_ADMIN, body=CalendarOverrideInput, response=CalendarDay, tag=TAG)
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


@endpoint(
    bp, "/people/{person_id}/ledger", "POST", roles=HR_ADMIN, body=LedgerInput, response=Balance, status=201, tag=TAG
)
def post_ledger_entry(person_id: str, ctx: RequestContext, body: LedgerInput) -> Balance:
    """Grant, adjust or encash leave, with a reason."""
    return service.post_entry(ctx, person_id, body)


@endpoint(
    bp,
    "/people/{person_id}/annual-leave",
    "POST",
    roles=HR_ADMIN,
    body=AnnualGrantInput,
    response=Balance,
    status=201,
    tag=TAG,
)
def grant_annual_leave(person_id: str, ctx: RequestContext, body: AnnualGrantInput) -> Balance:
    """Grant the year's annual leave as the law computes it from the person's working time."""
    return service.grant_annual(ctx, person_id, body)


@endpoint(
    bp, "/people/{person_id}/leave-requests", roles=ANYONE, query=RequestQuery, response=LeaveRequestPage, tag=TAG
)
def person_leave_requests(person_id: str, ctx: RequestContext, query: RequestQuery) -> LeaveRequestPage:
    """A person's leave requests, newest first."""
    return service.person_requests(ctx, person_id, query)


@endpoint(
    bp, "/leave-requests", "POST", roles=ANYONE, body=LeaveRequestCreate, response=LeaveRequest, status=201, tag=TAG
)
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


@endpoint(
    bp, "/leave-requests/{request_id}/decision", "POST", roles=ANYONE, body=Decision, response=LeaveRequest, tag=TAG
)
def decide_leave_request(request_id: str, ctx: RequestContext, body: Decision) -> LeaveRequest:
    """Approve or reject (the manager, then HR for long leave)."""
    return service.decide(ctx, request_id, body)


@endpoint(
    bp, "/leave-requests/{request_id}/cancel", "POST", roles=ANYONE, body=CancelInput, response=LeaveRequest, tag=TAG
)
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


# ---- shifts, sites, punches, 补卡, daily results and the month lock -------------------------------


@endpoint(bp, "/shifts", roles=ANYONE, response=ShiftList, tag=TAG)
def list_shifts(ctx: RequestContext) -> ShiftList:
    """The company's shifts (the built-in 09:00–18:00 first)."""
    return rostering.list_shifts(ctx)


@endpoint(bp, "/shifts", "POST", roles=HR_ADMIN, body=ShiftCreate, response=ShiftDef, status=201, tag=TAG)
def add_shift(ctx: RequestContext, body: ShiftCreate) -> ShiftDef:
    """Define a shift; an end at or before the start crosses midnight (a night shift)."""
    return rostering.add_shift(ctx, body)


@endpoint(bp, "/shift-assignments", roles=HR_ADMIN, response=ShiftAssignmentList, tag=TAG)
def list_shift_assignments(ctx: RequestContext) -> ShiftAssignmentList:
    """Who works which shift, from which date."""
    return rostering.list_assignments(ctx)


@endpoint(bp, "/shift-assignments", "PUT", roles=HR_ADMIN, body=ShiftAssign, response=ShiftAssignment, tag=TAG)
def assign_shift(ctx: RequestContext, body: ShiftAssign) -> ShiftAssignment:
    """Put a person or a unit on a shift from a date."""
    return rostering.assign(ctx, body)


@endpoint(bp, "/sites", roles=ANYONE, response=SiteList, tag=TAG)
def list_sites(ctx: RequestContext) -> SiteList:
    """The offices one may clock in at (geofence and/or office network)."""
    return punches.list_sites(ctx)


@endpoint(bp, "/sites", "POST", roles=HR_ADMIN, body=SiteCreate, response=Site, status=201, tag=TAG)
def add_site(ctx: RequestContext, body: SiteCreate) -> Site:
    """Add an office: a point and a radius, and/or its network ranges."""
    return punches.add_site(ctx, body)


@endpoint(bp, "/punches", "POST", roles=ANYONE, body=ClockIn, response=Punch, headers=PunchHeaders, status=201, tag=TAG)
def clock_in(ctx: RequestContext, body: ClockIn) -> Punch:
    """Clock in or out now (server time). Outside every office, give a reason. A retry with the same
    Idempotency-Key returns the first punch."""
    request = bp.current_request
    ip = (request.context or {}).get("identity", {}).get("sourceIp")
    return punches.clock_in(ctx, body, ip, request.headers.get("idempotency-key"))


@endpoint(
    bp, "/punches/import", "POST", roles=HR_ADMIN, body=PunchImport, response=PunchImportResult, status=201, tag=TAG
)
def import_punches(ctx: RequestContext, body: PunchImport) -> PunchImportResult:
    """Import a device export (employee number + punch time; CSV or .xlsx). Re-running it changes nothing."""
    return punches.import_punches(ctx, body)


@endpoint(bp, "/me/today", roles=ANYONE, response=Today, tag=TAG)
def my_today(ctx: RequestContext) -> Today:
    """Your punches of today, your shift, and the result so far."""
    return punches.today(ctx)


@endpoint(bp, "/people/{person_id}/punches", roles=ANYONE, query=PunchQuery, response=PunchList, tag=TAG)
def person_punches(person_id: str, ctx: RequestContext, query: PunchQuery) -> PunchList:
    """A person's punches of a month (the person, their managers and HR)."""
    return punches.person_punches(ctx, person_id, query)


@endpoint(bp, "/people/{person_id}/month", roles=ANYONE, query=PunchQuery, response=MonthView, tag=TAG)
def person_month(person_id: str, ctx: RequestContext, query: PunchQuery) -> MonthView:
    """A person's daily results and summary of a month."""
    return closing.person_month(ctx, person_id, query)


@endpoint(bp, "/people/{person_id}/corrections", roles=ANYONE, query=PunchQuery, response=CorrectionList, tag=TAG)
def person_corrections(person_id: str, ctx: RequestContext, query: PunchQuery) -> CorrectionList:
    """A person's 补卡 requests of a month."""
    return corrections.person_list(ctx, person_id, query)


@endpoint(bp, "/corrections", "POST", roles=ANYONE, body=CorrectionCreate, response=Correction, status=201, tag=TAG)
def file_correction(ctx: RequestContext, body: CorrectionCreate) -> Correction:
    """Ask for a missed punch to be added (补卡); your manager decides."""
    return corrections.file(ctx, body)


@endpoint(bp, "/corrections/queue", roles=ANYONE, response=CorrectionList, tag=TAG)
def correction_queue(ctx: RequestContext) -> CorrectionList:
    """补卡 requests waiting for your decision (HR: the HR queue)."""
    return corrections.queue(ctx)


@endpoint(bp, "/corrections/{correction_id}", roles=ANYONE, response=Correction, tag=TAG)
def get_correction(correction_id: str, ctx: RequestContext) -> Correction:
    """One 补卡 request."""
    return corrections.get(ctx, correction_id)


@endpoint(
    bp, "/corrections/{correction_id}/decision", "POST", roles=ANYONE, body=Decision, response=Correction, tag=TAG
)
def decide_correction(correction_id: str, ctx: RequestContext, body: Decision) -> Correction:
    """Approve (the punch is added and the day recomputed) or reject."""
    return corrections.decide(ctx, correction_id, body)


@endpoint(bp, "/team/day", roles=LEADERS, query=TeamQuery, response=TeamToday, tag=TAG)
def team_day(ctx: RequestContext, query: TeamQuery) -> TeamToday:
    """Your team's results of a day (today so far by default): a unit head's subtree, HR everyone."""
    return closing.team_day(ctx, query)


@endpoint(bp, "/months/status", roles=ANYONE, query=MonthInput, response=MonthStatus, tag=TAG)
def month_status(ctx: RequestContext, query: MonthInput) -> MonthStatus:
    """Whether a month is locked for payroll."""
    return closing.status(ctx, query)


@endpoint(bp, "/months/summaries", roles=OVERSEERS, query=MonthInput, response=MonthSummaries, tag=TAG)
def month_summaries(ctx: RequestContext, query: MonthInput) -> MonthSummaries:
    """Everyone's month: days due and worked, late, early, absent, leave and paid overtime."""
    return closing.summaries(ctx, query)


@endpoint(bp, "/months/recompute", "POST", roles=HR_ADMIN, body=MonthInput, response=Recomputed, tag=TAG)
def recompute_month(ctx: RequestContext, body: MonthInput) -> Recomputed:
    """Recompute everyone's daily results of an open month (only changed results are written)."""
    return closing.recompute(ctx, body)


@endpoint(bp, "/months/lock", "POST", roles=HR_ADMIN, body=MonthInput, response=MonthStatus, tag=TAG)
def lock_month(ctx: RequestContext, body: MonthInput) -> MonthStatus:
    """Lock a finished month for payroll: results recomputed, summaries frozen, later changes refused."""
    return closing.lock(ctx, body)


@endpoint(bp, "/months/unlock", "POST", roles=HR_ADMIN, body=UnlockInput, response=MonthStatus, tag=TAG)
def unlock_month(ctx: RequestContext, body: UnlockInput) -> MonthStatus:
    """Unlock a month, with a reason (audited)."""
    return closing.unlock(ctx, body)


# ---- business trips and the attendance settings ----------------------------------------------------


@endpoint(bp, "/trips", "POST", roles=ANYONE, body=TripCreate, response=Trip, status=201, tag=TAG)
def file_trip(ctx: RequestContext, body: TripCreate) -> Trip:
    """Ask for a business trip (出差); your manager decides. A retry with the same key files it once."""
    return trips.file(ctx, body)


@endpoint(bp, "/trips/queue", roles=ANYONE, query=RequestQuery, response=TripPage, tag=TAG)
def trip_queue(ctx: RequestContext, query: RequestQuery) -> TripPage:
    """Trips waiting for your decision (HR: the HR queue)."""
    return trips.queue(ctx, query)


@endpoint(bp, "/trips/{trip_id}", roles=ANYONE, response=Trip, tag=TAG)
def get_trip(trip_id: str, ctx: RequestContext) -> Trip:
    """One trip."""
    return trips.get(ctx, trip_id)


@endpoint(bp, "/trips/{trip_id}/decision", "POST", roles=ANYONE, body=Decision, response=Trip, tag=TAG)
def decide_trip(trip_id: str, ctx: RequestContext, body: Decision) -> Trip:
    """Approve (its working days become business-trip days) or reject."""
    return trips.decide(ctx, trip_id, body)


@endpoint(bp, "/trips/{trip_id}/cancel", "POST", roles=ANYONE, body=CancelInput, response=Trip, tag=TAG)
def cancel_trip(trip_id: str, ctx: RequestContext, body: CancelInput) -> Trip:
    """Withdraw a trip; an approved one's days are judged by the shift again."""
    return trips.cancel(ctx, trip_id, body)


@endpoint(bp, "/people/{person_id}/trips", roles=ANYONE, query=RequestQuery, response=TripPage, tag=TAG)
def person_trips(person_id: str, ctx: RequestContext, query: RequestQuery) -> TripPage:
    """A person's trips, latest start first (the person, their managers and HR)."""
    return trips.person_page(ctx, person_id, query)


@endpoint(bp, "/settings", roles=ANYONE, response=AttendanceSettings, tag=TAG)
def attendance_settings(ctx: RequestContext) -> AttendanceSettings:
    """The company's attendance settings (the overtime detection threshold)."""
    return trips.settings(ctx)


@endpoint(bp, "/settings", "PATCH", roles=HR_ADMIN, body=AttendanceSettingsInput, response=AttendanceSettings, tag=TAG)
def update_attendance_settings(ctx: RequestContext, body: AttendanceSettingsInput) -> AttendanceSettings:
    """Change the attendance settings (at the version read; 409 when someone changed them first)."""
    return trips.update_settings(ctx, body)


@endpoint(
    bp,
    "/months/corrections",
    "POST",
    roles=HR_ADMIN,
    body=LateCorrectionCreate,
    response=LateCorrection,
    headers=LateCorrectionHeaders,
    status=201,
    tag=TAG,
)
def late_correction(ctx: RequestContext, body: LateCorrectionCreate) -> LateCorrection:
    """Correct a day of a locked month: the difference is carried to the next open month as adjustments
    (the locked month stays as paid). A retry with the same Idempotency-Key writes nothing twice."""
    return late.create(ctx, body, bp.current_request.headers.get("idempotency-key"))


@endpoint(bp, "/months/corrections", roles=HR_ADMIN, query=LateCorrectionQuery, response=LateCorrectionList, tag=TAG)
def late_corrections(ctx: RequestContext, query: LateCorrectionQuery) -> LateCorrectionList:
    """A locked month's late corrections and the adjustments each carried to the next open month."""
    return late.of_month(ctx, query)
