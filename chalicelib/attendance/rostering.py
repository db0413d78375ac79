"""HR's shifts and who works them: a shift per person or per unit, from a date (the day's rules
follow the assignment in force that day; a person's own wins over their unit's, the nearest unit's
over its parents'). Everyone without one works the built-in 09:00–18:00."""

from __future__ import annotations

from datetime import date, timedelta

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
from chalicelib.core.errors import Conflict, Invalid, NotFound
from chalicelib.org import store as org_store


def list_shifts(ctx: RequestContext) -> ShiftList:
    return ShiftList(items=[daily.STANDARD, *clock_store.shifts(ctx.tenant_id)])


def add_shift(ctx: RequestContext, body: ShiftCreate) -> ShiftDef:
    if body.code == daily.STANDARD.code:
        raise Conflict.field("code", "attendance.shift_exists", code=body.code)
    check_rules(body)
    shift = ShiftDef(**body.model_dump())
    changes = Changes()
    clock_store.add_shift(changes, ctx.tenant_id, shift)
    audit.record(changes, ctx, "create", "shift", shift.code, None, shift.model_dump(mode="json"))
    try:
        changes.commit()
    except Conflict:
        raise Conflict.field("code", "attendance.shift_exists", code=body.code) from None
    return shift.model_copy(update={"version": 1})


def check_rules(body: ShiftCreate) -> None:
    """Flexible hours need core hours inside the span and a total that fits it; fixed ones have
    neither; 大小周 needs its anchor. 400 naming the field otherwise."""
    flexible = (body.core_start, body.core_end, body.required_minutes)
    if body.kind == "fixed" and any(v is not None for v in flexible):
        raise Invalid.field("core_start" if body.core_start else "required_minutes", "attendance.fixed_no_core")
    if body.kind == "flexible":
        names = ("core_start", "core_end", "required_minutes")
        missing = [name for name, value in zip(names, flexible, strict=True) if value is None]
        if missing:
            raise Invalid.field(missing[0], "attendance.flexible_needs_core")
        shift = daily.to_shift(ShiftDef(**body.model_dump()))
        day = date(2026, 1, 5)  # any date: only the order of the times matters
        span_start, span_end = shift.bounds(day)
        core_start, core_end = shift.core_bounds(day)
        if not span_start <= core_start < core_end <= span_end:
            raise Invalid.field("core_end", "attendance.core_outside_span")
        if timedelta(minutes=shift.required_minutes) > span_end - span_start:
            raise Invalid.field("required_minutes", "attendance.required_too_long")
    if body.rest_pattern == "alternating" and body.rest_anchor is None:
        raise Invalid.field("rest_anchor", "attendance.rest_anchor_required")


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
