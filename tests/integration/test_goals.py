"""Strategic goals: the company → unit → position cascade, its rules and who may set what."""

from __future__ import annotations

import pytest

from tests.support.org_sources import company_goal, staffed_world
from tests.support.world import Company


@pytest.fixture(scope="module")
def company():
    with staffed_world() as world:
        yield world


@pytest.fixture(scope="module")
def sales_position(company: Company) -> str:
    reply = company.admin.post(
        "/org/positions", {"code": "LOAN_OFFICER", "title": "信贷员", "unit_id": company.units["SALES"]}
    )
    assert reply.status == 201, reply.body
    return reply.body["position_id"]


def unit_goal(company: Company, parent_id: str, unit: str = "SALES", as_: str = "hr", **extra) -> dict:
    reply = company.as_(as_).post(
        "/org/goals",
        {
            "period": "2026",
            "level": "unit",
            "title": f"{unit} 目标",
            "parent_id": parent_id,
            "unit_id": company.units[unit],
            **extra,
        },
    )
    assert reply.status == 201, reply.body
    return reply.body


def test_hr_sets_a_company_goal(company):
    # When HR sets a company goal for 2026
    goal = company_goal(company, "年度净利润 3 亿元")
    # Then it is stored at version 1 and readable by any employee
    assert goal["level"] == "company" and goal["version"] == 1 and goal["parent_id"] is None
    reply = company.as_("employee").get(f"/org/goals/{goal['goal_id']}")
    assert reply.status == 200 and reply.body["title"] == "年度净利润 3 亿元"


def test_the_cascade_is_a_tree_company_unit_position(company, sales_position):
    # Given a company goal, a 销售部 goal under it and a position goal under that, in 2027
    top = company_goal(company, "2027 放款规模 150 亿元", period="2027")
    reply = company.as_("hr").post(
        "/org/goals",
        {
            "period": "2027",
            "level": "unit",
            "title": "销售部放款 80 亿元",
            "parent_id": top["goal_id"],
            "unit_id": company.units["SALES"],
        },
    )
    unit = reply.body
    reply = company.as_("manager").post(
        "/org/goals",
        {
            "period": "2027",
            "level": "position",
            "title": "人均放款 1 亿",
            "parent_id": unit["goal_id"],
            "position_id": sales_position,
        },
    )
    assert reply.status == 201, reply.body
    assert reply.body["unit_id"] == company.units["SALES"]
    # When anyone reads the 2027 cascade
    tree = company.as_("engineer").get("/org/goals/cascade", period="2027")
    # Then it nests position under unit under company
    assert tree.status == 200
    assert tree.body["period"] == "2027"
    [root] = tree.body["roots"]
    assert root["goal_id"] == top["goal_id"]
    [child] = root["children"]
    assert child["goal_id"] == unit["goal_id"]
    assert [g["title"] for g in child["children"]] == ["人均放款 1 亿"]


def test_list_filters_by_period_and_level(company):
    company_goal(company, "2028 目标", period="2028")
    reply = company.as_("employee").get("/org/goals", period="2028", level="company")
    assert reply.status == 200
    assert [g["title"] for g in reply.body["items"]] == ["2028 目标"]
    assert company.as_("employee").get("/org/goals", period="1999").body["items"] == []


def test_the_parent_must_exist(company):
    reply = company.as_("hr").post(
        "/org/goals",
        {"period": "2026", "level": "unit", "title": "x", "parent_id": "nope", "unit_id": company.units["SALES"]},
    )
    assert reply.status == 400 and reply.error_fields == ["parent_id"]


def test_the_parent_must_be_of_the_same_period(company):
    top = company_goal(company, "2029 目标", period="2029")
    reply = company.as_("hr").post(
        "/org/goals",
        {
            "period": "2026",
            "level": "unit",
            "title": "x",
            "parent_id": top["goal_id"],
            "unit_id": company.units["SALES"],
        },
    )
    assert reply.status == 400 and reply.error_fields == ["parent_id"]


def test_a_unit_goal_needs_a_parent_and_a_unit(company):
    top = company_goal(company)
    no_parent = company.as_("hr").post(
        "/org/goals", {"period": "2026", "level": "unit", "title": "x", "unit_id": company.units["SALES"]}
    )
    no_unit = company.as_("hr").post(
        "/org/goals", {"period": "2026", "level": "unit", "title": "x", "parent_id": top["goal_id"]}
    )
    assert no_parent.status == 400 and no_parent.error_fields == ["parent_id"]
    assert no_unit.status == 400 and no_unit.error_fields == ["unit_id"]


def test_a_company_goal_has_no_parent(company):
    top = company_goal(company)
    reply = company.as_("hr").post(
        "/org/goals", {"period": "2026", "level": "company", "title": "x", "parent_id": top["goal_id"]}
    )
    assert reply.status == 400 and reply.error_fields == ["parent_id"]


def test_a_position_goal_cannot_hang_directly_under_a_company_goal(company, sales_position):
    top = company_goal(company)
    reply = company.as_("hr").post(
        "/org/goals",
        {
            "period": "2026",
            "level": "position",
            "title": "x",
            "parent_id": top["goal_id"],
            "position_id": sales_position,
        },
    )
    assert reply.status == 400 and reply.error_fields == ["parent_id"]


def test_a_unit_goal_cannot_hang_under_a_sibling_units_goal(company):
    # Given a 技术部 goal
    tech = unit_goal(company, company_goal(company)["goal_id"], "TECH")
    # When HR puts a 销售部 goal under it
    reply = company.as_("hr").post(
        "/org/goals",
        {
            "period": "2026",
            "level": "unit",
            "title": "x",
            "parent_id": tech["goal_id"],
            "unit_id": company.units["SALES"],
        },
    )
    # Then the level/unit rule refuses it
    assert reply.status == 400 and reply.error_fields == ["parent_id"]


def test_bad_input_names_each_field(company):
    reply = company.as_("hr").post("/org/goals", {"period": "26", "level": "galaxy", "title": "", "weight": 101})
    assert reply.status == 400
    assert set(reply.error_fields) == {"period", "level", "title", "weight"}


def test_a_manager_sets_goals_for_their_own_unit_only(company):
    top = company_goal(company)
    own = unit_goal(company, top["goal_id"], "SALES", as_="manager")
    assert own["unit_id"] == company.units["SALES"]
    reply = company.as_("manager").post(
        "/org/goals",
        {
            "period": "2026",
            "level": "unit",
            "title": "x",
            "parent_id": top["goal_id"],
            "unit_id": company.units["TECH"],
        },
    )
    assert reply.status == 403 and reply.error_fields == ["unit_id"]


def test_a_manager_cannot_set_or_edit_company_goals(company):
    top = company_goal(company)
    create = company.as_("manager").post("/org/goals", {"period": "2026", "level": "company", "title": "x"})
    edit = company.as_("manager").patch(f"/org/goals/{top['goal_id']}", {"version": 1, "title": "y"})
    assert create.status == 403 and edit.status == 403
    assert edit.error_fields == ["level"]


def test_an_employee_cannot_set_goals(company):
    reply = company.as_("employee").post("/org/goals", {"period": "2026", "level": "company", "title": "x"})
    assert reply.status == 403


def test_an_executive_edits_a_company_goal_and_a_stale_version_conflicts(company):
    top = company_goal(company)
    first = company.as_("executive").patch(f"/org/goals/{top['goal_id']}", {"version": 1, "target": "≥ 100 亿"})
    assert first.status == 200 and first.body["version"] == 2 and first.body["target"] == "≥ 100 亿"
    stale = company.as_("hr").patch(f"/org/goals/{top['goal_id']}", {"version": 1, "title": "覆盖"})
    assert stale.status == 409
    assert company.as_("hr").get(f"/org/goals/{top['goal_id']}").body["title"] == top["title"]


def test_reattaching_a_goal_under_its_own_sub_goal_is_refused(company):
    top = company_goal(company)
    parent = unit_goal(company, top["goal_id"], "SALES")
    child = unit_goal(company, parent["goal_id"], "SALES")
    reply = company.as_("hr").patch(f"/org/goals/{parent['goal_id']}", {"version": 1, "parent_id": child["goal_id"]})
    assert reply.status == 400 and reply.error_fields == ["parent_id"]


def test_reattaching_under_another_company_goal_moves_it_in_the_cascade(company):
    first, second = company_goal(company, "甲", "2030"), company_goal(company, "乙", "2030")
    reply = company.as_("hr").post(
        "/org/goals",
        {
            "period": "2030",
            "level": "unit",
            "title": "销售",
            "parent_id": first["goal_id"],
            "unit_id": company.units["SALES"],
        },
    )
    moved = company.as_("hr").patch(
        f"/org/goals/{reply.body['goal_id']}", {"version": 1, "parent_id": second["goal_id"]}
    )
    assert moved.status == 200
    roots = company.as_("hr").get("/org/goals/cascade", period="2030").body["roots"]
    assert {r["title"]: len(r["children"]) for r in roots} == {"甲": 0, "乙": 1}


def test_dropping_a_goal_with_open_sub_goals_conflicts_listing_them(company):
    top = company_goal(company)
    child = unit_goal(company, top["goal_id"], "TECH")
    reply = company.as_("hr").patch(f"/org/goals/{top['goal_id']}", {"version": 1, "status": "dropped"})
    assert reply.status == 409
    detail = reply.body["error"]["details"][0]
    assert (detail["code"], detail["goal_id"]) == ("goal.open_sub_goal", child["goal_id"])
    assert child["title"] in detail["message"]


def test_unknown_goal_is_404(company):
    assert company.as_("hr").get("/org/goals/01hzzzzzzzzzzzzzzzzzzzzzzz").status == 404
    assert company.as_("hr").patch("/org/goals/01hzzzzzzzzzzzzzzzzzzzzzzz", {"version": 1}).status == 404


def test_find_goal_reads_by_id_for_other_domains(company):
    from chalicelib.goals.store import find_goal

    goal = company_goal(company)
    found = find_goal(company.tenant_id, goal["goal_id"])
    assert found is not None and found.title == goal["title"]
    assert find_goal("other-tenant", goal["goal_id"]) is None
