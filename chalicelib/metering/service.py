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
# Typical figures that turn counters into an estimate. Measured by `bench/cost.py` on 2026-11-27
# (a 200-person tenant's typical month in moto: 8,617 API requests): a request's handler reads
# 7.3 RRU and writes 2.1 WRU on average (GSI writes included); API Gateway caches the authorizer's
# answer for 300 s, so it ran 1,959 times, once per 4.4 requests, reading 1.5 RRU each time; the
# daily reminder run made 6 SQS requests. Metering's own counter writes 1 WRU per flush: every
# FLUSH_EVERY requests and on a session's first request after an idle spell (about once per authorizer
# run). (Was 3 RRU, 0.6 WRU and one authorizer run per 10 requests.)
READ_UNITS_PER_REQUEST = 7.3
WRITE_UNITS_PER_REQUEST = 2.1
REQUESTS_PER_AUTHORIZER_RUN = 4.4
AUTHORIZER_READ_UNITS = 1.5
SQS_REQUESTS_PER_REMINDER_JOB = 6
AVG_RESPONSE_MS = 60  # assumed, not measured: in-process times include moto (bench/cost.py)
LAMBDA_MEMORY_GB = 0.5


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
        raise Invalid.field("month", "usage.month_format")
    store.requests.flush()
    counters = store.read(ctx.tenant_id, month)
    active = sum(1 for p in org_store.list_people(ctx.tenant_id) if p.status != PersonStatus.LEFT)
    estimate = prices.monthly_cost(estimated_usage(counters))
    return {
        "month": month,
        **counters,
        "active_people": active,
        "estimated_cost_usd": estimate,
        "prices_as_of": prices.PRICES_AS_OF,
    }


def estimated_usage(counters: dict[str, int]) -> prices.Usage:
    """What a month's counters mean in billable AWS units, at the measured per-request figures."""
    requests = counters["api_requests"]
    authorizer_runs = round(requests / REQUESTS_PER_AUTHORIZER_RUN)
    return prices.Usage(
        api_requests=requests,
        authorizer_invocations=authorizer_runs,
        lambda_gb_seconds=requests * AVG_RESPONSE_MS / 1000 * LAMBDA_MEMORY_GB,
        read_units=requests * READ_UNITS_PER_REQUEST + authorizer_runs * AUTHORIZER_READ_UNITS,
        write_units=requests * WRITE_UNITS_PER_REQUEST + requests / store.FLUSH_EVERY + authorizer_runs,
        emails=counters["emails_sent"],
        sqs_requests=counters["reminder_jobs"] * SQS_REQUESTS_PER_REMINDER_JOB,
        storage_gb=counters["storage_bytes"] / 1e9,
    )
