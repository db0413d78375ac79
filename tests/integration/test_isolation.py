"""Generated from the route table: tenant isolation and role checks for every protected route.

For each route:
* tenant B's most privileged user, given tenant A's ids (in the path, or in id fields of the
  body), gets 404 (400 for an id in a body) and a response that mentions nothing of tenant A;
* every user of tenant A whose roles are all outside the route's roles gets 403, and a user
  holding one of them does not.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import app as application
from chalicelib.core.api import SPECS, EndpointSpec
from chalicelib.core.context import Role
from tests.support import isolation_sources  # noqa: F401 - registers every domain's id sources
from tests.support.isolation import ID_SOURCES
from tests.support.world import staffed_company

# Every domain's routes, or the generated tests would silently cover fewer (tests/conftest.py loads them)
assert application.app.fully_loaded, "call app.app.load_all() before reading SPECS"
ROUTES = sorted((s for s in SPECS.values() if not s.public), key=lambda s: (s.path, s.method))
# Users of the staffed company and the roles each holds (manager and employee are derived).
USERS: dict[str, set[Role]] = {
    "admin": {Role.ADMIN, Role.HR, Role.EMPLOYEE},
    "hr": {Role.HR, Role.EMPLOYEE},
    "executive": {Role.EXECUTIVE},
    "manager": {Role.MANAGER, Role.EMPLOYEE},
    "employee": {Role.EMPLOYEE},
}


def _full_path(spec: EndpointSpec) -> str:
    for path, methods in application.app.routes.items():
        for method, entry in methods.items():
            if entry.view_name == spec.name and method == spec.method:
                return path
    raise AssertionError(f"{spec.name} is not in the route table")


def _example_body(spec: EndpointSpec) -> dict[str, Any]:
    if spec.body is None:
        return {}
    examples = spec.body.model_json_schema().get("examples") or []
    assert examples, f"{spec.body.__name__} needs an example (model_config json_schema_extra examples)"
    return dict(examples[0])


@pytest.fixture(scope="module")
def tenants():
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        api = Api(client)
        a = staffed_company(api, "甲公司金融科技")
        b = staffed_company(api, "乙公司信息技术")
        b_ids = {"root": b.root_unit_id}
        b.admin.patch(f"/org/units/{b.root_unit_id}", {"version": 1, "head_person_id": b.people["founder"]})
        b.user("all_roles_exec", ["executive", "admin", "hr"], person="founder")
        a_ids = {param: source(a) for param, source in ID_SOURCES.items()}
        yield a, b, a_ids, b_ids


def test_every_protected_route_names_its_roles():
    assert ROUTES, "no protected routes found"
    assert all(spec.roles for spec in ROUTES)


def test_every_path_parameter_has_an_id_source():
    missing = {p for s in ROUTES for p in re.findall(r"{(\w+)}", _full_path(s)) if p not in ID_SOURCES}
    assert not missing, f"add id sources in tests/support/isolation_sources for: {sorted(missing)}"


@pytest.mark.parametrize("spec", ROUTES, ids=lambda s: f"{s.method} {s.path}")
def test_tenant_b_cannot_reach_tenant_a(spec: EndpointSpec, tenants):
    a, b, a_ids, _ = tenants
    path = _full_path(spec)
    params = re.findall(r"{(\w+)}", path)
    url = path
    for param in params:
        url = url.replace("{" + param + "}", a_ids[param])
    body = _example_body(spec)
    for key in body:
        if key in a_ids:
            body[key] = a_ids[key]
    reply = b.as_("all_roles_exec").request(spec.method, url, body if spec.body else None)
    if params:
        assert reply.status == 404, (url, reply.status, reply.body)
    else:
        assert reply.status < 500, reply.body
        if any(k in a_ids for k in body):
            assert reply.status in (400, 404), (url, reply.status, reply.body)
    leaked = [v for v in [a.tenant_id, *a_ids.values(), "甲公司"] if v in reply.raw]
    assert not leaked, f"{spec.method} {url} leaked tenant A data: {leaked}"


ROLE_CASES = [(spec, user) for spec in ROUTES for user, roles in USERS.items() if not (roles & spec.roles)]


@pytest.mark.parametrize("spec,user", ROLE_CASES, ids=lambda v: v if isinstance(v, str) else f"{v.method} {v.path}")
def test_a_role_outside_the_route_roles_gets_403(spec: EndpointSpec, user: str, tenants):
    a, _, a_ids, _ = tenants
    url = _fill(_full_path(spec), a_ids)
    reply = a.as_(user).request(spec.method, url, _example_body(spec) if spec.body else None)
    assert reply.status == 403, (user, url, reply.status, reply.body)


@pytest.mark.parametrize("spec", ROUTES, ids=lambda s: f"{s.method} {s.path}")
def test_a_holder_of_the_route_role_is_not_refused(spec: EndpointSpec, tenants):
    a, _, a_ids, _ = tenants
    user = next(u for u, roles in USERS.items() if roles & spec.roles)
    url = _fill(_full_path(spec), a_ids)
    reply = a.as_(user).request(spec.method, url, _example_body(spec) if spec.body else None)
    refusal = reply.status == 403 and (reply.body or {}).get("error", {}).get("details", [{}])[0].get("field") == "role"
    assert reply.status != 401 and not refusal, (user, url, reply.status, reply.body)


def _fill(path: str, ids: dict[str, str]) -> str:
    for param in re.findall(r"{(\w+)}", path):
        path = path.replace("{" + param + "}", ids[param])
    return path


def test_openapi_lists_every_route(api):
    doc = api.get("/openapi.json").body
    documented = {(p, m.upper()) for p, ops in doc["paths"].items() for m in ops}
    for spec in ROUTES:
        assert (_full_path(spec), spec.method) in documented
    json.dumps(doc)


PAGED = [s for s in ROUTES if s.method == "GET" and s.query is not None and "cursor" in s.query.model_fields]
PAGE_PARAMS = {"my_data_duties": {"period": "2026-Q2"}}


@pytest.mark.parametrize("spec", PAGED, ids=lambda s: f"{s.method} {s.path}")
def test_a_cursor_from_tenant_a_is_400_in_tenant_b_never_data(spec: EndpointSpec, tenants):
    from chalicelib.core.paging import PageRequest

    a, b, a_ids, _ = tenants
    path = _full_path(spec)
    params = PAGE_PARAMS.get(spec.name, {})
    # Given a cursor tenant A was given for this list (or, when A's list fits one item, one signed for A)
    first = a.admin.get(_fill(path, a_ids), limit=1, **params)
    cursor = (first.body or {}).get("next_cursor") if first.status == 200 else None
    cursor = cursor or PageRequest(a.tenant_id, spec.name, 1).cursor({"PK": f"T#{a.tenant_id}", "SK": "X"})
    # When tenant B's most privileged user sends it to the same list
    url = _fill(path, a_ids) if "{" in path else path
    reply = b.as_("all_roles_exec").get(url, limit=1, cursor=cursor, **params)
    # Then 400 naming the cursor (404 first when the path names tenant A's object), and nothing of A
    if "{" in path:
        assert reply.status in (400, 404), (url, reply.status, reply.body)
    else:
        assert reply.status == 400 and reply.error_fields == ["cursor"], (url, reply.status, reply.body)
    leaked = [v for v in [a.tenant_id, *a_ids.values(), "甲公司"] if v in reply.raw]
    assert not leaked, f"{url} leaked tenant A data: {leaked}"
