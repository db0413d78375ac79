"""OpenAPI 3.1 document generated from the route table and the endpoints' pydantic schemas.

Component schemas are named after their pydantic classes, so two classes with one name would make
a ``$ref`` ambiguous: :func:`build` refuses them (rename one). Query and header parameters are
inlined from their models with every constraint (``minimum``, ``pattern``, enums, defaults); every
operation lists each status it can answer, errors with the one ``Error`` schema.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from chalicelib.core.api import MAX_BODY_BYTES, SPECS, EndpointSpec

_REF = "#/components/schemas/{model}"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")  # OpenAPI's component key rule, less pydantic's "__"
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "type": "object",
        "description": "Every error answer, from the API and from the gateway in front of it.",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {
                        "type": "string",
                        "description": "stable and machine-readable: invalid, unauthorized, "
                        "forbidden, not_found, conflict, ...",
                    },
                    "message": {"type": "string", "description": "for people, in the caller's language"},
                    "details": {
                        "type": "array",
                        "items": {"$ref": _REF.format(model="ErrorDetail")},
                        "description": "one entry per bad field (may be empty)",
                    },
                },
            }
        },
    },
    "ErrorDetail": {
        "type": "object",
        "description": "What is wrong with one field of the request.",
        "required": ["field", "message"],
        "properties": {
            "field": {"type": "string", "description": "dotted path into the body, or a parameter or header name"},
            "message": {"type": "string"},
            "code": {"type": "string", "description": "stable and machine-readable, when there is one"},
        },
    },
}

# Error answers by status: (component name, description). Referenced from every operation that can give them.
ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request is invalid; `details` names each bad field."),
    401: ("Unauthorized", "No bearer token was sent."),
    403: ("Forbidden", "The token is not valid, or the caller's roles do not allow this."),
    404: ("NotFound", "No such record in the caller's company."),
    409: (
        "Conflict",
        "The record changed since it was read (stale `version`), a unique value is taken, or the "
        "change is not allowed in the record's current state.",
    ),
    413: ("PayloadTooLarge", f"The request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB."),
    415: ("UnsupportedMediaType", "The request body is not `application/json`."),
    429: ("TooManyRequests", "Too many requests; wait and retry."),
    500: ("InternalError", "An unexpected error; retrying may help."),
}

TAGS = {
    "system": "Health, client configuration and this document.",
    "tenancy": "Sign-up, users and roles, the caller's profile, the audit log.",
    "org": "Org units, positions, people; import and export.",
    "goals": "Strategic goals and their cascade.",
    "raci": "Who is responsible, accountable, consulted and informed.",
    "indicators": "The KPI library, indicator sets and their approval workflow.",
    "dashboards": "Rollout and performance dashboards for each role.",
    "reviews": "Review cycles, actuals, scoring, reviews, calibration and forecasts.",
    "collab": "Notifications, tasks, threads and documents.",
    "reminders": "Reminder preferences, unsubscribe, chat robots and delivery problems.",
    "metering": "The company's usage and its estimated cost.",
    "search": "Global search over people, units, indicators and tasks.",
}


class SchemaNameClash(ValueError):
    """Two pydantic models (or enums) with one class name are both in the document."""


def build(routes: dict[str, dict[str, Any]], title: str = "Luodi API", version: str = "1.0.0") -> dict[str, Any]:
    found = [
        (path, method, SPECS.get(entry.view_name))
        for path, methods in sorted(routes.items())
        for method, entry in methods.items()
    ]
    specs = [(path, method, spec) for path, method, spec in found if spec is not None and spec.method == method]
    models = {m for _, _, spec in specs for m in (spec.body, _inner_model(spec.response)) if m is not None}
    refs, defs = models_json_schema([(m, "validation") for m in sorted(models, key=_qualname)], ref_template=_REF)
    schemas: dict[str, Any] = {}
    _merge(schemas, defs.get("$defs", {}), "the endpoint models")
    _merge(schemas, ERROR_SCHEMAS, "core.openapi")
    paths: dict[str, dict[str, Any]] = {}
    for path, method, spec in specs:
        paths.setdefault(path, {})[method.lower()] = _operation(spec, path, refs, schemas)
    _check_names(schemas)
    used_tags = sorted({t for _, _, spec in specs for t in spec.tags})
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": "Luodi (落地): org chart with accountability, KPIs and their approval, reviews. "
            "Every error answer has the `Error` shape.",
        },
        "tags": [{"name": t, **({"description": TAGS[t]} if t in TAGS else {})} for t in used_tags],
        "paths": paths,
        "components": {
            "schemas": {name: _tidy(schemas[name]) for name in sorted(schemas)},
            "responses": {name: _error_response(text) for name, text in ERRORS.values()},
            "securitySchemes": {
                "cognito": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "The Cognito ID token of a user of the company.",
                }
            },
        },
    }


def _operation(spec: EndpointSpec, path: str, refs: dict[Any, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": spec.name, "summary": spec.summary}
    who = "Public: no token needed." if spec.public else "Roles: " + ", ".join(sorted(spec.roles)) + "."
    op["description"] = f"{spec.doc}\n\n{who}" if spec.doc and spec.doc != spec.summary else who
    if spec.tags:
        op["tags"] = list(spec.tags)
    params = [
        {"name": n, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for n in re.findall(r"{(\w+)}", path)
    ]
    for model, location in ((spec.query, "query"), (spec.headers, "header")):
        if model is not None:
            params.extend(_parameters(model, location, schemas))
    if params:
        op["parameters"] = params
    if spec.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(spec.body, "validation")]}},
        }
    ok: dict[str, Any] = {"description": HTTPStatus(spec.status).phrase}
    if spec.status != 204 and spec.response is not None:
        media_type = spec.media_type.split(";")[0].strip()  # the charset is no part of the media type
        ok["content"] = {media_type: {"schema": _response_schema(spec.response, refs, schemas)}}
    responses: dict[str, Any] = {str(spec.status): ok}
    for status in _error_statuses(spec, params):
        responses[str(status)] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    op["responses"] = responses
    if not spec.public:
        op["security"] = [{"cognito": []}]
        op["x-roles"] = sorted(spec.roles)
    return op


def _error_statuses(spec: EndpointSpec, params: list[dict[str, Any]]) -> list[int]:
    statuses = []
    if spec.body is not None or params:
        statuses.append(400)
    if not spec.public:
        statuses += [401, 403, 404]
    if spec.method in _WRITES:
        statuses.append(409)
    if spec.body is not None:
        statuses += [413, 415]
    return sorted({*statuses, *spec.errors, 429, 500})


def _parameters(model: type[BaseModel], location: str, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """One parameter per field, named by alias, with the field's whole schema (less what a query can't say)."""
    schema = model.model_json_schema(ref_template=_REF)
    _merge(schemas, schema.get("$defs", {}), _qualname(model))
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema.get("properties", {}).items():
        prop = _without_null(prop)
        prop.pop("title", None)
        description = prop.pop("description", None)
        param: dict[str, Any] = {"name": name, "in": location, "required": name in required, "schema": prop}
        if description:
            param["description"] = description
        params.append(param)
    return params


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``X | None`` as a parameter is just an optional ``X``: a query string has no null."""
    schema = dict(schema)
    branches = schema.get("anyOf")
    if branches and {"type": "null"} in branches:
        rest = [b for b in branches if b != {"type": "null"}]
        if len(rest) == 1:
            del schema["anyOf"]
            schema = {**rest[0], **schema}
        else:
            schema["anyOf"] = rest
        if schema.get("default", ...) is None:
            del schema["default"]
    return schema


def _response_schema(response: Any, refs: dict[Any, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    model = _inner_model(response)
    if model is not None:
        ref = refs[(model, "validation")]
        return {"type": "array", "items": ref} if get_origin(response) is list else ref
    schema = TypeAdapter(response).json_schema(ref_template=_REF)
    _merge(schemas, schema.pop("$defs", {}), repr(response))
    return schema


def _inner_model(response: Any) -> type[BaseModel] | None:
    if isinstance(response, type) and issubclass(response, BaseModel):
        return response
    args = get_args(response)
    if get_origin(response) is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return args[0]
    return None


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": _REF.format(model="Error")}}},
    }


def _merge(schemas: dict[str, Any], new: dict[str, Any], source: str) -> None:
    for name, schema in new.items():
        if name in schemas and schemas[name] != schema:
            raise SchemaNameClash(f"two different schemas are named {name!r} (one from {source}): rename one")
        schemas[name] = schema


def _check_names(schemas: dict[str, Any]) -> None:
    # pydantic disambiguates two models with one class name as "chalicelib__x__schemas__Name".
    clashes = sorted(name for name in schemas if "__" in name or not _NAME.match(name))
    if clashes:
        raise SchemaNameClash(f"schema names clash or are not valid component names: {clashes}; rename the models")


def _tidy(schema: Any) -> Any:
    """Drop the titles pydantic derives from property names ("Unit Id"): noise for every reader."""
    if isinstance(schema, dict):
        out = {k: _tidy(v) for k, v in schema.items()}
        if isinstance(schema.get("properties"), dict):
            out["properties"] = {k: _drop_title(_tidy(v)) for k, v in schema["properties"].items()}
        return out
    if isinstance(schema, list):
        return [_tidy(v) for v in schema]
    return schema


def _drop_title(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: v for k, v in schema.items() if k != "title"}
    return schema


def _qualname(model: type) -> str:
    return f"{model.__module__}.{model.__qualname__}"
