"""The reminder schedule in the local run: what EventBridge and SQS do for the Lambdas in AWS.

``chalice local`` serves HTTP only. Every tick this calls each ``@app.schedule`` handler of the
app (the registered function, with an EventBridge-shaped event), then drains each queue an
``@app.on_sqs_message`` handler listens to into that handler (SQS-shaped events, messages deleted
when the handler succeeds, like Lambda's event source mapping; ``batchItemFailures`` honoured).
"""

from __future__ import annotations

import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from local.aws import client
from local.config import ACCOUNT_ID, REGION

MAX_BATCHES_PER_TICK = 50
DRAIN_SECONDS = 5.0


@dataclass
class TickReport:
    scheduled: list[str] = field(default_factory=list)
    delivered: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.delivered or self.errors)

    def line(self) -> str:
        parts = [f"ran {', '.join(self.scheduled)}"] if self.scheduled else []
        parts += [f"{n} message(s) -> {name}" for name, n in self.delivered.items()]
        parts += [f"ERROR {e}" for e in self.errors]
        return "; ".join(parts)


def _lambda_context(name: str) -> Any:
    from chalice.local import LambdaContext

    return LambdaContext(name, memory_size=512, max_runtime_ms=900_000)


def scheduled_event(name: str) -> dict[str, Any]:
    """EventBridge 'Scheduled Event', as chalice's ``generate_cw_event`` shapes it."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": REGION,
        "resources": [f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{name}"],
        "detail": {},
    }


def sqs_event(queue_name: str, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """SQS event records, as chalice's ``generate_sqs_event`` shapes them, from real messages."""
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": m.get("MessageAttributes", {}),
                "md5OfBody": m.get("MD5OfBody", ""),
                "eventSource": "aws:sqs",
                "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{queue_name}",
                "awsRegion": REGION,
            }
            for m in messages
        ]
    }


class Scheduler:
    def __init__(self, app: Any, interval: float, report: Callable[[str], None] = print) -> None:
        self.app = app
        self.interval = interval
        self.report = report
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def handlers(self) -> tuple[list[Any], list[Any]]:
        from chalice.app import ScheduledEventConfig, SQSEventConfig

        sources = getattr(self.app, "event_sources", [])
        return (
            [s for s in sources if isinstance(s, ScheduledEventConfig)],
            [s for s in sources if isinstance(s, SQSEventConfig)],
        )

    def tick(self, schedules: bool = True) -> TickReport:
        """Run the scheduled handlers once (unless ``schedules`` is False), then deliver everything
        queued. Thread-safe."""
        with self._lock:
            result = TickReport()
            scheduled, queues = self.handlers()
            for source in scheduled if schedules else []:
                result.scheduled.append(source.name)
                self._call(source.name, scheduled_event(source.name), result)
            for source in queues:
                self._drain(source, result)
            return result

    def _call(self, name: str, event: dict[str, Any], result: TickReport) -> Any:
        try:
            return self.app.handler_map[name](event, _lambda_context(name))
        except Exception as exc:  # noqa: BLE001 - a failing handler must not stop the local run
            result.errors.append(f"{name}: {exc.__class__.__name__}: {exc}")
            self.report(traceback.format_exc())
            return None

    def _drain(self, source: Any, result: TickReport) -> None:
        queue_name = source.queue or source.queue_arn.rsplit(":", 1)[-1]
        sqs = client("sqs")
        url = sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
        for _ in range(MAX_BATCHES_PER_TICK):
            messages = sqs.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=min(source.batch_size or 10, 10),
                WaitTimeSeconds=0,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            if not messages:
                return
            errors_before = len(result.errors)
            reply = self._call(source.name, sqs_event(queue_name, messages), result)
            if len(result.errors) > errors_before:
                return  # the whole batch failed: it becomes visible again after the visibility timeout
            failed = (
                {f.get("itemIdentifier") for f in (reply or {}).get("batchItemFailures", [])}
                if isinstance(reply, dict)
                else set()
            )
            done = [m for m in messages if m["MessageId"] not in failed]
            for start in range(0, len(done), 10):
                sqs.delete_message_batch(
                    QueueUrl=url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                        for i, m in enumerate(done[start : start + 10])
                    ],
                )
            result.delivered[source.name] = result.delivered.get(source.name, 0) + len(done)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="reminders", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        """Queues are drained every few seconds (messages sent by requests arrive promptly, as with
        Lambda's SQS polling); the scheduled handlers run every ``interval`` seconds."""
        last = time.monotonic()
        while not self._stop.wait(DRAIN_SECONDS):
            started = time.monotonic()
            due = started - last >= self.interval
            if due:
                last = started
            result = self.tick(schedules=due)
            if result:
                self.report(f"  reminders · {result.line()} ({time.monotonic() - started:.1f} s)")

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop ticking; False when a run is still going after ``timeout`` (it dies with the process)."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=timeout)
            return not self._thread.is_alive()
        return True
