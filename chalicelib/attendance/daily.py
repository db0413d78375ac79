"""Daily results: punches + shift + calendar + approved leave → one result per person per work date.

Rules (pure, :func:`day_record`):
- a day that is not a working day on the company calendar is ``rest`` (punches are kept on it:
  rest-day work is overtime, asked for and approved separately);
- approved leave covering the whole day is ``on_leave``; half a day of leave leaves the other half
  to work: any punch makes it present (lateness is not judged against a half day), none is half absent;
- otherwise the shift decides (:func:`chalicelib.attendance.shifts.day_result`): present, late,
  left early, a missing punch or absent. A punch belongs to the shift instance it opens or closes
  (a 22:00–06:00 night shift checked out at 06:03 is one present day, the evening it started);
- a day whose shift has not ended (plus its window) is not judged yet.

Times are China's local time (UTC+8, no daylight saving): punches are stored in it.
Recomputing a month reads the month's inputs with a bounded number of Queries (not one per day or
per person when many people are recomputed) and writes only the results that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from chalicelib.attendance import clock_store, daily_store, day_extras, monthly, store
from chalicelib.attendance.calendar import WORKING, Calendar, RestPattern
from chalicelib.attendance.clock_schemas import ShiftAssignment, ShiftDef
from chalicelib.attendance.daily_schemas import DayRecord
from chalicelib.attendance.schemas import LeaveRequest, LeaveType
from chalicelib.attendance.shifts import Shift, day_result
from chalicelib.core import clock
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, PersonStatus

CHINA = timezone(timedelta(hours=8))
# built without validation: building ShiftDef's validator at import would cost every cold start (test_import_weight)
STANDARD = ShiftDef.model_construct(code="standard", name="标准班", start="09:00", end="18:00", built_in=True)
FEW_PEOPLE = 10  # up to this many people, read their inputs person by person; beyond, the month at once
LEAVE_LOOKBACK_MONTHS = 6  # approved leave is indexed by its start month: look this far back


def local_now() -> datetime:
    return clock.now().astimezone(CHINA).replace(tzinfo=None)


def month_or_this(month: str | None) -> str:
    return month or local_now().date().isoformat()[:7]


def to_shift(definition: ShiftDef) -> Shift:
    start, end = time.fromisoformat(definition.start), time.fromisoformat(definition.end)
    if definition.kind != "flexible" or definition.core_start is None or definition.core_end is None:
        return Shift(start, end, definition.grace_minutes)
    core = (time.fromisoformat(definition.core_start), time.fromisoformat(definition.core_end))
    return Shift(start, end, definition.grace_minutes, core=core, required_minutes=definition.required_minutes or 0)


def rest_pattern(definition: ShiftDef) -> RestPattern:
    return RestPattern(definition.rest_pattern, definition.rest_anchor)


# ---- who works which shift -------------------------------------------------------------------------


@dataclass(frozen=True)
class Roster:
    shifts: dict[str, ShiftDef]
    assignments: Sequence[ShiftAssignment]
    unit_paths: dict[str, list[str]]

    def shift_for(self, person: Person, day: date) -> ShiftDef:
        """The person's own assignment in force on ``day``, else their unit's nearest, else the standard."""

        def latest(target: str, target_id: str) -> ShiftAssignment | None:
            found = [
                a for a in self.assignments if a.target == target and a.target_id == target_id and a.valid_from <= day
            ]
            return max(found, key=lambda a: a.valid_from) if found else None

        chosen = latest("person", person.person_id)
        for unit_id in reversed(self.unit_paths.get(person.unit_id, [person.unit_id])):
            if chosen is not None:
                break
            chosen = latest("unit", unit_id)
        return self.shifts.get(chosen.shift, STANDARD) if chosen else STANDARD

    def patterns_of(self, person: Person) -> list[tuple[date, RestPattern]]:
        """The person's rest patterns from the dates they change (the shift in force changes only on
        an assignment's ``valid_from``): what :meth:`Calendar.with_patterns` takes."""
        targets = {("person", person.person_id)} | {
            ("unit", u) for u in self.unit_paths.get(person.unit_id, [person.unit_id])
        }
        changes = sorted({a.valid_from for a in self.assignments if (a.target, a.target_id) in targets})
        return [(day, rest_pattern(self.shift_for(person, day))) for day in [date.min, *changes]]

    def calendar_of(self, person: Person, calendar: Calendar) -> Calendar:
        """``calendar`` as the person's rest days make it (双休 needs no change)."""
        if all(s.rest_pattern == "double" for s in self.shifts.values()):
            return calendar
        return calendar.with_patterns(self.patterns_of(person))


def load_roster(tenant_id: str, unit_paths: dict[str, list[str]] | None = None) -> Roster:
    if unit_paths is None:
        unit_paths = {u.unit_id: u.path for u in org_store.list_units(tenant_id)}
    return Roster(
        {s.code: s for s in (STANDARD, *clock_store.shifts(tenant_id))}, clock_store.assignments(tenant_id), unit_paths
    )


def person_calendar(tenant_id: str, person: Person, calendar: Calendar) -> Calendar:
    """``calendar`` with the person's rest days (单休, 大小周 from their shifts): one Query of the shifts,
    and only when a shift is not 双休 the assignments' Query and the person's unit (GetItem)."""
    shifts = clock_store.shifts(tenant_id)
    if all(s.rest_pattern == "double" for s in shifts):
        return calendar
    paths = {u.unit_id: u.path for u in org_store.units_by_id(tenant_id, {person.unit_id}).values()}
    roster = Roster({s.code: s for s in (STANDARD, *shifts)}, clock_store.assignments(tenant_id), paths)
    return roster.calendar_of(person, calendar)


def people_calendars(tenant_id: str, person_ids: Sequence[str], calendar: Calendar) -> dict[str, Calendar]:
    """Each person's calendar for a month summary; empty (everyone 双休: ``calendar`` itself) after one
    Query when no shift has another pattern, else the people (BatchGetItem, or the tree for many)."""
    shifts = clock_store.shifts(tenant_id)
    if all(s.rest_pattern == "double" for s in shifts):
        return {}
    if len(person_ids) <= FEW_PEOPLE:
        people = list(org_store.people_by_id(tenant_id, person_ids).values())
        paths = {u.unit_id: u.path for u in org_store.units_by_id(tenant_id, {p.unit_id for p in people}).values()}
    else:
        units, _, everyone = org_store.whole_tree(tenant_id)
        wanted = set(person_ids)
        people, paths = [p for p in everyone if p.person_id in wanted], {u.unit_id: u.path for u in units}
    roster = Roster({s.code: s for s in (STANDARD, *shifts)}, clock_store.assignments(tenant_id), paths)
    return {p.person_id: roster.calendar_of(p, calendar) for p in people}


# ---- pure rules ------------------------------------------------------------------------------------


def work_dates(punches: Iterable[datetime], shift_on: Callable[[date], Shift]) -> dict[date, list[datetime]]:
    """Punches by the work date of the shift instance each opens or closes (the nearest one)."""
    days: dict[date, list[datetime]] = {}
    for punch in sorted(punches):
        best: tuple[timedelta, date] | None = None
        for offset in (-1, 0, 1):
            work_date = punch.date() + timedelta(days=offset)
            shift = shift_on(work_date)
            start, end = shift.bounds(work_date)
            if start - shift.window <= punch <= end + shift.window:
                distance = timedelta(0) if start <= punch <= end else min(abs(punch - start), abs(punch - end))
                if best is None or distance < best[0]:
                    best = (distance, work_date)
        if best is not None:
            days.setdefault(best[1], []).append(punch)
    return days


def day_record(
    person_id: str,
    day: date,
    definition: ShiftDef,
    calendar: Calendar,
    punches: Sequence[datetime],
    leave_share: Decimal,
    leave_type: str | None,
) -> DayRecord:
    shift = to_shift(definition)
    kind = calendar.kind(day)
    first = min(punches).isoformat() if punches else None
    last = max(punches).isoformat() if len(punches) > 1 else None
    base = DayRecord(
        person_id=person_id,
        date=day,
        day_kind=kind,
        shift_id=definition.code,
        status="absent",
        leave_days=float(leave_share),
        leave_type=leave_type,
        check_in=first,
        check_out=last,
    )
    if kind not in WORKING:
        return base.model_copy(update={"status": "rest"})
    if leave_share >= 1:
        return base.model_copy(update={"status": "on_leave"})
    if leave_share > 0:
        return base.model_copy(update={"status": "present" if punches else "absent"})
    result = day_result(day, shift, punches)
    return base.model_copy(
        update={
            "status": result.status,
            "late_minutes": result.late_minutes,
            "early_minutes": result.early_minutes,
            "short_minutes": result.short_minutes,
            "check_in": result.check_in.isoformat() if result.check_in else None,
            "check_out": result.check_out.isoformat() if result.check_out else None,
        }
    )


def judged(day: date, definition: ShiftDef, now: datetime) -> bool:
    """Whether the day's shift (and its window for a late check-out) is over."""
    shift = to_shift(definition)
    return shift.bounds(day)[1] + shift.window <= now


def person_month(
    person: Person,
    days: Sequence[date],
    roster: Roster,
    calendar: Calendar,
    punches: Sequence[datetime],
    requests: Sequence[LeaveRequest],
    kinds: dict[str, LeaveType],
    now: datetime,
    *,
    provisional: bool = False,
    extras: day_extras.Extras = day_extras.NONE,
) -> list[DayRecord]:
    """The person's results of ``days`` (only those already over, unless ``provisional``), with their
    trips and the overtime their punches show (:mod:`day_extras`)."""
    calendar = roster.calendar_of(person, calendar)
    by_date = work_dates(punches, lambda d: to_shift(roster.shift_for(person, d)))
    records = []
    for day in days:
        definition = roster.shift_for(person, day)
        if not provisional and not judged(day, definition, now):
            continue
        share, leave_type = monthly.leave_of_day(requests, kinds, calendar, day)
        record = day_record(person.person_id, day, definition, calendar, by_date.get(day, []), share, leave_type)
        records.append(day_extras.apply(record, definition, extras))
    return records


# ---- reading a month's inputs ----------------------------------------------------------------------


@dataclass
class MonthInputs:
    people: list[Person]
    calendar: Calendar
    roster: Roster
    kinds: dict[str, LeaveType]
    punches: dict[str, list[datetime]]
    requests: dict[str, list[LeaveRequest]]
    stored: dict[tuple[str, date], DayRecord]
    extras: day_extras.Loaded | None = None

    def extras_of(self, person_id: str) -> day_extras.Extras:
        return self.extras.of(person_id) if self.extras else day_extras.NONE


def month_shift(month: str, delta: int) -> str:
    year, number = int(month[:4]), int(month[5:]) + delta
    while number < 1:
        year, number = year - 1, number + 12
    while number > 12:
        year, number = year + 1, number - 12
    return f"{year:04d}-{number:02d}"


def load_inputs(tenant_id: str, month: str, person_ids: Sequence[str] | None = None) -> MonthInputs:
    """Everything a month's results need. Few people: their own Queries; many (or everyone): the
    month's partitions (punches of the month and the days either side, approved leave by start month)."""
    first, last = monthly.month_bounds(month)
    from chalicelib.attendance.service import tenant_calendar

    punches: dict[str, list[datetime]] = {}
    requests: dict[str, list[LeaveRequest]] = {}

    calendar = tenant_calendar(tenant_id, first - timedelta(days=1), last + timedelta(days=1))
    kinds = monthly.leave_kinds(tenant_id)
    if person_ids is not None and len(person_ids) <= FEW_PEOPLE:
        people = [p for p in org_store.people_by_id(tenant_id, person_ids).values()]
        roster = load_roster(
            tenant_id,
            {u.unit_id: u.path for u in org_store.units_by_id(tenant_id, {p.unit_id for p in people}).values()},
        )
        low, high = (first - timedelta(days=1)).isoformat(), (last + timedelta(days=1)).isoformat()
        for p in people:
            punches[p.person_id] = [
                datetime.fromisoformat(x.at) for x in clock_store.person_punches(tenant_id, p.person_id, low, high)
            ]
            requests[p.person_id] = store.person_requests(tenant_id, p.person_id)
        stored = {
            (r.person_id, r.date): r
            for p in people
            for r in daily_store.person_month_days(tenant_id, p.person_id, month)
        }
        loaded = day_extras.load_people(tenant_id, [p.person_id for p in people], [month])
        return MonthInputs(people, calendar, roster, kinds, punches, requests, stored, loaded)
    units, _, everyone = org_store.whole_tree(tenant_id)
    wanted = set(person_ids) if person_ids is not None else None
    people = [p for p in everyone if (p.person_id in wanted if wanted is not None else p.status == PersonStatus.ACTIVE)]
    roster = load_roster(tenant_id, {u.unit_id: u.path for u in units})
    before, after = first - timedelta(days=1), last + timedelta(days=1)
    raw = [
        *clock_store.month_punches(tenant_id, before.isoformat()[:7], before.isoformat()),
        *clock_store.month_punches(tenant_id, month),
        *clock_store.month_punches(tenant_id, after.isoformat()[:7], after.isoformat()),
    ]
    for punch in raw:
        punches.setdefault(punch.person_id, []).append(datetime.fromisoformat(punch.at))
    for back in range(LEAVE_LOOKBACK_MONTHS):
        for request in store.approved_leave_starting(tenant_id, month_shift(month, -back)):
            requests.setdefault(request.person_id, []).append(request)
    stored = {(r.person_id, r.date): r for r in daily_store.month_days(tenant_id, month)}
    loaded = day_extras.load_months(tenant_id, [month])
    return MonthInputs(people, calendar, roster, kinds, punches, requests, stored, loaded)


# ---- recompute -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recompute:
    people: int
    days: int
    written: int
    records: dict[str, list[DayRecord]]
    inputs: MonthInputs


def recompute_month(tenant_id: str, month: str, person_ids: Sequence[str] | None = None) -> Recompute:
    """Recompute and store the month's results of ``person_ids`` (None: every active person);
    only results that differ from the stored ones are written. Refused (409) when the month is locked."""
    daily_store.refuse_if_locked(tenant_id, [month], "month")
    inputs = load_inputs(tenant_id, month, person_ids)
    first, last = monthly.month_bounds(month)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    now = local_now()
    changed: list[DayRecord] = []
    records: dict[str, list[DayRecord]] = {}
    for person in inputs.people:
        mine = person_month(
            person,
            days,
            inputs.roster,
            inputs.calendar,
            inputs.punches.get(person.person_id, []),
            inputs.requests.get(person.person_id, []),
            inputs.kinds,
            now,
            extras=inputs.extras_of(person.person_id),
        )
        records[person.person_id] = mine
        changed.extend(r for r in mine if inputs.stored.get((r.person_id, r.date)) != r)
    written = daily_store.write_days(tenant_id, changed)
    return Recompute(len(inputs.people), sum(len(r) for r in records.values()), written, records, inputs)


def months_between(start: date, end: date) -> list[str]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day.isoformat()[:7])
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def recompute_person_dates(tenant_id: str, person_id: str, start: date, end: date) -> None:
    """After a change to one person's leave or punches: recompute the open months it touches (a
    locked month is left as frozen; the change itself was refused if it would have altered it)."""
    today = local_now().date()
    for month in months_between(start, min(end, today)):
        if daily_store.find_lock(tenant_id, month) is None:
            recompute_month(tenant_id, month, [person_id])
