"""Appraisal periods: ``2026-03`` (month), ``2026-Q1`` (quarter), ``2026-H1`` (half year), ``2026`` (year).

The same codes as indicator sets use (``indicators.schemas.PERIOD``). A period is divided into
*units* for forecasting and for actuals entered along the way: days for a month, months for the
longer periods. Unit indexes are 1-based (day 1 … day 31, month 1 … month 12).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Years 1000-2999: a real date, and so is the year before (year 0 is no date).
PERIOD = r"^[12]\d{3}(-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$"
_PERIOD = re.compile(PERIOD)


class PeriodType(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEAR = "half_year"
    YEARLY = "yearly"


@dataclass(frozen=True)
class Period:
    code: str
    type: PeriodType
    start: date
    end: date

    @property
    def unit(self) -> str:
        """``day`` for a month, ``month`` for quarters, half years and years."""
        return "day" if self.type is PeriodType.MONTHLY else "month"

    @property
    def length(self) -> int:
        """Number of units: days in the month, or months in the period."""
        if self.type is PeriodType.MONTHLY:
            return self.end.day
        return _months_between(self.start, self.end)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def index_of(self, day: date) -> int:
        """The unit index of ``day`` (ValueError when it lies outside the period)."""
        if not self.contains(day):
            raise ValueError(f"{day.isoformat()} is outside the period {self.code}")
        if self.type is PeriodType.MONTHLY:
            return day.day
        return _months_between(self.start, day)

    def step_start(self, index: int) -> date:
        """The first day of unit ``index`` (1-based): that day of a month, or that month's 1st."""
        if not 1 <= index <= self.length:
            raise ValueError(f"{self.code} has units 1..{self.length}, not {index}")
        if self.type is PeriodType.MONTHLY:
            return self.start.replace(day=index)
        months = self.start.month - 1 + index - 1
        return date(self.start.year + months // 12, months % 12 + 1, 1)

    def step_code(self, index: int) -> str:
        """Unit ``index`` as a period code of its own: ``2026-05`` for a month, ``2026-05-12`` for a day."""
        start = self.step_start(index)
        return start.isoformat() if self.type is PeriodType.MONTHLY else start.isoformat()[:7]

    def elapsed(self, today: date) -> int:
        """Units begun by ``today``: 0 before the period, ``length`` after it."""
        if today < self.start:
            return 0
        if today > self.end:
            return self.length
        return self.index_of(today)

    def previous(self) -> Period:
        year = self.start.year
        if self.type is PeriodType.YEARLY:
            return parse(str(year - 1))
        if self.type is PeriodType.MONTHLY:
            month = self.start.month
            return parse(f"{year - 1}-12") if month == 1 else parse(f"{year}-{month - 1:02d}")
        if self.type is PeriodType.QUARTERLY:
            quarter = (self.start.month - 1) // 3 + 1
            return parse(f"{year - 1}-Q4") if quarter == 1 else parse(f"{year}-Q{quarter - 1}")
        half = 1 if self.start.month == 1 else 2
        return parse(f"{year - 1}-H2") if half == 1 else parse(f"{year}-H1")


def _months_between(start: date, day: date) -> int:
    """1 for the start month, 2 for the next, ..."""
    return (day.year - start.year) * 12 + day.month - start.month + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse(code: str) -> Period:
    """The period a code names; ValueError for anything else."""
    if not isinstance(code, str) or not _PERIOD.match(code):
        raise ValueError(f"period {code!r} must look like 2026, 2026-H1, 2026-Q1 or 2026-03")
    year = int(code[:4])
    rest = code[5:]
    if not rest:
        return Period(code, PeriodType.YEARLY, date(year, 1, 1), date(year, 12, 31))
    if rest.startswith("Q"):
        first = (int(rest[1]) - 1) * 3 + 1
        return Period(code, PeriodType.QUARTERLY, date(year, first, 1), _month_end(year, first + 2))
    if rest.startswith("H"):
        first = 1 if rest == "H1" else 7
        return Period(code, PeriodType.HALF_YEAR, date(year, first, 1), _month_end(year, first + 5))
    month = int(rest)
    return Period(code, PeriodType.MONTHLY, date(year, month, 1), _month_end(year, month))


def type_of(code: str) -> PeriodType:
    return parse(code).type
