"""Failures leave in the product's error shape, and one request's log fields never reach another's."""

from __future__ import annotations

import io
import json
import logging

import pytest
from botocore.exceptions import ClientError

from chalicelib.core.observability import logger
from chalicelib.tenancy import service as tenancy
from tests.support.world import sign_up


def _log_lines(text: str) -> list[dict]:
    lines = []
    for raw in text.splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue
    return lines


def _failing(exc: Exception):
    def fail(*_args, **_kwargs):
        raise exc
    return fail


def test_an_unexpected_exception_answers_500_in_the_error_shape_without_its_details(api, monkeypatch):
    company = sign_up(api)
    monkeypatch.setattr(tenancy, "me", _failing(RuntimeError("secret internals")))

    reply = company.admin.get("/me")

    assert reply.status == 500
    assert reply.body["error"]["code"] == "internal_error"
    assert "secret internals" not in reply.raw


@pytest.mark.parametrize("code", ["ThrottlingException", "ProvisionedThroughputExceededException",
                                  "TooManyRequestsException"])
def test_aws_throttling_answers_503_with_retry_after(api, monkeypatch, code):
    company = sign_up(api)
    error = ClientError({"Error": {"Code": code, "Message": "slow down"}}, "Query")
    monkeypatch.setattr(tenancy, "me", _failing(error))

    reply = company.admin.get("/me")

    assert reply.status == 503
    assert reply.body["error"]["code"] == "unavailable"
    assert int(company.admin.client.http.request("GET", "/me", headers={
        "Authorization": f"Bearer {company.admin_token}"}).headers["Retry-After"]) > 0


@pytest.fixture
def log_lines():
    """The API's structured log lines, as the JSON its formatter writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    std = logging.getLogger(logger.name)
    level = std.level
    std.addHandler(handler)
    std.setLevel(logging.INFO)
    yield lambda: _log_lines(stream.getvalue())
    std.removeHandler(handler)
    std.setLevel(level)


def test_two_requests_of_two_tenants_never_share_log_fields(api, monkeypatch, log_lines):
    first, second = sign_up(api, "甲公司"), sign_up(api, "乙公司")
    monkeypatch.setattr(tenancy, "me", _failing(RuntimeError("boom")))

    first.admin.get("/me")  # logs an error with the first tenant bound
    api.as_("not-a-jwt").get("/me")  # the authorizer logs the rejection: no tenant is known
    second.admin.get("/me")  # logs an error with the second tenant bound

    lines = log_lines()
    errors = [line for line in lines if line.get("message") == "server error"]
    rejected = [line for line in lines if line.get("message") == "token rejected"]
    assert [e["tenant_id"] for e in errors] == [first.tenant_id, second.tenant_id]
    assert rejected and all("tenant_id" not in r and "user_id" not in r for r in rejected)
