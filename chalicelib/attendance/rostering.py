"""HR's shifts and who works them: a shift per person or per unit, from a date (the day's rules
follow the assignment in force that day; a person's own wins over their unit's, the nearest unit's
over its parents'). Everyone without one works the built-in 09:00–18:00."""

from __future__ import annotations

from chalicelib.attendance import clock_store, daily
from chalicelib.attendance.clock_schemas import (
    ShiftAssign,
    ShiftAssignment,
    ShiftAssignmentList,
    ShiftCreate,
    ShiftDef,
    ShiftList,
)
from chalicelib.core import audit
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.org import store as org_store


def list_shifts(ctx: RequestContext) -> ShiftList:
    return ShiftList(items=[daily.STANDARD, *clock_store.shifts(ctx.tenant_id)])


def add_shift(ctx: RequestContext, body: ShiftCreate) -> ShiftDef:
    if body.code == daily.STANDARD.code:
        raise Conflict.field("code", "attendance.shift_exists", code=body.code)
    shift = ShiftDef(**body.model_dump())
    changes = Changes()
    clock_store.add_shift(changes, ctx.tenant_id, shift)
    audit.record(changes, ctx, "create", "shift", shift.code, None, shift.model_dump(mode="json"))
    try:
        changes.commit()
    except Conflict:
        raise Conflict.field("code", "attendance.shift_exists", code=body.code) from None
    return shift.model_copy(update={"version": 1})


def assign(ctx: RequestContext, body: ShiftAssign) -> ShiftAssignment:
    known = {s.code for s in list_shifts(ctx).items}
    if body.shift not in known:
        raise NotFound.field("shift", "attendance.shift_not_found", code=body.shift)
    exists = (
        org_store.find_person(ctx.tenant_id, body.target_id)
        if body.target == "person"
        else org_store.find_unit(ctx.tenant_id, body.target_id)
    )
    if exists is None:
        raise NotFound.field("target_id", "person.not_found" if body.target == "person" else "unit.not_found")
    assignment = ShiftAssignment(**body.model_dump())
    changes = Changes()
    clock_store.put_assignment(changes, ctx.tenant_id, assignment)
    audit.record(
        changes,
        ctx,
        "update",
        "shift_assignment",
        f"{body.target}#{body.target_id}",
        None,
        assignment.model_dump(mode="json"),
    )
    changes.commit()
    return assignment


def list_assignments(ctx: RequestContext) -> ShiftAssignmentList:
    return ShiftAssignmentList(items=clock_store.assignments(ctx.tenant_id))
