"""Erasure of a departed person's file once the retention period has passed (个人信息保护法 art. 47), unless HR
holds it (legal hold: litigation, arbitration, an inspection).

Retention, a dated table looked up by the last working day (sources; ../shared/HR-RULES-CN.md names none):

* 劳动合同法 第五十条: the texts of ended labour contracts are kept at least 2 years;
* 工资支付暂行规定 第六条: wage payment records are kept at least 2 years — the last wage is paid up to one
  pay period (a month, 第七条) after the last working day, so its 2 years end a month later.

The file is kept until the longest of these has passed and erased the day after.

A departure that takes effect stages a date-keyed item (``T#<t>#PERASE`` / ``<erase on>#<person>``); the
daily job (the per-tenant reminder job, after the lifecycle events apply) reads only the items due and, for
each: skips and drops it when the person is employed again (a later departure stages its own); keeps it
while the person is on legal hold (re-checked daily, erased the day after the hold is cleared); moves it
when a later departure sets a later date; otherwise erases. Idempotent: an erased file has ``erased_at``
and its item is gone, so a second run reads nothing.

What erasure keeps (the tombstone) and why: person id (every kept record points to it), start date and
employment type (the effective-dated headcount and tenure history), ``erased_at``. The org record keeps the
employee number and the assignment periods keep the unit history; contracts and lifecycle events (types and
dates, no personal values) stay for the same history. Everything else of the file goes: legal name, gender,
birth date, ID type, phone, e-mail, household type, education, school, bank name, custom values and every
sealed value (ID number, bank account, address, emergency contact, health); the birth-month item; the
person's change requests (they hold proposed personal values); the free-text notes of their contracts and
lifecycle events (HR may have written personal circumstances there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from chalicelib.core import audit, clock
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import DomainError
from chalicelib.core.observability import logger
from chalicelib.org import store as org_store
from chalicelib.org.schemas import PersonStatus
from chalicelib.people import store
from chalicelib.people.schemas import ChangeRequest, PersonFile

if TYPE_CHECKING:
    from chalicelib.employment.schemas import Contract, Event

CHANGE_BATCH = 90  # change requests deleted or notes cleared per transaction (DynamoDB allows 100 items)


@dataclass(frozen=True)
class RetentionRule:
    """Records kept ``months`` after the last working day, plus ``lag_months`` for the last record made later."""

    valid_from: date
    valid_to: date | None
    record: str
    months: int
    lag_months: int
    source: str


RETENTION_RULES: tuple[RetentionRule, ...] = (
    RetentionRule(date(2008, 1, 1), None, "labour_contract", 24, 0, "劳动合同法 第五十条"),
    RetentionRule(date(1995, 1, 1), None, "wage_records", 24, 1, "工资支付暂行规定 第六条、第七条"),
)


def rules_on(day: date) -> list[RetentionRule]:
    return [r for r in RETENTION_RULES if r.valid_from <= day and (r.valid_to is None or day <= r.valid_to)]


def erase_on(last_working_day: date) -> date:
    """The first day the file may be erased: the day after the longest retention in force on the last day."""
    from chalicelib.employment.rules import add_months

    months = max((r.months + r.lag_months for r in rules_on(last_working_day)), default=0)
    return add_months(last_working_day, months) + timedelta(days=1)


def stage_due(changes: Changes, tenant_id: str, person_id: str, last_working_day: date) -> None:
    """At a departure (same transaction): the date-keyed item the daily job reads."""
    store.stage_erase_due(changes, tenant_id, erase_on(last_working_day), person_id)


# ---- the daily job --------------------------------------------------------------------------------


def last_working_day(tenant_id: str, person_id: str, events: list[Event] | None = None) -> date | None:
    """The last working day of the person's latest applied departure (one Query unless ``events`` are given)."""
    from chalicelib.employment import store as employment_store
    from chalicelib.employment.schemas import EventStatus, EventType

    if events is None:
        events = employment_store.events_of(tenant_id, person_id)
    days = [
        e.last_working_day or e.effective_date
        for e in events
        if e.type == EventType.DEPARTURE and e.status == EventStatus.APPLIED
    ]
    return max(days, default=None)


def erase_due(tenant_id: str, day: date) -> int:
    """Erase every file whose retention ended on or before ``day`` and is not held; returns how many."""
    from chalicelib.employment.service import system_context

    ctx = system_context(tenant_id)
    erased = 0
    for due_on, person_id in store.erase_due(tenant_id, day):
        try:
            erased += _handle(ctx, due_on, person_id, day)
        except DomainError as exc:  # e.g. a concurrent run won the version race (409): the next run sees the result
            logger.warning("erasure skipped", extra={"person_id": person_id, "code": exc.text.code})
    return erased


def _handle(ctx: RequestContext, due_on: date, person_id: str, day: date) -> int:
    tenant = ctx.tenant_id
    person = org_store.find_person(tenant, person_id)
    if person is None or person.status != PersonStatus.LEFT:  # employed again: a later departure stages its own
        changes = Changes()
        store.drop_erase_due(changes, tenant, due_on, person_id)
        changes.commit()
        return 0
    if store.find_hold(tenant, person_id) is not None:
        return 0  # kept, and its item too: checked again tomorrow
    from chalicelib.employment import store as employment_store

    events = employment_store.events_of(tenant, person_id)
    last = last_working_day(tenant, person_id, events)
    when = erase_on(last) if last else due_on
    if when > day:  # left again later: the later date rules
        changes = Changes()
        store.drop_erase_due(changes, tenant, due_on, person_id)
        store.stage_erase_due(changes, tenant, when, person_id)
        changes.commit()
        return 0
    pf = store.find_file(tenant, person_id)
    requests = store.person_changes(tenant, person_id)
    noted = [e.model_copy(update={"note": ""}) for e in events if e.note]
    contracts = [c.model_copy(update={"note": ""}) for c in employment_store.contracts_of(tenant, person_id) if c.note]
    steps: list[ChangeRequest | Event | Contract] = [*requests, *noted, *contracts]
    for start in range(0, len(steps), CHANGE_BATCH):
        batch = Changes()
        for step in steps[start : start + CHANGE_BATCH]:
            _stage_scrub(batch, tenant, step)
        batch.commit()
    changes = Changes()
    store.drop_erase_due(changes, tenant, due_on, person_id)
    if pf is None or pf.erased_at:
        changes.commit()
        return 0
    tomb = tombstone(pf)
    store.add_file(changes, tenant, tomb, new=False)
    store.stage_birth(changes, tenant, person_id, None)
    audit.record(
        changes,
        ctx,
        "erase",
        "person_file",
        person_id,
        None,
        {
            "person_id": person_id,
            "last_working_day": last.isoformat() if last else None,
            "erase_on": when.isoformat(),
            "kept": sorted(KEPT),
            "change_requests_deleted": len(requests),
            "notes_cleared": len(noted) + len(contracts),
            "rules": [r.source for r in rules_on(last or due_on)],
        },
    )
    changes.commit()
    return 1


def _stage_scrub(changes: Changes, tenant_id: str, thing: ChangeRequest | Event | Contract) -> None:
    """A change request is deleted; an event or contract is saved with its note cleared (version-checked)."""
    from chalicelib.employment import store as employment_store
    from chalicelib.employment.schemas import Event

    if isinstance(thing, ChangeRequest):
        store.delete_change(changes, tenant_id, thing)
    elif isinstance(thing, Event):
        employment_store.add_event(changes, tenant_id, thing, new=False)
    else:
        employment_store.add_contract(changes, tenant_id, thing, new=False)


KEPT = frozenset({"person_id", "start_date", "employment_type", "erased_at"})


def tombstone(pf: PersonFile) -> PersonFile:
    """What is left of a file after erasure (see the module's docstring for why)."""
    return PersonFile(
        person_id=pf.person_id,
        legal_name="",
        start_date=pf.start_date,
        employment_type=pf.employment_type,
        updated_at=clock.iso_now(),
        erased_at=clock.iso_now(),
        version=pf.version,
    )
