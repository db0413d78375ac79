"""RACI storage.

* an entry by id: GetItem ``T#<t>`` / ``RACI#<id>``
* every entry (list, matrix): Query ``T#<t>`` begins_with ``RACI#``
* the names of the parties a matrix shows: BatchGetItem of their org items (≤100 keys a call)
* one entry per subject: guard ``UNIQUE#RACISUBJECT#<kind>#<ref or name>``
"""

from __future__ import annotations

from chalicelib.core.db import Changes, Item, get, load, load_all, query, query_page, stored, tenant_key, try_load
from chalicelib.core.paging import Page, PageRequest
from chalicelib.org import store as org_store
from chalicelib.raci.schemas import PartyKind, RaciEntry, Subject

BATCH_GET_LIMIT = 100


class RaciItem(Item, discriminator="raci"):
    pass


def entry_key(tenant_id: str, entry_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"RACI#{entry_id}"


def subject_guard(tenant_id: str, subject: Subject) -> tuple[str, str]:
    return org_store.unique_key(tenant_id, "RACISUBJECT", f"{subject.kind}#{subject.ref or subject.name}")


_PARTY_ITEMS: dict[PartyKind, type[Item]] = {
    PartyKind.UNIT: org_store.UnitItem,
    PartyKind.POSITION: org_store.PositionItem,
    PartyKind.PERSON: org_store.PersonItem,
}


def party_key(tenant_id: str, kind: PartyKind, party_id: str) -> tuple[str, str]:
    if kind == PartyKind.UNIT:
        return org_store.unit_key(tenant_id, party_id)
    if kind == PartyKind.POSITION:
        return org_store.position_key(tenant_id, party_id)
    return org_store.person_key(tenant_id, party_id)


def add_entry(changes: Changes, tenant_id: str, entry: RaciEntry, *, new: bool) -> None:
    item = RaciItem(*entry_key(tenant_id, entry.entry_id), data=stored(entry))
    item.at_version(entry.version)
    (changes.create if new else changes.save)(item)


def delete_entry(changes: Changes, tenant_id: str, entry: RaciEntry) -> None:
    item = RaciItem(*entry_key(tenant_id, entry.entry_id))
    item.at_version(entry.version)
    changes.delete(item)


def get_entry(tenant_id: str, entry_id: str) -> RaciEntry:
    return load(RaciEntry, get(RaciItem, *entry_key(tenant_id, entry_id)))


def list_entries(tenant_id: str) -> list[RaciEntry]:
    pk, _ = entry_key(tenant_id, "")
    return load_all(RaciEntry, query(RaciItem, pk, "RACI#"))


def entries_page(tenant_id: str, page: PageRequest) -> Page[RaciEntry]:
    pk, _ = entry_key(tenant_id, "")
    return query_page(RaciItem, pk, "RACI#", page=page, convert=lambda i: try_load(RaciEntry, i))


def parties(tenant_id: str, wanted: set[tuple[PartyKind, str]]) -> dict[tuple[PartyKind, str], dict[str, object]]:
    """The stored fields of each wanted unit/position/person that exists (BatchGetItem)."""
    by_key = {party_key(tenant_id, kind, pid): (kind, pid) for kind, pid in wanted}
    found: dict[tuple[PartyKind, str], dict[str, object]] = {}
    keys = list(by_key)
    for start in range(0, len(keys), BATCH_GET_LIMIT):
        for item in Item.batch_get(keys[start : start + BATCH_GET_LIMIT], consistent_read=True):
            party = by_key.get((item.PK, item.SK))
            if party and isinstance(item, _PARTY_ITEMS[party[0]]):
                found[party] = item.payload()
    return found
