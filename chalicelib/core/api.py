"""Declaring an endpoint: route, required roles, input and output schemas, in one decorator.

The decorator does the work every handler would otherwise repeat:

* builds the :class:`RequestContext` from the authorizer and binds the tenant to the logs,
* checks the caller holds one of the required roles (403 otherwise),
* parses the JSON body and query string into pydantic models (400 naming each bad field),
* turns domain errors into ``{"error": {"code", "message", "details"}}`` with the right status,
* serialises pydantic results, and records the route's schemas for ``/openapi.json``.

Handlers stay three lines: take the parsed input, call one service function, return.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chalice import Blueprint, CORSConfig, Response
from pydantic import BaseModel, ValidationError

from chalicelib.core.authorizer import jwt_authorizer
from chalicelib.core.context import RequestContext, Role
from chalicelib.core.errors import DomainError, Forbidden, Invalid
from chalicelib.core.observability import bind_tenant, logger
from chalicelib.core.settings import settings

JSON = {"Content-Type": "application/json"}
MAX_BODY_BYTES = 6 * 1024 * 1024  # API Gateway's payload limit for Lambda proxy requests

CORS = CORSConfig(
    allow_origin=settings().web_origin,
    allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
    max_age=600,
)


@dataclass(frozen=True)
class EndpointSpec:
    """What OpenAPI and the generated isolation tests know about a route."""

    path: str
    method: str
    name: str
    summary: str
    roles: frozenset[Role]
    public: bool
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: Any
    status: int
    tags: tuple[str, ...] = field(default_factory=tuple)
    doc: str = ""  # the handler's whole docstring
    media_type: str = "application/json"  # of the success response
    headers: type[BaseModel] | None = None  # request headers the handler reads itself (by field alias)
    errors: frozenset[int] = frozenset()  # error statuses beyond the ones every such route can answer


SPECS: dict[str, EndpointSpec] = {}  # keyed by view function name


def endpoint(
    bp: Blueprint,
    path: str,
    method: str = "GET",
    *,
    roles: frozenset[Role] | set[Role] = frozenset(),
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: Any = None,
    status: int = 200,
    public: bool = False,
    tag: str = "",
    media_type: str = "application/json",
    headers: type[BaseModel] | None = None,
    errors: frozenset[int] | set[int] = frozenset(),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn`` as a route. ``fn`` receives path params, then ``ctx``/``body``/``query``.

    ``media_type`` (of the success response), ``headers`` (a model of the request headers the handler
    reads itself, named by field alias) and ``errors`` (statuses it can answer beyond those of every
    route like it, e.g. 409 on a read) only feed ``/openapi.json``.
    """
    if not public and not roles:
        raise ValueError(f"{method} {path}: a non-public endpoint must name the roles that may call it")

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def view(**path_params: str) -> Response:
            request = bp.current_request
            try:
                kwargs: dict[str, Any] = dict(path_params)
                if not public:
                    ctx = _context(request)
                    if not ctx.has_any(roles):
                        raise Forbidden("your role does not allow this", [{"field": "role", "message": "required: "
                                        + ", ".join(sorted(roles))}])
                    kwargs["ctx"] = ctx
                if body is not None:
                    kwargs["body"] = _parse(body, _json_body(request))
                if query is not None:
                    kwargs["query"] = _parse(query, dict(request.query_params or {}))
                return _to_response(fn(**kwargs), status)
            except DomainError as exc:
                if exc.status >= 500:
                    logger.exception("domain error")
                return error_response(exc)

        view.__name__ = fn.__name__
        describe(path, method, roles=roles, body=body, query=query, response=response, status=status, public=public,
                 tag=tag, media_type=media_type, headers=headers, errors=errors)(fn)
        bp.route(path, methods=[method], authorizer=None if public else jwt_authorizer, cors=CORS)(view)
        return view

    return decorate


def describe(
    path: str,
    method: str = "GET",
    *,
    roles: frozenset[Role] | set[Role] = frozenset(),
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: Any = None,
    status: int = 200,
    public: bool = False,
    tag: str = "",
    media_type: str = "application/json",
    headers: type[BaseModel] | None = None,
    errors: frozenset[int] | set[int] = frozenset(),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Record a route for ``/openapi.json`` without wrapping it: ``endpoint`` does this for its routes;
    a plain ``route`` (one that takes form bodies, say) uses it directly."""

    def record(fn: Callable[..., Any]) -> Callable[..., Any]:
        SPECS[fn.__name__] = EndpointSpec(
            path=path, method=method, name=fn.__name__, summary=(fn.__doc__ or fn.__name__).strip().splitlines()[0],
            roles=frozenset(roles), public=public, body=body, query=query, response=response, status=status,
            tags=(tag,) if tag else (), doc=inspect.cleandoc(fn.__doc__ or ""), media_type=media_type,
            headers=headers, errors=frozenset(errors),
        )
        return fn

    return record


def _context(request: Any) -> RequestContext:
    data = (request.context or {}).get("authorizer") or {}
    if "tenant_id" not in data:
        # The authorizer guarantees this; reaching here means a route was wired without it.
        raise Forbidden("no tenant context")
    ctx = RequestContext.from_authorizer_context(data)
    bind_tenant(ctx.tenant_id, ctx.user_id)
    return ctx


def _json_body(request: Any) -> Any:
    raw = request.raw_body or b""
    if len(raw) > MAX_BODY_BYTES:
        raise Invalid.field("body", "request body too large")
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Invalid.field("body", "not valid JSON") from None


def _parse(model: type[BaseModel], data: Any) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = [
            {"field": ".".join(str(p) for p in err["loc"]) or "body", "message": err["msg"]}
            for err in exc.errors(include_url=False)
        ]
        fields = ", ".join(d["field"] for d in details)
        raise Invalid(f"invalid input: {fields}", details) from None


def _to_response(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        return result
    return Response(body=dump(result), status_code=status, headers=dict(JSON))


def error_response(exc: DomainError) -> Response:
    """A domain error as HTTP: ``{"error": {"code", "message", "details"}}``, said to be JSON."""
    return Response(body=exc.body(), status_code=exc.status, headers=dict(JSON))


def dump(value: Any) -> Any:
    """pydantic models (and lists/dicts of them) to JSON-ready values."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value
