"""One place builds the world: fake credentials -> mock_aws -> table + user pool -> Chalice client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.support import env

env.configure()
env.reuse_moto_signing_key()
env.fast_moto_transactions()

from hypothesis import settings as hypothesis_settings  # noqa: E402
from moto import mock_aws  # noqa: E402

# CI replays the same examples every run (a red build is then reproducible, never a coin toss);
# `make test` on a laptop keeps exploring new ones. Set HYPOTHESIS_PROFILE=explore to get that in CI.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("explore", print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "explore"))

with mock_aws():
    _POOL_ID, _CLIENT_ID = env.create_user_pool()
os.environ["LUODI_USER_POOL_ID"] = _POOL_ID
os.environ["LUODI_APP_CLIENT_ID"] = _CLIENT_ID

from chalicelib.core.settings import settings  # noqa: E402

settings.cache_clear()

# `import app` registers no domain (chalicelib/core/routing.py); tests read the whole route table
# (chalice.test.Client, SPECS, the OpenAPI and isolation generators), so every domain loads here,
# before any test module is collected.
import app as _application  # noqa: E402

_application.app.load_all()


@contextmanager
def fresh_aws() -> Iterator[None]:
    """A fresh, empty AWS (moto) with Luodi's table, user pool and verified mail sender."""
    import boto3

    from chalicelib.core.db import ensure_table

    with mock_aws():
        ensure_table()
        pool, client = env.create_user_pool()
        assert (pool, client) == (_POOL_ID, _CLIENT_ID)
        boto3.client("ses", region_name="us-east-1").verify_email_identity(EmailAddress=env.SENDER)
        env.create_people_key()
        env.create_usage_plans()
        _reset_cached_clients()
        yield


@pytest.fixture
def aws() -> Iterator[None]:
    with fresh_aws():
        yield


def _reset_cached_clients() -> None:
    """Clients cached by stores were built against a previous mock; rebuild them in this one."""
    from chalicelib.tenancy import store as tenancy_store

    tenancy_store._cognito.cache_clear()
    tenancy_store._apigateway.cache_clear()
    tenancy_store._usage_plan_id.cache_clear()
    from chalicelib.core.db import transaction_connection

    transaction_connection.cache_clear()
    from chalicelib.metering import store as metering_store

    metering_store._dynamodb.cache_clear()
    metering_store.requests.flush_discard()
    from chalicelib.people import store as people_store

    people_store._kms.cache_clear()
    people_store.forget_data_keys()
    for hook in _CLIENT_CACHES:
        hook()


_CLIENT_CACHES: list = []


def register_client_cache(clear) -> None:  # type: ignore[no-untyped-def]
    """Domains with their own cached boto3 clients register the cache_clear here (via their conftest)."""
    _CLIENT_CACHES.append(clear)


@pytest.fixture
def api(aws: None):  # type: ignore[no-untyped-def]
    from chalice.test import Client

    from app import app
    from local import gateway
    from tests.support.api import Api

    with Client(app) as client:
        # API Gateway's answers as infra/ configures them (error shapes, 404/405); no throttling here:
        # tests send hundreds of requests a second per tenant (tests/integration/test_gateway.py has it).
        gateway.install(client, web_origin=settings().web_origin)
        yield Api(client)


def pytest_sessionstart(session) -> None:  # type: ignore[no-untyped-def]
    session.config._luodi_started = __import__("time").time()


def pytest_terminal_summary(terminalreporter, config) -> None:  # type: ignore[no-untyped-def]
    """The OpenAPI fuzz figures (tests/fuzz), when this session ran it (xdist workers write the files)."""
    from pathlib import Path

    started = getattr(config, "_luodi_started", 0)
    reports = sorted(p for p in (Path(__file__).resolve().parents[1] / "test-artifacts" / "fuzz").glob("openapi-*.txt")
                     if p.stat().st_mtime >= started)
    if reports:
        terminalreporter.section("OpenAPI fuzz")
        for path in reports:
            lines = path.read_text().splitlines()
            terminalreporter.write_line("\n".join(line for line in lines if not line.startswith(" " * 4))[:4000])
