"""Shifts and the day a punch belongs to — night shifts included.

A punch belongs to the shift it opens or closes, not to the calendar date it happens on: a
check-out at 06:03 after a 22:00–06:00 shift closes the shift that started the evening before,
so that night is one present day and the next day is not marked absent. Each shift instance has a
window around it (``window`` before its start and after its end); a punch belongs to the instance
whose window holds it, nearest first.

A flexible shift (弹性工时) has core hours that must be covered and a total to work between the first
and the last punch, inside its span (``start``–``end``: the earliest check-in and the latest check-out
that count): late is arriving after the core start, left early leaving before the core end (both with
the grace minutes), and a day that covers the core but not the total is ``short_hours``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal


@dataclass(frozen=True)
class Shift:
    start: time
    end: time
    grace_minutes: int = 0
    """Minutes after the start that are not yet late (and before the end not yet early)."""
    window: timedelta = timedelta(hours=4)
    core: tuple[time, time] | None = None
    """Flexible hours: the core that must be covered (``start``/``end`` are then the span that counts)."""
    required_minutes: int = 0
    """Flexible hours: the total to work between the first and the last punch, inside the span."""

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def bounds(self, work_date: date) -> tuple[datetime, datetime]:
        start = datetime.combine(work_date, self.start)
        end = datetime.combine(work_date + timedelta(days=1 if self.crosses_midnight else 0), self.end)
        return start, end

    def core_bounds(self, work_date: date) -> tuple[datetime, datetime]:
        """The core hours of the instance starting on ``work_date``, placed inside its span."""
        assert self.core is not None
        span_start, _ = self.bounds(work_date)

        def at(moment: time) -> datetime:
            placed = datetime.combine(work_date, moment)
            return placed if placed >= span_start else placed + timedelta(days=1)

        return at(self.core[0]), at(self.core[1])


Status = Literal["present", "late", "left_early", "late_and_left_early", "short_hours", "missing_punch", "absent"]


@dataclass(frozen=True)
class DayResult:
    work_date: date
    status: Status
    late_minutes: int = 0
    early_minutes: int = 0
    check_in: datetime | None = None
    check_out: datetime | None = None
    short_minutes: int = 0


def work_date_of(punch: datetime, shift: Shift) -> date | None:
    """The work date of the shift instance ``punch`` belongs to, or ``None`` if it fits none."""
    best: tuple[timedelta, date] | None = None
    for offset in (-1, 0, 1):
        work_date = punch.date() + timedelta(days=offset)
        start, end = shift.bounds(work_date)
        if start - shift.window <= punch <= end + shift.window:
            distance = timedelta(0) if start <= punch <= end else min(abs(punch - start), abs(punch - end))
            if best is None or distance < best[0]:
                best = (distance, work_date)
    return None if best is None else best[1]


def group_punches(punches: Iterable[datetime], shift: Shift) -> dict[date, list[datetime]]:
    """Punches by the work date of the shift each belongs to."""
    days: dict[date, list[datetime]] = {}
    for punch in sorted(punches):
        work_date = work_date_of(punch, shift)
        if work_date is not None:
            days.setdefault(work_date, []).append(punch)
    return days


def day_result(work_date: date, shift: Shift, punches: Sequence[datetime]) -> DayResult:
    """Present, late, left early, a missing punch or absent — with the minutes, for "迟到 12 分钟"."""
    if not punches:
        return DayResult(work_date, "absent")
    start, end = shift.bounds(work_date)
    check_in, check_out = min(punches), max(punches)
    if len(punches) == 1:
        nearer_start = abs(check_in - start) <= abs(check_in - end)
        return DayResult(
            work_date,
            "missing_punch",
            check_in=check_in if nearer_start else None,
            check_out=None if nearer_start else check_out,
        )
    if shift.core is not None:
        return flexible_result(work_date, shift, check_in, check_out)
    grace = timedelta(minutes=shift.grace_minutes)
    late = int((check_in - start).total_seconds() // 60) if check_in > start + grace else 0
    early = int((end - check_out).total_seconds() // 60) if check_out < end - grace else 0
    status: Status = (
        "late_and_left_early" if late and early else "late" if late else "left_early" if early else "present"
    )
    return DayResult(work_date, status, late, early, check_in, check_out)


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def flexible_result(work_date: date, shift: Shift, check_in: datetime, check_out: datetime) -> DayResult:
    """Late after the core start, early before the core end, else short of the total: "工时不足 45 分钟"."""
    span_start, span_end = shift.bounds(work_date)
    core_start, core_end = shift.core_bounds(work_date)
    grace = timedelta(minutes=shift.grace_minutes)
    late = _minutes(check_in - core_start) if check_in > core_start + grace else 0
    early = _minutes(core_end - check_out) if check_out < core_end - grace else 0
    worked = max(timedelta(0), min(check_out, span_end) - max(check_in, span_start))
    short = max(0, shift.required_minutes - _minutes(worked))
    status: Status = (
        "late_and_left_early"
        if late and early
        else "late"
        if late
        else "left_early"
        if early
        else "short_hours"
        if short
        else "present"
    )
    return DayResult(work_date, status, late, early, check_in, check_out, short)
