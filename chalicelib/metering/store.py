"""Usage counters: one item per tenant per month, incremented with ADD (no read-modify-write).

Request counts are buffered in the Lambda container and flushed every ``FLUSH_EVERY`` requests or
``FLUSH_SECONDS``, so metering costs about one write per 25 requests rather than one per request.
A container that is reclaimed with counts still buffered loses them: usage is under-, never
over-counted (see docs/decisions.md).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any

from chalicelib.core.db import tenant_key
from chalicelib.core.settings import settings

FLUSH_EVERY = 25
FLUSH_SECONDS = 30.0
COUNTERS = ("api_requests", "emails_sent", "storage_bytes", "reminder_jobs")


def usage_key(tenant_id: str, month: str) -> dict[str, Any]:
    return {"PK": {"S": tenant_key(tenant_id, "USAGE")}, "SK": {"S": f"MONTH#{month}"}}


@lru_cache(maxsize=1)
def _dynamodb() -> Any:
    # A botocore client (PynamoDB has loaded botocore): every request counts itself, and boto3 would add
    # s3transfer to every cold start.
    from botocore.session import get_session

    return get_session().create_client("dynamodb", region_name=settings().region)


def add(tenant_id: str, month: str, counts: dict[str, int]) -> None:
    """Atomically add to this month's counters (creates the item on first use)."""
    counts = {k: v for k, v in counts.items() if v and k in COUNTERS}
    if not counts:
        return
    names = {f"#c{i}": k for i, k in enumerate(counts)}
    values: dict[str, Any] = {f":c{i}": {"N": str(v)} for i, v in enumerate(counts.values())}
    values.update({":kind": {"S": "usage"}, ":one": {"N": "1"}, ":empty": {"M": {}}})
    _dynamodb().update_item(
        TableName=settings().table_name,
        Key=usage_key(tenant_id, month),
        UpdateExpression="SET #kind = :kind, #version = if_not_exists(#version, :one), "
        "#data = if_not_exists(#data, :empty) ADD " + ", ".join(f"{n} :c{n[2:]}" for n in names),
        ExpressionAttributeNames={**names, "#kind": "kind", "#version": "version", "#data": "data"},
        ExpressionAttributeValues=values,
    )


def read(tenant_id: str, month: str) -> dict[str, int]:
    item = (
        _dynamodb()
        .get_item(TableName=settings().table_name, Key=usage_key(tenant_id, month), ConsistentRead=True)
        .get("Item", {})
    )
    return {k: int(item[k]["N"]) if k in item else 0 for k in COUNTERS}


class RequestBuffer:
    """Counts requests per tenant in memory and flushes them in batches."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._size = 0
        self._last_flush = time.monotonic()

    def count(self, tenant_id: str, month: str) -> None:
        with self._lock:
            self._pending[(tenant_id, month)]["api_requests"] += 1
            self._size += 1
            due = self._size >= FLUSH_EVERY or time.monotonic() - self._last_flush >= FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, defaultdict(Counter)
            self._size = 0
            self._last_flush = time.monotonic()
        for (tenant_id, month), counts in pending.items():
            add(tenant_id, month, dict(counts))

    def flush_discard(self) -> None:
        """Drop what is buffered (tests start each world with fresh counters)."""
        with self._lock:
            self._pending = defaultdict(Counter)
            self._size = 0


requests = RequestBuffer()
