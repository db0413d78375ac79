"""The roster (花名册): every person's file as one CSV/xlsx sheet, out and in.

People are matched by employee number (工号, kept on the org person). Columns are the file's
standard fields plus one per active custom field (headed by its Chinese label); headers may be the
Chinese names or the English keys. Health is not a roster column (it stays in the file only).

Import is all-or-nothing at the check: every row is validated as HR's own write would be (resident
ID check digit, enums, dates, custom field values) and a bad row fails the file with 400 details
``rows[<line>].<column>`` in the caller's language; nothing is written then. A clean file is written
in transactions of 33 rows (each file with its birth-month item and audit record). Existing files are
replaced; a row for a person who has left is refused (their file is kept read-only).

Export shows the sensitive columns masked; ``full=true`` (HR, admins) writes them in full and is
itself written to the audit log (who, when, how many rows, which columns).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from pydantic import ConfigDict, Field, ValidationError

from chalicelib.core import audit, clock
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.deferred import BaseModel
from chalicelib.core.errors import Detail, Invalid, TooLarge, input_detail
from chalicelib.core.schema import Strict
from chalicelib.org import store as org_store
from chalicelib.org.schemas import PersonStatus
from chalicelib.org.transfer import (
    CSV_TYPE,
    MAX_CONTENT,
    MAX_ERRORS,
    MAX_EXPORT_BYTES,
    MAX_ROWS,
    XLSX_TYPE,
    FileFormat,
    _cell_text,
    _csv_table,
    _unescape,
    _write,
    _xlsx_table,
)
from chalicelib.people import sealing, service, store
from chalicelib.people.schemas import SENSITIVE, CustomField, FieldType, FileWrite, PersonFile

ROWS_PER_TRANSACTION = 33  # file + birth month + audit record per row, under the 100-item transaction limit


@dataclass(frozen=True)
class Column:
    key: str
    zh: str


COLUMNS = (
    Column("employee_no", "工号"),
    Column("legal_name", "姓名"),
    Column("id_type", "证件类型"),
    Column("id_number", "证件号码"),
    Column("gender", "性别"),
    Column("birth_date", "出生日期"),
    Column("phone", "手机号"),
    Column("personal_email", "个人邮箱"),
    Column("address", "住址"),
    Column("hukou_type", "户籍类型"),
    Column("education", "学历"),
    Column("school", "毕业院校"),
    Column("emergency_name", "紧急联系人"),
    Column("emergency_relation", "紧急联系人关系"),
    Column("emergency_phone", "紧急联系人电话"),
    Column("bank_name", "工资卡开户行"),
    Column("bank_account", "工资卡号"),
    Column("start_date", "入职日期"),
    Column("employment_type", "用工类型"),
    Column("prior_working_years", "入职前工龄"),
)
# Enum values as a Chinese HR spreadsheet writes them (the English codes are accepted too).
VALUES_ZH: dict[str, dict[str, str]] = {
    "gender": {"male": "男", "female": "女"},
    "id_type": {"resident_id": "居民身份证", "passport": "护照"},
    "hukou_type": {"urban": "城镇", "rural": "农村"},
    "education": {
        "junior_high": "初中及以下",
        "high_school": "高中/中专",
        "associate": "大专",
        "bachelor": "本科",
        "master": "硕士",
        "doctorate": "博士",
    },
    "employment_type": {
        "full_time": "全职",
        "part_time": "非全日制",
        "intern": "实习",
        "labour_dispatch": "劳务派遣",
        "retired_rehire": "退休返聘",
    },
}
_FROM_ZH = {key: {zh: code for code, zh in values.items()} for key, values in VALUES_ZH.items()}
_EMERGENCY = ("emergency_name", "emergency_relation", "emergency_phone")
_EXAMPLE = base64.b64encode(
    "工号,姓名,证件号码,入职日期,用工类型\nE00012,陈静,11010519491231002X,2024-03-01,全职\n".encode()
).decode()


class RosterImport(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"format": "csv", "content_base64": _EXAMPLE}]})

    format: FileFormat
    content_base64: str = Field(
        min_length=1, max_length=MAX_CONTENT, description=f"the file, base64 (at most {MAX_ROWS:,} rows)"
    )


class RosterImported(BaseModel):
    created: int
    replaced: int


class RosterQuery(Strict):
    format: FileFormat = FileFormat.XLSX
    full: bool = Field(default=False, description="sensitive columns in full (audited); masked otherwise")


class RosterFile(BaseModel):
    filename: str
    content_base64: str
    content_type: str
    rows: int


# ---- export -------------------------------------------------------------------------------------


def export_roster(ctx: RequestContext, query: RosterQuery) -> RosterFile:
    people = {p.person_id: p for p in org_store.list_people(ctx.tenant_id)}
    files = sorted(
        store.list_files(ctx.tenant_id),
        key=lambda f: people[f.person_id].employee_no or "" if f.person_id in people else "",
    )
    if len(files) > MAX_ROWS:
        raise TooLarge.field("full", "export.too_many_rows", limit=MAX_ROWS)
    definitions = [d for d in store.list_fields(ctx.tenant_id) if d.active]
    chinese = ctx.locale.lower().startswith("zh")
    rows = [_row(ctx, f, people.get(f.person_id), definitions, full=query.full, chinese=chinese) for f in files]
    headers = [c.zh if chinese else c.key for c in COLUMNS] + [
        d.label_zh if chinese else d.label_en for d in definitions
    ]
    content = _write(query.format, headers, rows)
    if len(content) > MAX_EXPORT_BYTES:
        raise TooLarge.field("full", "export.too_big", megabytes=MAX_EXPORT_BYTES // (1024 * 1024))
    if query.full:
        changes = Changes()
        audit.record(
            changes,
            ctx,
            "export_sensitive",
            "person_file",
            "roster",
            None,
            {"rows": len(rows), "fields": [f for f in SENSITIVE if f != "health"]},
        )
        changes.commit()
    return RosterFile(
        filename=f"roster-{clock.today().isoformat()}.{query.format.value}",
        content_base64=base64.b64encode(content).decode(),
        content_type=CSV_TYPE if query.format == FileFormat.CSV else XLSX_TYPE,
        rows=len(rows),
    )


def _row(
    ctx: RequestContext, pf: PersonFile, person: Any, definitions: list[CustomField], *, full: bool, chinese: bool
) -> list[Any]:
    values: dict[str, Any] = pf.model_dump(mode="json")
    for field in SENSITIVE:
        if full and field in pf.sealed:
            values[field] = sealing.open_sealed(
                store.data_key(ctx.tenant_id),
                pf.sealed[field],
                sealing.associated_data(ctx.tenant_id, pf.person_id, field),
            )
        else:
            values[field] = pf.masks.get(field)
    contact = values.get("emergency_contact") or {}
    values.update(
        {
            "emergency_name": contact.get("name"),
            "emergency_relation": contact.get("relation"),
            "emergency_phone": contact.get("phone"),
            "employee_no": person.employee_no if person else "",
        }
    )
    out: list[Any] = []
    for column in COLUMNS:
        value = values.get(column.key)
        if chinese and column.key in VALUES_ZH and value:
            value = VALUES_ZH[column.key].get(str(value), value)
        out.append("" if value is None else value)
    return out + [pf.custom.get(d.field_id, "") for d in definitions]


# ---- import -------------------------------------------------------------------------------------

Row = tuple[int, dict[str, str]]


def import_roster(ctx: RequestContext, body: RosterImport) -> RosterImported:
    definitions = [d for d in store.list_fields(ctx.tenant_id) if d.active]
    rows = _read(body, definitions)
    by_number = {(p.employee_no or "").lower(): p for p in org_store.list_people(ctx.tenant_id) if p.employee_no}
    existing = {f.person_id: f for f in store.list_files(ctx.tenant_id)}
    errors: list[Detail] = []
    seen: dict[str, int] = {}
    planned: list[tuple[PersonFile | None, PersonFile]] = []
    for line, values in rows:
        number = values.get("employee_no", "")
        person = by_number.get(number.lower())
        if not number or person is None:
            errors.append(Detail(f"rows[{line}].employee_no", "peoplefile.roster_unknown_employee", number=number))
            continue
        if number.lower() in seen:
            errors.append(
                Detail(
                    f"rows[{line}].employee_no", "peoplefile.roster_duplicate", number=number, line=seen[number.lower()]
                )
            )
            continue
        seen[number.lower()] = line
        if person.status == PersonStatus.LEFT:
            errors.append(Detail(f"rows[{line}].employee_no", "peoplefile.departed", name=person.name))
            continue
        before = existing.get(person.person_id)
        try:
            after = _file_of(ctx, person.person_id, before, values, definitions)
        except Invalid as exc:
            errors.extend(Detail(f"rows[{line}].{_column(d.field)}", d.text) for d in exc.details)
            continue
        planned.append((before, after))
    if errors:
        lines = {d.field.split("]")[0] for d in errors}
        raise Invalid("peoplefile.roster_invalid", errors[:MAX_ERRORS], count=len(lines), rows=len(rows))
    for start in range(0, len(planned), ROWS_PER_TRANSACTION):
        changes = Changes()
        for before, after in planned[start : start + ROWS_PER_TRANSACTION]:
            store.add_file(changes, ctx.tenant_id, after, new=before is None)
            service.stage_birth(changes, ctx.tenant_id, before, after)
            audit.record(
                changes,
                ctx,
                "import",
                "person_file",
                after.person_id,
                service.audit_values(before),
                service.audit_values(after),
            )
        changes.commit()
    created = sum(1 for before, _ in planned if before is None)
    return RosterImported(created=created, replaced=len(planned) - created)


def _column(field: str) -> str:
    """A file field's roster column (the emergency contact's parts, a custom field's id)."""
    if field.startswith("emergency_contact."):
        return "emergency_" + field.split(".", 1)[1]
    return "emergency_name" if field == "emergency_contact" else field


def _file_of(
    ctx: RequestContext,
    person_id: str,
    before: PersonFile | None,
    values: dict[str, str],
    definitions: list[CustomField],
) -> PersonFile:
    data: dict[str, Any] = {}
    for column in COLUMNS:
        value = values.get(column.key, "")
        if column.key == "employee_no" or column.key in _EMERGENCY or value == "":
            continue
        data[column.key] = _FROM_ZH.get(column.key, {}).get(value, value)
    if any(values.get(k) for k in _EMERGENCY):
        data["emergency_contact"] = {
            "name": values.get("emergency_name", ""),
            "relation": values.get("emergency_relation", ""),
            "phone": values.get("emergency_phone", ""),
        }
    custom: dict[str, Any] = {}
    for d in definitions:
        raw = values.get(f"custom:{d.field_id}", "")
        if raw:
            custom[d.field_id] = _custom_cell(d, raw)
    data["custom"] = custom
    try:
        checked = FileWrite.model_validate(data)  # lax: the cells are text ("3.5", "2024-03-01")
    except ValidationError as exc:
        details = [input_detail(e) for e in exc.errors(include_url=False)]
        raise Invalid("input.invalid_fields", details, count=len(details)) from None
    after = service.compose(
        ctx,
        person_id,
        before,
        checked.model_dump(mode="json", exclude={"version"}),
        full=True,
        definitions={d.field_id: d for d in definitions},
    )
    if before is not None and "health" in before.sealed:  # not a roster column: an import must not erase it
        after = after.model_copy(
            update={
                "sealed": {**after.sealed, "health": before.sealed["health"]},
                "masks": {**after.masks, "health": before.masks.get("health")},
            }
        )
    return after.model_copy(update={"version": before.version if before else 0})


def _custom_cell(definition: CustomField, raw: str) -> Any:
    if definition.type == FieldType.NUMBER:
        try:
            return float(raw) if "." in raw else int(raw)
        except ValueError:
            return raw  # refused by the field's check, naming the column
    return raw


def _read(body: RosterImport, definitions: list[CustomField]) -> list[Row]:
    try:
        content = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid.field("content_base64", "file.not_base64") from None
    table = _csv_table(content) if body.format == FileFormat.CSV else _xlsx_table(content)
    if not table:
        raise Invalid.field("content_base64", "file.empty")
    names = {c.zh: c.key for c in COLUMNS} | {c.key: c.key for c in COLUMNS}
    names |= {d.label_zh: f"custom:{d.field_id}" for d in definitions}
    names |= {d.label_en: f"custom:{d.field_id}" for d in definitions}
    keys: list[str | None] = []
    problems: list[Detail] = []
    for header in table[0]:
        name = _cell_text(header).strip()
        key = names.get(name)
        if name and key is None:
            problems.append(Detail("content_base64", "import.unknown_column", header=name))
        if key is not None and key in keys:
            problems.append(Detail("content_base64", "import.column_twice", header=name))
        keys.append(key)
    if "employee_no" not in keys:
        problems.append(Detail("content_base64", "import.missing_column", label="工号", key="employee_no"))
    if problems:
        raise Invalid("import.columns_do_not_fit", problems, count=len(problems))
    rows: list[Row] = []
    for line, cells in enumerate(table[1:], start=2):
        values = {key: _unescape(cells[i].strip()) for i, key in enumerate(keys) if key and i < len(cells)}
        if any(values.values()):
            rows.append((line, values))
    if not rows:
        raise Invalid.field("content_base64", "file.no_rows")
    if len(rows) > MAX_ROWS:
        raise Invalid.field("content_base64", "file.too_many_rows", limit=MAX_ROWS)
    return rows
