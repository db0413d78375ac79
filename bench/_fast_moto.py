"""A bench-only speed fix for moto's DynamoDB: string keys hash, compare and order on a fast path.

What it adds to ``local/moto_patches.py`` (which every test and the local run use, and which ``apply``
applies first): moto's ``DynamoType`` hashes, compares and orders by ``cast_value``, a property that
walks a chain of type checks on every call; moto's dicts of partitions, its sorts and the transaction
backups call these millions of times in a 5,000-person build. Every key of Luodi's table and indexes
is a string (``S``), whose cast value is the string itself, so for two strings the answer is the
same from the raw values; any other type goes to moto's own method.

It used to give a Query its own candidates and keep a sorted copy of the table for Scans. After
``local/moto_patches.py`` started giving a Query its candidates too, the two stacked: the cached
"whole table" was filled, during the first index Query, with moto_patches' candidates for that
Query's hash value, so every later index Query with another value (and every Scan) saw that subset
until the next Put or Delete — a 200-person build then failed to lock goals (``blocker.goals``).
The Query speed-up now lives only in ``local/moto_patches.py``; tests/unit/test_fast_moto.py runs the
same writes and reads against moto as shipped and against this and compares every answer.

Applied by bench/dashboards.py, bench/large_cycle.py and tests/integration/test_large_cycle.py (for
its module only: ``apply`` returns the undo).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def apply() -> Callable[[], None]:
    """Patch moto (after ``local/moto_patches.py``); returns the function that puts moto's own
    ``DynamoType`` methods back (moto_patches stays, as in every test)."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    from local import moto_patches

    moto_patches.apply()
    if getattr(DynamoType.__hash__, "_luodi_fast", False):
        return lambda: None
    saved = {name: DynamoType.__dict__[name] for name in ("__hash__", "__eq__", "__lt__")}
    original_hash, original_eq, original_lt = saved["__hash__"], saved["__eq__"], saved["__lt__"]

    @functools.wraps(original_hash)
    def __hash__(self: Any) -> int:
        return hash(("S", self.value)) if self.type == "S" else original_hash(self)  # type: ignore[no-any-return]

    @functools.wraps(original_eq)
    def __eq__(self: Any, other: Any) -> bool:
        if self.type == "S" and isinstance(other, DynamoType):
            return other.type == "S" and self.value == other.value
        return original_eq(self, other)  # type: ignore[no-any-return]

    @functools.wraps(original_lt)
    def __lt__(self: Any, other: Any) -> bool:
        if self.type == "S" and isinstance(other, DynamoType) and other.type == "S":
            return bool(self.value < other.value)
        return original_lt(self, other)  # type: ignore[no-any-return]

    __hash__._luodi_fast = True  # type: ignore[attr-defined]
    DynamoType.__hash__ = __hash__  # type: ignore[method-assign,assignment]
    DynamoType.__eq__ = __eq__  # type: ignore[method-assign,assignment]
    DynamoType.__lt__ = __lt__  # type: ignore[method-assign]

    def undo() -> None:
        for name, method in saved.items():
            setattr(DynamoType, name, method)

    return undo
