"""Lambda cold start: a request imports only its own domain; the whole route table is still declared.

The first test runs in a fresh interpreter with the Lambda runtime's AWS_LAMBDA_FUNCTION_NAME set
(the test session has loaded every domain by now, tests/conftest.py): two requests load only their
domain, and loading every segment's domains one request at a time ends with the same route table
as ``load_all()``. The second checks app.py's segment table against the fully loaded route table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import app as application

ROOT = Path(__file__).resolve().parents[2]

_LAMBDA = r"""
import json, sys
from types import SimpleNamespace

import app

at_import = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pynamodb", "boto3")
                   or m.endswith((".routes", ".service", ".store", ".schemas")))
routes_at_import = sorted(app.app.routes)
handlers_at_import = sorted(h.handler_string for h in (*app.app.event_sources, *app.app.builtin_auth_handlers,
                                                       *app.app.pure_lambda_functions))

from moto import mock_aws


def event(method, resource, path, roles):
    return {
        "resource": resource, "path": path, "httpMethod": method,
        "headers": {"accept-language": "en"}, "multiValueHeaders": {"accept-language": ["en"]},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": None, "stageVariables": None, "body": None, "isBase64Encoded": False,
        "requestContext": {"resourcePath": resource, "httpMethod": method, "requestId": "r-1", "path": path,
                           "identity": {"sourceIp": "198.51.100.7"},
                           "authorizer": {"tenant_id": "t-lazy", "user_id": "u-1", "person_id": "",
                                          "roles": roles}},
    }


context = SimpleNamespace(function_name="luodi-api", memory_limit_in_mb=512, aws_request_id="r-1",
                          invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:luodi-api")
with mock_aws():
    from chalicelib.core.db import ensure_table
    ensure_table()
    listed = app.app(event("GET", "/org/units", "/org/units", "employee"), context)
    refused = app.app(event("POST", "/org/units", "/org/units", "employee"), context)
loaded_by_requests = sorted(app.app._loaded)
dashboards_imported = "chalicelib.dashboards.routes" in sys.modules


def table():
    return {path: {method: f"{entry.view_function.__module__}.{entry.view_name}" for method, entry in methods.items()}
            for path, methods in app.app.routes.items()}


for domain in app.DOMAINS:  # a first request on every segment, one after another
    for segment in domain.segments:
        app.app.load_for(f"/{segment}/x")
per_segment = table()
app.app.load_all()
print(json.dumps({
    "per_segment": per_segment, "after_load_all": table(),
    "at_import": at_import, "routes_at_import": routes_at_import, "handlers_at_import": handlers_at_import,
    "listed": [listed["statusCode"], json.loads(listed["body"])],
    "refused": [refused["statusCode"], json.loads(refused["body"])["error"]["code"]],
    "loaded": loaded_by_requests,
    "dashboards_imported": dashboards_imported,
}))
"""


def test_in_lambda_import_app_loads_no_domain_and_a_request_loads_only_its_own() -> None:
    # Given the Lambda runtime (a fresh interpreter with AWS_LAMBDA_FUNCTION_NAME set)
    env = dict(
        os.environ,
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_LAMBDA_FUNCTION_NAME="luodi-api",
    )
    env.pop("AWS_ENDPOINT_URL", None)

    # When it imports app, then answers two /org requests
    done = subprocess.run([sys.executable, "-c", _LAMBDA], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])

    # Then the import loaded no domain, no pydantic and no table layer; only the app's own route is declared
    assert seen["at_import"] == []
    assert seen["routes_at_import"] == ["/openapi.json"]
    # ...while every other Lambda function (authorizer, schedule, queue, topic) exists at import, as
    # outside Lambda: a blueprint loaded on first request must not declare one (its function would be missing)
    app = application.app
    assert seen["handlers_at_import"] == sorted(
        h.handler_string for h in (*app.event_sources, *app.builtin_auth_handlers, *app.pure_lambda_functions)
    )
    assert len(seen["handlers_at_import"]) >= 4
    # ...and each request was answered through the org blueprints, with the role check and the table read
    assert seen["listed"] == [200, {"items": [], "next_cursor": None}]
    assert seen["refused"] == [403, "forbidden"]
    assert seen["loaded"] == ["chalicelib.goals.routes", "chalicelib.org.routes", "chalicelib.raci.routes"]
    assert seen["dashboards_imported"] is False
    # ...and a first request on each segment in turn declares the same table as load_all() (in the
    # fresh interpreter, and in this session, where tests/conftest.py called load_all)
    assert seen["per_segment"] == seen["after_load_all"]
    assert app.fully_loaded
    assert seen["per_segment"] == {
        path: {method: f"{entry.view_function.__module__}.{entry.view_name}" for method, entry in methods.items()}
        for path, methods in app.routes.items()
    }


def test_every_route_is_served_by_the_domain_named_for_its_first_path_segment() -> None:
    # Given the whole route table (tests/conftest.py called app.load_all())
    by_module = {domain.module: domain for domain in application.DOMAINS}
    assert len(by_module) == len(application.DOMAINS), "a domain module is listed twice"
    served: dict[str, set[str]] = {module: set() for module in by_module}
    misplaced = []

    # When each route's first path segment is looked up in app.DOMAINS
    for path, methods in application.app.routes.items():
        segment = path.lstrip("/").split("/", 1)[0]
        for method, entry in methods.items():
            module = entry.view_function.__module__
            if module == "app":
                continue  # declared in app.py itself: there at import
            served.setdefault(module, set()).add(segment)
            if module not in by_module or segment not in by_module[module].segments:
                misplaced.append(f"{method} {path} ({module})")

    # Then the domain that declares the route is the one a request for that segment loads...
    assert not misplaced, f"add the segment to its Domain in app.py DOMAINS: {misplaced}"
    # ...and no domain names a segment it does not serve (it would load for nothing)
    stale = {m: sorted(set(d.segments) - served[m]) for m, d in by_module.items() if set(d.segments) - served[m]}
    assert not stale, stale
