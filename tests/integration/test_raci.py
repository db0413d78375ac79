"""The responsibility matrix (权责矩阵): RACI entries, their rules, versions, and the matrix view."""

from __future__ import annotations

import pytest

from tests.support.org_sources import party, raci_body, staffed_world
from tests.support.world import Company


@pytest.fixture(scope="module")
def company():
    with staffed_world() as world:
        yield world


def create(company: Company, name: str, **overrides) -> dict:
    reply = company.as_("hr").post("/org/raci", raci_body(company, name, **overrides))
    assert reply.status == 201, reply.body
    return reply.body


def test_hr_records_an_entry_and_anyone_reads_it(company):
    entry = create(company, "放款审批流程")
    assert entry["version"] == 1
    reply = company.as_("engineer").get(f"/org/raci/{entry['entry_id']}")
    assert reply.status == 200
    assert reply.body["authority"]["reviewer"] == party("person", company.people["hr_staff"])


def test_exactly_one_accountable_is_required(company):
    body = raci_body(company, "两个 A")
    body["assignments"].append({"letter": "A", "party": party("unit", company.units["TECH"])})
    two = company.as_("hr").post("/org/raci", body)
    none = company.as_("hr").post(
        "/org/raci",
        raci_body(company, "没有 A", assignments=[{"letter": "R", "party": party("unit", company.units["SALES"])}]),
    )
    assert two.status == 400 and two.error_fields == ["assignments"]
    assert none.status == 400 and none.error_fields == ["assignments"]


def test_parties_must_exist_in_the_tenant(company):
    body = raci_body(company, "幽灵")
    body["assignments"][1]["party"] = party("position", "no-such-position")
    body["authority"]["approver"] = party("unit", company.people["seller"])  # a person id named as a unit
    reply = company.as_("hr").post("/org/raci", body)
    assert reply.status == 400
    assert set(reply.error_fields) == {"assignments[1].party.id", "authority.approver.id"}


def test_bad_letters_and_kinds_name_their_fields(company):
    body = raci_body(company, "坏字母")
    body["assignments"][0]["letter"] = "X"
    body["authority"]["drafter"]["kind"] = "robot"
    reply = company.as_("hr").post("/org/raci", body)
    assert reply.status == 400
    assert set(reply.error_fields) == {"assignments.0.letter", "authority.drafter.kind"}


def test_one_entry_per_subject(company):
    create(company, "催收流程")
    again = company.as_("hr").post("/org/raci", raci_body(company, "催收流程"))
    assert again.status == 409


def test_a_manager_cannot_edit_the_matrix(company):
    assert company.as_("manager").post("/org/raci", raci_body(company, "经理")).status == 403


def test_update_replaces_assignments_and_bumps_the_version(company):
    entry = create(company, "客户投诉处理")
    assignments = [
        {"letter": "A", "party": party("unit", company.units["TECH"])},
        {"letter": "R", "party": party("person", company.people["engineer"])},
    ]
    reply = company.as_("hr").patch(f"/org/raci/{entry['entry_id']}", {"version": 1, "assignments": assignments})
    assert reply.status == 200 and reply.body["version"] == 2
    assert reply.body["assignments"] == assignments
    stale = company.as_("hr").patch(f"/org/raci/{entry['entry_id']}", {"version": 1, "note": "x"})
    assert stale.status == 409


def test_renaming_the_subject_frees_the_old_name(company):
    entry = create(company, "旧名称")
    reply = company.as_("hr").patch(
        f"/org/raci/{entry['entry_id']}", {"version": 1, "subject": {"kind": "process", "name": "新名称"}}
    )
    assert reply.status == 200
    create(company, "旧名称")


def test_delete_needs_the_current_version(company):
    entry = create(company, "待删除")
    path = f"/org/raci/{entry['entry_id']}"
    assert company.as_("hr").delete(path, {"version": 2}).status == 409
    assert company.as_("hr").delete(path, {"version": 1}).status == 204
    assert company.as_("hr").get(path).status == 404


def test_every_change_is_in_the_audit_log(company):
    entry = create(company, "审计对象")
    company.as_("hr").patch(f"/org/raci/{entry['entry_id']}", {"version": 1, "note": "改了"})
    log = company.as_("hr").get("/audit", entity_kind="raci", entity_id=entry["entry_id"]).body["items"]
    assert [e["action"] for e in log] == ["update", "create"]
    assert log[0]["before"]["note"] == "" and log[0]["after"]["note"] == "改了"


def test_the_matrix_has_subjects_as_rows_parties_as_columns_and_letters_in_cells(company):
    # Given an entry where 销售部 is A, the seller R, 技术部 C and HR's 孙丽 I
    entry = create(company, "矩阵用例")
    # When an employee reads the matrix
    reply = company.as_("employee").get("/org/raci/matrix")
    assert reply.status == 200
    columns = reply.body["columns"]
    row = next(r for r in reply.body["rows"] if r["entry_id"] == entry["entry_id"])
    cell = {c["name"]: row["cells"][i] for i, c in enumerate(columns)}
    # Then the cells carry the letters under the parties' current names
    assert cell["销售部"] == "A" and cell["陈静"] == "R" and cell["技术部"] == "C" and cell["孙丽"] == "I"
    assert len(row["cells"]) == len(columns)


def test_a_party_holding_two_letters_shows_both(company):
    body = raci_body(company, "两个字母")
    body["assignments"].append({"letter": "R", "party": party("unit", company.units["SALES"])})
    entry_id = company.as_("hr").post("/org/raci", body).body["entry_id"]
    matrix = company.as_("hr").get("/org/raci/matrix").body
    row = next(r for r in matrix["rows"] if r["entry_id"] == entry_id)
    sales = next(i for i, c in enumerate(matrix["columns"]) if c["id"] == company.units["SALES"])
    assert row["cells"][sales] == "RA"
