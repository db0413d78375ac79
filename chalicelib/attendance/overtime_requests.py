"""Overtime requests: the day's kind sets the pay multiplier; rest-day overtime may be banked as 调休.

A person records overtime for a date (in half hours); the company calendar says what kind of day
it was, so the multiplier (150 / 200 / 300 %) is fixed when the request is filed and shown to the
approver. Banked overtime becomes 调休 hours in the person's ledger when approved — in the same
transaction as the approval — and is not paid; statutory-holiday overtime is always paid (400 on
``bank``). Past 36 hours in a month the answer carries a warning; the law's cap is the company's
duty to respect, so the request is not refused.
"""

from __future__ import annotations

from decimal import Decimal

from chalicelib.attendance import approvals, daily, daily_store, store
from chalicelib.attendance import overtime as rules
from chalicelib.attendance.leave_types import built_in
from chalicelib.attendance.schemas import (
    Decision,
    LedgerEntry,
    Overtime,
    OvertimeCreate,
    OvertimePage,
    RequestQuery,
    RequestStatus,
)
from chalicelib.attendance.service import (
    apply_entry,
    approver_of,
    check_decision,
    decided,
    existing_person,
    new_request_id,
    tenant_calendar,
    visible_person,
)
from chalicelib.core import audit, clock
from chalicelib.core.context import HR_ADMIN, RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Invalid
from chalicelib.core.messages import text
from chalicelib.core.paging import page_request


def _month_hours(tenant_id: str, person_id: str, month: str, extra: float = 0.0) -> float:
    live = (RequestStatus.PENDING, RequestStatus.PENDING_HR, RequestStatus.APPROVED)
    return sum(o.hours for o in store.overtime_in_month(tenant_id, person_id, month) if o.status in live) + extra


def _with_month(tenant_id: str, record: Overtime, extra: float = 0.0) -> Overtime:
    hours = _month_hours(tenant_id, record.person_id, record.date.isoformat()[:7], extra)
    return record.model_copy(
        update={"month_hours": hours, "over_monthly_cap": rules.over_monthly_cap(Decimal(str(hours)), record.date)}
    )


def file(ctx: RequestContext, body: OvertimeCreate) -> Overtime:
    person = existing_person(ctx, ctx.person_id)
    overtime_id = new_request_id(ctx, person.person_id, body.idempotency_key)
    if body.idempotency_key and (earlier := store.find_overtime(ctx.tenant_id, overtime_id)):
        return _with_month(ctx.tenant_id, earlier)
    from chalicelib.attendance.daily import person_calendar

    # the person's own rest days decide: a 单休 Saturday is a workday (150 %), a 双休 one a rest day (200 %)
    kind = person_calendar(ctx.tenant_id, person, tenant_calendar(ctx.tenant_id, body.date, body.date)).kind(body.date)
    table = rules.rules_on(body.date)
    if body.bank and kind not in table.bankable:
        raise Invalid.field("bank", "overtime.not_bankable")
    approver = approver_of(person)
    record = Overtime(
        overtime_id=overtime_id,
        person_id=person.person_id,
        date=body.date,
        day_kind=kind,
        hours=body.hours,
        multiplier=float(table.multipliers[kind]),
        bank=body.bank,
        reason=body.reason,
        status=RequestStatus.PENDING if approver else RequestStatus.PENDING_HR,
        approver_person_id=approver,
        created_at=clock.iso_now(),
    )
    changes = Changes()
    store.save_overtime(changes, ctx.tenant_id, record, queue=approver or store.HR_QUEUE)
    audit.record(changes, ctx, "create", "overtime", overtime_id, None, record.model_dump(mode="json"))
    title = text("attendance.approval.overtime", name=person.name, date=record.date, hours=record.hours)
    approvals.ask(changes, ctx, overtime_id, approver, title, approvals.TEAM)
    daily_store.commit_unless_locked(changes, ctx.tenant_id, [body.date.isoformat()[:7]], "date")
    return _with_month(ctx.tenant_id, record.model_copy(update={"version": 1}))


def decide(ctx: RequestContext, overtime_id: str, body: Decision) -> Overtime:
    before = store.get_overtime(ctx.tenant_id, overtime_id)
    check_decision(ctx, before, body, "overtime_id")
    changes = Changes()
    status = RequestStatus.APPROVED if body.approve else RequestStatus.REJECTED
    if status == RequestStatus.APPROVED and before.bank:
        apply_entry(
            changes,
            ctx,
            before.person_id,
            built_in()["toil"],
            LedgerEntry(
                entry_id=f"overtime-{overtime_id}",
                leave_type="toil",
                kind="grant",
                amount=before.hours,
                on=before.date,
                reason=f"{before.date.isoformat()} 加班调休",
                by_person_id=ctx.person_id,
            ),
        )
    after = decided(ctx, before, body, status)
    store.save_overtime(changes, ctx.tenant_id, after, queue=None)
    audit.record(
        changes, ctx, "update", "overtime", overtime_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    approvals.resolve(changes, ctx.tenant_id, overtime_id)
    told = text(f"attendance.decided.overtime.{status.value}", date=before.date, hours=before.hours)
    approvals.tell(changes, ctx, before.person_id, told, approvals.MY_MONTH)
    daily_store.commit_unless_locked(changes, ctx.tenant_id, [before.date.isoformat()[:7]], "version")
    if status == RequestStatus.APPROVED:  # the day's "overtime not asked for" flag goes
        daily.recompute_person_dates(ctx.tenant_id, before.person_id, before.date, before.date)
    return _with_month(ctx.tenant_id, after.model_copy(update={"version": before.version + 1}))


def person_page(ctx: RequestContext, person_id: str, query: RequestQuery) -> OvertimePage:
    visible_person(ctx, person_id)
    page = store.person_overtime_page(
        ctx.tenant_id, person_id, page_request(ctx.tenant_id, f"overtime#{person_id}", query)
    )
    return OvertimePage(items=page.items, next_cursor=page.next_cursor)


def queue(ctx: RequestContext, query: RequestQuery) -> OvertimePage:
    approver = store.HR_QUEUE if ctx.has_any(HR_ADMIN) else ctx.person_id
    page = store.overtime_queue_page(
        ctx.tenant_id, approver, page_request(ctx.tenant_id, f"overtimequeue#{approver}", query)
    )
    return OvertimePage(items=page.items, next_cursor=page.next_cursor)
