"""Keys of the due-item index, shared by the domains that write it and the job that reads it.

The index is GSI2, sparse and tenant-led: an item is in it only while it is due (an open task,
an action waiting for someone). ``GSI2SK = <yyyy-mm-dd>#<kind>#<id>``, so "everything due up to
day D" is a Query with ``GSI2SK < D+1`` and reads only due items. Open tasks live in
``T#<t>#DUE``, pending actions (unread notifications that ask for something) in
``T#<t>#DUE#ACTIONS``: the HR desk's overdue tasks read only tasks, however many people have not
yet read a "please confirm" notification. (Actions written before 2026-12-06 stay in ``T#<t>#DUE``
until read or expired; both readers handle them.)
"""

from __future__ import annotations

from datetime import date

from chalicelib.core.db import tenant_key


def due_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "DUE")


def due_actions_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "DUE", "ACTIONS")


def due_sk(due: date | str, kind: str, item_id: str) -> str:
    day = due.isoformat() if isinstance(due, date) else due[:10]
    return f"{day}#{kind}#{item_id}"


def due_until_sk(last_day: date) -> str:
    """Upper bound (exclusive) for due entries on or before ``last_day``."""
    return f"{last_day.isoformat()}#~"
