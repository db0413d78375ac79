"""Actuals: the measure values behind each indicator, entered by the accountable data owner.

Who may supply a measure: HR and admins; the measure's data owner; anyone in its data-source unit
(e.g. 运营部 supplies visitor counts to 销售部) or heading it. A measure without a source of its own
takes the indicator's data source; with none at all, the person's own managers supply it.

Values are kept per period unit (the day of a month, the month of a longer period): writing the
same unit again is a *correction*, which keeps the earlier value as history. Each value records
who entered it, when, and how (manual, import, api).

Writing a value also recomputes the person's result in every running cycle of that period, in the
same transaction. Once a cycle holding the person has published results, their actuals are frozen.

External systems push with an ``Idempotency-Key``: the first request's reply is stored with a
digest of its body; the same key with the same body returns that reply without writing again, the
same key with another body is refused (409).
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from chalicelib.core import audit, clock
from chalicelib.core.context import HR_ADMIN, RequestContext
from chalicelib.core.db import MAX_TRANSACTION_ITEMS, Changes
from chalicelib.core.errors import Conflict, Detail, Forbidden, Invalid
from chalicelib.core.messages import text
from chalicelib.core.paging import page_of, page_request
from chalicelib.indicators.schemas import Indicator, Measure
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, Unit
from chalicelib.reviews import periods, scorecards, store
from chalicelib.reviews.cycles import Stage
from chalicelib.reviews.schemas import (
    MAX_IMPORT_ROWS,
    MAX_KEY_LENGTH,
    ActualEntry,
    ActualsImport,
    ActualsImportResult,
    ActualsInput,
    ActualsList,
    ActualSource,
    ActualsQuery,
    ActualsResult,
    ActualValue,
    Cycle,
    Duties,
    DutiesQuery,
    Duty,
    DutyMeasure,
    DutyStep,
    PersonResult,
)
from chalicelib.reviews.service import PUBLISHED, manages_path, points_by_measure

ATTEMPTS = 3
IMPORT_CHUNK = 8  # entries per transaction when importing


# ---- entering values ----------------------------------------------------------------------------


def record(ctx: RequestContext, body: ActualsInput, idempotency_key: str | None = None) -> ActualsResult:
    """Write the entries in one transaction (retried on a concurrent write), idempotently when keyed."""
    guard: tuple[str, str] | None = None
    if idempotency_key is not None:
        guard = _digest(idempotency_key), _request_hash(body)
        replay = _replay(ctx, *guard)
        if replay is not None:
            return replay
    for _ in range(ATTEMPTS):
        try:
            return _write(ctx, body, guard)
        except _Race:
            if guard is not None:
                replay = _replay(ctx, *guard)
                if replay is not None:
                    return replay
    raise Conflict.field("entries", "actuals.concurrent")


class _Race(Exception):
    """The transaction lost to a concurrent write (a value, a result, or the same idempotency key)."""


def _digest(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise Invalid.field("Idempotency-Key", "actuals.key_format", limit=MAX_KEY_LENGTH)
    return hashlib.sha256(f"actuals\x1f{key}".encode()).hexdigest()


def _request_hash(body: ActualsInput) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(ctx: RequestContext, digest: str, request_hash: str) -> ActualsResult | None:
    stored = store.find_idempotency(ctx.tenant_id, digest)
    if stored is None:
        if store.idempotency_guard_exists(ctx.tenant_id, digest):  # its reply has expired
            raise Conflict.field("Idempotency-Key", "actuals.key_used")
        return None
    if stored.get("request_hash") != request_hash:
        raise Conflict.field("Idempotency-Key", "actuals.key_other_request")
    return ActualsResult.model_validate(stored["reply"])


@dataclass
class _Subject:
    """A person whose actuals are being written, with what the write needs to know about them."""

    person: Person
    unit_path: list[str]
    indicators: dict[str, Indicator]
    results: list[tuple[Cycle, PersonResult]] = field(default_factory=list)


class _Caller:
    """The caller's own unit and the paths of data-source units, loaded once per request."""

    def __init__(self, ctx: RequestContext, units: dict[str, Unit] | None = None) -> None:
        self.ctx = ctx
        me = org_store.find_person(ctx.tenant_id, ctx.person_id) if ctx.person_id else None
        self.unit_id = me.unit_id if me else None
        self._paths: dict[str, list[str]] = {u.unit_id: u.path for u in (units or {}).values()}

    def path(self, unit_id: str) -> list[str]:
        if unit_id not in self._paths:
            unit = org_store.find_unit(self.ctx.tenant_id, unit_id)
            self._paths[unit_id] = unit.path if unit else []
        return self._paths[unit_id]

    def may_supply(self, indicator: Indicator, measure: Measure | None, subject: _Subject) -> bool:
        ctx = self.ctx
        if ctx.has_any(HR_ADMIN):
            return True
        # A measure naming its own source (unit or owner) overrides the indicator's data source.
        if measure is not None and (measure.data_source_unit_id or measure.data_owner_person_id):
            owners = {measure.data_owner_person_id} - {None}
            units = {measure.data_source_unit_id} - {None}
        else:
            owners = {indicator.data_source.owner_person_id} - {None}
            units = {indicator.data_source.unit_id} - {None}
        if ctx.person_id and ctx.person_id in owners:
            return True
        if units:
            return any(u == self.unit_id or manages_path(ctx, self.path(u)) for u in units if u)
        if owners:
            return False
        # No data source named: the person's managers supply it (never the person themselves).
        return subject.person.person_id != ctx.person_id and (
            subject.person.manager_id == ctx.person_id or manages_path(ctx, subject.unit_path)
        )


class _Subjects:
    """The people a request writes for, loaded together: their records and units (two BatchGetItems),
    their locked indicators (the period's partition for several people, their file for one) and their
    results in the running cycles (one BatchGetItem per cycle)."""

    BULK = 3  # from this many people on, one read of the period's partition beats a read per person

    def __init__(self, ctx: RequestContext, period: str, person_ids: list[str], cycles_of_period: list[Cycle]):
        self.ctx, self.period, self.cycles = ctx, period, cycles_of_period
        wanted = list(dict.fromkeys(person_ids))
        self.people = org_store.people_by_id(ctx.tenant_id, wanted)
        self.units = org_store.units_by_id(ctx.tenant_id, {p.unit_id for p in self.people.values()})
        self.bulk = store.published_indicators(ctx.tenant_id, period, wanted) if len(wanted) >= self.BULK else None
        # A person takes part in a cycle when they have a result in it (written when goals were locked).
        self.results = {
            c.cycle_id: store.find_results(ctx.tenant_id, c.cycle_id, wanted)
            for c in cycles_of_period
            if c.stage is not Stage.GOAL_SETTING
        }
        self.cache: dict[str, _Subject] = {}

    def get(self, person_id: str, n: int) -> _Subject:
        if person_id in self.cache:
            return self.cache[person_id]
        person = self.people.get(person_id)
        if person is None:
            raise Invalid.field(f"entries.{n}.person_id", "person.not_found")
        unit = self.units.get(person.unit_id)
        published = (
            self.bulk.get(person_id, [])
            if self.bulk is not None
            else store.published_indicators_of(self.ctx.tenant_id, person_id, self.period)
        )
        subject = _Subject(person, unit.path if unit else [], {i.indicator_id: i for i in published})
        for cycle in self.cycles:
            result = self.results.get(cycle.cycle_id, {}).get(person_id)
            if result is None:
                continue
            if cycle.stage in PUBLISHED:
                raise Conflict.field(
                    f"entries.{n}.person_id", "actuals.frozen", cycle=cycle.name, name=person.name, period=self.period
                )
            subject.results.append((cycle, result))
        self.cache[person_id] = subject
        return subject


def _unit_index(period: periods.Period, as_of: date | None, n: int) -> int:
    if as_of is None:
        today = clock.today()
        as_of = min(max(today, period.start), period.end)
    if not period.contains(as_of):
        raise Invalid.field(
            f"entries.{n}.as_of",
            "actuals.outside_period",
            period=period.code,
            start=period.start.isoformat(),
            end=period.end.isoformat(),
        )
    return period.index_of(as_of)


def _measures(indicator: Indicator) -> dict[str, Measure | None]:
    if indicator.measures:
        return {m.key: m for m in indicator.measures}
    return {scorecards.IMPLICIT_MEASURE: None}


def _write(
    ctx: RequestContext, body: ActualsInput, guard: tuple[str, str] | None, *, check_only: bool = False
) -> ActualsResult:
    """Validate, authorise and (unless ``check_only``) write the entries in one transaction."""
    period = periods.parse(body.period)
    cycles_of_period = store.cycles_of_period(ctx.tenant_id, period.code)
    caller = _Caller(ctx)
    subjects = _Subjects(ctx, period.code, [e.person_id for e in body.entries], cycles_of_period)
    changes = Changes()
    written: list[ActualValue] = []
    unchanged = 0
    seen: set[tuple[str, str, str, int]] = set()
    touched: dict[tuple[str, str], set[str]] = {}  # (cycle, person) -> the indicators written
    stored_results: dict[tuple[str, str], PersonResult] = {}  # (cycle, person) -> result as read
    stored_by_pair: dict[tuple[str, str], dict[tuple[str, int], tuple[ActualValue, int]]] = {}
    now = clock.iso_now()
    for n, entry in enumerate(body.entries):
        subject = subjects.get(entry.person_id, n)
        indicator = subject.indicators.get(entry.indicator_id)
        if indicator is None:
            raise Invalid.field(f"entries.{n}.indicator_id", "actuals.not_published_indicator", period=period.code)
        measures = _measures(indicator)
        index = _unit_index(period, entry.as_of, n)
        pair = (entry.person_id, entry.indicator_id)
        if pair not in stored_by_pair:  # one Query per person and indicator, however many months are sent
            stored_by_pair[pair] = {
                (v.measure, v.unit_index): (v, version)
                for v, version in store.actuals(ctx.tenant_id, period.code, entry.person_id, entry.indicator_id)
            }
        stored = stored_by_pair[pair]
        before: dict[str, float] = {}
        after: dict[str, float] = {}
        for key, number in entry.values.items():
            where = f"entries.{n}.values.{key}"
            if key not in measures:
                raise Invalid.field(where, "actuals.not_a_measure", indicator=indicator.name, measures=list(measures))
            if not caller.may_supply(indicator, measures[key], subject):
                raise Forbidden.field(where, "actuals.not_data_owner", measure=key, indicator=indicator.name)
            slot = (entry.person_id, entry.indicator_id, key, index)
            if slot in seen:
                raise Invalid.field(where, "actuals.twice")
            seen.add(slot)
            previous, version = stored.get((key, index), (None, 0))
            if previous is not None and previous.value == number:
                unchanged += 1
                continue
            value = ActualValue(
                person_id=entry.person_id,
                indicator_id=entry.indicator_id,
                measure=key,
                period=period.code,
                unit_index=index,
                value=number,
                revision=previous.revision + 1 if previous else 1,
                entered_by_person_id=ctx.person_id,
                entered_by_user_id=ctx.user_id,
                entered_at=now,
                source=body.source,
                note=entry.note,
            )
            store.add_actual(changes, ctx.tenant_id, value, version=version)
            stored[(key, index)] = (value, version + 1)  # the indicator's points as they will be
            if previous is not None:
                store.add_actual_history(changes, ctx.tenant_id, previous)
                before[key] = previous.value
            after[key] = number
            written.append(value)
            for cycle, result in subject.results:
                stored_results.setdefault((cycle.cycle_id, entry.person_id), result)
                touched.setdefault((cycle.cycle_id, entry.person_id), set()).add(entry.indicator_id)
        if after:
            audit.record(
                changes,
                ctx,
                "correct" if before else "enter",
                "actual",
                f"{period.code}:{entry.person_id}:{entry.indicator_id}:{index}",
                before or None,
                {**after, "source": body.source.value},
            )
    cycles_by_id = {c.cycle_id: c for c in cycles_of_period}
    for (cycle_id, person_id), indicator_ids in touched.items():
        cycle = cycles_by_id[cycle_id]
        # The written indicators' points, whole, from the actuals read above (one Query per person and
        # indicator): the result is rescored without reading its steps items or the rest of the cycle.
        result = _with_points(
            stored_results[(cycle_id, person_id)],
            {i: stored_by_pair[(person_id, i)] for i in indicator_ids},
        )
        fresh = scorecards.compute(result, scorecards.scale_of(cycle.scale))
        store.add_result(
            changes,
            ctx.tenant_id,
            fresh,
            cycle.start.isoformat(),
            new=False,
            before=stored_results[(cycle_id, person_id)],
        )
    reply = ActualsResult(period=period.code, written=written, unchanged=unchanged)
    if guard is not None:
        store.claim_idempotency(changes, ctx.tenant_id, guard[0], guard[1], reply.model_dump(mode="json"))
    if len(changes) > MAX_TRANSACTION_ITEMS:
        raise Invalid.field("entries", "actuals.too_many", count=len(changes))
    if not check_only:
        try:
            changes.commit()
        except Conflict:
            raise _Race() from None
    return reply


def _with_points(
    result: PersonResult, current: dict[str, dict[tuple[str, int], tuple[ActualValue, int]]]
) -> PersonResult:
    """``result`` with the points of the indicators in ``current`` (indicator -> its current values by
    (measure, step)) replaced by those values; the other indicators as read (a result written before
    2026-12-08 still holds its points: ``add_result`` then moves them to steps items too)."""
    indicators = []
    for indicator in result.indicators:
        values = current.get(indicator.indicator_id)
        if values is not None:
            points: dict[str, dict[str, float]] = {}
            for (measure, index), (value, _) in values.items():
                points.setdefault(measure, {})[str(index)] = value.value
            measures = [m.model_copy(update={"points": points.get(m.key, {})}) for m in indicator.measures]
            indicator = indicator.model_copy(update={"measures": measures})
        indicators.append(indicator)
    return result.model_copy(update={"indicators": indicators})


# ---- reading values -----------------------------------------------------------------------------


def list_actuals(ctx: RequestContext, query: ActualsQuery) -> ActualsList:
    """A person's current values and their history: the person, their managers, HR, or a data owner."""
    person = org_store.find_person(ctx.tenant_id, query.person_id)
    if person is None:
        raise Invalid.field("person_id", "person.not_found")
    unit = org_store.find_unit(ctx.tenant_id, person.unit_id)
    path = unit.path if unit else []
    allowed = person.person_id == ctx.person_id or ctx.sees_whole_company or manages_path(ctx, path)
    if not allowed:
        caller = _Caller(ctx)
        subject = _Subject(
            person,
            path,
            {i.indicator_id: i for i in store.published_indicators_of(ctx.tenant_id, person.person_id, query.period)},
        )
        allowed = any(
            caller.may_supply(i, m, subject)
            for i in subject.indicators.values()
            if not query.indicator_id or i.indicator_id == query.indicator_id
            for m in _measures(i).values()
        )
    if not allowed:
        raise Forbidden.field("person_id", "actuals.not_visible")
    current = [v for v, _ in store.actuals(ctx.tenant_id, query.period, person.person_id, query.indicator_id or "")]
    history = store.actual_history(ctx.tenant_id, query.period, person.person_id, query.indicator_id or "")
    history.sort(key=lambda v: v.entered_at, reverse=True)
    return ActualsList(period=query.period, items=current, history=history)


# ---- what the caller supplies ---------------------------------------------------------------------


def duties(ctx: RequestContext, query: DutiesQuery) -> Duties:
    """A page of the published indicator measures of the period the caller may supply (their data duties),
    with the values entered so far: the org (2 Queries), the locked indicators (period partition + one
    BatchGetItem) and the period's actuals (1 Query), whatever the company's size.

    Computed in Python from those reads, then paged by (unit name, person name, person id, indicator
    name, indicator id): ids make the key unique; a unit, person or indicator renamed while someone
    walks the pages may move its rows across the cursor (shown twice or not at all in that walk)."""
    period = periods.parse(query.period)
    people = {p.person_id: p for p in org_store.list_people(ctx.tenant_id)}
    units = {u.unit_id: u for u in org_store.list_units(ctx.tenant_id)}
    caller = _Caller(ctx, units)
    published = store.published_indicators(ctx.tenant_id, period.code)
    points = points_by_measure(ctx.tenant_id, period.code) if published else {}
    items: list[Duty] = []
    for person_id, indicators in published.items():
        person = people.get(person_id)
        if person is None:
            continue
        unit = units.get(person.unit_id)
        subject = _Subject(person, unit.path if unit else [], {i.indicator_id: i for i in indicators})
        for indicator in indicators:
            mine = [(key, m) for key, m in _measures(indicator).items() if caller.may_supply(indicator, m, subject)]
            if not mine:
                continue
            items.append(
                Duty(
                    person_id=person_id,
                    person_name=person.name,
                    unit_id=person.unit_id,
                    unit_name=unit.name if unit else "",
                    indicator_id=indicator.indicator_id,
                    indicator_name=indicator.name,
                    measures=[
                        _duty_measure(indicator, key, m, points.get((person_id, indicator.indicator_id, key), {}))
                        for key, m in mine
                    ],
                )
            )
    page = page_of(
        items,
        lambda d: (d.unit_name, d.person_name, d.person_id, d.indicator_name, d.indicator_id),
        page_request(ctx.tenant_id, "reviews.duties", query),
    )
    today = min(max(clock.today(), period.start), period.end)
    return Duties(
        period=period.code,
        step_unit=period.unit,
        steps=[DutyStep(index=i, start=period.step_start(i)) for i in range(1, period.length + 1)],
        current_step=period.index_of(today),
        items=page.items,
        next_cursor=page.next_cursor,
    )


def _duty_measure(indicator: Indicator, key: str, measure: Measure | None, points: dict[str, float]) -> DutyMeasure:
    """A measure to fill in; an indicator without named measures is its own single value."""
    name = (measure.name or key) if measure is not None else indicator.name
    unit = measure.unit.value if measure is not None else indicator.unit.value
    return DutyMeasure(key=key, name=name, unit=unit, aggregation=scorecards.aggregation_for(unit), points=points)


# ---- import -------------------------------------------------------------------------------------

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "employee_no": ("employee_no", "工号"),
    "person_id": ("person_id", "人员id"),
    "indicator": ("indicator", "indicator_id", "指标"),
    "measure": ("measure", "指标项"),
    "value": ("value", "数值", "实际值"),
    "date": ("date", "as_of", "日期"),
    "note": ("note", "备注"),
}


def import_actuals(ctx: RequestContext, body: ActualsImport) -> ActualsImportResult:
    """Rows ``employee_no, indicator, measure, value, date`` from CSV or Excel.

    Every row is checked (and the caller authorised for it) before anything is written; the rows are
    then written in transactions of a few entries each, so a concurrent failure mid-way leaves the
    earlier chunks written — importing the same file again is safe (equal values count as unchanged).
    """
    try:
        raw = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid.field("content_base64", "file.not_base64") from None
    rows = _read_rows(body.filename, raw)
    if len(rows) > MAX_IMPORT_ROWS:
        raise Invalid.field("content_base64", "file.too_many_rows", limit=MAX_IMPORT_ROWS)
    period = periods.parse(body.period)
    people = org_store.list_people(ctx.tenant_id)
    by_number = {(p.employee_no or "").lower(): p for p in people if p.employee_no}
    by_id = {p.person_id: p for p in people}
    goals = store.published_indicators(ctx.tenant_id, period.code)
    entries: dict[tuple[str, str, str], ActualEntry] = {}
    problems: list[Detail] = []
    for n, row in enumerate(rows, start=2):  # row 1 is the header

        def bad(column: str, code: str, n: int = n, **params: Any) -> None:
            problems.append(Detail(f"rows.{n}.{column}", code, **params))

        person = by_id.get(row.get("person_id", "")) or by_number.get(row.get("employee_no", "").lower())
        if person is None:
            bad("employee_no", "actuals.row_no_person")
            continue
        indicators = goals.get(person.person_id, [])
        wanted = row.get("indicator", "")
        indicator = next((i for i in indicators if wanted in (i.indicator_id, i.name)), None)
        if indicator is None:
            bad("indicator", "actuals.row_no_indicator", name=person.name, indicator=wanted, period=period.code)
            continue
        measure = row.get("measure", "") or (scorecards.IMPLICIT_MEASURE if not indicator.measures else "")
        if measure not in _measures(indicator):
            bad("measure", "actuals.row_not_a_measure", indicator=indicator.name)
            continue
        try:
            number = float(row.get("value", "").replace(",", ""))
        except ValueError:
            bad("value", "actuals.row_not_a_number")
            continue
        day = _parse_day(row.get("date", ""))
        if row.get("date") and day is None:
            bad("date", "actuals.row_bad_date")
            continue
        key = (person.person_id, indicator.indicator_id, day.isoformat() if day else "")
        entry = entries.get(key)
        if entry is None:
            entries[key] = ActualEntry(
                person_id=person.person_id,
                indicator_id=indicator.indicator_id,
                as_of=day,
                values={measure: number},
                note=row.get("note", "")[:200],
            )
        elif measure in entry.values:
            bad("measure", "actuals.row_twice")
        else:
            entries[key] = entry.model_copy(update={"values": {**entry.values, measure: number}})
    if problems:
        raise Invalid("actuals.rows_invalid", problems[:100], count=len(problems))
    batch = list(entries.values())
    chunks = [
        ActualsInput(period=period.code, entries=batch[start : start + IMPORT_CHUNK], source=ActualSource.IMPORT)
        for start in range(0, len(batch), IMPORT_CHUNK)
    ]
    for chunk in chunks:  # every row authorised and writable before the first chunk is written
        _write(ctx, chunk, None, check_only=True)
    written = unchanged = 0
    if not body.dry_run:
        for chunk in chunks:
            result = record(ctx, chunk)
            written += len(result.written)
            unchanged += result.unchanged
    return ActualsImportResult(
        period=period.code, rows=len(rows), written=written, unchanged=unchanged, dry_run=body.dry_run
    )


def _parse_day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for layout in ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%Y.%m.%d"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def _read_rows(filename: str, raw: bytes) -> list[dict[str, str]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _xlsx_table(raw)
    elif name.endswith(".csv"):
        table = _csv_table(raw)
    else:
        raise Invalid.field("filename", "file.wrong_type")
    if not table:
        raise Invalid.field("content_base64", "file.empty")
    header = [_column(h) for h in table[0]]
    missing = [c for c in ("indicator", "value") if c not in header]
    if "employee_no" not in header and "person_id" not in header:
        missing.insert(0, "employee_no")
    if missing:
        raise Invalid.field(
            "content_base64", "actuals.missing_columns", columns=[text(f"actuals.column.{c}") for c in missing]
        )
    rows = []
    for cells in table[1:]:
        if not any(c.strip() for c in cells):
            continue
        rows.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h})
    return rows


def _column(name: str) -> str:
    text = name.strip().lower()
    for column, aliases in COLUMN_NAMES.items():
        if text in aliases or any(text.startswith(a + " ") for a in aliases):
            return column
    return ""


def _csv_table(raw: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK unless told otherwise
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Invalid.field("content_base64", "file.csv_encoding", encodings=["UTF-8", "GBK"])
    return [row for row in csv.reader(io.StringIO(text))]


def _xlsx_table(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a broken file
        raise Invalid.field("content_base64", "file.bad_xlsx") from None
    sheet = book.worksheets[0]
    table: list[list[str]] = []
    filled = 0
    for row in sheet.iter_rows(values_only=True):
        table.append([_cell(v) for v in row])
        filled += any(v is not None and v != "" for v in row)
        if filled > MAX_IMPORT_ROWS + 1:  # header + one row too many: enough to refuse the file, read no further
            break
    book.close()
    return table


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
