"""The leave ledger: every balance is the sum of signed entries, so every balance is explainable.

Entries: ``grant`` (+, with an optional expiry), ``take`` (−), ``cancel`` (+, a take given back),
``expire`` (−, what was left of a grant on its expiry date), ``adjust`` (±, by HR with a reason),
``encash`` (−, unused days paid out). Days are consumed from the grant that expires first (FIFO
by expiry), so carry-over with expiry is computed, not guessed, and re-running the expiry job
writes nothing new (each expiry names the grant it closes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from chalicelib.core.errors import Invalid

EntryKind = Literal["grant", "take", "cancel", "expire", "adjust", "encash"]
ZERO = Decimal("0")
FAR = date.max


@dataclass(frozen=True)
class Entry:
    entry_id: str
    kind: EntryKind
    days: Decimal
    """Signed: grants and cancellations positive; takes, expiries and encashments negative."""
    on: date
    expires: date | None = None
    """For a grant: the first day its remainder is no longer usable."""
    closes: str | None = None
    """For an expiry: the grant it closes."""


def balance(entries: Iterable[Entry], on: date | None = None) -> Decimal:
    """The balance: the sum of entries dated on or before ``on`` (all when ``None``)."""
    return sum((entry.days for entry in entries if on is None or entry.on <= on), ZERO)


def check_take(entries: Sequence[Entry], days: Decimal, on: date, *, advance_allowed: bool = False) -> None:
    """Refuse a take that would make the balance negative, unless the leave type allows advance."""
    if days <= 0:
        raise Invalid.field("days", "leave.days_positive")
    available = balance(entries, on)
    if available - days < 0 and not advance_allowed:
        raise Invalid.field("days", "leave.balance_insufficient", available=available)


def _remaining_lots(entries: Sequence[Entry], on: date) -> dict[str, Decimal]:
    """What is left of each grant on ``on``, replaying the entries in date order.

    A take, an encashment or a negative adjustment draws from the usable grant that expires
    first; a cancellation or a positive adjustment returns days to it. Days drawn beyond every
    grant (an advance) are owed and are drawn from the next grant.
    """
    ordered = sorted((e for e in entries if e.on <= on), key=lambda e: (e.on, e.kind != "grant"))
    left: dict[str, Decimal] = {}
    expires: dict[str, date] = {}
    owed = ZERO
    for entry in ordered:
        if entry.kind == "grant":
            left[entry.entry_id] = entry.days
            expires[entry.entry_id] = entry.expires or FAR
        if entry.kind == "expire" and entry.closes in left:
            left[entry.closes] = ZERO
            continue
        change = entry.days if entry.kind != "grant" else ZERO
        usable = sorted((i for i in left if expires[i] > entry.on), key=lambda i: expires[i])
        if change > 0 and usable:
            left[usable[0]] += change
            change = ZERO
        need = owed - change
        for lot in usable:
            if need <= 0:
                break
            used = min(left[lot], need)
            left[lot] -= used
            need -= used
        owed = max(need, ZERO)
    return left


def expiries_due(entries: Sequence[Entry], on: date) -> list[Entry]:
    """Expiry entries for grants whose expiry date has come, not already closed: idempotent."""
    closed = {entry.closes for entry in entries if entry.kind == "expire"}
    due = []
    for grant in entries:
        if grant.kind != "grant" or grant.expires is None or grant.expires > on or grant.entry_id in closed:
            continue
        left = _remaining_lots(entries, grant.expires - timedelta(days=1)).get(grant.entry_id, ZERO)
        if left > 0:
            due.append(Entry(f"expire-{grant.entry_id}", "expire", -left, grant.expires, closes=grant.entry_id))
    return due
