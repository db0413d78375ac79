"""What the generated isolation tests need from each domain: how to make an object in tenant A.

Each path parameter name used by a route (``unit_id``, ``set_id``...) maps to a function that
creates (or picks) such an object in the given company and returns its id. A route whose path
parameter has no source here fails the isolation suite, so new routes cannot slip past it.
Domains add their sources with :func:`id_source`.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.support.world import Company

IdSource = Callable[[Company], str]
ID_SOURCES: dict[str, IdSource] = {}


def id_source(param: str, *, wraps: bool = False) -> Callable[[IdSource], IdSource]:
    """Register how tenant A makes an id for the path parameter ``param``. Two domains naming their
    parameter alike would silently share one source (the one imported last), so a second registration
    fails unless it says it wraps the first (``wraps=True``)."""
    def register(fn: IdSource) -> IdSource:
        if (param in ID_SOURCES) != wraps:
            raise AssertionError(f"id source {param!r}: " + ("registered twice: name the path parameter for its "
                                                            "domain" if not wraps else "nothing to wrap"))
        ID_SOURCES[param] = fn
        return fn
    return register


@id_source("unit_id")
def _unit(company: Company) -> str:
    return company.units["SALES"]


@id_source("person_id")
def _person(company: Company) -> str:
    return company.people["seller"]


@id_source("position_id")
def _position(company: Company) -> str:
    reply = company.admin.post("/org/positions", {"code": "SALES_REP", "title": "客户经理",
                                                  "unit_id": company.units["SALES"]})
    assert reply.status == 201, reply.body
    return reply.body["position_id"]


@id_source("user_id")
def _user(company: Company) -> str:
    return company.as_("hr").get("/me").body["user_id"]
