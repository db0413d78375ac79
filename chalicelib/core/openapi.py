"""OpenAPI 3.1 document generated from the route table and the endpoints' pydantic schemas."""

from __future__ import annotations

import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from chalicelib.core.api import SPECS, EndpointSpec

_REF = "#/components/schemas/{model}"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "object", "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "details": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "message": {"type": "string"}}}},
    }}},
}


def build(routes: dict[str, dict[str, Any]], title: str = "Luodi API", version: str = "1.0.0") -> dict[str, Any]:
    models: set[type[BaseModel]] = set()
    for spec in SPECS.values():
        for candidate in (spec.body, spec.query, _inner_model(spec.response)):
            if candidate is not None:
                models.add(candidate)
    _, defs = models_json_schema([(m, "validation") for m in sorted(models, key=lambda m: m.__name__)],
                                 ref_template=_REF)
    components = {"schemas": {**defs.get("$defs", {}), "Error": ERROR_SCHEMA},
                  "securitySchemes": {"cognito": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}
    paths: dict[str, dict[str, Any]] = {}
    for path, methods in sorted(routes.items()):
        for method, entry in methods.items():
            found: EndpointSpec | None = SPECS.get(entry.view_name)
            if found is None:
                continue
            paths.setdefault(path, {})[method.lower()] = _operation(found, path)
    return {"openapi": "3.1.0", "info": {"title": title, "version": version}, "paths": paths,
            "components": components}


def _operation(spec: EndpointSpec, path: str) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": spec.name, "summary": spec.summary}
    if spec.tags:
        op["tags"] = list(spec.tags)
    params = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
              for n in re.findall(r"{(\w+)}", path)]
    if spec.query is not None:
        for name, fld in spec.query.model_fields.items():
            params.append({"name": name, "in": "query", "required": fld.is_required(),
                           "schema": TypeAdapter(fld.annotation or str).json_schema(ref_template=_REF)})
    if params:
        op["parameters"] = params
    if spec.body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": _REF.format(model=spec.body.__name__)}}}}
    ok: dict[str, Any] = {"description": "OK"}
    if spec.response is not None:
        ok["content"] = {"application/json": {"schema": _response_schema(spec.response)}}
    responses: dict[str, Any] = {str(spec.status): ok}
    err = {"description": "error", "content": {"application/json": {"schema": {"$ref": _REF.format(model="Error")}}}}
    if spec.body is not None or spec.query is not None:
        responses["400"] = err
    if not spec.public:
        op["security"] = [{"cognito": []}]
        op["x-roles"] = sorted(spec.roles)
        responses.update({"401": {"description": "no or bad token"}, "403": err, "404": err})
    op["responses"] = responses
    return op


def _inner_model(response: Any) -> type[BaseModel] | None:
    if isinstance(response, type) and issubclass(response, BaseModel):
        return response
    args = get_args(response)
    if get_origin(response) is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return args[0]
    return None


def _response_schema(response: Any) -> dict[str, Any]:
    model = _inner_model(response)
    if model is None:
        return {"type": "object"}
    ref = {"$ref": _REF.format(model=model.__name__)}
    return {"type": "array", "items": ref} if get_origin(response) is list else ref
