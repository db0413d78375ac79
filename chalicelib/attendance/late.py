"""Late corrections: HR changes one day of a locked (and maybe already paid) month.

The locked month stays as it was paid — its frozen summaries and its day results are not touched.
The person's month is recomputed in memory with every correction of that month applied (earlier
ones first, then this one), compared with what was locked plus the earlier corrections' adjustments,
and the difference is stored as adjustment entries that belong to the **next open month** (the
first month after it that is not locked). That month's summary carries them
(``MonthSummary.adjustments``) and payroll pays them in its run at the corrected month's rates.

One transaction writes the correction (whose adjustments it holds) and its audit record, with checks
that the corrected month is still locked and the target month still is not; an Idempotency-Key
makes the correction's id, so a retry returns the first one and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from chalicelib.attendance import daily_store, late_store, monthly, store
from chalicelib.attendance.calendar import Calendar
from chalicelib.attendance.daily import month_shift, person_calendar
from chalicelib.attendance.daily_schemas import AdjustmentRecord, DayRecord
from chalicelib.attendance.late_schemas import (
    LateCorrection,
    LateCorrectionCreate,
    LateCorrectionList,
    LateCorrectionQuery,
)
from chalicelib.attendance.schemas import LeaveRequest, LeaveType, Overtime
from chalicelib.attendance.service import existing_person, new_request_id
from chalicelib.core import audit, clock
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Invalid

LOOKAHEAD_MONTHS = 24  # a target month is found within this many months (locks run one month at a time)


# ---- pure rules -----------------------------------------------------------------------------------


def figures(summary: monthly.MonthSummary) -> dict[str, Decimal]:
    """The figures of a month that a correction can change, flat: ``leave_days.sick``, ``overtime_hours.workday``…"""
    out = {
        "present_days": summary.present_days,
        "absent_days": summary.absent_days,
        "late_count": Decimal(summary.late_count),
        "late_minutes": Decimal(summary.late_minutes),
        "early_leave_count": Decimal(summary.early_leave_count),
    }
    out.update({f"leave_days.{k}": v for k, v in summary.leave_days.items()})
    out.update({f"overtime_hours.{k}": v for k, v in summary.overtime_hours.items()})
    return out


def _corrected_day(before: DayRecord | None, person_id: str, day: date, kind: str, c: LateCorrection) -> DayRecord:
    base = before or DayRecord(person_id=person_id, date=day, status="absent", day_kind=kind)
    if c.status == "on_leave":
        return base.model_copy(update={"status": "on_leave", "leave_days": 1.0, "leave_type": c.leave_type})
    return base.model_copy(
        update={"status": c.status, "leave_days": 0.0, "leave_type": None, "late_minutes": 0, "early_minutes": 0}
    )


def corrected(
    month: str,
    person_id: str,
    calendar: Calendar,
    requests: Sequence[LeaveRequest],
    kinds: dict[str, LeaveType],
    overtime: Sequence[Overtime],
    days: Sequence[DayRecord],
    corrections: Sequence[LateCorrection],
) -> monthly.MonthSummary:
    """The person's month with ``corrections`` applied in order (a later one of the same day wins).

    A corrected status replaces the day's result; its leave replaces the leave approved requests gave
    that day (``leave_of_day``); corrected overtime replaces the day's paid (not banked) overtime."""
    by_day = {d.date: d for d in days}
    leave_fix: dict[date, tuple[Decimal, str | None]] = {}
    overtime_fix: dict[date, Decimal] = {}
    for c in corrections:
        if c.status is not None:
            by_day[c.date] = _corrected_day(by_day.get(c.date), person_id, c.date, calendar.kind(c.date), c)
            leave_fix[c.date] = (Decimal(1), c.leave_type) if c.status == "on_leave" else (Decimal(0), None)
        if c.overtime_hours is not None:
            overtime_fix[c.date] = Decimal(c.overtime_hours)
    kept = [o for o in overtime if not (o.date in overtime_fix and not o.bank)]
    summary = monthly.summarize(
        person_id, month, calendar, requests, kinds, kept, sorted(by_day.values(), key=lambda d: d.date), locked=True
    )
    leave = dict(summary.leave_days)
    for day, (share, code) in leave_fix.items():
        had, had_code = monthly.leave_of_day(requests, kinds, calendar, day)
        if had and had_code:
            leave[had_code] = leave.get(had_code, Decimal(0)) - had
        if share and code:
            leave[code] = leave.get(code, Decimal(0)) + share
    paid = dict(summary.overtime_hours)
    for day, hours in overtime_fix.items():
        bucket = monthly.BUCKETS[calendar.kind(day)]
        paid[bucket] = paid.get(bucket, Decimal(0)) + hours
    return replace(
        summary,
        leave_days={k: v for k, v in leave.items() if v},
        overtime_hours={k: v for k, v in paid.items() if v},
    )


def difference(
    frozen: monthly.MonthSummary, earlier: Sequence[LateCorrection], after: monthly.MonthSummary
) -> list[tuple[str, Decimal, Decimal]]:
    """(field, was, delta) for each figure that differs between ``after`` and the month as paid so far
    (the locked figures plus the earlier corrections' adjustments)."""
    was = figures(frozen)
    for c in earlier:
        for a in c.adjustments:
            was[a.field] = was.get(a.field, Decimal(0)) + Decimal(a.delta)
    now = figures(after)
    out = []
    for name in sorted(set(was) | set(now)):
        delta = now.get(name, Decimal(0)) - was.get(name, Decimal(0))
        if delta:
            out.append((name, was.get(name, Decimal(0)), delta))
    return out


# ---- the write ------------------------------------------------------------------------------------


def _target_month(tenant_id: str, month: str) -> str:
    """The first month after ``month`` that is not locked (one GetItem a month looked at)."""
    target = month_shift(month, 1)
    for _ in range(LOOKAHEAD_MONTHS):
        if daily_store.find_lock(tenant_id, target) is None:
            return target
        target = month_shift(target, 1)
    raise Conflict.field("date", "attendance.month_locked", month=target)


def _check(body: LateCorrectionCreate, kinds: dict[str, LeaveType]) -> None:
    if body.status is None and body.overtime_hours is None:
        raise Invalid.field("status", "attendance.late_correction_empty")
    if body.status == "on_leave":
        if not body.leave_type:
            raise Invalid.field("leave_type", "attendance.late_correction_leave_type")
        if body.leave_type not in kinds:
            raise Invalid.field("leave_type", "leave_type.not_found", code=body.leave_type)
    elif body.leave_type:
        raise Invalid.field("leave_type", "attendance.late_correction_leave_type")


def create(ctx: RequestContext, body: LateCorrectionCreate, key: str | None) -> LateCorrection:
    """HR's correction of one day of a locked month (see the module's doc)."""
    person = existing_person(ctx, body.person_id)
    month = body.date.isoformat()[:7]
    correction_id = new_request_id(ctx, person.person_id, f"late|{key}" if key else None)
    if key and (earlier := late_store.find_correction(ctx.tenant_id, month, person.person_id, correction_id)):
        return earlier
    if daily_store.find_lock(ctx.tenant_id, month) is None:
        raise Conflict.field("date", "attendance.month_not_locked", month=month)
    frozen_record = daily_store.summaries(ctx.tenant_id, month, [person.person_id]).get(person.person_id)
    if frozen_record is None:
        raise Conflict.field("person_id", "attendance.late_correction_no_summary", month=month)
    kinds = monthly.leave_kinds(ctx.tenant_id)
    _check(body, kinds)
    earlier_corrections = late_store.of_month(ctx.tenant_id, month, person.person_id)
    draft = LateCorrection(
        correction_id=correction_id,
        person_id=person.person_id,
        month=month,
        target_month=_target_month(ctx.tenant_id, month),
        date=body.date,
        status=body.status,
        leave_type=body.leave_type,
        overtime_hours=monthly._text(body.overtime_hours) if body.overtime_hours is not None else None,
        reason=body.reason,
        adjustments=[],
        created_by=ctx.person_id or ctx.user_id,
        created_at=clock.iso_now(),
    )
    # the person's own rest days (单休, 大小周), as the locked summary was frozen with
    calendar = person_calendar(ctx.tenant_id, person, monthly.month_calendar(ctx.tenant_id, month))
    after = corrected(
        month,
        person.person_id,
        calendar,
        store.person_requests(ctx.tenant_id, person.person_id),
        kinds,
        store.overtime_in_month(ctx.tenant_id, person.person_id, month),
        daily_store.person_month_days(ctx.tenant_id, person.person_id, month),
        [*earlier_corrections, draft],
    )
    changed = difference(monthly.from_record(frozen_record, locked=True), earlier_corrections, after)
    if not changed:
        raise Invalid.field("status", "attendance.late_correction_no_change")
    record = draft.model_copy(
        update={
            "adjustments": [
                AdjustmentRecord(
                    month=month,
                    field=name,
                    delta=monthly._text(delta),
                    was=monthly._text(was),
                    reason=body.reason,
                    correction_id=correction_id,
                )
                for name, was, delta in changed
            ]
        }
    )
    changes = Changes()
    late_store.add(changes, ctx.tenant_id, record)
    changes.require(*daily_store.lock_key(ctx.tenant_id, month))
    changes.forbid(*daily_store.lock_key(ctx.tenant_id, record.target_month))
    audit.record(
        changes, ctx, "create", "attendance_late_correction", correction_id, None, record.model_dump(mode="json")
    )
    try:
        changes.commit()
    except Conflict:
        if key and (earlier := late_store.find_correction(ctx.tenant_id, month, person.person_id, correction_id)):
            return earlier  # a concurrent retry with the same key wrote it first
        if daily_store.find_lock(ctx.tenant_id, month) is None:
            raise Conflict.field("date", "attendance.month_not_locked", month=month) from None
        raise Conflict.field("date", "attendance.month_locked", month=record.target_month) from None
    return record.model_copy(update={"version": 1})


def of_month(ctx: RequestContext, query: LateCorrectionQuery) -> LateCorrectionList:
    """The late corrections of a month (HR's closing screen): one Query."""
    return LateCorrectionList(month=query.month, items=late_store.of_month(ctx.tenant_id, query.month))
