"""Domain errors. Services raise these; ``core.api`` turns them into HTTP responses once."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 500
    code = "internal_error"
    retry_after = 0  # seconds, sent as Retry-After when set

    def __init__(self, message: str, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class Invalid(DomainError):
    """Bad input. ``details`` names each bad field: ``[{"field": "a.b", "message": "..."}]``."""

    status = 400
    code = "invalid"

    @classmethod
    def field(cls, field: str, message: str) -> Invalid:
        return cls(f"{field}: {message}", [{"field": field, "message": message}])


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


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
_AWS_THROTTLING = frozenset({
    "ProvisionedThroughputExceededException", "ThrottlingException", "Throttling", "RequestLimitExceeded",
    "TooManyRequestsException", "LimitExceededException", "SlowDown", "TransactionInProgressException",
    "ServiceUnavailable", "InternalServerError", "InternalErrorException",
})


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
        error: DomainError = Unavailable("the service is busy; retry in a moment")
    else:
        error = Internal("something went wrong on our side; it has been logged")
    error.__cause__ = exc
    return error
