"""Domain errors. Services raise these; ``core.api`` turns them into HTTP responses once."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 500
    code = "internal_error"

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


class TooLarge(DomainError):
    """A request or its answer would exceed a stated cap (rows of an export, bytes of a file)."""

    status = 413
    code = "too_large"

    @classmethod
    def field(cls, field: str, message: str) -> TooLarge:
        return cls(f"{field}: {message}", [{"field": field, "message": message}])


class Conflict(DomainError):
    """Stale version, duplicate key, or an illegal state transition."""

    status = 409
    code = "conflict"
