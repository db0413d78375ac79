"""China's working calendar: what kind of day a date is, for attendance, leave and overtime pay.

Five kinds, because pay and leave treat them differently:

- ``workday`` — an ordinary working day;
- ``makeup_workday`` — a weekend day worked in exchange for a holiday (调休上班): a working day;
- ``rest_day`` — an ordinary weekend day;
- ``holiday_rest`` — a day off in a holiday period that is *not* a statutory day (the swapped
  days and weekends around it): overtime is paid as on a rest day (200 % or time off in lieu);
- ``statutory_holiday`` — a statutory holiday day itself (法定节假日): overtime at 300 %.

The State Council's arrangement comes from :mod:`cn_calendar_data` (generated from maintained
packages). A year not yet announced knows only its statutory days; its weekends are rest days
until the announcement or a tenant override says otherwise (:attr:`Calendar.announced`).
A tenant's overrides win over everything: a company day off, a late announcement, one Saturday
worked.

Rest-day patterns (:class:`RestPattern`, set on a shift): ``double`` (双休, Saturday and Sunday) follows
the State Council's arrangement exactly; ``single`` (单休, Sunday only) and ``alternating`` (大小周: a
six-day 大周 then a five-day 小周, the anchor date lying in a 大周) keep the statutory holidays (always
holidays, 300 %) and otherwise follow their own week: the arrangement's swapped rest days and make-up
working days move Saturdays and Sundays of a 双休 week, which these weeks do not have.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from chalicelib.attendance import cn_calendar_data as data

DayKind = Literal["workday", "makeup_workday", "rest_day", "holiday_rest", "statutory_holiday"]
WORKING: frozenset[DayKind] = frozenset({"workday", "makeup_workday"})
PatternKind = Literal["double", "single", "alternating"]


@dataclass(frozen=True)
class RestPattern:
    """Which days of a week are ordinarily rest days."""

    kind: PatternKind = "double"
    anchor: date | None = None
    """大小周: a date in a 大周 (the six-day week); the weeks alternate from it, Monday to Sunday."""

    def rests_on(self, day: date) -> bool:
        """Whether ``day`` is an ordinary rest day of the pattern (holidays aside)."""
        weekday = day.weekday()
        if weekday == 6:
            return True
        if weekday != 5 or self.kind == "single":
            return False
        if self.kind == "alternating" and self.anchor is not None:
            weeks = ((day - timedelta(days=weekday)) - (self.anchor - timedelta(days=self.anchor.weekday()))).days // 7
            return weeks % 2 == 1  # 大周 (even weeks from the anchor's) work on Saturday
        return True


DOUBLE = RestPattern()


@dataclass(frozen=True)
class Override:
    """A tenant's decision for one date, with why (shown in the calendar view)."""

    day: date
    kind: DayKind
    note: str = ""


@dataclass(frozen=True)
class Calendar:
    """The working calendar of one tenant: the national arrangement plus the tenant's overrides."""

    overrides: Mapping[date, Override] = field(default_factory=dict)
    rest_weekdays: frozenset[int] = frozenset({5, 6})
    """Weekdays (Monday = 0) that are ordinarily rest days: 双休 by default."""
    patterns: tuple[tuple[date, RestPattern], ...] = ()
    """A person's rest patterns, each from a date (ascending); none: 双休."""

    def pattern_on(self, day: date) -> RestPattern:
        chosen = DOUBLE
        for valid_from, pattern in self.patterns:
            if valid_from > day:
                break
            chosen = pattern
        return chosen

    def with_patterns(self, patterns: Iterable[tuple[date, RestPattern]]) -> Calendar:
        """This calendar seen by a person whose rest patterns are ``patterns`` (from dates)."""
        return replace(self, patterns=tuple(sorted(patterns, key=lambda p: p[0])))

    def kind(self, day: date) -> DayKind:
        override = self.overrides.get(day)
        if override is not None:
            return override.kind
        iso = day.isoformat()
        if iso in data.STATUTORY:
            return "statutory_holiday"
        pattern = self.pattern_on(day) if self.patterns else DOUBLE
        if pattern.kind != "double":
            return "rest_day" if pattern.rests_on(day) else "workday"
        if iso in data.MAKEUP_WORKDAYS:
            return "makeup_workday"
        if iso in data.DAYS_OFF:
            return "holiday_rest"
        return "rest_day" if day.weekday() in self.rest_weekdays else "workday"

    def is_working_day(self, day: date) -> bool:
        return self.kind(day) in WORKING

    def festival(self, day: date) -> str | None:
        """The statutory festival a day belongs to (``spring_festival``…), for the calendar view."""
        return data.STATUTORY.get(day.isoformat())

    @staticmethod
    def announced(year: int) -> bool:
        """Whether the State Council's arrangement for ``year`` is in the data."""
        return year in data.ANNOUNCED_YEARS

    def days(self, start: date, end: date) -> Iterator[tuple[date, DayKind]]:
        """Each date from ``start`` to ``end`` inclusive with its kind."""
        day = start
        while day <= end:
            yield day, self.kind(day)
            day += timedelta(days=1)

    def working_days(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end`` inclusive: what leave over a holiday counts."""
        return sum(1 for _, kind in self.days(start, end) if kind in WORKING)


def with_overrides(overrides: list[Override], rest_weekdays: frozenset[int] = frozenset({5, 6})) -> Calendar:
    return Calendar({override.day: override for override in overrides}, rest_weekdays)
