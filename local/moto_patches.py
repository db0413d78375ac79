"""Two speed fixes for moto's DynamoDB, applied by the local run and the tests (never in Lambda).

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
"""

from __future__ import annotations

import copy
import functools
import json
import threading
from typing import Any

_active = threading.local()  # .updated: {table name: [(hash, range)]} while this thread is in a transaction


FAST_READS = frozenset({"Query", "Scan", "GetItem", "BatchGetItem", "TransactGetItems"})


def apply() -> None:
    _fast_transactions()
    _fast_reads()


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
