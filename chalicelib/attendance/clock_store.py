"""Storage of shifts, shift assignments, office sites, punches and 补卡 requests.

* shifts: ``T#<t>`` / ``SHIFT#<code>``; assignments: ``T#<t>`` / ``SHIFTASSIGN#<person|unit>#<id>#<from>``
  — both one begins_with Query, resolved in memory (a company has a handful of shifts)
* sites: ``T#<t>`` / ``ATTSITE#<id>`` — one Query on every clock-in
* punches: ``T#<t>#PUNCH#<YYYY-MM>`` / ``<local time>#<person>`` — a month (or one day, by prefix)
  of everyone's punches is one Query; a person's: GSI1 ``T#<t>#PUNCH#PERSON#<person>`` / ``<local
  time>``. The key is the punch itself, so writing an imported punch twice leaves one.
* a mobile punch's idempotency key: ``T#<t>#PUNCHKEY#<person>`` / ``<digest>``, created in the
  punch's transaction (a retry conflicts, then reads it back)
* 补卡: ``T#<t>`` / ``PUNCHFIX#<id>``; a person's by time: GSI1 ``T#<t>#PUNCHFIX#PERSON#<person>``
  (SK ``<at>#<id>``: a month is begins_with); an approver's queue: GSI2
  ``T#<t>#PUNCHFIX#APPROVER#<person|HR>`` (sparse, while pending)
"""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.attendance.clock_schemas import Correction, Punch, ShiftAssignment, ShiftDef, Site
from chalicelib.core.db import Changes, Item, find, get, load, load_all, query, stored, tenant_key


class ShiftItem(Item, discriminator="shift"):
    pass


class AssignmentItem(Item, discriminator="shiftassign"):
    pass


class SiteItem(Item, discriminator="attsite"):
    pass


class PunchItem(Item, discriminator="punch"):
    pass


class PunchKeyItem(Item, discriminator="punchkey"):
    pass


class CorrectionItem(Item, discriminator="punchfix"):
    pass


# ---- shifts and assignments -----------------------------------------------------------------------


def shift_key(tenant_id: str, code: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"SHIFT#{code}"


def assignment_key(tenant_id: str, a: ShiftAssignment) -> tuple[str, str]:
    return tenant_key(tenant_id), f"SHIFTASSIGN#{a.target}#{a.target_id}#{a.valid_from.isoformat()}"


def shifts(tenant_id: str) -> list[ShiftDef]:
    return load_all(ShiftDef, query(ShiftItem, tenant_key(tenant_id), "SHIFT#"))


def add_shift(changes: Changes, tenant_id: str, shift: ShiftDef) -> None:
    changes.create(ShiftItem(*shift_key(tenant_id, shift.code), data=stored(shift)))


def assignments(tenant_id: str) -> list[ShiftAssignment]:
    return load_all(ShiftAssignment, query(AssignmentItem, tenant_key(tenant_id), "SHIFTASSIGN#"))


def put_assignment(changes: Changes, tenant_id: str, assignment: ShiftAssignment) -> None:
    """An assignment from a date: the same target and date again replaces the shift (no version: HR's last word)."""
    changes.put(AssignmentItem(*assignment_key(tenant_id, assignment), data=stored(assignment)))


# ---- sites ----------------------------------------------------------------------------------------


def sites(tenant_id: str) -> list[Site]:
    return load_all(Site, query(SiteItem, tenant_key(tenant_id), "ATTSITE#"))


def add_site(changes: Changes, tenant_id: str, site: Site) -> None:
    changes.create(SiteItem(tenant_key(tenant_id), f"ATTSITE#{site.site_id}", data=stored(site)))


# ---- punches --------------------------------------------------------------------------------------


def punch_key(tenant_id: str, person_id: str, at: str) -> tuple[str, str]:
    return tenant_key(tenant_id, "PUNCH", at[:7]), f"{at}#{person_id}"


def person_punches_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "PUNCH", "PERSON", person_id)


def punch_item(tenant_id: str, punch: Punch) -> PunchItem:
    return PunchItem(
        *punch_key(tenant_id, punch.person_id, punch.at),
        data=stored(punch),
        GSI1PK=person_punches_pk(tenant_id, punch.person_id),
        GSI1SK=punch.at,
    )


def punch_key_item(tenant_id: str, person_id: str, digest: str, at: str) -> PunchKeyItem:
    return PunchKeyItem(tenant_key(tenant_id, "PUNCHKEY", person_id), digest, data={"at": at})


def find_punch_key(tenant_id: str, person_id: str, digest: str) -> str | None:
    item = find(PunchKeyItem, tenant_key(tenant_id, "PUNCHKEY", person_id), digest)
    return str(item.payload()["at"]) if item else None


def find_punch(tenant_id: str, person_id: str, at: str) -> Punch | None:
    item = find(PunchItem, *punch_key(tenant_id, person_id, at))
    return load(Punch, item) if item else None


def person_punches(tenant_id: str, person_id: str, low: str, high: str) -> list[Punch]:
    """A person's punches from ``low`` to ``high`` (ISO prefixes, inclusive): one Query of GSI1."""
    items = Item.gsi1.query(person_punches_pk(tenant_id, person_id), Item.GSI1SK.between(low, high + "~"))
    return load_all(Punch, (i for i in items if isinstance(i, PunchItem)))


def month_punches(tenant_id: str, month: str, prefix: str = "") -> list[Punch]:
    """Everyone's punches of ``month`` (or of the day ``prefix`` names): one Query, paged at 1 MB."""
    return load_all(Punch, query(PunchItem, tenant_key(tenant_id, "PUNCH", month), prefix))


def write_punches(tenant_id: str, punches: Iterable[Punch]) -> int:
    """Put punches with BatchWriteItem (25 a call): a punch already stored is written again, unchanged."""
    count = 0
    with PunchItem.batch_write() as batch:
        for punch in punches:
            batch.save(punch_item(tenant_id, punch))
            count += 1
    return count


# ---- 补卡 -----------------------------------------------------------------------------------------


def correction_key(tenant_id: str, correction_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PUNCHFIX#{correction_id}"


def person_corrections_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "PUNCHFIX", "PERSON", person_id)


def correction_queue_pk(tenant_id: str, approver: str) -> str:
    return tenant_key(tenant_id, "PUNCHFIX", "APPROVER", approver)


def get_correction(tenant_id: str, correction_id: str) -> Correction:
    return load(Correction, get(CorrectionItem, *correction_key(tenant_id, correction_id)))


def find_correction(tenant_id: str, correction_id: str) -> Correction | None:
    item = find(CorrectionItem, *correction_key(tenant_id, correction_id))
    return load(Correction, item) if item else None


def save_correction(changes: Changes, tenant_id: str, record: Correction, *, queue: str | None) -> None:
    sort = f"{record.at}#{record.correction_id}"
    item = CorrectionItem(
        *correction_key(tenant_id, record.correction_id),
        data=stored(record),
        GSI1PK=person_corrections_pk(tenant_id, record.person_id),
        GSI1SK=sort,
        GSI2PK=correction_queue_pk(tenant_id, queue) if queue else None,
        GSI2SK=sort if queue else None,
    )
    item.at_version(record.version)
    (changes.save if record.version else changes.create)(item)


def person_corrections(tenant_id: str, person_id: str, month: str) -> list[Correction]:
    return load_all(
        Correction, query(CorrectionItem, person_corrections_pk(tenant_id, person_id), f"{month}-", index="GSI1")
    )


def correction_queue(tenant_id: str, approver: str) -> list[Correction]:
    return load_all(Correction, query(CorrectionItem, correction_queue_pk(tenant_id, approver), index="GSI2"))
