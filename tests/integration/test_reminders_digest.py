"""The daily reminder run, end to end in moto: schedule -> SQS fan-out -> per-tenant job -> SES.

Each test works on its own day, so the per-day delivery markers of one test do not affect another;
tasks left open by earlier tests are simply more due items on later days.
"""

from __future__ import annotations

import email
import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit

import boto3
import pytest

from chalicelib.collab.notify import notify
from chalicelib.core import clock
from chalicelib.core.db import Changes
from chalicelib.core.settings import settings
from chalicelib.reminders import service
from chalicelib.reminders import store as reminders_store
from chalicelib.reminders.channels import Provider
from chalicelib.reminders.schemas import WebhookConfig
from tests.support import env
from tests.support.collab_sources import module_world

ACCOUNT = "123456789012"


@pytest.fixture(scope="module")
def world():
    with module_world("甲公司金融科技", "乙公司信息技术") as [a, b]:
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName=settings().reminders_queue)
        yield a, b
    clock.freeze(None)


@pytest.fixture(autouse=True)
def _unfreeze() -> Iterator[None]:
    yield
    clock.freeze(None)


def at(day: date, hour: int = 1) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def email_of(company, label: str) -> str:
    return company.admin.get(f"/org/people/{company.people[label]}").body["email"]


def overdue_task(company, assignee: str, title: str, day: date, by: str = "hr", late_days: int = 2) -> str:
    """A task whose deadline was ``late_days`` before ``day`` (created back when it was in the future)."""
    deadline = day - timedelta(days=late_days)
    clock.freeze(at(deadline - timedelta(days=5)))
    reply = company.as_(by).post("/collab/tasks", {"title": title, "assignee_id": company.people[assignee],
                                                   "deadline": deadline.isoformat()})
    clock.freeze(None)
    assert reply.status == 201, reply.body
    return reply.body["task_id"]


def name_of(company, label: str) -> str:
    return company.admin.get(f"/org/people/{company.people[label]}").body["name"]


def run_reminders(company, day: date) -> list[str]:
    """What AWS does: the scheduled handler fans out, then SQS delivers each tenant job to its handler."""
    client = company.api.client
    clock.freeze(at(day, 0))  # 08:00 in China
    client.lambda_.invoke("reminders_fan_out", client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=["rule/reminders"]))
    bodies = []
    for handle, body in reminders_store.receive(settings().reminders_queue):
        reminders_store.delete_message(settings().reminders_queue, handle)
        bodies.append(body)
        client.lambda_.invoke("reminders_tenant_job", client.events.generate_sqs_event(
            message_bodies=[body], queue_name=settings().reminders_queue))
    clock.freeze(None)
    return bodies


def sent() -> list[tuple[list[str], EmailMessage]]:
    from moto.ses.models import ses_backends

    out = []
    for message in ses_backends[ACCOUNT]["us-east-1"].sent_messages:
        parsed = email.message_from_string(message.raw_data, policy=policy.default)
        out.append((list(message.destinations), parsed))
    return out


def mails_to(address: str) -> list[EmailMessage]:
    return [m for to, m in sent() if any(address in t for t in to)]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_the_schedule_queues_one_job_per_tenant(world):
    a, b = world
    bodies = [json.loads(body) for body in run_reminders(a, date(2031, 1, 5))]
    assert {a.tenant_id, b.tenant_id} <= {m["tenant_id"] for m in bodies}
    assert len(bodies) == len({m["tenant_id"] for m in bodies})
    assert {m["day"] for m in bodies} == {"2031-01-05"}


def test_three_overdue_tasks_send_the_manager_exactly_one_digest(world):
    a, _ = world
    day = date(2031, 2, 10)
    titles = [overdue_task(a, "sales_head", f"起草指标-{n}", day) and f"起草指标-{n}" for n in range(3)]
    before = len(mails_to(email_of(a, "sales_head")))
    run_reminders(a, day)
    [digest] = mails_to(email_of(a, "sales_head"))[before:]
    assert digest["Subject"] == "落地 · 2031-02-10 待办提醒：3 项逾期"
    assert all(title in text_of(digest) for title in titles)
    assert titles[0] in digest.get_body(preferencelist=("html",)).get_content()
    assert digest["List-Unsubscribe"].startswith(f"<{settings().api_url}/reminders/unsubscribe?token=")


def test_running_again_the_same_day_sends_nothing_new(world):
    a, _ = world
    day = date(2031, 3, 10)
    overdue_task(a, "sales_head", "核对客户名单", day)
    run_reminders(a, day)
    count = len(sent())
    run_reminders(a, day)  # a second run the same day
    assert len(sent()) == count
    # a redelivered SQS message (a retried job) is just as harmless
    a.api.client.lambda_.invoke("reminders_tenant_job", a.api.client.events.generate_sqs_event(
        message_bodies=[json.dumps({"tenant_id": a.tenant_id, "day": day.isoformat()})]))
    assert len(sent()) == count


def test_an_unsubscribed_person_gets_no_digest(world):
    a, _ = world
    day = date(2031, 4, 10)
    overdue_task(a, "seller", "补充数据来源", day, by="manager")
    run_reminders(a, day)
    [first] = mails_to(email_of(a, "seller"))[-1:]
    link = urlsplit(first["List-Unsubscribe"].strip("<> "))
    # the one-click link works without logging in
    page = a.api.as_(None).request("GET", f"{link.path}?{link.query}")
    assert page.status == 200 and "已退订" in page.raw
    count = len(mails_to(email_of(a, "seller")))
    run_reminders(a, day + timedelta(days=1))
    assert len(mails_to(email_of(a, "seller"))) == count
    assert a.as_("employee").get("/reminders/preferences").body["email_digest"] is False
    # turning the digest back on brings it back the next day
    a.as_("employee").put("/reminders/preferences", {"email_digest": True})
    run_reminders(a, day + timedelta(days=2))
    assert len(mails_to(email_of(a, "seller"))) == count + 1


def test_tenant_a_digests_never_mention_tenant_b(world):
    a, b = world
    day = date(2031, 5, 10)
    overdue_task(a, "engineer", "甲方专属任务", day)
    overdue_task(b, "engineer", "乙方专属任务", day)
    before = len(sent())
    run_reminders(a, day)
    batch = sent()[before:]
    a_people = {email_of(a, label) for label in a.people}
    b_people = {email_of(b, label) for label in b.people}
    a_mail = [m for to, m in batch if any(p in t for t in to for p in a_people)]
    b_mail = [m for to, m in batch if any(p in t for t in to for p in b_people)]
    assert a_mail and b_mail
    for message in a_mail:
        raw = message.as_string() + text_of(message)
        assert "乙方专属任务" not in raw and b.tenant_id not in raw and "乙公司" not in raw
    for message in b_mail:
        raw = message.as_string() + text_of(message)
        assert "甲方专属任务" not in raw and a.tenant_id not in raw and "甲公司" not in raw


def test_a_person_gets_the_digest_in_their_language(world):
    a, _ = world
    day = date(2031, 6, 10)
    overdue_task(a, "seller", "Prepare data", day, by="manager")
    assert a.as_("employee").put("/reminders/preferences", {"locale": "en"}).status == 200
    run_reminders(a, day)
    [digest] = mails_to(email_of(a, "seller"))[-1:]
    assert digest["Subject"].startswith("Luodi · 2031-06-10 reminders")
    assert "Overdue tasks" in text_of(digest)


def test_actions_waiting_for_a_person_are_in_the_digest_until_read(world):
    # A kind no domain can check (a review reminder) is listed until the person reads it.
    a, _ = world
    day = date(2031, 7, 10)
    clock.freeze(at(day - timedelta(days=1)))
    [note] = notify(a.tenant_id, [a.people["tech_head"]], "review_due",
                    {"zh-CN": "请确认 2031 年技术部指标", "en": "Please confirm the 2031 tech indicators"}, "/me/file")
    clock.freeze(None)
    run_reminders(a, day)
    [digest] = mails_to(email_of(a, "tech_head"))[-1:]
    assert "等待你处理" in text_of(digest) and "请确认 2031 年技术部指标" in text_of(digest)
    a.as_("tech_manager").post("/collab/inbox/read", {"notification_ids": [note]})
    count = len(mails_to(email_of(a, "tech_head")))
    run_reminders(a, day + timedelta(days=1))
    assert all("请确认 2031 年技术部指标" not in text_of(m) for m in mails_to(email_of(a, "tech_head"))[count:])


def test_ses_errors_are_recorded_and_the_batch_goes_on(world):
    a, _ = world
    day = date(2031, 8, 10)
    overdue_task(a, "tech_head", "整理系统清单", day)
    overdue_task(a, "engineer", "修复报表", day)
    ses = boto3.client("ses", region_name="us-east-1")
    ses.delete_identity(Identity=env.SENDER)  # SES now refuses every message
    try:
        count = len(sent())
        run_reminders(a, day)  # does not raise
        assert len(sent()) == count
        log = a.as_("hr").get("/reminders/deliveries").body["items"]
        failed = {e["person_id"] for e in log if e["kind"] == "ses_error"}
        assert failed >= {a.people["tech_head"], a.people["engineer"]}
        clock.freeze(at(day, 2))
        desk = a.as_("hr").get("/dashboards/hr").body
        problem = next(p for p in desk["mail_problems"] if p["person_id"] == a.people["engineer"])
        assert problem["kind"] == "ses_error" and problem["person_name"] == name_of(a, "engineer")
        clock.freeze(None)
    finally:
        ses.verify_email_identity(EmailAddress=env.SENDER)
    run_reminders(a, day)  # a retry the same day sends what failed
    assert len(mails_to(email_of(a, "engineer"))) >= 1


def test_the_hr_desk_lists_the_reminders_sent_in_the_last_days(world):
    a, b = world
    day = date(2031, 11, 10)
    overdue_task(a, "sales_head", "整理客户回访", day)
    overdue_task(b, "sales_head", "乙公司的任务", day)
    run_reminders(a, day)
    # Two days later HR opens the desk
    clock.freeze(at(day + timedelta(days=2), 3))
    desk = a.as_("hr").get("/dashboards/hr").body
    # Then the manager's digest is listed by name, and nothing of tenant B's run appears
    row = next(r for r in desk["reminders"] if r["recipient_id"] == a.people["sales_head"])
    assert (row["day"], row["channel"], row["status"]) == ("2031-11-10", "email", "sent")
    assert row["recipient_name"] == name_of(a, "sales_head")
    assert b.people["sales_head"] not in {r["recipient_id"] for r in desk["reminders"]}
    # and a week later the list has moved on
    clock.freeze(at(day + timedelta(days=7), 3))
    later = a.as_("hr").get("/dashboards/hr").body
    assert a.people["sales_head"] not in {r["recipient_id"] for r in later["reminders"]}


def test_the_tenants_usage_counts_the_reminder_jobs_and_the_emails_they_sent(world):
    a, b = world
    day = date(2031, 12, 10)
    overdue_task(a, "sales_head", "核对年度指标", day)
    overdue_task(a, "tech_head", "整理发布计划", day)
    before = len(sent())
    run_reminders(a, day)  # the schedule runs one job per tenant
    addresses = {p["email"] for p in a.admin.get("/org/people").body["items"]}
    to_a = [m for to, m in sent()[before:] if set(to) & addresses]
    usage_a = a.admin.get("/usage", month="2031-12").body
    usage_b = b.admin.get("/usage", month="2031-12").body
    assert (usage_a["emails_sent"], usage_a["reminder_jobs"]) == (len(to_a), 1) and len(to_a) >= 2
    assert usage_b["reminder_jobs"] == 1 and usage_b["emails_sent"] == len(sent()) - before - len(to_a)


def test_a_permanent_bounce_pauses_the_persons_digest(world):
    a, _ = world
    day = date(2031, 9, 10)
    overdue_task(a, "hr_staff", "更新员工手册", day)
    service.record_mail_feedback(json.dumps({
        "notificationType": "Bounce", "bounce": {"bounceType": "Permanent"},
        "mail": {"tags": {"tenant": [a.tenant_id], "person": [a.people["hr_staff"]], "kind": ["digest"]}}}))
    count = len(mails_to(email_of(a, "hr_staff")))
    run_reminders(a, day)
    assert len(mails_to(email_of(a, "hr_staff"))) == count
    assert a.as_("hr").get("/reminders/preferences").body["bounced"] is True
    assert any(e["kind"] == "bounce" for e in a.as_("hr").get("/reminders/deliveries").body["items"])


def test_the_sns_handler_records_feedback(world):
    a, _ = world
    client = a.api.client
    message = json.dumps({"notificationType": "Complaint", "mail": {"tags": {
        "tenant": [a.tenant_id], "person": [a.people["founder"]]}}})
    client.lambda_.invoke("mail_feedback", client.events.generate_sns_event(message=message))
    assert a.admin.get("/reminders/preferences").body["email_digest"] is False


# ---- group robots --------------------------------------------------------------------------------

class _Robot(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []

    def do_POST(self) -> None:  # noqa: N802
        type(self).received.append((self.path, self.rfile.read(int(self.headers.get("Content-Length", 0)))))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

    def log_message(self, *args: object) -> None:
        pass


def test_a_units_group_robot_gets_one_signed_message_a_day(world):
    a, _ = world
    day = date(2031, 10, 10)
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        # the API only accepts the vendors' https hosts; point this robot at the local server directly
        changes = Changes()
        reminders_store.stage_webhook(changes, a.tenant_id, WebhookConfig(
            unit_id=a.units["SALES"], provider=Provider.DINGTALK,
            url=f"http://127.0.0.1:{server.server_port}/robot/send?access_token=abc", secret="SECdemo"))
        changes.commit()
        overdue_task(a, "seller", "回访逾期客户", day, by="manager")
        _Robot.received = []
        run_reminders(a, day)
        run_reminders(a, day)
        [(path, body)] = _Robot.received
        assert "timestamp=" in path and "&sign=" in path
        text = json.loads(body)["markdown"]["text"]
        assert "销售部" in text and "陈静" in text and "回访逾期客户" in text
        assert "技术部" not in text and "刘洋" not in text  # only people of the unit's subtree
    finally:
        server.shutdown()
        server.server_close()


def test_a_weekly_digest_goes_out_on_mondays_only(world):
    a, _ = world
    # Given 刘洋 chose a weekly digest and has an overdue task
    reply = a.as_("engineer").put("/reminders/preferences", {"digest_frequency": "weekly"})
    assert reply.status == 200 and reply.body["digest_frequency"] == "weekly" and reply.body["email_digest"] is True
    monday = date(2031, 6, 9)
    overdue_task(a, "engineer", "更新缺陷台账", monday - timedelta(days=1))
    count = len(mails_to(email_of(a, "engineer")))
    # When the job runs on a Tuesday, then on the next Monday
    run_reminders(a, monday + timedelta(days=1))
    assert len(mails_to(email_of(a, "engineer"))) == count
    run_reminders(a, monday + timedelta(days=7))
    # Then one digest, on the Monday
    assert len(mails_to(email_of(a, "engineer"))) == count + 1
    a.as_("engineer").put("/reminders/preferences", {"digest_frequency": "daily"})


def test_a_bad_frequency_is_400_naming_it(world):
    a, _ = world
    reply = a.as_("engineer").put("/reminders/preferences", {"digest_frequency": "hourly"})
    assert reply.status == 400 and reply.error_fields == ["digest_frequency"], reply.body
