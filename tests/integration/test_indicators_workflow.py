"""The indicator workflow, walked through the demo company's story and its negative paths.

Story: 销售部's manager drafts 客户转化率 (target 10 %) and 回款率 for the 客户经理 position;
HR returns the set because 回款率 has no data source; the manager fixes it and resubmits; HR
approves; both holders find the locked version in their performance file and confirm.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

import app as application
from tests.support.indicator_sources import (
    PERIOD,
    collection,
    conversion,
    draft_set,
    sales_goal,
    sales_position,
    with_source,
)
from tests.support.world import Company, staffed_company


@pytest.fixture(scope="module")
def company():
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        demo = staffed_company(Api(client), "示例金融科技有限公司")
        demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
        demo.user("employee2", person="seller2")
        sales_position(demo, holders=("seller", "seller2"))
        sales_goal(demo)
        yield demo


def _goal(company: Company) -> str | None:
    return company.units.get("goal:SALES")


def _finding_rules(indicator_set: dict[str, Any], indicator_id: str | None = None) -> set[str]:
    return {f["rule"] for f in indicator_set["findings"] if f["severity"] == "error"
            and (indicator_id is None or f["indicator_id"] == indicator_id)}


def _position_set(company: Company, *indicators: dict[str, Any], title: str) -> dict[str, Any]:
    reply = company.as_("manager").post("/indicators/sets", {
        "period": PERIOD, "position_id": sales_position(company), "title": title, "indicators": list(indicators)})
    assert reply.status == 201, reply.body
    return reply.body


def _submit(company: Company, s: dict[str, Any], who: str = "manager") -> dict[str, Any]:
    reply = company.as_(who).post(f"/indicators/sets/{s['set_id']}/submit", {"version": s["version"]})
    assert reply.status == 200, reply.body
    return reply.body


def _approve(company: Company, s: dict[str, Any]) -> dict[str, Any]:
    reply = company.as_("hr").post(f"/indicators/sets/{s['set_id']}/approve", {"version": s["version"]})
    assert reply.status == 200, reply.body
    return reply.body


_years = itertools.count(2031)


def _ready_set(company: Company, title: str, person: str = "seller") -> dict[str, Any]:
    """A compliant set for one person, submitted for review, in a period of its own.

    (Two sets of one period giving a person the same indicator are a duplicate finding.)
    """
    goal = _goal(company)
    s = draft_set(company, [with_source(company, conversion(weight=100), goal_id=goal)],
                  title=title, person_ids=[company.people[person]], period=str(next(_years)))
    return _submit(company, s)


# ---- the story --------------------------------------------------------------------------------

def test_the_demo_company_rolls_out_its_sales_indicators(company: Company):
    goal = _goal(company)
    # Given 销售部's manager drafts 客户转化率 (target 10 %) and 回款率 (no data source) for 客户经理
    drafted = _position_set(company, with_source(company, conversion(), goal_id=goal),
                            collection(goal_id=goal), title="客户经理 2026 年度指标")
    assert drafted["state"] == "draft"
    assert sorted(drafted["person_ids"]) == sorted([company.people["seller"], company.people["seller2"]])
    conv, coll = drafted["indicators"]
    assert (conv["name"], conv["target"], conv["unit"]) == ("客户转化率", 10, "percent")
    assert conv["formula"] == "converted_customers / qualified_leads * 100"
    assert [m["key"] for m in conv["measures"]] == ["converted_customers", "qualified_leads"]

    # When the manager submits, the compliance check flags 回款率's missing data source only
    submitted = _submit(company, drafted)
    assert submitted["state"] == "in_review"
    assert _finding_rules(submitted, coll["indicator_id"]) == {"data_source"}
    assert _finding_rules(submitted, conv["indicator_id"]) == set()

    # And HR returns it with a comment on that indicator
    returned = company.as_("hr").post(f"/indicators/sets/{drafted['set_id']}/return", {
        "version": submitted["version"], "comment": "请补充回款率的数据来源",
        "indicator_comments": [{"indicator_id": coll["indicator_id"], "comment": "缺少数据来源和责任人"}]})
    assert returned.status == 200, returned.body
    assert returned.body["state"] == "returned"
    assert {(c["indicator_id"], c["text"]) for c in returned.body["comments"]} >= {
        (coll["indicator_id"], "缺少数据来源和责任人")}

    # Then the manager fixes 回款率 (keeping its id), resubmits, and the findings are gone
    fixed = company.as_("manager").patch(f"/indicators/sets/{drafted['set_id']}", {
        "version": returned.body["version"],
        "indicators": [{**with_source(company, conversion(), goal_id=goal), "indicator_id": conv["indicator_id"]},
                       {**with_source(company, collection(), owner="sales_head", goal_id=goal),
                        "indicator_id": coll["indicator_id"]}]})
    assert fixed.status == 200, fixed.body
    resubmitted = _submit(company, fixed.body)
    assert _finding_rules(resubmitted) == set()

    # When HR approves, the set is published and each holder's file has the locked version
    approved = _approve(company, resubmitted)
    assert approved["state"] == "published"
    assert [h["action"] for h in approved["history"]] == [
        "create", "submit", "return", "submit", "approve", "publish"]
    assert all(h["by_user_id"] and h["at"] for h in approved["history"])
    for label in ("employee", "employee2"):
        file = company.as_(label).get("/indicators/me").body["items"]
        entry = next(e for e in file if e["set_id"] == drafted["set_id"])
        assert entry["locked"] and entry["confirmation"] == "pending" and entry["revision"] == 1
        assert [i["name"] for i in entry["indicators"]] == ["客户转化率", "回款率"]

    # Then both employees confirm
    for label in ("employee", "employee2"):
        reply = company.as_(label).post(f"/indicators/me/{drafted['set_id']}/confirm", {"revision": 1})
        assert reply.status == 200, reply.body
        assert reply.body["confirmation"] == "confirmed"
    final = company.as_("hr").get(f"/indicators/sets/{drafted['set_id']}").body
    assert {a["confirmation"] for a in final["assignees"]} == {"confirmed"}

    # And every step is in the audit log
    log = company.as_("hr").get("/audit", entity=f"indicator_set:{drafted['set_id']}")
    if log.status == 200:
        actions = [e["action"] for e in log.body["items"]]
        assert {"create", "submit", "return", "update", "approve"} <= set(actions)


def test_employees_get_notified_when_their_indicators_are_published(company: Company):
    s = _ready_set(company, "通知测试", person="seller2")
    _approve(company, s)
    inbox = company.as_("employee2").get("/collab/inbox")
    if inbox.status == 404:
        pytest.skip("collaboration inbox not deployed")
    assert any(n["kind"] == "confirmation_needed" for n in inbox.body["items"]), inbox.body


# ---- negative paths ---------------------------------------------------------------------------

def test_an_employee_cannot_approve(company: Company):
    s = _ready_set(company, "员工越权")
    reply = company.as_("employee").post(f"/indicators/sets/{s['set_id']}/approve", {"version": s["version"]})
    assert reply.status == 403
    assert company.as_("hr").get(f"/indicators/sets/{s['set_id']}").body["state"] == "in_review"


def test_the_manager_who_drafted_cannot_approve_either(company: Company):
    s = _ready_set(company, "经理越权")
    reply = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/approve", {"version": s["version"]})
    assert reply.status == 403


def test_the_tech_manager_cannot_draft_for_sales(company: Company):
    reply = company.as_("tech_manager").post("/indicators/sets", {
        "period": PERIOD, "person_ids": [company.people["seller"]], "indicators": [conversion(weight=100)]})
    assert reply.status == 403
    assert reply.error_fields == ["unit_id"]


def test_the_tech_manager_cannot_name_the_sales_unit_either(company: Company):
    reply = company.as_("tech_manager").post("/indicators/sets", {
        "period": PERIOD, "unit_id": company.units["SALES"], "position_id": sales_position(company),
        "indicators": [conversion(weight=100)]})
    assert reply.status == 403


def test_the_tech_manager_cannot_change_a_sales_set(company: Company):
    s = draft_set(company, [conversion(weight=100)], title="技术部改销售部")
    reply = company.as_("tech_manager").patch(f"/indicators/sets/{s['set_id']}", {"version": s["version"],
                                                                                   "title": "x"})
    assert reply.status == 403


def test_the_tech_manager_does_not_see_sales_sets(company: Company):
    s = draft_set(company, [conversion(weight=100)], title="销售部私有")
    assert company.as_("tech_manager").get(f"/indicators/sets/{s['set_id']}").status == 403
    listed = company.as_("tech_manager").get("/indicators/sets", period=PERIOD).body["items"]
    assert s["set_id"] not in {i["set_id"] for i in listed}


def test_hr_may_draft_for_any_unit(company: Company):
    s = draft_set(company, [conversion(weight=100)], as_="hr", title="HR 代拟")
    assert s["state"] == "draft"


def test_weights_of_90_are_a_finding_and_block_approval(company: Company):
    goal = _goal(company)
    s = draft_set(company, [with_source(company, conversion(weight=50, name="客户转化率·权重"), goal_id=goal),
                            with_source(company, collection(weight=40, name="回款率·权重"), goal_id=goal)],
                  title="权重 90")
    submitted = _submit(company, s)
    weights = [f for f in submitted["findings"] if f["rule"] == "weights"]
    assert weights and weights[0]["indicator_id"] is None and weights[0]["code"] == "finding.weights_total"
    assert weights[0]["message"] == {"zh-CN": "权重合计为 90，应为 100", "en": "weights add up to 90, not 100"}
    reply = company.as_("hr").post(f"/indicators/sets/{s['set_id']}/approve", {"version": submitted["version"]})
    assert reply.status == 409
    assert "indicators.weight" in reply.error_fields
    assert company.as_("hr").get(f"/indicators/sets/{s['set_id']}").body["state"] == "in_review"


def test_concurrent_approvals_one_wins_the_other_gets_409(company: Company):
    s = _ready_set(company, "并发批准")
    # Both HR users read the set at the same version and approve it
    first = company.as_("hr").post(f"/indicators/sets/{s['set_id']}/approve", {"version": s["version"]})
    second = company.as_("admin").post(f"/indicators/sets/{s['set_id']}/approve", {"version": s["version"]})
    assert sorted([first.status, second.status]) == [200, 409]
    file = company.as_("employee").get("/indicators/me").body["items"]
    assert len([e for e in file if e["set_id"] == s["set_id"]]) == 1


def test_a_set_in_review_cannot_be_edited_or_resubmitted(company: Company):
    s = _ready_set(company, "审核中")
    edit = company.as_("manager").patch(f"/indicators/sets/{s['set_id']}", {"version": s["version"], "title": "x"})
    again = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/submit", {"version": s["version"]})
    assert (edit.status, again.status) == (409, 409)
    assert edit.body["error"]["message"].endswith("正在等待人力资源审核，可撤回后再修改")


def test_a_stale_version_is_409(company: Company):
    s = draft_set(company, [conversion(weight=100)], title="过期版本")
    company.as_("manager").patch(f"/indicators/sets/{s['set_id']}", {"version": s["version"], "title": "新"})
    reply = company.as_("manager").patch(f"/indicators/sets/{s['set_id']}", {"version": s["version"], "title": "旧"})
    assert reply.status == 409
    assert reply.error_fields == ["version"]


def test_returning_needs_a_reason(company: Company):
    s = _ready_set(company, "退回无理由")
    reply = company.as_("hr").post(f"/indicators/sets/{s['set_id']}/return", {"version": s["version"]})
    assert reply.status == 400


def test_a_withdrawn_set_is_a_draft_again(company: Company):
    s = _ready_set(company, "撤回")
    reply = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/withdraw", {"version": s["version"]})
    assert reply.status == 200 and reply.body["state"] == "draft"


# ---- after publishing ---------------------------------------------------------------------------

def test_changing_a_published_indicator_makes_a_new_version_reviewed_again(company: Company):
    goal = _goal(company)
    published = _approve(company, _ready_set(company, "修订", person="seller2"))
    indicator = published["indicators"][0]
    # When the manager revises the published set and raises the target
    revised = company.as_("manager").post(f"/indicators/sets/{published['set_id']}/revise",
                                          {"version": published["version"], "comment": "上调目标"})
    assert revised.status == 200, revised.body
    assert (revised.body["state"], revised.body["revision"], revised.body["published_revision"]) == ("draft", 2, 1)
    changed = company.as_("manager").patch(f"/indicators/sets/{published['set_id']}", {
        "version": revised.body["version"],
        "indicators": [{**with_source(company, conversion(weight=100, target=11, name=indicator["name"]),
                                      goal_id=goal), "indicator_id": indicator["indicator_id"]}]})
    assert changed.status == 200, changed.body
    assert changed.body["indicators"][0]["revision"] == 2
    # Then the employee still sees the locked revision 1 until HR approves revision 2
    entries = [e for e in company.as_("employee2").get("/indicators/me").body["items"]
               if e["set_id"] == published["set_id"]]
    assert [(e["revision"], e["indicators"][0]["target"]) for e in entries] == [(1, 10)]
    _approve(company, _submit(company, changed.body))
    entries = sorted([e for e in company.as_("employee2").get("/indicators/me").body["items"]
                      if e["set_id"] == published["set_id"]], key=lambda e: e["revision"])
    assert [(e["revision"], e["indicators"][0]["target"], e["superseded"]) for e in entries] == [
        (1, 10, True), (2, 11, False)]
    versions = company.as_("hr").get(f"/indicators/sets/{published['set_id']}/versions").body["items"]
    assert [v["revision"] for v in versions] == [1, 2]
    # And confirming the old revision is refused
    stale = company.as_("employee2").post(f"/indicators/me/{published['set_id']}/confirm", {"revision": 1})
    assert stale.status == 409


def test_an_employee_question_goes_back_to_manager_and_hr(company: Company):
    published = _approve(company, _ready_set(company, "疑问", person="seller2"))
    asked = company.as_("employee2").post(f"/indicators/me/{published['set_id']}/question",
                                          {"text": "有效线索的口径是什么？"})
    assert asked.status == 200, asked.body
    assert asked.body["confirmation"] == "questioned"
    seen = company.as_("manager").get(f"/indicators/sets/{published['set_id']}").body
    question = seen["questions"][0]
    assert (question["text"], question["person_id"]) == ("有效线索的口径是什么？", company.people["seller2"])
    assert company.as_("hr").get(f"/indicators/sets/{published['set_id']}").body["questions"]
    answered = company.as_("manager").post(f"/indicators/sets/{published['set_id']}/answer", {
        "version": seen["version"], "question_id": question["question_id"], "answer": "以 CRM 中标记为有效的线索为准"})
    assert answered.status == 200, answered.body
    assert answered.body["questions"][0]["answer"]
    confirmed = company.as_("employee2").post(f"/indicators/me/{published['set_id']}/confirm", {})
    assert confirmed.status == 200 and confirmed.body["confirmation"] == "confirmed"


def test_a_person_not_assigned_cannot_confirm(company: Company):
    published = _approve(company, _ready_set(company, "他人确认", person="seller2"))
    reply = company.as_("engineer").post(f"/indicators/me/{published['set_id']}/confirm", {})
    assert reply.status == 404


def test_confirming_twice_is_409(company: Company):
    published = _approve(company, _ready_set(company, "重复确认", person="seller2"))
    assert company.as_("employee2").post(f"/indicators/me/{published['set_id']}/confirm", {}).status == 200
    assert company.as_("employee2").post(f"/indicators/me/{published['set_id']}/confirm", {}).status == 409


# ---- drafting details ---------------------------------------------------------------------------

def test_bad_formulas_are_field_errors(company: Company):
    for formula, expected in [("converted / leads * 100", "Unknown measure"),
                              ("converted_customers / 0", "Division by a constant zero"),
                              ("converted_customers / (", "Syntax error"),
                              ("__import__('os')", "")]:
        reply = company.as_("manager").request("POST", "/indicators/sets", {
            "period": PERIOD, "person_ids": [company.people["seller"]],
            "indicators": [conversion(weight=100, formula=formula)]}, headers={"Accept-Language": "en"})
        assert reply.status == 400, (formula, reply.body)
        assert reply.error_fields[0] == "indicators.0.formula"
        assert expected in reply.body["error"]["details"][0]["message"]


def test_an_unknown_template_or_goal_is_a_field_error(company: Company):
    reply = company.as_("manager").post("/indicators/sets", {
        "period": PERIOD, "person_ids": [company.people["seller"]],
        "indicators": [conversion(weight=100), {"template_code": "NO_SUCH_TEMPLATE", "weight": 0}]})
    assert (reply.status, reply.error_fields) == (400, ["indicators.1.template_code"])
    reply = company.as_("manager").post("/indicators/sets", {
        "period": PERIOD, "person_ids": [company.people["seller"]],
        "indicators": [conversion(weight=100, goal_id="01nosuchgoal0000000000000")]})
    assert (reply.status, reply.error_fields) == (400, ["indicators.0.goal_id"])


def test_a_template_s_data_source_is_the_company_s_unit_and_its_head(company: Company):
    # Given 客户转化率's template suggests 销售部 (headed by 李强), 逾期率's 风险管理部 (not in this company)
    s = draft_set(company, [conversion(weight=60), {"template_code": "RISK_OVERDUE_RATE_M1", "weight": 40}],
                  title="模板数据源")
    converted, overdue = s["indicators"]
    # Then the first is drafted with 销售部 and its head as owner, the system kept in words: no data-source finding
    assert converted["data_source"] == {"unit_id": company.units["SALES"], "system": "CRM 客户管理系统",
                                        "owner_person_id": company.people["sales_head"]}
    findings = {(f["indicator_id"], f["rule"]) for f in s["findings"]}
    assert (converted["indicator_id"], "data_source") not in findings
    # and the second has no unit nor owner to guess: the compliance check names what is missing
    assert (overdue["data_source"]["unit_id"], overdue["data_source"]["owner_person_id"]) == (None, None)
    assert (overdue["indicator_id"], "data_source") in findings


def test_bulk_assign_adds_the_position_holders(company: Company):
    s = draft_set(company, [conversion(weight=100)], title="批量分配")
    assert s["person_ids"] == [company.people["seller"]]
    reply = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/assign", {
        "version": s["version"], "position_id": sales_position(company)})
    assert reply.status == 200, reply.body
    assert sorted(reply.body["person_ids"]) == sorted([company.people["seller"], company.people["seller2"]])


def test_bulk_assign_outside_the_unit_is_refused(company: Company):
    s = draft_set(company, [conversion(weight=100)], title="跨部门分配")
    reply = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/assign", {
        "version": s["version"], "person_ids": [company.people["engineer"]]})
    assert reply.status == 403


def test_the_same_indicator_twice_is_a_duplicate_finding(company: Company):
    s = draft_set(company, [conversion(weight=50), conversion(weight=50)], title="重复")
    assert "duplicate" in _finding_rules(s)


def test_inconsistent_thresholds_are_a_finding(company: Company):
    s = draft_set(company, [conversion(weight=100, target=10, threshold=12)], title="门槛高于目标")
    direction = [f for f in s["findings"] if f["rule"] == "direction"]
    assert direction and direction[0]["field"] == "threshold"


# ---- every illegal step over HTTP -------------------------------------------------------------

_ROUTE = {"edit": ("PATCH", ""), "assign": ("POST", "/assign"), "submit": ("POST", "/submit"),
          "withdraw": ("POST", "/withdraw"), "approve": ("POST", "/approve"), "return": ("POST", "/return"),
          "revise": ("POST", "/revise"), "answer": ("POST", "/answer")}


def _set_in(company: Company, state: str) -> dict[str, Any]:
    s = _ready_set(company, f"状态-{state}")
    if state == "returned":
        reply = company.as_("hr").post(f"/indicators/sets/{s['set_id']}/return", {"version": s["version"],
                                                                                    "comment": "x"})
        s = reply.body
    elif state == "published":
        s = _approve(company, s)
    elif state == "draft":
        s = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/withdraw", {"version": s["version"]}).body
    assert s["state"] == state
    return s


@pytest.mark.parametrize("state", ["draft", "in_review", "returned", "published"])
def test_every_illegal_action_in_a_state_is_409_and_changes_nothing(company: Company, state: str):
    from chalicelib.indicators import workflow
    from chalicelib.indicators.schemas import SetState

    s = _set_in(company, state)
    illegal = [a for a in _ROUTE if not workflow.allowed(SetState(state), a)]
    assert illegal
    for action in illegal:
        method, suffix = _ROUTE[action]
        body: dict[str, Any] = {"version": s["version"], "comment": "x"}
        if action == "edit":
            body = {"version": s["version"], "title": "x"}
        elif action == "assign":
            body = {"version": s["version"], "person_ids": [company.people["seller"]]}
        elif action == "answer":
            body = {"version": s["version"], "question_id": "q", "answer": "a"}
        who = "hr" if action in ("approve", "return") else "manager"
        reply = company.as_(who).request(method, f"/indicators/sets/{s['set_id']}{suffix}", body,
                                         headers={"Accept-Language": "en"})
        assert reply.status == 409, (state, action, reply.body)
        assert reply.body["error"]["details"][0]["code"] == "set.illegal_action"
        message = reply.body["error"]["message"]
        assert f"cannot {action} an indicator set in state {state.replace('_', ' ')}" in message
    after = company.as_("hr").get(f"/indicators/sets/{s['set_id']}").body
    assert (after["state"], after["version"]) == (state, s["version"])
