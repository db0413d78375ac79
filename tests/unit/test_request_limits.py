"""Every number a client can send is bounded, in the schema the clients read (OpenAPI)."""

from __future__ import annotations

from typing import Any

import pytest

import app  # noqa: F401 - registers every endpoint
from chalicelib.core.api import SPECS


def _numbers_without_bounds(schema: dict[str, Any], defs: dict[str, Any], where: str, seen: set[str]) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return _numbers_without_bounds(defs[name], defs, where, seen | {name})
    found: list[str] = []
    kind = schema.get("type")
    if kind in ("number", "integer"):
        low = "minimum" in schema or "exclusiveMinimum" in schema
        high = "maximum" in schema or "exclusiveMaximum" in schema
        if not (low and high):
            found.append(where)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += _numbers_without_bounds(option, defs, where, seen)
    for name, prop in (schema.get("properties") or {}).items():
        found += _numbers_without_bounds(prop, defs, f"{where}.{name}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found += _numbers_without_bounds(schema[key], defs, f"{where}[]", seen)
    return found


BODIES = sorted({spec.body for spec in SPECS.values() if spec.body is not None}, key=lambda m: m.__name__)


@pytest.mark.parametrize("model", BODIES, ids=lambda m: m.__name__)
def test_every_number_in_a_request_body_has_a_minimum_and_a_maximum(model):
    schema = model.model_json_schema()
    assert _numbers_without_bounds(schema, schema.get("$defs", {}), model.__name__, set()) == []
