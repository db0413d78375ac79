"""Issue #14: a full roster import matches the people who already exist (by employee number or
email) and updates them, instead of refusing the whole file."""

from __future__ import annotations

from tests.integration.test_import_export import POSITIONS_EN, UNITS_ZH, b64, import_
from tests.support.world import sign_up


def _people(company) -> dict[str, dict]:
    return {p["email"]: p for p in company.admin.get("/org/people").body["items"]}


def _ready(api):
    company = sign_up(api)
    for kind, content in (("units", UNITS_ZH), ("positions", POSITIONS_EN)):
        assert import_(company, kind, b64(content)).status == 201
    founder = company.admin.get(f"/org/people/{company.people['founder']}").body
    return company, founder


def test_a_full_roster_that_lists_the_founding_admin_updates_them(api):
    # Given a company whose founder (王芳, created at sign-up) is already person 1
    company, founder = _ready(api)
    roster = ("工号,姓名,邮箱,部门编码,岗位编码,上级工号\n"
              f"E001,王芳,{founder['email']},SALES,,\n"
              "E100,李强,li.qiang@example.test,SALES,,E001\n"
              "E101,陈静,chen.jing@example.test,SALES1,REP,E100\n")
    # When HR imports the whole roster, founder included (matched by email)
    reply = import_(company, "people", b64(roster))
    # Then the two new people are created and the founder is updated, not duplicated
    assert reply.status == 201, reply.body
    assert (reply.body["created"], reply.body["updated"], reply.body["unchanged"]) == (2, 1, 0)
    people = _people(company)
    assert len(people) == 3
    me = people[founder["email"]]
    assert me["person_id"] == founder["person_id"]
    assert me["employee_no"] == "E001"
    assert me["unit_id"] != founder["unit_id"]  # moved to 销售部
    # And a new person's manager may be the matched founder
    assert people["li.qiang@example.test"]["manager_id"] == founder["person_id"]


def test_a_person_matched_by_employee_number_gets_the_files_values(api):
    # Given 陈静 was imported with one email
    company, _ = _ready(api)
    first = "工号,姓名,邮箱,部门编码\nE101,陈静,chen.jing@example.test,SALES\n"
    assert import_(company, "people", b64(first)).status == 201
    before = _people(company)["chen.jing@example.test"]
    # When the roster lists E101 with a new email, a new unit and position
    again = "工号,姓名,邮箱,部门编码,岗位编码\nE101,陈静,jing.chen@example.test,SALES1,REP\n"
    reply = import_(company, "people", b64(again))
    # Then the same person carries them, the old email is free again and the new one is taken
    assert reply.status == 201 and reply.body["updated"] == 1 and reply.body["created"] == 0
    after = _people(company)["jing.chen@example.test"]
    assert after["person_id"] == before["person_id"] and after["version"] == before["version"] + 1
    assert after["position_id"] is not None
    taken = company.admin.post("/org/people", {"name": "他人", "email": "jing.chen@example.test",
                                               "employee_no": "E999", "unit_id": company.root_unit_id})
    assert taken.status == 409
    freed = company.admin.post("/org/people", {"name": "他人", "email": "chen.jing@example.test",
                                               "employee_no": "E998", "unit_id": company.root_unit_id})
    assert freed.status == 201, freed.body


def test_importing_the_same_roster_twice_changes_nothing(api):
    company, _ = _ready(api)
    roster = "工号,姓名,邮箱,部门编码\nE100,李强,li.qiang@example.test,SALES\nE101,陈静,chen.jing@example.test,SALES\n"
    assert import_(company, "people", b64(roster)).status == 201
    versions = {e: p["version"] for e, p in _people(company).items()}
    # When the same file comes again
    reply = import_(company, "people", b64(roster))
    # Then both rows are reported unchanged and nobody's record is rewritten
    assert reply.status == 201 and (reply.body["created"], reply.body["updated"], reply.body["unchanged"]) == (0, 0, 2)
    assert {e: p["version"] for e, p in _people(company).items()} == versions


def test_a_row_whose_number_and_email_name_two_people_is_a_row_error(api):
    company, _ = _ready(api)
    roster = "工号,姓名,邮箱,部门编码\nE100,李强,li.qiang@example.test,SALES\nE101,陈静,chen.jing@example.test,SALES\n"
    assert import_(company, "people", b64(roster)).status == 201
    # When a row pairs 李强's number with 陈静's email
    reply = import_(company, "people", b64("工号,姓名,邮箱,部门编码\nE100,李强,chen.jing@example.test,SALES\n"))
    # Then the file is refused naming that row's email, and nothing changed
    assert reply.status == 400
    assert reply.error_fields == ["rows[2].email"]
    assert _people(company)["chen.jing@example.test"]["employee_no"] == "E101"
