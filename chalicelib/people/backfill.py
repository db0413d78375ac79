"""Lean items for files written before they existed (``infra/backfill_people.py``). Idempotent.

* the birth-month item (``PBIRTH#<person>``, read by the headcount's age bands) of every file with a birth
  date, and none for a file without one;
* the erasure due date (``T#<t>#PERASE``) of every departed person whose file is not yet erased.

Reads: every file (one Query), the birth-month items (one Query), the org people of the files (BatchGet), and
one Query of events and one GetItem per departed person. Writes only what differs, in transactions of at most 90 items.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.core.db import Changes
from chalicelib.org import store as org_store
from chalicelib.org.schemas import PersonStatus
from chalicelib.people import retention, store

BATCH = 90


@dataclass
class Backfilled:
    birth_months: int = 0
    erase_dates: int = 0


def backfill(tenant_id: str) -> Backfilled:
    files = [f for f in store.list_files(tenant_id) if not f.erased_at]
    months = store.birth_months(tenant_id)
    out = Backfilled()
    changes = Changes()

    def flush() -> None:
        nonlocal changes
        if len(changes) >= BATCH:
            changes.commit()
            changes = Changes()

    for pf in files:
        wanted = pf.birth_date.strftime("%Y-%m") if pf.birth_date else None
        if months.get(pf.person_id) != wanted:
            store.stage_birth(changes, tenant_id, pf.person_id, pf.birth_date)
            out.birth_months += 1
            flush()
    people = org_store.people_by_id(tenant_id, [f.person_id for f in files])
    for person_id, person in people.items():
        if person.status != PersonStatus.LEFT:
            continue
        last = retention.last_working_day(tenant_id, person_id)
        if last is not None and not store.has_erase_due(tenant_id, retention.erase_on(last), person_id):
            retention.stage_due(changes, tenant_id, person_id, last)
            out.erase_dates += 1
            flush()
    changes.commit()
    return out
