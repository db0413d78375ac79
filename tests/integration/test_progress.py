"""The employee's own live progress (GET /dashboards/me) and the one-tap chase (POST /dashboards/units/{id}/chase)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.collab import store as collab_store
from chalicelib.core import audit, clock
from tests.support.review_sources import (
    add_operations,
    conversion,
    enter,
    indicator_ids,
    must_advance,
    open_cycle,
    publish,
)
from tests.support.world import staffed_company

PERIOD = "2026-Q2"


@pytest.fixture
def company(api):
    demo = staffed_company(api)
    add_operations(demo)
    demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
    demo.user("employee2", person="seller2")
    return demo


def _running_cycle_with_actuals(company):
    published = publish(company, ["seller", "seller2"], PERIOD, [conversion(company, weight=100)])
    must_advance(company, open_cycle(company, PERIOD))
    rate = indicator_ids(published)["客户转化率"]
    assert enter(company, "ops", PERIOD, "seller", rate, {"qualified_leads": 100}, "2026-04-30").status == 200
    assert enter(company, "employee", PERIOD, "seller", rate, {"converted_customers": 8}, "2026-04-30").status == 200
    return published


# ---- my progress ---------------------------------------------------------------------------------

def test_while_a_cycle_runs_the_employee_sees_her_actual_vs_target_like_her_head(company):
    # Given a running cycle where 陈静's conversion stands at 8 % against 10 %
    _running_cycle_with_actuals(company)
    # When she opens her progress, and her head opens the unit dashboard
    mine = company.as_("employee").get("/dashboards/me")
    head = company.as_("manager").get(f"/dashboards/units/{company.units['SALES']}").body
    # Then she sees the same figures, trend and forecast her head sees (her history has no published cycle yet)
    assert mine.status == 200, mine.body
    [kpi] = mine.body["indicators"]
    theirs = next(i for i in head["indicators"] if i["person_name"] == "陈静")
    assert (kpi["name"], kpi["actual"], kpi["target"], kpi["value_unit"]) == ("客户转化率", 8.0, 10, "percent")
    assert (kpi["actual"], kpi["trend"], kpi["forecast"]) == (theirs["actual"], theirs["trend"], theirs["forecast"])
    assert kpi["forecast"]["at_risk"] is True
    assert mine.body["cycle"]["period"] == PERIOD
    assert company.as_("employee").get("/reviews/me/history").body["items"] == []


def test_a_colleague_sees_only_her_own_indicators(company):
    # Given 陈静 has actuals in the running cycle and 王敏 none yet
    _running_cycle_with_actuals(company)
    # When 王敏 opens her progress
    mine = company.as_("employee2").get("/dashboards/me")
    # Then she sees her own indicator without actuals, and nothing of 陈静
    assert mine.status == 200
    assert [(i["person_name"], i["actual"]) for i in mine.body["indicators"]] == [("王敏", None)]
    assert "陈静" not in mine.raw and company.people["seller"] not in mine.raw


def test_with_no_cycle_running_the_progress_is_empty_not_an_error(company):
    mine = company.as_("employee").get("/dashboards/me")
    assert mine.status == 200 and mine.body["indicators"] == [] and mine.body["cycle"] is None


def test_the_answer_to_her_question_is_on_her_progress_and_the_notification_names_the_set(company):
    # Given 陈静 asked about her published indicators and HR answered
    published = publish(company, ["seller"], PERIOD, [conversion(company, weight=100)])
    set_id = published["set_id"]
    asked = company.as_("employee").post(f"/indicators/me/{set_id}/question", {"text": "线索由谁统计？"})
    assert asked.status == 200, asked.body
    full = company.as_("hr").get(f"/indicators/sets/{set_id}").body
    question_id = full["questions"][0]["question_id"]
    answered = company.as_("hr").post(f"/indicators/sets/{set_id}/answer", {
        "version": full["version"], "question_id": question_id, "answer": "以 CRM 标记为准"})
    assert answered.status == 200, answered.body
    # When she opens her progress and her inbox
    mine = company.as_("employee").get("/dashboards/me").body
    inbox = company.as_("employee").get("/collab/inbox").body["items"]
    # Then the question shows its answer, and the notification opens that set
    assert [(q["text"], q["answer"]) for q in mine["questions"]] == [("线索由谁统计？", "以 CRM 标记为准")]
    answered_note = next(n for n in inbox if "答复" in n["title"]["zh-CN"])
    assert answered_note["link"] == f"/#/mine?set={set_id}"


# ---- chase ---------------------------------------------------------------------------------------

def _chase(company, user, unit="TECH", period="2026"):
    return company.as_(user).post(f"/dashboards/units/{company.units[unit]}/chase", {"period": period})


def test_the_director_chases_the_people_behind_once_a_day_with_an_audit_record(company):
    # Given nobody in 技术部 has started their 2026 indicators
    # When the executive taps 催办 twice on the same day
    first = _chase(company, "executive")
    second = _chase(company, "executive")
    # Then both people are reminded once: an inbox item each, queued for the digest, and one audit record
    assert first.status == 200, first.body
    assert sorted((p["name"], p["stage"]) for p in first.body["chased"]) == [("刘洋", "not_started"),
                                                                             ("赵磊", "not_started")]
    assert second.status == 200 and second.body["chased"] == []
    assert sorted(p["name"] for p in second.body["already_chased"]) == ["刘洋", "赵磊"]
    notes = [n for n in company.as_("engineer").get("/collab/inbox").body["items"] if n["kind"] == "chase"]
    assert len(notes) == 1 and notes[0]["pending"] is True and "2026" in notes[0]["title"]["zh-CN"]
    queued = [i for i in collab_store.due_actions(company.tenant_id, clock.today() + timedelta(days=1))
              if i.payload().get("kind") == "chase"]
    assert len(queued) == 2
    records = [e for e in audit.entries(company.tenant_id, "unit", company.units["TECH"]) if e["action"] == "chase"]
    assert len(records) == 1
    tech = sorted([company.people["engineer"], company.people["tech_head"]])
    assert sorted(records[0]["after"]["person_ids"]) == tech


def test_the_next_day_the_same_people_can_be_chased_again(company):
    now = clock.now()
    try:
        clock.freeze(now)
        assert len(_chase(company, "executive").body["chased"]) == 2
        clock.freeze(now + timedelta(days=1))
        again = _chase(company, "executive")
    finally:
        clock.freeze(None)
    assert len(again.body["chased"]) == 2 and again.body["already_chased"] == []


def test_people_whose_indicators_are_approved_are_not_chased(company):
    # Given 陈静's 2026 indicators are approved and 王敏 has none; the head chases 销售部
    publish(company, ["seller"], "2026", [conversion(company, weight=100)])
    reply = _chase(company, "manager", unit="SALES")
    # Then only 王敏 is reminded (the head does not chase herself)
    assert reply.status == 200, reply.body
    assert [p["name"] for p in reply.body["chased"]] == ["王敏"]


def test_a_head_cannot_chase_another_department_nor_an_employee_anyone(company):
    assert _chase(company, "manager", unit="TECH").status == 403
    assert _chase(company, "employee", unit="SALES").status == 403


def test_an_unknown_unit_is_404_and_a_bad_period_names_the_field(company):
    assert company.as_("executive").post("/dashboards/units/nope/chase", {"period": "2026"}).status == 404
    bad = _chase(company, "executive", period="2026-13")
    assert bad.status == 400 and bad.error_fields == ["period"]


def test_a_chase_at_the_day_boundary_uses_the_china_day(company):
    # Given 23:30 UTC on 1 March = 07:30 on 2 March in China
    try:
        clock.freeze(datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
        reply = _chase(company, "executive")
    finally:
        clock.freeze(None)
    assert reply.body["day"] == "2026-03-02"


def test_a_large_unit_is_chased_in_several_transactions_each_with_its_audit_record(company, monkeypatch):
    # Given transactions that hold one person each (a unit of hundreds needs several: 100 items at most)
    from chalicelib.dashboards import chase

    monkeypatch.setattr(chase, "PEOPLE_PER_TRANSACTION", 1)
    # When the executive chases 技术部's two people
    reply = _chase(company, "executive")
    # Then both are reminded, and each transaction carried its own audit record
    assert len(reply.body["chased"]) == 2
    records = [e for e in audit.entries(company.tenant_id, "unit", company.units["TECH"]) if e["action"] == "chase"]
    assert sorted(len(r["after"]["person_ids"]) for r in records) == [1, 1]
