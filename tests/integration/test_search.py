"""Global search: what each role finds, how it ranks, and what a search reads."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.support.collab_sources import module_world
from tests.support.review_sources import loans, publish

SOON = (date.today() + timedelta(days=10)).isoformat()


@pytest.fixture(scope="module")
def company():
    with module_world() as [company]:
        # Given a published set for 陈静 (seller) with 放款金额, a draft of 技术部, and two tasks
        publish(company, ["seller"], "2026-05", [loans(company, weight=100)])
        reply = company.as_("tech_manager").post(
            "/indicators/sets",
            {
                "period": "2026-05",
                "unit_id": company.units["TECH"],
                "person_ids": [company.people["engineer"]],
                "title": "技术部放款支持指标",
                "indicators": [],
            },
        )
        assert reply.status == 201, reply.body
        for by, to, title in (("hr", "seller", "补充放款台账"), ("hr", "engineer", "放款系统巡检")):
            reply = company.as_(by).post(
                "/collab/tasks", {"title": title, "assignee_id": company.people[to], "deadline": SOON}
            )
            assert reply.status == 201, reply.body
        yield company


def found(company, who: str, q: str, **params: Any) -> dict[str, list[str]]:
    reply = company.as_(who).get("/search", q=q, **params)
    assert reply.status == 200, reply.body
    return {g["kind"]: [h["title"] for h in g["items"]] for g in reply.body["groups"]}


def test_an_employee_finds_people_and_units_but_only_her_own_indicators_and_tasks(company):
    # When 陈静 (employee) searches 放款
    groups = found(company, "employee", "放款")
    # Then her own indicator and her task, no set titles (not hers to open) and not 刘洋's task
    assert groups == {"indicator": ["放款金额"], "task": ["补充放款台账"]}
    # And people and units by name
    assert found(company, "employee", "刘洋") == {"person": ["刘洋"]}
    assert found(company, "employee", "技术") == {"unit": ["技术部"]}


def test_hr_finds_every_set_title_but_only_her_own_tasks(company):
    groups = found(company, "hr", "放款")
    assert sorted(groups["indicator_set"]) == ["技术部放款支持指标"]
    assert sorted(groups["task"]) == ["放款系统巡检", "补充放款台账"]  # she created both
    assert "indicator" not in groups  # 孙丽 has no published indicators of her own


def test_a_manager_finds_the_sets_of_the_units_she_heads_only(company):
    assert "indicator_set" not in found(company, "manager", "技术部")
    assert found(company, "tech_manager", "技术部").get("indicator_set") == ["技术部放款支持指标"]


def test_exact_and_prefix_matches_come_first_and_the_limit_says_more(company):
    reply = company.as_("hr").get("/search", q="部", limit=1)
    units = next(g for g in reply.body["groups"] if g["kind"] == "unit")
    assert len(units["items"]) == 1 and units["more"] is True
    assert found(company, "hr", "销售部")["unit"][0] == "销售部"


def test_full_width_and_case_do_not_matter(company):
    employee_no = company.admin.get(f"/org/people/{company.people['seller']}").body["employee_no"]
    wide = employee_no.lower().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert found(company, "hr", wide) == {"person": ["陈静"]}
    # An employee does not find colleagues by employee number (she does not see it)
    assert found(company, "engineer", employee_no) == {}


@pytest.mark.parametrize("q", ["", "x" * 51])
def test_bad_words_are_400_naming_q(company, q):
    reply = company.as_("employee").get("/search", q=q)
    assert reply.status == 400 and reply.error_fields == ["q"], reply.body


def test_a_search_reads_the_list_indexes_never_a_scan(company, monkeypatch):
    from pynamodb.connection.base import Connection

    calls: list[str] = []
    real = Connection._make_api_call

    def spy(self: Connection, operation_name: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(operation_name)
        return real(self, operation_name, *args, **kwargs)

    monkeypatch.setattr(Connection, "_make_api_call", spy)
    company.as_("manager").get("/search", q="放款")
    reads = [c for c in calls if c not in ("PutItem", "UpdateItem")]  # the request meter writes
    # tree + set summaries + own file + versions + tasks created (+ batch) + tasks assigned
    assert "Scan" not in reads and len(reads) <= 8, reads


@pytest.mark.parametrize("limit", ["0", "21", "x"])
def test_a_bad_limit_is_400_naming_it(company, limit):
    reply = company.as_("employee").get("/search", q="销售", limit=limit)
    assert reply.status == 400 and reply.error_fields == ["limit"], reply.body


@pytest.mark.parametrize("q", ["   ", "%", "\u0000", "😀", "ｘ" * 50])
def test_odd_words_find_nothing_rather_than_fail(company, q):
    reply = company.as_("employee").get("/search", q=q)
    assert reply.status in (200, 400), reply.body
    if reply.status == 200:
        assert reply.body["groups"] == []
