"""The one place that reads the time, so tests can pin it."""

from __future__ import annotations

from datetime import UTC, date, datetime

_frozen: datetime | None = None


def now() -> datetime:
    return _frozen or datetime.now(UTC)


def today() -> date:
    return now().date()


def iso_now() -> str:
    return now().isoformat(timespec="milliseconds")


def freeze(at: datetime | None) -> None:
    """Pin the clock (tests, the local reminder runner's 'pretend it is' option)."""
    global _frozen
    _frozen = at
