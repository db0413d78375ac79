"""Reminder storage and delivery: preferences, per-day delivery markers, chat webhooks, SES, SQS.

Access patterns (see docs/data-model.md, "Reminders"):

* due items of a tenant up to a day: the collaboration due index (``collab.store.due_entries``)
* a person's preferences: GetItem ``T#<t>`` / ``REMINDPREF#<person>``; for a job's recipients: BatchGetItem
* "has this person had today's digest": conditional Put ``T#<t>#DIGEST#<day>`` / ``P#<person>``
  (``U#<unit>`` for a unit's chat message); the put that wins sends, every other one skips
* a unit's chat robot: GetItem ``T#<t>`` / ``WEBHOOK#<unit>``; all of a tenant's: Query begins_with ``WEBHOOK#``
* delivery problems (SES errors, bounces, complaints): Put ``T#<t>#MAILLOG`` / ``<iso time>#<id>``
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import PutError

from chalicelib.core import clock
from chalicelib.core.db import Changes, Item, find, load, load_all, query, query_page, tenant_key, try_load
from chalicelib.core.ids import new_id
from chalicelib.core.paging import Page, PageRequest
from chalicelib.core.settings import settings
from chalicelib.dashboards import desk
from chalicelib.reminders.schemas import Preferences, WebhookConfig

MARKER_DAYS = 40  # delivery markers and the mail log expire (TTL) after this many days
MAX_ATTEMPTS = 3  # a digest whose sending failed is tried again by a retry, at most this often


class PreferencesItem(Item, discriminator="reminder_preferences"):
    pass


class DeliveryItem(Item, discriminator="reminder_delivery"):
    pass


class WebhookItem(Item, discriminator="reminder_webhook"):
    pass


class MailEventItem(Item, discriminator="mail_event"):
    pass


# ---- keys -------------------------------------------------------------------------------------


def preferences_key(tenant_id: str, person_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"REMINDPREF#{person_id}"


def delivery_pk(tenant_id: str, day: str) -> str:
    return tenant_key(tenant_id, "DIGEST", day)


def delivery_key(tenant_id: str, day: str, target: str) -> tuple[str, str]:
    """``target``: ``P#<person>`` for an email digest, ``U#<unit>`` for a unit's chat message."""
    return delivery_pk(tenant_id, day), target


def sent_pk(tenant_id: str) -> str:
    """GSI1 partition of every delivery marker (≤ 40 days of them: they expire), by day then target."""
    return tenant_key(tenant_id, "SENT")


def sent_sk(day: str, target: str) -> str:
    return f"{day}#{target}"


def webhook_key(tenant_id: str, unit_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"WEBHOOK#{unit_id}"


def mail_log_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "MAILLOG")


def _expiry(days: int = MARKER_DAYS) -> int:
    return int((clock.now() + timedelta(days=days)).timestamp())


# ---- preferences ------------------------------------------------------------------------------


def find_preferences(tenant_id: str, person_id: str) -> Preferences | None:
    item = find(PreferencesItem, *preferences_key(tenant_id, person_id))
    return load(Preferences, item) if item else None


def preferences_of(tenant_id: str, person_ids: Iterable[str]) -> dict[str, Preferences]:
    """Stored preferences among ``person_ids``: BatchGetItem (PynamoDB pages it 100 keys a call)."""
    keys = [preferences_key(tenant_id, p) for p in dict.fromkeys(person_ids)]
    items = PreferencesItem.batch_get(keys) if keys else []
    found = load_all(Preferences, (i for i in items if isinstance(i, PreferencesItem)))
    return {p.person_id: p for p in found}


def put_preferences(tenant_id: str, prefs: Preferences) -> None:
    """Last writer wins: preferences are the person's own switches, not audited records."""
    PreferencesItem(*preferences_key(tenant_id, prefs.person_id), data=prefs.model_dump(mode="json")).save(
        add_version_condition=False
    )


def put_many_preferences(tenant_id: str, prefs: Iterable[Preferences]) -> None:
    with PreferencesItem.batch_write() as batch:
        for p in prefs:
            batch.save(PreferencesItem(*preferences_key(tenant_id, p.person_id), data=p.model_dump(mode="json")))


# ---- delivery markers ---------------------------------------------------------------------------


def claim_delivery(tenant_id: str, day: str, target: str) -> int:
    """The attempt number for exactly one caller per (tenant, day, target), the one that may send;
    0 for every other caller.

    A marker left as ``sending`` by a crash is never reclaimed (at most one digest a day beats
    at least one); a ``failed`` one is, up to :data:`MAX_ATTEMPTS` times.
    """
    previous = find(DeliveryItem, *delivery_key(tenant_id, day, target))
    attempts = int(previous.payload().get("attempts", 0)) if previous else 0
    item = DeliveryItem(
        *delivery_key(tenant_id, day, target),
        expires_at=_expiry(),
        GSI1PK=sent_pk(tenant_id),
        GSI1SK=sent_sk(day, target),
        data={"status": "sending", "attempts": attempts + 1, "at": clock.iso_now()},
    )
    condition = Item.PK.does_not_exist() | ((Item.data["status"] == "failed") & (Item.data["attempts"] < MAX_ATTEMPTS))  # type: ignore[index]
    try:
        item.save(condition=condition, add_version_condition=False)
    except PutError as exc:
        if (
            "ConditionalCheckFailed" in str(exc)
            or getattr(exc, "cause_response_code", "") == "ConditionalCheckFailedException"
        ):
            return 0
        raise
    return attempts + 1


def finish_delivery(
    tenant_id: str,
    day: str,
    target: str,
    status: str,
    detail: str = "",
    message_id: str = "",
    attempts: int = 1,
    name: str | None = None,
) -> None:
    """The delivery's marker; ``name``: the recipient's (person's or unit's) name as of the delivery, which
    the HR desk shows without reading the recipient."""
    extra = {} if name is None else {"name": name}
    DeliveryItem(
        *delivery_key(tenant_id, day, target),
        expires_at=_expiry(),
        GSI1PK=sent_pk(tenant_id),
        GSI1SK=sent_sk(day, target),
        data={
            "status": status,
            "attempts": attempts,
            "detail": detail[:500],
            "message_id": message_id,
            "at": clock.iso_now(),
            **extra,
        },
    ).save(add_version_condition=False)


def deliveries(tenant_id: str, day: str) -> list[tuple[str, dict[str, Any]]]:
    """A day's delivery markers as (target, marker): one Query on the day's partition."""
    return [(i.SK, i.payload()) for i in query(DeliveryItem, delivery_pk(tenant_id, day))]


def deliveries_since(tenant_id: str, first_day: str, limit: int | None = None) -> list[tuple[str, str, dict[str, Any]]]:
    """Delivery markers from ``first_day`` on, as (day, target, marker): one Query on GSI1 that reads
    only those days' markers, however many days the dashboard shows; with ``limit``, the latest days'
    first ``limit`` markers only (newest day first), so the read does not grow with the company."""
    items = Item.gsi1.query(sent_pk(tenant_id), Item.GSI1SK >= first_day, scan_index_forward=limit is None, limit=limit)
    return [(i.PK.rsplit("#", 1)[-1], i.SK, i.payload()) for i in items if isinstance(i, DeliveryItem)]


def record_mail_event(tenant_id: str, person_id: str, kind: str, detail: str, person_name: str = "") -> None:
    """Log a mail or chat problem, and put it first on the HR desk's list (named: the desk reads no person)."""
    at = clock.iso_now()
    data = {"at": at, "person_id": person_id, "kind": kind, "detail": detail[:500]}
    MailEventItem(mail_log_pk(tenant_id), f"{at}#{new_id()}", expires_at=_expiry(), data=data).save(
        add_version_condition=False
    )
    desk.add_mail_problem(tenant_id, {**data, "person_name": person_name})


def mail_events(tenant_id: str, limit: int = 100) -> list[dict[str, Any]]:
    return [i.payload() for i in query(MailEventItem, mail_log_pk(tenant_id), newest_first=True, limit=limit)]


def mail_events_page(tenant_id: str, page: PageRequest) -> Page[dict[str, Any]]:
    return query_page(
        MailEventItem, mail_log_pk(tenant_id), newest_first=True, page=page, convert=lambda i: i.payload()
    )


# ---- webhooks -------------------------------------------------------------------------------


def stage_webhook(changes: Changes, tenant_id: str, config: WebhookConfig) -> None:
    """Create or replace a unit's robot in ``changes`` (with the audit record the caller adds)."""
    existing = find(WebhookItem, *webhook_key(tenant_id, config.unit_id))
    if existing is None:
        changes.create(WebhookItem(*webhook_key(tenant_id, config.unit_id), data=config.model_dump(mode="json")))
    else:
        existing.data = config.model_dump(mode="json")
        changes.save(existing)


def stage_webhook_removal(changes: Changes, tenant_id: str, unit_id: str) -> bool:
    existing = find(WebhookItem, *webhook_key(tenant_id, unit_id))
    if existing is not None:
        changes.delete(existing)
    return existing is not None


def note_webhook_error(tenant_id: str, config: WebhookConfig) -> None:
    """Keep the last delivery error on the robot (shown to HR); last writer wins."""
    item = find(WebhookItem, *webhook_key(tenant_id, config.unit_id))
    if item is not None:
        item.data = config.model_dump(mode="json")
        item.save(add_version_condition=False)


def find_webhook(tenant_id: str, unit_id: str) -> WebhookConfig | None:
    item = find(WebhookItem, *webhook_key(tenant_id, unit_id))
    return load(WebhookConfig, item) if item else None


def webhooks(tenant_id: str) -> list[WebhookConfig]:
    return load_all(WebhookConfig, query(WebhookItem, tenant_key(tenant_id), "WEBHOOK#"))


def webhooks_page(tenant_id: str, page: PageRequest) -> Page[WebhookConfig]:
    return query_page(
        WebhookItem, tenant_key(tenant_id), "WEBHOOK#", page=page, convert=lambda i: try_load(WebhookConfig, i)
    )


# ---- SES and SQS ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ses() -> Any:
    import boto3  # here, not at import: boto3 (with s3transfer) is for the few requests that mail or queue

    return boto3.client("ses", region_name=settings().region)


@lru_cache(maxsize=1)
def _sqs() -> Any:
    import boto3

    return boto3.client("sqs", region_name=settings().region)


class MailRejected(Exception):
    """SES refused or failed to take a message (the reason is in ``str(exc)``)."""


def send_raw_email(source: str, destination: str, raw: bytes, tags: dict[str, str]) -> str:
    """Hand one MIME message to SES; returns its message id or raises :class:`MailRejected`."""
    try:
        answer = _ses().send_raw_email(
            Source=source,
            Destinations=[destination],
            RawMessage={"Data": raw},
            Tags=[{"Name": k, "Value": v} for k, v in tags.items()],
        )
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise MailRejected(f"{error.get('Code', 'ClientError')}: {error.get('Message', '')}") from None
    except BotoCoreError as exc:
        raise MailRejected(f"{exc.__class__.__name__}: {exc}") from None
    return str(answer.get("MessageId", ""))


def enqueue(queue_name: str, bodies: list[str]) -> int:
    """Send messages in batches of 10; returns how many SQS accepted (failures raise)."""
    url = _sqs().get_queue_url(QueueName=queue_name)["QueueUrl"]
    sent = 0
    for start in range(0, len(bodies), 10):
        entries = [{"Id": str(i), "MessageBody": body} for i, body in enumerate(bodies[start : start + 10])]
        answer = _sqs().send_message_batch(QueueUrl=url, Entries=entries)
        if answer.get("Failed"):
            raise RuntimeError(f"SQS refused {len(answer['Failed'])} reminder jobs: {answer['Failed'][0]}")
        sent += len(answer.get("Successful", []))
    return sent


def receive(queue_name: str, max_messages: int = 10) -> list[tuple[str, str]]:
    """(receipt handle, body) pairs: for the local runner, which has no SQS trigger."""
    url = _sqs().get_queue_url(QueueName=queue_name)["QueueUrl"]
    answer = _sqs().receive_message(QueueUrl=url, MaxNumberOfMessages=max_messages, WaitTimeSeconds=0)
    return [(m["ReceiptHandle"], m["Body"]) for m in answer.get("Messages", [])]


def delete_message(queue_name: str, receipt_handle: str) -> None:
    url = _sqs().get_queue_url(QueueName=queue_name)["QueueUrl"]
    _sqs().delete_message(QueueUrl=url, ReceiptHandle=receipt_handle)
