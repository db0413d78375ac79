"""Employment storage: contracts, lifecycle events, assignment periods, due dates and reminder markers.

Access patterns (see docs/data-model.md):

* a person's contracts, newest start first: Query ``T#<t>`` begins_with ``CONTRACT#<person>#``
  (SK ``CONTRACT#<person>#<start>#<contract>``); one contract: the same with its id known by the caller.
* a person's events, newest effective first: Query ``T#<t>`` begins_with ``EVENT#<person>#``
  (SK ``EVENT#<person>#<effective date>#<event>``).
* future-dated events waiting to apply: date-keyed items ``T#<t>#EMPSCHED`` / ``<date>#<person>#<event>``,
  deleted when applied: the daily job's Query reads only what is due (SK ≤ today).
* where a person was on day D: Query ``T#<t>`` SK between ``ASSIGN#<person>#`` and ``ASSIGN#<person>#<D>``,
  newest first, limit 1 (SK ``ASSIGN#<person>#<start>#<event>``). Every tenant's periods: begins_with ``ASSIGN#``.
* contract and probation ends: date-keyed items ``T#<t>#EMPDUE`` / ``<date>#<kind>#<contract>``; the HR desk
  and the daily job read a date range (30 days), never a scan.
* reminder markers: ``T#<t>`` / ``EMPNOTICE#<contract>#<kind>#<milestone>`` holding the day it was sent.
"""

from __future__ import annotations

from datetime import date

from pynamodb.exceptions import PutError

from chalicelib.core.db import Changes, Item, find, load, load_all, query, query_page, stored, tenant_key, try_load
from chalicelib.core.errors import NotFound
from chalicelib.core.paging import Page, PageRequest
from chalicelib.dashboards import desk
from chalicelib.employment.schemas import Contract, DueKind, Event, Period


class ContractItem(Item, discriminator="contract"):
    pass


class EventItem(Item, discriminator="employment_event"):
    pass


class ScheduledItem(Item, discriminator="employment_scheduled"):
    pass


class PeriodItem(Item, discriminator="assignment_period"):
    pass


class DueItem(Item, discriminator="employment_due"):
    pass


class NoticeItem(Item, discriminator="employment_notice"):
    pass


# ---- keys -------------------------------------------------------------------------------


def contract_prefix(person_id: str) -> str:
    return f"CONTRACT#{person_id}#"


def contract_key(tenant_id: str, person_id: str, start: date, contract_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"{contract_prefix(person_id)}{start.isoformat()}#{contract_id}"


def event_prefix(person_id: str) -> str:
    return f"EVENT#{person_id}#"


def event_key(tenant_id: str, person_id: str, effective: date, event_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"{event_prefix(person_id)}{effective.isoformat()}#{event_id}"


def scheduled_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "EMPSCHED")


def scheduled_key(tenant_id: str, effective: date, person_id: str, event_id: str) -> tuple[str, str]:
    return scheduled_pk(tenant_id), f"{effective.isoformat()}#{person_id}#{event_id}"


def period_prefix(person_id: str) -> str:
    return f"ASSIGN#{person_id}#"


def period_key(tenant_id: str, person_id: str, start: date, event_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"{period_prefix(person_id)}{start.isoformat()}#{event_id}"


def due_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "EMPDUE")


def due_key(tenant_id: str, day: date, kind: DueKind, contract_id: str) -> tuple[str, str]:
    return due_pk(tenant_id), f"{day.isoformat()}#{kind.value}#{contract_id}"


def notice_key(tenant_id: str, contract_id: str, kind: DueKind, milestone: int) -> tuple[str, str]:
    return tenant_key(tenant_id), f"EMPNOTICE#{contract_id}#{kind.value}#{milestone}"


# ---- contracts --------------------------------------------------------------------------


def add_contract(changes: Changes, tenant_id: str, contract: Contract, *, new: bool) -> None:
    item = ContractItem(
        *contract_key(tenant_id, contract.person_id, contract.start_date, contract.contract_id), data=stored(contract)
    )
    item.at_version(contract.version)
    (changes.create if new else changes.save)(item)


def contracts_of(tenant_id: str, person_id: str) -> list[Contract]:
    """All of a person's contracts, newest start first (one Query; a person has a handful)."""
    return load_all(Contract, query(ContractItem, tenant_key(tenant_id), contract_prefix(person_id), newest_first=True))


def contracts_page(tenant_id: str, person_id: str, page: PageRequest) -> Page[Contract]:
    return query_page(
        ContractItem,
        tenant_key(tenant_id),
        contract_prefix(person_id),
        page=page,
        newest_first=True,
        convert=lambda i: try_load(Contract, i),
    )


def add_due(changes: Changes, tenant_id: str, day: date, kind: DueKind, contract: Contract, person_name: str) -> None:
    """A due date, and its named copy on the HR desk (dashboards.desk: the desk reads no person)."""
    data = {
        "person_id": contract.person_id,
        "contract_id": contract.contract_id,
        "kind": kind.value,
        "date": day.isoformat(),
    }
    changes.put(DueItem(*due_key(tenant_id, day, kind, contract.contract_id), data=data))
    desk.stage_due(changes, tenant_id, day, {**data, "person_name": person_name})


def drop_due(changes: Changes, tenant_id: str, day: date, kind: DueKind, contract_id: str) -> None:
    """Remove a due date (unconditional delete of the key, as for a released guard) and its desk copy."""
    changes.release(*due_key(tenant_id, day, kind, contract_id))
    desk.drop_due(changes, tenant_id, day, kind.value, contract_id)


def dues_from(tenant_id: str, first: date) -> list[dict[str, str]]:
    """Every due date from ``first`` on (the desk's backfill): one paged Query."""
    condition = Item.SK >= first.isoformat()
    return [
        {k: str(v) for k, v in i.payload().items() if k != "version"}
        for i in Item.query(due_pk(tenant_id), condition)
        if isinstance(i, DueItem)
    ]


def due_between(tenant_id: str, first: date, last: date) -> list[dict[str, str]]:
    """Due dates from ``first`` to ``last`` inclusive, soonest first: one Query over a date range."""
    condition = Item.SK.between(first.isoformat(), f"{last.isoformat()}#~")
    return [
        {k: str(v) for k, v in i.payload().items() if k != "version"}
        for i in Item.query(due_pk(tenant_id), condition, consistent_read=True)
        if isinstance(i, DueItem)
    ]


def claim_notice(tenant_id: str, contract_id: str, kind: DueKind, milestone: int, day: date) -> bool:
    """True for the one day a reminder (contract, kind, milestone) is sent: the first run claims it; a rerun
    on the same day sees its own claim (the digest's per-day marker stops a second mail), later days do not."""
    pk, sk = notice_key(tenant_id, contract_id, kind, milestone)
    try:
        NoticeItem(pk, sk, data={"day": day.isoformat()}).save(
            condition=Item.PK.does_not_exist(), add_version_condition=False
        )
        return True
    except PutError as exc:
        if "ConditionalCheckFailed" not in f"{exc} {getattr(exc, 'cause_response_code', '')}":
            raise
    previous = find(NoticeItem, pk, sk)
    return previous is not None and previous.payload().get("day") == day.isoformat()


# ---- events -----------------------------------------------------------------------------


def event_item(tenant_id: str, event: Event) -> EventItem:
    item = EventItem(*event_key(tenant_id, event.person_id, event.effective_date, event.event_id), data=stored(event))
    item.at_version(event.version)
    return item


def add_event(changes: Changes, tenant_id: str, event: Event, *, new: bool) -> None:
    (changes.create if new else changes.save)(event_item(tenant_id, event))


def schedule(changes: Changes, tenant_id: str, event: Event) -> None:
    changes.put(
        ScheduledItem(
            *scheduled_key(tenant_id, event.effective_date, event.person_id, event.event_id),
            data={
                "person_id": event.person_id,
                "event_id": event.event_id,
                "effective_date": event.effective_date.isoformat(),
            },
        )
    )


def unschedule(changes: Changes, tenant_id: str, event: Event) -> None:
    changes.release(*scheduled_key(tenant_id, event.effective_date, event.person_id, event.event_id))


def scheduled_due(tenant_id: str, day: date) -> list[tuple[str, date, str]]:
    """(person, effective date, event) of every scheduled event effective on or before ``day``, oldest first."""
    condition = Item.SK <= f"{day.isoformat()}#~"
    out = []
    for item in Item.query(scheduled_pk(tenant_id), condition, consistent_read=True):
        if isinstance(item, ScheduledItem):
            data = item.payload()
            out.append((str(data["person_id"]), date.fromisoformat(str(data["effective_date"])), str(data["event_id"])))
    return out


def get_event(tenant_id: str, person_id: str, effective: date, event_id: str) -> Event:
    item = find(EventItem, *event_key(tenant_id, person_id, effective, event_id))
    if item is None:
        raise NotFound("employment.event_not_found")
    return load(Event, item)


def events_of(tenant_id: str, person_id: str) -> list[Event]:
    return load_all(Event, query(EventItem, tenant_key(tenant_id), event_prefix(person_id), newest_first=True))


def events_page(tenant_id: str, person_id: str, page: PageRequest) -> Page[Event]:
    return query_page(
        EventItem,
        tenant_key(tenant_id),
        event_prefix(person_id),
        page=page,
        newest_first=True,
        convert=lambda i: try_load(Event, i),
    )


# ---- assignment periods -------------------------------------------------------------------


def add_period(changes: Changes, tenant_id: str, period: Period) -> None:
    """Write a period (a re-applied event writes the same key again: idempotent)."""
    changes.put(
        PeriodItem(*period_key(tenant_id, period.person_id, period.start, period.event_id), data=stored(period))
    )


def period_on(tenant_id: str, person_id: str, day: date) -> Period | None:
    """The period covering ``day``: the last one starting on or before it (one Query, one item)."""
    prefix = period_prefix(person_id)
    condition = Item.SK.between(prefix, f"{prefix}{day.isoformat()}#~")
    for item in Item.query(tenant_key(tenant_id), condition, consistent_read=True, scan_index_forward=False, limit=1):
        if isinstance(item, PeriodItem):
            return try_load(Period, item)
    return None


def periods_page(tenant_id: str, person_id: str, page: PageRequest) -> Page[Period]:
    return query_page(
        PeriodItem,
        tenant_key(tenant_id),
        period_prefix(person_id),
        page=page,
        newest_first=True,
        convert=lambda i: try_load(Period, i),
    )


def periods_of(tenant_id: str, person_id: str) -> list[Period]:
    """A person's assignment periods, newest first (the PIPL export): one Query."""
    return load_all(Period, query(PeriodItem, tenant_key(tenant_id), period_prefix(person_id), newest_first=True))


def all_periods(tenant_id: str) -> list[Period]:
    """Every assignment period of the tenant (analytics): one Query over ``ASSIGN#``."""
    return load_all(Period, query(PeriodItem, tenant_key(tenant_id), "ASSIGN#"))


def all_contracts(tenant_id: str) -> list[Contract]:
    """Every contract of the tenant (analytics): one Query over ``CONTRACT#``."""
    return load_all(Contract, query(ContractItem, tenant_key(tenant_id), "CONTRACT#"))
