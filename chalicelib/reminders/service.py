"""Reminders: the daily fan-out, the per-tenant digest job, preferences, unsubscribe and chat robots.

Flow (see docs/decisions.md "Reminders"):

1. :func:`fan_out` (``@app.schedule``, daily 08:00 China time) lists the tenants and queues one SQS
   message per tenant: ``{"tenant_id", "day"}``.
2. :func:`handle_messages` (``@app.on_sqs_message``) runs :func:`run_tenant` for each message.
3. :func:`run_tenant` reads the tenant's due index up to ``day + 3`` (one Query; only due items),
   groups it per person, and sends each person at most one email for the day: a conditional write
   per person and day decides who sends, so retries and second runs send nothing twice. SES
   errors are recorded and counted, never raised. Units with a group robot get one chat message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import date, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel

from chalicelib.collab import store as collab_store
from chalicelib.core import audit, clock, links
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Forbidden, Invalid, NotFound
from chalicelib.core.messages import text
from chalicelib.core.observability import bind_tenant, logger
from chalicelib.core.paging import Page, page_request
from chalicelib.core.settings import settings
from chalicelib.employment import service as employment
from chalicelib.metering import service as metering
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, PersonStatus
from chalicelib.people import retention
from chalicelib.reminders import channels, digest, store
from chalicelib.reminders.schemas import (
    DigestFrequency,
    Preferences,
    PreferencesUpdate,
    TenantRun,
    Webhook,
    WebhookConfig,
    WebhookList,
    WebhookSet,
    WebhooksQuery,
)

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")  # no daylight saving time in China


def china_today() -> date:
    return clock.now().astimezone(CHINA).date()


# ---- unsubscribe tokens -----------------------------------------------------------------------


def _signature(tenant_id: str, person_id: str) -> str:
    key = settings().unsubscribe_secret.encode()
    digest_ = hmac.new(key, f"unsubscribe|{tenant_id}|{person_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest_).decode().rstrip("=")


def unsubscribe_token(tenant_id: str, person_id: str) -> str:
    """``<tenant>.<person>.<HMAC>``: needs no login and no lookup, and cannot be forged or retargeted."""
    return f"{tenant_id}.{person_id}.{_signature(tenant_id, person_id)}"


def read_token(token: str) -> tuple[str, str]:
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise Invalid.field("token", "unsubscribe.not_a_link")
    tenant_id, person_id, signature = parts
    if not hmac.compare_digest(signature, _signature(tenant_id, person_id)):
        raise Invalid.field("token", "unsubscribe.invalid_link")
    return tenant_id, person_id


def unsubscribe_url(tenant_id: str, person_id: str) -> str:
    query = urlencode({"token": unsubscribe_token(tenant_id, person_id)})
    return f"{settings().api_url.rstrip('/')}/reminders/unsubscribe?{query}"


def unsubscribe(token: str) -> str:
    """Turn the person's digest off; returns the locale to answer in. Repeating it is harmless."""
    tenant_id, person_id = read_token(token)
    prefs = store.find_preferences(tenant_id, person_id) or Preferences(person_id=person_id)
    store.put_preferences(tenant_id, prefs.model_copy(update={"email_digest": False, "updated_at": clock.iso_now()}))
    logger.info("digest unsubscribed", extra={"tenant_id": tenant_id})
    return prefs.locale or prefs.default_locale or "zh-CN"


UNSUBSCRIBED_PAGE = {
    "zh-CN": ("已退订", "你将不再收到落地的每日提醒邮件。可在落地的“提醒设置”中随时重新开启。"),
    "en": (
        "Unsubscribed",
        "You will no longer receive Luodi's daily reminder emails. You can turn them back on "
        "under reminder settings in Luodi.",
    ),
}


def unsubscribed_page(locale: str) -> str:
    title, text = UNSUBSCRIBED_PAGE.get(locale, UNSUBSCRIBED_PAGE["zh-CN"])
    return (
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title></head>'
        f'<body style="font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em">'
        f"<h1>{title}</h1><p>{text}</p></body></html>"
    )


# ---- preferences ------------------------------------------------------------------------------


def _own(ctx: RequestContext) -> str:
    if not ctx.person_id:
        raise Forbidden.field("person_id", "person.login_unlinked")
    return ctx.person_id


def get_preferences(ctx: RequestContext) -> Preferences:
    person_id = _own(ctx)
    prefs = store.find_preferences(ctx.tenant_id, person_id) or Preferences(person_id=person_id)
    return prefs.model_copy(update={"default_locale": ctx.locale})


def update_preferences(ctx: RequestContext, body: PreferencesUpdate) -> Preferences:
    before = get_preferences(ctx)
    changes: dict[str, Any] = {"default_locale": ctx.locale, "updated_at": clock.iso_now()}
    if body.email_digest is not None:
        changes["email_digest"] = body.email_digest
        if body.email_digest:
            changes["bounced"] = False  # turning mail back on is the way out of a bounce
    if body.digest_frequency is not None:
        changes["digest_frequency"] = body.digest_frequency
    if "locale" in body.model_fields_set:
        changes["locale"] = body.locale
    after = before.model_copy(update=changes)
    store.put_preferences(ctx.tenant_id, after)
    return after


# ---- chat robots --------------------------------------------------------------------------------


def _masked(url: str) -> str:
    """Webhook URLs carry their token (``access_token``, ``key``, Feishu's last path segment)."""
    parts = urlsplit(url)
    query = urlencode([(k, "***" if k in ("access_token", "key") else v) for k, v in parse_qsl(parts.query)])
    path = parts.path
    if "/hook/" in path:
        path = path.rsplit("/", 1)[0] + "/***"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def _view(config: WebhookConfig) -> Webhook:
    return Webhook(
        unit_id=config.unit_id,
        provider=config.provider,
        url=_masked(config.url),
        has_secret=bool(config.secret),
        locale=config.locale,
        enabled=config.enabled,
        last_error=config.last_error,
        updated_at=config.updated_at,
    )


def _audit_view(config: WebhookConfig | None) -> dict[str, Any] | None:
    return _view(config).model_dump(mode="json") if config else None


def list_webhooks(ctx: RequestContext, query: WebhooksQuery | None = None) -> WebhookList:
    page = store.webhooks_page(
        ctx.tenant_id, page_request(ctx.tenant_id, "reminders.webhooks", query or WebhooksQuery())
    )
    return WebhookList(items=[_view(c) for c in page.items], next_cursor=page.next_cursor)


def set_webhook(ctx: RequestContext, unit_id: str, body: WebhookSet) -> Webhook:
    org_store.get_unit(ctx.tenant_id, unit_id)  # 404 first, before looking at the body
    problem = channels.check_url(body.provider, body.url)
    if problem:
        raise Invalid.field("url", problem)
    before = store.find_webhook(ctx.tenant_id, unit_id)
    config = WebhookConfig(
        unit_id=unit_id,
        provider=body.provider,
        url=body.url,
        secret=body.secret,
        locale=body.locale,
        enabled=body.enabled,
        updated_at=clock.iso_now(),
    )
    changes = Changes()
    store.stage_webhook(changes, ctx.tenant_id, config)
    audit.record(changes, ctx, "set", "webhook", unit_id, _audit_view(before), _audit_view(config))
    changes.commit()
    return _view(config)


def remove_webhook(ctx: RequestContext, unit_id: str) -> WebhookList:
    org_store.get_unit(ctx.tenant_id, unit_id)
    before = store.find_webhook(ctx.tenant_id, unit_id)
    if before is None:
        raise NotFound("webhook.not_found")
    changes = Changes()
    store.stage_webhook_removal(changes, ctx.tenant_id, unit_id)
    audit.record(changes, ctx, "remove", "webhook", unit_id, _audit_view(before), None)
    changes.commit()
    return list_webhooks(ctx)


def delivery_log(ctx: RequestContext, query: BaseModel) -> Page[dict[str, Any]]:
    """A page of delivery problems, newest first (``query`` carries ``limit`` and ``cursor``)."""
    return store.mail_events_page(ctx.tenant_id, page_request(ctx.tenant_id, "reminders.deliveries", query))


# ---- the scheduled fan-out ------------------------------------------------------------------------


def fan_out(day: date | None = None) -> int:
    """Queue one job per tenant for ``day`` (China date by default); returns how many were queued."""
    from chalicelib.tenancy import store as tenancy_store

    day = day or china_today()
    bodies = [json.dumps({"tenant_id": t, "day": day.isoformat()}) for t in tenancy_store.list_tenant_ids()]
    queued = store.enqueue(settings().reminders_queue, bodies) if bodies else 0
    logger.info("reminder jobs queued", extra={"day": day.isoformat(), "tenants": queued})
    return queued


def handle_messages(bodies: Iterable[str]) -> list[TenantRun]:
    """Run each queued tenant job. A malformed message is logged and dropped (a retry cannot fix it);
    anything else propagates so SQS retries the job, which the per-day markers make safe."""
    runs = []
    for body in bodies:
        try:
            message = json.loads(body)
            tenant_id, day = str(message["tenant_id"]), date.fromisoformat(message["day"])
        except (ValueError, KeyError, TypeError):
            logger.warning("malformed reminder job dropped", extra={"body": body[:200]})
            continue
        runs.append(run_tenant(tenant_id, day))
    return runs


def _group(tasks: list[Any], actions: list[tuple[str, Any]], day: date) -> dict[str, digest.PersonDigest]:
    out: dict[str, digest.PersonDigest] = {}
    for task in sorted(tasks, key=lambda t: (t.deadline, t.task_id)):
        d = out.setdefault(task.assignee_id, digest.PersonDigest(task.assignee_id))
        entry = digest.Entry(
            title={"zh-CN": task.title, "en": task.title}, link=links.task(task.task_id), due=task.deadline
        )
        (d.overdue if task.deadline < day else d.upcoming).append(entry)
    for person_id, note in sorted(actions, key=lambda a: a[1].created_at):
        d = out.setdefault(person_id, digest.PersonDigest(person_id))
        entry = digest.Entry(title=note.title, link=note.link)
        (d.confirmations if note.kind in digest.CONFIRMATION_KINDS else d.waiting).append(entry)
    return out


def _still_to_do(tenant_id: str, actions: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Only the actions still waiting now: one resolved by anyone (a returned set resubmitted, an
    approval given, indicators confirmed) drops out even if its notification was never opened."""
    from chalicelib.indicators import pending

    if not actions:
        return actions
    open_ = pending.still_open(tenant_id, [(person, note.kind, note.link) for person, note in actions])
    return [action for action, keep in zip(actions, open_, strict=True) if keep]


def _locales(tenant_id: str, person_ids: list[str], prefs: dict[str, Preferences]) -> dict[str, str]:
    """The person's choice, else their member locale, else the company's. The member records are
    read only for recipients not seen before; their locale is then kept in their preferences."""
    from chalicelib.tenancy import store as tenancy_store

    out = {p: prefs[p].locale or prefs[p].default_locale or "" for p in person_ids if p in prefs}
    unknown = [p for p in person_ids if not out.get(p)]
    if unknown:
        members = {m.person_id: m.locale for m in tenancy_store.list_members(tenant_id) if m.person_id}
        company = str(tenancy_store.get_tenant(tenant_id).get("locale") or "zh-CN")
        fresh = []
        for p in unknown:
            out[p] = members.get(p) or company
            fresh.append((prefs.get(p) or Preferences(person_id=p)).model_copy(update={"default_locale": out[p]}))
        store.put_many_preferences(tenant_id, fresh)
    return out


def mime_message(sender: str, to: str, email: digest.Email, unsubscribe: str) -> bytes:
    """multipart/alternative (plain + HTML) with RFC 8058 one-click unsubscribe headers."""
    msg = EmailMessage()
    msg["Subject"] = email.subject
    msg["From"] = formataddr(("落地 Luodi", sender))
    msg["To"] = to
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    msg["List-Unsubscribe"] = f"<{unsubscribe}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(email.plain)
    msg.add_alternative(email.html, subtype="html")
    # CRLF line ends for SMTP; long header lines (the unsubscribe URL) are not folded.
    return msg.as_bytes(policy=policy.SMTP.clone(max_line_length=998))


def run_tenant(tenant_id: str, day: date) -> TenantRun:
    """One tenant's digests for ``day``. Safe to run any number of times; each run is metered (one job,
    the emails it sent) for the tenant's usage."""
    bind_tenant(tenant_id)
    _attendance(tenant_id, day)
    run = _run_tenant(tenant_id, day)
    metering.count(tenant_id, "reminder_jobs")
    if run.sent:
        metering.count(tenant_id, "emails_sent", run.sent)
    return run


def _attendance(tenant_id: str, day: date) -> None:
    """Store the day results of the days before ``day`` from the mobile punches (idempotent: only
    changed results are written; a locked month is skipped)."""
    from chalicelib.attendance import nightly

    nightly.recompute_recent(tenant_id, day)


def _employment(tenant_id: str, day: date, digests: dict[str, digest.PersonDigest]) -> int:
    """Apply the lifecycle events due today, erase the files whose retention ended (not on legal hold), then
    add today's contract and probation reminders to HR's digests (each reminder goes out on one day only:
    employment keeps a marker per milestone)."""
    employment.apply_due(tenant_id, day)
    retention.erase_due(tenant_id, day)
    due = employment.reminders_due(tenant_id, day)
    if not due:
        return 0
    named = employment.named(tenant_id, [item for item, _ in due])
    entries = [
        digest.Entry(
            title=text(
                f"employment.remind.{item.kind.value}",
                name=item.person_name,
                date=item.date.isoformat(),
                days=item.days_left,
            ).both(),
            link=links.person(item.person_id),
            due=item.date,
        )
        for item in named
    ]
    for person_id in employment.hr_recipients(tenant_id):
        digests.setdefault(person_id, digest.PersonDigest(person_id)).contracts.extend(entries)
    return len(entries)


def _run_tenant(tenant_id: str, day: date) -> TenantRun:
    run = TenantRun(tenant_id=tenant_id, day=day.isoformat())
    tasks, actions = collab_store.due_entries(tenant_id, day + timedelta(days=digest.HORIZON_DAYS))
    actions = _still_to_do(tenant_id, actions)
    run.due_items = len(tasks) + len(actions)
    grouped = _group(tasks, actions, day)
    run.due_items += _employment(tenant_id, day, grouped)
    digests = {p: d for p, d in grouped.items() if d.count}
    if not digests:
        return run
    recipients = sorted(digests)
    run.recipients = len(recipients)
    persons = org_store.people_by_id(tenant_id, recipients)
    prefs = store.preferences_of(tenant_id, recipients)
    locales = _locales(tenant_id, recipients, prefs)
    cfg = settings()
    for person_id in recipients:
        person = persons.get(person_id)
        if person is None or person.status == PersonStatus.LEFT or not person.email:
            continue
        pref = prefs.get(person_id)
        if pref is not None and (not pref.email_digest or pref.bounced):
            run.unsubscribed += 1
            continue
        if pref is not None and pref.digest_frequency == DigestFrequency.WEEKLY and day.weekday() != 0:
            run.not_today += 1
            continue
        _send_digest(
            tenant_id, day, person, digests[person_id], locales[person_id], cfg.mail_sender, cfg.web_origin, run
        )
    _send_chats(tenant_id, day, digests, persons, cfg.web_origin, run)
    logger.info("reminder job done", extra=run.model_dump())
    return run


def _send_digest(
    tenant_id: str,
    day: date,
    person: Person,
    d: digest.PersonDigest,
    locale: str,
    sender: str,
    web_origin: str,
    run: TenantRun,
) -> None:
    target = f"P#{person.person_id}"
    attempts = store.claim_delivery(tenant_id, day.isoformat(), target)
    if not attempts:
        run.already_sent += 1
        return
    link = unsubscribe_url(tenant_id, person.person_id)
    try:
        email = digest.render_email(d, person.name, locale, day, web_origin, link)
        raw = mime_message(sender, person.email or "", email, link)
        message_id = store.send_raw_email(
            sender, person.email or "", raw, {"tenant": tenant_id, "person": person.person_id, "kind": "digest"}
        )
    except store.MailRejected as exc:
        _failed(tenant_id, day, target, person, "ses_error", str(exc), attempts, run)
        return
    except Exception as exc:  # noqa: BLE001 - one person's failure must not stop everyone else's digest
        logger.exception("digest failed")
        _failed(tenant_id, day, target, person, "error", f"{exc.__class__.__name__}: {exc}", attempts, run)
        return
    store.finish_delivery(
        tenant_id, day.isoformat(), target, "sent", message_id=message_id, attempts=attempts, name=person.name
    )
    run.sent += 1


def _failed(
    tenant_id: str, day: date, target: str, person: Person, kind: str, detail: str, attempts: int, run: TenantRun
) -> None:
    store.finish_delivery(
        tenant_id, day.isoformat(), target, "failed", detail=detail, attempts=attempts, name=person.name
    )
    store.record_mail_event(tenant_id, person.person_id, kind, detail, person.name)
    run.failed += 1


def _send_chats(
    tenant_id: str,
    day: date,
    digests: dict[str, digest.PersonDigest],
    persons: dict[str, Person],
    web_origin: str,
    run: TenantRun,
) -> None:
    hooks = [h for h in store.webhooks(tenant_id) if h.enabled]
    if not hooks:
        return
    units = org_store.units_by_id(tenant_id, {p.unit_id for p in persons.values()} | {h.unit_id for h in hooks})
    for hook in hooks:
        unit = units.get(hook.unit_id)
        if unit is None:
            continue
        people = []
        for person_id, d in digests.items():
            person = persons.get(person_id)
            if not d.chat_count:
                continue
            home = units.get(person.unit_id) if person else None
            if person is not None and home is not None and hook.unit_id in home.path:
                people.append((person.name, d))
        people.sort(key=lambda pair: pair[0])
        if not people or not store.claim_delivery(tenant_id, day.isoformat(), f"U#{hook.unit_id}"):
            continue
        text = digest.render_chat(unit.name, people, hook.locale, day, web_origin)
        request = channels.build_request(
            hook.provider,
            hook.url,
            hook.secret,
            text.title,
            text.markdown,
            text.plain,
            int(clock.now().timestamp() * 1000),
        )
        ok, detail = channels.send(request)
        store.finish_delivery(
            tenant_id, day.isoformat(), f"U#{hook.unit_id}", "sent" if ok else "failed", detail=detail, name=unit.name
        )
        if ok:
            run.chats_sent += 1
        else:
            run.chats_failed += 1
            store.record_mail_event(tenant_id, "", f"{hook.provider.value}_error", detail)
            store.note_webhook_error(tenant_id, hook.model_copy(update={"last_error": f"{day}: {detail}"}))


# ---- SES bounces and complaints (SNS) -----------------------------------------------------------


def record_mail_feedback(message: str) -> None:
    """An SES event (via SNS): a permanent bounce pauses the person's digest, a complaint turns it
    off; both are logged for HR. Unknown or malformed events are ignored."""
    try:
        event = json.loads(message)
        kind = str(event.get("notificationType") or event.get("eventType") or "")
        tags = event.get("mail", {}).get("tags", {})
        tenant_id, person_id = tags["tenant"][0], tags["person"][0]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        logger.warning("unreadable mail feedback dropped")
        return
    if kind not in ("Bounce", "Complaint"):
        return
    bounce_type = str(event.get("bounce", {}).get("bounceType", ""))
    prefs = store.find_preferences(tenant_id, person_id) or Preferences(person_id=person_id)
    if kind == "Complaint":
        prefs = prefs.model_copy(update={"email_digest": False})
    elif bounce_type == "Permanent":
        prefs = prefs.model_copy(update={"bounced": True})
    store.put_preferences(tenant_id, prefs.model_copy(update={"updated_at": clock.iso_now()}))
    person = org_store.find_person(tenant_id, person_id)
    store.record_mail_event(tenant_id, person_id, kind.lower(), bounce_type or kind, person.name if person else "")
