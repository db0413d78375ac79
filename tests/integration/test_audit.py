"""The audit log: every change leaves who, when, what, before and after; only HR and admins read it."""

from __future__ import annotations

import base64
from datetime import datetime

import pytest

from tests.support.org_sources import company_goal, raci_body, staffed_world
from tests.support.world import Company


@pytest.fixture(scope="module")
def company():
    with staffed_world() as world:
        yield world


def log_of(company: Company, kind: str, entity_id: str) -> list[dict]:
    reply = company.as_("hr").get("/audit", entity_kind=kind, entity_id=entity_id)
    assert reply.status == 200, reply.body
    return reply.body["items"]


def hr_user_id(company: Company) -> str:
    return company.as_("hr").get("/me").body["user_id"]


def test_an_entry_says_who_when_what_before_and_after(company):
    # When HR creates and renames a unit
    created = (
        company.as_("hr").post("/org/units", {"code": "AUD1", "name": "审计部", "parent_id": company.root_unit_id}).body
    )
    company.as_("hr").patch(f"/org/units/{created['unit_id']}", {"version": 1, "name": "审计监察部"})
    # Then the unit's log, newest first, holds both changes with the actor, time and values
    update, create = log_of(company, "unit", created["unit_id"])
    assert (update["action"], create["action"]) == ("update", "create")
    assert update["actor_user_id"] == hr_user_id(company)
    assert update["actor_person_id"] == company.people["hr_staff"]
    assert datetime.fromisoformat(update["at"])
    assert update["before"]["name"] == "审计部" and update["after"]["name"] == "审计监察部"
    assert create["before"] is None and create["after"]["code"] == "AUD1"


def test_move_and_close_are_logged(company):
    a = company.admin.post("/org/units", {"code": "AUD2", "name": "甲", "parent_id": company.root_unit_id}).body
    b = company.admin.post("/org/units", {"code": "AUD3", "name": "乙", "parent_id": company.root_unit_id}).body
    company.admin.post(f"/org/units/{a['unit_id']}/move", {"version": 1, "new_parent_id": b["unit_id"]})
    company.admin.post(f"/org/units/{a['unit_id']}/close", {"version": 2})
    close, move, _ = log_of(company, "unit", a["unit_id"])
    assert move["action"] == "move" and move["after"] == {"parent_id": b["unit_id"]}
    assert move["before"] == {"parent_id": company.root_unit_id}
    assert close["action"] == "close" and close["after"]["status"] == "closed"


def test_person_and_position_changes_are_logged(company):
    position = company.admin.post(
        "/org/positions", {"code": "AUDPOS", "title": "审计员", "unit_id": company.units["TECH"]}
    ).body
    company.admin.patch(f"/org/positions/{position['position_id']}", {"version": 1, "headcount": 3})
    company.admin.patch(f"/org/people/{company.people['engineer']}", {"version": 1, "status": "on_leave"})
    assert [e["action"] for e in log_of(company, "position", position["position_id"])] == ["update", "create"]
    person_log = log_of(company, "person", company.people["engineer"])
    assert person_log[0]["before"]["status"] == "active" and person_log[0]["after"]["status"] == "on_leave"


def test_goal_changes_are_logged(company):
    goal = company_goal(company, "审计目标")
    company.as_("executive").patch(f"/org/goals/{goal['goal_id']}", {"version": 1, "weight": 30})
    update, create = log_of(company, "goal", goal["goal_id"])
    assert create["after"]["title"] == "审计目标"
    assert update["before"]["weight"] is None and update["after"]["weight"] == 30


def test_raci_changes_are_logged(company):
    entry = company.as_("hr").post("/org/raci", raci_body(company, "审计流程")).body
    company.as_("hr").delete(f"/org/raci/{entry['entry_id']}", {"version": 1})
    delete, create = log_of(company, "raci", entry["entry_id"])
    assert delete["action"] == "delete" and delete["after"] is None
    assert delete["before"]["subject"]["name"] == "审计流程"


def test_an_import_logs_each_row_and_a_summary_without_the_file(company):
    content = base64.b64encode("code,name\nAUDIMP,导入部\n".encode()).decode()
    result = (
        company.as_("hr")
        .post("/org/import", {"kind": "units", "format": "csv", "content_base64": content, "filename": "units.csv"})
        .body
    )
    [summary] = log_of(company, "import", result["import_id"])
    assert summary["after"] == {"kind": "units", "format": "csv", "filename": "units.csv", "rows": 1}
    unit_id = next(u["unit_id"] for u in company.admin.get("/org/units").body["items"] if u["code"] == "AUDIMP")
    [row] = log_of(company, "unit", unit_id)
    assert row["action"] == "create" and row["after"]["name"] == "导入部"
    recent = company.as_("hr").get("/audit", limit=20).body["items"]
    assert all("content_base64" not in str(e) for e in recent)


def test_the_whole_log_is_newest_first(company):
    items = company.admin.get("/audit", limit=50).body["items"]
    assert items and [e["at"] for e in items] == sorted((e["at"] for e in items), reverse=True)


@pytest.mark.parametrize("user", ["employee", "manager", "executive"])
def test_only_hr_and_admins_read_the_log(company, user):
    assert company.as_(user).get("/audit").status == 403


def test_hr_and_admins_read_the_log(company):
    assert company.as_("hr").get("/audit").status == 200
    assert company.admin.get("/audit").status == 200
