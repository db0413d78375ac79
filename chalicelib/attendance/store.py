"""Attendance storage: the tenant's calendar overrides, leave types, balances, ledger and requests.

* calendar overrides of a date range: Query ``T#<t>`` / ``CALDAY#<date>`` between two dates
* the tenant's own leave types: Query ``T#<t>`` begins_with ``LEAVETYPE#``
* a person's balance of a type: GetItem ``T#<t>`` / ``LEAVEBAL#<person>#<type>`` (its version
  serialises every change of that balance: two approvals racing for the last days → one 409)
* a person's ledger of a type, newest first: Query ``T#<t>#LEDGER#<person>`` begins_with ``<type>#``
* a request: GetItem ``T#<t>`` / ``LEAVEREQ#<id>``
* a person's requests, newest first: GSI1 ``T#<t>#LEAVEREQ#PERSON#<person>``
* an approver's queue (sparse, only while a decision is due): GSI2 ``T#<t>#LEAVEREQ#APPROVER#<person|HR>``
* approved leave by the month it starts (once decided, GSI2 moves there): GSI2
  ``T#<t>#LEAVEREQ#APPROVED#<YYYY-MM>`` — a month's leave of everyone is a few Queries
* approved overtime by month: GSI2 ``T#<t>#OVERTIME#APPROVED#<YYYY-MM>``
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.attendance.schemas import Balance, LeaveRequest, LeaveType, LedgerEntry, Overtime, RequestStatus
from chalicelib.core.db import Changes, Item, find, get, load, load_all, query, query_page, stored, tenant_key, try_load
from chalicelib.core.paging import Page, PageRequest

HR_QUEUE = "HR"


class CalendarOverrideItem(Item, discriminator="calday"):
    pass


class LeaveTypeItem(Item, discriminator="leavetype"):
    pass


class LeaveBalanceItem(Item, discriminator="leavebal"):
    pass


class LedgerItem(Item, discriminator="leaveentry"):
    pass


class LeaveRequestItem(Item, discriminator="leavereq"):
    pass


class OvertimeItem(Item, discriminator="overtime"):
    pass


def override_key(tenant_id: str, day: date) -> tuple[str, str]:
    return tenant_key(tenant_id), f"CALDAY#{day.isoformat()}"


def leave_type_key(tenant_id: str, code: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"LEAVETYPE#{code}"


def balance_key(tenant_id: str, person_id: str, leave_type: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"LEAVEBAL#{person_id}#{leave_type}"


def ledger_key(tenant_id: str, person_id: str, entry: LedgerEntry) -> tuple[str, str]:
    return tenant_key(tenant_id, "LEDGER", person_id), f"{entry.leave_type}#{entry.on.isoformat()}#{entry.entry_id}"


def request_key(tenant_id: str, request_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"LEAVEREQ#{request_id}"


def person_requests_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "LEAVEREQ", "PERSON", person_id)


def approver_queue_pk(tenant_id: str, approver: str) -> str:
    return tenant_key(tenant_id, "LEAVEREQ", "APPROVER", approver)


# ---- calendar -------------------------------------------------------------------------------------


def overrides_between(tenant_id: str, start: date, end: date) -> list[dict[str, Any]]:
    """The tenant's overridden days from ``start`` to ``end``: ``{"date", "kind", "note"}`` each."""
    pk, low = override_key(tenant_id, start)
    _, high = override_key(tenant_id, end)
    items = CalendarOverrideItem.query(pk, Item.SK.between(low, high), consistent_read=True)
    return [i.payload() for i in items if isinstance(i, CalendarOverrideItem)]


def put_override(changes: Changes, tenant_id: str, day: date, kind: str, note: str, *, version: int) -> None:
    """Write a day's override at the version read (0: none yet) — two HR edits at once: one 409."""
    item = CalendarOverrideItem(
        *override_key(tenant_id, day), data={"date": day.isoformat(), "kind": kind, "note": note}
    )
    item.at_version(version)
    (changes.save if version else changes.create)(item)


def delete_override(changes: Changes, tenant_id: str, day: date, *, version: int) -> None:
    changes.delete(CalendarOverrideItem(*override_key(tenant_id, day)).at_version(version))


def find_override(tenant_id: str, day: date) -> dict[str, Any] | None:
    item = find(CalendarOverrideItem, *override_key(tenant_id, day))
    return item.payload() if item else None


# ---- leave types ----------------------------------------------------------------------------------


def custom_leave_types(tenant_id: str) -> list[LeaveType]:
    pk, _ = leave_type_key(tenant_id, "")
    return load_all(LeaveType, query(LeaveTypeItem, pk, "LEAVETYPE#"))


def add_leave_type(changes: Changes, tenant_id: str, leave_type: LeaveType) -> None:
    changes.create(LeaveTypeItem(*leave_type_key(tenant_id, leave_type.code), data=stored(leave_type)))


# ---- balances and ledger --------------------------------------------------------------------------


def find_balance(tenant_id: str, person_id: str, leave_type: str) -> Balance | None:
    item = find(LeaveBalanceItem, *balance_key(tenant_id, person_id, leave_type))
    return load(Balance, item) if item else None


def balances(tenant_id: str, person_id: str) -> list[Balance]:
    pk, _ = balance_key(tenant_id, person_id, "")
    return load_all(Balance, query(LeaveBalanceItem, pk, f"LEAVEBAL#{person_id}#"))


def save_balance(changes: Changes, tenant_id: str, person_id: str, balance: Balance) -> None:
    """Write the balance at the version it was read (0: new) — concurrent changes conflict."""
    item = LeaveBalanceItem(*balance_key(tenant_id, person_id, balance.leave_type), data=stored(balance))
    item.at_version(balance.version)
    (changes.save if balance.version else changes.create)(item)


def add_entry(changes: Changes, tenant_id: str, person_id: str, entry: LedgerEntry) -> None:
    changes.create(LedgerItem(*ledger_key(tenant_id, person_id, entry), data=stored(entry)))


def entries(tenant_id: str, person_id: str, leave_type: str) -> list[LedgerEntry]:
    pk = tenant_key(tenant_id, "LEDGER", person_id)
    return load_all(LedgerEntry, query(LedgerItem, pk, f"{leave_type}#"))


def entries_page(tenant_id: str, person_id: str, leave_type: str, page: PageRequest) -> Page[LedgerEntry]:
    pk = tenant_key(tenant_id, "LEDGER", person_id)
    return query_page(
        LedgerItem, pk, f"{leave_type}#", page=page, newest_first=True, convert=lambda i: try_load(LedgerEntry, i)
    )


# ---- requests -------------------------------------------------------------------------------------


def get_request(tenant_id: str, request_id: str) -> LeaveRequest:
    return load(LeaveRequest, get(LeaveRequestItem, *request_key(tenant_id, request_id)))


def find_request(tenant_id: str, request_id: str) -> LeaveRequest | None:
    item = find(LeaveRequestItem, *request_key(tenant_id, request_id))
    return load(LeaveRequest, item) if item else None


def save_request(changes: Changes, tenant_id: str, request: LeaveRequest, *, queue: str | None) -> None:
    """Write a request at its version; ``queue`` puts it in an approver's queue (None: in nobody's)."""
    sort = f"{request.created_at}#{request.request_id}"
    start = request.start.isoformat()
    gsi2 = (
        (approver_queue_pk(tenant_id, queue), sort)
        if queue
        else (
            (approved_leave_pk(tenant_id, start[:7]), f"{start}#{request.request_id}")
            if request.status == RequestStatus.APPROVED
            else (None, None)
        )
    )
    item = LeaveRequestItem(
        *request_key(tenant_id, request.request_id),
        data=stored(request),
        GSI1PK=person_requests_pk(tenant_id, request.person_id),
        GSI1SK=sort,
        GSI2PK=gsi2[0],
        GSI2SK=gsi2[1],
    )
    item.at_version(request.version)
    (changes.save if request.version else changes.create)(item)


def person_requests_page(tenant_id: str, person_id: str, page: PageRequest) -> Page[LeaveRequest]:
    return query_page(
        LeaveRequestItem,
        person_requests_pk(tenant_id, person_id),
        index="GSI1",
        page=page,
        newest_first=True,
        convert=lambda i: try_load(LeaveRequest, i),
    )


def queue_page(tenant_id: str, approver: str, page: PageRequest) -> Page[LeaveRequest]:
    return query_page(
        LeaveRequestItem,
        approver_queue_pk(tenant_id, approver),
        index="GSI2",
        page=page,
        convert=lambda i: try_load(LeaveRequest, i),
    )


# ---- overtime -------------------------------------------------------------------------------------
# a record: GetItem ``T#<t>`` / ``OVERTIME#<id>``; a person's by date: GSI1 ``T#<t>#OVERTIME#PERSON#<person>``
# (SK ``<date>#<id>``: a month is one begins_with Query); an approver's queue: GSI2
# ``T#<t>#OVERTIME#APPROVER#<person|HR>`` (sparse, while a decision is due).


def overtime_key(tenant_id: str, overtime_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"OVERTIME#{overtime_id}"


def person_overtime_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "OVERTIME", "PERSON", person_id)


def overtime_queue_pk(tenant_id: str, approver: str) -> str:
    return tenant_key(tenant_id, "OVERTIME", "APPROVER", approver)


def get_overtime(tenant_id: str, overtime_id: str) -> Overtime:
    return load(Overtime, get(OvertimeItem, *overtime_key(tenant_id, overtime_id)))


def find_overtime(tenant_id: str, overtime_id: str) -> Overtime | None:
    item = find(OvertimeItem, *overtime_key(tenant_id, overtime_id))
    return load(Overtime, item) if item else None


def save_overtime(changes: Changes, tenant_id: str, record: Overtime, *, queue: str | None) -> None:
    sort = f"{record.date.isoformat()}#{record.overtime_id}"
    gsi2 = (
        (overtime_queue_pk(tenant_id, queue), sort)
        if queue
        else (
            (approved_overtime_pk(tenant_id, record.date.isoformat()[:7]), sort)
            if record.status == RequestStatus.APPROVED
            else (None, None)
        )
    )
    item = OvertimeItem(
        *overtime_key(tenant_id, record.overtime_id),
        data=stored(record),
        GSI1PK=person_overtime_pk(tenant_id, record.person_id),
        GSI1SK=sort,
        GSI2PK=gsi2[0],
        GSI2SK=gsi2[1],
    )
    item.at_version(record.version)
    (changes.save if record.version else changes.create)(item)


def overtime_in_month(tenant_id: str, person_id: str, month: str) -> list[Overtime]:
    """A person's overtime records dated in ``month`` (``2026-11``): one Query."""
    return load_all(Overtime, query(OvertimeItem, person_overtime_pk(tenant_id, person_id), f"{month}-", index="GSI1"))


def person_overtime_page(tenant_id: str, person_id: str, page: PageRequest) -> Page[Overtime]:
    return query_page(
        OvertimeItem,
        person_overtime_pk(tenant_id, person_id),
        index="GSI1",
        page=page,
        newest_first=True,
        convert=lambda i: try_load(Overtime, i),
    )


def overtime_queue_page(tenant_id: str, approver: str, page: PageRequest) -> Page[Overtime]:
    return query_page(
        OvertimeItem,
        overtime_queue_pk(tenant_id, approver),
        index="GSI2",
        page=page,
        convert=lambda i: try_load(Overtime, i),
    )


def person_requests(tenant_id: str, person_id: str) -> list[LeaveRequest]:
    """All of a person's leave requests (one Query of GSI1, paged by DynamoDB at 1 MB): a month's
    summary keeps the approved ones that overlap it."""
    return load_all(LeaveRequest, query(LeaveRequestItem, person_requests_pk(tenant_id, person_id), index="GSI1"))


def approved_leave_pk(tenant_id: str, month: str) -> str:
    return tenant_key(tenant_id, "LEAVEREQ", "APPROVED", month)


def approved_overtime_pk(tenant_id: str, month: str) -> str:
    return tenant_key(tenant_id, "OVERTIME", "APPROVED", month)


def approved_leave_starting(tenant_id: str, month: str) -> list[LeaveRequest]:
    """Everyone's approved leave starting in ``month``: one Query of GSI2."""
    return load_all(LeaveRequest, query(LeaveRequestItem, approved_leave_pk(tenant_id, month), index="GSI2"))


def approved_overtime_in(tenant_id: str, month: str) -> list[Overtime]:
    """Everyone's approved overtime dated in ``month``: one Query of GSI2."""
    return load_all(Overtime, query(OvertimeItem, approved_overtime_pk(tenant_id, month), index="GSI2"))
