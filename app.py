"""Luodi API: wiring only. Domains live in chalicelib/<domain>/."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from chalice import Chalice, ConvertToMiddleware, Cron, Response

from chalicelib.attendance.routes import bp as attendance_routes
from chalicelib.collab.routes import bp as collab_routes
from chalicelib.core import gateway, openapi
from chalicelib.core.api import describe
from chalicelib.core.authorizer import auth_blueprint
from chalicelib.core.observability import logger
from chalicelib.core.settings import settings
from chalicelib.dashboards.routes import bp as dashboards_routes
from chalicelib.employment.routes import bp as employment_routes
from chalicelib.goals.routes import bp as goals_routes
from chalicelib.indicators.routes import bp as indicators_routes
from chalicelib.metering import service as metering
from chalicelib.metering.routes import bp as metering_routes
from chalicelib.org.routes import bp as org_routes
from chalicelib.raci.routes import bp as raci_routes
from chalicelib.reminders import service as reminders
from chalicelib.reminders.routes import bp as reminders_routes
from chalicelib.reviews.routes import bp as reviews_routes
from chalicelib.tenancy.routes import bp as tenancy_routes

app = Chalice(app_name="luodi")
# First = outermost: every answer made outside the handlers gets the product's error shape.
app.register_middleware(gateway.error_shapes(settings().web_origin), "http")
app.register_middleware(ConvertToMiddleware(
    logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)), "http")

app.register_blueprint(auth_blueprint)
app.register_blueprint(tenancy_routes)
app.register_blueprint(org_routes, url_prefix="/org")
app.register_blueprint(indicators_routes, url_prefix="/indicators")
app.register_blueprint(dashboards_routes, url_prefix="/dashboards")
app.register_blueprint(goals_routes, url_prefix="/org")
app.register_blueprint(raci_routes, url_prefix="/org")
app.register_blueprint(collab_routes, url_prefix="/collab")
app.register_blueprint(reminders_routes, url_prefix="/reminders")
app.register_blueprint(reviews_routes, url_prefix="/reviews")
app.register_blueprint(attendance_routes, url_prefix="/attendance")
app.register_blueprint(metering_routes)
app.register_blueprint(employment_routes, url_prefix="/employment")


@app.middleware("http")
def meter_requests(event, get_response):  # type: ignore[no-untyped-def]
    response = get_response(event)
    tenant_id = ((event.context or {}).get("authorizer") or {}).get("tenant_id")
    if tenant_id:
        metering.count_request(tenant_id)
    return response


@describe("/openapi.json", public=True, response=dict[str, Any], tag="system")
@app.route("/openapi.json")
def openapi_document() -> Response:
    """This API's OpenAPI 3.1 document."""
    return Response(body=openapi.build(app.routes), headers={"Content-Type": "application/json"})


# Daily at 00:00 UTC = 08:00 in China (UTC+8, no daylight saving): queue one reminder job per tenant.
@app.schedule(Cron(0, 0, "*", "*", "?", "*"))
def reminders_fan_out(event):  # type: ignore[no-untyped-def]
    reminders.fan_out()


@app.on_sqs_message(queue=settings().reminders_queue, batch_size=1)
def reminders_tenant_job(event):  # type: ignore[no-untyped-def]
    reminders.handle_messages(record.body for record in event)


@app.on_sns_message(topic=settings().mail_events_topic)
def mail_feedback(event):  # type: ignore[no-untyped-def]
    reminders.record_mail_feedback(event.message)
