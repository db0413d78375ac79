"""Storage of daily results, month summaries and month locks.

* a month's day results of everyone: Query ``T#<t>#ATTDAY#<YYYY-MM>`` (SK ``<person>#<date>``)
* a person's day results of a month: GSI1 ``T#<t>#ATTDAY#PERSON#<person>`` begins_with ``<YYYY-MM>``
* some people's results of one day (a team's today): BatchGetItem of the month partition's keys
* month summaries: ``T#<t>#ATTSUM#<YYYY-MM>`` / ``<person>`` — BatchGetItem for some people,
  Query for everyone
* the month lock: ``T#<t>`` / ``ATTLOCK#<YYYY-MM>``; it exists while the month is locked, and every
  write to that month's punches, requests or results checks in its transaction that it does not
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from chalicelib.attendance.daily_schemas import DayRecord, MonthLock, MonthRecord
from chalicelib.core.db import Changes, Item, find, load, load_all, query, stored, tenant_key, try_load
from chalicelib.core.errors import Conflict


class DayResultItem(Item, discriminator="attday"):
    pass


class MonthSummaryItem(Item, discriminator="attsum"):
    pass


class MonthLockItem(Item, discriminator="attlock"):
    pass


def day_key(tenant_id: str, person_id: str, day: date) -> tuple[str, str]:
    return tenant_key(tenant_id, "ATTDAY", day.isoformat()[:7]), f"{person_id}#{day.isoformat()}"


def person_days_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "ATTDAY", "PERSON", person_id)


def summary_key(tenant_id: str, month: str, person_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id, "ATTSUM", month), person_id


def lock_key(tenant_id: str, month: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"ATTLOCK#{month}"


# ---- day results ----------------------------------------------------------------------------------


def day_item(tenant_id: str, record: DayRecord) -> DayResultItem:
    return DayResultItem(
        *day_key(tenant_id, record.person_id, record.date),
        data=stored(record),
        GSI1PK=person_days_pk(tenant_id, record.person_id),
        GSI1SK=record.date.isoformat(),
    )


def person_month_days(tenant_id: str, person_id: str, month: str) -> list[DayRecord]:
    """A person's stored results of ``month``, by date: one Query."""
    return load_all(DayRecord, query(DayResultItem, person_days_pk(tenant_id, person_id), f"{month}-", index="GSI1"))


def month_days(tenant_id: str, month: str) -> list[DayRecord]:
    """Everyone's stored results of ``month``: one Query (paged by DynamoDB at 1 MB)."""
    return load_all(DayRecord, query(DayResultItem, tenant_key(tenant_id, "ATTDAY", month)))


def days_of(tenant_id: str, day: date, person_ids: Iterable[str]) -> dict[str, DayRecord]:
    """Some people's results of one date: BatchGetItem, 100 keys a call."""
    keys = [day_key(tenant_id, p, day) for p in dict.fromkeys(person_ids)]
    items = DayResultItem.batch_get(keys) if keys else []
    records = load_all(DayRecord, (i for i in items if isinstance(i, DayResultItem)))
    return {r.person_id: r for r in records}


# ---- month summaries ------------------------------------------------------------------------------


def summary_item(tenant_id: str, record: MonthRecord) -> MonthSummaryItem:
    return MonthSummaryItem(*summary_key(tenant_id, record.month, record.person_id), data=stored(record))


def summaries(tenant_id: str, month: str, person_ids: Sequence[str]) -> dict[str, MonthRecord]:
    """The stored summaries of ``month`` for ``person_ids`` that exist: BatchGetItem, 100 keys a call."""
    keys = [summary_key(tenant_id, month, p) for p in dict.fromkeys(person_ids)]
    items = MonthSummaryItem.batch_get(keys) if keys else []
    records = (try_load(MonthRecord, i) for i in items if isinstance(i, MonthSummaryItem))
    return {r.person_id: r for r in records if r is not None}


def all_summaries(tenant_id: str, month: str) -> list[MonthRecord]:
    return load_all(MonthRecord, query(MonthSummaryItem, tenant_key(tenant_id, "ATTSUM", month)))


# ---- the month lock -------------------------------------------------------------------------------


def find_lock(tenant_id: str, month: str) -> MonthLock | None:
    item = find(MonthLockItem, *lock_key(tenant_id, month))
    return load(MonthLock, item) if item else None


def lock_item(tenant_id: str, lock: MonthLock) -> MonthLockItem:
    return MonthLockItem(*lock_key(tenant_id, lock.month), data=stored(lock))


def commit_unless_locked(changes: Changes, tenant_id: str, months: Iterable[str], field: str) -> None:
    """Commit ``changes`` with a check, in the same transaction, that none of ``months`` is locked;
    409 naming ``field`` and the month when one is (the lock is read only when the commit fails)."""
    wanted = sorted(set(months))
    for month in wanted:
        changes.forbid(*lock_key(tenant_id, month))
    try:
        changes.commit()
    except Conflict:
        for month in wanted:
            if find_lock(tenant_id, month) is not None:
                raise Conflict.field(field, "attendance.month_locked", month=month) from None
        raise


def refuse_if_locked(tenant_id: str, months: Iterable[str], field: str) -> None:
    """409 when one of ``months`` is locked (for writes that cannot carry the check in a transaction)."""
    for month in sorted(set(months)):
        if find_lock(tenant_id, month) is not None:
            raise Conflict.field(field, "attendance.month_locked", month=month)


def write_days(tenant_id: str, records: Iterable[DayRecord]) -> int:
    """Put day results with BatchWriteItem (25 a call); returns how many were written."""
    count = 0
    with DayResultItem.batch_write() as batch:
        for record in records:
            batch.save(day_item(tenant_id, record))
            count += 1
    return count


def write_summaries(tenant_id: str, records: Iterable[MonthRecord]) -> int:
    count = 0
    with MonthSummaryItem.batch_write() as batch:
        for record in records:
            batch.save(summary_item(tenant_id, record))
            count += 1
    return count
