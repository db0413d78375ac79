"""Reminder HTTP routes: preferences, the public unsubscribe link, unit chat robots, delivery log."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.core.api import describe, endpoint, error_response
from chalicelib.core.context import ANYONE, HR_ADMIN, RequestContext
from chalicelib.core.deferred import BaseModel
from chalicelib.core.errors import DomainError
from chalicelib.core.paging import cursor_field, limit_field
from chalicelib.reminders import service
from chalicelib.reminders.schemas import (
    DeliveryLog,
    Preferences,
    PreferencesUpdate,
    UnsubscribeQuery,
    Webhook,
    WebhookList,
    WebhookSet,
    WebhooksQuery,
)

bp = Blueprint(__name__)
HTML = "text/html; charset=utf-8"


class LogQuery(BaseModel):
    limit: int = limit_field(100, 500)
    cursor: str | None = cursor_field()


def _page(locale: str) -> Response:
    return Response(body=service.unsubscribed_page(locale), headers={"Content-Type": HTML})


@endpoint(bp, "/preferences", roles=ANYONE, response=Preferences, tag="reminders")
def get_preferences(ctx: RequestContext) -> Preferences:
    """The caller's reminder settings (daily digest on/off, language)."""
    return service.get_preferences(ctx)


@endpoint(bp, "/preferences", "PUT", roles=ANYONE, body=PreferencesUpdate, response=Preferences, tag="reminders")
def update_preferences(ctx: RequestContext, body: PreferencesUpdate) -> Preferences:
    """Turn the daily digest on or off, or choose its language."""
    return service.update_preferences(ctx, body)


@endpoint(bp, "/unsubscribe", public=True, query=UnsubscribeQuery, response=str, media_type=HTML, tag="reminders")
def unsubscribe(query: UnsubscribeQuery) -> Response:
    """One-click unsubscribe from the daily digest (the signed link in every digest; no login)."""
    return _page(service.unsubscribe(query.token))


@describe("/unsubscribe", "POST", public=True, query=UnsubscribeQuery, response=str, media_type=HTML, tag="reminders")
@bp.route(
    "/unsubscribe",
    methods=["POST"],
    content_types=["application/x-www-form-urlencoded", "text/plain", "application/json", "multipart/form-data"],
)
def unsubscribe_one_click() -> Response:
    """RFC 8058: mail clients POST ``List-Unsubscribe=One-Click`` to the List-Unsubscribe URL."""
    try:
        params: dict[str, str] = dict(bp.current_request.query_params or {})
        locale = service.unsubscribe(params.get("token", ""))
    except DomainError as exc:
        return error_response(exc, bp.current_request)
    return _page(locale)


@endpoint(bp, "/webhooks", roles=HR_ADMIN, query=WebhooksQuery, response=WebhookList, tag="reminders")
def list_webhooks(ctx: RequestContext, query: WebhooksQuery) -> WebhookList:
    """Units' group robots (DingTalk, WeCom, Feishu) that get the daily reminders, a page at a time; secrets hidden."""
    return service.list_webhooks(ctx, query)


@endpoint(bp, "/webhooks/{unit_id}", "PUT", roles=HR_ADMIN, body=WebhookSet, response=Webhook, tag="reminders")
def set_webhook(unit_id: str, ctx: RequestContext, body: WebhookSet) -> Webhook:
    """Set a unit's group robot: its reminders go to that chat group too."""
    return service.set_webhook(ctx, unit_id, body)


@endpoint(bp, "/webhooks/{unit_id}", "DELETE", roles=HR_ADMIN, response=WebhookList, tag="reminders")
def remove_webhook(unit_id: str, ctx: RequestContext) -> WebhookList:
    """Remove a unit's group robot."""
    return service.remove_webhook(ctx, unit_id)


@endpoint(bp, "/deliveries", roles=HR_ADMIN, query=LogQuery, response=DeliveryLog, tag="reminders")
def delivery_log(ctx: RequestContext, query: LogQuery) -> dict[str, Any]:
    """Reminder delivery problems: SES errors, bounces, complaints, chat robot errors (newest first)."""
    page = service.delivery_log(ctx, query)
    return {"items": page.items, "next_cursor": page.next_cursor}
