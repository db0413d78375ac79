"""The roster (花名册): export masked or in full (audited), import all-or-nothing with row errors in Chinese."""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

import pytest

from tests.integration.test_people_file import ACCOUNT, HEALTH, ID_NUMBER, give_file
from tests.support.collab_sources import module_world
from tests.support.world import Company


@pytest.fixture(scope="module")
def a():
    with module_world("甲公司金融科技") as companies:
        yield companies[0]


def employee_no(company: Company, label: str) -> str:
    return company.admin.get(f"/org/people/{company.people[label]}").body["employee_no"]


def csv_file(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return base64.b64encode(out.getvalue().encode("utf-8-sig")).decode()


def read_xlsx(content_base64: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(base64.b64decode(content_base64)), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_export_is_masked_by_default_and_full_only_when_asked_with_an_audit_record(a):
    # Given the seller's file
    give_file(a, "seller")
    # When HR exports the roster
    masked = a.as_("hr").get("/people/roster")
    assert masked.status == 200, masked.body
    table = read_xlsx(masked.body["content_base64"])
    header, row = table[0], next(r for r in table[1:] if r[0] == employee_no(a, "seller"))
    # Then the sheet has the Chinese headers and masked sensitive columns
    assert header[:4] == ["工号", "姓名", "证件类型", "证件号码"]
    assert row[header.index("证件号码")] == "110105********002X" and row[header.index("用工类型")] == "全职"
    assert ID_NUMBER not in str(table) and ACCOUNT not in str(table)
    # When HR asks for the full values
    before = len([e for e in a.as_("hr").get("/audit", limit=100).body["items"] if e["action"] == "export_sensitive"])
    full = read_xlsx(a.as_("hr").get("/people/roster", full="true").body["content_base64"])
    row = next(r for r in full[1:] if r[0] == employee_no(a, "seller"))
    # Then they are there, and the audit log has the export
    assert row[header.index("证件号码")] == ID_NUMBER and row[header.index("工资卡号")] == ACCOUNT
    after = [e for e in a.as_("hr").get("/audit", limit=100).body["items"] if e["action"] == "export_sensitive"]
    assert len(after) == before + 1 and after[0]["after"]["rows"] >= 1


def test_an_import_with_a_bad_check_digit_and_a_repeated_number_writes_nothing_and_names_the_rows(a):
    seller, engineer = employee_no(a, "seller"), employee_no(a, "engineer")
    before = a.as_("hr").get(f"/people/{a.people['engineer']}/file")
    header = ["工号", "姓名", "证件号码", "入职日期", "用工类型"]
    content = csv_file([header,
                        [engineer, "刘洋", "110105199001011232", "2023-05-01", "全职"],
                        [seller, "陈静", "110105194912310021", "2024-03-01", "全职"],
                        [engineer, "刘洋", "110105199001011232", "2023-05-01", "全职"],
                        ["E99999", "无名", "110105199001011232", "2023-05-01", "全职"],
                        [employee_no(a, "sales_head"), "李强", "110105199001011232", "2023-13-01", "合同工"]])
    reply = a.as_("hr").post("/people/roster/import", {"format": "csv", "content_base64": content})
    assert reply.status == 400, reply.body
    details = {d["field"]: d["message"] for d in reply.body["error"]["details"]}
    assert details["rows[3].id_number"] == "身份证号校验位不对，请核对"
    assert details["rows[4].employee_no"] == f"工号“{engineer}”在第 2 行已出现过"
    assert "rows[5].employee_no" in details
    assert {"rows[6].start_date", "rows[6].employment_type"} <= set(details)
    assert reply.body["error"]["message"] == "花名册共 5 行，其中 4 行有误，未导入任何数据"
    assert a.as_("hr").get(f"/people/{a.people['engineer']}/file").status == before.status


def test_a_clean_import_creates_and_replaces_files_and_round_trips_the_export(a):
    give_file(a, "seller")
    # Given the full export, with the engineer added and the seller's phone changed
    exported = read_xlsx(a.as_("hr").get("/people/roster", full="true", format="xlsx").body["content_base64"])
    header = [str(h) for h in exported[0]]
    seller_row = next(["" if v is None else str(v) for v in r] for r in exported[1:]
                      if r[0] == employee_no(a, "seller"))
    seller_row[header.index("手机号")] = "13600136000"
    engineer_row = [""] * len(header)
    for column, value in {"工号": employee_no(a, "engineer"), "姓名": "刘洋", "证件类型": "居民身份证",
                          "证件号码": "110105199001011232", "入职日期": "2023-05-01", "用工类型": "实习",
                          "学历": "硕士", "入职前工龄": "0"}.items():
        engineer_row[header.index(column)] = value
    # When it is imported
    reply = a.as_("hr").post("/people/roster/import", {"format": "csv",
                                                       "content_base64": csv_file([header, seller_row, engineer_row])})
    # Then both files are written, the seller's sensitive values unchanged
    assert reply.status == 201, reply.body
    assert reply.body["created"] + reply.body["replaced"] == 2
    seller = a.as_("hr").get(f"/people/{a.people['seller']}/file").body
    assert seller["phone"] == "13600136000" and seller["id_number"] == "110105********002X"
    reveal = f"/people/{a.people['seller']}/file/reveal"
    assert a.as_("hr").post(reveal, {"field": "bank_account"}).body["value"] == ACCOUNT
    assert a.as_("hr").post(reveal, {"field": "health"}).body["value"] == HEALTH  # not a column: kept
    engineer = a.as_("hr").get(f"/people/{a.people['engineer']}/file").body
    assert (engineer["employment_type"], engineer["education"], engineer["gender"]) == ("intern", "master", "male")


def test_the_roster_is_hr_only(a):
    assert a.as_("employee").get("/people/roster").status == 403
    assert a.as_("manager").post("/people/roster/import", {"format": "csv", "content_base64": "eA=="}).status == 403
