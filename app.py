"""Luodi API: wiring only. Domains live in chalicelib/<domain>/."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from chalice import ConvertToMiddleware, Cron, Response

from chalicelib.core import gateway
from chalicelib.core.api import describe
from chalicelib.core.authorizer import auth_blueprint
from chalicelib.core.observability import logger
from chalicelib.core.routing import Domain, LazyChalice
from chalicelib.core.settings import settings

# One blueprint per domain: its module, the first path segments its routes start with, its URL prefix.
# `import app` loads none: a request imports only its own (chalicelib/core/routing.py), and whatever
# reads the whole route table (tests, chalice local, chalice package) calls app.load_all() first.
# A new domain: one line here (tests/integration/test_lazy_routes.py checks its segments).
DOMAINS = (
    Domain("chalicelib.tenancy.routes", ("audit", "config", "health", "me", "signup", "users")),
    Domain("chalicelib.org.routes", ("org",), "/org"),
    Domain("chalicelib.indicators.routes", ("indicators",), "/indicators"),
    Domain("chalicelib.dashboards.routes", ("dashboards",), "/dashboards"),
    Domain("chalicelib.goals.routes", ("org",), "/org"),
    Domain("chalicelib.raci.routes", ("org",), "/org"),
    Domain("chalicelib.collab.routes", ("collab",), "/collab"),
    Domain("chalicelib.reminders.routes", ("reminders",), "/reminders"),
    Domain("chalicelib.reviews.routes", ("reviews",), "/reviews"),
    Domain("chalicelib.attendance.routes", ("attendance",), "/attendance"),
    Domain("chalicelib.employment.routes", ("employment",), "/employment"),
    Domain("chalicelib.people.routes", ("people",), "/people"),
    Domain("chalicelib.payroll.routes", ("payroll",), "/payroll"),
    Domain("chalicelib.metering.routes", ("usage",)),
    Domain("chalicelib.search.routes", ("search",)),
)

app = LazyChalice(app_name="luodi", domains=DOMAINS)
# First = outermost: every answer made outside the handlers gets the product's error shape.
app.register_middleware(gateway.error_shapes(settings().web_origin), "http")
app.register_middleware(
    ConvertToMiddleware(
        logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
    ),
    "http",
)

app.register_blueprint(auth_blueprint)


@app.middleware("http")
def meter_requests(event, get_response):  # type: ignore[no-untyped-def]
    response = get_response(event)
    tenant_id = ((event.context or {}).get("authorizer") or {}).get("tenant_id")
    if tenant_id:
        from chalicelib.metering import service as metering

        metering.count_request(tenant_id)
    return response


@describe("/openapi.json", public=True, response=dict[str, Any], tag="system")
@app.route("/openapi.json")
def openapi_document() -> Response:
    """This API's OpenAPI 3.1 document."""
    from chalicelib.core import openapi

    app.load_all()
    return Response(body=openapi.build(app.routes), headers={"Content-Type": "application/json"})


# Daily at 00:00 UTC = 08:00 in China (UTC+8, no daylight saving): queue one reminder job per tenant.
@app.schedule(Cron(0, 0, "*", "*", "?", "*"))
def reminders_fan_out(event):  # type: ignore[no-untyped-def]
    from chalicelib.reminders import service as reminders

    reminders.fan_out()


@app.on_sqs_message(queue=settings().reminders_queue, batch_size=1)
def reminders_tenant_job(event):  # type: ignore[no-untyped-def]
    from chalicelib.reminders import service as reminders

    reminders.handle_messages(record.body for record in event)


@app.on_sns_message(topic=settings().mail_events_topic)
def mail_feedback(event):  # type: ignore[no-untyped-def]
    from chalicelib.reminders import service as reminders

    reminders.record_mail_feedback(event.message)
