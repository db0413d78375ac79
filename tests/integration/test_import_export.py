"""Bulk import and export of units, positions and people (CSV and .xlsx)."""

from __future__ import annotations

import base64
import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.support.world import Company, sign_up


def b64(text: str, encoding: str = "utf-8") -> str:
    return base64.b64encode(text.encode(encoding)).decode()


def xlsx(rows: list[list[object]]) -> str:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return base64.b64encode(out.getvalue()).decode()


def import_(company: Company, kind: str, content: str, fmt: str = "csv"):
    return company.admin.post("/org/import", {"kind": kind, "format": fmt, "content_base64": content})


def export(company: Company, kind: str, fmt: str = "csv") -> dict:
    reply = company.admin.get("/org/export", kind=kind, format=fmt)
    assert reply.status == 200, reply.body
    return reply.body


def csv_rows(exported: dict) -> list[list[str]]:
    text = base64.b64decode(exported["content_base64"]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


UNITS_ZH = "部门编码,部门名称,上级部门编码,类型\nSALES,销售部,,部门\nSALES1,销售一组,SALES,团队\nRISK,风控部,,\n"
POSITIONS_EN = (
    "code,title,unit_code,headcount,purpose,duties,qualifications\n"
    'REP,客户经理,SALES1,8,开发客户,"完成放款目标\n维护客户关系",本科及以上\n'
    "ANALYST,风控分析师,RISK,2,,,\n"
)
PEOPLE_ZH = (
    "工号,姓名,邮箱,部门编码,岗位编码,上级工号,状态\n"
    "E100,李强,li.qiang@example.test,SALES,,,在职\n"
    "E101,陈静,chen.jing@example.test,SALES1,REP,E100,\n"
    "E102,赵磊,zhao.lei@example.test,RISK,ANALYST,,休假\n"
)


@pytest.fixture
def company(api) -> Company:
    return sign_up(api)


@pytest.fixture
def staffed(company) -> Company:
    for kind, content in (("units", UNITS_ZH), ("positions", POSITIONS_EN), ("people", PEOPLE_ZH)):
        reply = import_(company, kind, b64(content))
        assert reply.status == 201, reply.body
    return company


def test_units_import_from_csv_with_chinese_headers_builds_the_tree(company):
    # When HR imports three units, one a team under another row of the same file
    reply = import_(company, "units", b64(UNITS_ZH))
    # Then all three exist and the team hangs under 销售部
    assert reply.status == 201 and reply.body["created"] == 3
    units = {u["code"]: u for u in company.admin.get("/org/units").body["items"]}
    assert units["SALES1"]["parent_id"] == units["SALES"]["unit_id"]
    assert units["SALES1"]["kind"] == "team"
    assert units["SALES1"]["path"] == [company.root_unit_id, units["SALES"]["unit_id"], units["SALES1"]["unit_id"]]


def test_children_may_come_before_their_parents_in_the_file(company):
    reply = import_(company, "units", b64("code,name,parent_code\nTEAM,小组,DEPT\nDEPT,部门,\n"))
    assert reply.status == 201
    units = {u["code"]: u for u in company.admin.get("/org/units").body["items"]}
    assert units["TEAM"]["parent_id"] == units["DEPT"]["unit_id"]


def test_people_link_to_units_positions_and_managers_by_human_keys(staffed):
    people = {p["employee_no"]: p for p in staffed.admin.get("/org/people").body["items"]}
    positions = {p["code"]: p for p in staffed.admin.get("/org/positions").body["items"]}
    assert people["E101"]["manager_id"] == people["E100"]["person_id"]
    assert people["E101"]["position_id"] == positions["REP"]["position_id"]
    assert people["E102"]["status"] == "on_leave"
    assert positions["REP"]["job_description"]["duties"] == ["完成放款目标", "维护客户关系"]
    assert positions["REP"]["holder_ids"] == [people["E101"]["person_id"]]


def test_the_subtree_query_returns_imported_people(staffed):
    units = {u["code"]: u["unit_id"] for u in staffed.admin.get("/org/units").body["items"]}
    subtree = staffed.admin.get(f"/org/units/{units['SALES']}/subtree").body
    assert {p["name"] for p in subtree["people"]} == {"李强", "陈静"}


def test_one_bad_row_writes_nothing_and_every_bad_row_is_reported(company):
    # Given a file whose lines 3 and 4 are bad (header is line 1)
    content = (
        "工号,姓名,邮箱,部门编码\n"
        "E1,王一,wang1@example.test,HQ\n"
        "E2,王二,not-an-email,HQ\n"
        "E3,,wang3@example.test,NOWHERE\n"
    )
    # When HR imports it
    reply = import_(company, "people", b64(content))
    # Then each bad cell is named by line and column, and not even the good row was written
    assert reply.status == 400
    assert set(reply.error_fields) == {"rows[3].email", "rows[4].name", "rows[4].unit_code"}
    names = {p["name"] for p in company.admin.get("/org/people").body["items"]}
    assert "王一" not in names


def test_importing_the_same_file_twice_reports_duplicates_and_writes_nothing_more(company):
    assert import_(company, "units", b64(UNITS_ZH)).status == 201
    again = import_(company, "units", b64(UNITS_ZH))
    assert again.status == 400
    assert set(again.error_fields) == {"rows[2].code", "rows[3].code", "rows[4].code"}
    assert len(company.admin.get("/org/units").body["items"]) == 4


def test_duplicates_within_one_file_are_row_errors(company):
    reply = import_(
        company, "people", b64("employee_no,name,email,unit_code\nE1,甲,a@example.test,HQ\nE1,乙,A@example.test,HQ\n")
    )
    assert reply.status == 400
    assert set(reply.error_fields) == {"rows[3].employee_no", "rows[3].email"}


def test_a_parent_loop_is_a_row_error(company):
    reply = import_(company, "units", b64("code,name,parent_code\nA,甲,B\nB,乙,A\n"))
    assert reply.status == 400 and reply.error_fields == ["rows[3].parent_code"]


def test_a_position_of_another_unit_is_refused(staffed):
    reply = import_(
        staffed, "people", b64("employee_no,name,email,unit_code,position_code\nE200,错位,e200@example.test,RISK,REP\n")
    )
    assert reply.status == 400 and reply.error_fields == ["rows[2].position_code"]


def test_unknown_and_missing_columns_are_named(company):
    reply = import_(company, "units", b64("code,颜色\nX,red\n"))
    assert reply.status == 400
    assert set(reply.error_fields) == {"columns[1]", "columns"}


def test_bad_base64_and_bad_xlsx_name_the_content_field(company):
    assert import_(company, "units", "%%%").error_fields == ["content_base64"]
    assert import_(company, "units", b64("not a zip"), "xlsx").error_fields == ["content_base64"]


def test_units_import_from_xlsx_with_numbers_as_cells(company):
    content = xlsx([["部门编码", "部门名称", "上级部门编码"], [1001, "一部", None], [1002, "二部", 1001]])
    reply = import_(company, "units", content, "xlsx")
    assert reply.status == 201, reply.body
    codes = {u["code"] for u in company.admin.get("/org/units").body["items"]}
    assert {"1001", "1002"} <= codes


def test_gb18030_csv_from_chinese_excel_is_read(company):
    reply = import_(company, "units", b64("部门编码,部门名称\nFIN,财务部\n", "gb18030"))
    assert reply.status == 201
    assert "财务部" in {u["name"] for u in company.admin.get("/org/units").body["items"]}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_another_company_round_trips(api, staffed, fmt):
    # Given a company built by import, and a second company that has only its founder
    other = sign_up(api, "另一家公司")
    # When each kind is exported from the first and imported into the second (each company keeps
    # its own founder: that row is left out of the people file)
    for kind in ("units", "positions", "people"):
        table = [row for row in _table(export(staffed, kind, fmt), fmt) if row[1] != "王芳"]
        reply = other.admin.post("/org/import", {"kind": kind, "format": fmt, "content_base64": _file(table, fmt)})
        assert reply.status == 201, (kind, reply.body)
    # Then the second company exports the same files
    for kind in ("units", "positions", "people"):
        mine, theirs = _table(export(staffed, kind, fmt), fmt), _table(export(other, kind, fmt), fmt)
        assert [r for r in mine if r[1] != "王芳"] == [r for r in theirs if r[1] != "王芳"], kind
        assert len(mine) > 2


def _table(exported: dict, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        return csv_rows(exported)
    sheet = load_workbook(io.BytesIO(base64.b64decode(exported["content_base64"]))).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _file(table: list[list[str]], fmt: str) -> str:
    if fmt == "xlsx":
        return xlsx(table)
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return b64(out.getvalue())


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_control_character_in_a_name_does_not_break_the_export(company, fmt):
    # Found by the fuzzer: a worksheet cannot hold control characters; the export drops them
    assert company.admin.post("/org/units", {"code": "CTRL", "name": "控制\x03字符部",
                                             "parent_id": company.root_unit_id}).status == 201
    exported = export(company, "units", fmt)
    assert exported["content_base64"]


def test_export_describes_the_file(staffed):
    exported = export(staffed, "units", "xlsx")
    assert exported["filename"].startswith("units-") and exported["filename"].endswith(".xlsx")
    assert exported["content_type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert exported["rows"] == 3
    rows = csv_rows(export(staffed, "people"))
    assert rows[0] == ["工号", "姓名", "邮箱", "部门编码", "岗位编码", "上级工号", "状态"]


def test_formula_like_cells_are_neutralised_in_csv_and_survive_a_round_trip(api, company):
    import_(company, "units", b64('code,name\nEVIL,=HYPERLINK("x")\n'))
    rows = csv_rows(export(company, "units"))
    assert rows[1][1] == '\'=HYPERLINK("x")'
    other = sign_up(api, "另一家")
    reply = other.admin.post(
        "/org/import", {"kind": "units", "format": "csv", "content_base64": export(company, "units")["content_base64"]}
    )
    assert reply.status == 201
    assert '=HYPERLINK("x")' in {u["name"] for u in other.admin.get("/org/units").body["items"]}


def test_large_imports_are_written_in_chunks_of_at_most_100_items(company):
    # 30 people stage 4 items each (person, 2 guards, audit): more than one 100-item transaction
    lines = "\n".join(f"E{i:04d},员工{i},e{i}@example.test,HQ" for i in range(30))
    reply = import_(company, "people", b64("employee_no,name,email,unit_code\n" + lines + "\n"))
    assert reply.status == 201 and reply.body["created"] == 30
    assert len(company.admin.get("/org/people").body["items"]) == 31


def test_an_import_is_in_the_audit_log(company):
    reply = import_(company, "units", b64(UNITS_ZH))
    log = company.admin.get("/audit", entity_kind="import", entity_id=reply.body["import_id"]).body["items"]
    assert log[0]["after"] == {"kind": "units", "format": "csv", "filename": "", "rows": 3}
    assert log[0]["actor_user_id"]


def test_only_hr_and_admins_import_and_export(company):
    company.user("exec", ["executive"])
    assert (
        company.as_("exec")
        .post("/org/import", {"kind": "units", "format": "csv", "content_base64": b64(UNITS_ZH)})
        .status
        == 403
    )
    assert company.as_("exec").get("/org/export", kind="units").status == 403


def test_xlsx_exports_write_formula_like_text_as_text(company):
    import_(company, "units", b64('code,name\nEVIL,"=SUM(1,2)"\n'))
    exported = export(company, "units", "xlsx")
    cell = load_workbook(io.BytesIO(base64.b64decode(exported["content_base64"]))).worksheets[0]["B2"]
    assert cell.data_type == "s" and cell.value == "=SUM(1,2)"


def test_a_race_during_the_write_reports_how_far_the_import_got(company):
    # Given a unit code taken after the check (simulated: a guard with no unit behind it)
    from chalicelib.core.db import Changes
    from chalicelib.org.store import unique_key

    Changes().claim(*unique_key(company.tenant_id, "UNITCODE", "RACE39")).commit()
    # When 40 units are imported (25 rows of 4 items — guard, unit, its rollout labels, audit — fit the first
    # 100-item transaction) and row 40 hits the taken code
    lines = "\n".join(f"RACE{i},竞争{i}" for i in range(40))
    reply = import_(company, "units", b64("code,name\n" + lines + "\n"))
    # Then the answer is 409 saying 25 rows were written, and a re-import names those as duplicates
    assert reply.status == 409
    assert reply.body["error"]["details"] == [{"field": "rows", "code": "import.rows_written",
                                               "message": "已写入 25 行，15 行未写入", "written": 25,
                                               "not_written": 15}]
    again = import_(company, "units", b64("code,name\n" + lines + "\n"))
    assert again.status == 400 and len(again.error_fields) == 25


# ---- caps --------------------------------------------------------------------------------------

def test_an_import_over_the_row_cap_is_refused_naming_the_file(company, monkeypatch):
    # Given a cap of 3 rows (5,000 in production)
    from chalicelib.org import transfer

    monkeypatch.setattr(transfer, "MAX_ROWS", 3)
    # When a file of 4 rows is imported, as CSV or as .xlsx
    rows = [["code", "name"], *[[f"CAP{i}", f"部门{i}"] for i in range(4)]]
    for content, fmt in ((b64("\n".join(",".join(r) for r in rows) + "\n"), "csv"), (xlsx(rows), "xlsx")):
        reply = import_(company, "units", content, fmt)
        # Then 400 names content_base64 and nothing is written
        assert reply.status == 400 and reply.error_fields == ["content_base64"], reply.body
    assert [u["code"] for u in company.admin.items("/org/units")] == ["HQ"]


def test_an_xlsx_import_stops_reading_past_the_row_cap(company, monkeypatch):
    # Given a cap of 3 rows and a sheet of 50 (a decompression bomb would be millions)
    from chalicelib.org import transfer

    monkeypatch.setattr(transfer, "MAX_ROWS", 3)
    table = transfer._xlsx_table(base64.b64decode(xlsx([["code", "name"], *[[f"X{i}", "n"] for i in range(50)]])))
    # Then only the header and one row past the cap are read
    assert len(table) == 5


def test_an_export_over_the_row_cap_is_413_naming_kind(staffed, monkeypatch):
    from chalicelib.org import transfer

    monkeypatch.setattr(transfer, "MAX_ROWS", 2)
    reply = staffed.admin.get("/org/export", kind="people", format="csv")
    assert reply.status == 413, reply.body
    assert reply.body["error"]["code"] == "too_large" and reply.error_fields == ["kind"]


def test_an_export_over_the_byte_cap_is_413_naming_kind(staffed, monkeypatch):
    from chalicelib.org import transfer

    monkeypatch.setattr(transfer, "MAX_EXPORT_BYTES", 100)
    reply = staffed.admin.get("/org/export", kind="people", format="xlsx")
    assert reply.status == 413 and reply.error_fields == ["kind"], reply.body


def test_the_caps_are_stated_in_the_schema():
    from chalicelib.org.transfer import ExportQuery, ImportRequest

    assert "5,000 rows" in ImportRequest.model_json_schema()["properties"]["content_base64"]["description"]
    assert "5,000 rows" in ExportQuery.model_json_schema()["properties"]["kind"]["description"]
