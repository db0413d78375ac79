"""Estimate the DynamoDB read and write request units (RRU/WRU) of each call, with botocore hooks.

    from bench._capacity import capacity

    with capacity() as units:
        client.http.get("/org/units")
    print(units.read, units.write, units.by_operation)

How it hooks in: like bench/_support.py, handlers are appended to botocore's ``BUILTIN_HANDLERS``
(copied by every *new* botocore session, including PynamoDB's per-thread ones), so import this
module before the first DynamoDB client exists (before ``import app``). ``before-call.dynamodb``
sees the serialized JSON request body; ``after-call.dynamodb`` the parsed response. It also counts
every AWS call by service (``units.calls``), e.g. SQS and SES requests.

The rules (on-demand request units, as AWS documents them):

- GetItem: ceil(item bytes / 4 KB), at least 1 (a missing item still costs 1); x0.5 unless
  ``ConsistentRead``. TransactGetItems: 2 x that per item.
- Query/Scan: the page's item bytes summed, then ceil(/ 4 KB), at least 1; x0.5 unless
  ``ConsistentRead`` (GSI queries are always eventually consistent). Only returned items are seen:
  Luodi uses no filter expressions, so returned = read.
- BatchGetItem: each item rounded up to 4 KB on its own (AWS treats each as a GetItem), x0.5 unless
  the table's ``ConsistentRead``.
- PutItem/UpdateItem/DeleteItem and BatchWriteItem requests: ceil(max(old, new item bytes) / 1 KB),
  at least 1. TransactWriteItems: 2 x that per Put/Update/Delete; a ConditionCheck costs 2 *write*
  units (what DynamoDB bills when measured against AWS; it reads no item for us).
- Global secondary indexes (GSI1, GSI2, projection ALL): a write whose old or new item carries an
  index's keys also writes the index: ceil(item bytes / 1 KB) per index entry put or deleted, two
  when the index key changes (delete + put). Index writes are not doubled by transactions.
  Reported apart (``gsi_write``) and included in ``write``.
- Failed calls (conditional check failed, cancelled transactions) are counted as round trips but
  not as units; in a typical month they are rare.

Item bytes are an approximation of DynamoDB's own sizing: UTF-8 length of each attribute name plus
its value (strings: UTF-8 bytes; numbers: about one byte per two digits + 1; binary: bytes;
booleans/null: 1; lists and maps: 3 + 1 per element + the elements, map keys included). Old and
new items of writes are read from moto's in-process backend (``after`` the call for updates), so
this works only under ``moto.mock_aws()`` in the same process.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import botocore.handlers

DEFAULT_PHASE = "handler"
ACCOUNT = "123456789012"
READ_UNIT_BYTES = 4096
WRITE_UNIT_BYTES = 1024


@dataclass
class Units:
    """Request units seen while active, per phase and per operation."""

    read_by_phase: Counter[str] = field(default_factory=Counter)
    write_by_phase: Counter[str] = field(default_factory=Counter)
    gsi_write_by_phase: Counter[str] = field(default_factory=Counter)
    read_by_operation: Counter[str] = field(default_factory=Counter)
    write_by_operation: Counter[str] = field(default_factory=Counter)
    calls: Counter[str] = field(default_factory=Counter)  # "service.Operation" -> count, all AWS calls
    _phase: str = DEFAULT_PHASE

    @property
    def read(self) -> float:
        return sum(self.read_by_phase.values())

    @property
    def write(self) -> float:
        return sum(self.write_by_phase.values())

    @property
    def gsi_write(self) -> float:
        return sum(self.gsi_write_by_phase.values())

    @property
    def by_operation(self) -> dict[str, tuple[float, float]]:
        names = set(self.read_by_operation) | set(self.write_by_operation)
        return {n: (self.read_by_operation[n], self.write_by_operation[n]) for n in sorted(names)}

    def calls_of(self, service: str) -> int:
        return sum(n for name, n in self.calls.items() if name.startswith(service + "."))

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        previous, self._phase = self._phase, name
        try:
            yield
        finally:
            self._phase = previous

    def _add(self, operation: str, read: float = 0.0, write: float = 0.0, gsi: float = 0.0) -> None:
        self.read_by_phase[self._phase] += read
        self.write_by_phase[self._phase] += write + gsi
        self.gsi_write_by_phase[self._phase] += gsi
        self.read_by_operation[operation] += read
        self.write_by_operation[operation] += write + gsi


# ---- item sizes ---------------------------------------------------------------------------------

def value_bytes(value: dict[str, Any]) -> int:
    """Approximate stored size of one DynamoDB-JSON attribute value (see the module docstring)."""
    (kind, inner), = value.items()
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        digits = len(str(inner).lstrip("-").replace(".", "").strip("0")) or 1
        return (digits + 1) // 2 + 1
    if kind == "B":
        return len(inner)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind in ("SS", "NS", "BS"):
        return sum(value_bytes({kind[0]: v}) for v in inner)
    if kind == "L":
        return 3 + sum(1 + value_bytes(v) for v in inner)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + value_bytes(v) for k, v in inner.items())
    return len(json.dumps(inner))


def item_bytes(item: dict[str, Any] | None) -> int:
    if not item:
        return 0
    return sum(len(name.encode()) + value_bytes(v) for name, v in item.items())


def _read_units(size: int) -> int:
    return max(1, math.ceil(size / READ_UNIT_BYTES))


def _write_units(size: int) -> int:
    return max(1, math.ceil(size / WRITE_UNIT_BYTES))


# ---- moto lookups (old/new images of written items) ---------------------------------------------

def _moto_table(table_name: str) -> Any:
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[ACCOUNT]["us-east-1"].get_table(table_name)


def stored_item(table_name: str, key: dict[str, Any]) -> dict[str, Any] | None:
    """The item as moto stores it now, in DynamoDB JSON (None if absent)."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    table = _moto_table(table_name)
    hash_key = DynamoType(key[table.hash_key_attr])
    range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    found = table.get_item(hash_key, range_key)
    if found is None:
        return None
    return {name: attr.to_regular_json() for name, attr in found.attrs.items()}


def _index_keys(table_name: str) -> list[tuple[str, ...]]:
    table = _moto_table(table_name)
    return [tuple(k["AttributeName"] for k in index.schema) for index in (table.global_indexes or [])]


def _key_of(table_name: str, item: dict[str, Any]) -> dict[str, Any]:
    table = _moto_table(table_name)
    names = [table.hash_key_attr] + ([table.range_key_attr] if table.range_key_attr else [])
    return {n: item[n] for n in names}


def _index_units(table_name: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> int:
    units = 0
    for names in _index_keys(table_name):
        old_key = tuple(json.dumps(old[n], sort_keys=True) for n in names) if old and all(
            n in old for n in names) else None
        new_key = tuple(json.dumps(new[n], sort_keys=True) for n in names) if new and all(
            n in new for n in names) else None
        if old_key and new_key and old_key == new_key:
            units += _write_units(item_bytes(new))
        else:
            units += _write_units(item_bytes(old)) if old_key else 0
            units += _write_units(item_bytes(new)) if new_key else 0
    return units


# ---- hooks --------------------------------------------------------------------------------------

_lock = threading.Lock()
_active: list[Units] = []
_CONTEXT_KEY = "luodi_bench_capacity"


def _writes_of(operation: str, body: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], dict | None]]:
    """(kind, table, key, new item or None) for each write the request makes."""
    out: list[tuple[str, str, dict[str, Any], dict | None]] = []
    if operation == "PutItem":
        out.append(("Put", body["TableName"], _key_of(body["TableName"], body["Item"]), body["Item"]))
    elif operation in ("UpdateItem", "DeleteItem"):
        out.append((operation[:-4], body["TableName"], body["Key"], None))
    elif operation == "BatchWriteItem":
        for table, requests in body.get("RequestItems", {}).items():
            for request in requests:
                if "PutRequest" in request:
                    item = request["PutRequest"]["Item"]
                    out.append(("Put", table, _key_of(table, item), item))
                else:
                    out.append(("Delete", table, request["DeleteRequest"]["Key"], None))
    elif operation == "TransactWriteItems":
        for entry in body.get("TransactItems", []):
            (kind, op), = entry.items()
            if kind == "Put":
                out.append(("Put", op["TableName"], _key_of(op["TableName"], op["Item"]), op["Item"]))
            else:
                out.append((kind, op["TableName"], op["Key"], None))
    return out


def _before(model: Any = None, params: Any = None, context: Any = None, **_: Any) -> None:
    if not _active or context is None:
        return None
    operation = getattr(model, "name", "?")
    try:
        body = json.loads(params.get("body") or b"{}")
    except (ValueError, AttributeError):
        body = {}
    writes = []
    for kind, table, key, new in _writes_of(operation, body):
        old = stored_item(table, key) if kind != "ConditionCheck" else None
        writes.append((kind, table, key, old, new))
    context[_CONTEXT_KEY] = (operation, body, writes)
    return None  # anything else would short-circuit the call


def _read_cost(operation: str, body: dict[str, Any], parsed: dict[str, Any]) -> float:
    half = 1.0 if body.get("ConsistentRead") else 0.5
    if operation == "GetItem":
        return _read_units(item_bytes(parsed.get("Item"))) * half
    if operation in ("Query", "Scan"):
        size = sum(item_bytes(i) for i in parsed.get("Items", []))
        return _read_units(size) * half
    if operation == "BatchGetItem":
        total = 0.0
        for table, items in parsed.get("Responses", {}).items():
            factor = 1.0 if body.get("RequestItems", {}).get(table, {}).get("ConsistentRead") else 0.5
            total += sum(_read_units(item_bytes(i)) for i in items) * factor
        return total
    if operation == "TransactGetItems":
        return sum(2 * _read_units(item_bytes(r.get("Item"))) for r in parsed.get("Responses", []))
    return 0.0


def _after(parsed: Any = None, model: Any = None, context: Any = None, http_response: Any = None,
           **_: Any) -> None:
    if not _active or context is None or _CONTEXT_KEY not in context:
        return
    operation, body, writes = context.pop(_CONTEXT_KEY)
    if getattr(http_response, "status_code", 200) >= 300 or not isinstance(parsed, dict):
        return
    read = _read_cost(operation, body, parsed)
    write = gsi = 0.0
    factor = 2 if operation == "TransactWriteItems" else 1
    for kind, table, key, old, new in writes:
        if kind == "ConditionCheck":
            write += 2
            continue
        if kind == "Update":
            new = stored_item(table, key)
        elif kind == "Delete":
            new = None
        write += factor * _write_units(max(item_bytes(old), item_bytes(new)))
        gsi += _index_units(table, old, new)
    with _lock:
        for units in _active:
            units._add(operation, read, write, gsi)


def _any_call(model: Any = None, **_: Any) -> None:
    if not _active:
        return None
    service = getattr(getattr(model, "service_model", None), "service_name", "?")
    name = f"{service}.{getattr(model, 'name', '?')}"
    with _lock:
        for units in _active:
            units.calls[name] += 1
    return None


def _install() -> None:
    for entry in (("before-call.dynamodb", _before), ("after-call.dynamodb", _after), ("before-call", _any_call)):
        if entry not in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.append(entry)


_install()


@contextmanager
def capacity() -> Iterator[Units]:
    """Estimate request units of DynamoDB calls made (in any thread) while the block runs."""
    units = Units()
    with _lock:
        _active.append(units)
    try:
        yield units
    finally:
        with _lock:
            _active.remove(units)


def table_bytes(table_name: str, pk_prefix: str) -> tuple[int, int, int]:
    """(items, table bytes, index bytes) stored for keys starting with ``pk_prefix``, as DynamoDB
    bills storage: item bytes + 100 bytes per item, and per index entry the projected item
    (ALL) + 100 bytes."""
    table = _moto_table(table_name)
    indexes = _index_keys(table_name)
    count = base = index = 0
    for item in table.all_items():
        attrs = {name: attr.to_regular_json() for name, attr in item.attrs.items()}
        if not str(attrs.get(table.hash_key_attr, {}).get("S", "")).startswith(pk_prefix):
            continue
        size = item_bytes(attrs)
        count += 1
        base += size + 100
        index += sum(size + 100 for names in indexes if all(n in attrs for n in names))
    return count, base, index
