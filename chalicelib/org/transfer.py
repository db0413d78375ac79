"""Bulk import and export of units, positions and people as CSV or Excel (.xlsx).

Human keys, not ids: units by ``code`` (``parent_code``), positions by ``code`` (``unit_code``),
people by ``employee_no`` (``unit_code``, ``position_code``, ``manager_employee_no``). Column headers
may be English (``unit_code``) or Chinese (``部门编码``); exports use the caller's language.

Import is two-phase. First every row is checked against the file and the tenant's current records
(one read of units, positions and people); any bad row fails the whole import with a 400 whose
details name ``rows[<line>].<column>``, where ``<line>`` is the line number the spreadsheet shows
(header = line 1). Nothing is written then. Only a clean file is written, in ``TransactWriteItems``
chunks of at most 100 items (each row with its uniqueness guards and audit record).

Atomicity limit: each chunk is atomic, the import as a whole is not. A concurrent edit that takes a
code or number between the check and the write (a race of milliseconds) fails that chunk with 409;
chunks written before it stay. Re-importing the same file then reports those rows as duplicates
(row errors), never writes them twice. People are the exception: a people row whose employee number
or email belongs to an existing person updates that person (a full roster lists the founding admin
too); an unchanged person is counted, not rewritten. Files are capped at :data:`MAX_ROWS` rows.

CSV is read as UTF-8 (with or without BOM) or GB18030 (what Excel on a Chinese Windows writes), and
written as UTF-8 with BOM so Excel opens it correctly. Cells starting with ``= + - @`` are exported
with a leading ``'`` (no formula injection in CSV) and the quote is dropped again on import; xlsx
cells are always written as text.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field, ValidationError

from chalicelib.core import audit, clock
from chalicelib.core.context import RequestContext
from chalicelib.core.db import MAX_TRANSACTION_ITEMS, Changes
from chalicelib.core.deferred import BaseModel
from chalicelib.core.errors import Conflict, Detail, Invalid, TooLarge, input_detail
from chalicelib.core.ids import new_id
from chalicelib.core.messages import text
from chalicelib.org import service, store
from chalicelib.org.schemas import (
    Person,
    PersonCreate,
    PersonStatus,
    Position,
    PositionCreate,
    Strict,
    Unit,
    UnitCreate,
    UnitKind,
    UnitStatus,
)

MAX_ROWS = 5000  # per imported file, and per export (an export must be re-importable as is)
MAX_ERRORS = 200  # report at most this many row errors (the file is rejected either way)
MAX_CONTENT = 6_000_000  # base64 characters: about 4.5 MB of file, under API Gateway's 6 MB
MAX_EXPORT_BYTES = 4_000_000  # file bytes: base64 makes 5.3 MB, under Lambda's 6 MB response

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TransferKind(StrEnum):
    UNITS = "units"
    POSITIONS = "positions"
    PEOPLE = "people"


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


_EXAMPLE_CSV = base64.b64encode("部门编码,部门名称,上级部门编码\nRISK,风控部,\n".encode()).decode()


class ImportRequest(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"kind": "units", "format": "csv", "content_base64": _EXAMPLE_CSV}]}
    )

    kind: TransferKind
    format: FileFormat
    content_base64: str = Field(
        min_length=1,
        max_length=MAX_CONTENT,
        description=(
            f"the file, base64: at most {MAX_CONTENT:,} characters (about 4.5 MB of file) and {MAX_ROWS:,} rows "
            "(400 naming content_base64 beyond either)"
        ),
    )
    filename: str = Field(default="", max_length=200)


class ImportResult(BaseModel):
    import_id: str
    kind: TransferKind
    created: int
    updated: int = Field(default=0, description="existing people matched by employee number or email and updated")
    unchanged: int = Field(default=0, description="existing people the file lists exactly as they are")


class ExportQuery(Strict):
    kind: TransferKind = Field(
        description=f"what to export: at most {MAX_ROWS:,} rows and {MAX_EXPORT_BYTES:,} "
        "bytes of file (413 naming kind beyond either)"
    )
    format: FileFormat = FileFormat.CSV


class ExportFile(BaseModel):
    filename: str
    content_base64: str
    content_type: str
    rows: int


# ---- columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS: dict[TransferKind, tuple[Column, ...]] = {
    TransferKind.UNITS: (
        Column("code", "部门编码", ("unit_code", "编码", "单位编码"), required=True),
        Column("name", "部门名称", ("unit_name", "名称"), required=True),
        Column("parent_code", "上级部门编码", ("上级编码",)),
        Column("kind", "类型", ("type", "层级")),
        Column("status", "状态"),
    ),
    TransferKind.POSITIONS: (
        Column("code", "岗位编码", ("position_code", "编码"), required=True),
        Column("title", "岗位名称", ("name", "岗位"), required=True),
        Column("unit_code", "部门编码", ("所属部门编码",), required=True),
        Column("headcount", "编制", ("编制人数",)),
        Column("purpose", "岗位目的", ("岗位概述",)),
        Column("duties", "岗位职责", ("职责",)),
        Column("qualifications", "任职资格", ("任职要求",)),
    ),
    TransferKind.PEOPLE: (
        Column("employee_no", "工号", ("员工编号",), required=True),
        Column("name", "姓名", (), required=True),
        Column("email", "邮箱", ("电子邮箱", "e-mail"), required=True),
        Column("unit_code", "部门编码", ("部门",), required=True),
        Column("position_code", "岗位编码", ()),
        Column("manager_employee_no", "上级工号", ("直属上级工号", "manager")),
        Column("status", "状态", ()),
    ),
}

# Chinese values accepted for enumerations (exports write the English value).
_VALUE_ALIASES = {
    "kind": {"公司": "company", "部门": "department", "团队": "team", "小组": "team"},
    "status": {
        "在职": "active",
        "正常": "active",
        "启用": "active",
        "休假": "on_leave",
        "离职": "left",
        "撤销": "closed",
        "已关闭": "closed",
        "关闭": "closed",
    },
}
_LIST_SPLIT = re.compile(r"[\n；]+")
_FORMULA_START = ("=", "+", "-", "@")


def _norm(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().lower())


def _header_map(kind: TransferKind, headers: list[str]) -> list[str | None]:
    """Column key for each header position; 400 naming unknown, repeated or missing columns."""
    lookup = {_norm(name): c.key for c in COLUMNS[kind] for name in (c.key, c.zh, *c.aliases)}
    keys: list[str | None] = []
    errors: list[Detail] = []
    for i, header in enumerate(headers):
        if not header.strip():
            keys.append(None)
            continue
        key = lookup.get(_norm(header))
        if key is None:
            errors.append(Detail(f"columns[{i}]", "import.unknown_column", header=header))
        elif key in keys:
            errors.append(Detail(f"columns[{i}]", "import.column_twice", header=header))
        keys.append(key)
    for c in COLUMNS[kind]:
        if c.required and c.key not in keys:
            errors.append(Detail("columns", "import.missing_column", key=c.key, label=c.zh))
    if errors:
        raise Invalid("import.columns_do_not_fit", errors, count=len(errors))
    return keys


# ---- reading and writing files --------------------------------------------------------------

Row = tuple[int, dict[str, str]]  # (line number as the spreadsheet shows it, column key -> text)


def read_rows(kind: TransferKind, fmt: FileFormat, content_base64: str) -> list[Row]:
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid.field("content_base64", "file.not_base64") from None
    table = _csv_table(content) if fmt == FileFormat.CSV else _xlsx_table(content)
    if not table:
        raise Invalid.field("content_base64", "file.empty")
    keys = _header_map(kind, table[0])
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


def _csv_table(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise Invalid.field("content_base64", "file.csv_encoding", encodings=["UTF-8", "GB18030"])
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise Invalid.field("content_base64", "file.bad_csv", reason=str(exc)) from None


def _xlsx_table(content: bytes) -> list[list[str]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook  # imported here: openpyxl is heavy and only import/export needs it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        raise Invalid.field("content_base64", "file.bad_xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        table: list[list[str]] = []
        filled = 0
        for row in sheet.iter_rows(values_only=True):
            table.append([_cell_text(v) for v in row])
            filled += any(v is not None and v != "" for v in row)
            if filled > MAX_ROWS + 1:  # header + one row too many: enough to refuse the file, read no further
                break
        return table
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """Excel turns 1001 into a number and dates into datetimes: give every cell back as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _escape(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def _write(fmt: FileFormat, headers: list[str], rows: list[list[Any]]) -> bytes:
    if fmt == FileFormat.CSV:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows([[_escape(v) if isinstance(v, str) else v for v in row] for row in rows])
        return buffer.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def printable(value: Any) -> Any:
        # A control character (stored before inputs refused them, or in an imported file) cannot be
        # written to a worksheet: it is dropped from the export rather than failing the whole file.
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([printable(h) for h in headers])
    for row in rows:
        cells = []
        for value in row:
            value = printable(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---- checking rows --------------------------------------------------------------------------


class _Errors:
    def __init__(self) -> None:
        self.items: list[Detail] = []

    def add(self, line: int, column: str, code: str, /, **params: Any) -> None:
        self.items.append(Detail(f"rows[{line}].{column}", code, **params))

    def from_validation(self, line: int, exc: ValidationError, columns: Callable[[tuple[Any, ...]], str]) -> None:
        for err in exc.errors(include_url=False):
            self.items.append(input_detail(err, f"rows[{line}].{columns(tuple(err['loc']))}"))

    def raise_if_any(self, kind: TransferKind, rows: int) -> None:
        if self.items:
            lines = sorted({e.field.split("]")[0] + "]" for e in self.items})
            raise Invalid(
                "import.rows_invalid",
                self.items[:MAX_ERRORS],
                count=len(lines),
                rows=rows,
                kind=text(f"import.kind.{kind.value}"),
            )


def _value(values: dict[str, str], key: str) -> str:
    raw = values.get(key, "")
    return _VALUE_ALIASES.get(key, {}).get(raw, raw)


def _first_seen(errors: _Errors, seen: dict[str, int], line: int, column: str, value: str, what: str) -> bool:
    """Record the value; False (with a row error) when an earlier row already had it."""
    key = value.lower()
    if key in seen:
        errors.add(line, column, "import.repeated", what=text(f"import.what.{what}"), value=value, first=seen[key])
        return False
    seen[key] = line
    return True


@dataclass
class _NewUnit:
    line: int
    unit: Unit
    parent_code: str


def _plan_units(rows: list[Row], units: list[Unit], errors: _Errors) -> list[Unit]:
    """New units in parent-first order, with ids and tree paths."""
    existing = {u.code.lower(): u for u in units}
    root = next(u for u in units if u.parent_id is None)
    seen: dict[str, int] = {}
    planned: dict[str, _NewUnit] = {}
    for line, values in rows:
        status = _value(values, "status") or UnitStatus.ACTIVE.value
        try:
            body = UnitCreate.model_validate(
                {
                    "code": values.get("code", ""),
                    "name": values.get("name", ""),
                    "parent_id": "-",
                    "kind": _value(values, "kind") or "department",
                }
            )
            status = UnitStatus(status)
        except ValidationError as exc:
            errors.from_validation(line, exc, lambda loc: str(loc[0]))
            continue
        except ValueError:
            errors.add(line, "status", "input.enum", expected=list(UnitStatus))
            continue
        if not _first_seen(errors, seen, line, "code", body.code, "unit_code"):
            continue
        if body.code.lower() in existing:
            errors.add(line, "code", "import.unit_exists", code=body.code)
            continue
        if body.kind == UnitKind.COMPANY:
            errors.add(line, "kind", "import.one_company_unit")
            continue
        unit = Unit(
            unit_id=new_id(), code=body.code, name=body.name, parent_id=None, path=[], kind=body.kind, status=status
        )
        planned[body.code.lower()] = _NewUnit(line, unit, values.get("parent_code", ""))

    ordered: list[Unit] = []
    done: dict[str, Unit | None] = {}  # None: the row failed (its error is recorded once)

    def resolve(code: str, trail: tuple[str, ...]) -> Unit | None:
        if code not in done:
            done[code] = _place(code, trail)
        return done[code]

    def _place(code: str, trail: tuple[str, ...]) -> Unit | None:
        new = planned[code]
        parent_code = new.parent_code.lower()
        if not parent_code or parent_code == root.code.lower():
            parent: Unit | None = root
        elif parent_code in existing:
            parent = existing[parent_code]
            if parent.status != UnitStatus.ACTIVE:
                errors.add(new.line, "parent_code", "import.parent_closed", code=new.parent_code)
                return None
        elif parent_code in trail or parent_code == code:
            errors.add(new.line, "parent_code", "import.parent_loop")
            return None
        elif parent_code in planned:
            parent = resolve(parent_code, (*trail, code))
        else:
            errors.add(new.line, "parent_code", "import.parent_unknown", code=new.parent_code)
            return None
        if parent is None:
            return None  # the parent row has its own error
        if len(parent.path) >= service.MAX_DEPTH:
            errors.add(new.line, "parent_code", "unit.too_deep", levels=service.MAX_DEPTH)
            return None
        unit = new.unit.model_copy(update={"parent_id": parent.unit_id, "path": [*parent.path, new.unit.unit_id]})
        ordered.append(unit)
        return unit

    for code in planned:
        if code not in done:
            resolve(code, ())
    return ordered


def _position_columns(loc: tuple[Any, ...]) -> str:
    if loc and loc[0] == "job_description" and len(loc) > 1:
        return str(loc[1])
    return str(loc[0]) if loc else "row"


def _plan_positions(rows: list[Row], units: list[Unit], positions: list[Position], errors: _Errors) -> list[Position]:
    unit_by_code = {u.code.lower(): u for u in units}
    taken = {p.code.lower() for p in positions}
    seen: dict[str, int] = {}
    planned = []
    for line, values in rows:
        before = len(errors.items)
        code = values.get("code", "")
        body: PositionCreate | None = None
        try:
            body = PositionCreate.model_validate(
                {
                    "code": code,
                    "title": values.get("title", ""),
                    "unit_id": "-",
                    "headcount": values.get("headcount") or 1,
                    "job_description": {
                        "purpose": values.get("purpose", ""),
                        "duties": _split(values.get("duties", "")),
                        "qualifications": _split(values.get("qualifications", "")),
                    },
                }
            )
        except ValidationError as exc:
            errors.from_validation(line, exc, _position_columns)
        if code and _first_seen(errors, seen, line, "code", code, "position_code") and code.lower() in taken:
            errors.add(line, "code", "import.position_exists", code=code)
        unit = _unit_for(errors, line, values, unit_by_code, must_be_active=True)
        if body is not None and unit is not None and len(errors.items) == before:
            planned.append(Position(position_id=new_id(), **body.model_dump(exclude={"unit_id"}), unit_id=unit.unit_id))
    return planned


def _unit_for(
    errors: _Errors, line: int, values: dict[str, str], unit_by_code: dict[str, Unit], must_be_active: bool
) -> Unit | None:
    code = values.get("unit_code", "")
    unit = unit_by_code.get(code.lower())
    if unit is None:
        if code:
            errors.add(line, "unit_code", "import.unit_unknown", code=code)
        else:
            errors.add(line, "unit_code", "input.missing")
    elif must_be_active and unit.status != UnitStatus.ACTIVE:
        errors.add(line, "unit_code", "unit.closed")
    return unit


def _split(text: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]


@dataclass
class _PersonRow:
    """A row to write: a new person (``before`` None) or an existing one brought up to date."""

    after: Person
    before: Person | None = None


def _plan_people(
    rows: list[Row], units: list[Unit], positions: list[Position], people: list[Person], errors: _Errors
) -> list[_PersonRow]:
    """New people, and existing ones matched by employee number or email (then updated from the row).

    The founding admin exists from sign-up on; a full roster that lists them again updates them
    instead of failing as a duplicate. A row whose number and email name two different people is
    a row error (which of them is meant is not ours to guess).
    """
    unit_by_code = {u.code.lower(): u for u in units}
    position_by_code = {p.code.lower(): p for p in positions}
    by_number = {(p.employee_no or "").lower(): p for p in people if p.employee_no}
    by_email = {(p.email or "").lower(): p for p in people if p.email}
    matched: dict[int, Person] = {}
    conflicting: set[int] = set()
    ids: dict[str, str] = {}
    for line, values in rows:
        number, email = values.get("employee_no", "").lower(), values.get("email", "").lower()
        one, other = by_number.get(number), by_email.get(email)
        if one is not None and other is not None and one.person_id != other.person_id:
            errors.add(line, "email", "import.match_conflict", number=values.get("employee_no", ""), email=email)
            conflicting.add(line)
            continue
        if (found := one or other) is not None:
            matched[line] = found
        ids.setdefault(number, found.person_id if found else new_id())
    id_by_number = {n: p.person_id for n, p in by_number.items()}
    seen_numbers: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    planned = []
    for line, values in rows:
        before = len(errors.items)
        existing = matched.get(line)
        number, email = values.get("employee_no", ""), values.get("email", "").lower()
        status = _value(values, "status") or (existing.status.value if existing else "active")
        body: PersonCreate | None = None
        try:
            body = PersonCreate.model_validate(
                {
                    "name": values.get("name", ""),
                    "email": email,
                    "employee_no": number,
                    "unit_id": "-",
                    "status": status,
                }
            )
        except ValidationError as exc:
            errors.from_validation(line, exc, lambda loc: str(loc[0]))
        if number:
            _first_seen(errors, seen_numbers, line, "employee_no", number, "employee_no")
        if email:
            _first_seen(errors, seen_emails, line, "email", email, "email")
        unit = _unit_for(errors, line, values, unit_by_code, must_be_active=status != PersonStatus.LEFT.value)
        position_id = existing.position_id if existing and "position_code" not in values else None
        if position_code := values.get("position_code", ""):
            position = position_by_code.get(position_code.lower())
            if position is None:
                errors.add(line, "position_code", "import.position_unknown", code=position_code)
            elif unit is not None and position.unit_id != unit.unit_id:
                errors.add(line, "position_code", "position.other_unit")
            else:
                position_id = position.position_id
        manager_id = existing.manager_id if existing and "manager_employee_no" not in values else None
        if manager_no := values.get("manager_employee_no", ""):
            manager_id = id_by_number.get(manager_no.lower()) or ids.get(manager_no.lower())
            if manager_id is None:
                errors.add(line, "manager_employee_no", "import.manager_unknown", number=manager_no)
            elif manager_no.lower() == number.lower() or (existing and manager_id == existing.person_id):
                errors.add(line, "manager_employee_no", "person.own_manager")
        if body is not None and unit is not None and len(errors.items) == before and line not in conflicting:
            after = Person(
                person_id=existing.person_id if existing else ids[number.lower()],
                **body.model_dump(exclude={"unit_id", "position_id", "manager_id"}),
                unit_id=unit.unit_id,
                position_id=position_id,
                manager_id=manager_id,
                version=existing.version if existing else 0,
            )
            planned.append(_PersonRow(after=after, before=existing))
    return planned


# ---- import -----------------------------------------------------------------------------------

# Items one row stages at most: the entity, its uniqueness guards, its audit record.
# An updated person may swap both guards: release + claim each, the person, the audit record.
# + the rollout read model: a unit's labels; a person's headcount in the unit left and the unit joined
_ROW_ITEMS = {TransferKind.UNITS: 4, TransferKind.POSITIONS: 3, TransferKind.PEOPLE: 8}


def import_file(ctx: RequestContext, body: ImportRequest) -> ImportResult:
    """Check every row, then write them all (see the module docstring for atomicity)."""
    rows = read_rows(body.kind, body.format, body.content_base64)
    units = store.list_units(ctx.tenant_id)
    errors = _Errors()
    paths = {u.unit_id: u.path for u in units}
    stage: Callable[[Changes, Any], None]
    planned: list[Any]
    updated = unchanged = 0
    if body.kind == TransferKind.UNITS:
        planned = _plan_units(rows, units, errors)

        def stage(changes: Changes, unit: Unit) -> None:
            changes.claim(*store.unique_key(ctx.tenant_id, "UNITCODE", unit.code))
            store.add_unit(changes, ctx.tenant_id, unit, new=True)
            audit.record(changes, ctx, "create", "unit", unit.unit_id, None, unit.model_dump(mode="json"))
    elif body.kind == TransferKind.POSITIONS:
        planned = _plan_positions(rows, units, store.list_positions(ctx.tenant_id), errors)

        def stage(changes: Changes, position: Position) -> None:
            changes.claim(*store.unique_key(ctx.tenant_id, "POSCODE", position.code))
            store.add_position(changes, ctx.tenant_id, position, paths[position.unit_id], new=True)
            audit.record(
                changes, ctx, "create", "position", position.position_id, None, position.model_dump(mode="json")
            )
    else:
        people = _plan_people(
            rows, units, store.list_positions(ctx.tenant_id), store.list_people(ctx.tenant_id), errors
        )
        unchanged = sum(1 for row in people if row.before is not None and row.before == row.after)
        planned = [row for row in people if row.before is None or row.before != row.after]
        updated = sum(1 for row in planned if row.before is not None)

        def stage(changes: Changes, row: _PersonRow) -> None:
            if row.before is None:
                service.add_new_person(changes, ctx, row.after, paths[row.after.unit_id])
            else:
                service.stage_person_update(changes, ctx, row.before, row.after, paths[row.after.unit_id])

    errors.raise_if_any(body.kind, len(rows))
    import_id = new_id()
    _write_in_chunks(
        planned,
        stage,
        _ROW_ITEMS[body.kind],
        lambda changes: audit.record(
            changes,
            ctx,
            "import",
            "import",
            import_id,
            None,
            {"kind": body.kind.value, "format": body.format.value, "filename": body.filename, "rows": len(planned)},
        ),
    )
    return ImportResult(
        import_id=import_id, kind=body.kind, created=len(planned) - updated, updated=updated, unchanged=unchanged
    )


def _write_in_chunks(
    planned: list[Any], stage: Callable[[Changes, Any], None], row_items: int, finish: Callable[[Changes], None]
) -> None:
    changes, staged, written = Changes(), 0, 0
    try:
        for obj in planned:
            if len(changes) + row_items > MAX_TRANSACTION_ITEMS:
                changes.commit()
                changes, written = Changes(), staged
            stage(changes, obj)
            staged += 1
        if len(changes) + 1 > MAX_TRANSACTION_ITEMS:
            changes.commit()
            changes, written = Changes(), staged
        finish(changes)
        changes.commit()
    except Conflict:
        # Someone took a code or number between the check and this chunk: say how far we got.
        raise Conflict(
            "import.interrupted",
            [
                Detail(
                    "rows",
                    "import.rows_written",
                    written=written,
                    remaining=len(planned) - written,
                    extra={"written": written, "not_written": len(planned) - written},
                ),
            ],
            written=written,
        ) from None


# ---- export -----------------------------------------------------------------------------------


def export_file(ctx: RequestContext, query: ExportQuery) -> ExportFile:
    """The tenant's units, positions or people in the import format (re-importable as is)."""
    units = sorted(store.list_units(ctx.tenant_id), key=lambda u: (len(u.path), u.code))
    code_of_unit = {u.unit_id: u.code for u in units}
    rows: list[list[Any]]
    if query.kind == TransferKind.UNITS:
        rows = [
            [u.code, u.name, code_of_unit.get(u.parent_id or "", ""), u.kind.value, u.status.value]
            for u in units
            if u.parent_id is not None
        ]
    elif query.kind == TransferKind.POSITIONS:
        rows = [
            [
                p.code,
                p.title,
                code_of_unit.get(p.unit_id, ""),
                p.headcount,
                p.job_description.purpose,
                "\n".join(p.job_description.duties),
                "\n".join(p.job_description.qualifications),
            ]
            for p in sorted(store.list_positions(ctx.tenant_id), key=lambda p: p.code)
        ]
    else:
        positions = {p.position_id: p.code for p in store.list_positions(ctx.tenant_id)}
        people = sorted(store.list_people(ctx.tenant_id), key=lambda p: p.employee_no or "")
        number_of = {p.person_id: p.employee_no or "" for p in people}
        rows = [
            [
                p.employee_no or "",
                p.name,
                p.email or "",
                code_of_unit.get(p.unit_id, ""),
                positions.get(p.position_id or "", ""),
                number_of.get(p.manager_id or "", ""),
                p.status.value,
            ]
            for p in people
        ]
    if len(rows) > MAX_ROWS:
        raise TooLarge.field("kind", "export.too_many_rows", limit=MAX_ROWS)
    chinese = ctx.locale.lower().startswith("zh")
    headers = [c.zh if chinese else c.key for c in COLUMNS[query.kind]]
    content = _write(query.format, headers, rows)
    if len(content) > MAX_EXPORT_BYTES:
        raise TooLarge.field("kind", "export.too_big", megabytes=MAX_EXPORT_BYTES // (1024 * 1024))
    return ExportFile(
        filename=f"{query.kind.value}-{clock.today().isoformat()}.{query.format.value}",
        content_base64=base64.b64encode(content).decode(),
        content_type=CSV_TYPE if query.format == FileFormat.CSV else XLSX_TYPE,
        rows=len(rows),
    )
