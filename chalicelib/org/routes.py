"""Org HTTP routes: parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, RequestContext
from chalicelib.org import service, transfer
from chalicelib.org.schemas import (
    PeopleQuery,
    Person,
    PersonCreate,
    PersonList,
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
    UnitList,
    UnitMove,
    UnitsQuery,
    UnitUpdate,
    VersionOnly,
)

bp = Blueprint(__name__)


@endpoint(bp, "/units", roles=ANYONE, query=UnitsQuery, response=UnitList, tag="org")
def list_units(ctx: RequestContext, query: UnitsQuery) -> UnitList:
    """List the org units of the company, a page at a time."""
    return service.list_units(ctx, query)


@endpoint(bp, "/units", "POST", roles=HR_ADMIN, body=UnitCreate, response=Unit, status=201, tag="org")
def create_unit(ctx: RequestContext, body: UnitCreate) -> Unit:
    """Create an org unit under a parent unit."""
    return service.create_unit(ctx, body)


@endpoint(bp, "/units/{unit_id}", roles=ANYONE, response=Unit, tag="org")
def get_unit(unit_id: str, ctx: RequestContext) -> Unit:
    """Read one org unit."""
    return service.get_unit(ctx, unit_id)


@endpoint(bp, "/units/{unit_id}", "PATCH", roles=HR_ADMIN, body=UnitUpdate, response=Unit, tag="org")
def update_unit(unit_id: str, ctx: RequestContext, body: UnitUpdate) -> Unit:
    """Rename a unit, change its kind or head."""
    return service.update_unit(ctx, unit_id, body)


@endpoint(bp, "/units/{unit_id}/move", "POST", roles=HR_ADMIN, body=UnitMove, response=Unit, tag="org")
def move_unit(unit_id: str, ctx: RequestContext, body: UnitMove) -> Unit:
    """Move a unit and its whole subtree under another parent."""
    return service.move_unit(ctx, unit_id, body)


@endpoint(bp, "/units/{unit_id}/close", "POST", roles=HR_ADMIN, body=VersionOnly, response=Unit, tag="org")
def close_unit(unit_id: str, ctx: RequestContext, body: VersionOnly) -> Unit:
    """Close an empty unit (its sub-units and people must have moved out)."""
    return service.close_unit(ctx, unit_id, body)


@endpoint(bp, "/units/{unit_id}/subtree", roles=ANYONE, query=SubtreeQuery, response=Subtree, tag="org")
def get_subtree(unit_id: str, ctx: RequestContext, query: SubtreeQuery) -> Subtree:
    """A unit with all units, positions and people below it, in tree order, a page at a time (one query)."""
    return service.get_subtree(ctx, unit_id, query)


@endpoint(bp, "/positions", roles=ANYONE, query=PositionsQuery, response=PositionList, tag="org")
def list_positions(ctx: RequestContext, query: PositionsQuery) -> PositionList:
    """List positions with their job descriptions and holders, a page at a time."""
    return service.list_positions(ctx, query)


@endpoint(bp, "/positions", "POST", roles=HR_ADMIN, body=PositionCreate, response=Position, status=201, tag="org")
def create_position(ctx: RequestContext, body: PositionCreate) -> Position:
    """Create a position (岗位) with its job description."""
    return service.create_position(ctx, body)


@endpoint(bp, "/positions/{position_id}", roles=ANYONE, response=Position, tag="org")
def get_position(position_id: str, ctx: RequestContext) -> Position:
    """Read a position with its job description and holders."""
    return service.get_position(ctx, position_id)


@endpoint(bp, "/positions/{position_id}", "PATCH", roles=HR_ADMIN, body=PositionUpdate, response=Position, tag="org")
def update_position(position_id: str, ctx: RequestContext, body: PositionUpdate) -> Position:
    """Change a position's title, headcount or job description."""
    return service.update_position(ctx, position_id, body)


@endpoint(bp, "/people", roles=ANYONE, query=PeopleQuery, response=PersonList, tag="org")
def list_people(ctx: RequestContext, query: PeopleQuery) -> PersonList:
    """List people, a page at a time (contact fields only where the caller may see them)."""
    return service.list_people(ctx, query)


@endpoint(bp, "/people", "POST", roles=HR_ADMIN, body=PersonCreate, response=Person, status=201, tag="org")
def create_person(ctx: RequestContext, body: PersonCreate) -> Person:
    """Add a person to a unit."""
    return service.create_person(ctx, body)


@endpoint(bp, "/people/{person_id}", roles=ANYONE, response=Person, tag="org")
def get_person(person_id: str, ctx: RequestContext) -> Person:
    """Read a person."""
    return service.get_person(ctx, person_id)


@endpoint(bp, "/people/{person_id}", "PATCH", roles=HR_ADMIN, body=PersonUpdate, response=Person, tag="org")
def update_person(person_id: str, ctx: RequestContext, body: PersonUpdate) -> Person:
    """Change a person's record (unit, position, manager, status...)."""
    return service.update_person(ctx, person_id, body)


@endpoint(
    bp,
    "/import",
    "POST",
    roles=HR_ADMIN,
    body=transfer.ImportRequest,
    response=transfer.ImportResult,
    status=201,
    tag="org",
)
def import_org_file(ctx: RequestContext, body: transfer.ImportRequest) -> transfer.ImportResult:
    """Import units, positions or people from CSV or .xlsx (all rows or none; 400 lists bad rows)."""
    return transfer.import_file(ctx, body)


@endpoint(bp, "/export", roles=HR_ADMIN, query=transfer.ExportQuery, response=transfer.ExportFile, tag="org")
def export_org_file(ctx: RequestContext, query: transfer.ExportQuery) -> transfer.ExportFile:
    """Export units, positions or people as CSV or .xlsx, in the import format."""
    return transfer.export_file(ctx, query)
