"""The director's and HR's dashboards, read from what the company actually did."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.core import clock
from tests.support.indicator_sources import PERIOD, conversion, draft_set, with_source
from tests.support.world import staffed_company


@pytest.fixture
def company(api):
    return staffed_company(api)


def _department(dashboard: dict, name: str) -> dict:
    return next(d for d in dashboard["departments"] if d["name"] == name)


def test_director_sees_rollout_progress_per_department(company):
    # Given 销售部's manager has started drafting for its one employee (the head sits in the company unit)
    draft_set(company, [with_source(company, conversion(weight=100))], title="销售部 2026")
    # When the executive opens the director dashboard
    board = company.as_("executive").get("/dashboards/director", period=PERIOD).body
    # Then 销售部 shows that person drafting; 技术部's two people have not started
    sales = _department(board, "销售部")
    assert (sales["people"], sales["counts"]["drafting"], sales["counts"]["not_started"]) == (1, 1, 0)
    assert _department(board, "技术部")["counts"]["not_started"] == 2
    assert sales["completion"] == 0


def test_a_submitted_set_without_a_data_source_is_a_compliance_problem_for_director_and_hr(company):
    # Given a set whose only indicator has no data source, submitted for review
    indicator_set = draft_set(company, [conversion(weight=100, data_source={})], title="缺数据源")
    reply = company.as_("manager").post(f"/indicators/sets/{indicator_set['set_id']}/submit",
                                        {"version": indicator_set["version"]})
    assert reply.status == 200, reply.body
    # When the director and HR look at their dashboards
    board = company.as_("executive").get("/dashboards/director", period=PERIOD).body
    desk = company.as_("hr").get("/dashboards/hr", period=PERIOD).body
    # Then the director sees the problem under 销售部, and HR has it in the queue with its findings
    problem = next(p for p in board["compliance_problems"] if p["set_id"] == indicator_set["set_id"])
    assert problem["unit_name"] == "销售部" and problem["blocking_findings"] >= 1
    assert _department(board, "销售部")["compliance_problems"] == 1
    queued = next(q for q in desk["queue"] if q["set_id"] == indicator_set["set_id"])
    assert queued["blocking_findings"] >= 1 and queued["state"] == "in_review"


def test_a_department_is_late_once_the_goal_setting_deadline_has_passed(company):
    # Given a 2026 cycle whose goal-setting deadline was 10 January
    reply = company.as_("hr").post("/reviews/cycles", {"name": "2026 年度考核", "period": PERIOD,
                                                       "deadlines": {"goal_setting": "2026-01-10"}})
    assert reply.status == 201, reply.body
    try:
        # When the director looks on 1 February, with nobody's indicators approved
        clock.freeze(datetime(2026, 2, 1, tzinfo=UTC))
        board = company.as_("executive").get("/dashboards/director", period=PERIOD).body
    finally:
        clock.freeze(None)
    # Then every department is late and the cycle's progress is shown
    assert all(d["late"] for d in board["departments"])
    assert board["cycle"]["name"] == "2026 年度考核"


def test_a_department_outside_the_cycle_is_never_late(company):
    # Given a cycle for 销售部 only, its goal-setting deadline past
    reply = company.as_("hr").post("/reviews/cycles", {"name": "销售部 2026", "period": PERIOD,
                                                       "unit_id": company.units["SALES"],
                                                       "deadlines": {"goal_setting": "2026-01-10"}})
    assert reply.status == 201, reply.body
    try:
        clock.freeze(datetime(2026, 2, 1, tzinfo=UTC))
        board = company.as_("executive").get("/dashboards/director", period=PERIOD).body
    finally:
        clock.freeze(None)
    # Then 销售部 is late, and 技术部 (in no cycle) is neither late nor given the deadline
    assert _department(board, "销售部")["late"] is True
    tech = _department(board, "技术部")
    assert (tech["late"], tech["due_date"]) == (False, None)


def test_before_the_deadline_no_department_is_late(company):
    company.as_("hr").post("/reviews/cycles", {"name": "2026 年度考核", "period": PERIOD,
                                               "deadlines": {"goal_setting": "2026-01-10"}})
    try:
        clock.freeze(datetime(2026, 1, 5, tzinfo=UTC))
        board = company.as_("executive").get("/dashboards/director", period=PERIOD).body
    finally:
        clock.freeze(None)
    assert not any(d["late"] for d in board["departments"])


@pytest.mark.parametrize("period", ["0000", "0999-Q1"])
def test_a_period_before_year_1000_is_400_naming_the_period_not_a_server_error(company, period):
    # Found by the fuzzer: the query's pattern allowed years the period arithmetic cannot hold
    reply = company.as_("executive").get("/dashboards/director", period=period)
    assert reply.status == 400 and reply.error_fields == ["period"], reply.body


def test_a_manager_sees_only_their_own_unit(company):
    board = company.as_("manager").get("/dashboards/director", period=PERIOD).body
    assert [d["name"] for d in board["departments"]] == ["销售部"]


def test_an_employee_question_reaches_the_hr_desk(company):
    # Given an approved set the employee has a question about
    indicator_set = draft_set(company, [with_source(company, conversion(weight=100))], title="提问")
    s = company.as_("manager").post(f"/indicators/sets/{indicator_set['set_id']}/submit",
                                    {"version": indicator_set["version"]}).body
    approved = company.as_("hr").post(f"/indicators/sets/{s['set_id']}/approve", {"version": s["version"]})
    assert approved.status == 200, approved.body
    asked = company.as_("employee").post(f"/indicators/me/{s['set_id']}/question",
                                         {"text": "转化率的访客数由谁提供？"})
    assert asked.status == 200, asked.body
    # When HR opens the desk
    desk = company.as_("hr").get("/dashboards/hr", period=PERIOD).body
    # Then the question is there with the employee's name
    question = next(q for q in desk["questions"] if q["set_id"] == s["set_id"])
    assert question["text"] == "转化率的访客数由谁提供？" and question["person_name"] == "陈静"


def test_a_bad_period_names_the_field(company):
    reply = company.as_("executive").get("/dashboards/director", period="2026-13")
    assert reply.status == 400 and reply.error_fields == ["period"]


def test_without_a_period_the_hr_queue_spans_every_period(company):
    # Given one set in review for 2026 and one for 2027-Q1
    yearly = draft_set(company, [with_source(company, conversion(weight=100))], title="年度")
    quarterly = draft_set(company, [with_source(company, conversion(weight=100))], title="季度", period="2027-Q1")
    for s in (yearly, quarterly):
        reply = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/submit", {"version": s["version"]})
        assert reply.status == 200, reply.body
    # When HR opens the desk without choosing a period, and then for 2027-Q1 only
    everything = company.as_("hr").get("/dashboards/hr").body
    one_quarter = company.as_("hr").get("/dashboards/hr", period="2027-Q1").body
    # Then the first shows both, the second only the quarter's set
    assert {yearly["set_id"], quarterly["set_id"]} <= {q["set_id"] for q in everything["queue"]}
    assert everything["period"] is None
    assert [q["set_id"] for q in one_quarter["queue"]] == [quarterly["set_id"]]


def test_the_hr_desk_is_refused_to_managers(company):
    assert company.as_("manager").get("/dashboards/hr").status == 403


def test_with_no_cycle_running_the_unit_dashboard_says_nothing_is_measured_yet(company):
    reply = company.as_("manager").get(f"/dashboards/units/{company.units['SALES']}")
    assert reply.status == 200, reply.body
    assert (reply.body["cycle"], reply.body["indicators"], reply.body["unit_name"]) == (None, [], "销售部")


def test_a_named_cycle_that_does_not_exist_names_the_field(company):
    reply = company.as_("manager").get(f"/dashboards/units/{company.units['SALES']}", cycle_id="nope")
    assert reply.status == 400 and reply.error_fields == ["cycle_id"]


def test_a_person_the_cycle_excludes_counts_neither_in_completion_nor_as_late(company):
    # Given a cycle that leaves out 技术部's head, its goal-setting deadline past
    reply = company.as_("hr").post("/reviews/cycles", {"name": "2026 年度考核", "period": PERIOD,
                                                       "excluded_person_ids": [company.people["tech_head"]],
                                                       "deadlines": {"goal_setting": "2026-01-10"}})
    assert reply.status == 201, reply.body
    try:
        clock.freeze(datetime(2026, 2, 1, tzinfo=UTC))
        board = company.as_("executive").get("/dashboards/director", period=PERIOD).body
    finally:
        clock.freeze(None)
    # Then 技术部 counts only its engineer (the head is in no bucket), and is late for that one person
    tech = _department(board, "技术部")
    assert (tech["people"], tech["counts"]["not_started"], tech["late"]) == (1, 1, True)
