"""Rollout status per unit: who is at which stage, in the caller's scope, in two DynamoDB queries."""

from __future__ import annotations

from typing import Any

import pytest

import app as application
from tests.support.indicator_sources import conversion, draft_set, sales_goal, with_source
from tests.support.world import Company, staffed_company

PERIOD = "2026-Q1"


@pytest.fixture(scope="module")
def company():
    """销售部: seller confirmed, seller2 in review (another set); 技术部: engineer not started."""
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        demo = staffed_company(Api(client), "进度测试公司")
        demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
        goal = sales_goal(demo)
        published = _submitted(demo, "seller", goal)
        approved = demo.as_("hr").post(f"/indicators/sets/{published['set_id']}/approve",
                                       {"version": published["version"]})
        assert approved.status == 200, approved.body
        assert demo.as_("employee").post(f"/indicators/me/{published['set_id']}/confirm", {}).status == 200
        _submitted(demo, "seller2", goal)
        yield demo


def _submitted(company: Company, person: str, goal: str | None) -> dict[str, Any]:
    s = draft_set(company, [with_source(company, conversion(weight=100), goal_id=goal)], period=PERIOD,
                  person_ids=[company.people[person]], title=person)
    reply = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/submit", {"version": s["version"]})
    assert reply.status == 200, reply.body
    return reply.body


def _row(rollout: dict[str, Any], unit_id: str) -> dict[str, Any]:
    return next(r for r in rollout["items"] if r["unit_id"] == unit_id)


def test_hr_sees_every_department_with_its_counts(company: Company):
    reply = company.as_("hr").get("/indicators/rollout", period=PERIOD)
    assert reply.status == 200, reply.body
    sales = _row(reply.body, company.units["SALES"])
    assert (sales["people"], sales["counts"]["confirmed"], sales["counts"]["in_review"],
            sales["counts"]["not_started"]) == (2, 1, 1, 0)
    tech = _row(reply.body, company.units["TECH"])
    assert tech["counts"]["not_started"] == tech["people"] == 2
    company_row = _row(reply.body, company.root_unit_id)
    assert company_row["depth"] == 0 and company_row["people"] == reply.body["people"]


def test_the_sales_manager_sees_only_their_subtree(company: Company):
    reply = company.as_("manager").get("/indicators/rollout", period=PERIOD)
    assert reply.status == 200, reply.body
    assert [r["unit_id"] for r in reply.body["items"]] == [company.units["SALES"]]
    assert reply.body["totals"]["confirmed"] == 1


def test_another_period_has_not_started(company: Company):
    reply = company.as_("executive").get("/indicators/rollout", period="2027")
    totals = reply.body["totals"]
    assert totals["not_started"] == reply.body["people"] and totals["confirmed"] == 0


def test_employees_cannot_see_the_rollout(company: Company):
    assert company.as_("employee").get("/indicators/rollout", period=PERIOD).status == 403


def test_the_period_is_validated(company: Company):
    reply = company.as_("hr").get("/indicators/rollout", period="2026-13")
    assert (reply.status, reply.error_fields) == (400, ["period"])


def test_the_rollout_takes_two_dynamodb_round_trips(company: Company, monkeypatch: pytest.MonkeyPatch):
    from pynamodb.connection.base import Connection

    from chalicelib.core.context import RequestContext, Role
    from chalicelib.indicators import service
    from chalicelib.indicators.schemas import RolloutQuery

    calls: list[str] = []
    real = Connection._make_api_call

    def spy(self: Connection, operation_name: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(operation_name)
        return real(self, operation_name, *args, **kwargs)

    monkeypatch.setattr(Connection, "_make_api_call", spy)  # a spy: counts, changes nothing
    hr = RequestContext(tenant_id=company.tenant_id, user_id="u", roles=frozenset({Role.HR}))
    service.rollout(hr, RolloutQuery(period=PERIOD))
    assert calls == ["Query", "Query"]


def test_hr_lists_the_sets_waiting_for_review(company: Company):
    reply = company.as_("hr").get("/indicators/sets", period=PERIOD, state="in_review")
    assert [s["title"] for s in reply.body["items"]] == ["seller2"]


def test_a_manager_reads_a_person_file_in_their_unit_only(company: Company):
    mine = company.as_("manager").get(f"/indicators/files/{company.people['seller']}")
    assert mine.status == 200 and mine.body["items"][0]["confirmation"] == "confirmed"
    other = company.as_("tech_manager").get(f"/indicators/files/{company.people['seller']}")
    assert other.status == 403
