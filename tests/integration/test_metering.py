"""Usage metering: request counters per tenant, readable by the tenant admin only."""

from __future__ import annotations

import pytest

from chalicelib.metering import prices, service, store
from tests.support.world import sign_up


def test_requests_are_counted_per_tenant(api):
    a = sign_up(api, "甲公司")
    b = sign_up(api, "乙公司")
    for _ in range(30):
        a.admin.get("/org/units")
    b.admin.get("/org/units")
    usage_a = a.admin.get("/usage").body
    usage_b = b.admin.get("/usage").body
    assert usage_a["api_requests"] >= 31  # sign-up helper's own calls plus the 30 above
    assert usage_b["api_requests"] < usage_a["api_requests"] - 25


def test_usage_counts_active_people_and_estimates_cost(api):
    company = sign_up(api)
    usage = company.admin.get("/usage").body
    assert usage["active_people"] == 1
    assert usage["estimated_cost_usd"]["total"] >= 0
    assert usage["prices_as_of"] == prices.PRICES_AS_OF


def test_flush_batches_counts_into_few_writes(aws):
    buffer = store.RequestBuffer()
    for _ in range(store.FLUSH_EVERY - 1):
        buffer.count("t1", "2026-11")
    assert store.read("t1", "2026-11")["api_requests"] == 0
    buffer.count("t1", "2026-11")
    assert store.read("t1", "2026-11")["api_requests"] == store.FLUSH_EVERY


def test_a_bad_month_names_the_field(api):
    company = sign_up(api)
    reply = company.admin.get("/usage", month="2026-13")
    assert reply.status == 400
    assert reply.error_fields == ["month"]


def test_rest_api_costs_more_per_request_than_http_api():
    usage = prices.Usage(api_requests=1_000_000)
    assert prices.monthly_cost(usage)["api_gateway"] == 3.5
    assert prices.monthly_cost(usage, http_api=True)["api_gateway"] == 1.0


def test_the_estimate_uses_the_per_request_figures_measured_by_the_bench():
    # Given the month bench/cost.py measured on 2026-11-27: 8,617 requests, 1,959 authorizer runs,
    # 66,437 RRU and 21,412 WRU in all (reminders and metering's own writes included)
    counters = {"api_requests": 8_617, "emails_sent": 450, "storage_bytes": 0, "reminder_jobs": 30}
    # When the counters are turned into billable units
    usage = service.estimated_usage(counters)
    # Then 7.3 RRU / 2.1 WRU per request and one authorizer run per 4.4 requests come close to it
    assert usage.authorizer_invocations == 1_958
    assert usage.read_units == pytest.approx(8_617 * 7.3 + 1_958 * 1.5)
    assert usage.write_units == pytest.approx(8_617 * 2.1 + 8_617 / store.FLUSH_EVERY + 1_958)  # + counter flushes
    assert usage.read_units == pytest.approx(66_437, rel=0.03)
    assert usage.write_units == pytest.approx(21_412, rel=0.06)  # the daily reminders' writes are not per request
    assert usage.sqs_requests == 180


def test_a_month_without_requests_estimates_no_request_costs():
    usage = service.estimated_usage({"api_requests": 0, "emails_sent": 0, "storage_bytes": 0, "reminder_jobs": 0})
    cost = prices.monthly_cost(usage)
    assert cost["api_gateway"] == cost["lambda_requests"] == cost["dynamodb_reads"] == 0
