"""RACI rules: parties exist in the tenant and are active, exactly one Accountable, at least one
Responsible, one entry per subject; the matrix view for everyone.

History: every create/update/delete writes an audit record with the whole entry before and after
(``GET /audit?entity_kind=raci&entity_id=...``), and ``version`` guards concurrent edits.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core import audit
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Detail, Invalid
from chalicelib.core.ids import new_id
from chalicelib.core.messages import text
from chalicelib.core.paging import page_request
from chalicelib.core.schema import merged
from chalicelib.raci import store
from chalicelib.raci.schemas import (
    Assignment,
    Authority,
    Letter,
    Matrix,
    MatrixColumn,
    MatrixRow,
    Party,
    PartyKind,
    RaciCreate,
    RaciDelete,
    RaciEntry,
    RaciList,
    RaciQuery,
    RaciUpdate,
)

_LETTER_ORDER = "RACI"
_KIND_ORDER = {PartyKind.UNIT: 0, PartyKind.POSITION: 1, PartyKind.PERSON: 2}


def list_entries(ctx: RequestContext, query: RaciQuery) -> RaciList:
    page = store.entries_page(ctx.tenant_id, page_request(ctx.tenant_id, "raci", query))
    return RaciList(items=page.items, next_cursor=page.next_cursor)


def get_entry(ctx: RequestContext, entry_id: str) -> RaciEntry:
    return store.get_entry(ctx.tenant_id, entry_id)


def create_entry(ctx: RequestContext, body: RaciCreate) -> RaciEntry:
    _check(ctx, body.assignments, body.authority)
    entry = RaciEntry(entry_id=new_id(), **body.model_dump())
    changes = Changes()
    changes.claim(*store.subject_guard(ctx.tenant_id, entry.subject))
    store.add_entry(changes, ctx.tenant_id, entry, new=True)
    audit.record(changes, ctx, "create", "raci", entry.entry_id, None, entry.model_dump(mode="json"))
    changes.commit()
    return entry.model_copy(update={"version": 1})


def update_entry(ctx: RequestContext, entry_id: str, body: RaciUpdate) -> RaciEntry:
    before = store.get_entry(ctx.tenant_id, entry_id)
    after = merged(before, body.changes(), version=body.version)
    _check(ctx, after.assignments, after.authority)
    changes = Changes()
    if store.subject_guard(ctx.tenant_id, after.subject) != store.subject_guard(ctx.tenant_id, before.subject):
        changes.release(*store.subject_guard(ctx.tenant_id, before.subject))
        changes.claim(*store.subject_guard(ctx.tenant_id, after.subject))
    store.add_entry(changes, ctx.tenant_id, after, new=False)
    audit.record(
        changes, ctx, "update", "raci", entry_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


def delete_entry(ctx: RequestContext, entry_id: str, body: RaciDelete) -> None:
    before = store.get_entry(ctx.tenant_id, entry_id)
    changes = Changes()
    changes.release(*store.subject_guard(ctx.tenant_id, before.subject))
    store.delete_entry(changes, ctx.tenant_id, before.model_copy(update={"version": body.version}))
    audit.record(changes, ctx, "delete", "raci", entry_id, before.model_dump(mode="json"), None)
    changes.commit()


def matrix(ctx: RequestContext) -> Matrix:
    """Rows are subjects, columns every party named in an assignment, cells the letters."""
    entries = sorted(store.list_entries(ctx.tenant_id), key=lambda e: (e.subject.kind, e.subject.name))
    wanted = {(a.party.kind, a.party.id) for e in entries for a in e.assignments}
    found = store.parties(ctx.tenant_id, wanted)
    columns = sorted(
        (MatrixColumn(kind=kind, id=pid, name=_name(kind, found.get((kind, pid)))) for kind, pid in wanted),
        key=lambda c: (_KIND_ORDER[c.kind], c.name, c.id),
    )
    index = {(c.kind, c.id): i for i, c in enumerate(columns)}
    rows = []
    for entry in entries:
        cells = [""] * len(columns)
        for a in sorted(entry.assignments, key=lambda a: _LETTER_ORDER.index(a.letter)):
            i = index[(a.party.kind, a.party.id)]
            cells[i] += a.letter.value
        rows.append(MatrixRow(entry_id=entry.entry_id, subject=entry.subject, cells=cells))
    return Matrix(columns=columns, rows=rows)


# ---- rules ------------------------------------------------------------------------------


def _check(ctx: RequestContext, assignments: list[Assignment], authority: Authority) -> None:
    errors: list[Detail] = []
    accountable = [i for i, a in enumerate(assignments) if a.letter == Letter.ACCOUNTABLE]
    if len(accountable) != 1:
        errors.append(Detail("assignments", "raci.one_accountable", found=len(accountable)))
    if not any(a.letter == Letter.RESPONSIBLE for a in assignments):
        errors.append(Detail("assignments", "raci.responsible_required"))
    seen: set[tuple[str, str, str]] = set()
    for i, a in enumerate(assignments):
        key = (a.letter, a.party.kind, a.party.id)
        if key in seen:
            errors.append(Detail(f"assignments[{i}]", "raci.letter_twice"))
        seen.add(key)
    named: list[tuple[str, Party]] = [(f"assignments[{i}].party", a.party) for i, a in enumerate(assignments)]
    named += [(f"authority.{role}", getattr(authority, role)) for role in ("drafter", "reviewer", "approver")]
    named += [(f"authority.data_providers[{i}]", p) for i, p in enumerate(authority.data_providers)]
    found = store.parties(ctx.tenant_id, {(p.kind, p.id) for _, p in named})
    for field, party in named:
        stored = found.get((party.kind, party.id))
        if stored is None:
            errors.append(Detail(f"{field}.id", "object.not_found", kind=text(f"object.{party.kind}")))
        elif stored.get("status") in ("closed", "left"):
            errors.append(
                Detail(
                    f"{field}.id",
                    "raci.party_inactive",
                    kind=text(f"object.{party.kind}"),
                    status=text(f"raci.party_status.{stored['status']}"),
                )
            )
    if errors:
        raise Invalid("raci.invalid", errors, count=len(errors))


def _name(kind: PartyKind, stored: dict[str, Any] | None) -> str:
    if not stored:
        return ""
    return str(stored.get("title" if kind == PartyKind.POSITION else "name", ""))
