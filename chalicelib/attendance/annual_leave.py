"""Paid annual leave entitlement (带薪年休假条例 and 企业职工带薪年休假实施办法).

- Cumulative working years across all employers: 1 to under 10 → 5 days; 10 to under 20 → 10;
  20 or more → 15; under 12 months → none (条例 art. 3).
- A new joiner's first year at this employer: (remaining calendar days of the year at this
  employer ÷ 365) × the entitlement, the fraction of a day dropped (实施办法 art. 5). The divisor
  is 365 in leap years too, as the 办法 writes it.
The thresholds are a dated table like every legal figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from chalicelib.core.errors import Invalid


@dataclass(frozen=True)
class Tier:
    min_months: int
    days: int


@dataclass(frozen=True)
class EntitlementTable:
    valid_from: date
    source: str
    tiers: tuple[Tier, ...]  # ascending by min_months


TABLES: tuple[EntitlementTable, ...] = (
    EntitlementTable(
        date(2008, 1, 1), "职工带薪年休假条例 (国务院令第514号) 第三条", (Tier(12, 5), Tier(120, 10), Tier(240, 15))
    ),
)


def _table(on: date) -> EntitlementTable:
    in_force = [table for table in TABLES if table.valid_from <= on]
    if not in_force:
        raise Invalid("payroll.rule_not_in_force", rule="annual_leave", on=on.isoformat())
    return max(in_force, key=lambda table: table.valid_from)


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (2016-01-15 → 2026-01-14 is 119)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def entitlement(working_months: int, on: date) -> int:
    """Days a year for ``working_months`` of cumulative working time."""
    if working_months < 0:
        raise Invalid.field("working_months", "payroll.amount_negative")
    days = 0
    for tier in _table(on).tiers:
        if working_months >= tier.min_months:
            days = tier.days
    return days


def first_year_days(joined: date, working_months_at_join: int) -> int:
    """A new joiner's annual leave in the year they join, pro rata to the days left."""
    full = entitlement(working_months_at_join, joined)
    remaining = (date(joined.year, 12, 31) - joined).days + 1
    return int((Decimal(remaining) / Decimal(365) * full).to_integral_value(rounding=ROUND_FLOOR))


def days_for_year(year: int, joined: date, working_months_before_joining: int) -> int:
    """The grant for ``year``: pro rata in the joining year, else by working time on 1 January."""
    if year < joined.year:
        return 0
    if year == joined.year:
        return first_year_days(joined, working_months_before_joining)
    january = date(year, 1, 1)
    return entitlement(working_months_before_joining + months_between(joined, january), january)
