"""Global search HTTP route: parse, call the service, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, RequestContext
from chalicelib.search import service
from chalicelib.search.schemas import SearchQuery, SearchResult

bp = Blueprint(__name__)


@endpoint(bp, "/search", roles=ANYONE, query=SearchQuery, response=SearchResult, tag="search")
def search(ctx: RequestContext, query: SearchQuery) -> SearchResult:
    """Find people, units, indicators and tasks by name: what the caller may open, grouped by kind."""
    return service.search(ctx, query)
