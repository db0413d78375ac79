"""Storage of late corrections (corrections of a locked month carried to the next open month).

* one correction: ``T#<t>#ATTLATE#<corrected month>`` / ``<person>#<correction id>`` — a month's
  corrections (HR's closing screen) and a person's corrections of a month are one Query of it;
* the adjustments a month carries: GSI1 ``T#<t>#ATTADJ#<target month>`` / ``<person>#<correction id>``
  — one Query for everyone (payroll's read, the month's summaries), begins_with for one person.
"""

from __future__ import annotations

from chalicelib.attendance.late_schemas import LateCorrection
from chalicelib.core.db import Changes, Item, find, load, load_all, query, stored, tenant_key


class LateCorrectionItem(Item, discriminator="attlate"):
    pass


def correction_key(tenant_id: str, month: str, person_id: str, correction_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id, "ATTLATE", month), f"{person_id}#{correction_id}"


def carried_pk(tenant_id: str, target_month: str) -> str:
    return tenant_key(tenant_id, "ATTADJ", target_month)


def add(changes: Changes, tenant_id: str, record: LateCorrection) -> None:
    """Create the correction (conflicts if its id exists: a concurrent retry with the same key)."""
    changes.create(
        LateCorrectionItem(
            *correction_key(tenant_id, record.month, record.person_id, record.correction_id),
            data=stored(record),
            GSI1PK=carried_pk(tenant_id, record.target_month),
            GSI1SK=f"{record.person_id}#{record.correction_id}",
        )
    )


def find_correction(tenant_id: str, month: str, person_id: str, correction_id: str) -> LateCorrection | None:
    item = find(LateCorrectionItem, *correction_key(tenant_id, month, person_id, correction_id))
    return load(LateCorrection, item) if item else None


def of_month(tenant_id: str, month: str, person_id: str = "") -> list[LateCorrection]:
    """The corrections of ``month`` (everyone's, or one person's), oldest first: one Query."""
    records = load_all(
        LateCorrection,
        query(LateCorrectionItem, tenant_key(tenant_id, "ATTLATE", month), f"{person_id}#" if person_id else ""),
    )
    return sorted(records, key=lambda r: (r.created_at, r.correction_id))


def carried_into(tenant_id: str, target_month: str) -> list[LateCorrection]:
    """The corrections whose adjustments ``target_month`` carries, oldest first: one Query of GSI1."""
    records = load_all(LateCorrection, query(LateCorrectionItem, carried_pk(tenant_id, target_month), index="GSI1"))
    return sorted(records, key=lambda r: (r.created_at, r.correction_id))
