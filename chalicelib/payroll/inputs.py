"""Where a run's inputs come from outside payroll: attendance months and review ratings.

Each is one bounded read for the whole batch of people, never one per person:

* attendance: ``chalicelib.attendance.monthly.month_summaries(tenant, month, person_ids)`` — the
  attendance domain's monthly summary (locked when HR closed the month);
* bank accounts: the person's file (人事档案, its sealed bank account and mask) — payroll keeps no copy;
* review ratings: the run's cycle and its results in one Query of the cycle's partition
  (``reviews.store.results``); only a cycle whose results are published counts.

Tests may swap the attendance source with :func:`use_attendance` (the production path calls the
attendance domain's function).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager

from chalicelib.core.errors import Conflict, Invalid, NotFound
from chalicelib.payroll.payslip import MonthSummary, RatingIn

AttendanceSource = Callable[[str, str, list[str]], Mapping[str, MonthSummary]]
PUBLISHED = frozenset({"results_published", "closed"})

_override: AttendanceSource | None = None


def _from_attendance(tenant_id: str, month: str, person_ids: list[str]) -> Mapping[str, MonthSummary]:
    from chalicelib.attendance import monthly  # type: ignore[attr-defined]

    return monthly.month_summaries(tenant_id, month, person_ids)  # type: ignore[no-any-return]


def attendance(tenant_id: str, month: str, person_ids: Iterable[str]) -> Mapping[str, MonthSummary]:
    """The month's attendance summaries of these people (people without one are absent from the map)."""
    source = _override or _from_attendance
    return source(tenant_id, month, list(person_ids))


@contextmanager
def use_attendance(source: AttendanceSource) -> Iterator[None]:
    """Read attendance from ``source`` inside the block (tests, benchmarks)."""
    global _override
    previous, _override = _override, source
    try:
        yield
    finally:
        _override = previous


def cycle_published(tenant_id: str, cycle_id: str) -> bool:
    """Whether the cycle's results are published; 400 naming ``review_cycle_id`` when it is not here.

    A draft run may read a cycle still in progress (its ratings are provisional and every payslip
    says so); the run cannot be reviewed until the results are published.
    """
    from chalicelib.reviews import store as reviews

    try:
        cycle = reviews.get_cycle(tenant_id, cycle_id)
    except NotFound:
        raise Invalid.field("review_cycle_id", "payroll.cycle_not_found") from None
    return str(cycle.stage) in PUBLISHED


def check_published(tenant_id: str, cycle_id: str | None) -> None:
    if cycle_id and not cycle_published(tenant_id, cycle_id):
        raise Conflict.field("review_cycle_id", "payroll.cycle_not_published")


def ratings(tenant_id: str, cycle_id: str | None) -> dict[str, RatingIn]:
    """Each participant's rating in the cycle (the calibrated one when there is one): one Query."""
    if not cycle_id:
        return {}
    from chalicelib.reviews import store as reviews

    return {
        r.person_id: RatingIn(cycle_id=cycle_id, rating=r.final_rating or r.rating)
        for r in reviews.results(tenant_id, cycle_id)
    }


def bank_accounts(tenant_id: str) -> dict[str, str]:
    """Each person's masked salary-card number from their file (one Query of the files)."""
    from chalicelib.people import store as people

    return {
        f.person_id: str(f.masks["bank_account"]) for f in people.list_files(tenant_id) if f.masks.get("bank_account")
    }
