"""Month views and HR's monthly closing: results, summaries, the lock and the unlock.

Locking a month recomputes everyone's results, freezes each person's summary (what payroll reads)
and creates the lock item; from then on every write to that month's punches, requests, 补卡 or
results is refused with 409 (the lock is checked inside each write's transaction). Unlocking is
HR's, with a reason, and audited; the frozen summaries stay until the next lock rewrites them.
"""

from __future__ import annotations

from datetime import date, timedelta

from chalicelib.attendance import daily, daily_store, late_store, monthly, store
from chalicelib.attendance.calendar import WORKING
from chalicelib.attendance.clock_schemas import (
    MonthInput,
    MonthStatus,
    MonthSummaries,
    MonthView,
    PunchQuery,
    Recomputed,
    TeamDay,
    TeamQuery,
    TeamToday,
    UnlockInput,
)
from chalicelib.attendance.daily_schemas import DayRecord, MonthLock, MonthRecord
from chalicelib.attendance.schemas import Overtime
from chalicelib.attendance.service import visible_person
from chalicelib.core import audit, clock
from chalicelib.core.context import HR_ADMIN, RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Invalid
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, PersonStatus


def status(ctx: RequestContext, query: MonthInput) -> MonthStatus:
    """Whether the month is locked; for HR a locked month's late corrections are counted (one Query)."""
    lock = daily_store.find_lock(ctx.tenant_id, query.month)
    counted = lock is not None and ctx.has_any(HR_ADMIN)
    return MonthStatus(
        month=query.month,
        locked=lock is not None,
        locked_by=lock.locked_by if lock else None,
        locked_at=lock.locked_at if lock else None,
        corrections=len(late_store.of_month(ctx.tenant_id, query.month)) if counted else 0,
    )


def recompute(ctx: RequestContext, body: MonthInput) -> Recomputed:
    done = daily.recompute_month(ctx.tenant_id, body.month)
    return Recomputed(month=body.month, people=done.people, days=done.days, days_written=done.written)


def _frozen(tenant_id: str, month: str, done: daily.Recompute) -> list[MonthRecord]:
    """Everyone's month from the lock's recompute: its inputs reused, the month's approved overtime
    included (read by the recompute for the days' flags), each person's own calendar (单休, 大小周)."""
    inputs = done.inputs
    overtime: dict[str, list[Overtime]] = {}
    if inputs.extras is not None:
        overtime = inputs.extras.approved
    else:
        for record in store.approved_overtime_in(tenant_id, month):
            overtime.setdefault(record.person_id, []).append(record)
    return [
        monthly.to_record(
            monthly.summarize(
                p.person_id,
                month,
                inputs.roster.calendar_of(p, inputs.calendar),
                inputs.requests.get(p.person_id, []),
                inputs.kinds,
                overtime.get(p.person_id, []),
                done.records.get(p.person_id, []),
                locked=True,
            )
        )
        for p in inputs.people
    ]


def lock(ctx: RequestContext, body: MonthInput) -> MonthStatus:
    _, last = monthly.month_bounds(body.month)
    if last >= daily.local_now().date():
        raise Invalid.field("month", "attendance.month_future")
    done = daily.recompute_month(ctx.tenant_id, body.month)
    summaries = _frozen(ctx.tenant_id, body.month, done)
    daily_store.write_summaries(ctx.tenant_id, summaries)
    record = MonthLock(month=body.month, locked_by=ctx.person_id or ctx.user_id, locked_at=clock.iso_now())
    changes = Changes().create(daily_store.lock_item(ctx.tenant_id, record))
    audit.record(
        changes,
        ctx,
        "lock",
        "attendance_month",
        body.month,
        None,
        {**record.model_dump(mode="json"), "people": len(summaries)},
    )
    try:
        changes.commit()
    except Conflict:
        raise Conflict.field("month", "attendance.month_locked", month=body.month) from None
    return MonthStatus(
        month=body.month,
        locked=True,
        locked_by=record.locked_by,
        locked_at=record.locked_at,
        people=len(summaries),
        days_written=done.written,
    )


def unlock(ctx: RequestContext, body: UnlockInput) -> MonthStatus:
    """Unlock a month. A month with late corrections needs ``force``: their differences are already
    paid in a later month, so entering the same change by hand and relocking would pay it twice."""
    before = daily_store.find_lock(ctx.tenant_id, body.month)
    if before is None:
        raise Conflict.field("month", "attendance.month_not_locked", month=body.month)
    corrections = len(late_store.of_month(ctx.tenant_id, body.month))
    if corrections and not body.force:
        raise Conflict.field("force", "attendance.unlock_has_corrections", month=body.month, count=corrections)
    changes = Changes().delete(daily_store.lock_item(ctx.tenant_id, before).at_version(before.version))
    audit.record(
        changes,
        ctx,
        "unlock",
        "attendance_month",
        body.month,
        before.model_dump(mode="json"),
        {"month": body.month, "reason": body.reason, "forced": body.force, "corrections": corrections},
    )
    changes.commit()
    return MonthStatus(month=body.month, locked=False, corrections=corrections)


def summaries(ctx: RequestContext, query: MonthInput) -> MonthSummaries:
    """Everyone's month: the frozen summaries when locked, else computed now from stored results."""
    if daily_store.find_lock(ctx.tenant_id, query.month) is not None:
        frozen = {r.person_id: r for r in daily_store.all_summaries(ctx.tenant_id, query.month)}
        carried = monthly.carried(ctx.tenant_id, query.month)
        return MonthSummaries(
            month=query.month,
            locked=True,
            items=[
                r.model_copy(update={"adjustments": monthly.adjustment_records(carried[p])}) if p in carried else r
                for p, r in frozen.items()
            ],
        )
    people = [p.person_id for p in org_store.list_people(ctx.tenant_id) if p.status == PersonStatus.ACTIVE]
    live = monthly.with_carried(
        ctx.tenant_id, query.month, monthly.month_wide(ctx.tenant_id, query.month, people, locked=False)
    )
    return MonthSummaries(month=query.month, locked=False, items=[monthly.to_record(s) for s in live.values()])


def person_month(ctx: RequestContext, person_id: str, query: PunchQuery) -> MonthView:
    person = visible_person(ctx, person_id)
    month = daily.month_or_this(query.month)
    first, last = monthly.month_bounds(month)
    calendar = daily.person_calendar(ctx.tenant_id, person, monthly.month_calendar(ctx.tenant_id, month))
    summary, days = monthly.person_view(ctx.tenant_id, month, person, calendar)
    return MonthView(
        person_id=person_id,
        month=month,
        locked=summary.locked,
        days=days,
        summary=monthly.to_record(summary),
        rest_days=[day for day, kind in calendar.days(first, last) if kind not in WORKING],
    )


def _team(ctx: RequestContext) -> list[Person]:
    """The people the caller oversees: everyone for HR and executives, a unit head's subtrees."""
    if ctx.sees_whole_company:
        return [p for p in org_store.list_people(ctx.tenant_id) if p.person_id != ctx.person_id]
    people: dict[str, Person] = {}
    for unit in org_store.units_by_id(ctx.tenant_id, ctx.managed_unit_ids).values():
        for person in org_store.subtree(ctx.tenant_id, unit.path)[2]:
            if person.person_id != ctx.person_id:
                people[person.person_id] = person
    return sorted(people.values(), key=lambda p: p.name)


def team_day(ctx: RequestContext, query: TeamQuery) -> TeamToday:
    """Each team member's result of a day: stored once judged; today's so far from its punches."""
    day = query.day or daily.local_now().date()
    team = _team(ctx)
    stored = daily_store.days_of(ctx.tenant_id, day, [p.person_id for p in team])
    missing = [p for p in team if p.person_id not in stored and day >= daily.local_now().date() - timedelta(days=1)]
    if missing:
        stored.update(_live_day(ctx.tenant_id, day, missing))
    return TeamToday(
        date=day, items=[TeamDay(person_id=p.person_id, name=p.name, result=stored.get(p.person_id)) for p in team]
    )


def _live_day(tenant_id: str, day: date, people: list[Person]) -> dict[str, DayRecord]:
    """Results so far for ``day`` from its punches (few people: their own Queries; many: the month's)."""
    ids = [p.person_id for p in people]
    inputs = daily.load_inputs(tenant_id, day.isoformat()[:7], ids if len(ids) <= daily.FEW_PEOPLE else None)
    now, out = daily.local_now(), {}
    for person in people:
        records = daily.person_month(
            person,
            [day],
            inputs.roster,
            inputs.calendar,
            inputs.punches.get(person.person_id, []),
            inputs.requests.get(person.person_id, []),
            inputs.kinds,
            now,
            provisional=True,
            extras=inputs.extras_of(person.person_id),
        )
        if records:
            out[person.person_id] = records[0]
    return out
