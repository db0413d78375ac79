"""What the API answers outside the handlers, and per-tenant throttling, as a client sees them.

The ``api`` fixture's client sits behind local/gateway.py (the API Gateway emulation the local run
uses too); the throttling tests build one with usage-plan limits and a clock they move by hand.
tests/unit/test_infra_lint.py checks that AWS gets the same answers and limits from infra/.
"""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from chalicelib.core.gateway import (
    DEFAULT_TIER,
    GATEWAY_RESPONSES,
    MAX_BODY_BYTES,
    MESSAGES,
    PLANS,
    RETRY_AFTER_SECONDS,
    gateway_body,
    plan_name,
    usage_key,
)
from chalicelib.core.settings import settings
from chalicelib.tenancy.schemas import PRIVACY_POLICY_VERSION
from local import gateway
from tests.support.api import Api, Reply
from tests.support.world import sign_up


def error_of(reply: Reply) -> dict:
    assert set(reply.body) == {"error"}, reply.body
    assert set(reply.body["error"]) == {"code", "message", "details"}, reply.body
    return reply.body["error"]


# ---- the error shape, each answer -------------------------------------------------------------


def test_no_token_is_401_unauthorized(api):
    reply = api.get("/me")
    assert reply.status == 401
    assert error_of(reply)["code"] == "unauthorized"
    # byte for byte the template infra/api_gateway.py gives API Gateway for this case
    assert reply.raw == gateway_body(GATEWAY_RESPONSES["UNAUTHORIZED"])


def test_a_bad_token_is_403_forbidden(api):
    reply = api.as_("not-a-jwt").get("/me")
    assert reply.status == 403
    assert error_of(reply) == {"code": "forbidden", "message": MESSAGES["forbidden"]["zh-CN"], "details": []}


def test_an_unknown_path_is_404_not_found_with_or_without_a_token(api):
    company = sign_up(api)
    for client in (api, company.admin):
        reply = client.get("/no/such/thing")
        assert reply.status == 404
        assert error_of(reply)["code"] == "not_found"


def test_a_method_the_path_lacks_is_405_with_allow(api):
    reply = api.request("DELETE", "/me")
    assert reply.status == 405
    assert error_of(reply)["code"] == "method_not_allowed"
    assert response_headers(api, "DELETE", "/me")["Allow"] == "GET"


def test_a_wrong_content_type_is_415_in_the_callers_language(api):
    reply = api.request("POST", "/signup", body="company_name=x", headers={"Content-Type": "text/plain",
                                                                           "Accept-Language": "en-US,en;q=0.9"})
    assert reply.status == 415
    assert error_of(reply) == {"code": "unsupported_media_type", "message": MESSAGES["unsupported_media_type"]["en"],
                               "details": []}


def test_a_body_over_the_cap_is_413_payload_too_large(api):
    reply = api.request("POST", "/signup", body=b"x" * (MAX_BODY_BYTES + 1))
    assert reply.status == 413
    assert error_of(reply)["code"] == "payload_too_large"


def test_the_lambda_refuses_a_body_over_the_cap_itself(aws):
    # Given the app without the gateway emulation (what reaches the Lambda if API Gateway let it through)
    from chalice.test import Client

    from app import app

    with Client(app) as client:
        # When a body over the cap arrives, Then the Lambda answers 413 in our shape, in the caller's language
        reply = Api(client).request("POST", "/signup", body=b"{" + b" " * MAX_BODY_BYTES + b"}",
                                    headers={"Accept-Language": "en"})
    assert reply.status == 413
    assert error_of(reply)["message"] == MESSAGES["payload_too_large"]["en"]


def test_cors_preflight_still_passes_without_a_token(api):
    reply = api.request("OPTIONS", "/me")
    assert reply.status == 200
    headers = response_headers(api, "OPTIONS", "/me")
    assert headers["Access-Control-Allow-Origin"] == settings().web_origin
    assert "GET" in headers["Access-Control-Allow-Methods"]


def test_gateway_answers_carry_cors_so_the_web_app_can_read_them(api):
    headers = response_headers(api, "GET", "/me")
    assert headers["Access-Control-Allow-Origin"] == settings().web_origin


# ---- usage keys -----------------------------------------------------------------------------------


def test_sign_up_puts_the_tenants_usage_key_in_its_tiers_plan(api):
    company = sign_up(api)
    assert usage_key(settings().stage, company.tenant_id) in plan_key_values(DEFAULT_TIER)


def test_a_failed_sign_up_leaves_no_usage_key(api):
    sign_up(api, email="taken@example.test")
    before = plan_key_values(DEFAULT_TIER)
    reply = api.post("/signup", {"company_name": "又一家", "admin_name": "李四", "admin_email": "taken@example.test",
                                 "password": "Abcdefg-1234", "privacy_policy_version": PRIVACY_POLICY_VERSION})
    assert reply.status == 409
    assert plan_key_values(DEFAULT_TIER) == before


def test_the_repair_run_gives_back_a_missing_usage_key(api):
    from chalicelib.tenancy.service import ensure_usage_keys

    company = sign_up(api)
    drop_key(company.tenant_id)
    assert ensure_usage_keys() == [company.tenant_id]
    assert usage_key(settings().stage, company.tenant_id) in plan_key_values(DEFAULT_TIER)
    assert ensure_usage_keys() == []


# ---- per-tenant throttling ----------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def throttled(api: Api) -> Iterator[tuple[Api, Clock]]:
    """The same client behind a gateway with the usage plans' limits and a hand-moved clock."""
    clock = Clock()
    limits = gateway.Limits(plans=gateway.UsagePlanDirectory(settings().stage), buckets=gateway.TokenBuckets(clock))
    gateway.install(api.client, web_origin=settings().web_origin, limits=limits)
    yield api, clock


def burst(client: Api, count: int, path: str = "/me") -> list[int]:
    return [client.get(path).status for _ in range(count)]


def test_a_flooding_tenant_gets_429_with_retry_after_while_another_passes(throttled):
    api, clock = throttled
    a, b = sign_up(api, "甲公司"), sign_up(api, "乙公司")
    plan = PLANS[DEFAULT_TIER]
    clock.now += plan.burst / plan.rate  # buckets full again after the sign-ups' own requests
    # Given tenant A spends its whole burst at one instant
    assert burst(a.admin, plan.burst) == [200] * plan.burst
    # When it sends one more in the same instant
    refused = a.admin.get("/me")
    # Then it is refused with 429, in our shape, saying when to retry
    assert refused.status == 429
    assert error_of(refused)["code"] == "throttled"
    assert response_headers(a.admin, "GET", "/me")["Retry-After"] == str(RETRY_AFTER_SECONDS)
    # And tenant B, in that same instant, passes
    assert burst(b.admin, 5) == [200] * 5


def test_the_bucket_refills_at_the_plans_rate(throttled):
    api, clock = throttled
    company = sign_up(api)
    plan = PLANS[DEFAULT_TIER]
    clock.now += plan.burst / plan.rate
    burst(company.admin, plan.burst)
    assert company.admin.get("/me").status == 429
    # One token comes back after 1/rate seconds: one request passes, the next is refused again
    clock.now += 1 / plan.rate
    assert burst(company.admin, 2) == [200, 429]
    # After the Retry-After wait at least one passes; after burst/rate seconds the whole burst again
    clock.now += RETRY_AFTER_SECONDS
    assert company.admin.get("/me").status == 200
    clock.now += plan.burst / plan.rate
    assert burst(company.admin, plan.burst + 1) == [200] * plan.burst + [429]


def test_a_tenant_whose_key_is_in_no_plan_is_refused_as_api_gateway_does(throttled):
    api, clock = throttled
    company = sign_up(api)
    drop_key(company.tenant_id)
    # (a gateway that has not seen the key yet: the emulation re-reads the plans on a miss only)
    limits = gateway.Limits(plans=gateway.UsagePlanDirectory(settings().stage), buckets=gateway.TokenBuckets(clock))
    gateway.install(api.client, web_origin=settings().web_origin, limits=limits)
    reply = company.admin.get("/me")
    assert reply.status == 403
    assert error_of(reply)["code"] == "forbidden"


def test_public_routes_are_not_metered_per_tenant(throttled):
    api, _ = throttled
    count = PLANS[DEFAULT_TIER].burst + 5  # within the stage-wide burst
    assert burst(api, count, "/health") == [200] * count


# ---- helpers --------------------------------------------------------------------------------------


def response_headers(client: Api, method: str, path: str) -> dict[str, str]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {client.token}"} if client.token
                                                       else {})}
    return dict(client.client.http.request(method, path, headers=headers, body=b"").headers)


def apigateway():  # type: ignore[no-untyped-def]
    return boto3.client("apigateway", region_name="us-east-1")


def plan_id(tier: str) -> str:
    name = plan_name(settings().stage, tier)
    return next(p["id"] for p in apigateway().get_usage_plans()["items"] if p["name"] == name)


def plan_key_values(tier: str) -> set[str]:
    return {k["value"] for k in apigateway().get_usage_plan_keys(usagePlanId=plan_id(tier))["items"]}


def drop_key(tenant_id: str) -> None:
    value = usage_key(settings().stage, tenant_id)
    key = next(k for k in apigateway().get_usage_plan_keys(usagePlanId=plan_id(DEFAULT_TIER))["items"]
               if k["value"] == value)
    apigateway().delete_usage_plan_key(usagePlanId=plan_id(DEFAULT_TIER), keyId=key["id"])
