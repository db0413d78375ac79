"""Chase markers: who was chased on which day. The only code of the chase that touches the table.

One item per (China day, person) under ``T#<tenant>#CHASE#<day>``: written with a create condition in
the chase's transaction, so two taps (or two directors) on the same day remind a person once.
The markers expire after a week (TTL); the audit log keeps the record.
"""

from __future__ import annotations

from datetime import timedelta

from chalicelib.core import clock
from chalicelib.core.db import Changes, Item, query, tenant_key

MARKER_DAYS = 7


class ChaseMarkerItem(Item, discriminator="chase_marker"):
    pass


def chase_pk(tenant_id: str, day: str) -> str:
    return tenant_key(tenant_id, "CHASE", day)


def chase_key(tenant_id: str, day: str, person_id: str) -> tuple[str, str]:
    return chase_pk(tenant_id, day), f"P#{person_id}"


def chased_on(tenant_id: str, day: str) -> set[str]:
    """The people already chased on ``day`` (one Query of that day's markers)."""
    return {str(i.payload().get("person_id", "")) for i in query(ChaseMarkerItem, chase_pk(tenant_id, day), "P#")}


def add_marker(changes: Changes, tenant_id: str, day: str, person_id: str, unit_id: str, by_person_id: str) -> None:
    """Claim (day, person): the transaction fails with a conflict if someone chased them meanwhile."""
    expires = int((clock.now() + timedelta(days=MARKER_DAYS)).timestamp())
    changes.create(
        ChaseMarkerItem(
            *chase_key(tenant_id, day, person_id),
            expires_at=expires,
            data={"person_id": person_id, "unit_id": unit_id, "by_person_id": by_person_id, "at": clock.iso_now()},
        )
    )
