"""What the API answers outside the handlers, in the product's error shape; per-tenant limits.

One definition, read by three places:

* ``infra/api_gateway.py`` writes it into the Chalice-generated template: API Gateway's gateway
  responses (401, 403, 404, 413, 429...), a 405 answer on every path, and one usage plan per tier;
* ``local/gateway.py`` applies the same answers and the same token buckets in front of
  ``chalice local`` and of the tests' ``chalice.test.Client``;
* the Lambda: :func:`error_shapes` (an ``http`` middleware) reshapes what Chalice answers itself
  (415, 405, 500) and enforces :data:`MAX_BODY_BYTES`; the authorizer names the tenant's usage key.

API Gateway's gateway-response templates allow simple variable substitution only (no VTL), so they
cannot follow ``Accept-Language``: gateway answers carry the default locale's message, in AWS and
locally alike; the ``code`` is stable for clients to translate. Answers made in the Lambda follow
``Accept-Language``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from chalice import Response

from chalicelib.core.messages import DEFAULT_LANG, LANGS, language, render
from chalicelib.core.observability import logger

# Lambda's synchronous invoke payload limit (6 MiB for the whole event, body included). API
# Gateway accepts 10 MB, so this is the smaller, stated cap; a bigger body is answered 413.
MAX_BODY_BYTES = 6 * 1024 * 1024

DEFAULT_LOCALE = DEFAULT_LANG

# code -> message per locale, from the catalog (``gateway.<code>`` in chalicelib/core/messages/common.py).
_PARAMS: dict[str, dict[str, object]] = {
    "payload_too_large": {"megabytes": MAX_BODY_BYTES // (1024 * 1024)},
    "unsupported_media_type": {"media_type": "application/json"},
}
_CODES = (
    "unauthorized",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "payload_too_large",
    "unsupported_media_type",
    "throttled",
    "invalid",
    "bad_request",
    "internal_error",
    "timeout",
)
MESSAGES: dict[str, dict[str, str]] = {
    code: {lang: render(f"gateway.{code}", lang, **_PARAMS.get(code, {})) for lang in LANGS} for code in _CODES
}


@dataclass(frozen=True)
class Answer:
    """One answer the gateway gives by itself. ``status`` None keeps API Gateway's own (DEFAULT_*)."""

    status: int | None
    code: str
    retry_after: bool = False


# API Gateway response type -> answer. Types not listed fall under DEFAULT_4XX / DEFAULT_5XX.
GATEWAY_RESPONSES: dict[str, Answer] = {
    "UNAUTHORIZED": Answer(401, "unauthorized"),  # no Authorization header
    "ACCESS_DENIED": Answer(403, "forbidden"),  # the authorizer denied (bad token, not a member)
    "INVALID_API_KEY": Answer(403, "forbidden"),  # the tenant's usage key is in no usage plan
    "EXPIRED_TOKEN": Answer(403, "forbidden"),
    "INVALID_SIGNATURE": Answer(403, "forbidden"),
    "WAF_FILTERED": Answer(403, "forbidden"),
    # API Gateway's answer to a path it does not know ("Missing Authentication Token", 403).
    "MISSING_AUTHENTICATION_TOKEN": Answer(404, "not_found"),
    "RESOURCE_NOT_FOUND": Answer(404, "not_found"),
    "REQUEST_TOO_LARGE": Answer(413, "payload_too_large"),
    "UNSUPPORTED_MEDIA_TYPE": Answer(415, "unsupported_media_type"),
    "THROTTLED": Answer(429, "throttled", retry_after=True),
    "QUOTA_EXCEEDED": Answer(429, "throttled", retry_after=True),
    "BAD_REQUEST_BODY": Answer(400, "invalid"),
    "BAD_REQUEST_PARAMETERS": Answer(400, "invalid"),
    "API_CONFIGURATION_ERROR": Answer(500, "internal_error"),
    "AUTHORIZER_CONFIGURATION_ERROR": Answer(500, "internal_error"),
    "AUTHORIZER_FAILURE": Answer(500, "internal_error"),
    "INTEGRATION_FAILURE": Answer(504, "internal_error"),
    "INTEGRATION_TIMEOUT": Answer(504, "timeout"),
    "DEFAULT_4XX": Answer(None, "bad_request"),
    "DEFAULT_5XX": Answer(None, "internal_error"),
}

# Answers that are not gateway response types: in AWS, mock integrations (no Lambda call, no
# authorizer) that infra/api_gateway.py adds; locally, the gateway emulation.
# A known path called with a method it does not have (the path's ANY method):
METHOD_NOT_ALLOWED = Answer(405, "method_not_allowed")
# A path the API does not have (a root ``/{proxy+}`` ANY method). Without it API Gateway answers
# MISSING_AUTHENTICATION_TOKEN, or, when the request carries a bearer token, an
# IncompleteSignatureException 403 that only DEFAULT_4XX would reshape.
NO_SUCH_PATH = Answer(404, "not_found")


# ---- per-tenant limits ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A token bucket: ``burst`` requests at once, refilled at ``rate`` per second."""

    tier: str
    rate: float
    burst: int


# Per tenant (one API Gateway usage plan per tier; every tenant's usage key sits in one of them).
PLANS: dict[str, Plan] = {"standard": Plan("standard", rate=50, burst=100)}
DEFAULT_TIER = "standard"
# The whole stage, public routes included (API Gateway's stage-wide method throttling).
STAGE_LIMIT = Plan("stage", rate=500, burst=1000)
# API Gateway's Retry-After is a fixed header: the longest wait for one token in any bucket.
RETRY_AFTER_SECONDS = max(math.ceil(1 / p.rate) for p in (*PLANS.values(), STAGE_LIMIT))


def plan_name(stage: str, tier: str) -> str:
    """The usage plan's name: infra creates it, sign-up looks it up, the local emulation reads it."""
    return f"luodi-{stage}-{tier}"


def usage_key(stage: str, tenant_id: str) -> str:
    """The tenant's API key value (what the authorizer returns as ``usageIdentifierKey``).

    Derived, so the authorizer needs no extra read. Not a secret: with the API's key source set to
    AUTHORIZER, API Gateway ignores ``x-api-key`` headers, so knowing a value gives nothing.
    The stage is part of it because key values are unique per account and region.
    """
    return hashlib.sha256(f"luodi:{stage}:{tenant_id}".encode()).hexdigest()


def usage_key_name(stage: str, tenant_id: str) -> str:
    return f"luodi-{stage}-{tenant_id}"


# ---- rendering -----------------------------------------------------------------------------------


def locale_of(accept_language: str | None) -> str:
    """The first supported language in ``Accept-Language`` (by q), else the default."""
    return language(accept_language)


def error_body(code: str, locale: str = DEFAULT_LOCALE) -> dict[str, Any]:
    texts = MESSAGES[code]
    return {"error": {"code": code, "message": texts.get(locale, texts[DEFAULT_LOCALE]), "details": []}}


def gateway_body(answer: Answer) -> str:
    """The body API Gateway sends for ``answer`` (its template) and the local emulation sends too."""
    return json.dumps(error_body(answer.code), ensure_ascii=False, separators=(",", ":"))


def gateway_headers(answer: Answer, web_origin: str) -> dict[str, str]:
    """Headers of a gateway answer: CORS (so the web app can read it) and Retry-After on 429."""
    headers = {"Access-Control-Allow-Origin": web_origin}
    if answer.retry_after:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        headers["Access-Control-Expose-Headers"] = "Retry-After"
    return headers


def allow_header(methods: Iterable[str]) -> str:
    return ", ".join(sorted(m.upper() for m in methods))


# ---- in the Lambda -------------------------------------------------------------------------------

# What Chalice answers by itself ({"Code", "Message"} bodies) -> our code.
_CHALICE_CODES = {
    "MethodNotAllowedError": "method_not_allowed",
    "UnsupportedMediaType": "unsupported_media_type",
    "BadRequest": "bad_request",
    "BadRequestError": "bad_request",
    "UnauthorizedError": "unauthorized",
    "ForbiddenError": "forbidden",
    "NotFoundError": "not_found",
    "RequestTimeoutError": "timeout",
    "TooManyRequestsError": "throttled",
    "InternalServerError": "internal_error",
}


def error_shapes(web_origin: str, max_body_bytes: int = MAX_BODY_BYTES) -> Callable[..., Any]:
    """An ``http`` middleware: every answer made in the Lambda outside the handlers gets our shape.

    Register it first (outermost). It refuses a body over ``max_body_bytes`` with 413 before any
    handler reads it, turns Chalice's own ``{"Code","Message"}`` answers (405, 415, 500) into
    ``{"error": {...}}`` in the caller's language, and answers 500 in our shape for an exception
    raised by inner middleware.
    """

    def middleware(request: Any, get_response: Callable[[Any], Response]) -> Response:
        if request is None:  # not an API Gateway request (Chalice answers those itself)
            return get_response(request)
        locale = locale_of(request.headers.get("accept-language"))
        if len(request.raw_body or b"") > max_body_bytes:
            return _answer("payload_too_large", 413, locale, web_origin)
        try:
            response = get_response(request)
        except Exception:  # noqa: BLE001 - the one place that keeps an inner failure in our shape
            logger.exception("unhandled error")
            return _answer("internal_error", 500, locale, web_origin)
        body = response.body
        if response.status_code >= 400 and isinstance(body, dict) and set(body) == {"Code", "Message"}:
            code = _CHALICE_CODES.get(
                str(body["Code"]), "internal_error" if response.status_code >= 500 else "bad_request"
            )
            headers = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
            return _answer(code, response.status_code, locale, web_origin, headers)
        return response

    return middleware


def _answer(code: str, status: int, locale: str, web_origin: str, headers: dict[str, Any] | None = None) -> Response:
    headers = {"Access-Control-Allow-Origin": web_origin, **(headers or {}), "Content-Type": "application/json"}
    return Response(body=error_body(code, locale), status_code=status, headers=headers)
