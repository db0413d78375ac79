"""The AWS emulator: moto's server on a fixed port, and the resources infra/ would create.

The user pool and web client mirror infra/auth.yaml (email sign-in, immutable ``custom:tenant``
left out of the client's write attributes), so the API and the web app see the same shape as in AWS.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from werkzeug.serving import BaseWSGIServer, make_server

from local.config import (
    CLIENT_NAME,
    DOCUMENTS_BUCKET,
    MAIL_EVENTS_TOPIC,
    MAIL_SENDER,
    POOL_NAME,
    REGION,
    REMINDERS_QUEUE,
    LocalConfig,
)


class SharedReads:
    """A readers-writer lock: any number of readers at once, a writer alone; a waiting writer goes
    before readers that come after it (a stream of reads cannot starve it)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            self._cond.wait_for(lambda: not self._writing and not self._readers)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class _OneWriterAtATime:
    """WSGI wrapper: moto's backends are not thread-safe for writes (concurrent TransactWriteItems
    deep-copy a table while another request changes it -> "dictionary changed size during iteration"
    -> 500), so a request that may change state runs alone. Reads (GetItem, Query, Scan, Describe*,
    List*, Get*, plain GETs such as the JWKS) only read moto's dicts, so they run side by side: one slow
    Scan (the snapshot's) or a burst of a page's reads no longer queues every other API call."""

    READS = ("GetItem", "BatchGetItem", "Query", "Scan", "Describe", "List", "Get")  # X-Amz-Target prefixes
    UNCOUNTED = ("ReceiveMessage",)  # runs alone (it hides the message it hands out) but saves nothing

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.lock = SharedReads()
        self.changes = 0  # requests that may have changed something (the snapshot saves only then)

    def is_read(self, environ: dict[str, Any]) -> bool:
        target = environ.get("HTTP_X_AMZ_TARGET", "").rsplit(".", 1)[-1]
        return environ.get("REQUEST_METHOD") in ("GET", "HEAD", "OPTIONS") or (
            bool(target) and target.startswith(self.READS))

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if self.is_read(environ):
            with self.lock.reading():
                return list(self.app(environ, start_response))
        with self.lock.writing():
            if not environ.get("HTTP_X_AMZ_TARGET", "").endswith(self.UNCOUNTED):
                self.changes += 1
            return list(self.app(environ, start_response))


class MotoServer:
    """What ``moto.server.ThreadedMotoServer`` does, with writes serialised (see :class:`_OneWriterAtATime`)."""

    def __init__(self, host: str, port: int) -> None:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app

        self.app = app = _OneWriterAtATime(DomainDispatcherApplication(create_backend_app))
        self._server: BaseWSGIServer = make_server(host, port, app, threaded=True, request_handler=MotoRequestHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)

    @property
    def changes(self) -> int:
        """How many requests so far may have changed state (writes, sign-ins, sent mail...)."""
        return self.app.changes

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


def start_moto(cfg: LocalConfig) -> MotoServer:
    """Start moto in this process (its backends stay reachable for snapshots)."""
    from local import moto_patches

    moto_patches.apply()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per AWS call on the console
    server = MotoServer(cfg.host, cfg.moto_port)
    server.start()
    return server


@functools.cache
def client(service: str) -> Any:
    """One boto3 client per service for this process (creating one costs ~0.1 s of CPU)."""
    return boto3.client(service, region_name=REGION)  # endpoint from AWS_ENDPOINT_URL


def create_user_pool() -> tuple[str, str]:
    """The pool and public web client as infra/auth.yaml declares them; ids are stable (HASH)."""
    from chalicelib.tenancy.password import POLICY

    idp = client("cognito-idp")
    pool = idp.create_user_pool(
        PoolName=POOL_NAME,
        UsernameAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
        AutoVerifiedAttributes=["email"],
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        Policies={"PasswordPolicy": POLICY.as_cognito()},  # the API's check and infra/auth.yaml's, one source
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
            {"Name": "name", "AttributeDataType": "String", "Required": False, "Mutable": True},
            {
                "Name": "tenant",
                "AttributeDataType": "String",
                "Mutable": False,
                "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"},
            },
        ],
    )["UserPool"]["Id"]
    web_client = idp.create_user_pool_client(
        UserPoolId=pool,
        ClientName=CLIENT_NAME,
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
        EnableTokenRevocation=True,
        AccessTokenValidity=60,
        IdTokenValidity=60,
        RefreshTokenValidity=30,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        ReadAttributes=["email", "email_verified", "name", "custom:tenant"],
        # custom:tenant deliberately absent: a writable attribute can be changed by its user.
        WriteAttributes=["email", "name"],
    )["UserPoolClient"]["ClientId"]
    return pool, web_client


def create_usage_plans(apigateway: Any, stage: str) -> None:
    """The usage plans infra/api_gateway.py adds to the API, one per tier (same names and limits).

    Sign-up puts each tenant's key in one; the local gateway (local/gateway.py) enforces them.
    """
    from chalicelib.core.gateway import PLANS, plan_name

    existing = {p["name"] for p in apigateway.get_usage_plans()["items"]}
    for tier, plan in PLANS.items():
        if plan_name(stage, tier) not in existing:
            apigateway.create_usage_plan(name=plan_name(stage, tier),
                                         throttle={"rateLimit": plan.rate, "burstLimit": plan.burst})


def create_people_key(alias: str) -> str:
    """The KMS key that wraps each tenant's data key for the person's file (infra/data.yaml PeopleKey)."""
    kms = client("kms")
    key_id = str(kms.create_key(Description="luodi person's file data keys")["KeyMetadata"]["KeyId"])
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    return key_id


def create_resources(web_origin: str) -> tuple[str, str]:
    """Table, verified sender, reminders queue, mail events topic, documents bucket, usage plans (the pool
    is separate)."""
    from chalicelib.core.db import ensure_table  # after the environment is set: models read it at import
    from chalicelib.core.settings import settings

    ensure_table()
    create_usage_plans(client("apigateway"), settings().stage)
    pool, web_client = create_user_pool()
    client("ses").verify_email_identity(EmailAddress=MAIL_SENDER)
    client("sqs").create_queue(QueueName=REMINDERS_QUEUE)
    client("sns").create_topic(Name=MAIL_EVENTS_TOPIC)
    create_people_key(settings().people_kms_key)
    s3 = client("s3")
    s3.create_bucket(Bucket=DOCUMENTS_BUCKET)
    s3.put_bucket_cors(
        Bucket=DOCUMENTS_BUCKET,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": [web_origin],
                    "AllowedMethods": ["GET", "PUT", "POST", "HEAD"],
                    "AllowedHeaders": ["*"],
                    "ExposeHeaders": ["ETag"],
                    "MaxAgeSeconds": 600,
                }
            ]
        },
    )
    return pool, web_client
