"""Keys of the due-item index, shared by the domains that write it and the job that reads it.

The index is GSI2, sparse and tenant-led: an item is in it only while it is due (an open task,
an action waiting for someone). ``GSI2PK = T#<t>#DUE``, ``GSI2SK = <yyyy-mm-dd>#<kind>#<id>``,
so "everything due up to day D" is one Query with ``GSI2SK < D+1`` and reads only due items.
"""

from __future__ import annotations

from datetime import date

from chalicelib.core.db import tenant_key


def due_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "DUE")


def due_sk(due: date | str, kind: str, item_id: str) -> str:
    day = due.isoformat() if isinstance(due, date) else due[:10]
    return f"{day}#{kind}#{item_id}"


def due_until_sk(last_day: date) -> str:
    """Upper bound (exclusive) for due entries on or before ``last_day``."""
    return f"{last_day.isoformat()}#~"
