"""Threads on objects: post, reply, mention, edit within 15 minutes, read receipts, visibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.core import clock
from tests.support.collab_sources import module_world

SOON = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()


@pytest.fixture(scope="module")
def company():
    with module_world() as [company]:
        yield company


@pytest.fixture
def frozen():
    yield clock.freeze
    clock.freeze(None)


def unit_thread(company) -> str:
    return f"/collab/threads/unit:{company.units['SALES']}"


def post(company, user: str, thread: str, **body):
    return company.as_(user).post(f"{thread}/messages", {"body": "请补充数据来源", **body})


def inbox_kinds(company, user: str) -> list[tuple[str, str]]:
    return [(n["kind"], n["link"]) for n in company.as_(user).get("/collab/inbox").body["items"]]


def test_everyone_in_the_company_reads_a_unit_thread(company):
    posted = post(company, "manager", unit_thread(company))
    assert posted.status == 201, posted.body
    thread = company.as_("engineer").get(unit_thread(company))
    assert thread.status == 200
    assert posted.body["message_id"] in [m["message_id"] for m in thread.body["messages"]]


def test_a_mentioned_person_is_notified(company):
    posted = post(company, "manager", unit_thread(company), mentions=[company.people["seller"]]).body
    assert any(kind == "mention" and posted["message_id"] in link for kind, link in inbox_kinds(company, "employee"))


def test_a_reply_notifies_the_author_of_the_message(company):
    first = post(company, "manager", unit_thread(company)).body
    reply = post(company, "employee", unit_thread(company), body="好的", reply_to=first["message_id"])
    assert reply.status == 201 and reply.body["reply_to"] == first["message_id"]
    assert any(kind == "reply" and reply.body["message_id"] in link for kind, link in inbox_kinds(company, "manager"))


def test_a_reply_to_an_unknown_message_is_400(company):
    reply = post(company, "manager", unit_thread(company), reply_to="nope")
    assert reply.status == 400 and reply.error_fields == ["reply_to"]


def test_a_task_thread_is_visible_only_to_those_who_see_the_task(company):
    task = company.as_("manager").post("/collab/tasks", {"title": "整理客户名单", "deadline": SOON,
                                                          "assignee_id": company.people["seller"]}).body
    thread = f"/collab/threads/task:{task['task_id']}"
    assert post(company, "employee", thread).status == 201
    assert company.as_("manager").get(thread).status == 200
    refused = company.as_("engineer").get(thread)
    assert refused.status == 403 and refused.error_fields == ["thread_id"]
    assert post(company, "engineer", thread).status == 403


def test_mentioning_someone_who_may_not_see_the_object_is_400(company):
    task = company.as_("manager").post("/collab/tasks", {"title": "核对数据", "deadline": SOON,
                                                          "assignee_id": company.people["seller"]}).body
    reply = post(company, "manager", f"/collab/threads/task:{task['task_id']}", mentions=[company.people["engineer"]])
    assert reply.status == 400 and reply.error_fields == ["mentions.0"]
    hr_ok = post(company, "manager", f"/collab/threads/task:{task['task_id']}", mentions=[company.people["hr_staff"]])
    assert hr_ok.status == 201, hr_ok.body


def test_the_author_edits_within_15_minutes(company):
    posted = post(company, "manager", unit_thread(company)).body
    url = f"{unit_thread(company)}/messages/{posted['message_id']}"
    edited = company.as_("manager").patch(url, {"version": 1, "body": "请周四前补充数据来源"})
    assert edited.status == 200, edited.body
    assert edited.body["body"] == "请周四前补充数据来源" and edited.body["edited_at"]
    assert company.as_("employee").patch(url, {"version": 2, "body": "改"}).status == 403


def test_editing_after_15_minutes_is_a_conflict(company, frozen):
    posted = post(company, "manager", unit_thread(company)).body
    frozen(datetime.now(UTC) + timedelta(minutes=16))
    reply = company.as_("manager").patch(f"{unit_thread(company)}/messages/{posted['message_id']}",
                                         {"version": 1, "body": "太晚了"})
    assert reply.status == 409 and reply.error_fields == ["body"]


def test_read_receipts_show_who_has_read(company):
    posted = post(company, "manager", unit_thread(company)).body
    assert company.as_("engineer").post(f"{unit_thread(company)}/read").status == 200
    thread = company.as_("manager").get(unit_thread(company)).body
    message = next(m for m in thread["messages"] if m["message_id"] == posted["message_id"])
    assert company.people["engineer"] in message["read_by"]
    assert company.people["sales_head"] in message["read_by"]  # the author has read their own message
    assert company.people["seller"] not in message["read_by"] or any(
        r["person_id"] == company.people["seller"] for r in thread["receipts"])


@pytest.mark.parametrize("thread_id", ["nothing:1", "unit:", "unit:unknown", "task:unknown", "plain"])
def test_unknown_threads_are_404(company, thread_id):
    assert company.as_("manager").get(f"/collab/threads/{thread_id}").status == 404


def test_an_indicator_set_thread_is_for_its_people_their_managers_and_overseers(company):
    from tests.support.indicator_sources import conversion, draft_set, with_source

    indicator_set = draft_set(company, [with_source(company, conversion(weight=100))], title="线程测试")
    thread = f"/collab/threads/indicator_set:{indicator_set['set_id']}"
    assert post(company, "manager", thread, mentions=[company.people["seller"]]).status == 201
    for user in ("employee", "manager", "hr", "executive"):
        assert company.as_(user).get(thread).status == 200, user
    for user in ("engineer", "tech_manager"):
        assert company.as_(user).get(thread).status == 403, user
    indicator = indicator_set["indicators"][0]["indicator_id"]
    assert company.as_("employee").get(f"/collab/threads/indicator:{indicator_set['set_id']}.{indicator}").status == 200
    assert company.as_("employee").get(f"/collab/threads/indicator:{indicator_set['set_id']}.nope").status == 404
