"""The audit log: who changed what, when, with the before and after values.

Audit records are added to the same :class:`~chalicelib.core.db.Changes` as the change they
describe, so there is never a change without its record (or the reverse).
"""

from __future__ import annotations

from typing import Any

from chalicelib.core import clock
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes, Item, query, query_page, tenant_key
from chalicelib.core.ids import new_id
from chalicelib.core.paging import Page, PageRequest

# Fields never copied into the audit log (the log is itself read by HR: keep it lean).
_REDACTED = frozenset({"password", "content_base64"})


class AuditItem(Item, discriminator="audit"):
    pass


def audit_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "AUDIT")


def audit_entity_pk(tenant_id: str, entity_kind: str, entity_id: str) -> str:
    return tenant_key(tenant_id, "AUDIT", entity_kind, entity_id)


def record(
    changes: Changes,
    ctx: RequestContext,
    action: str,
    entity_kind: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    at = clock.iso_now()
    sort = f"{at}#{new_id()}"
    changes.create(
        AuditItem(
            audit_pk(ctx.tenant_id),
            sort,
            GSI1PK=audit_entity_pk(ctx.tenant_id, entity_kind, entity_id),
            GSI1SK=sort,
            data={
                "at": at,
                "actor_user_id": ctx.user_id,
                "actor_person_id": ctx.person_id,
                "action": action,
                "entity_kind": entity_kind,
                "entity_id": entity_id,
                "before": _lean(before),
                "after": _lean(after),
            },
        )
    )


def _lean(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: v for k, v in values.items() if k not in _REDACTED}


def entries(tenant_id: str, entity_kind: str = "", entity_id: str = "", limit: int = 200) -> list[dict[str, Any]]:
    """Newest first; for one entity when kind and id are given (one Query either way)."""
    if entity_kind and entity_id:
        items = query(
            AuditItem, audit_entity_pk(tenant_id, entity_kind, entity_id), index="GSI1", newest_first=True, limit=limit
        )
    else:
        items = query(AuditItem, audit_pk(tenant_id), newest_first=True, limit=limit)
    out = []
    for item in items:
        out.append({k: v for k, v in item.payload().items() if k != "version"})
        if len(out) >= limit:
            break
    return out


def entries_page(tenant_id: str, page: PageRequest, entity_kind: str = "", entity_id: str = "") -> Page[dict[str, Any]]:
    """A page of the log, newest first; of one entity when kind and id are given (one Query either way)."""

    def convert(item: AuditItem) -> dict[str, Any]:
        return {k: v for k, v in item.payload().items() if k != "version"}

    if entity_kind and entity_id:
        return query_page(
            AuditItem,
            audit_entity_pk(tenant_id, entity_kind, entity_id),
            index="GSI1",
            newest_first=True,
            page=page,
            convert=convert,
        )
    return query_page(AuditItem, audit_pk(tenant_id), newest_first=True, page=page, convert=convert)
