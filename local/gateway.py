"""API Gateway, locally: the answers and the per-tenant limits infra/ gives the API in AWS.

``chalice local`` and ``chalice.test.Client`` emulate API Gateway's routing and the custom
authorizer (``chalice.local.LocalGateway``), but answer in API Gateway's default bodies
(``{"Message": ...}``, ``{"message": "Missing Authentication Token"}``) and know no usage plans.
:class:`GatewayEmulation` is that ``LocalGateway`` plus what ``infra/api_gateway.py`` adds in AWS,
read from the same definition (``chalicelib/core/gateway.py``):

* gateway responses in the product's error shape: no token 401, denied 403, unknown path 404,
  body over the cap 413, throttled 429 with ``Retry-After``;
* 405 for a known path called with a method it lacks, 404 for an unknown path (in AWS: mock
  integrations on each path's ANY method and on a root ``/{proxy+}``);
* usage plans: the authorizer's ``usageIdentifierKey`` must be in a plan (else 403, as API Gateway
  does), and each key has its own token bucket with the plan's rate and burst; one stage-wide
  bucket on top. Usage plans and keys are read from the emulated AWS (moto), where sign-up put them.

Handlers and the authorizer are the production code; only API Gateway is emulated.

    python -m local.gateway --project-dir DIR [--host 127.0.0.1] [--port 8000] [--stage local]
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from chalice.local import (
    ChaliceRequestHandler,
    ForbiddenError,
    InvalidAuthorizerError,
    LocalGateway,
    LocalGatewayAuthorizer,
    NotAuthorizedError,
)

from chalicelib.core.gateway import (
    GATEWAY_RESPONSES,
    MAX_BODY_BYTES,
    METHOD_NOT_ALLOWED,
    NO_SUCH_PATH,
    PLANS,
    STAGE_LIMIT,
    Answer,
    Plan,
    allow_header,
    gateway_body,
    gateway_headers,
    plan_name,
)

log = logging.getLogger(__name__)


class TokenBuckets:
    """Token buckets keyed by (tier, key): full at first, refilled at the plan's rate.

    ``clock`` returns seconds (monotonic); tests pass their own and never sleep.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._state: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, plan: Plan, key: str) -> bool:
        """Take one token from ``key``'s bucket; False when it is empty (the request is refused)."""
        with self._lock:
            now = self._clock()
            tokens, last = self._state.get((plan.tier, key), (float(plan.burst), now))
            tokens = min(float(plan.burst), tokens + max(0.0, now - last) * plan.rate)
            allowed = tokens >= 1.0 - 1e-9  # a clock's float sums (1000.02 - 1000.0) stay whole
            self._state[(plan.tier, key)] = (tokens - 1.0 if allowed else tokens, now)
            return allowed


class UsagePlanDirectory:
    """Which of the stage's usage plans holds a key value, read from the (emulated) API Gateway.

    Re-read on a miss, so a key created by a sign-up a moment ago is found at its first request.
    """

    def __init__(self, stage: str, client_factory: Callable[[], Any] | None = None) -> None:
        self._names = {plan_name(stage, tier): plan for tier, plan in PLANS.items()}
        self._client_factory = client_factory or _apigateway_client
        self._client: Any = None
        self._known: dict[str, Plan] = {}
        self._lock = threading.Lock()

    def __call__(self, key: str) -> Plan | None:
        with self._lock:
            if key not in self._known:
                self._known = self._read()
            return self._known.get(key)

    def _read(self) -> dict[str, Plan]:
        if self._client is None:
            self._client = self._client_factory()
        known: dict[str, Plan] = {}
        for page in self._client.get_paginator("get_usage_plans").paginate():
            for usage_plan in page["items"]:
                plan = self._names.get(usage_plan["name"])
                if plan is None:
                    continue
                for keys in self._client.get_paginator("get_usage_plan_keys").paginate(usagePlanId=usage_plan["id"]):
                    known.update({k["value"]: plan for k in keys["items"]})
        return known


def _apigateway_client() -> Any:
    import boto3

    return boto3.client("apigateway")  # region and endpoint (moto) from the environment


@dataclass
class Limits:
    """Usage-plan throttling: key -> plan (None: in no plan), the buckets, the stage-wide plan."""

    plans: Callable[[str], Plan | None]
    buckets: TokenBuckets = field(default_factory=TokenBuckets)
    stage: Plan = STAGE_LIMIT


class _Refused(Exception):
    def __init__(self, response: dict[str, Any]) -> None:
        super().__init__(response["statusCode"])
        self.response = response


class _KeyedAuthorizer(LocalGatewayAuthorizer):
    """Chalice's local authorizer, keeping the ``usageIdentifierKey`` the authorizer returned where
    API Gateway puts the request's API key (``requestContext.identity.apiKey``)."""

    def _update_lambda_event(self, lambda_event: dict[str, Any], auth_result: dict[str, Any]) -> dict[str, Any]:
        lambda_event = super()._update_lambda_event(lambda_event, auth_result)
        key = auth_result.get("usageIdentifierKey")
        if key:
            lambda_event["requestContext"].setdefault("identity", {})["apiKey"] = key
        return lambda_event


class GatewayEmulation(LocalGateway):
    """``LocalGateway`` answering like the API Gateway infra/ deploys. ``limits`` None: no throttling
    (the shared test client, whose tests send hundreds of requests a second per tenant)."""

    def __init__(self, app_object: Any, config: Any, *, web_origin: str, limits: Limits | None = None) -> None:
        super().__init__(app_object, config)
        self._authorizer = _KeyedAuthorizer(app_object)
        self._web_origin = web_origin
        self.limits = limits

    def handle_request(self, method: str, path: str, headers: dict[str, Any], body: bytes | None) -> dict[str, Any]:
        try:
            return self._handle(method, path, headers, body)
        except _Refused as refused:
            return refused.response

    def _handle(self, method: str, path: str, headers: dict[str, Any], body: bytes | None) -> dict[str, Any]:
        if body is not None and len(body) > MAX_BODY_BYTES:
            raise self._refuse("REQUEST_TOO_LARGE")
        lambda_context = self._generate_lambda_context()
        try:
            event = self._generate_lambda_event(method, path, headers, body)
        except ValueError:
            raise _Refused(self._answer(NO_SUCH_PATH)) from None
        if self.limits is not None and not self.limits.buckets.take(self.limits.stage, "stage"):
            raise self._refuse("THROTTLED")
        methods = self._app_object.routes[event["requestContext"]["resourcePath"]]
        if method == "OPTIONS" and "OPTIONS" not in methods and any(r.cors for r in methods.values()):
            # CORS preflight: chalice declares an OPTIONS mock on paths with CORS only (else ANY: 405)
            return {"statusCode": 200, "headers": self._autogen_options_headers(event), "multiValueHeaders": {},
                    "body": ""}  # (chalice's None breaks chalice.test's client)
        if method not in methods:
            raise _Refused(self._answer(METHOD_NOT_ALLOWED, {"Allow": allow_header(methods)}))
        try:
            event, lambda_context = self._authorizer.authorize(path, event, lambda_context)
        except NotAuthorizedError:
            raise self._refuse("UNAUTHORIZED") from None
        except ForbiddenError:
            raise self._refuse("ACCESS_DENIED") from None
        except InvalidAuthorizerError:
            raise self._refuse("AUTHORIZER_CONFIGURATION_ERROR") from None
        except Exception:
            log.exception("the authorizer failed")
            raise self._refuse("AUTHORIZER_FAILURE") from None
        if self.limits is not None and methods[method].api_key_required:
            key = event["requestContext"].get("identity", {}).get("apiKey") or ""
            plan = self.limits.plans(key) if key else None
            if plan is None:
                raise self._refuse("INVALID_API_KEY")
            if not self.limits.buckets.take(plan, key):
                raise self._refuse("THROTTLED")
        response: dict[str, Any] = self._app_object(event, lambda_context)
        return response

    def _refuse(self, response_type: str) -> _Refused:
        return _Refused(self._answer(GATEWAY_RESPONSES[response_type]))

    def _answer(self, answer: Answer, extra_headers: dict[str, str] | None = None) -> dict[str, Any]:
        headers = {**gateway_headers(answer, self._web_origin), **(extra_headers or {}),
                   "Content-Type": "application/json"}
        return {"statusCode": answer.status, "headers": headers, "multiValueHeaders": {}, "body": gateway_body(answer)}


def install(client: Any, *, web_origin: str, limits: Limits | None = None) -> GatewayEmulation:
    """Put the emulation behind a ``chalice.test.Client`` (its HTTP client's gateway)."""
    http = client.http
    emulation = GatewayEmulation(http._app, http._config, web_origin=web_origin, limits=limits)
    http._local_gateway = emulation
    return emulation


# ---- the local server (what `chalice local` runs, with this gateway) -----------------------------

class _Handler(ChaliceRequestHandler):
    def __init__(self, request: Any, client_address: Any, server: Any, app_object: Any, config: Any,
                 gateway: GatewayEmulation) -> None:
        self.local_gateway = gateway  # shared: its buckets must outlive one request
        BaseHTTPRequestHandler.__init__(self, request, client_address, server)


def serve(project_dir: str, host: str, port: int, stage: str) -> None:
    from chalice.cli.factory import CLIFactory
    from chalice.local import CustomLocalChalice, LocalChalice, LocalDevServer

    from chalicelib.core.settings import settings

    config = CLIFactory(project_dir).create_config_obj(chalice_stage_name=stage)
    app = config.chalice_app.load_all()  # `import app` registers no domain; a server serves them all
    # What chalice.local.create_local_server does: current_request per thread.
    CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
    app.__class__ = CustomLocalChalice
    emulation = GatewayEmulation(app, config, web_origin=settings().web_origin,
                                 limits=Limits(plans=UsagePlanDirectory(settings().stage)))
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")
    server = LocalDevServer(app, config, host, port, handler_cls=functools.partial(_Handler, gateway=emulation))
    server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.gateway", description=__doc__.split("\n\n")[0])
    parser.add_argument("--project-dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--stage", default="local")
    args = parser.parse_args(argv)
    serve(args.project_dir, args.host, args.port, args.stage)
    return 0


if __name__ == "__main__":
    sys.exit(main())
