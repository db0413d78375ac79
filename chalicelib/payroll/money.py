"""Money is ``Decimal`` yuan, rounded to the fen (0.01) half up unless a rule says otherwise."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

FEN = Decimal("0.01")
YUAN = Decimal("1")
ZERO = Decimal("0.00")

Rounding = Literal["fen_half_up", "yuan_half_up", "yuan_up", "jiao_half_up", "fen_down"]
"""How a rule rounds an amount; contribution rules name one per city."""

_ROUNDINGS: dict[str, tuple[Decimal, str]] = {
    "fen_half_up": (FEN, ROUND_HALF_UP),
    "fen_down": (FEN, ROUND_FLOOR),
    "jiao_half_up": (Decimal("0.1"), ROUND_HALF_UP),
    "yuan_half_up": (YUAN, ROUND_HALF_UP),
    "yuan_up": (YUAN, ROUND_CEILING),
}


def money(value: Decimal | int | str) -> Decimal:
    """A money amount as ``Decimal``; floats are refused because they cannot hold a fen exactly."""
    if isinstance(value, float) or isinstance(value, bool):
        raise TypeError("money amounts are Decimal, int or str, never float")
    return Decimal(value)


def to_fen(value: Decimal) -> Decimal:
    """Round to the fen, half up (the tax bureau's and the banks' convention)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def rounded(value: Decimal, rule: Rounding) -> Decimal:
    """Round by a named rule, and always express the result to the fen (``12.00``)."""
    step, mode = _ROUNDINGS[rule]
    return value.quantize(step, rounding=mode).quantize(FEN)
