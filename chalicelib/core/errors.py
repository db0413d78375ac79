"""Domain errors. Services raise these; ``core.api`` turns them into HTTP responses once.

An error names a message code from :mod:`chalicelib.core.messages` and its parameters; the text is
rendered when the response is written, in the caller's language::

    raise NotFound("thread.not_found")
    raise Invalid.field("deadline", "task.deadline_past")          # the field's detail has the same code
    raise Conflict("cycle.stage_wrong", stage=cycle.stage)         # parameters are keyword arguments
    raise Invalid("raci.invalid", [Detail("assignments", "raci.one_accountable"), ...])
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

from chalicelib.core.messages import CATALOG, DEFAULT_LANG, Lang, Text
from chalicelib.core.messages.validation import ALIASES

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails, PydanticCustomError


class Detail:
    """One bad field: its dotted path and a message code (or :class:`Text`) with parameters.

    ``extra`` adds machine-readable keys beside ``field``/``code``/``message`` (e.g. ``person_id``).
    """

    __slots__ = ("extra", "field", "text")

    def __init__(
        self, field: str, code: str | Text, /, *, extra: Mapping[str, Any] | None = None, **params: Any
    ) -> None:
        self.field = field
        self.text = code if isinstance(code, Text) else Text(code, params)
        self.extra = dict(extra or {})

    def render(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        return {"field": self.field, "code": self.text.code, "message": self.text.render(lang), **self.extra}

    def __repr__(self) -> str:
        return f"Detail({self.field!r}, {self.text.code!r})"


class DomainError(Exception):
    status = 500
    code = "internal_error"  # the class of error in the response body; the message has its own code
    retry_after = 0  # seconds, sent as Retry-After when set

    def __init__(self, code: str | Text, details: Sequence[Detail] | None = None, /, **params: Any) -> None:
        self.text = code if isinstance(code, Text) else Text(code, params)
        self.details = list(details or [])
        super().__init__(self.text.code)

    @classmethod
    def field(cls, field: str, code: str | Text, /, **params: Any) -> Self:
        """The error for one field: the field's detail and the error itself say the same."""
        detail = Detail(field, code, **params)
        return cls(detail.text, [detail])

    @property
    def message(self) -> str:
        """The English text, for logs."""
        return self.text.render("en")

    def body(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.text.render(lang),
                "details": [d.render(lang) for d in self.details],
            }
        }


class Invalid(DomainError):
    """Bad input. ``details`` names each bad field."""

    status = 400
    code = "invalid"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class TooLarge(DomainError):
    """A request or its answer would exceed a stated cap (rows of an export, bytes of a file)."""

    status = 413
    code = "too_large"


class Conflict(DomainError):
    """Stale version, duplicate key, or an illegal state transition."""

    status = 409
    code = "conflict"


class PayloadTooLarge(Invalid):
    status = 413
    code = "payload_too_large"


class Unavailable(DomainError):
    """A service we depend on is throttling us or briefly down: the client may retry."""

    status = 503
    code = "unavailable"
    retry_after = 2


class Internal(DomainError):
    """A failure of ours. The body says only that; the log has the exception."""


# AWS error codes that mean "too many requests right now" (DynamoDB, Cognito, SES, SQS, S3).
_AWS_THROTTLING = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "Throttling",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "LimitExceededException",
        "SlowDown",
        "TransactionInProgressException",
        "ServiceUnavailable",
        "InternalServerError",
        "InternalErrorException",
    }
)


def aws_error_code(exc: BaseException) -> str:
    """The AWS error code behind a botocore ``ClientError`` or a PynamoDB exception ('' if none)."""
    for candidate in (exc, exc.__cause__):
        response = getattr(candidate, "response", None)
        if isinstance(response, dict):
            return str((response.get("Error") or {}).get("Code") or "")
        code = getattr(candidate, "cause_response_code", None)
        if code:
            return str(code)
    return ""


def as_domain_error(exc: BaseException) -> DomainError:
    """Any exception as the error the caller gets: domain errors as they are, AWS throttling as 503
    with Retry-After, anything else as a logged 500 — never API Gateway's generic answer."""
    if isinstance(exc, DomainError):
        return exc
    if aws_error_code(exc) in _AWS_THROTTLING:
        error: DomainError = Unavailable("error.busy")
    else:
        error = Internal("error.internal")
    error.__cause__ = exc
    return error


# ---- validation errors (pydantic) ------------------------------------------------------------


def input_error(code: str, /, **params: Any) -> PydanticCustomError:
    """What a schema validator raises instead of ``ValueError``: a catalog code and its parameters.

    ``raise input_error("task.deadline_past")`` in a ``field_validator``; the 400 detail gets the code
    and its text in the caller's language (pydantic's own ``msg`` is the English text).
    """
    from pydantic_core import PydanticCustomError  # only validators call this: keeps pydantic out of import app

    return PydanticCustomError(code, Text(code, params).render("en"), params)


_CTX_PARAMS = ("min_length", "max_length", "ge", "gt", "le", "lt", "multiple_of")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def validation_details(exc: ValidationError) -> list[Detail]:
    """One coded detail per pydantic error, its parameters taken from the error's ``ctx``."""
    return [input_detail(err) for err in exc.errors(include_url=False)]


def input_detail(err: ErrorDetails, field: str | None = None) -> Detail:
    """The detail for one pydantic error (``field`` defaults to its dotted location)."""
    if field is None:
        field = ".".join(str(p) for p in err["loc"]) or "body"
    kind, ctx = err["type"], dict(err.get("ctx") or {})
    if kind in CATALOG:  # a custom error raised with input_error()
        return Detail(field, kind, **ctx)
    code = ALIASES.get(kind, f"input.{kind}")
    params = {name: ctx[name] for name in _CTX_PARAMS if name in ctx}
    if "expected" in ctx:
        params["expected"] = _QUOTED.findall(str(ctx["expected"])) or [str(ctx["expected"])]
    if code == "input.string_too_short" and params.get("min_length") == 1:
        code = "input.empty"
    return Detail(field, code if code in CATALOG else "input.invalid", **params)
