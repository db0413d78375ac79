"""PIPL duties on one person's data: the machine-readable export (个人信息保护法 art. 45) and HR's legal hold,
which stops the erasure at the end of the retention period (``chalicelib.people.retention``).

The export is for HR and the person (managers 403). Sensitive values are masked unless ``full=true``; every
export is written to the audit log, naming whether it was full. Reads are bounded: the person and the file
(GetItems), then one Query per partition — custom fields, contracts, events, assignment periods, change
requests, leave balances — and, for a full export, the tenant's data key.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core import audit, clock
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Forbidden
from chalicelib.people import sealing, service, store
from chalicelib.people.schemas import (
    SENSITIVE,
    CustomShown,
    ExportedPerson,
    ExportQuery,
    LegalHold,
    LegalHoldSet,
    PersonExport,
    PersonFile,
)


def _file_values(ctx: RequestContext, pf: PersonFile, *, full: bool) -> dict[str, Any]:
    values: dict[str, Any] = pf.model_dump(mode="json", exclude={"sealed", "masks", "custom", "version"})
    for field in SENSITIVE:
        if field not in pf.sealed:
            values[field] = None
        elif full:
            values[field] = service._open(
                ctx.tenant_id, pf.sealed[field], sealing.associated_data(ctx.tenant_id, pf.person_id, field)
            )
        else:
            values[field] = pf.masks.get(field)
    return values


def export(ctx: RequestContext, person_id: str, query: ExportQuery) -> PersonExport:
    """Everything kept about the person, for HR or the person themself; audited (full or masked)."""
    from chalicelib.attendance import store as attendance_store
    from chalicelib.employment import store as employment_store

    person = service._person(ctx, person_id)
    access = service._access(ctx, person)
    if access not in (service.HR, service.SELF):
        raise Forbidden.field("person_id", "peoplefile.export_not_allowed")
    pf = store.find_file(ctx.tenant_id, person_id)
    definitions = service._definitions(ctx.tenant_id)
    custom = [
        CustomShown(
            field_id=d.field_id,
            label={"zh-CN": d.label_zh, "en": d.label_en},
            type=d.type,
            value=pf.custom.get(d.field_id),
        )
        for d in definitions.values()
        if pf is not None and d.field_id in pf.custom and service._sees(d, access)
    ]
    result = PersonExport(
        exported_at=clock.iso_now(),
        full=query.full,
        person=ExportedPerson(
            person_id=person.person_id,
            name=person.name,
            employee_no=person.employee_no,
            email=person.email,
            unit_id=person.unit_id,
            status=person.status,
        ),
        file=_file_values(ctx, pf, full=query.full) if pf is not None else None,
        custom=custom,
        contracts=[
            c.model_dump(mode="json", exclude={"version"})
            for c in employment_store.contracts_of(ctx.tenant_id, person_id)
        ],
        events=[
            e.model_dump(mode="json", exclude={"version"}) for e in employment_store.events_of(ctx.tenant_id, person_id)
        ],
        history=[
            p.model_dump(mode="json", exclude={"version"})
            for p in employment_store.periods_of(ctx.tenant_id, person_id)
        ],
        change_requests=[service._request_view(r) for r in store.person_changes(ctx.tenant_id, person_id)],
        leave_balances=[
            b.model_dump(mode="json", exclude={"version"}) for b in attendance_store.balances(ctx.tenant_id, person_id)
        ],
    )
    changes = Changes()
    audit.record(changes, ctx, "export", "person_file", person_id, None, {"person_id": person_id, "full": query.full})
    changes.commit()
    return result


# ---- legal hold ---------------------------------------------------------------------------------


def _hold_view(person_id: str, hold: dict[str, Any] | None) -> LegalHold:
    if hold is None:
        return LegalHold(person_id=person_id, on_hold=False)
    return LegalHold(
        person_id=person_id,
        on_hold=True,
        reason=hold.get("reason"),
        set_at=hold.get("set_at"),
        set_by=hold.get("set_by"),
    )


def get_hold(ctx: RequestContext, person_id: str) -> LegalHold:
    service._person(ctx, person_id)
    return _hold_view(person_id, store.find_hold(ctx.tenant_id, person_id))


def set_hold(ctx: RequestContext, person_id: str, body: LegalHoldSet) -> LegalHold:
    """Set or clear the person's legal hold (HR): a held file is never erased. Audited with the reason.

    The PUT states the wanted end state, so it needs no version: two HR users setting it at once agree."""
    service._person(ctx, person_id)
    before = store.find_hold(ctx.tenant_id, person_id)
    changes = Changes()
    after: dict[str, Any] | None = None
    if body.on_hold:
        after = {"person_id": person_id, "reason": body.reason, "set_at": clock.iso_now(), "set_by": ctx.user_id}
        store.put_hold(changes, ctx.tenant_id, after)
    else:
        store.drop_hold(changes, ctx.tenant_id, person_id)
    audit.record(
        changes,
        ctx,
        "legal_hold" if body.on_hold else "legal_hold_clear",
        "person_file",
        person_id,
        before,
        {"person_id": person_id, "on_hold": body.on_hold, "reason": body.reason},
    )
    changes.commit()
    return _hold_view(person_id, after)
