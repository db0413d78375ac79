"""Tasks: who may assign to whom, who may change what, and overdue tasks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.collab import service
from chalicelib.core import clock
from tests.support.collab_sources import module_world

SOON = (date.today() + timedelta(days=10)).isoformat()


@pytest.fixture(scope="module")
def company():
    with module_world() as [company]:
        yield company


@pytest.fixture
def frozen():
    yield clock.freeze
    clock.freeze(None)


def task(company, by: str, assignee: str, **extra):
    body = {"title": "起草销售部指标", "assignee_id": company.people[assignee], "deadline": SOON, **extra}
    return company.as_(by).post("/collab/tasks", body)


def test_hr_assigns_a_task_to_a_manager_who_sees_it_and_is_notified(company):
    created = task(company, "hr", "sales_head", checklist=[{"text": "列出岗位"}])
    assert created.status == 201, created.body
    assert created.body["status"] == "open" and created.body["checklist"] == [{"text": "列出岗位", "done": False}]
    mine = company.as_("manager").get("/collab/tasks").body["items"]
    assert created.body["task_id"] in [t["task_id"] for t in mine]
    inbox = company.as_("manager").get("/collab/inbox").body["items"]
    assert any(n["kind"] == "task_assigned" and created.body["task_id"] in n["link"] for n in inbox)


def test_a_manager_assigns_within_their_subtree(company):
    assert task(company, "manager", "seller").status == 201


def test_a_manager_cannot_assign_outside_their_subtree(company):
    reply = task(company, "manager", "engineer")
    assert reply.status == 403 and reply.error_fields == ["assignee_id"]


def test_an_employee_assigns_only_to_themselves(company):
    assert task(company, "employee", "seller").status == 201
    reply = task(company, "employee", "engineer")
    assert reply.status == 403 and reply.error_fields == ["assignee_id"]


@pytest.mark.parametrize("field,value", [("assignee_id", "nobody"), ("deadline", "2001-01-01"),
                                         ("deadline", "not-a-date")])
def test_bad_input_names_the_field(company, field, value):
    body = {"title": "x", "assignee_id": company.people["seller"], "deadline": SOON, field: value}
    reply = company.as_("hr").post("/collab/tasks", body)
    assert reply.status == 400 and reply.error_fields == [field]


def test_an_update_refuses_a_past_deadline_as_the_create_does(company):
    created = task(company, "hr", "sales_head").body
    url = f"/collab/tasks/{created['task_id']}"
    reply = company.as_("hr").patch(url, {"version": 1, "deadline": "2001-01-01"})
    assert reply.status == 400 and reply.error_fields == ["deadline"]
    assert company.as_("hr").get(url).body["deadline"] == SOON  # nothing written
    moved = company.as_("hr").patch(url, {"version": 1, "deadline": date.today().isoformat()})
    assert moved.status == 200 and moved.body["deadline"] == date.today().isoformat()


def test_a_task_links_to_an_object_the_creator_may_see(company):
    ok = task(company, "hr", "sales_head", link={"kind": "unit", "id": company.units["SALES"]})
    assert ok.status == 201 and ok.body["link"] == {"kind": "unit", "id": company.units["SALES"]}
    bad = task(company, "hr", "sales_head", link={"kind": "unit", "id": "nope"})
    assert bad.status == 400 and bad.error_fields == ["link.id"]


def test_only_assignee_creator_and_hr_see_a_task(company):
    task_id = task(company, "manager", "seller").body["task_id"]
    for user in ("employee", "manager", "hr", "admin"):
        assert company.as_(user).get(f"/collab/tasks/{task_id}").status == 200, user
    assert company.as_("engineer").get(f"/collab/tasks/{task_id}").status == 403
    assert company.as_("engineer").get("/collab/tasks/unknown").status == 404


def test_the_assignee_changes_status_and_checklist_but_not_the_title(company):
    created = task(company, "hr", "sales_head", checklist=[{"text": "a"}]).body
    url = f"/collab/tasks/{created['task_id']}"
    moved = company.as_("manager").patch(url, {"version": 1, "status": "in_progress",
                                               "checklist": [{"text": "a", "done": True}]})
    assert moved.status == 200, moved.body
    assert moved.body["status"] == "in_progress" and moved.body["checklist"][0]["done"] is True
    refused = company.as_("manager").patch(url, {"version": 2, "title": "改名"})
    assert refused.status == 403 and refused.error_fields == ["title"]


def test_the_creator_is_told_when_the_task_is_done(company):
    created = task(company, "manager", "seller").body
    company.as_("employee").patch(f"/collab/tasks/{created['task_id']}", {"version": 1, "status": "done"})
    inbox = company.as_("manager").get("/collab/inbox").body["items"]
    assert any(n["kind"] == "task_updated" and created["task_id"] in n["link"] for n in inbox)


def test_a_cancelled_task_cannot_be_reopened(company):
    created = task(company, "hr", "sales_head").body
    url = f"/collab/tasks/{created['task_id']}"
    assert company.as_("hr").patch(url, {"version": 1, "status": "cancelled"}).status == 200
    reply = company.as_("hr").patch(url, {"version": 2, "status": "open"})
    assert reply.status == 409 and reply.error_fields == ["status"]


def test_a_stale_version_is_a_conflict(company):
    created = task(company, "hr", "sales_head").body
    url = f"/collab/tasks/{created['task_id']}"
    assert company.as_("hr").patch(url, {"version": 1, "title": "新标题"}).status == 200
    assert company.as_("hr").patch(url, {"version": 1, "title": "又一个"}).status == 409


def test_overdue_tasks_are_listed_and_offered_to_dashboards(company, frozen):
    # Given a task due yesterday (created while it was still in the future)
    frozen(datetime.now(UTC) - timedelta(days=5))
    late = task(company, "hr", "engineer", deadline=(date.today() - timedelta(days=1)).isoformat()).body
    done = task(company, "hr", "engineer", deadline=(date.today() - timedelta(days=1)).isoformat()).body
    frozen(None)
    company.as_("hr").patch(f"/collab/tasks/{done['task_id']}", {"version": 1, "status": "done"})
    # When the assignee lists overdue tasks
    overdue = company.as_("engineer").get("/collab/tasks", overdue="true").body["items"]
    # Then the open one is there, flagged, and the done one is not
    assert [t["task_id"] for t in overdue] == [late["task_id"]] and overdue[0]["overdue"] is True
    dashboard = service.overdue_tasks(company.tenant_id, assignee_ids=[company.people["engineer"]])
    assert [t.task_id for t in dashboard] == [late["task_id"]]


def test_hr_lists_every_task_others_only_theirs(company):
    everything = company.as_("hr").get("/collab/tasks", scope="all").body["items"]
    theirs = company.as_("engineer").get("/collab/tasks", scope="all").body["items"]
    assert len(everything) > len(theirs) > 0
    assert all(t["assignee_id"] == company.people["engineer"] for t in theirs)


def test_created_scope_lists_tasks_the_caller_created(company):
    created = task(company, "manager", "seller").body
    listed = company.as_("manager").get("/collab/tasks", scope="created").body["items"]
    assert created["task_id"] in [t["task_id"] for t in listed]
    assert all(t["creator_person_id"] == company.people["sales_head"] for t in listed)
