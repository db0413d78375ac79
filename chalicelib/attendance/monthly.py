"""A person's attendance month — what payroll reads (``month_summaries``).

From what is stored: the tenant's calendar (working days due, make-up Saturdays included), the
person's approved leave requests overlapping the month (only the month's part of a request that
crosses months, counted as the request counted it: working or calendar days, half days at its
ends; hour-based leave such as 调休 as hours ÷ 8), approved overtime dated in the month by the
kind of day (hours banked as 调休 are not paid, so not counted), and the daily results
(present, late, left early, absent) computed from punches.

Reads are bounded: a locked month is one BatchGetItem of the summaries written when it was locked
(100 people a call); an open month is computed live — for a few people with three Queries each
(leave requests, overtime, day results), for many from the month's partitions (approved leave by
start month, approved overtime of the month, the month's day results) — plus one Query for the
calendar and one GetItem for the lock; never a read per day. Late corrections of earlier locked
months that this month carries (``adjustments``) are one more Query of their index (``late_store``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from chalicelib.attendance import daily_store, store
from chalicelib.attendance.calendar import WORKING, Calendar, DayKind
from chalicelib.attendance.daily_schemas import WORKED, AdjustmentRecord, DayRecord, MonthRecord
from chalicelib.attendance.leave_types import built_in
from chalicelib.attendance.schemas import LeaveRequest, LeaveType, LeaveUnit, Overtime, RequestStatus
from chalicelib.core import clock
from chalicelib.core.errors import Invalid
from chalicelib.org.schemas import Person

HALF = Decimal("0.5")
HOURS_PER_DAY = Decimal(8)
MANY_PEOPLE = 10  # beyond this many people, read the month's partitions instead of each person's
BUCKETS: dict[str, str] = {
    "workday": "workday",
    "makeup_workday": "workday",
    "rest_day": "restday",
    "holiday_rest": "restday",
    "statutory_holiday": "holiday",
}


@dataclass(frozen=True)
class Adjustment:
    """A late correction of a locked month, carried by the next open month: ``field`` of ``month``
    (``absent_days``, ``leave_days.sick``, ``overtime_hours.workday``…) changes by ``delta``."""

    month: str  # the corrected (locked) month, whose rates and divisor price it
    field: str
    delta: Decimal
    reason: str
    correction_id: str
    was: Decimal = Decimal(0)  # the figure before the correction (as locked, plus earlier corrections)


@dataclass(frozen=True)
class MonthSummary:
    person_id: str
    month: str  # "YYYY-MM"
    scheduled_days: Decimal  # working days in the month on the person's calendar (their rest pattern; make-up days)
    present_days: Decimal
    late_count: int
    late_minutes: int
    early_leave_count: int
    absent_days: Decimal  # unexcused absence (旷工)
    leave_days: dict[str, Decimal]  # approved leave by leave type code, days (half days allowed)
    overtime_hours: dict[str, Decimal]  # "workday" | "restday" | "holiday" -> hours to be PAID (banked excluded)
    locked: bool  # the month is locked for payroll
    trip_days: Decimal = Decimal(0)  # working days on an approved business trip (already in present_days)
    # late corrections of earlier locked months, to be paid with this month (their own month's figures
    # stay as locked); read live, so the lock of this month need not rewrite anything for them
    adjustments: tuple[Adjustment, ...] = ()


def month_bounds(month: str) -> tuple[date, date]:
    """First and last date of ``YYYY-MM``; 400 naming ``month`` otherwise."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise Invalid.field("month", "attendance.month_invalid", month=month) from None
    if len(month) != 7:
        raise Invalid.field("month", "attendance.month_invalid", month=month)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


# ---- pure rules -----------------------------------------------------------------------------------


def leave_days_in(request: LeaveRequest, kind: LeaveType, calendar: Calendar, first: date, last: date) -> Decimal:
    """The days of ``request`` that fall between ``first`` and ``last``, counted as the request was."""

    def counted(day: date, day_kind: DayKind) -> bool:
        return kind.counts == "calendar_days" or day_kind in WORKING

    whole = [day for day, k in calendar.days(request.start, request.end) if counted(day, k)]
    inside = [day for day in whole if first <= day <= last]
    if kind.unit == LeaveUnit.HOUR:
        if not whole:
            return Decimal(0)
        return Decimal(str(request.amount)) / HOURS_PER_DAY * len(inside) / len(whole)
    days = Decimal(len(inside))
    if request.start in inside and request.start_half == "pm":
        days -= HALF
    if (
        request.end in inside
        and request.end_half == "am"
        and (request.end != request.start or request.start_half == "am")
    ):
        days -= HALF
    return days


def leave_of_day(
    requests: Iterable[LeaveRequest], kinds: dict[str, LeaveType], calendar: Calendar, day: date
) -> tuple[Decimal, str | None]:
    """How much of ``day`` approved leave covers (0, 0.5 or 1) and of which type (the largest share)."""
    best: tuple[Decimal, str | None] = (Decimal(0), None)
    total = Decimal(0)
    for request in requests:
        kind = kinds.get(request.leave_type)
        if kind is None or request.status != RequestStatus.APPROVED or not request.start <= day <= request.end:
            continue
        share = leave_days_in(request, kind, calendar, day, day)
        total += share
        if share > best[0]:
            best = (share, request.leave_type)
    return min(total, Decimal(1)), best[1]


def summarize(
    person_id: str,
    month: str,
    calendar: Calendar,
    requests: Sequence[LeaveRequest],
    kinds: dict[str, LeaveType],
    overtime: Sequence[Overtime],
    days: Sequence[DayRecord],
    *,
    locked: bool,
) -> MonthSummary:
    first, last = month_bounds(month)
    leave: dict[str, Decimal] = {}
    for request in requests:
        kind = kinds.get(request.leave_type)
        if kind is None or request.status != RequestStatus.APPROVED or request.end < first or request.start > last:
            continue
        taken = leave_days_in(request, kind, calendar, first, last)
        if taken:
            leave[kind.code] = leave.get(kind.code, Decimal(0)) + taken
    paid: dict[str, Decimal] = {}
    for record in overtime:
        if record.status == RequestStatus.APPROVED and not record.bank and first <= record.date <= last:
            bucket = BUCKETS[record.day_kind]
            paid[bucket] = paid.get(bucket, Decimal(0)) + Decimal(str(record.hours))
    present = absent = Decimal(0)
    for day in days:
        worked_share = Decimal(1) - Decimal(str(day.leave_days))
        if day.status in WORKED:
            present += worked_share
        elif day.status == "absent":
            absent += worked_share
    return MonthSummary(
        person_id=person_id,
        month=month,
        scheduled_days=Decimal(calendar.working_days(first, last)),
        present_days=present,
        late_count=sum(1 for d in days if d.status in ("late", "late_and_left_early")),
        late_minutes=sum(d.late_minutes for d in days),
        early_leave_count=sum(1 for d in days if d.status in ("left_early", "late_and_left_early")),
        absent_days=absent,
        leave_days=leave,
        overtime_hours=paid,
        locked=locked,
        trip_days=sum((Decimal(str(d.trip_days)) for d in days if d.status == "business_trip"), Decimal(0)),
    )


def _text(value: Decimal) -> str:
    """A decimal as plain text without trailing zeros: 2, 1.5, 20 (never 2.0 or 2E+1)."""
    return format(value.normalize(), "f")


def to_record(summary: MonthSummary) -> MonthRecord:
    return MonthRecord(
        person_id=summary.person_id,
        month=summary.month,
        scheduled_days=_text(summary.scheduled_days),
        present_days=_text(summary.present_days),
        late_count=summary.late_count,
        late_minutes=summary.late_minutes,
        early_leave_count=summary.early_leave_count,
        absent_days=_text(summary.absent_days),
        leave_days={k: _text(v) for k, v in summary.leave_days.items()},
        overtime_hours={k: _text(v) for k, v in summary.overtime_hours.items()},
        computed_at=clock.iso_now(),
        trip_days=_text(summary.trip_days),
        adjustments=adjustment_records(summary.adjustments),
    )


def adjustment_records(adjustments: Iterable[Adjustment]) -> list[AdjustmentRecord]:
    return [
        AdjustmentRecord(
            month=a.month,
            field=a.field,
            delta=_text(a.delta),
            was=_text(a.was),
            reason=a.reason,
            correction_id=a.correction_id,
        )
        for a in adjustments
    ]


def from_record(record: MonthRecord, *, locked: bool) -> MonthSummary:
    return MonthSummary(
        person_id=record.person_id,
        month=record.month,
        scheduled_days=Decimal(record.scheduled_days),
        present_days=Decimal(record.present_days),
        late_count=record.late_count,
        late_minutes=record.late_minutes,
        early_leave_count=record.early_leave_count,
        absent_days=Decimal(record.absent_days),
        leave_days={k: Decimal(v) for k, v in record.leave_days.items()},
        overtime_hours={k: Decimal(v) for k, v in record.overtime_hours.items()},
        locked=locked,
        trip_days=Decimal(record.trip_days),
        adjustments=tuple(
            Adjustment(a.month, a.field, Decimal(a.delta), a.reason, a.correction_id, Decimal(a.was))
            for a in record.adjustments
        ),
    )


# ---- reads ----------------------------------------------------------------------------------------


def leave_kinds(tenant_id: str) -> dict[str, LeaveType]:
    return {**built_in(), **{t.code: t for t in store.custom_leave_types(tenant_id)}}


def month_calendar(tenant_id: str, month: str) -> Calendar:
    from chalicelib.attendance.service import tenant_calendar

    first, last = month_bounds(month)
    return tenant_calendar(tenant_id, first, last)


def live_summary(
    tenant_id: str, month: str, person_id: str, calendar: Calendar, kinds: dict[str, LeaveType], *, locked: bool
) -> MonthSummary:
    """One person's month computed from the stored requests, overtime and day results (3 Queries)."""
    return summarize(
        person_id,
        month,
        calendar,
        store.person_requests(tenant_id, person_id),
        kinds,
        store.overtime_in_month(tenant_id, person_id, month),
        daily_store.person_month_days(tenant_id, person_id, month),
        locked=locked,
    )


def month_summaries(tenant_id: str, month: str, person_ids: Sequence[str]) -> dict[str, MonthSummary]:
    """Each person's month: the summaries frozen by the lock when the month is locked, else computed
    live from what is stored. Keys are the ``person_ids`` given (unknown people get an empty month)."""
    month_bounds(month)
    locked = daily_store.find_lock(tenant_id, month) is not None
    frozen = daily_store.summaries(tenant_id, month, person_ids) if locked else {}
    result = {p: from_record(r, locked=True) for p, r in frozen.items()}
    missing = [p for p in dict.fromkeys(person_ids) if p not in result]
    if len(missing) > MANY_PEOPLE:
        result.update(month_wide(tenant_id, month, missing, locked=locked))
    elif missing:
        from chalicelib.attendance.daily import people_calendars

        calendar, kinds = month_calendar(tenant_id, month), leave_kinds(tenant_id)
        theirs = people_calendars(tenant_id, missing, calendar)
        for person_id in missing:
            mine = theirs.get(person_id, calendar)
            result[person_id] = live_summary(tenant_id, month, person_id, mine, kinds, locked=locked)
    return with_carried(tenant_id, month, result)


def person_view(tenant_id: str, month: str, person: Person, calendar: Calendar) -> tuple[MonthSummary, list[DayRecord]]:
    """One person's month for their month view: the summary and the stored days, with ``calendar``
    (the person's own, which the view also shows) read once by the caller. The days are read once and
    serve both the summary and the view (an open month: lock, kinds, requests, overtime, days, carried)."""
    month_bounds(month)
    pid = person.person_id
    locked = daily_store.find_lock(tenant_id, month) is not None
    frozen = daily_store.summaries(tenant_id, month, [pid]) if locked else {}
    days = daily_store.person_month_days(tenant_id, pid, month)
    if pid in frozen:
        summary = from_record(frozen[pid], locked=True)
    else:
        summary = summarize(
            pid,
            month,
            calendar,
            store.person_requests(tenant_id, pid),
            leave_kinds(tenant_id),
            store.overtime_in_month(tenant_id, pid, month),
            days,
            locked=locked,
        )
    return with_carried(tenant_id, month, {pid: summary})[pid], days


def carried(tenant_id: str, month: str) -> dict[str, tuple[Adjustment, ...]]:
    """The adjustments ``month`` carries from late corrections of earlier locked months, by person (one Query)."""
    from chalicelib.attendance import late_store

    out: dict[str, tuple[Adjustment, ...]] = {}
    for c in late_store.carried_into(tenant_id, month):
        entries = tuple(
            Adjustment(a.month, a.field, Decimal(a.delta), a.reason, a.correction_id, Decimal(a.was))
            for a in c.adjustments
        )
        out[c.person_id] = out.get(c.person_id, ()) + entries
    return out


def with_carried(tenant_id: str, month: str, summaries: dict[str, MonthSummary]) -> dict[str, MonthSummary]:
    """``summaries`` with the adjustments their month carries (whether the month is locked or not:
    a late correction is refused once its target month is locked, so the read is stable after the lock)."""
    extra = carried(tenant_id, month)
    return {p: replace(s, adjustments=extra[p]) if p in extra else s for p, s in summaries.items()}


def month_wide(tenant_id: str, month: str, person_ids: Sequence[str], *, locked: bool) -> dict[str, MonthSummary]:
    """Many people's months from the month's partitions: approved leave by start month, approved
    overtime of the month, everyone's stored day results — a fixed number of Queries, not per person."""
    from chalicelib.attendance.daily import LEAVE_LOOKBACK_MONTHS, month_shift, people_calendars

    calendar, kinds = month_calendar(tenant_id, month), leave_kinds(tenant_id)
    theirs = people_calendars(tenant_id, person_ids, calendar)
    wanted = set(person_ids)
    requests: dict[str, list[LeaveRequest]] = {}
    for back in range(LEAVE_LOOKBACK_MONTHS):
        for request in store.approved_leave_starting(tenant_id, month_shift(month, -back)):
            requests.setdefault(request.person_id, []).append(request)
    overtime: dict[str, list[Overtime]] = {}
    for record in store.approved_overtime_in(tenant_id, month):
        overtime.setdefault(record.person_id, []).append(record)
    days: dict[str, list[DayRecord]] = {}
    for day in daily_store.month_days(tenant_id, month):
        if day.person_id in wanted:
            days.setdefault(day.person_id, []).append(day)
    return {
        p: summarize(
            p,
            month,
            theirs.get(p, calendar),
            requests.get(p, []),
            kinds,
            overtime.get(p, []),
            days.get(p, []),
            locked=locked,
        )
        for p in person_ids
    }
