"""Generated from the route table: every PATCH is a merge that never stores what a read cannot load.

For each PATCH route (its body is a :class:`~chalicelib.core.schema.Patch`):
* sending one field (the schema's own example) changes that field and nothing else;
* sending ``null`` for a field that may not be cleared is refused with 400 naming the field, and
  the stored record is unchanged; the tenant's lists still answer.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import app as application
from chalicelib.core.api import SPECS, EndpointSpec
from chalicelib.core.schema import Patch
from tests.support import isolation_sources  # noqa: F401 - registers every domain's id sources
from tests.support.isolation import ID_SOURCES
from tests.support.world import staffed_company

PATCHES = sorted((s for s in SPECS.values() if s.method == "PATCH"), key=lambda s: s.path)
# Fields a write recomputes, besides the one sent.
DERIVED = {"version", "updated_at", "updated_by_person_id", "template_version", "findings", "overdue"}


def _full_path(spec: EndpointSpec) -> str:
    for path, methods in application.app.routes.items():
        entry = methods.get(spec.method)
        if entry is not None and entry.view_name == spec.name:
            return path
    raise AssertionError(f"{spec.name} is not in the route table")


def _has_get(path: str) -> bool:
    return "GET" in application.app.routes.get(path, {})


READABLE = [s for s in PATCHES if _has_get(_full_path(s))]


@pytest.fixture(scope="module")
def world():
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        company = staffed_company(Api(client), "甲公司金融科技")
        ids: dict[str, str] = {}
        yield company, ids


def _url(spec: EndpointSpec, company: Any, ids: dict[str, str]) -> str:
    path = _full_path(spec)
    for param in re.findall(r"{(\w+)}", path):
        if param not in ids:
            ids[param] = ID_SOURCES[param](company)
        path = path.replace("{" + param + "}", ids[param])
    return path


def _record(company: Any, url: str) -> dict[str, Any]:
    """The record a GET answers: the body itself, or the one nested object carrying the version."""
    body = company.as_("admin").get(url).body
    if "version" in body:
        return body
    nested = [v for v in body.values() if isinstance(v, dict) and "version" in v]
    assert len(nested) == 1, body
    return nested[0]


def _example_change(spec: EndpointSpec) -> dict[str, Any]:
    assert spec.body is not None
    example = dict((spec.body.model_json_schema().get("examples") or [{}])[0])
    example.pop("version", None)
    assert example, f"{spec.body.__name__} needs an example that changes a field"
    return example


def test_every_patch_route_takes_a_merge_patch_and_can_be_read_back():
    assert PATCHES
    for spec in PATCHES:
        assert spec.body is not None and issubclass(spec.body, Patch) or spec.name == "edit_message", spec.name
    unreadable = [s.path for s in PATCHES if s not in READABLE and s.name != "edit_message"]
    assert not unreadable, f"a PATCH without a GET of the same record: {unreadable}"


@pytest.mark.parametrize("spec", READABLE, ids=lambda s: s.path)
def test_given_one_field_sent_when_patching_then_nothing_else_changes(spec: EndpointSpec, world):
    company, ids = world
    url = _url(spec, company, ids)
    before = _record(company, url)
    change = _example_change(spec)

    reply = company.as_("admin").patch(url, {"version": before["version"], **change})

    assert reply.status == 200, reply.body
    after = _record(company, url)
    kept = {k: v for k, v in before.items() if k not in DERIVED and k not in change}
    assert {k: after.get(k) for k in kept} == kept
    assert after["version"] == before["version"] + 1


def _refusing_null(spec: EndpointSpec) -> list[str]:
    assert spec.body is not None and issubclass(spec.body, Patch)
    return [n for n in spec.body.model_fields if n != "version" and n not in spec.body.CLEARABLE]


NULL_CASES = [(spec, name) for spec in READABLE for name in _refusing_null(spec)]


@pytest.mark.parametrize("spec,field", NULL_CASES, ids=lambda v: v if isinstance(v, str) else v.path)
def test_given_null_for_a_field_that_cannot_be_cleared_then_400_names_it_and_nothing_is_stored(
        spec: EndpointSpec, field: str, world):
    company, ids = world
    url = _url(spec, company, ids)
    before = _record(company, url)

    reply = company.as_("admin").patch(url, {"version": before["version"], field: None})

    assert reply.status == 400, reply.body
    assert reply.error_fields == [field]
    assert _record(company, url) == before


@pytest.mark.parametrize("path", ["/org/units", "/org/positions", "/org/people", "/org/goals", "/org/goals/cascade",
                                  "/org/raci", "/collab/tasks", "/indicators/sets", "/reviews/cycles"])
def test_after_every_refused_null_the_tenants_lists_still_answer(path: str, world):
    company, _ = world
    params = {"period": "2026"} if path.startswith("/org/goals") else {}
    reply = company.as_("admin").get(path, **params)
    assert reply.status == 200, reply.body
