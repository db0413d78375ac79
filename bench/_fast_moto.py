"""A bench-only speed fix for moto's DynamoDB Query, whose cost grows with the whole table.

moto's ``Table.query`` calls ``Table.all_items``, which sorts every item of the table, then compares
each item's keys with ``DynamoType`` equality: building a 5,000-person tenant spent most of its time
there. Here, during a Query, ``all_items`` returns only the candidates — the partition's items for the
table, the items whose index hash attribute has the queried value for an index — and moto's own code
then checks, sorts, pages and filters them exactly as before. The sorted list of all items (for
Scans) is kept until the table's membership changes (``put_item`` / ``delete_item``) or its ``items``
container is replaced (a cancelled transaction's restore); an Update changes an ``Item`` in place.
String keys take a fast path in ``DynamoType``'s hash, equality and order (the same results: a
string's cast value is itself), which moto's transaction backups and sorts call millions of times.
Applied by bench/dashboards.py, and by tests/integration/test_large_cycle.py for its module only
(``apply`` returns the undo).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

_query = threading.local()  # .hint: ("table", hash DynamoType) or ("index", [(attribute, value)])


def apply() -> Callable[[], None]:
    """Patch moto; returns the function that puts moto's own methods back (a test module's fixture)."""
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    if getattr(Table.all_items, "_luodi_cached", False):
        return lambda: None
    saved = [
        (cls, name, cls.__dict__[name])
        for cls, names in (
            (Table, ("all_items", "query", "put_item", "delete_item")),
            (DynamoType, ("__hash__", "__eq__", "__lt__")),
        )
        for name in names
    ]
    original_all, original_query = Table.all_items, Table.query

    def everything(table: Any) -> Any:
        kept = table.__dict__.get("_luodi_all")
        if kept is not None and kept[0] is table.items:
            return kept[1]
        items = original_all(table)
        table.__dict__["_luodi_all"] = (table.items, items)
        return items

    @functools.wraps(original_all)
    def all_items(self: Any) -> Any:
        hint = getattr(_query, "hint", None)
        if hint is None:
            return everything(self)
        kind, value = hint
        if kind == "table":
            partition = self.items.get(value) if self.range_key_attr else None
            return list(partition.values()) if partition else []
        out = []
        for item in everything(self):
            attrs = item.attrs
            if all((a := attrs.get(name)) is not None and a.value == wanted for name, wanted in value):
                out.append(item)
        return out

    @functools.wraps(original_query)
    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        conditions = kwargs.get("hash_key_conditions") or []
        if index_name:
            hint = ("index", [(name, v.value) for name, v in conditions]) if conditions else None
        else:
            hint = ("table", hash_key) if hash_key is not None else None
        _query.hint = hint
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _query.hint = None

    def forgetting(method: Any) -> Any:
        @functools.wraps(method)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            self.__dict__.pop("_luodi_all", None)
            return method(self, *args, **kwargs)

        return wrapper

    all_items._luodi_cached = True  # type: ignore[attr-defined]
    Table.all_items = all_items  # type: ignore[method-assign]
    Table.query = query  # type: ignore[method-assign]
    Table.put_item = forgetting(Table.put_item)  # type: ignore[method-assign]
    Table.delete_item = forgetting(Table.delete_item)  # type: ignore[method-assign]
    _fast_strings()

    def undo() -> None:
        for cls, name, method in saved:
            setattr(cls, name, method)
        for table in _tables():
            table.__dict__.pop("_luodi_all", None)

    return undo


def _tables() -> list[Any]:
    from moto.dynamodb.models import dynamodb_backends

    return [
        t for regions in dynamodb_backends.values() for backend in regions.values() for t in backend.tables.values()
    ]


def _fast_strings() -> None:
    from moto.dynamodb.models.dynamo_type import DynamoType

    original_hash, original_eq, original_lt = DynamoType.__hash__, DynamoType.__eq__, DynamoType.__lt__

    def __hash__(self: Any) -> int:
        return hash(("S", self.value)) if self.type == "S" else original_hash(self)

    def __eq__(self: Any, other: Any) -> bool:
        if self.type == "S" and isinstance(other, DynamoType):
            return other.type == "S" and self.value == other.value
        return original_eq(self, other)

    def __lt__(self: Any, other: Any) -> bool:
        if self.type == "S" and other.type == "S":
            return bool(self.value < other.value)
        return original_lt(self, other)

    DynamoType.__hash__ = __hash__  # type: ignore[method-assign,assignment]
    DynamoType.__eq__ = __eq__  # type: ignore[method-assign,assignment]
    DynamoType.__lt__ = __lt__  # type: ignore[method-assign]
