"""Thread messages with a client's Idempotency-Key: a retried post (lost reply, double tap) is one message."""

from __future__ import annotations

import pytest

from tests.support.collab_sources import module_world


@pytest.fixture(scope="module")
def company():
    with module_world() as [company]:
        yield company


def unit_thread(company) -> str:
    return f"/collab/threads/unit:{company.units['SALES']}"


def post(company, user: str, key: str | None, **body):
    headers = {"Idempotency-Key": key} if key is not None else None
    return company.as_(user).request("POST", f"{unit_thread(company)}/messages",
                                     {"body": "请补充数据来源", **body}, headers=headers)


def messages_with(company, text: str) -> list[dict]:
    return [m for m in company.as_("manager").get(unit_thread(company)).body["messages"] if m["body"] == text]


def mentions_of(company, user: str, message_id: str) -> int:
    return sum(1 for n in company.as_(user).get("/collab/inbox").body["items"]
               if n["kind"] == "mention" and message_id in n["link"])


def test_given_a_key_when_the_same_post_is_sent_twice_then_one_message_and_the_same_reply(company):
    first = post(company, "manager", "msg-0001", body="重发测试一", mentions=[company.people["seller"]])
    again = post(company, "manager", "msg-0001", body="重发测试一", mentions=[company.people["seller"]])

    assert first.status == 201, first.body
    assert again.status == 201, again.body
    assert again.body["message_id"] == first.body["message_id"]
    assert len(messages_with(company, "重发测试一")) == 1
    assert mentions_of(company, "employee", first.body["message_id"]) == 1


def test_given_no_key_when_the_same_post_is_sent_twice_then_two_messages(company):
    post(company, "manager", None, body="无标识两次")
    post(company, "manager", None, body="无标识两次")

    assert len(messages_with(company, "无标识两次")) == 2


def test_given_a_key_used_by_someone_else_when_posted_then_it_is_a_message_of_its_own(company):
    mine = post(company, "manager", "shared-key", body="同一标识不同人")
    theirs = post(company, "employee", "shared-key", body="同一标识不同人")

    assert mine.status == theirs.status == 201
    assert mine.body["message_id"] != theirs.body["message_id"]
    assert len(messages_with(company, "同一标识不同人")) == 2


def test_given_a_key_reused_with_another_body_when_posted_then_409_naming_the_key(company):
    post(company, "manager", "msg-0002", body="第一条")

    reply = post(company, "manager", "msg-0002", body="另一条")

    assert reply.status == 409
    assert reply.error_fields == ["Idempotency-Key"]
    assert messages_with(company, "另一条") == []


def test_given_an_overlong_key_when_posted_then_400_naming_the_key(company):
    reply = post(company, "manager", "k" * 201, body="太长的标识")

    assert reply.status == 400
    assert reply.error_fields == ["Idempotency-Key"]


def test_given_a_keyed_message_when_the_thread_is_read_then_the_key_is_not_a_message(company):
    posted = post(company, "manager", "msg-0003", body="读线程").body

    thread = company.as_("employee").get(unit_thread(company)).body

    assert all(set(m) >= {"message_id", "body"} for m in thread["messages"])
    assert posted["message_id"] in [m["message_id"] for m in thread["messages"]]
