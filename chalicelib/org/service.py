"""Org rules: the unit tree, positions, people, and who may see or change what."""

from __future__ import annotations

from chalicelib.core import audit
from chalicelib.core.context import RequestContext
from chalicelib.core.db import MAX_TRANSACTION_ITEMS, Changes
from chalicelib.core.errors import Conflict, Detail, Forbidden, Invalid
from chalicelib.core.ids import new_id
from chalicelib.core.paging import page_request
from chalicelib.core.schema import merged
from chalicelib.org import store
from chalicelib.org.schemas import (
    PeopleQuery,
    Person,
    PersonCreate,
    PersonList,
    PersonStatus,
    PersonUpdate,
    Position,
    PositionCreate,
    PositionList,
    PositionsQuery,
    PositionUpdate,
    Subtree,
    SubtreeQuery,
    Unit,
    UnitCreate,
    UnitKind,
    UnitList,
    UnitMove,
    UnitsQuery,
    UnitStatus,
    UnitUpdate,
    VersionOnly,
)

MAX_DEPTH = 8


# ---- scope --------------------------------------------------------------------------------


def can_manage(ctx: RequestContext, unit: Unit) -> bool:
    """HR, admins and executives manage every unit; a manager the subtrees they head."""
    return ctx.sees_whole_company or any(u in unit.path for u in ctx.managed_unit_ids)


def require_managed_unit(ctx: RequestContext, unit_id: str) -> Unit:
    unit = store.get_unit(ctx.tenant_id, unit_id)
    if not can_manage(ctx, unit):
        raise Forbidden.field("unit_id", "unit.out_of_scope")
    return unit


def _visible(ctx: RequestContext, person: Person, unit_paths: dict[str, list[str]]) -> Person:
    """Colleagues see name, unit and position; contact fields only HR, the person and their managers."""
    path = unit_paths.get(person.unit_id, [])
    if ctx.sees_whole_company or person.person_id == ctx.person_id or any(m in path for m in ctx.managed_unit_ids):
        return person
    return person.model_copy(update={"email": None, "employee_no": None})


# ---- units --------------------------------------------------------------------------------


def create_root_unit(changes: Changes, ctx: RequestContext, name: str, code: str = "HQ") -> Unit:
    """The company unit every tenant starts with (called by sign-up)."""
    unit_id = new_id()
    unit = Unit(unit_id=unit_id, code=code, name=name, parent_id=None, path=[unit_id], kind=UnitKind.COMPANY)
    changes.claim(*store.unique_key(ctx.tenant_id, "UNITCODE", code))
    store.add_unit(changes, ctx.tenant_id, unit, new=True)
    audit.record(changes, ctx, "create", "unit", unit_id, None, unit.model_dump(mode="json"))
    return unit


def create_unit(ctx: RequestContext, body: UnitCreate) -> Unit:
    parent = _get_unit_or_invalid(ctx, body.parent_id, "parent_id")
    if parent.status != UnitStatus.ACTIVE:
        raise Invalid.field("parent_id", "unit.parent_closed")
    if len(parent.path) >= MAX_DEPTH:
        raise Invalid.field("parent_id", "unit.too_deep", levels=MAX_DEPTH)
    if body.head_person_id:
        _get_person_or_invalid(ctx, body.head_person_id, "head_person_id")
    unit_id = new_id()
    unit = Unit(
        unit_id=unit_id,
        code=body.code,
        name=body.name,
        parent_id=parent.unit_id,
        path=[*parent.path, unit_id],
        kind=body.kind,
        head_person_id=body.head_person_id,
    )
    changes = Changes()
    changes.claim(*store.unique_key(ctx.tenant_id, "UNITCODE", body.code))
    changes.require(*store.unit_key(ctx.tenant_id, parent.unit_id))
    store.add_unit(changes, ctx.tenant_id, unit, new=True)
    audit.record(changes, ctx, "create", "unit", unit_id, None, unit.model_dump(mode="json"))
    changes.commit()
    return unit.model_copy(update={"version": 1})


def get_unit(ctx: RequestContext, unit_id: str) -> Unit:
    return store.get_unit(ctx.tenant_id, unit_id)


def list_units(ctx: RequestContext, query: UnitsQuery) -> UnitList:
    page = store.units_page(ctx.tenant_id, page_request(ctx.tenant_id, "org.units", query))
    return UnitList(items=page.items, next_cursor=page.next_cursor)


def update_unit(ctx: RequestContext, unit_id: str, body: UnitUpdate) -> Unit:
    before = store.get_unit(ctx.tenant_id, unit_id)
    if body.head_person_id:
        _get_person_or_invalid(ctx, body.head_person_id, "head_person_id")
    after = merged(before, body.changes(), version=body.version)
    return _save_unit(ctx, before, after, "update")


def close_unit(ctx: RequestContext, unit_id: str, body: VersionOnly) -> Unit:
    before = store.get_unit(ctx.tenant_id, unit_id)
    if before.parent_id is None:
        raise Conflict("unit.company_not_closable")
    units, _, people = store.subtree(ctx.tenant_id, before.path)
    blockers = [
        Detail("units", "unit.active_sub_unit", name=u.name)
        for u in units
        if u.unit_id != unit_id and u.status == UnitStatus.ACTIVE
    ]
    blockers += [
        Detail("people", "unit.person_still_here", name=p.name) for p in people if p.status != PersonStatus.LEFT
    ]
    if blockers:
        raise Conflict("unit.not_empty", blockers)
    after = before.model_copy(update={"status": UnitStatus.CLOSED, "version": body.version})
    return _save_unit(ctx, before, after, "close")


def move_unit(ctx: RequestContext, unit_id: str, body: UnitMove) -> Unit:
    unit = store.get_unit(ctx.tenant_id, unit_id)
    if unit.parent_id is None:
        raise Conflict("unit.company_not_movable")
    new_parent = _get_unit_or_invalid(ctx, body.new_parent_id, "new_parent_id")
    if unit_id in new_parent.path:
        raise Invalid.field("new_parent_id", "unit.move_into_itself")
    if new_parent.status != UnitStatus.ACTIVE:
        raise Invalid.field("new_parent_id", "unit.parent_closed")
    units, positions, people = store.subtree(ctx.tenant_id, unit.path)
    depth = max(len(u.path) for u in units) - len(unit.path) + len(new_parent.path) + 1
    if depth > MAX_DEPTH:
        raise Invalid.field("new_parent_id", "unit.too_deep", levels=MAX_DEPTH)
    if 2 * len(units) + len(positions) + len(people) + 2 > MAX_TRANSACTION_ITEMS:  # a unit: + its rollout labels
        raise Conflict("unit.subtree_too_big", count=len(units) + len(people) + len(positions))
    old_prefix_len = len(unit.path)
    new_base = [*new_parent.path, unit_id]
    changes = Changes()
    changes.require(*store.unit_key(ctx.tenant_id, new_parent.unit_id))
    paths: dict[str, list[str]] = {}
    moved = unit
    for u in units:
        new_path = new_base + u.path[old_prefix_len:]
        paths[u.unit_id] = new_path
        update: dict[str, object] = {"path": new_path}
        if u.unit_id == unit_id:
            update.update(parent_id=new_parent.unit_id, version=body.version)
        changed = u.model_copy(update=update)
        if u.unit_id == unit_id:
            moved = changed
        store.add_unit(changes, ctx.tenant_id, changed, new=False)
    for pos in positions:
        store.add_position(changes, ctx.tenant_id, pos, paths[pos.unit_id], new=False)
    for person in people:
        store.add_person(changes, ctx.tenant_id, person, paths[person.unit_id], before=person)
    audit.record(
        changes, ctx, "move", "unit", unit_id, {"parent_id": unit.parent_id}, {"parent_id": new_parent.unit_id}
    )
    changes.commit()
    return moved.model_copy(update={"version": body.version + 1})


def get_subtree(ctx: RequestContext, unit_id: str, query: SubtreeQuery) -> Subtree:
    """One page of the subtree (one GSI1 Query). A position's holders are people of its unit, who follow
    the position in tree order; only the unit the page ends in may have holders on the next page, so
    they are read for that one unit (one more Query, only then)."""
    unit = store.get_unit(ctx.tenant_id, unit_id)
    page = store.subtree_page(ctx.tenant_id, unit.path, page_request(ctx.tenant_id, f"org.subtree:{unit_id}", query))
    units = [e for _, e in page.items if isinstance(e, Unit)]
    positions = [e for _, e in page.items if isinstance(e, Position)]
    people = [e for _, e in page.items if isinstance(e, Person)]
    holders: dict[str, list[str]] = {}
    cut_path = store.tree_sk_unit_path(page.items[-1][0]) if page.next_cursor and page.items else None
    cut_positions = {
        e.position_id for sk, e in page.items if isinstance(e, Position) and store.tree_sk_unit_path(sk) == cut_path
    }
    holding = people
    if cut_positions:
        cut_unit = [u for u in cut_path.strip("/").split("/") if u] if cut_path else []
        holding = [p for p in people if p.position_id not in cut_positions]
        holding += [p for p in store.people_in_unit(ctx.tenant_id, cut_unit) if p.position_id in cut_positions]
    for p in holding:
        if p.position_id and p.status != PersonStatus.LEFT:
            holders.setdefault(p.position_id, []).append(p.person_id)
    paths = {u.unit_id: u.path for u in units}
    missing = {p.unit_id for p in people if p.unit_id not in paths}
    if missing and not ctx.sees_whole_company:
        paths.update({u.unit_id: u.path for u in store.units_by_id(ctx.tenant_id, missing).values()})
    return Subtree(
        units=units,
        positions=[pos.model_copy(update={"holder_ids": holders.get(pos.position_id, [])}) for pos in positions],
        people=[_visible(ctx, p, paths) for p in people],
        next_cursor=page.next_cursor,
    )


def _save_unit(ctx: RequestContext, before: Unit, after: Unit, action: str) -> Unit:
    changes = Changes()
    store.add_unit(changes, ctx.tenant_id, after, new=False)
    audit.record(
        changes, ctx, action, "unit", after.unit_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    changes.commit()
    return after.model_copy(update={"version": after.version + 1})


def _get_unit_or_invalid(ctx: RequestContext, unit_id: str, field: str) -> Unit:
    unit = store.find_unit(ctx.tenant_id, unit_id)
    if unit is None:
        raise Invalid.field(field, "unit.not_found")
    return unit


def _get_person_or_invalid(ctx: RequestContext, person_id: str, field: str) -> Person:
    person = store.find_person(ctx.tenant_id, person_id)
    if person is None:
        raise Invalid.field(field, "person.not_found")
    return person


# ---- positions ------------------------------------------------------------------------------


def create_position(ctx: RequestContext, body: PositionCreate) -> Position:
    unit = _get_unit_or_invalid(ctx, body.unit_id, "unit_id")
    if unit.status != UnitStatus.ACTIVE:
        raise Invalid.field("unit_id", "unit.closed")
    position = Position(position_id=new_id(), **body.model_dump())
    changes = Changes()
    changes.claim(*store.unique_key(ctx.tenant_id, "POSCODE", body.code))
    changes.require(*store.unit_key(ctx.tenant_id, unit.unit_id))
    store.add_position(changes, ctx.tenant_id, position, unit.path, new=True)
    audit.record(changes, ctx, "create", "position", position.position_id, None, position.model_dump(mode="json"))
    changes.commit()
    return position.model_copy(update={"version": 1})


def get_position(ctx: RequestContext, position_id: str) -> Position:
    position = store.get_position(ctx.tenant_id, position_id)
    unit = store.get_unit(ctx.tenant_id, position.unit_id)
    holders = [
        p.person_id
        for p in store.people_in_unit(ctx.tenant_id, unit.path)
        if p.position_id == position_id and p.status != PersonStatus.LEFT
    ]
    return position.model_copy(update={"holder_ids": holders})


def list_positions(ctx: RequestContext, query: PositionsQuery) -> PositionList:
    """A page of positions with their holders, read from the company's people (one Query, as before paging:
    holders of any position may be anywhere in the people list)."""
    page = store.positions_page(ctx.tenant_id, page_request(ctx.tenant_id, "org.positions", query))
    holders: dict[str, list[str]] = {}
    if page.items:
        for p in store.list_people(ctx.tenant_id):
            if p.position_id and p.status != PersonStatus.LEFT:
                holders.setdefault(p.position_id, []).append(p.person_id)
    items = [pos.model_copy(update={"holder_ids": holders.get(pos.position_id, [])}) for pos in page.items]
    return PositionList(items=items, next_cursor=page.next_cursor)


def update_position(ctx: RequestContext, position_id: str, body: PositionUpdate) -> Position:
    before = store.get_position(ctx.tenant_id, position_id)
    unit = store.get_unit(ctx.tenant_id, before.unit_id)
    after = merged(before, body.changes(), version=body.version)
    changes = Changes()
    store.add_position(changes, ctx.tenant_id, after, unit.path, new=False)
    audit.record(
        changes, ctx, "update", "position", position_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


# ---- people ---------------------------------------------------------------------------------


def create_person(ctx: RequestContext, body: PersonCreate) -> Person:
    unit = _get_unit_or_invalid(ctx, body.unit_id, "unit_id")
    if unit.status != UnitStatus.ACTIVE:
        raise Invalid.field("unit_id", "unit.closed")
    _check_refs(ctx, body.position_id, body.manager_id, unit)
    person = Person(person_id=new_id(), **body.model_dump())
    changes = Changes()
    add_new_person(changes, ctx, person, unit.path)
    changes.commit()
    return person.model_copy(update={"version": 1})


def add_new_person(changes: Changes, ctx: RequestContext, person: Person, unit_path: list[str]) -> None:
    """Stage a new person with their unique employee number and email (sign-up and import use it)."""
    changes.claim(*store.unique_key(ctx.tenant_id, "EMPNO", person.employee_no or person.person_id))
    changes.claim(*store.unique_key(ctx.tenant_id, "EMAIL", person.email or person.person_id))
    store.add_person(changes, ctx.tenant_id, person, unit_path, before=None)
    audit.record(changes, ctx, "create", "person", person.person_id, None, person.model_dump(mode="json"))


def stage_person_update(
    changes: Changes, ctx: RequestContext, before: Person, after: Person, unit_path: list[str]
) -> None:
    """Stage an existing person's new record (import uses it): the number and email guards move
    with the values; the save fails with 409 if someone changed the person since ``before`` was read."""
    for kind, old, new in (("EMPNO", before.employee_no, after.employee_no), ("EMAIL", before.email, after.email)):
        if (old or "").lower() != (new or "").lower():
            changes.release(*store.unique_key(ctx.tenant_id, kind, old or before.person_id))
            changes.claim(*store.unique_key(ctx.tenant_id, kind, new or before.person_id))
    store.add_person(changes, ctx.tenant_id, after, unit_path, before=before)
    audit.record(
        changes, ctx, "update", "person", after.person_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )


def get_person(ctx: RequestContext, person_id: str) -> Person:
    person = store.get_person(ctx.tenant_id, person_id)
    if person.person_id == ctx.person_id or ctx.sees_whole_company:
        return person
    unit = store.find_unit(ctx.tenant_id, person.unit_id)
    return _visible(ctx, person, {person.unit_id: unit.path if unit else []})


def list_people(ctx: RequestContext, query: PeopleQuery) -> PersonList:
    page = store.people_page(ctx.tenant_id, page_request(ctx.tenant_id, "org.people", query))
    paths: dict[str, list[str]] = {}
    if not ctx.sees_whole_company and page.items:
        paths = {u.unit_id: u.path for u in store.units_by_id(ctx.tenant_id, {p.unit_id for p in page.items}).values()}
    return PersonList(items=[_visible(ctx, p, paths) for p in page.items], next_cursor=page.next_cursor)


def update_person(ctx: RequestContext, person_id: str, body: PersonUpdate) -> Person:
    before = store.get_person(ctx.tenant_id, person_id)
    fields = body.changes()
    if "email" in fields:
        fields["email"] = fields["email"].lower()
    after = merged(before, fields, version=body.version)
    unit = _get_unit_or_invalid(ctx, after.unit_id, "unit_id")
    moved = after.unit_id != before.unit_id
    if moved and unit.status != UnitStatus.ACTIVE:  # as create_person and stage_move refuse
        raise Invalid.field("unit_id", "unit.closed")
    if after.manager_id == person_id:
        raise Invalid.field("manager_id", "person.own_manager")
    # A move keeps the position only if it belongs to the new unit (create_person's check).
    _check_refs(
        ctx,
        after.position_id if "position_id" in fields or moved else None,
        after.manager_id if "manager_id" in fields else None,
        unit,
    )
    changes = Changes()
    if after.email != before.email:
        changes.release(*store.unique_key(ctx.tenant_id, "EMAIL", before.email or person_id))
        changes.claim(*store.unique_key(ctx.tenant_id, "EMAIL", after.email or person_id))
    store.add_person(changes, ctx.tenant_id, after, unit.path, before=before)
    audit.record(
        changes, ctx, "update", "person", person_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


def _check_refs(ctx: RequestContext, position_id: str | None, manager_id: str | None, unit: Unit) -> None:
    if position_id:
        position = store.find_position(ctx.tenant_id, position_id)
        if position is None:
            raise Invalid.field("position_id", "position.not_found")
        if position.unit_id != unit.unit_id:
            raise Invalid.field("position_id", "position.other_unit")
    if manager_id:
        _get_person_or_invalid(ctx, manager_id, "manager_id")


def stage_move(
    changes: Changes,
    ctx: RequestContext,
    person_id: str,
    *,
    unit_id: str | None = None,
    position_id: str | None = None,
    manager_id: str | None = None,
    status: PersonStatus | None = None,
    action: str = "move",
) -> Person:
    """Stage moving a person (unit, position, manager, status) into ``changes`` with its audit record, checked
    like :func:`update_person`; for callers that commit it with their own records (employment events).
    ``None`` keeps a field, except that a new unit drops a position that belongs elsewhere."""
    before = store.get_person(ctx.tenant_id, person_id)
    fields: dict[str, object] = {}
    if unit_id is not None:
        fields["unit_id"] = unit_id
        if position_id is None and unit_id != before.unit_id:
            fields["position_id"] = None
    if position_id is not None:
        fields["position_id"] = position_id
    if manager_id is not None:
        fields["manager_id"] = manager_id
    if status is not None:
        fields["status"] = status
    after = merged(before, fields)
    unit = _get_unit_or_invalid(ctx, after.unit_id, "unit_id")
    if unit_id is not None and unit.status != UnitStatus.ACTIVE:
        raise Invalid.field("unit_id", "unit.closed")
    if after.manager_id == person_id:
        raise Invalid.field("manager_id", "person.own_manager")
    _check_refs(ctx, position_id, manager_id, unit)
    store.add_person(changes, ctx.tenant_id, after, unit.path, before=before)
    audit.record(
        changes, ctx, action, "person", person_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    return after.model_copy(update={"version": after.version + 1})


def check_placement(ctx: RequestContext, unit_id: str, position_id: str | None, manager_id: str | None) -> Unit:
    """The active unit a new person may be placed in with this position and manager (400 naming the field)."""
    unit = _get_unit_or_invalid(ctx, unit_id, "unit_id")
    if unit.status != UnitStatus.ACTIVE:
        raise Invalid.field("unit_id", "unit.closed")
    _check_refs(ctx, position_id, manager_id, unit)
    return unit
