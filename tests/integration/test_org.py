"""Org units, positions and people: the tree, moves, closing, locking, validation and visibility."""

from __future__ import annotations

import itertools

import pytest

from tests.support.org_sources import staffed_world
from tests.support.world import Company

_n = itertools.count(1)


@pytest.fixture(scope="module")
def company():
    with staffed_world() as world:
        yield world


def unit(company: Company, name: str, parent_id: str | None = None, kind: str = "department") -> dict:
    reply = company.admin.post(
        "/org/units",
        {"code": f"U{next(_n)}", "name": name, "parent_id": parent_id or company.root_unit_id, "kind": kind},
    )
    assert reply.status == 201, reply.body
    return reply.body


def person(company: Company, name: str, unit_id: str, **extra) -> dict:
    n = next(_n)
    reply = company.admin.post(
        "/org/people",
        {"name": name, "email": f"p{n}@example.test", "employee_no": f"X{n}", "unit_id": unit_id, **extra},
    )
    assert reply.status == 201, reply.body
    return reply.body


# ---- units ------------------------------------------------------------------------------------


def test_create_a_unit_under_a_parent(company):
    dept = unit(company, "运营部")
    team = unit(company, "运营一组", dept["unit_id"], "team")
    assert team["parent_id"] == dept["unit_id"]
    assert team["path"] == [company.root_unit_id, dept["unit_id"], team["unit_id"]]
    assert team["version"] == 1


def test_rename_a_unit_bumps_its_version(company):
    dept = unit(company, "旧名")
    reply = company.admin.patch(f"/org/units/{dept['unit_id']}", {"version": 1, "name": "新名"})
    assert reply.status == 200 and reply.body["name"] == "新名" and reply.body["version"] == 2
    assert company.admin.get(f"/org/units/{dept['unit_id']}").body["name"] == "新名"


def test_a_stale_version_is_a_conflict_not_an_overwrite(company):
    dept = unit(company, "并发")
    assert company.admin.patch(f"/org/units/{dept['unit_id']}", {"version": 1, "name": "甲改"}).status == 200
    stale = company.as_("hr").patch(f"/org/units/{dept['unit_id']}", {"version": 1, "name": "乙改"})
    assert stale.status == 409
    assert company.admin.get(f"/org/units/{dept['unit_id']}").body["name"] == "甲改"


def test_a_duplicate_unit_code_conflicts(company):
    reply = company.admin.post("/org/units", {"code": "sales", "name": "重复", "parent_id": company.root_unit_id})
    assert reply.status == 409


def test_bad_input_names_each_field(company):
    reply = company.admin.post(
        "/org/units",
        {"code": "坏 code", "name": "", "parent_id": company.root_unit_id, "kind": "galaxy", "colour": "red"},
    )
    assert reply.status == 400
    assert set(reply.error_fields) == {"code", "name", "kind", "colour"}


def test_an_unknown_parent_is_a_bad_field(company):
    reply = company.admin.post("/org/units", {"code": "ORPHAN", "name": "孤儿", "parent_id": "nope"})
    assert reply.status == 400 and reply.error_fields == ["parent_id"]


def test_an_unknown_unit_is_404(company):
    assert company.admin.get("/org/units/01hzzzzzzzzzzzzzzzzzzzzzzz").status == 404


def test_moving_a_subtree_rewrites_keys_and_the_subtree_query_follows(company):
    # Given 甲部 → 甲一组 with a person in the team, and an unrelated 乙部
    a = unit(company, "甲部")
    team = unit(company, "甲一组", a["unit_id"], "team")
    member = person(company, "周明", team["unit_id"])
    b = unit(company, "乙部")
    # When 甲部 moves under 乙部
    reply = company.admin.post(f"/org/units/{a['unit_id']}/move", {"version": 1, "new_parent_id": b["unit_id"]})
    # Then its own and its team's paths start at 乙部
    assert reply.status == 200, reply.body
    assert reply.body["parent_id"] == b["unit_id"] and reply.body["version"] == 2
    moved_team = company.admin.get(f"/org/units/{team['unit_id']}").body
    assert moved_team["path"] == [company.root_unit_id, b["unit_id"], a["unit_id"], team["unit_id"]]
    # And 乙部's subtree now holds the team and its person; the subtree of 甲部 still holds them too
    subtree = company.admin.get(f"/org/units/{b['unit_id']}/subtree").body
    assert {u["unit_id"] for u in subtree["units"]} == {b["unit_id"], a["unit_id"], team["unit_id"]}
    assert [p["person_id"] for p in subtree["people"]] == [member["person_id"]]
    assert [p["person_id"] for p in company.admin.get(f"/org/units/{a['unit_id']}/subtree").body["people"]] == [
        member["person_id"]
    ]


def test_moving_a_unit_under_its_own_descendant_is_refused(company):
    a = unit(company, "上")
    below = unit(company, "下", a["unit_id"], "team")
    reply = company.admin.post(f"/org/units/{a['unit_id']}/move", {"version": 1, "new_parent_id": below["unit_id"]})
    assert reply.status == 400 and reply.error_fields == ["new_parent_id"]
    itself = company.admin.post(f"/org/units/{a['unit_id']}/move", {"version": 1, "new_parent_id": a["unit_id"]})
    assert itself.status == 400


def test_moving_with_a_stale_version_conflicts(company):
    a, b = unit(company, "移动甲"), unit(company, "移动乙")
    company.admin.patch(f"/org/units/{a['unit_id']}", {"version": 1, "name": "移动甲二"})
    reply = company.admin.post(f"/org/units/{a['unit_id']}/move", {"version": 1, "new_parent_id": b["unit_id"]})
    assert reply.status == 409


def test_closing_a_unit_with_people_and_sub_units_lists_the_blockers(company):
    dept = unit(company, "待撤销")
    unit(company, "仍在的小组", dept["unit_id"], "team")
    person(company, "吴芳", dept["unit_id"])
    reply = company.admin.post(f"/org/units/{dept['unit_id']}/close", {"version": 1})
    assert reply.status == 409
    messages = [d["message"] for d in reply.body["error"]["details"]]
    assert any("仍在的小组" in m for m in messages) and any("吴芳" in m for m in messages)


def test_closing_an_empty_unit(company):
    dept = unit(company, "空部门")
    reply = company.admin.post(f"/org/units/{dept['unit_id']}/close", {"version": 1})
    assert reply.status == 200 and reply.body["status"] == "closed"
    child = company.admin.post("/org/units", {"code": "UNDERCLOSED", "name": "x", "parent_id": dept["unit_id"]})
    assert child.status == 400 and child.error_fields == ["parent_id"]


def test_the_company_unit_cannot_be_closed(company):
    root = company.admin.get(f"/org/units/{company.root_unit_id}").body
    reply = company.admin.post(f"/org/units/{company.root_unit_id}/close", {"version": root["version"]})
    assert reply.status == 409


# ---- positions and people ----------------------------------------------------------------------


def test_a_position_lists_its_holders(company):
    dept = unit(company, "岗位部")
    reply = company.admin.post(
        "/org/positions",
        {
            "code": f"POS{next(_n)}",
            "title": "分析师",
            "headcount": 2,
            "unit_id": dept["unit_id"],
            "job_description": {"purpose": "分析", "duties": ["建模"]},
        },
    )
    assert reply.status == 201
    position_id = reply.body["position_id"]
    holder = person(company, "郑洁", dept["unit_id"], position_id=position_id)
    read = company.as_("employee").get(f"/org/positions/{position_id}").body
    assert read["holder_ids"] == [holder["person_id"]]
    assert read["job_description"]["duties"] == ["建模"]


def test_a_person_cannot_hold_a_position_of_another_unit(company):
    a, b = unit(company, "A部"), unit(company, "B部")
    position = company.admin.post(
        "/org/positions", {"code": f"POS{next(_n)}", "title": "x", "unit_id": a["unit_id"]}
    ).body
    reply = company.admin.post(
        "/org/people",
        {
            "name": "错位",
            "email": "wrong@example.test",
            "employee_no": "W1",
            "unit_id": b["unit_id"],
            "position_id": position["position_id"],
        },
    )
    assert reply.status == 400 and reply.error_fields == ["position_id"]


def test_moving_a_person_is_checked_as_creating_one_is(company):
    # Given 冯刚 in A部 holding A部's position, a closed unit and B部
    a, b, closed = unit(company, "迁出部"), unit(company, "迁入部"), unit(company, "已撤部")
    assert company.admin.post(f"/org/units/{closed['unit_id']}/close", {"version": 1}).status == 200
    position = company.admin.post(
        "/org/positions", {"code": f"POS{next(_n)}", "title": "x", "unit_id": a["unit_id"]}
    ).body
    moving = person(company, "冯刚", a["unit_id"], position_id=position["position_id"])
    url = f"/org/people/{moving['person_id']}"
    # When moved into the closed unit, or into B部 keeping A部's position, the field is named and nothing changes
    into_closed = company.admin.patch(url, {"version": 1, "unit_id": closed["unit_id"], "position_id": None})
    assert into_closed.status == 400 and into_closed.error_fields == ["unit_id"]
    keeping = company.admin.patch(url, {"version": 1, "unit_id": b["unit_id"]})
    assert keeping.status == 400 and keeping.error_fields == ["position_id"]
    assert company.admin.get(url).body["unit_id"] == a["unit_id"]
    # Then a move that leaves the position is saved
    moved = company.admin.patch(url, {"version": 1, "unit_id": b["unit_id"], "position_id": None})
    assert moved.status == 200 and (moved.body["unit_id"], moved.body["position_id"]) == (b["unit_id"], None)


def test_a_duplicate_employee_number_or_email_conflicts(company):
    dept = unit(company, "重复部")
    first = person(company, "甲", dept["unit_id"])
    same_no = company.admin.post(
        "/org/people",
        {"name": "乙", "email": "other@example.test", "employee_no": first["employee_no"], "unit_id": dept["unit_id"]},
    )
    same_mail = company.admin.post(
        "/org/people", {"name": "丙", "email": first["email"].upper(), "employee_no": "ZZ9", "unit_id": dept["unit_id"]}
    )
    assert same_no.status == 409 and same_mail.status == 409


def test_a_person_update_with_a_stale_version_conflicts(company):
    p = person(company, "版本", company.units["TECH"])
    assert company.admin.patch(f"/org/people/{p['person_id']}", {"version": 1, "status": "on_leave"}).status == 200
    assert company.admin.patch(f"/org/people/{p['person_id']}", {"version": 1, "name": "覆盖"}).status == 409


# ---- visibility -------------------------------------------------------------------------------


def test_an_employee_sees_colleagues_without_contact_fields(company):
    reply = company.as_("employee").get(f"/org/people/{company.people['engineer']}")
    assert reply.status == 200
    assert reply.body["name"] == "刘洋"
    assert reply.body["email"] is None and reply.body["employee_no"] is None


def test_an_employee_sees_their_own_contact_fields(company):
    me = company.as_("employee").get(f"/org/people/{company.people['seller']}").body
    assert me["email"] and me["employee_no"]


def test_a_manager_sees_contact_fields_in_their_subtree_only(company):
    mine = company.as_("manager").get(f"/org/people/{company.people['seller']}").body
    theirs = company.as_("manager").get(f"/org/people/{company.people['engineer']}").body
    assert mine["email"] is not None
    assert theirs["email"] is None


def test_the_people_list_redacts_per_person(company):
    items = {p["person_id"]: p for p in company.as_("manager").get("/org/people").body["items"]}
    assert items[company.people["seller"]]["email"] is not None
    assert items[company.people["engineer"]]["email"] is None
    assert all(p["email"] is not None for p in company.as_("hr").get("/org/people").body["items"])


def test_the_subtree_redacts_contact_fields_for_employees(company):
    people = company.as_("engineer").get(f"/org/units/{company.units['SALES']}/subtree").body["people"]
    assert people and all(p["email"] is None and p["employee_no"] is None for p in people)


def test_a_manager_manages_only_their_subtree(company):
    me = company.as_("manager").get("/me").body
    assert "manager" in me["roles"]
    assert company.units["SALES"] in me["managed_unit_ids"]
    assert company.units["TECH"] not in me["managed_unit_ids"]


def test_only_hr_and_admins_change_the_org(company):
    assert (
        company.as_("manager")
        .post("/org/units", {"code": "MGR", "name": "x", "parent_id": company.units["SALES"]})
        .status
        == 403
    )
    assert (
        company.as_("executive").patch(f"/org/units/{company.units['SALES']}", {"version": 1, "name": "x"}).status
        == 403
    )
