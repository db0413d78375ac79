"""Attendance rules over storage: the tenant's working calendar, leave types, balances and requests.

Who may do what:
- the calendar is read by everyone and overridden by HR;
- a person's balances, ledger and requests are seen by the person, their managers (the heads of
  the units above them) and HR; HR grants and adjusts balances, always with a reason;
- a request goes to the person's manager (or to HR when they have none); a long request of a
  type that says so goes on to HR after the manager; nobody decides their own request;
- approving a tracked type writes the ``take`` entry and the new balance in the same transaction
  as the decision, at the versions read — two approvals racing for the last days: one wins,
  the other is 409, and the balance never goes below zero unless the type allows an advance.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from chalicelib.attendance import approvals, daily, daily_store, ledger, nightly, store
from chalicelib.attendance.annual_leave import days_for_year
from chalicelib.attendance.calendar import WORKING, Calendar, Override
from chalicelib.attendance.clock_schemas import Correction
from chalicelib.attendance.leave_types import built_in
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
    LeaveUnit,
    LedgerEntry,
    LedgerInput,
    LedgerPage,
    LedgerQuery,
    Overtime,
    RequestQuery,
    RequestStatus,
)
from chalicelib.attendance.trip_schemas import Trip
from chalicelib.core import audit, clock
from chalicelib.core.context import HR_ADMIN, RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Forbidden, Invalid, NotFound
from chalicelib.core.ids import new_id
from chalicelib.core.messages import Text, text
from chalicelib.core.paging import page_request
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person

HALF = Decimal("0.5")
OPEN = frozenset({RequestStatus.PENDING, RequestStatus.PENDING_HR})


# ---- calendar -------------------------------------------------------------------------------------


def tenant_calendar(tenant_id: str, start: date, end: date) -> Calendar:
    """The national calendar with the tenant's overrides between ``start`` and ``end``."""
    overrides = {
        date.fromisoformat(o["date"]): Override(date.fromisoformat(o["date"]), o["kind"], o.get("note", ""))  # type: ignore[arg-type]
        for o in store.overrides_between(tenant_id, start, end)
    }
    return Calendar(overrides)


def month(ctx: RequestContext, query: CalendarQuery) -> CalendarMonth:
    start = date(query.year, query.month, 1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    calendar = tenant_calendar(ctx.tenant_id, start, end)
    days = [
        CalendarDay(
            date=day,
            kind=kind,
            working=kind in WORKING,
            festival=calendar.festival(day),
            note=calendar.overrides[day].note if day in calendar.overrides else "",
            overridden=day in calendar.overrides,
        )
        for day, kind in calendar.days(start, end)
    ]
    return CalendarMonth(
        year=query.year,
        month=query.month,
        announced=Calendar.announced(query.year),
        working_days=sum(d.working for d in days),
        days=days,
    )


def set_override(ctx: RequestContext, body: CalendarOverrideInput) -> CalendarDay:
    day = body.date
    before = store.find_override(ctx.tenant_id, day)
    changes = Changes()
    store.put_override(
        changes, ctx.tenant_id, day, body.kind, body.note, version=int(before["version"]) if before else 0
    )
    after = {"date": day.isoformat(), "kind": body.kind, "note": body.note}
    audit.record(changes, ctx, "update" if before else "create", "calendar_day", day.isoformat(), before, after)
    daily_store.commit_unless_locked(changes, ctx.tenant_id, [day.isoformat()[:7]], "date")
    nightly.after_calendar_change(ctx.tenant_id, day)
    return CalendarDay(
        date=day,
        kind=body.kind,
        working=body.kind in WORKING,
        note=body.note,
        overridden=True,
        festival=Calendar().festival(day),
    )


def clear_override(ctx: RequestContext, body: CalendarOverrideClear) -> None:
    day = body.date
    before = store.find_override(ctx.tenant_id, day)
    if before is None:
        raise NotFound("calendar.override_not_found")
    changes = Changes()
    store.delete_override(changes, ctx.tenant_id, day, version=int(before["version"]))
    audit.record(changes, ctx, "delete", "calendar_day", day.isoformat(), before, None)
    daily_store.commit_unless_locked(changes, ctx.tenant_id, [day.isoformat()[:7]], "date")
    nightly.after_calendar_change(ctx.tenant_id, day)


# ---- leave types ----------------------------------------------------------------------------------


def leave_types(ctx: RequestContext) -> LeaveTypeList:
    return LeaveTypeList(items=[*built_in().values(), *store.custom_leave_types(ctx.tenant_id)])


def leave_type(tenant_id: str, code: str, field: str = "leave_type") -> LeaveType:
    if code in built_in():
        return built_in()[code]
    for custom in store.custom_leave_types(tenant_id):
        if custom.code == code:
            return custom
    raise NotFound.field(field, "leave_type.not_found", code=code)


def create_leave_type(ctx: RequestContext, body: LeaveTypeCreate) -> LeaveType:
    if body.code in built_in():
        raise Conflict.field("code", "leave_type.exists", code=body.code)
    created = LeaveType(
        code=body.code,
        name={"zh-CN": body.name_zh, "en": body.name_en},
        unit=body.unit,
        paid=body.paid,
        tracked=body.tracked,
        advance_allowed=body.advance_allowed,
        counts=body.counts,
        hr_approval_over=body.hr_approval_over,
        built_in=False,
    )
    changes = Changes()
    store.add_leave_type(changes, ctx.tenant_id, created)
    audit.record(changes, ctx, "create", "leave_type", created.code, None, created.model_dump(mode="json"))
    try:
        changes.commit()
    except Conflict:
        raise Conflict.field("code", "leave_type.exists", code=body.code) from None
    return created.model_copy(update={"version": 1})


# ---- scope ----------------------------------------------------------------------------------------


def existing_person(ctx: RequestContext, person_id: str) -> Person:
    person = org_store.find_person(ctx.tenant_id, person_id)
    if person is None:
        raise NotFound("person.not_found")
    return person


def _manages(ctx: RequestContext, person: Person) -> bool:
    if not ctx.managed_unit_ids or person.person_id == ctx.person_id:
        return False
    unit = org_store.units_by_id(ctx.tenant_id, [person.unit_id]).get(person.unit_id)
    return unit is not None and any(u in unit.path for u in ctx.managed_unit_ids)


def visible_person(ctx: RequestContext, person_id: str) -> Person:
    """The person, if the caller may see their leave: themselves, their managers, HR and executives."""
    person = existing_person(ctx, person_id)
    if person.person_id == ctx.person_id or ctx.sees_whole_company or _manages(ctx, person):
        return person
    raise Forbidden.field("person_id", "leave.out_of_scope")


# ---- balances and the ledger ----------------------------------------------------------------------


def balances(ctx: RequestContext, person_id: str) -> Balances:
    visible_person(ctx, person_id)
    return Balances(person_id=person_id, items=store.balances(ctx.tenant_id, person_id))


def ledger_page(ctx: RequestContext, person_id: str, query: LedgerQuery) -> LedgerPage:
    visible_person(ctx, person_id)
    page = store.entries_page(
        ctx.tenant_id,
        person_id,
        query.leave_type,
        page_request(ctx.tenant_id, f"ledger#{person_id}#{query.leave_type}", query),
    )
    return LedgerPage(items=page.items, next_cursor=page.next_cursor)


def apply_entry(changes: Changes, ctx: RequestContext, person_id: str, kind: LeaveType, entry: LedgerEntry) -> Balance:
    """Add ``entry`` and move the balance with it (at the version read); refuse going below zero."""
    current = store.find_balance(ctx.tenant_id, person_id, kind.code) or Balance(
        leave_type=kind.code, unit=kind.unit, balance=0.0
    )
    new = Decimal(str(current.balance)) + Decimal(str(entry.amount))
    if new < 0 and entry.amount < 0 and not kind.advance_allowed:
        raise Invalid.field("amount", "leave.balance_insufficient", available=current.balance)
    after = current.model_copy(update={"balance": float(new)})
    store.add_entry(changes, ctx.tenant_id, person_id, entry)
    store.save_balance(changes, ctx.tenant_id, person_id, after)
    return after.model_copy(update={"version": current.version + 1})


def post_entry(ctx: RequestContext, person_id: str, body: LedgerInput) -> Balance:
    existing_person(ctx, person_id)
    kind = leave_type(ctx.tenant_id, body.leave_type)
    if not kind.tracked:
        raise Invalid.field("leave_type", "leave.not_tracked")
    if body.kind == "grant" and body.amount <= 0 or body.kind == "encash" and body.amount >= 0 or not body.amount:
        raise Invalid.field("amount", "leave.amount_sign", kind=body.kind)
    entry = LedgerEntry(
        entry_id=new_id(),
        leave_type=kind.code,
        kind=body.kind,
        amount=body.amount,
        on=body.on,
        expires=body.expires,
        reason=body.reason,
        by_person_id=ctx.person_id,
    )
    changes = Changes()
    balance = apply_entry(changes, ctx, person_id, kind, entry)
    audit.record(
        changes,
        ctx,
        "create",
        "leave_entry",
        entry.entry_id,
        None,
        {**entry.model_dump(mode="json"), "person_id": person_id},
    )
    changes.commit()
    return balance


def grant_annual(ctx: RequestContext, person_id: str, body: AnnualGrantInput) -> Balance:
    """The year's annual leave by the law; granted once a year (a second call is 409)."""
    existing_person(ctx, person_id)
    joined, months_before = _working_time(ctx, person_id, body)
    days = days_for_year(body.year, joined, months_before)
    # 条例 art. 5: leave may be carried one year across; what is left expires on 1 January after that.
    entry = LedgerEntry(
        entry_id=f"annual-{body.year}",
        leave_type="annual",
        kind="grant",
        amount=float(days),
        on=max(date(body.year, 1, 1), joined),
        expires=date(body.year + 2, 1, 1),
        reason=f"{body.year}",
        by_person_id=ctx.person_id,
    )
    if not days:
        return store.find_balance(ctx.tenant_id, person_id, "annual") or Balance(
            leave_type="annual", unit=LeaveUnit.DAY, balance=0.0
        )
    if any(e.entry_id == entry.entry_id for e in store.entries(ctx.tenant_id, person_id, "annual")):
        raise Conflict.field("year", "leave.already_granted", year=body.year)
    changes = Changes()
    balance = apply_entry(changes, ctx, person_id, built_in()["annual"], entry)
    audit.record(
        changes,
        ctx,
        "create",
        "leave_entry",
        entry.entry_id,
        None,
        {**entry.model_dump(mode="json"), "person_id": person_id},
    )
    changes.commit()
    return balance


def _working_time(ctx: RequestContext, person_id: str, body: AnnualGrantInput) -> tuple[date, int]:
    """The start date and months worked before joining: the body's values, else the person's file (one GetItem
    of the file, no KMS call); 400 naming ``joined`` when neither has a start date."""
    if body.joined is not None and body.working_months_before_joining is not None:
        return body.joined, body.working_months_before_joining
    from chalicelib.people import store as people_store

    found = people_store.find_file(ctx.tenant_id, person_id)
    joined = body.joined or (found.start_date if found else None)
    if joined is None:
        raise Invalid.field("joined", "leave.no_start_date")
    months = body.working_months_before_joining
    if months is None:
        months = round(found.prior_working_years * 12) if found else 0
    return joined, months


def expire_due(ctx: RequestContext, person_id: str, leave_type_code: str, on: date) -> list[LedgerEntry]:
    """Write the expiry entries that are due (idempotent: each names the grant it closes)."""
    kind = leave_type(ctx.tenant_id, leave_type_code)
    current = store.entries(ctx.tenant_id, person_id, kind.code)
    as_rules = [ledger.Entry(e.entry_id, e.kind, Decimal(str(e.amount)), e.on, e.expires, e.closes) for e in current]
    written = []
    for due in ledger.expiries_due(as_rules, on):
        entry = LedgerEntry(
            entry_id=due.entry_id,
            leave_type=kind.code,
            kind="expire",
            amount=float(due.days),
            on=due.on,
            closes=due.closes,
            reason="expired",
        )
        changes = Changes()
        apply_entry(changes, ctx, person_id, kind, entry)
        changes.commit()
        written.append(entry)
    return written


# ---- requests -------------------------------------------------------------------------------------


def _amount(ctx: RequestContext, kind: LeaveType, body: LeaveRequestCreate, person: Person) -> float:
    if body.end < body.start:
        raise Invalid.field("end", "leave.end_before_start")
    if kind.unit == LeaveUnit.HOUR:
        if not body.hours:
            raise Invalid.field("hours", "leave.hours_required")
        return body.hours
    from chalicelib.attendance.daily import person_calendar

    calendar = person_calendar(ctx.tenant_id, person, tenant_calendar(ctx.tenant_id, body.start, body.end))
    counted = [day for day, k in calendar.days(body.start, body.end) if kind.counts == "calendar_days" or k in WORKING]
    amount = Decimal(len(counted))
    if body.start in counted and body.start_half == "pm":
        amount -= HALF
    if body.end in counted and body.end_half == "am" and (body.end != body.start or body.start_half == "am"):
        amount -= HALF
    if amount <= 0:
        raise Invalid.field("start", "leave.nothing_to_take")
    return float(amount)


def new_request_id(ctx: RequestContext, person_id: str, key: str | None) -> str:
    if not key:
        return new_id()
    return hashlib.sha256(f"{ctx.tenant_id}|{person_id}|{key}".encode()).hexdigest()[:26]


def file_request(ctx: RequestContext, body: LeaveRequestCreate) -> LeaveRequest:
    person_id = body.person_id or ctx.person_id
    if person_id != ctx.person_id and not ctx.has_any(HR_ADMIN):
        raise Forbidden.field("person_id", "leave.for_someone_else")
    person = existing_person(ctx, person_id)
    request_id = new_request_id(ctx, person_id, body.idempotency_key)
    if body.idempotency_key and (earlier := store.find_request(ctx.tenant_id, request_id)):
        return earlier
    kind = leave_type(ctx.tenant_id, body.leave_type)
    amount = _amount(ctx, kind, body, person)
    if kind.tracked and not kind.advance_allowed:
        balance = store.find_balance(ctx.tenant_id, person_id, kind.code)
        available = balance.balance if balance else 0.0
        if available < amount:
            raise Invalid.field("leave_type", "leave.balance_insufficient", available=available)
    approver = approver_of(person)
    request = LeaveRequest(
        request_id=request_id,
        person_id=person_id,
        leave_type=kind.code,
        start=body.start,
        end=body.end,
        start_half=body.start_half,
        end_half=body.end_half,
        amount=amount,
        unit=kind.unit,
        reason=body.reason,
        status=RequestStatus.PENDING if approver else RequestStatus.PENDING_HR,
        approver_person_id=approver,
        created_at=clock.iso_now(),
    )
    changes = Changes()
    store.save_request(changes, ctx.tenant_id, request, queue=approver or store.HR_QUEUE)
    audit.record(changes, ctx, "create", "leave_request", request_id, None, request.model_dump(mode="json"))
    approvals.ask(changes, ctx, request_id, approver, _ask_title(person.name, request), approvals.LEAVE)
    daily_store.commit_unless_locked(changes, ctx.tenant_id, daily.months_between(body.start, body.end), "start")
    return request.model_copy(update={"version": 1})


def _ask_title(name: str, request: LeaveRequest) -> Text:
    return text("attendance.approval.leave", name=name, start=request.start, end=request.end)


def get_request(ctx: RequestContext, request_id: str) -> LeaveRequest:
    request = store.get_request(ctx.tenant_id, request_id)
    if not (request.approver_person_id == ctx.person_id):
        visible_person(ctx, request.person_id)
    return request


def approver_of(person: Person) -> str | None:
    """Who decides a person's request first: their manager, or nobody (then HR)."""
    return person.manager_id if person.manager_id and person.manager_id != person.person_id else None


def check_decision(
    ctx: RequestContext, before: LeaveRequest | Overtime | Correction | Trip, body: Decision, field: str
) -> None:
    """A decision on a request still open, at the version read, by its approver or HR — never its owner."""
    if before.version != body.version:
        raise Conflict.field("version", "record.stale")
    if before.status not in OPEN:
        raise Conflict.field("version", "leave.decided_already", status=text(f"leave.status.{before.status.value}"))
    if before.person_id == ctx.person_id:
        raise Forbidden.field(field, "leave.own_request")
    if not ctx.has_any(HR_ADMIN) and (
        before.status == RequestStatus.PENDING_HR or before.approver_person_id != ctx.person_id
    ):
        raise Forbidden.field(field, "leave.not_your_decision")


_Request = TypeVar("_Request", LeaveRequest, Overtime, Correction, Trip)


def decided(ctx: RequestContext, before: _Request, body: Decision, status: RequestStatus) -> _Request:
    """``before`` as decided by ``ctx``: the new status, the decider added, the decision's comment."""
    return before.model_copy(
        update={"status": status, "decided_by": [*before.decided_by, ctx.person_id], "comment": body.comment}
    )


def check_cancel(ctx: RequestContext, before: LeaveRequest | Trip, body: CancelInput, field: str) -> None:
    """A withdrawal by the request's owner (or HR), at the version read, of a request not yet closed."""
    if before.person_id != ctx.person_id and not ctx.has_any(HR_ADMIN):
        visible_person(ctx, before.person_id)
        raise Forbidden.field(field, "leave.not_your_request")
    if before.version != body.version:
        raise Conflict.field("version", "record.stale")
    if before.status not in (*OPEN, RequestStatus.APPROVED):
        raise Conflict.field("version", "leave.decided_already", status=text(f"leave.status.{before.status.value}"))


def decide(ctx: RequestContext, request_id: str, body: Decision) -> LeaveRequest:
    before = store.get_request(ctx.tenant_id, request_id)
    check_decision(ctx, before, body, "request_id")
    is_hr = ctx.has_any(HR_ADMIN)
    kind = leave_type(ctx.tenant_id, before.leave_type)
    changes = Changes()
    queue: str | None = None
    if not body.approve:
        status = RequestStatus.REJECTED
    elif not is_hr and kind.hr_approval_over is not None and before.amount > kind.hr_approval_over:
        status, queue = RequestStatus.PENDING_HR, store.HR_QUEUE
    else:
        status = RequestStatus.APPROVED
        if kind.tracked:
            apply_entry(
                changes,
                ctx,
                before.person_id,
                kind,
                LedgerEntry(
                    entry_id=f"take-{request_id}",
                    leave_type=kind.code,
                    kind="take",
                    amount=-before.amount,
                    on=before.start,
                    request_id=request_id,
                    by_person_id=ctx.person_id,
                ),
            )
    after = decided(ctx, before, body, status)
    store.save_request(changes, ctx.tenant_id, after, queue=queue)
    if queue:
        owner = existing_person(ctx, before.person_id)
        approvals.reask(changes, ctx, request_id, _ask_title(owner.name, before), approvals.LEAVE)
    else:
        approvals.resolve(changes, ctx.tenant_id, request_id)
    told = text(f"attendance.decided.leave.{status.value}", start=before.start, end=before.end)
    approvals.tell(changes, ctx, before.person_id, told, approvals.MY_LEAVE)
    audit.record(
        changes,
        ctx,
        "update",
        "leave_request",
        request_id,
        before.model_dump(mode="json"),
        after.model_dump(mode="json"),
    )
    daily_store.commit_unless_locked(changes, ctx.tenant_id, daily.months_between(before.start, before.end), "version")
    if status == RequestStatus.APPROVED:
        daily.recompute_person_dates(ctx.tenant_id, before.person_id, before.start, before.end)
    return after.model_copy(update={"version": before.version + 1})


def cancel(ctx: RequestContext, request_id: str, body: CancelInput) -> LeaveRequest:
    """The person (or HR) withdraws a request; an approved one gives its days back."""
    before = store.get_request(ctx.tenant_id, request_id)
    check_cancel(ctx, before, body, "request_id")
    kind = leave_type(ctx.tenant_id, before.leave_type)
    changes = Changes()
    if before.status == RequestStatus.APPROVED and kind.tracked:
        apply_entry(
            changes,
            ctx,
            before.person_id,
            kind,
            LedgerEntry(
                entry_id=f"cancel-{request_id}",
                leave_type=kind.code,
                kind="cancel",
                amount=before.amount,
                on=clock.today(),
                request_id=request_id,
                by_person_id=ctx.person_id,
            ),
        )
    after = before.model_copy(update={"status": RequestStatus.CANCELLED})
    store.save_request(changes, ctx.tenant_id, after, queue=None)
    approvals.resolve(changes, ctx.tenant_id, request_id)
    audit.record(
        changes,
        ctx,
        "update",
        "leave_request",
        request_id,
        before.model_dump(mode="json"),
        after.model_dump(mode="json"),
    )
    daily_store.commit_unless_locked(changes, ctx.tenant_id, daily.months_between(before.start, before.end), "version")
    if before.status == RequestStatus.APPROVED:
        daily.recompute_person_dates(ctx.tenant_id, before.person_id, before.start, before.end)
    return after.model_copy(update={"version": before.version + 1})


def person_requests(ctx: RequestContext, person_id: str, query: RequestQuery) -> LeaveRequestPage:
    visible_person(ctx, person_id)
    page = store.person_requests_page(
        ctx.tenant_id, person_id, page_request(ctx.tenant_id, f"leave#{person_id}", query)
    )
    return LeaveRequestPage(items=page.items, next_cursor=page.next_cursor)


def my_queue(ctx: RequestContext, query: RequestQuery) -> LeaveRequestPage:
    """Requests waiting for the caller's decision (HR: the HR queue)."""
    approver = store.HR_QUEUE if ctx.has_any(HR_ADMIN) else ctx.person_id
    page = store.queue_page(ctx.tenant_id, approver, page_request(ctx.tenant_id, f"leavequeue#{approver}", query))
    return LeaveRequestPage(items=page.items, next_cursor=page.next_cursor)
