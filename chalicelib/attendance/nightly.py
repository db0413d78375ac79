"""Stored day results follow the mobile punches: recompute a few days for the whole tenant.

A clock-in does not recompute (it stays at 2 round trips); the tenant's daily job (08:00 in China,
see chalicelib/reminders/service.py) recomputes the two days before today, so a night shift that
ends at 06:00 (judged at 10:00, its window for a late check-out) is stored by the next morning's
run. A calendar override of a day already over recomputes that day at once.

Reads are bounded by the days, not the month: the people and units (one tree read), the shifts,
the calendar, one Query of the punch month partition per day (the day and the days either side, by
sort-key prefix), approved leave by start month (a fixed look-back), and the stored results of the
days (BatchGetItem, 100 a call). Only results that differ are written, so a second run writes nothing.
A day of a locked month is skipped (its results are frozen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chalicelib.attendance import clock_store, daily_store, day_extras, monthly, store
from chalicelib.attendance.daily import LEAVE_LOOKBACK_MONTHS, load_roster, local_now, month_shift, person_month
from chalicelib.attendance.daily_schemas import DayRecord
from chalicelib.attendance.schemas import LeaveRequest
from chalicelib.core.observability import logger
from chalicelib.org import store as org_store
from chalicelib.org.schemas import PersonStatus

RECENT_DAYS = 2  # the daily job recomputes this many days before today


@dataclass(frozen=True)
class DaysRun:
    days: list[date]  # the days recomputed (those of locked months left out)
    people: int
    written: int


def open_days(tenant_id: str, days: Sequence[date]) -> list[date]:
    """The days whose month is not locked (one GetItem a month)."""
    months = {d.isoformat()[:7] for d in days}
    locked = {m for m in months if daily_store.find_lock(tenant_id, m) is not None}
    return sorted(d for d in set(days) if d.isoformat()[:7] not in locked)


def recompute_days(tenant_id: str, days: Sequence[date]) -> DaysRun:
    """Recompute and store every active person's results of ``days`` (only days already over are
    judged; a day of a locked month is skipped); only results that changed are written."""
    from chalicelib.attendance.service import tenant_calendar

    wanted = open_days(tenant_id, days)
    if not wanted:
        return DaysRun([], 0, 0)
    low, high = wanted[0] - timedelta(days=1), wanted[-1] + timedelta(days=1)
    units, _, everyone = org_store.whole_tree(tenant_id)
    people = [p for p in everyone if p.status == PersonStatus.ACTIVE]
    roster = load_roster(tenant_id, {u.unit_id: u.path for u in units})
    calendar = tenant_calendar(tenant_id, low, high)
    kinds = monthly.leave_kinds(tenant_id)
    punches: dict[str, list[datetime]] = {}
    around = sorted({d + timedelta(days=n) for d in wanted for n in (-1, 0, 1)})
    for day in around:
        for punch in clock_store.month_punches(tenant_id, day.isoformat()[:7], day.isoformat()):
            punches.setdefault(punch.person_id, []).append(datetime.fromisoformat(punch.at))
    requests: dict[str, list[LeaveRequest]] = {}
    for back in range(LEAVE_LOOKBACK_MONTHS):
        for request in store.approved_leave_starting(tenant_id, month_shift(high.isoformat()[:7], -back)):
            if request.start <= high and request.end >= low:
                requests.setdefault(request.person_id, []).append(request)
    extras = day_extras.load_months(tenant_id, sorted({d.isoformat()[:7] for d in wanted}))
    ids = [p.person_id for p in people]
    stored: dict[tuple[str, date], DayRecord] = {
        (person_id, day): record
        for day in wanted
        for person_id, record in daily_store.days_of(tenant_id, day, ids).items()
    }
    now = local_now()
    changed: list[DayRecord] = []
    for person in people:
        mine = person_month(
            person,
            wanted,
            roster,
            calendar,
            punches.get(person.person_id, []),
            requests.get(person.person_id, []),
            kinds,
            now,
            extras=extras.of(person.person_id),
        )
        changed.extend(r for r in mine if stored.get((r.person_id, r.date)) != r)
    written = daily_store.write_days(tenant_id, changed)
    return DaysRun(wanted, len(people), written)


def recompute_recent(tenant_id: str, today: date) -> DaysRun:
    """The daily job's step: the days before ``today`` (China date). Safe to run any number of times."""
    run = recompute_days(tenant_id, [today - timedelta(days=n) for n in range(1, RECENT_DAYS + 1)])
    logger.info(
        "attendance days recomputed",
        extra={
            "tenant_id": tenant_id,
            "days": [d.isoformat() for d in run.days],
            "people": run.people,
            "written": run.written,
        },
    )
    return run


def after_calendar_change(tenant_id: str, day: date) -> DaysRun | None:
    """A day's kind changed: recompute it for everyone when it is already over (a future day has no
    stored results yet; today's are written once its shifts are over, by the daily job)."""
    if day >= local_now().date():
        return None
    return recompute_days(tenant_id, [day])
