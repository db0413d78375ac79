"""What a day's result adds to the shift's verdict: business trips and overtime seen in the punches.

Pure rules (:func:`apply`), applied to the result :func:`chalicelib.attendance.daily.day_record` made:

- **A business trip** (approved) covering a working day makes it ``business_trip``: a day worked,
  nothing late or early, no absence; ``trip_days`` is the share it covers (0.5 at a half-day end).
  A day fully on leave stays ``on_leave``; half leave + half trip is half of each. A trip over a
  rest day leaves it ``rest`` (working then is overtime, asked for like any other).
- **Overtime seen in the punches**, in whole half hours: on a rest day or holiday, from the first to
  the last punch; on a working day, from the shift's end to the check-out when that is at least the
  company's threshold (default 60 minutes). It is *flagged*, never paid: payroll pays only approved
  overtime requests. ``overtime_approved`` says an approved request covers the date (the flag goes).

Loading the extras is bounded like the rest of a recompute: for a few people their trips and their
month's overtime (one Query each); for many the approved trips by start month (a fixed look-back)
and the month's approved overtime (one Query); the settings are one GetItem.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from chalicelib.attendance import store, trip_store
from chalicelib.attendance.calendar import WORKING
from chalicelib.attendance.clock_schemas import ShiftDef
from chalicelib.attendance.daily_schemas import DayRecord
from chalicelib.attendance.schemas import Overtime, RequestStatus
from chalicelib.attendance.trip_schemas import Trip

HALF = Decimal("0.5")
HALF_HOUR = 30
TRIP_LOOKBACK_MONTHS = 4  # a trip lasts at most 92 days: one starting 3 months back may still run


@dataclass(frozen=True)
class Extras:
    trips: Sequence[Trip] = ()
    overtime_dates: frozenset[date] = frozenset()  # dates with approved overtime
    threshold_minutes: int = 60


NONE = Extras()


def half_hours(minutes: float) -> int:
    """Whole half hours in ``minutes``, as minutes (89 → 60, 90 → 90)."""
    return int(minutes // HALF_HOUR) * HALF_HOUR


def _shift_end(day: date, definition: ShiftDef) -> datetime:
    start, end = time.fromisoformat(definition.start), time.fromisoformat(definition.end)
    return datetime.combine(day + timedelta(days=1 if end <= start else 0), end)


def seen_overtime(record: DayRecord, definition: ShiftDef, threshold_minutes: int) -> tuple[int, str | None]:
    """Overtime minutes the punches show (half hours) and why: ``rest_day``, ``holiday`` or ``after_shift``."""
    if record.check_in is None or record.check_out is None:
        return 0, None
    first, last = datetime.fromisoformat(record.check_in), datetime.fromisoformat(record.check_out)
    if record.status == "rest":
        minutes = half_hours((last - first).total_seconds() / 60)
        return (minutes, "holiday" if record.day_kind == "statutory_holiday" else "rest_day") if minutes else (0, None)
    if record.status in ("on_leave", "business_trip"):
        return 0, None
    after = (last - _shift_end(record.date, definition)).total_seconds() / 60
    if after < threshold_minutes:
        return 0, None
    return half_hours(after), "after_shift"


def apply(record: DayRecord, definition: ShiftDef, extras: Extras) -> DayRecord:
    """The day's result with its trip and the overtime its punches show (see the module docstring)."""
    update: dict[str, object] = {}
    trip = trip_of_day(list(extras.trips), record.date) if extras.trips else Decimal(0)
    if trip and record.day_kind in WORKING and record.status != "on_leave":
        worked = Decimal(1) - Decimal(str(record.leave_days))
        update = {"status": "business_trip", "trip_days": float(min(trip, worked))}
        update |= {"late_minutes": 0, "early_minutes": 0}
    record = record.model_copy(update=update) if update else record
    minutes, reason = seen_overtime(record, definition, extras.threshold_minutes)
    if not minutes:
        return record
    return record.model_copy(
        update={
            "overtime_minutes": minutes,
            "overtime_reason": reason,
            "overtime_approved": record.date in extras.overtime_dates,
        }
    )


def share_of_day(trip: Trip, day: date) -> Decimal:
    """How much of ``day`` the trip covers: 1, 0.5 at a half-day end, 0 outside it (pure)."""
    if not trip.start <= day <= trip.end:
        return Decimal(0)
    share = Decimal(1)
    if day == trip.start and trip.start_half == "pm":
        share -= HALF
    if day == trip.end and trip.end_half == "am" and (trip.end != trip.start or trip.start_half == "am"):
        share -= HALF
    return max(share, Decimal(0))


def trip_of_day(trips: list[Trip], day: date) -> Decimal:
    """The share of ``day`` covered by approved trips (at most one day)."""
    total = sum((share_of_day(t, day) for t in trips if t.status == RequestStatus.APPROVED), Decimal(0))
    return min(total, Decimal(1))


# ---- loading ---------------------------------------------------------------------------------------


@dataclass
class Loaded:
    threshold_minutes: int
    trips: dict[str, list[Trip]] = field(default_factory=dict)
    overtime: dict[str, set[date]] = field(default_factory=dict)
    approved: dict[str, list[Overtime]] = field(default_factory=dict)  # the records (the lock's summaries)

    def of(self, person_id: str) -> Extras:
        return Extras(
            tuple(self.trips.get(person_id, ())),
            frozenset(self.overtime.get(person_id, ())),
            self.threshold_minutes,
        )


def _approved_overtime(loaded: Loaded, records: Iterable[Overtime]) -> None:
    for record in records:
        if record.status == RequestStatus.APPROVED:
            loaded.overtime.setdefault(record.person_id, set()).add(record.date)
            loaded.approved.setdefault(record.person_id, []).append(record)


def load_people(tenant_id: str, person_ids: Iterable[str], months: Sequence[str]) -> Loaded:
    """A few people's trips (one Query each) and their overtime of ``months`` (one Query a month each)."""
    loaded = Loaded(trip_store.find_settings(tenant_id).overtime_threshold_minutes)
    for person_id in person_ids:
        loaded.trips[person_id] = [
            t for t in trip_store.person_trips(tenant_id, person_id) if t.status == RequestStatus.APPROVED
        ]
        for month in months:
            _approved_overtime(loaded, store.overtime_in_month(tenant_id, person_id, month))
    return loaded


def load_months(tenant_id: str, months: Sequence[str]) -> Loaded:
    """Everyone's approved trips that may touch ``months`` and approved overtime of ``months``."""
    from chalicelib.attendance.daily import month_shift

    loaded = Loaded(trip_store.find_settings(tenant_id).overtime_threshold_minutes)
    starts = sorted({month_shift(m, -back) for m in months for back in range(TRIP_LOOKBACK_MONTHS)})
    for start in starts:
        for trip in trip_store.approved_trips_starting(tenant_id, start):
            loaded.trips.setdefault(trip.person_id, []).append(trip)
    for month in months:
        _approved_overtime(loaded, store.approved_overtime_in(tenant_id, month))
    return loaded
