"""Recording and reading a tenant's usage, and the estimated AWS cost behind it."""

from __future__ import annotations

import re
from typing import Any

from chalicelib.core import clock
from chalicelib.core.context import RequestContext
from chalicelib.core.errors import Invalid
from chalicelib.core.observability import logger
from chalicelib.metering import prices, store
from chalicelib.org import store as org_store
from chalicelib.org.schemas import PersonStatus

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# Typical figures measured by bench/cost.py, used to turn counters into an estimate.
AVG_RESPONSE_MS = 60
LAMBDA_MEMORY_GB = 0.5
READ_UNITS_PER_REQUEST = 3.0
WRITE_UNITS_PER_REQUEST = 0.6


def this_month() -> str:
    return clock.now().strftime("%Y-%m")


def count_request(tenant_id: str) -> None:
    """Called once per API request; never lets metering break the request."""
    try:
        store.requests.count(tenant_id, this_month())
    except Exception:  # noqa: BLE001 - a failed counter must not fail the caller's request
        logger.exception("usage counter failed")


def count(tenant_id: str, counter: str, amount: int = 1) -> None:
    """Other domains record emails sent, bytes stored... (written at once, not buffered)."""
    try:
        store.add(tenant_id, this_month(), {counter: amount})
    except Exception:  # noqa: BLE001
        logger.exception("usage counter failed")


def usage(ctx: RequestContext, month: str) -> dict[str, Any]:
    if not MONTH.match(month):
        raise Invalid.field("month", "expected YYYY-MM")
    store.requests.flush()
    counters = store.read(ctx.tenant_id, month)
    active = sum(1 for p in org_store.list_people(ctx.tenant_id) if p.status != PersonStatus.LEFT)
    requests = counters["api_requests"]
    estimate = prices.monthly_cost(prices.Usage(
        api_requests=requests,
        authorizer_invocations=requests // 10,
        lambda_gb_seconds=requests * AVG_RESPONSE_MS / 1000 * LAMBDA_MEMORY_GB,
        read_units=requests * READ_UNITS_PER_REQUEST,
        write_units=requests * WRITE_UNITS_PER_REQUEST,
        emails=counters["emails_sent"],
        sqs_requests=counters["reminder_jobs"] * 3,
        storage_gb=counters["storage_bytes"] / 1e9,
    ))
    return {"month": month, **counters, "active_people": active,
            "estimated_cost_usd": estimate, "prices_as_of": prices.PRICES_AS_OF}
