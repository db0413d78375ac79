"""The HR desk reads what it shows: overdue tasks without the unread actions, reminders in one Query."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from chalicelib.collab import service as collab
from chalicelib.collab import store as collab_store
from chalicelib.collab.schemas import Notification
from chalicelib.core import clock
from chalicelib.core.ids import new_id
from chalicelib.reminders import store as reminders_store
from tests.support.world import staffed_company

PENDING_ACTIONS = 120


@pytest.fixture
def company(api):
    return staffed_company(api)


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(operation, items returned) of every DynamoDB call: a spy, it changes nothing."""
    from pynamodb.connection.base import Connection

    calls: list[tuple[str, int]] = []
    real = Connection._make_api_call

    def spy(self: Connection, operation_name: str, *args: Any, **kwargs: Any) -> Any:
        reply = real(self, operation_name, *args, **kwargs)
        calls.append((operation_name, int(reply.get("Count", 0)) if isinstance(reply, dict) else 0))
        return reply

    monkeypatch.setattr(Connection, "_make_api_call", spy)
    return calls


def _pending_actions(company, count: int, created: datetime) -> None:
    notes = [(company.people["engineer"], Notification(
        notification_id=new_id(), kind="confirmation_needed", title={"zh-CN": "请确认指标", "en": "Confirm"},
        created_at=created.isoformat(), pending=True)) for _ in range(count)]
    collab_store.write_notifications(company.tenant_id, notes, expires_at=int(created.timestamp()) + 86_400 * 180)


def test_overdue_tasks_read_no_unread_action(company, queries):
    # Given 120 unread "please confirm" notifications from last week and one overdue task
    last_week = datetime.now(UTC) - timedelta(days=7)
    _pending_actions(company, PENDING_ACTIONS, last_week)
    clock.freeze(last_week)
    late = company.as_("hr").post("/collab/tasks", {"title": "起草指标", "assignee_id": company.people["engineer"],
                                                    "deadline": (date.today() - timedelta(days=2)).isoformat()})
    clock.freeze(None)
    assert late.status == 201, late.body
    queries.clear()
    # When the HR desk's overdue tasks are read
    overdue = collab.overdue_tasks(company.tenant_id)
    # Then one Query returned the one task and none of the actions
    assert [t.task_id for t in overdue] == [late.body["task_id"]]
    assert queries == [("Query", 1)]
    # ...while the daily job still finds every action and the task
    tasks, actions = collab_store.due_entries(company.tenant_id, date.today())
    assert (len(tasks), len(actions)) == (1, PENDING_ACTIONS)


def test_the_reminders_sent_on_the_hr_desk_are_one_query_whatever_the_days(company, queries):
    # Given digests delivered on each of the last three days, and one a week ago
    today = datetime.now(UTC).date()
    for back in (0, 1, 2, 7):
        day = (today - timedelta(days=back)).isoformat()
        reminders_store.finish_delivery(company.tenant_id, day, f"P#{company.people['engineer']}", "sent")
    queries.clear()
    # When the markers of the desk's three days are read
    found = reminders_store.deliveries_since(company.tenant_id, (today - timedelta(days=2)).isoformat())
    # Then one Query returns exactly those three
    assert sorted(day for day, _, _ in found) == [(today - timedelta(days=b)).isoformat() for b in (2, 1, 0)]
    assert queries == [("Query", 3)]


def test_the_desk_lists_a_bounded_number_of_overdue_tasks_and_reminders_in_bounded_reads(
        company, queries, monkeypatch: pytest.MonkeyPatch):
    from chalicelib.dashboards import service as dashboards

    # Given three overdue tasks (due 4, 3 and 2 days ago) and digests sent to two people on each of 3 days
    last_week = datetime.now(UTC) - timedelta(days=7)
    clock.freeze(last_week)
    titles = {}
    for back in (4, 3, 2):
        task = company.as_("hr").post("/collab/tasks", {
            "title": f"逾期{back}天", "assignee_id": company.people["engineer"],
            "deadline": (date.today() - timedelta(days=back)).isoformat()})
        assert task.status == 201, task.body
        titles[task.body["task_id"]] = back
    clock.freeze(None)
    today = datetime.now(UTC).date()
    for back in (0, 1, 2):
        for person in ("engineer", "seller"):
            reminders_store.finish_delivery(company.tenant_id, (today - timedelta(days=back)).isoformat(),
                                            f"P#{company.people[person]}", "sent", name=f"姓名{person}")
    monkeypatch.setattr(dashboards, "OVERDUE_SHOWN", 2)
    monkeypatch.setattr(dashboards, "REMINDERS_SHOWN", 3)
    queries.clear()
    # When HR opens the desk (with the lists capped at 2 tasks and 3 reminders)
    desk = company.as_("hr").get("/dashboards/hr").body
    # Then it shows the two longest overdue tasks and the latest deliveries, named...
    assert [t["title"] for t in desk["overdue_tasks"]] == ["逾期4天", "逾期3天"]
    assert all(t["assignee_name"] for t in desk["overdue_tasks"])
    assert len(desk["reminders"]) == 3 and {r["day"] for r in desk["reminders"]} <= {
        today.isoformat(), (today - timedelta(days=1)).isoformat()}
    assert all(r["recipient_name"] for r in desk["reminders"])
    # ...having read only that many tasks and markers (and the desk partition): no name read
    handler = [(op, n) for op, n in queries if op in ("Query", "BatchGetItem")]
    assert ("Query", 2) in handler and ("Query", 3) in handler
    assert [op for op, _ in handler].count("BatchGetItem") == 0


def test_markers_and_tasks_from_before_names_were_kept_are_named_in_one_more_read(company, queries):
    from chalicelib.collab.store import TaskItem
    from chalicelib.core.db import Item

    # Given a digest marker written without the recipient's name and an overdue task without its assignee's
    today = datetime.now(UTC).date()
    reminders_store.finish_delivery(company.tenant_id, today.isoformat(), f"P#{company.people['engineer']}", "sent")
    clock.freeze(datetime.now(UTC) - timedelta(days=7))
    task = company.as_("hr").post("/collab/tasks", {"title": "旧任务", "assignee_id": company.people["engineer"],
                                                    "deadline": (date.today() - timedelta(days=2)).isoformat()})
    clock.freeze(None)
    for item in Item.scan():
        if isinstance(item, TaskItem) and item.PK.startswith(f"T#{company.tenant_id}"):
            item.data = {k: v for k, v in item.payload().items() if k not in ("assignee_name", "version")}
            item.save(add_version_condition=False)
    queries.clear()
    # When HR opens the desk
    desk = company.as_("hr").get("/dashboards/hr").body
    # Then both are named, at the price of one BatchGetItem
    assert [t["assignee_name"] for t in desk["overdue_tasks"]] == ["刘洋"]
    assert [r["recipient_name"] for r in desk["reminders"]] == ["刘洋"]
    assert [op for op, _ in queries if op == "BatchGetItem"] == ["BatchGetItem"]
    assert task.status == 201
