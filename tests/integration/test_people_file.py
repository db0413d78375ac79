"""The person's file (人事档案): validation, who sees what, sealed sensitive fields, reveals, change requests,
custom fields."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from chalicelib.core.settings import settings
from tests.support.collab_sources import module_world
from tests.support.world import Company

ID_NUMBER = "11010519491231002X"  # valid check digit: born 1949-12-31, 17th digit even -> female
ADDRESS = "北京市朝阳区建国路 88 号 3 单元"
ACCOUNT = "6225880112345678"
CONTACT = {"name": "陈明远", "relation": "父亲", "phone": "13900139111"}
HEALTH = "青霉素过敏"
FILE: dict[str, Any] = {
    "legal_name": "陈静", "id_type": "resident_id", "id_number": ID_NUMBER, "phone": "13800138000",
    "personal_email": "chenjing@example.cn", "address": ADDRESS, "hukou_type": "urban", "education": "bachelor",
    "emergency_contact": CONTACT, "health": HEALTH, "bank_name": "招商银行", "bank_account": ACCOUNT,
    "start_date": "2024-03-01", "prior_working_years": 3.5, "employment_type": "full_time",
}
SECRETS = [ID_NUMBER, ACCOUNT, ADDRESS, CONTACT["name"], CONTACT["phone"], HEALTH]


@pytest.fixture(scope="module")
def world():
    with module_world("甲公司金融科技", "乙公司信息技术") as companies:
        yield companies


@pytest.fixture
def a(world) -> Company:
    return world[0]


@pytest.fixture
def b(world) -> Company:
    return world[1]


def give_file(company: Company, label: str, **changes: Any) -> dict[str, Any]:
    """HR writes ``label``'s whole file (the example file with ``changes``), creating or replacing it."""
    path = f"/people/{company.people[label]}/file"
    current = company.as_("hr").get(path)
    body = {**FILE, **changes}
    if current.status == 200:
        body["version"] = current.body["version"]
    reply = company.as_("hr").put(path, body)
    assert reply.status == 200, reply.body
    return reply.body


def raw_item(company: Company, label: str) -> dict[str, Any]:
    table = boto3.client("dynamodb", region_name="us-east-1")
    return table.get_item(TableName=settings().table_name, ConsistentRead=True, Key={
        "PK": {"S": f"T#{company.tenant_id}"}, "SK": {"S": f"PFILE#{company.people[label]}"}})["Item"]


# ---- writing and validation ---------------------------------------------------------------------

def test_hr_writes_a_file_and_reads_it_masked_with_birth_date_and_gender_from_the_id(a):
    # Given HR writes the seller's file with a resident ID number
    view = give_file(a, "seller")
    # Then the response masks every sensitive field and derives birth date and gender from the number
    assert view["id_number"] == "110105********002X"
    assert view["bank_account"] == "**** **** 5678"
    assert view["address"] == "北京市朝阳区…"
    assert view["emergency_contact"] == {"name": "陈**", "relation": "父亲", "phone": "139****9111"}
    assert view["health"] == "******"
    assert (view["birth_date"], view["gender"]) == ("1949-12-31", "female")
    assert sorted(view["masked"]) == sorted(["id_number", "bank_account", "address", "emergency_contact", "health"])
    # And the employee number comes from the org record
    person = a.admin.get(f"/org/people/{a.people['seller']}").body
    assert view["employee_no"] == person["employee_no"]
    assert a.as_("hr").get(f"/people/{a.people['seller']}/file").body["id_number"] == "110105********002X"


def test_the_stored_item_holds_no_sensitive_value_in_clear_text(a):
    # Given a file with every sensitive field filled
    give_file(a, "seller")
    # When the raw DynamoDB item is read, bypassing the app
    raw = json.dumps(raw_item(a, "seller"), ensure_ascii=False)
    # Then none of the sensitive values appears in it
    assert [s for s in SECRETS if s in raw] == []
    assert "v1:" in raw  # the ciphertexts are there


@pytest.mark.parametrize("number,code", [
    ("110105194912310021", "peoplefile.id_check_digit"),
    ("11010519491231002", "peoplefile.id_format"),
    ("110105194902300020", "peoplefile.id_birth_date"),
])
def test_a_bad_resident_id_number_is_400_naming_the_field(a, number, code):
    # Given a resident ID number with a wrong check digit, a wrong length or an impossible birth date
    reply = a.as_("hr").request("PUT", f"/people/{a.people['engineer']}/file", {**FILE, "id_number": number},
                                headers={"Accept-Language": "en"})
    # Then 400 names id_number with the code, in English when asked
    assert reply.status == 400, reply.body
    assert reply.body["error"]["details"][0]["field"] == "id_number"
    assert reply.body["error"]["details"][0]["code"] == code
    assert reply.body["error"]["details"][0]["message"].isascii()


def test_a_wrong_check_digit_reads_in_chinese_by_default(a):
    reply = a.as_("hr").put(f"/people/{a.people['engineer']}/file", {**FILE, "id_number": "110105194912310021"})
    assert reply.status == 400
    assert reply.body["error"]["details"][0]["message"] == "身份证号校验位不对，请核对"


def test_a_birth_date_that_contradicts_the_id_number_is_400(a):
    reply = a.as_("hr").put(f"/people/{a.people['engineer']}/file", {**FILE, "birth_date": "1990-01-01"})
    assert reply.status == 400
    assert reply.error_fields == ["birth_date"]


def test_a_passport_is_not_checked_as_a_resident_id(a):
    # Given a foreign employee's passport
    view = give_file(a, "engineer", id_type="passport", id_number="E12345678", gender="male",
                     birth_date="1990-05-01")
    # Then it is kept (masked) with the birth date and gender as given
    assert view["id_number"] == "E****5678"
    assert (view["birth_date"], view["gender"]) == ("1990-05-01", "male")


def test_writing_a_file_twice_without_a_version_is_409_and_a_stale_patch_is_409(a):
    view = give_file(a, "seller")
    path = f"/people/{a.people['seller']}/file"
    assert a.as_("hr").put(path, FILE).status == 409
    assert a.as_("hr").patch(path, {"version": view["version"], "phone": "13700137000"}).status == 200
    reply = a.as_("hr").patch(path, {"version": view["version"], "phone": "13600136000"})
    assert reply.status == 409


def test_a_patch_changes_one_sensitive_field_and_keeps_the_others_sealed(a):
    view = give_file(a, "seller")
    path = f"/people/{a.people['seller']}/file"
    # When HR changes only the bank account
    reply = a.as_("hr").patch(path, {"version": view["version"], "bank_account": "6222020200112233"})
    # Then the mask follows, the address is untouched, and a reveal gives the new value
    assert reply.status == 200, reply.body
    assert reply.body["bank_account"] == "**** **** 2233"
    assert a.as_("hr").post(f"{path}/reveal", {"field": "address"}).body["value"] == ADDRESS
    assert a.as_("hr").post(f"{path}/reveal", {"field": "bank_account"}).body["value"] == "6222020200112233"


def test_a_patch_may_not_null_the_id_number(a):
    view = give_file(a, "seller")
    reply = a.as_("hr").patch(f"/people/{a.people['seller']}/file", {"version": view["version"], "id_number": None})
    assert reply.status == 400 and reply.error_fields == ["id_number"]


# ---- who sees what ----------------------------------------------------------------------------

def test_the_person_reads_their_own_file_masked(a):
    give_file(a, "seller")
    reply = a.as_("employee").get(f"/people/{a.people['seller']}/file")
    assert reply.status == 200
    assert reply.body["id_number"] == "110105********002X" and reply.body["can_reveal"] is True


def test_a_manager_sees_only_the_non_sensitive_fields_of_a_report(a):
    give_file(a, "seller")
    reply = a.as_("manager").get(f"/people/{a.people['seller']}/file")
    assert reply.status == 200, reply.body
    body = reply.body
    assert body["employment_type"] == "full_time" and body["start_date"] == "2024-03-01"
    for field in ("id_number", "bank_account", "address", "emergency_contact", "health", "birth_date",
                  "personal_email"):
        assert body[field] is None and field in body["hidden"]
    assert [s for s in SECRETS if s in json.dumps(body, ensure_ascii=False)] == []
    assert body["masked"] == [] and body["can_reveal"] is False


@pytest.mark.parametrize("user", ["engineer", "tech_manager"])
def test_a_colleague_outside_the_line_gets_403(a, user):
    give_file(a, "seller")
    assert a.as_(user).get(f"/people/{a.people['seller']}/file").status == 403


def test_a_manager_cannot_reveal(a):
    give_file(a, "seller")
    reply = a.as_("manager").post(f"/people/{a.people['seller']}/file/reveal", {"field": "id_number"})
    assert reply.status == 403


# ---- reveal -------------------------------------------------------------------------------------

def audit_of(company: Company, label: str) -> list[dict[str, Any]]:
    reply = company.as_("hr").get("/audit", entity_kind="person_file", entity_id=company.people[label], limit=100)
    assert reply.status == 200, reply.body
    return reply.body["items"]


@pytest.mark.parametrize("user", ["hr", "employee"])
def test_a_reveal_gives_the_full_value_and_is_audited(a, user):
    # Given the seller's file
    give_file(a, "seller")
    before = len([e for e in audit_of(a, "seller") if e["action"] == "reveal"])
    # When HR (or the seller herself) reveals the ID number
    reply = a.as_(user).post(f"/people/{a.people['seller']}/file/reveal", {"field": "id_number"})
    # Then she gets it in full, and the audit log says who, whose, which field and when
    assert reply.status == 200, reply.body
    assert reply.body == {"field": "id_number", "value": ID_NUMBER}
    reveals = [e for e in audit_of(a, "seller") if e["action"] == "reveal"]
    assert len(reveals) == before + 1
    newest = reveals[0]
    me = a.as_(user).get("/me").body
    assert newest["actor_user_id"] == me["user_id"]
    assert newest["entity_id"] == a.people["seller"] and newest["after"]["field"] == "id_number"
    assert newest["at"]


def test_the_emergency_contact_reveals_as_an_object(a):
    give_file(a, "seller")
    reply = a.as_("hr").post(f"/people/{a.people['seller']}/file/reveal", {"field": "emergency_contact"})
    assert reply.body["value"] == CONTACT


def test_a_ciphertext_moved_to_another_person_does_not_decrypt(a):
    # Given two files in one company, and someone with table access copies the seller's sealed ID number
    # into the engineer's row
    give_file(a, "seller")
    give_file(a, "engineer", id_number="110105199001011232", legal_name="刘洋")
    _copy_sealed(a, "seller", a, "engineer", "id_number")
    # When HR reveals the engineer's ID number
    reply = a.as_("hr").post(f"/people/{a.people['engineer']}/file/reveal", {"field": "id_number"})
    # Then it fails (500, logged) and shows nothing of the seller's number
    assert reply.status == 500
    assert ID_NUMBER not in reply.raw


def test_another_tenant_cannot_decrypt_a_copied_ciphertext(a, b):
    # Given tenant A's sealed ID number copied into tenant B's file of a person
    give_file(a, "seller")
    give_file(b, "seller")
    _copy_sealed(a, "seller", b, "seller", "id_number")
    # When B's HR reveals it
    reply = b.as_("hr").post(f"/people/{b.people['seller']}/file/reveal", {"field": "id_number"})
    # Then B's key and associated data do not open it
    assert reply.status == 500
    assert ID_NUMBER not in reply.raw


def _copy_sealed(src: Company, src_label: str, dst: Company, dst_label: str, field: str) -> None:
    sealed = raw_item(src, src_label)["data"]["M"]["sealed"]["M"][field]["S"]
    boto3.client("dynamodb", region_name="us-east-1").update_item(
        TableName=settings().table_name,
        Key={"PK": {"S": f"T#{dst.tenant_id}"}, "SK": {"S": f"PFILE#{dst.people[dst_label]}"}},
        UpdateExpression="SET #d.#s.#f = :v",
        ExpressionAttributeNames={"#d": "data", "#s": "sealed", "#f": field},
        ExpressionAttributeValues={":v": {"S": sealed}})


def test_each_tenant_has_its_own_wrapped_data_key(a, b):
    give_file(a, "seller")
    give_file(b, "seller")
    table = boto3.client("dynamodb", region_name="us-east-1")
    wrapped = [table.get_item(TableName=settings().table_name, Key={
        "PK": {"S": f"T#{c.tenant_id}"}, "SK": {"S": "PKEY#people"}})["Item"]["data"]["M"]["wrapped"]["S"]
        for c in (a, b)]
    assert wrapped[0] != wrapped[1]


# ---- change requests ----------------------------------------------------------------------------

def test_an_employee_proposes_a_change_and_hr_approves_it_with_an_audited_before_and_after(a):
    # Given the seller's file
    give_file(a, "seller")
    path = f"/people/{a.people['seller']}/file"
    new_address = "上海市徐汇区漕溪北路 1 号 2 室"
    # When she proposes a new phone and address
    reply = a.as_("employee").post(f"{path}/changes", {"changes": {"phone": "13700137000", "address": new_address},
                                                       "note": "搬家了"})
    assert reply.status == 201, reply.body
    request = reply.body
    assert request["changes"] == {"phone": "13700137000", "address": "上海市徐汇区…"}
    # Then it waits in HR's list and in HR's inbox, and the file is unchanged
    inbox = a.as_("hr").items("/people/file-changes")
    assert request["request_id"] in [r["request_id"] for r in inbox]
    notes = a.as_("hr").get("/collab/inbox").body["items"]
    link = f"/people/{a.people['seller']}/file"
    assert any(n["title"]["zh-CN"] == "档案修改申请待审核：陈静" and n["link"].endswith(link) for n in notes), notes
    assert a.as_("hr").get(path).body["phone"] == "13800138000"
    # When HR approves it
    decided = a.as_("hr").post(f"/people/file-changes/{request['request_id']}/approve",
                               {"version": request["version"], "note": "已核对"})
    # Then the file has the new values and the audit log has before and after, masked
    assert decided.status == 200, decided.body
    assert decided.body["status"] == "approved"
    assert a.as_("hr").get(path).body["phone"] == "13700137000"
    assert a.as_("hr").post(f"{path}/reveal", {"field": "address"}).body["value"] == new_address
    entry = next(e for e in audit_of(a, "seller") if e["action"] == "approve_change")
    assert entry["before"]["phone"] == "13800138000" and entry["after"]["phone"] == "13700137000"
    assert entry["after"]["masks"]["address"] == "上海市徐汇区…"
    logged = json.dumps(audit_of(a, "seller"), ensure_ascii=False)
    assert new_address not in logged and ADDRESS not in logged
    # And it cannot be decided twice
    again = a.as_("hr").post(f"/people/file-changes/{request['request_id']}/approve",
                             {"version": decided.body["version"]})
    assert again.status == 409


def test_hr_rejects_a_change_and_the_file_stays(a):
    give_file(a, "seller")
    path = f"/people/{a.people['seller']}/file"
    request = a.as_("employee").post(f"{path}/changes", {"changes": {"bank_account": "6222000011112222"}}).body
    reply = a.as_("hr").post(f"/people/file-changes/{request['request_id']}/reject",
                             {"version": request["version"], "note": "请提供银行卡照片"})
    assert reply.status == 200 and reply.body["status"] == "rejected"
    assert a.as_("hr").get(path).body["bank_account"] == "**** **** 5678"
    mine = a.as_("employee").get(f"{path}/changes").body["items"]
    assert mine[0]["request_id"] == request["request_id"] and mine[0]["decision_note"] == "请提供银行卡照片"


def test_an_employee_cannot_propose_for_someone_else_nor_hr_facts(a):
    give_file(a, "seller")
    give_file(a, "engineer", id_number="110105199001011232")
    other = a.as_("employee").post(f"/people/{a.people['engineer']}/file/changes",
                                   {"changes": {"phone": "13700137000"}})
    assert other.status == 403
    hr_fact = a.as_("employee").post(f"/people/{a.people['seller']}/file/changes",
                                     {"changes": {"start_date": "2020-01-01"}})
    assert hr_fact.status == 400 and hr_fact.error_fields == ["changes.start_date"]
    bad_id = a.as_("employee").post(f"/people/{a.people['seller']}/file/changes",
                                    {"changes": {"id_number": "110105194912310021"}})
    assert bad_id.status == 400 and bad_id.error_fields == ["id_number"]


def test_a_pending_request_stores_no_sensitive_value_in_clear_text(a):
    give_file(a, "seller")
    secret = "6222999988887777"
    request = a.as_("employee").post(f"/people/{a.people['seller']}/file/changes",
                                     {"changes": {"bank_account": secret}}).body
    raw = boto3.client("dynamodb", region_name="us-east-1").get_item(TableName=settings().table_name, Key={
        "PK": {"S": f"T#{a.tenant_id}"}, "SK": {"S": f"PFCR#{request['request_id']}"}})["Item"]
    assert secret not in json.dumps(raw)


# ---- custom fields ------------------------------------------------------------------------------

def test_custom_fields_validate_and_show_to_whom_they_are_visible(a):
    # Given a choice field the person sees and a required number field only HR sees
    size = a.as_("hr").post("/people/fields", {"label_zh": "工服尺码", "label_en": "Uniform size", "type": "choice",
                                               "choices": ["S", "M", "L"], "visible_to": ["self"]})
    assert size.status == 201, size.body
    level = a.as_("hr").post("/people/fields", {"label_zh": "职级", "label_en": "Grade", "type": "number",
                                                "required": True})
    size_id, level_id = size.body["field_id"], level.body["field_id"]
    path = f"/people/{a.people['seller']}/file"
    current = a.as_("hr").get(path).body
    base = {**FILE, "version": current["version"]} if current and "version" in current else dict(FILE)
    # When HR writes the file without the required field, or with a choice not offered
    missing = a.as_("hr").put(path, {**base, "custom": {size_id: "M"}})
    wrong = a.as_("hr").put(path, {**base, "custom": {size_id: "XXL", level_id: 5}})
    typed = a.as_("hr").put(path, {**base, "custom": {size_id: "M", level_id: "五"}})
    # Then each is 400 naming the custom field
    assert missing.status == 400 and missing.error_fields == [f"custom.{level_id}"]
    assert wrong.status == 400 and wrong.error_fields == [f"custom.{size_id}"]
    assert typed.status == 400 and typed.error_fields == [f"custom.{level_id}"]
    # When the values are right, HR sees both, the person only the size, the manager neither
    ok = a.as_("hr").put(path, {**base, "custom": {size_id: "M", level_id: 5}})
    assert ok.status == 200, ok.body
    assert {c["field_id"]: c["value"] for c in ok.body["custom"]} == {size_id: "M", level_id: 5}
    own = a.as_("employee").get(path).body["custom"]
    assert [(c["field_id"], c["value"], c["label"]["zh-CN"]) for c in own] == [(size_id, "M", "工服尺码")]
    assert a.as_("manager").get(path).body["custom"] == []
    # And clearing a required value by PATCH is refused
    cleared = a.as_("hr").patch(path, {"version": ok.body["version"], "custom": {level_id: None}})
    assert cleared.status == 400 and cleared.error_fields == [f"custom.{level_id}"]
    # Deactivate both so the other tests' files need neither
    for reply in (size, level):
        assert a.as_("hr").patch(f"/people/fields/{reply.body['field_id']}",
                                 {"version": reply.body["version"], "active": False}).status == 200


def test_a_person_without_a_file_is_404_with_a_code_the_web_app_reads(a):
    person = a.person("newcomer", "新同事")
    reply = a.as_("hr").get(f"/people/{person}/file")
    assert reply.status == 404 and reply.body["error"]["details"][0]["code"] == "peoplefile.no_file"


def test_a_choice_field_needs_choices_and_fields_list_in_pages(a):
    reply = a.as_("hr").post("/people/fields", {"label_zh": "民族", "label_en": "Ethnicity", "type": "choice"})
    assert reply.status == 400 and reply.error_fields == ["choices"]
    person = a.as_("hr").post("/people/fields", {"label_zh": "导师", "label_en": "Mentor", "type": "person"})
    assert person.status == 201
    listed = a.as_("hr").items("/people/fields", limit=1)
    assert person.body["field_id"] in [f["field_id"] for f in listed]
    assert a.as_("employee").get("/people/fields").status == 403
    a.as_("hr").patch(f"/people/fields/{person.body['field_id']}", {"version": 1, "active": False})
