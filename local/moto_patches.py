"""Two speed fixes for moto's DynamoDB and one memory fix for moto, applied by the local run and the
tests (never in Lambda).

moto 5.2's ``transact_write_items`` backs up the whole table with ``copy.deepcopy`` once per item
in the transaction, to restore it if the transaction is cancelled. With the demo company (~2,000
items) a 4-item transaction took ~1.7 s, and every write in Luodi is a transaction.

During a transaction that backup is made structural instead: new containers, the same ``Item``
objects. That is enough to roll back Put and Delete, which replace or remove ``Item`` objects;
an Update changes its ``Item`` in place, so the items an Update targets are deep-copied as before.
The cancellation semantics moto implements are unchanged; only the cost of the backup drops.
Outside a transaction (or in another thread) a table deep-copies exactly as moto's would.

Reads (Query, Scan, GetItem, BatchGetItem, TransactGetItems) skip moto 5.2's generic response
serializer, which walks botocore's output shape for every attribute value: a Query of 39 review
results (nested maps) took 2.9 s, most of it there. moto's DynamoDB result is already DynamoDB's
JSON wire format (``{"S": ...}``, numbers as strings), so ``json.dumps`` of it is the same body;
``apply`` is checked by tests/unit/test_moto_patches.py, which compares both paths.

Memory: every object of a moto model class (``BaseModel``: a DynamoDB ``Item`` or ``Table``, an SQS
``Message``...) appends itself to its class's ``instances_tracked`` list at creation, for the
``/moto-api/data.json`` dashboard, and nothing ever removes it. moto copies items on every Query,
Scan and GetItem, and the transaction backup above copies the table, so the local run kept every
copy ever made: 2.5 GB after an hour of use, 3,640 ``Table`` and ~600,000 ``Item`` objects for a
3.9 MB snapshot. :func:`_weak_tracking` keeps weak references instead: the dashboard still lists
every live object, and a copy is freed as soon as moto drops it.
"""

from __future__ import annotations

import copy
import functools
import json
import threading
import weakref
from collections.abc import Iterator
from typing import Any

_active = threading.local()  # .updated: {table name: [(hash, range)]} while this thread is in a transaction


FAST_READS = frozenset({"Query", "Scan", "GetItem", "BatchGetItem", "TransactGetItems"})


def apply() -> None:
    _weak_tracking()
    _fast_transactions()
    _fast_reads()
    _fast_queries()


_query = threading.local()  # .on: (table, hash key or None for an index) while this thread runs a Query


def _fast_queries() -> None:
    """moto 5.2's ``Table.query`` starts from ``all_items()``: every item of the table, sorted by key
    (Python comparisons of ``DynamoType``), then keeps the queried partition and sorts that again. On
    the 200-person demo that sort was most of every Query. During a Query,
    ``all_items`` gives instead the queried partition (a table Query: moto filters it by that hash key
    anyway) or, for an index Query, the items whose index hash key matches, unsorted (moto checks the
    key conditions again and sorts what matches by the index keys then the table keys, a total order,
    so the starting order changes nothing). Scans are untouched. Measured on 20,000 items (shared
    machine, 10 queries each): a table Query of 100 items 3.6 s -> 0.08-0.19 s, an index Query of 400
    items 6.0 s -> 0.7 s (the rest is copying and sending the 400 items)."""
    from moto.dynamodb.models.table import Table

    original_query, original_all_items = Table.query, Table.all_items
    if getattr(original_query, "_luodi_fast", False):
        return

    @functools.wraps(original_query)
    def query(self: Any, hash_key: Any, range_comparison: Any, range_objs: Any, limit: Any,
              exclusive_start_key: Any, scan_index_forward: Any, projection_expressions: Any,
              index_name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        conditions = kwargs.get("hash_key_conditions") or []
        _query.on = (self, hash_key, None) if not index_name else (self, None, conditions[0] if conditions else None)
        try:
            return original_query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                                  scan_index_forward, projection_expressions, index_name, *args, **kwargs)
        finally:
            _query.on = None

    @functools.wraps(original_all_items)
    def all_items(self: Any) -> list[Any]:
        on = getattr(_query, "on", None)
        if on is None or on[0] is not self:
            return original_all_items(self)  # type: ignore[no-any-return]
        _, hash_key, condition = on
        partitions = list(self.items.values()) if hash_key is None else (
            [self.items[hash_key]] if hash_key in self.items else [])
        items = [item for p in partitions for item in p.values()] if self.range_key_attr else partitions
        if condition is None:
            return items
        name, value = condition  # the index's hash key: moto checks it again, the same way, on what is left
        if value.type != "S":
            return [item for item in items if (found := item.attrs.get(name)) is not None and found == value]
        # A string equals only the same string: compare the raw values (DynamoType.__eq__ casts both).
        raw = value.value
        return [item for item in items if (found := item.attrs.get(name)) is not None and found.value == raw
                and found.type == "S"]

    query._luodi_fast = True  # type: ignore[attr-defined]
    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]


class WeakInstances:
    """What moto's ``instances_tracked`` lists are used for (``append``, iteration, ``len``), holding
    weak references: an object is listed while something else keeps it alive. Objects that cannot be
    weakly referenced are held as moto would (none of moto's models is such)."""

    def __init__(self, initial: list[Any] | None = None) -> None:
        self._refs: dict[int, Any] = {}
        for obj in initial or []:
            self.append(obj)

    def append(self, obj: Any) -> None:
        key = id(obj)
        try:
            # The callback runs while obj is being freed, before its id can be given to another object.
            self._refs[key] = weakref.ref(obj, functools.partial(self._forget, key))
        except TypeError:
            self._refs[key] = functools.partial(_same, obj)

    def _forget(self, key: int, _ref: object) -> None:
        self._refs.pop(key, None)

    def _live(self) -> list[Any]:
        return [obj for ref in list(self._refs.values()) if (obj := ref()) is not None]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._live())

    def __len__(self) -> int:
        return len(self._live())


def _same(obj: Any) -> Any:
    return obj


def _weak_tracking() -> None:
    from moto.core.common_models import BaseModel

    if getattr(BaseModel.__new__, "_luodi_weak", False):
        return

    def __new__(cls: Any, *args: Any, **kwargs: Any) -> Any:
        instance = super(BaseModel, cls).__new__(cls)
        tracked = cls.__dict__.get("instances_tracked")
        if not isinstance(tracked, WeakInstances):  # first object of the class, or after moto's reset
            tracked = WeakInstances(tracked)
            cls.instances_tracked = tracked
        tracked.append(instance)
        return instance

    __new__._luodi_weak = True  # type: ignore[attr-defined]
    BaseModel.__new__ = __new__  # type: ignore[method-assign, assignment]


def _fast_reads() -> None:
    from moto.dynamodb.responses import DynamoResult

    original = DynamoResult.execute_result
    if getattr(original, "_luodi_fast", False):
        return

    @functools.wraps(original)
    def execute_result(self: Any, context: Any) -> Any:
        if str(context.operation_model.name) not in FAST_READS or not isinstance(self.result, dict):
            return original(self, context)
        headers = {"Content-Type": "application/x-amz-json-1.0"}
        return 200, headers, json.dumps(self.result)

    execute_result._luodi_fast = True  # type: ignore[attr-defined]
    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]


def _fast_transactions() -> None:
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    original = DynamoDBBackend.transact_write_items
    if getattr(original, "_luodi_fast", False):
        return

    @functools.wraps(original)
    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        updated: dict[str, list[Any]] = {}
        for entry in transact_items:
            op_type, op = next(iter(entry.items()))
            if op_type == "Update" and op.get("TableName") in self.tables:
                table = self.tables[op["TableName"]]
                try:
                    updated.setdefault(op["TableName"], []).append(self.get_keys_value(table, op["Key"]))
                except Exception:  # noqa: BLE001 - moto reports a bad key itself below
                    pass
        _active.updated = updated
        _active.backups = {}
        try:
            return original(self, transact_items)  # type: ignore[no-any-return]
        finally:
            _active.updated = None
            _active.backups = {}

    def table_deepcopy(table: Any, memo: dict[int, Any]) -> Any:
        updated = getattr(_active, "updated", None)
        # object.__new__, not the class's: moto's BaseModel.__new__ appends every instance to
        # ``instances_tracked`` forever, so each transaction's backup (a copy of every partition's
        # dict) was kept alive — several GB over a 5,000-person build.
        if updated is None:  # not in a transaction: what copy.deepcopy does for a plain object
            clone = object.__new__(table.__class__)
            memo[id(table)] = clone
            for name, value in table.__dict__.items():
                setattr(clone, name, copy.deepcopy(value, memo))
            return clone
        # moto backs the table up once per item of the transaction, before writing any: the copies
        # are identical, so the first one serves them all (a 100-item transaction copied every
        # partition 100 times).
        backups = _active.backups
        if id(table) in backups:
            return backups[id(table)][1]
        clone = object.__new__(table.__class__)
        clone.__dict__.update(table.__dict__)
        backups[id(table)] = (table, clone)
        if table.range_key_attr is not None:
            clone.items = type(table.items)(dict, {h: dict(r) for h, r in table.items.items()})
        else:
            clone.items = type(table.items)(dict, table.items)
        for hash_value, range_value in updated.get(table.name, []):
            item = table.get_item(hash_value, range_value)
            if item is None:
                continue
            if table.range_key_attr is not None:
                clone.items[hash_value][range_value] = copy.deepcopy(item)
            else:
                clone.items[hash_value] = copy.deepcopy(item)
        return clone

    Table.__deepcopy__ = table_deepcopy  # type: ignore[attr-defined]
    transact_write_items._luodi_fast = True  # type: ignore[attr-defined]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
