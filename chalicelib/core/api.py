"""Declaring an endpoint: route, required roles, input and output schemas, in one decorator.

The decorator does the work every handler would otherwise repeat:

* builds the :class:`RequestContext` from the authorizer and binds the tenant to the logs,
* checks the caller holds one of the required roles (403 otherwise),
* parses the JSON body and query string into pydantic models (400 naming each bad field),
* turns domain errors into ``{"error": {"code", "message", "details"}}`` with the right status,
  their messages in the caller's language (``Accept-Language``, see ``core.messages``),
* serialises pydantic results, and records the route's schemas for ``/openapi.json``.

Handlers stay three lines: take the parsed input, call one service function, return.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from chalice import Blueprint, CORSConfig, Response

from chalicelib.core.authorizer import jwt_authorizer
from chalicelib.core.context import RequestContext, Role
from chalicelib.core.errors import Detail, DomainError, Forbidden, Invalid, PayloadTooLarge, as_domain_error
from chalicelib.core.gateway import MAX_BODY_BYTES  # the stated cap (one place); checked by error_shapes first
from chalicelib.core.messages import language, text
from chalicelib.core.observability import bind_tenant, logger
from chalicelib.core.settings import settings

if TYPE_CHECKING:  # pydantic is imported where a request is parsed or answered, not by `import app`
    from pydantic import BaseModel

JSON = {"Content-Type": "application/json"}
MAX_DEPTH = 16  # the deepest body any endpoint accepts is 5 levels; this leaves room, not stacks

M = TypeVar("M", bound="BaseModel")

CORS = CORSConfig(
    allow_origin=settings().web_origin,
    allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key", "Accept-Language"],
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
                        raise Forbidden(
                            "role.not_allowed",
                            [
                                Detail(
                                    "role", "role.required", roles=[text(f"role.name.{role}") for role in sorted(roles)]
                                )
                            ],
                        )
                    kwargs["ctx"] = ctx
                if body is not None:
                    kwargs["body"] = parse_body(body, request.raw_body)
                if query is not None:
                    kwargs["query"] = _parse(query, dict(request.query_params or {}))
                return _to_response(fn(**kwargs), status)
            except Exception as exc:  # noqa: BLE001 - every failure leaves as the product's error shape
                return error_response(as_domain_error(exc), request)

        view.__name__ = fn.__name__
        describe(
            path,
            method,
            roles=roles,
            body=body,
            query=query,
            response=response,
            status=status,
            public=public,
            tag=tag,
            media_type=media_type,
            headers=headers,
            errors=errors,
        )(fn)
        # api_key_required: API Gateway meters the tenant's usage key (from the authorizer) against
        # its usage plan, so each tenant has its own rate limit (chalicelib/core/gateway.py).
        bp.route(
            path,
            methods=[method],
            authorizer=None if public else jwt_authorizer,
            cors=CORS,
            api_key_required=not public,
        )(view)
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
            path=path,
            method=method,
            name=fn.__name__,
            summary=(fn.__doc__ or fn.__name__).strip().splitlines()[0],
            roles=frozenset(roles),
            public=public,
            body=body,
            query=query,
            response=response,
            status=status,
            tags=(tag,) if tag else (),
            doc=inspect.cleandoc(fn.__doc__ or ""),
            media_type=media_type,
            headers=headers,
            errors=frozenset(errors),
        )
        return fn

    return record


def _context(request: Any) -> RequestContext:
    data = (request.context or {}).get("authorizer") or {}
    if "tenant_id" not in data:
        # The authorizer guarantees this; reaching here means a route was wired without it.
        raise Forbidden("auth.no_tenant_context")
    ctx = RequestContext.from_authorizer_context(data)
    bind_tenant(ctx.tenant_id, ctx.user_id)
    return ctx


def parse_body(model: type[M], raw: bytes | str | None) -> M:
    """A request body into ``model``: required, JSON, at most ``MAX_DEPTH`` deep, strictly typed.

    Strict JSON mode: ``false`` is not a number, ``78.0`` is not an integer and ``"5"`` is not a
    number (dates and enums are still read from their JSON strings). The depth is checked on a
    first parse (pydantic's own parser stops at 200 levels), before any model work grows.
    """
    from pydantic import ValidationError
    from pydantic_core import from_json

    from chalicelib.core.schema import invalid_input, refused_nulls

    raw = raw or b""
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge.field("body", "body.too_large")
    if not raw.strip():
        raise Invalid.field("body", "body.required")
    try:
        data = from_json(raw)  # NaN and Infinity parse here and are refused by field (Strict models)
    except ValueError:
        raise Invalid.field("body", "body.invalid_json") from None
    if _depth(data) > MAX_DEPTH:
        raise Invalid.field("body", "body.too_deep", levels=MAX_DEPTH)
    refused = refused_nulls(model, data)
    if refused:
        raise Invalid("input.invalid_fields", [Detail(f, "input.not_clearable") for f in refused], count=len(refused))
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise invalid_input(exc) from None


def _depth(data: Any) -> int:
    deepest, level = 0, [(data, 1)]
    while level:
        value, depth = level.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                level.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


def _parse(model: type[M], data: Any) -> M:
    from pydantic import ValidationError

    from chalicelib.core.schema import invalid_input

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_input(exc) from None


def _to_response(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        return result
    if status == 204:
        return Response(body="", status_code=204)  # no body: a stray "null" corrupts a kept-alive connection
    return Response(body=dump(result), status_code=status, headers=dict(JSON))


def error_response(exc: DomainError, request: Any = None) -> Response:
    """The error in the product's shape, its messages in the request's language (``Accept-Language``)."""
    if exc.status >= 500:
        logger.exception("server error", extra={"code": exc.code})
    headers: dict[str, str | list[str]] = {"Content-Type": "application/json"}
    if exc.retry_after:
        headers["Retry-After"] = str(exc.retry_after)
    lang = language(request.headers.get("accept-language") if request is not None else None)
    return Response(body=exc.body(lang), status_code=exc.status, headers=headers)


def dump(value: Any) -> Any:
    """pydantic models (and lists/dicts of them) to JSON-ready values."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value
