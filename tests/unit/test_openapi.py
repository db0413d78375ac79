"""/openapi.json is valid OpenAPI 3.1, complete, and says what the API really checks and answers."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from openapi_spec_validator import validate
from pydantic import BaseModel, Field, create_model

from app import app
from chalicelib.core import openapi
from chalicelib.core.api import SPECS, EndpointSpec


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return openapi.build(app.routes)


def operations(doc: dict[str, Any]):
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            yield f"{method.upper()} {path}", op


def test_the_document_is_valid_openapi_3_1(doc):
    assert doc["openapi"] == "3.1.0"
    validate(doc)  # raises on the first error


def test_every_ref_points_at_a_component(doc):
    text = json.dumps(doc)
    for kind in ("schemas", "responses"):
        refs = set(re.findall(rf'"#/components/{kind}/([^"]+)"', text))
        assert refs, kind
        assert not refs - set(doc["components"][kind]), f"dangling {kind} refs: {refs - set(doc['components'][kind])}"


def test_component_names_are_plain_class_names(doc):
    odd = [name for name in doc["components"]["schemas"] if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", name)]
    assert not odd


def test_two_models_with_one_name_are_refused(monkeypatch):
    first = create_model("Clash", a=(int, ...), __module__="chalicelib.one")
    second = create_model("Clash", b=(str, ...), __module__="chalicelib.two")
    routes = {}
    for n, model in enumerate((first, second)):
        name = f"clash_{n}"
        monkeypatch.setitem(SPECS, name, EndpointSpec(
            path=f"/clash/{n}", method="GET", name=name, summary="x", roles=frozenset(), public=True, body=None,
            query=None, response=model, status=200))
        routes[f"/clash/{n}"] = {"GET": SimpleNamespace(view_name=name)}

    with pytest.raises(openapi.SchemaNameClash, match="Clash"):
        openapi.build(routes)


def test_every_route_is_documented(doc):
    documented = {(p, m.upper()) for p, ops in doc["paths"].items() for m in ops}
    routed = {(p, m) for p, methods in app.routes.items() for m in methods}
    assert routed == documented


def test_query_parameters_carry_their_constraints(doc):
    inbox = {p["name"]: p for p in doc["paths"]["/collab/inbox"]["get"]["parameters"]}
    assert inbox["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}
    assert inbox["limit"]["required"] is False
    tasks = {p["name"]: p for p in doc["paths"]["/collab/tasks"]["get"]["parameters"]}
    assert tasks["status"]["schema"] == {"$ref": "#/components/schemas/TaskStatus"}  # an enum; no null in a query
    assert doc["components"]["schemas"]["TaskStatus"]["enum"]
    rollout = {p["name"]: p for p in doc["paths"]["/indicators/rollout"]["get"]["parameters"]}
    assert rollout["period"]["required"] is True and rollout["period"]["schema"]["pattern"]
    audit = {p["name"]: p for p in doc["paths"]["/audit"]["get"]["parameters"]}
    assert audit["entity_kind"]["schema"] == {"type": "string", "maxLength": 40, "default": ""}


def test_every_query_field_is_a_parameter_with_its_field_constraints(doc):
    for spec in SPECS.values():
        if spec.query is None:
            continue
        path = next(p for p, ms in app.routes.items() if spec.method in ms and ms[spec.method].view_name == spec.name)
        params = {p["name"]: p for p in doc["paths"][path][spec.method.lower()]["parameters"] if p["in"] == "query"}
        # A field with an alias (``from``, a Python keyword) is the parameter of that name.
        assert set(params) == {f.alias or n for n, f in spec.query.model_fields.items()}, path
        for name, field in spec.query.model_fields.items():
            schema = json.dumps(params[field.alias or name]["schema"])
            for meta in field.metadata:
                for attr, keyword in (("ge", "minimum"), ("le", "maximum"), ("pattern", "pattern"),
                                      ("min_length", "minLength"), ("max_length", "maxLength")):
                    if getattr(meta, attr, None) is not None:
                        assert f'"{keyword}"' in schema, (path, name, keyword)


def test_header_parameters_are_listed(doc):
    headers = [p for p in doc["paths"]["/reviews/actuals"]["post"]["parameters"] if p["in"] == "header"]
    assert [h["name"] for h in headers] == ["Idempotency-Key"]
    assert headers[0]["schema"]["maxLength"] == 200


def test_every_operation_declares_every_status_it_can_answer(doc):
    for label, op in operations(doc):
        method = label.split()[0]
        codes = set(op["responses"])
        expected = {"429", "500"}
        if "requestBody" in op or op.get("parameters"):
            expected.add("400")
        if "security" in op:
            expected |= {"401", "403", "404"}
        if method in {"POST", "PUT", "PATCH", "DELETE"}:
            expected.add("409")
        if "requestBody" in op:
            expected |= {"413", "415"}
        assert expected <= codes, (label, expected - codes)


def test_every_error_answer_has_the_error_schema(doc):
    for name, response in doc["components"]["responses"].items():
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, name
    for label, op in operations(doc):
        for code, response in op["responses"].items():
            if int(code) >= 400:
                assert response["$ref"].startswith("#/components/responses/"), (label, code)


def test_the_error_schema_requires_code_and_message(doc):
    schemas = doc["components"]["schemas"]
    error = schemas["Error"]
    assert error["required"] == ["error"]
    assert error["properties"]["error"]["required"] == ["code", "message"]
    assert schemas["ErrorDetail"]["required"] == ["field", "message"]
    assert "code" in schemas["ErrorDetail"]["properties"]


def test_every_success_answer_has_a_schema_but_204(doc):
    for label, op in operations(doc):
        for code, response in op["responses"].items():
            if code == "204":
                assert "content" not in response, label
            elif code.startswith("2"):
                assert response.get("content"), f"{label} has no response schema: give its endpoint response="


def test_operations_say_who_may_call_them(doc):
    for label, op in operations(doc):
        assert op["operationId"] and op["summary"] and op["description"], label
        if "security" in op:
            assert op["x-roles"], label
            assert "Roles: " in op["description"], label


def test_the_document_is_stable():
    assert json.dumps(openapi.build(app.routes)) == json.dumps(openapi.build(app.routes))


class _Query(BaseModel):
    limit: int = Field(default=10, ge=1, le=50, description="how many")
    unit_id: str | None = None


def test_optional_query_fields_lose_their_null_branch():
    params = {p["name"]: p for p in openapi._parameters(_Query, "query", {})}
    assert params["limit"] == {"name": "limit", "in": "query", "required": False, "description": "how many",
                               "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}}
    assert params["unit_id"]["schema"] == {"type": "string"}
