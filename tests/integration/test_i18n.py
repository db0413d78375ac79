"""Errors answer in the caller's language: zh-CN unless ``Accept-Language`` prefers English.

The same bad request gets the same codes in either language; only the messages change.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.support.collab_sources import module_world

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
EN = {"Accept-Language": "en-US,en;q=0.9"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def company():
    with module_world() as [company]:
        yield company


def post_task(company, body, headers=None):
    return company.as_("hr").request("POST", "/collab/tasks", body, headers=headers)


def codes(reply) -> list[tuple[str, str]]:
    return [(d["field"], d["code"]) for d in reply.body["error"]["details"]]


def test_a_validation_error_answers_in_chinese_by_default_and_in_english_when_asked(company):
    # Given a task without a title and without an assignee
    body = {"title": "", "deadline": YESTERDAY}
    # When HR posts it with no Accept-Language, and again asking for English
    zh, en = post_task(company, body), post_task(company, body, EN)
    # Then both are 400 naming the same fields with the same codes
    assert zh.status == en.status == 400
    assert codes(zh) == codes(en) == [("title", "input.empty"), ("assignee_id", "input.missing")]
    # and the messages are Chinese (no English word), or English
    assert [d["message"] for d in zh.body["error"]["details"]] == ["不能为空", "必填"]
    assert [d["message"] for d in en.body["error"]["details"]] == ["must not be empty", "required"]
    assert zh.body["error"]["message"] == "有 2 处填写有误"
    assert not any(LATIN_WORD.search(d["message"]) for d in zh.body["error"]["details"])


def test_a_limit_from_the_schema_is_named_in_the_message(company):
    # Given a title longer than the schema allows
    body = {"title": "长" * 121, "assignee_id": company.people["sales_head"], "deadline": YESTERDAY}
    # Then the message says the limit, in each language
    assert post_task(company, body).body["error"]["details"][0]["message"] == "最多 120 个字符"
    assert post_task(company, body, EN).body["error"]["details"][0]["message"] == "at most 120 characters"


def test_a_domain_error_answers_in_the_callers_language(company):
    # Given a task whose deadline is in the past
    body = {"title": "起草销售部指标", "assignee_id": company.people["sales_head"], "deadline": YESTERDAY}
    # When it is posted in each language
    zh, en = post_task(company, body), post_task(company, body, EN)
    # Then the error class and the detail's code stay, the text follows the language
    for reply in (zh, en):
        assert reply.status == 400 and reply.body["error"]["code"] == "invalid"
        assert codes(reply) == [("deadline", "task.deadline_past")]
    assert zh.body["error"]["message"] == zh.body["error"]["details"][0]["message"] == "截止日期不能早于今天"
    assert en.body["error"]["message"] == "the deadline is in the past"


def test_a_not_found_answers_in_the_callers_language(company):
    path = "/collab/threads/nothing:here"
    zh = company.as_("hr").get(path)
    en = company.as_("hr").request("GET", path, headers={"Accept-Language": "en"})
    assert (zh.status, zh.body["error"]["code"], zh.body["error"]["message"]) == (404, "not_found", "找不到该讨论")
    assert (en.status, en.body["error"]["message"]) == (404, "no such thread")


def test_a_refused_role_names_the_roles_that_may_in_the_callers_language(company):
    zh = company.as_("employee").get("/reminders/deliveries")
    en = company.as_("employee").request("GET", "/reminders/deliveries", headers=EN)
    assert zh.status == en.status == 403
    assert zh.body["error"]["message"] == "你的角色不能进行此操作"
    assert zh.body["error"]["details"] == [{"field": "role", "code": "role.required",
                                            "message": "需要以下角色之一：管理员、人力资源"}]
    assert en.body["error"]["details"][0]["message"] == "requires one of: admin, HR"


@pytest.mark.parametrize(("header", "expected"), [
    ("en;q=0.3, zh-CN;q=0.9", "截止日期不能早于今天"),
    ("fr-FR, en-GB;q=0.8", "the deadline is in the past"),
    ("zh-TW", "截止日期不能早于今天"),
    ("*", "截止日期不能早于今天"),
])
def test_q_values_pick_the_language(company, header, expected):
    body = {"title": "起草销售部指标", "assignee_id": company.people["sales_head"], "deadline": YESTERDAY}
    assert post_task(company, body, {"Accept-Language": header}).body["error"]["message"] == expected


def test_a_body_that_is_not_json_is_named_in_the_callers_language(company):
    zh = post_task(company, "{not json")
    en = post_task(company, "{not json", EN)
    assert codes(zh) == codes(en) == [("body", "body.invalid_json")]
    assert zh.body["error"]["message"] == "请求内容不是有效的 JSON"
    assert en.body["error"]["message"] == "the request body is not valid JSON"
