"""Items the reminder run reads grow with due items, not with the size of the table.

    python bench/reminders_scan.py            # 1 and 50 tenants of 200 people
    python bench/reminders_scan.py 1 10 50    # other tenant counts

Builds tenants in moto (DynamoDB, SQS, SES): 200 people each with 3 tasks far in the future
(not due) and a read notification, plus a handful of due items per tenant (3 overdue tasks for
one manager, 2 deadlines in the next days, 1 confirmation waiting). Then runs the real fan-out and
per-tenant job twice (day 1, and day 2 when every person's language is already known) and prints
the DynamoDB items read (Query ``Count`` + items returned by GetItem/BatchGetItem), round trips
and mails sent. Figures only; never a pass/fail on time.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1", "LUODI_TABLE": "luodi-bench", "LUODI_MAIL_SENDER": "noreply@luodi.bench",
    "POWERTOOLS_LOG_LEVEL": "ERROR",
})
for _name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
    os.environ.pop(_name, None)

import botocore.handlers  # noqa: E402

from bench._support import round_trips  # noqa: E402

PEOPLE = 200
FUTURE_TASKS = 3
DAY = date(2031, 3, 10)


class ItemsRead:
    """Items DynamoDB returned while active, per operation (a botocore after-call hook)."""

    def __init__(self) -> None:
        self.by_operation: Counter[str] = Counter()
        self.active = False

    @property
    def total(self) -> int:
        return sum(self.by_operation.values())

    def __call__(self, parsed: Any = None, model: Any = None, **_: Any) -> None:
        if not self.active or not isinstance(parsed, dict):
            return
        name = getattr(model, "name", "?")
        if name in ("Query", "Scan"):
            self.by_operation[name] += int(parsed.get("Count", 0))
        elif name == "GetItem":
            self.by_operation[name] += 1 if parsed.get("Item") else 0
        elif name == "BatchGetItem":
            self.by_operation[name] += sum(len(v) for v in parsed.get("Responses", {}).values())


READ = ItemsRead()
botocore.handlers.BUILTIN_HANDLERS.append(("after-call.dynamodb", READ))


def build(tenants: int) -> tuple[list[str], int]:
    """Tenants written straight through the stores' item builders (the API would take minutes)."""
    from chalicelib.collab import store as collab_store
    from chalicelib.collab.notify import notify
    from chalicelib.collab.schemas import Task, TaskStatus
    from chalicelib.core import clock
    from chalicelib.core.db import Item
    from chalicelib.core.ids import new_id
    from chalicelib.core.members import MemberItem, member_key
    from chalicelib.org import store as org_store
    from chalicelib.org.schemas import Person, Unit, UnitKind
    from chalicelib.tenancy.store import TenantItem, tenant_item_key

    written = 0
    ids = []
    clock.freeze(datetime(2031, 1, 1, tzinfo=UTC))
    for n in range(tenants):
        tenant = new_id()
        ids.append(tenant)
        root = new_id()
        unit = Unit(unit_id=root, code="HQ", name=f"公司{n}", parent_id=None, path=[root], kind=UnitKind.COMPANY)
        people = [Person(person_id=new_id(), name=f"员工{i}", email=f"p{i}@t{n}.bench", employee_no=f"E{i:05d}",
                         unit_id=root) for i in range(PEOPLE)]

        def task(person: Person, deadline: date, status: TaskStatus = TaskStatus.OPEN) -> Task:
            at = clock.iso_now()
            return Task(task_id=new_id(), title=f"任务 {deadline}", assignee_id=person.person_id,
                        creator_user_id="hr", deadline=deadline, status=status, created_at=at, updated_at=at)

        with Item.batch_write() as batch:
            batch.save(TenantItem(*tenant_item_key(tenant), GSI1PK="PLATFORM#TENANTS", GSI1SK=tenant,
                                  data={"tenant_id": tenant, "name": unit.name, "locale": "zh-CN"}))
            batch.save(org_store.unit_item(tenant, unit))
            written += 2
            for i, person in enumerate(people):
                batch.save(org_store.person_item(tenant, person, unit.path))
                batch.save(MemberItem(*member_key(tenant, f"user-{i}"), data={
                    "user_id": f"user-{i}", "email": person.email, "person_id": person.person_id,
                    "roles": [], "locale": "en" if i % 5 == 0 else "zh-CN"}))
                written += 2
                for k in range(FUTURE_TASKS):  # not due: never read by the job
                    status = TaskStatus.DONE if k == 0 else TaskStatus.OPEN
                    batch.save(collab_store.task_item(tenant, task(person, DAY + timedelta(days=30 + k), status)))
                    written += 1
            for k in range(3):  # three overdue tasks for one manager
                batch.save(collab_store.task_item(tenant, task(people[0], DAY - timedelta(days=k + 1))))
            for person in people[1:3]:  # deadlines in the next days
                batch.save(collab_store.task_item(tenant, task(person, DAY + timedelta(days=2))))
            written += 5
        # a read notification for everyone (not due) and one confirmation waiting (due)
        notify(tenant, [p.person_id for p in people], "info", {"zh-CN": "通知", "en": "Notice"}, "/x", pending=False)
        notify(tenant, [people[3].person_id], "confirmation_needed", {"zh-CN": "请确认", "en": "Confirm"}, "/me")
        written += PEOPLE + 1
    clock.freeze(None)
    return ids, written


def run_day(day: date) -> dict[str, Any]:
    from chalicelib.core import clock
    from chalicelib.core.settings import settings
    from chalicelib.reminders import service
    from chalicelib.reminders import store as reminders_store

    clock.freeze(datetime(day.year, day.month, day.day, 0, tzinfo=UTC))
    READ.by_operation.clear()
    READ.active = True
    sent = due = 0
    started = time.perf_counter()
    with round_trips() as trips:
        service.fan_out()
        while True:
            messages = reminders_store.receive(settings().reminders_queue)
            if not messages:
                break
            for handle, body in messages:
                for run in service.handle_messages([body]):
                    sent += run.sent
                    due += run.due_items
                reminders_store.delete_message(settings().reminders_queue, handle)
    READ.active = False
    clock.freeze(None)
    return {"read": READ.total, "by_op": dict(READ.by_operation), "trips": trips.total, "sent": sent, "due": due,
            "seconds": time.perf_counter() - started}


def measure(tenants: int) -> None:
    import boto3
    from moto import mock_aws

    from chalicelib.core.db import ensure_table
    from chalicelib.core.settings import settings
    from chalicelib.reminders import store as reminders_store

    with mock_aws():
        for clear in (reminders_store._ses.cache_clear, reminders_store._sqs.cache_clear):
            clear()
        ensure_table()
        boto3.client("ses", region_name="us-east-1").verify_email_identity(EmailAddress=settings().mail_sender)
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName=settings().reminders_queue)
        _, written = build(tenants)
        first = run_day(DAY)
        second = run_day(DAY + timedelta(days=1))
        again = run_day(DAY + timedelta(days=1))
    for label, r in (("day 1", first), ("day 2", second), ("day 2 rerun", again)):
        per_tenant = r["read"] / tenants
        print(f"{tenants:>7} {tenants * PEOPLE:>7} {written:>11} {r['due']:>9} {label:<12} {r['read']:>10} "
              f"{per_tenant:>10.1f} {r['trips']:>6} {r['sent']:>5}   {r['by_op']}")


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv[1:]] or [1, 50]
    print("Reminder run: DynamoDB items read (moto). 'table items' = items written; a Scan would read them all.")
    print(f"{'tenants':>7} {'people':>7} {'table items':>11} {'due items':>9} {'run':<12} {'items read':>10} "
          f"{'per tenant':>10} {'trips':>6} {'mails':>5}   items read by operation")
    for n in counts:
        measure(n)


if __name__ == "__main__":
    main(sys.argv)
