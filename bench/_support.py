"""Shared bench helpers: count DynamoDB round trips with a botocore event hook.

    from bench._support import round_trips

    with round_trips() as trips:
        client.http.get("/org/units")
    print(trips.total, trips.by_operation)

How it counts: a handler for ``before-call.dynamodb`` is added to botocore's
``BUILTIN_HANDLERS``, which every *new* botocore session copies. PynamoDB builds its own
sessions (one per thread, plus one per ``TransactWrite``), so a hook on ``boto3``'s default
session would miss them; the built-in list does not. Import this module before the first
DynamoDB call in the process (before ``import app`` is safest) so every session carries it.
``before-call`` fires once per API call (retries are not extra round trips here; moto does
not throttle), i.e. one GetItem, Query page or TransactWriteItems = one round trip.

Phases: ``with trips.phase("authorizer"): ...`` attributes calls made inside it to that name
(everything else is "handler"), so a request can be split into authorizer and handler calls.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import botocore.handlers

DEFAULT_PHASE = "handler"


@dataclass
class RoundTrips:
    """DynamoDB calls seen while active: total, per operation and per phase."""

    calls: list[tuple[str, str]] = field(default_factory=list)  # (phase, operation)
    _phase: str = DEFAULT_PHASE

    @property
    def total(self) -> int:
        return len(self.calls)

    @property
    def by_operation(self) -> dict[str, int]:
        return dict(Counter(op for _, op in self.calls))

    @property
    def by_phase(self) -> dict[str, int]:
        return dict(Counter(phase for phase, _ in self.calls))

    def in_phase(self, name: str) -> int:
        return sum(1 for phase, _ in self.calls if phase == name)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        previous, self._phase = self._phase, name
        try:
            yield
        finally:
            self._phase = previous

    def reset(self) -> None:
        self.calls.clear()


_lock = threading.Lock()
_active: list[RoundTrips] = []


def _on_dynamodb_call(model: Any = None, **_: Any) -> None:
    operation = getattr(model, "name", "?")
    with _lock:
        for trips in _active:
            trips.calls.append((trips._phase, operation))


def _install() -> None:
    entry = ("before-call.dynamodb", _on_dynamodb_call)
    if entry not in botocore.handlers.BUILTIN_HANDLERS:
        botocore.handlers.BUILTIN_HANDLERS.append(entry)


_install()


@contextmanager
def round_trips() -> Iterator[RoundTrips]:
    """Count DynamoDB API calls made (in any thread) while the block runs."""
    trips = RoundTrips()
    with _lock:
        _active.append(trips)
    try:
        yield trips
    finally:
        with _lock:
            _active.remove(trips)
