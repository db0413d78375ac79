"""Responsibility matrix (权责矩阵) HTTP routes: parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, RequestContext
from chalicelib.raci import service
from chalicelib.raci.schemas import Matrix, RaciCreate, RaciDelete, RaciEntry, RaciList, RaciQuery, RaciUpdate

bp = Blueprint(__name__)


@endpoint(bp, "/raci", roles=ANYONE, query=RaciQuery, response=RaciList, tag="raci")
def list_raci_entries(ctx: RequestContext, query: RaciQuery) -> RaciList:
    """List responsibility entries (RACI and assessment authority) for processes and indicators, a page at a time."""
    return service.list_entries(ctx, query)


@endpoint(bp, "/raci", "POST", roles=HR_ADMIN, body=RaciCreate, response=RaciEntry, status=201, tag="raci")
def create_raci_entry(ctx: RequestContext, body: RaciCreate) -> RaciEntry:
    """Record who is Responsible/Accountable/Consulted/Informed for a process or indicator."""
    return service.create_entry(ctx, body)


@endpoint(bp, "/raci/matrix", roles=ANYONE, response=Matrix, tag="raci")
def raci_matrix(ctx: RequestContext) -> Matrix:
    """The responsibility matrix: rows are subjects, columns parties, cells R/A/C/I letters."""
    return service.matrix(ctx)


@endpoint(bp, "/raci/{entry_id}", roles=ANYONE, response=RaciEntry, tag="raci")
def get_raci_entry(entry_id: str, ctx: RequestContext) -> RaciEntry:
    """Read one responsibility entry."""
    return service.get_entry(ctx, entry_id)


@endpoint(bp, "/raci/{entry_id}", "PATCH", roles=HR_ADMIN, body=RaciUpdate, response=RaciEntry, tag="raci")
def update_raci_entry(entry_id: str, ctx: RequestContext, body: RaciUpdate) -> RaciEntry:
    """Change a responsibility entry (the whole assignment list is replaced when given)."""
    return service.update_entry(ctx, entry_id, body)


@endpoint(bp, "/raci/{entry_id}", "DELETE", roles=HR_ADMIN, body=RaciDelete, status=204, tag="raci")
def delete_raci_entry(entry_id: str, ctx: RequestContext, body: RaciDelete) -> None:
    """Remove a responsibility entry."""
    service.delete_entry(ctx, entry_id, body)
