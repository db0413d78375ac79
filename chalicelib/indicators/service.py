"""Indicator rules: drafting sets, the review workflow, performance files, templates, rollout.

Scope: a manager drafts and changes sets only for units in the subtrees they head; HR and admins
for any unit; HR and admins review. Every step goes through the pure transition table in
``workflow.py`` (illegal -> 409 with the reason), is appended to the set's ``history`` and written
to the audit log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from chalicelib.core import audit, clock, links
from chalicelib.core.context import HR_ADMIN, RequestContext, Role
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Detail, Forbidden, Invalid, NotFound
from chalicelib.core.ids import new_id
from chalicelib.core.messages import Text
from chalicelib.core.observability import logger
from chalicelib.core.paging import page_of, page_request
from chalicelib.core.schema import merged
from chalicelib.indicators import compliance, rollup, store, workflow
from chalicelib.indicators import formula as formulas
from chalicelib.indicators.library import categories as builtin_categories
from chalicelib.indicators.library import get_template as builtin_template
from chalicelib.indicators.library import load_library
from chalicelib.indicators.schemas import (
    MAX_ASSIGNEES,
    AssigneeStatus,
    Confirmation,
    ConfirmBody,
    DataSource,
    Direction,
    FileEntry,
    FileEntryList,
    FileQuery,
    Frequency,
    Indicator,
    IndicatorChange,
    IndicatorInput,
    IndicatorSet,
    IndicatorSetList,
    IndicatorSetSummary,
    IndicatorUnit,
    LibraryQuery,
    Measure,
    Question,
    QuestionAnswer,
    QuestionBody,
    ReviewComment,
    Rollout,
    RolloutCounts,
    RolloutQuery,
    RolloutRow,
    SetAction,
    SetAssign,
    SetCheck,
    SetCheckResult,
    SetCreate,
    SetQuery,
    SetReturn,
    SetState,
    SetUpdate,
    SetVersion,
    SetVersionList,
    Template,
    TemplateCreate,
    TemplateList,
    TemplateUpdate,
    TemplateVersionList,
    Transition,
    VersionsQuery,
)
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, PersonStatus, Unit, UnitKind, UnitStatus
from chalicelib.org.service import can_manage

ENTITY = "indicator_set"


# ---- notifications --------------------------------------------------------------------------------


def notify(ctx: RequestContext, person_ids: Iterable[str], kind: str, title: Mapping[str, str], link: str) -> None:
    """Tell people about a workflow step through the collaboration inbox (after our commit).

    A failed notification must not undo or fail the workflow step that already happened, so
    errors are logged, not raised.
    """
    people = [p for p in dict.fromkeys(person_ids) if p]
    if not people:
        return
    try:
        from chalicelib.collab.notify import notify as inbox_notify
    except ImportError:  # pragma: no cover - collaboration domain not deployed
        logger.info("indicator notification (no inbox)", extra={"kind": kind, "people": len(people)})
        return
    try:
        inbox_notify(ctx, people, kind, title, link)
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("indicator notification failed", extra={"kind": kind})


def _reviewers(ctx: RequestContext) -> list[str]:
    """Person ids of the tenant's HR users (who review sets and answer questions)."""
    from chalicelib.tenancy import store as tenancy_store

    return [
        m.person_id
        for m in tenancy_store.list_members(ctx.tenant_id)
        if m.person_id and m.status == "active" and (set(m.roles) & HR_ADMIN)
    ]


def _set_link(indicator_set: IndicatorSet) -> str:
    """HR's review screen for the set (reviewers act there)."""
    return links.hr_review(indicator_set.set_id)


def _author_link(indicator_set: IndicatorSet) -> str:
    """The author's own screen for the set (they fix a returned set there)."""
    return links.set_edit(indicator_set.set_id)


# ---- scope --------------------------------------------------------------------------------------


def _require_scope(ctx: RequestContext, unit: Unit, field: str = "unit_id") -> None:
    if not (ctx.has_any(HR_ADMIN) or (Role.MANAGER in ctx.roles and can_manage(ctx, unit))):
        raise Forbidden.field(field, "unit.out_of_scope")


def _set_unit(ctx: RequestContext, indicator_set: IndicatorSet) -> Unit:
    unit = org_store.find_unit(ctx.tenant_id, indicator_set.unit_id)
    if unit is None:  # the unit was removed: only HR/admin may still act on the set
        return Unit(
            unit_id=indicator_set.unit_id,
            code="-",
            name="-",
            parent_id=None,
            path=[indicator_set.unit_id],
            kind=UnitKind.DEPARTMENT,
        )
    return unit


def _load_for_change(ctx: RequestContext, set_id: str) -> tuple[IndicatorSet, Unit]:
    indicator_set = store.get_set(ctx.tenant_id, set_id)
    unit = _set_unit(ctx, indicator_set)
    _require_scope(ctx, unit)
    return indicator_set, unit


def _may_read(ctx: RequestContext, indicator_set: IndicatorSet) -> bool:
    if ctx.sees_whole_company:
        return True
    unit = org_store.find_unit(ctx.tenant_id, indicator_set.unit_id)
    return unit is not None and can_manage(ctx, unit)


def _check_version(indicator_set: IndicatorSet, version: int) -> None:
    if version != indicator_set.version:
        raise Conflict("set.stale", [Detail("version", "set.stale", extra={"current_version": indicator_set.version})])


def _step(indicator_set: IndicatorSet, action: str) -> SetState:
    target = workflow.next_state(indicator_set.state, action)
    if target is None:
        raise Conflict.field("state", workflow.reason(indicator_set.state, action))
    return target


def _transition(
    ctx: RequestContext, indicator_set: IndicatorSet, action: str, to_state: SetState, comment: str = "", at: str = ""
) -> Transition:
    return Transition(
        action=action,
        from_state=indicator_set.state,
        to_state=to_state,
        by_user_id=ctx.user_id,
        by_person_id=ctx.person_id,
        at=at or clock.iso_now(),
        comment=comment,
        set_revision=indicator_set.revision,
    )


def _commit_set(
    ctx: RequestContext,
    before: IndicatorSet | None,
    after: IndicatorSet,
    action: str,
    changes: Changes | None = None,
    entries: dict[str, rollup.Bucket] | None = None,
) -> IndicatorSet:
    """Save the set (at the version it was read), its summary and an audit record, atomically, with the
    assignees' stages in the rollout counters (``entries``: stages the caller's file entry writes set)."""
    changes = changes or Changes()
    store.add_set(changes, ctx.tenant_id, after, new=before is None)
    audit.record(changes, ctx, action, ENTITY, after.set_id, _audit_view(before), _audit_view(after))
    more = rollup.stage_statuses(changes, ctx.tenant_id, after.period, _stages(before, after, entries or {}))
    changes.commit()
    _commit_more(more)
    return after.model_copy(update={"version": (after.version or 0) + 1})


def _stages(
    before: IndicatorSet | None, after: IndicatorSet, entries: dict[str, rollup.Bucket]
) -> dict[str, dict[str, rollup.Bucket | None]]:
    """Each assignee's new stage in this set, for the people whose stage it changes: the set's state, or
    once published their file entry's (a new published revision starts everyone at approved)."""
    same = (
        before is not None
        and before.state == after.state
        and before.person_ids == after.person_ids
        and before.published_revision == after.published_revision
    )
    if same and not entries:
        return {}
    republished = (
        before is None or before.state != SetState.PUBLISHED or before.published_revision != after.published_revision
    )
    out: dict[str, dict[str, rollup.Bucket | None]] = {}
    for person_id in dict.fromkeys([*(before.person_ids if before else []), *after.person_ids]):
        stage: rollup.Bucket | None
        if person_id not in after.person_ids:
            stage = None
        elif after.state != SetState.PUBLISHED:
            stage = (rollup.STATE_BUCKET[after.state], False)
        elif person_id in entries:
            stage = entries[person_id]
        elif republished or before is None or person_id not in before.person_ids:
            stage = ("approved", False)
        else:
            continue
        out[person_id] = {after.set_id: stage}
    return out


def _commit_more(more: list[Changes]) -> None:
    """The rollout counters that did not fit the set's own transaction, right after it. Should one fail,
    the counters lag behind the set until ``infra/backfill_rollup.py`` recomputes them (logged)."""
    for changes in more:
        try:
            changes.commit()
        except Conflict:
            logger.error("rollout counters not written: run infra/backfill_rollup.py", extra={"items": len(changes)})


def _audit_view(indicator_set: IndicatorSet | None) -> dict[str, Any] | None:
    if indicator_set is None:
        return None
    return {
        "state": indicator_set.state.value,
        "revision": indicator_set.revision,
        "person_ids": indicator_set.person_ids,
        "indicators": [
            {
                "indicator_id": i.indicator_id,
                "name": i.name,
                "target": i.target,
                "weight": i.weight,
                "revision": i.revision,
            }
            for i in indicator_set.indicators
        ],
    }


# ---- assignees ----------------------------------------------------------------------------------


def _units_by_id(ctx: RequestContext) -> dict[str, Unit]:
    return {u.unit_id: u for u in org_store.list_units(ctx.tenant_id)}


def _resolve_assignees(
    ctx: RequestContext, units: dict[str, Unit], position_id: str | None, person_ids: list[str], unit_id: str | None
) -> tuple[Unit, list[str]]:
    """The set's unit and its assignees (position holders + listed people); 400/403 on bad ones.

    References are checked before scope, so another tenant's ids are 400 (never a hint of data).
    """
    unit = None
    if unit_id is not None:
        unit = units.get(unit_id)
        if unit is None:
            raise Invalid.field("unit_id", "unit.not_found")
    position = None
    if position_id:
        position = org_store.find_position(ctx.tenant_id, position_id)
        if position is None:
            raise Invalid.field("position_id", "position.not_found")
    people: list[Person] = []
    for index, person_id in enumerate(dict.fromkeys(person_ids)):
        person = org_store.find_person(ctx.tenant_id, person_id)
        if person is None:
            raise Invalid.field(f"person_ids.{index}", "person.not_found")
        if person.status == PersonStatus.LEFT:
            raise Invalid.field(f"person_ids.{index}", "person.left")
        people.append(person)
    if unit is None:
        if position is not None:
            unit = units.get(position.unit_id)
        else:
            unit = _common_unit(units, [p.unit_id for p in people])
        if unit is None:
            raise Invalid.field("unit_id", "set.unit_unknown")
    _require_scope(ctx, unit)
    if position is not None:
        if position.unit_id not in units or unit.unit_id not in units[position.unit_id].path:
            raise Invalid.field("position_id", "set.position_outside_unit")
        people += [
            p
            for p in org_store.people_in_unit(ctx.tenant_id, units[position.unit_id].path)
            if p.position_id == position.position_id and p.status != PersonStatus.LEFT
        ]
    assignees: list[str] = []
    for index, person in enumerate(people):
        path = units[person.unit_id].path if person.unit_id in units else []
        if unit.unit_id not in path:
            person_unit = units.get(person.unit_id)
            if person_unit is None or not (ctx.has_any(HR_ADMIN) or can_manage(ctx, person_unit)):
                raise Forbidden.field(f"person_ids.{index}", "person.out_of_scope")
            raise Invalid.field(f"person_ids.{index}", "set.person_outside_unit")
        assignees.append(person.person_id)
    return unit, list(dict.fromkeys(assignees))


def _check_size(person_ids: list[str]) -> None:
    # Publishing writes one file entry per assignee in the same transaction (100 items at most).
    if len(person_ids) > MAX_ASSIGNEES:
        raise Invalid.field("person_ids", "set.too_many_assignees", limit=MAX_ASSIGNEES)


def _common_unit(units: dict[str, Unit], unit_ids: list[str]) -> Unit | None:
    paths = [units[u].path for u in unit_ids if u in units]
    if not paths:
        return None
    common: list[str] = []
    for level in zip(*paths, strict=False):
        if all(x == level[0] for x in level):
            common.append(level[0])
        else:
            break
    return units.get(common[-1]) if common else None


# ---- indicators from input ----------------------------------------------------------------------

_CONTENT_FIELDS = (
    "name",
    "definition",
    "formula",
    "measures",
    "unit",
    "data_source",
    "direction",
    "baseline",
    "target",
    "stretch",
    "threshold",
    "band_low",
    "band_high",
    "weight",
    "frequency",
    "goal_id",
    "template_code",
)


def _find_template(ctx: RequestContext, code: str) -> Template | None:
    tenant = store.find_template(ctx.tenant_id, code)
    if tenant is not None:
        return tenant
    raw = builtin_template(code)
    return _builtin(raw) if raw is not None else None


def _builtin(raw: dict[str, Any]) -> Template:
    return Template.model_validate({**raw, "source": "builtin"})


def suggested_unit(template: Template, units: Iterable[Unit]) -> Unit | None:
    """The company's open unit the template's suggested data source names (its zh-CN or English name, case
    and surrounding spaces ignored); None unless exactly one has that name. The web app's drafting screen
    applies the same rule (static_site/src/draft.ts ``suggestedSourceUnit``)."""
    suggested = template.suggested_data_source.unit
    if suggested is None:
        return None
    names = {n.strip().casefold() for n in (suggested.zh_cn, suggested.en) if n}
    found = [u for u in units if u.status == UnitStatus.ACTIVE and u.name.strip().casefold() in names]
    return found[0] if len(found) == 1 else None


def _from_template(ctx: RequestContext, template: Template, source: DataSource) -> dict[str, Any]:
    """An indicator's fields from a template; ``source``: its suggested data source, resolved to the
    company's unit and owner (see :func:`_template_source`)."""
    zh = ctx.locale != "en"

    def text(value: Any) -> str:
        if value is None:
            return ""
        return value.zh_cn if zh else (value.en or value.zh_cn)

    system = template.suggested_data_source.system
    return {
        "name": text(template.name),
        "definition": text(template.definition),
        "formula": template.formula,
        "measures": [Measure(key=m.key, name=text(m.name), unit=m.unit) for m in template.measures],
        "unit": template.unit,
        "direction": template.direction,
        "frequency": template.frequency,
        "threshold": template.suggested_threshold,
        "band_low": template.suggested_band.low if template.suggested_band else None,
        "band_high": template.suggested_band.high if template.suggested_band else None,
        "data_source": source.model_copy(update={"system": text(system)}),
        "template_code": template.code,
    }


def _template_source(
    ctx: RequestContext, template: Template, units: list[Unit], checked_people: dict[str, bool]
) -> DataSource:
    """The template's suggested data source as ids: the unit it names and, as the accountable owner, that
    unit's head (when they have not left). Nothing found: empty, and the compliance check says so."""
    unit = suggested_unit(template, units)
    if unit is None:
        return DataSource()
    owner = unit.head_person_id
    if owner and owner not in checked_people:
        person = org_store.find_person(ctx.tenant_id, owner)
        checked_people[owner] = person is not None and person.status != PersonStatus.LEFT
    return DataSource(unit_id=unit.unit_id, owner_person_id=owner if owner and checked_people[owner] else None)


def _build_indicators(
    ctx: RequestContext,
    inputs: list[IndicatorInput],
    existing: list[Indicator],
    set_revision: int,
    units: list[Unit] | None = None,
) -> list[Indicator]:
    """Turn the manager's input into KPI objects, checking every reference (400 naming the field).
    ``units``: the company's units, if the caller has read them (else read when a template needs them)."""
    by_id = {i.indicator_id: i for i in existing}
    at = clock.iso_now()
    checked_units: dict[str, bool] = {}
    checked_people: dict[str, bool] = {}
    company_units = units  # read once, when a template's data source is resolved
    out: list[Indicator] = []
    for index, given in enumerate(inputs):
        where = f"indicators.{index}"
        before = None
        if given.indicator_id is not None:
            before = by_id.get(given.indicator_id)
            if before is None:
                raise Invalid.field(f"{where}.indicator_id", "indicator.not_in_set")
        # An existing indicator is the base of its own edit (a merge); a new one starts empty.
        fields: dict[str, Any] = {k: getattr(before, k) for k in _CONTENT_FIELDS} if before else {}
        if given.template_code and (before is None or given.template_code != before.template_code):
            template = _find_template(ctx, given.template_code)
            if template is None:
                raise Invalid.field(f"{where}.template_code", "template.not_found")
            if company_units is None:
                company_units = org_store.list_units(ctx.tenant_id)
            suggested = _template_source(ctx, template, company_units, checked_people)
            fields.update({k: v for k, v in _from_template(ctx, template, suggested).items() if v is not None})
        fields.update({k: getattr(given, k) for k in given.model_fields_set if k != "indicator_id"})
        if not fields.get("name"):
            raise Invalid.field(f"{where}.name", "indicator.name_required")
        measures: list[Measure] = list(fields.get("measures") or [])
        keys = [m.key for m in measures]
        if len(set(keys)) != len(keys):
            raise Invalid.field(f"{where}.measures", "indicator.measure_keys_unique")
        if fields.get("formula"):
            problems = formulas.validate(fields["formula"], keys)
            if problems:
                raise Invalid("formula.invalid", [Detail(f"{where}.formula", p) for p in problems], count=len(problems))
        source: DataSource = fields.get("data_source") or DataSource()
        _check_unit(ctx, source.unit_id, f"{where}.data_source.unit_id", checked_units)
        _check_person(ctx, source.owner_person_id, f"{where}.data_source.owner_person_id", checked_people)
        for m_index, measure in enumerate(measures):
            _check_unit(
                ctx, measure.data_source_unit_id, f"{where}.measures.{m_index}.data_source_unit_id", checked_units
            )
            _check_person(
                ctx, measure.data_owner_person_id, f"{where}.measures.{m_index}.data_owner_person_id", checked_people
            )
        if fields.get("goal_id") and store.goal_status(ctx.tenant_id, fields["goal_id"]) is None:
            raise Invalid.field(f"{where}.goal_id", "goal.not_found")
        content = {
            "name": fields["name"],
            "definition": fields.get("definition") or "",
            "formula": fields.get("formula"),
            "measures": measures,
            "unit": fields.get("unit") or IndicatorUnit.COUNT,
            "data_source": source,
            "direction": fields.get("direction") or Direction.HIGHER_IS_BETTER,
            "frequency": fields.get("frequency") or Frequency.MONTHLY,
            "weight": fields.get("weight") or 0,
            **{
                k: fields.get(k)
                for k in (
                    "baseline",
                    "target",
                    "stretch",
                    "threshold",
                    "band_low",
                    "band_high",
                    "goal_id",
                    "template_code",
                )
            },
        }
        if before is not None:
            out.append(_changed(ctx, before, content, set_revision, at))
        else:
            out.append(
                Indicator(
                    indicator_id=new_id(),
                    **content,
                    revision=1,
                    history=[
                        IndicatorChange(
                            revision=1, set_revision=set_revision, at=at, by_person_id=ctx.person_id, fields=["created"]
                        )
                    ],
                )
            )
    return out


def _changed(ctx: RequestContext, before: Indicator, content: dict[str, Any], set_revision: int, at: str) -> Indicator:
    """The indicator with new content; a change after publishing starts a new indicator revision."""
    candidate = before.model_copy(update=content)
    old, new = before.model_dump(mode="json"), candidate.model_dump(mode="json")
    changed = [f for f in _CONTENT_FIELDS if old.get(f) != new.get(f)]
    if not changed:
        return before
    history = list(before.history)
    revision = before.revision
    last = history[-1] if history else None
    if last is not None and last.set_revision == set_revision:
        history[-1] = last.model_copy(update={"fields": list(dict.fromkeys([*last.fields, *changed])), "at": at})
    else:
        revision += 1
        history.append(
            IndicatorChange(
                revision=revision, set_revision=set_revision, at=at, by_person_id=ctx.person_id, fields=changed
            )
        )
    return candidate.model_copy(update={"revision": revision, "history": history})


def _check_unit(ctx: RequestContext, unit_id: str | None, field: str, seen: dict[str, bool]) -> None:
    if not unit_id:
        return
    if unit_id not in seen:
        seen[unit_id] = org_store.find_unit(ctx.tenant_id, unit_id) is not None
    if not seen[unit_id]:
        raise Invalid.field(field, "unit.not_found")


def _check_person(ctx: RequestContext, person_id: str | None, field: str, seen: dict[str, bool]) -> None:
    if not person_id:
        return
    if person_id not in seen:
        person = org_store.find_person(ctx.tenant_id, person_id)
        seen[person_id] = person is not None and person.status != PersonStatus.LEFT
    if not seen[person_id]:
        raise Invalid.field(field, "indicator.person_not_found")


def _findings(ctx: RequestContext, indicator_set: IndicatorSet) -> list[compliance.Finding]:
    """Run the compliance check with what it needs from the database (goals, overlapping sets)."""
    goals: dict[str, str] = {}
    for goal_id in {i.goal_id for i in indicator_set.indicators if i.goal_id}:
        status = store.goal_status(ctx.tenant_id, goal_id)
        if status is not None:
            goals[goal_id] = status
    mine = set(indicator_set.person_ids)
    overlapping = [
        s.set_id
        for s in store.list_summaries(ctx.tenant_id, indicator_set.period)
        if s.set_id != indicator_set.set_id and mine & set(s.person_ids)
    ]
    others = tuple(store.get_sets(ctx.tenant_id, overlapping))
    return compliance.check(indicator_set, compliance.Context(goals=goals, other_sets=others))


# ---- sets: drafting -----------------------------------------------------------------------------


def create_set(ctx: RequestContext, body: SetCreate) -> IndicatorSet:
    units = _units_by_id(ctx)
    unit, assignees = _resolve_assignees(ctx, units, body.position_id, body.person_ids, body.unit_id)
    _check_size(assignees)
    at = clock.iso_now()
    set_id = new_id()
    indicators = _build_indicators(ctx, body.indicators, [], 1, list(units.values()))
    draft = IndicatorSet(
        set_id=set_id,
        period=body.period,
        unit_id=unit.unit_id,
        position_id=body.position_id,
        person_ids=assignees,
        title=body.title,
        indicators=indicators,
        created_by_person_id=ctx.person_id,
        created_at=at,
        updated_at=at,
    )
    draft = draft.model_copy(
        update={
            "findings": _findings(ctx, draft),
            "history": [
                Transition(
                    action="create",
                    from_state=None,
                    to_state=SetState.DRAFT,
                    by_user_id=ctx.user_id,
                    by_person_id=ctx.person_id,
                    at=at,
                    set_revision=1,
                )
            ],
        }
    )
    return _commit_set(ctx, None, draft, "create")


def get_set(ctx: RequestContext, set_id: str) -> IndicatorSet:
    indicator_set = store.get_set(ctx.tenant_id, set_id)
    if not _may_read(ctx, indicator_set):
        raise Forbidden.field("set_id", "set.unit_out_of_scope")
    return _with_assignees(ctx, indicator_set)


def _with_assignees(ctx: RequestContext, indicator_set: IndicatorSet) -> IndicatorSet:
    if not indicator_set.published_revision:
        return indicator_set
    _, entries = store.rollout_partition(ctx.tenant_id, indicator_set.period)
    latest: dict[str, FileEntry] = {}
    for entry in entries:
        if entry.set_id == indicator_set.set_id and entry.revision <= indicator_set.published_revision:
            if entry.person_id not in latest or latest[entry.person_id].revision < entry.revision:
                latest[entry.person_id] = entry
    assignees = [
        AssigneeStatus(
            person_id=e.person_id, revision=e.revision, confirmation=e.confirmation, confirmed_at=e.confirmed_at
        )
        for e in latest.values()
    ]
    return indicator_set.model_copy(update={"assignees": sorted(assignees, key=lambda a: a.person_id)})


def list_sets(ctx: RequestContext, query: SetQuery) -> IndicatorSetList:
    units = _units_by_id(ctx) if query.unit_id or not ctx.sees_whole_company else {}

    def keep(s: IndicatorSetSummary) -> bool:
        if query.state and s.state != query.state:
            return False
        if query.unit_id and not (s.unit_id in units and query.unit_id in units[s.unit_id].path):
            return False
        return ctx.sees_whole_company or (s.unit_id in units and can_manage(ctx, units[s.unit_id]))

    page = store.summaries_page(
        ctx.tenant_id, query.period, page_request(ctx.tenant_id, "indicators.sets", query), keep
    )
    return IndicatorSetList(items=page.items, next_cursor=page.next_cursor)


def update_set(ctx: RequestContext, set_id: str, body: SetUpdate) -> IndicatorSet:
    before, _ = _load_for_change(ctx, set_id)
    _step(before, "edit")
    _check_version(before, body.version)
    update: dict[str, Any] = {"updated_at": clock.iso_now()}
    if body.title is not None:
        update["title"] = body.title
    if body.indicators is not None:
        update["indicators"] = _build_indicators(ctx, body.indicators, before.indicators, before.revision)
    after = merged(before, update)
    after = after.model_copy(update={"findings": _findings(ctx, after)})
    return _commit_set(ctx, before, after, "update")


def check_set(ctx: RequestContext, set_id: str, body: SetCheck) -> SetCheckResult:
    """The compliance check on the unsaved draft (a dry run: the same rules as submit, nothing written).

    The drafting screen calls it as the manager types, so blocking findings show before submit.
    """
    before, _ = _load_for_change(ctx, set_id)
    _step(before, "edit")
    draft = before
    if body.indicators is not None:
        draft = before.model_copy(
            update={"indicators": _build_indicators(ctx, body.indicators, before.indicators, before.revision)}
        )
    findings = _findings(ctx, draft)
    return SetCheckResult(
        findings=findings,
        indicator_ids=[i.indicator_id for i in draft.indicators],
        blocking=len(compliance.blocking(findings)),
    )


def assign_set(ctx: RequestContext, set_id: str, body: SetAssign) -> IndicatorSet:
    """Bulk-assign: add (or replace with) every holder of a position and/or a list of people."""
    before, unit = _load_for_change(ctx, set_id)
    _step(before, "assign")
    _check_version(before, body.version)
    if not body.position_id and not body.person_ids:
        raise Invalid.field("person_ids", "set.position_or_people")
    units = _units_by_id(ctx)
    _, added = _resolve_assignees(ctx, units, body.position_id, body.person_ids, unit.unit_id)
    people = added if body.replace else list(dict.fromkeys([*before.person_ids, *added]))
    _check_size(people)
    after = before.model_copy(
        update={
            "person_ids": people,
            "updated_at": clock.iso_now(),
            "position_id": body.position_id or before.position_id,
        }
    )
    after = after.model_copy(update={"findings": _findings(ctx, after)})
    return _commit_set(ctx, before, after, "assign")


# ---- sets: workflow -----------------------------------------------------------------------------


def submit_set(ctx: RequestContext, set_id: str, body: SetAction) -> IndicatorSet:
    """Send the set to HR; the compliance check runs now and its findings travel with the set."""
    before, _ = _load_for_change(ctx, set_id)
    to_state = _step(before, "submit")
    _check_version(before, body.version)
    if not before.person_ids:
        raise Conflict.field("person_ids", "set.no_assignees")
    at = clock.iso_now()
    after = before.model_copy(
        update={
            "state": to_state,
            "updated_at": at,
            "findings": _findings(ctx, before),
            "history": [*before.history, _transition(ctx, before, "submit", to_state, body.comment, at)],
        }
    )
    saved = _commit_set(ctx, before, after, "submit")
    notify(
        ctx,
        _reviewers(ctx),
        "approval_needed",
        {
            "zh-CN": f"指标方案待审核：{saved.title or saved.period}",
            "en": f"Indicator set to review: {saved.title or saved.period}",
        },
        _set_link(saved),
    )
    return saved


def withdraw_set(ctx: RequestContext, set_id: str, body: SetAction) -> IndicatorSet:
    before, _ = _load_for_change(ctx, set_id)
    to_state = _step(before, "withdraw")
    _check_version(before, body.version)
    at = clock.iso_now()
    after = before.model_copy(
        update={
            "state": to_state,
            "updated_at": at,
            "history": [*before.history, _transition(ctx, before, "withdraw", to_state, body.comment, at)],
        }
    )
    return _commit_set(ctx, before, after, "withdraw")


def return_set(ctx: RequestContext, set_id: str, body: SetReturn) -> IndicatorSet:
    """HR sends the set back to the manager with comments per indicator."""
    before = store.get_set(ctx.tenant_id, set_id)
    to_state = _step(before, "return")
    _check_version(before, body.version)
    ids = {i.indicator_id for i in before.indicators}
    for index, item in enumerate(body.indicator_comments):
        if item.indicator_id not in ids:
            raise Invalid.field(f"indicator_comments.{index}.indicator_id", "indicator.not_in_set")
    at = clock.iso_now()
    comments = [
        ReviewComment(
            comment_id=new_id(),
            indicator_id=c.indicator_id,
            text=c.comment,
            by_person_id=ctx.person_id,
            by_user_id=ctx.user_id,
            at=at,
            set_revision=before.revision,
        )
        for c in body.indicator_comments
    ]
    if body.comment:
        comments.append(
            ReviewComment(
                comment_id=new_id(),
                text=body.comment,
                by_person_id=ctx.person_id,
                by_user_id=ctx.user_id,
                at=at,
                set_revision=before.revision,
            )
        )
    after = before.model_copy(
        update={
            "state": to_state,
            "updated_at": at,
            "comments": [*before.comments, *comments],
            "history": [*before.history, _transition(ctx, before, "return", to_state, body.comment, at)],
        }
    )
    saved = _commit_set(ctx, before, after, "return")
    notify(
        ctx,
        [saved.created_by_person_id],
        "indicator_returned",
        {
            "zh-CN": f"指标方案被退回：{saved.title or saved.period}",
            "en": f"Indicator set returned: {saved.title or saved.period}",
        },
        _author_link(saved),
    )
    return saved


def approve_set(ctx: RequestContext, set_id: str, body: SetAction) -> IndicatorSet:
    """HR approves: the set is published to each assignee's performance file as a locked version.

    Exactly one of two concurrent approvals wins: both write the set at the version they read,
    the second write fails its condition and gets 409.
    """
    before = store.get_set(ctx.tenant_id, set_id)
    approved = _step(before, "approve")
    _check_version(before, body.version)
    findings = _findings(ctx, before)
    errors = compliance.blocking(findings)
    if errors:
        raise Conflict(
            "set.blocked_by_findings",
            [Detail(_finding_field(f), Text.stored(f.code, f.message)) for f in errors],
            count=len(errors),
        )
    if not before.person_ids:
        raise Conflict.field("person_ids", "set.no_assignees")
    at = clock.iso_now()
    mid = before.model_copy(update={"state": approved})
    published = workflow.next_state(approved, "publish")
    assert published is not None
    after = before.model_copy(
        update={
            "state": published,
            "updated_at": at,
            "findings": findings,
            "published_revision": before.revision,
            "history": [
                *before.history,
                _transition(ctx, before, "approve", approved, body.comment, at),
                _transition(ctx, mid, "publish", published, "", at),
            ],
        }
    )
    changes = Changes()
    store.add_version(
        changes,
        ctx.tenant_id,
        SetVersion(
            set_id=after.set_id,
            revision=after.revision,
            period=after.period,
            indicators=after.indicators,
            person_ids=after.person_ids,
            approved_by_person_id=ctx.person_id,
            approved_at=at,
        ),
    )
    for person_id in after.person_ids:
        store.add_file_entry(
            changes,
            ctx.tenant_id,
            FileEntry(
                person_id=person_id,
                set_id=after.set_id,
                period=after.period,
                revision=after.revision,
                unit_id=after.unit_id,
                position_id=after.position_id,
                indicators=[],
                published_at=at,
                published_by_person_id=ctx.person_id,
            ),
            new=True,
        )
    saved = _commit_set(ctx, before, after, "approve", changes)
    notify(
        ctx,
        saved.person_ids,
        "confirmation_needed",
        {
            "zh-CN": f"你的绩效指标已发布，请确认：{saved.title or saved.period}",
            "en": f"Your indicators are published, please confirm: {saved.title or saved.period}",
        },
        links.my_indicators(saved.set_id),
    )
    notify(
        ctx,
        [saved.created_by_person_id],
        "indicator_approved",
        {
            "zh-CN": f"指标方案已批准：{saved.title or saved.period}",
            "en": f"Indicator set approved: {saved.title or saved.period}",
        },
        _author_link(saved),
    )
    return saved


def _finding_field(finding: compliance.Finding) -> str:
    if finding.indicator_id is None:
        return finding.field
    return f"indicators.{finding.indicator_id}.{finding.field}"


def revise_set(ctx: RequestContext, set_id: str, body: SetAction) -> IndicatorSet:
    """Change published indicators: a new revision starts as a draft and goes through review again.

    The published (locked) revision stays in people's performance files until the new one is approved.
    """
    before, _ = _load_for_change(ctx, set_id)
    to_state = _step(before, "revise")
    _check_version(before, body.version)
    at = clock.iso_now()
    after = before.model_copy(
        update={
            "state": to_state,
            "revision": before.revision + 1,
            "updated_at": at,
            "findings": [],
            "history": [*before.history, _transition(ctx, before, "revise", to_state, body.comment, at)],
        }
    )
    return _commit_set(ctx, before, after, "revise")


def answer_question(ctx: RequestContext, set_id: str, body: QuestionAnswer) -> IndicatorSet:
    """The manager or HR answers an employee's question; the employee is asked to confirm again."""
    before = store.get_set(ctx.tenant_id, set_id)
    if not ctx.has_any(HR_ADMIN):
        _require_scope(ctx, _set_unit(ctx, before))
    _step(before, "answer")
    _check_version(before, body.version)
    question = next((q for q in before.questions if q.question_id == body.question_id), None)
    if question is None:
        raise Invalid.field("question_id", "question.not_found")
    if question.answer is not None:
        raise Conflict.field("question_id", "question.answered")
    at = clock.iso_now()
    answered = question.model_copy(
        update={"answer": body.answer, "answered_by_person_id": ctx.person_id, "answered_at": at}
    )
    after = before.model_copy(
        update={
            "updated_at": at,
            "questions": [answered if q.question_id == question.question_id else q for q in before.questions],
            "history": [*before.history, _transition(ctx, before, "answer", before.state, body.answer, at)],
        }
    )
    changes = Changes()
    entry = store.find_file_entry(
        ctx.tenant_id, question.person_id, before.period, before.set_id, question.set_revision
    )
    if entry is not None and entry.confirmation == Confirmation.QUESTIONED:
        store.add_file_entry(
            changes, ctx.tenant_id, entry.model_copy(update={"confirmation": Confirmation.PENDING}), new=False
        )
    current = entry is not None and entry.revision == before.published_revision
    saved = _commit_set(
        ctx, before, after, "answer", changes, {question.person_id: ("approved", False)} if current else None
    )
    notify(
        ctx,
        [question.person_id],
        "confirmation_needed",
        {
            "zh-CN": "你对绩效指标的疑问已答复，请确认",
            "en": "Your question was answered; please confirm your indicators",
        },
        links.my_indicators(saved.set_id),
    )
    return saved


def set_versions(ctx: RequestContext, set_id: str, query: VersionsQuery) -> SetVersionList:
    get_set(ctx, set_id)
    page = store.set_versions_page(
        ctx.tenant_id, set_id, page_request(ctx.tenant_id, f"indicators.set_versions:{set_id}", query)
    )
    return SetVersionList(items=page.items, next_cursor=page.next_cursor)


# ---- performance file (绩效档案) ---------------------------------------------------------------


def my_file(ctx: RequestContext, query: FileQuery) -> FileEntryList:
    if not ctx.person_id:
        return FileEntryList(items=[])
    return _file(ctx, ctx.person_id, query)


def person_file(ctx: RequestContext, person_id: str, query: FileQuery) -> FileEntryList:
    person = org_store.get_person(ctx.tenant_id, person_id)
    if not (ctx.sees_whole_company or person_id == ctx.person_id):
        unit = org_store.find_unit(ctx.tenant_id, person.unit_id)
        if unit is None or not can_manage(ctx, unit):
            raise Forbidden.field("person_id", "person.out_of_scope")
    return _file(ctx, person_id, query)


def _file(ctx: RequestContext, person_id: str, query: FileQuery) -> FileEntryList:
    """A page of the file. Computed: whether an entry is superseded needs every entry of its set, so the
    entries (small items, one Query) are read whole and paged by (period, published_at, set, revision),
    which never changes; only the page's locked indicators are read (one BatchGetItem)."""
    entries = store.file_entries(ctx.tenant_id, person_id)
    latest: dict[str, int] = {}
    for e in entries:
        latest[e.set_id] = max(latest.get(e.set_id, 0), e.revision)
    page = page_of(
        entries,
        lambda e: (e.period, e.published_at, e.set_id, e.revision),
        page_request(ctx.tenant_id, f"indicators.file:{person_id}", query),
        reverse=True,
    )
    versions = store.get_versions(ctx.tenant_id, [(e.set_id, e.revision) for e in page.items])
    out = []
    for e in page.items:
        version = versions.get((e.set_id, e.revision))
        out.append(
            e.model_copy(
                update={
                    "indicators": version.indicators if version else [],
                    "superseded": e.revision < latest[e.set_id],
                }
            )
        )
    return FileEntryList(items=out, next_cursor=page.next_cursor)


def _my_entry(ctx: RequestContext, set_id: str, revision: int | None) -> tuple[IndicatorSet, FileEntry]:
    indicator_set = store.get_set(ctx.tenant_id, set_id)
    current = indicator_set.published_revision
    entry = (
        store.find_file_entry(ctx.tenant_id, ctx.person_id, indicator_set.period, set_id, current)
        if ctx.person_id and current
        else None
    )
    if entry is None:
        raise NotFound("file_entry.not_found")
    if revision is not None and revision != current:
        raise Conflict(
            "file_entry.newer_revision",
            [Detail("revision", "file_entry.newer_revision", revision=current, extra={"current_revision": current})],
            revision=current,
        )
    return indicator_set, entry


def confirm(ctx: RequestContext, set_id: str, body: ConfirmBody) -> FileEntry:
    indicator_set, entry = _my_entry(ctx, set_id, body.revision)
    if entry.confirmation == Confirmation.CONFIRMED:
        raise Conflict.field("confirmation", "file_entry.already_confirmed")
    at = clock.iso_now()
    after = entry.model_copy(update={"confirmation": Confirmation.CONFIRMED, "confirmed_at": at})
    changes = Changes()
    store.add_file_entry(changes, ctx.tenant_id, after, new=False)
    audit.record(
        changes,
        ctx,
        "confirm",
        "performance_file",
        f"{ctx.person_id}:{set_id}",
        {"confirmation": entry.confirmation.value, "revision": entry.revision},
        {"confirmation": after.confirmation.value, "revision": entry.revision, "comment": body.comment},
    )
    rollup.stage_statuses(changes, ctx.tenant_id, indicator_set.period, {ctx.person_id: {set_id: ("confirmed", False)}})
    changes.commit()
    return _entry_view(ctx, after)


def ask(ctx: RequestContext, set_id: str, body: QuestionBody) -> FileEntry:
    """The employee questions their published indicators; the manager and HR see it on the set."""
    indicator_set, entry = _my_entry(ctx, set_id, body.revision)
    if body.indicator_id and body.indicator_id not in {i.indicator_id for i in indicator_set.indicators}:
        raise Invalid.field("indicator_id", "indicator.not_in_set")
    if entry.confirmation == Confirmation.CONFIRMED:
        raise Conflict.field("confirmation", "file_entry.already_confirmed")
    at = clock.iso_now()
    question = Question(
        question_id=new_id(),
        person_id=ctx.person_id,
        indicator_id=body.indicator_id,
        text=body.text,
        at=at,
        set_revision=entry.revision,
    )
    after_set = indicator_set.model_copy(update={"questions": [*indicator_set.questions, question]})
    after_entry = entry.model_copy(
        update={"confirmation": Confirmation.QUESTIONED, "question_ids": [*entry.question_ids, question.question_id]}
    )
    changes = Changes()
    store.add_file_entry(changes, ctx.tenant_id, after_entry, new=False)
    store.add_set(changes, ctx.tenant_id, after_set, new=False)
    audit.record(
        changes,
        ctx,
        "question",
        ENTITY,
        set_id,
        None,
        {"question_id": question.question_id, "person_id": ctx.person_id, "text": body.text},
    )
    rollup.stage_statuses(changes, ctx.tenant_id, indicator_set.period, {ctx.person_id: {set_id: ("approved", True)}})
    changes.commit()
    notify(
        ctx,
        [indicator_set.created_by_person_id, *_reviewers(ctx)],
        "info",
        {
            "zh-CN": f"员工对绩效指标提出疑问：{indicator_set.title or indicator_set.period}",
            "en": f"An employee questioned their indicators: {indicator_set.title or indicator_set.period}",
        },
        _set_link(indicator_set),
    )
    return _entry_view(ctx, after_entry)


def _entry_view(ctx: RequestContext, entry: FileEntry) -> FileEntry:
    key = (entry.set_id, entry.revision)
    version = store.get_versions(ctx.tenant_id, [key]).get(key)
    return entry.model_copy(update={"version": entry.version + 1, "indicators": version.indicators if version else []})


# ---- rollout ------------------------------------------------------------------------------------


def rollout(ctx: RequestContext, query: RolloutQuery) -> Rollout:
    """Per unit: how many people are at each stage for the period, from the rollout counters kept on write
    (indicators.rollup): two Queries whatever the company size — the units with their headcounts, and the
    period's unit counters — reading one small item per unit, never a person or a file entry."""
    return rollout_with_sources(ctx, query)[0]


def rollout_with_sources(
    ctx: RequestContext, query: RolloutQuery, excluded: frozenset[str] = frozenset(), cycle_id: str = ""
) -> tuple[Rollout, list[Unit], list[IndicatorSetSummary]]:
    """The rollout, the units it was computed from and the period's sets with a compliance problem (the
    same Query as the counters), for a caller that needs them too: the director's dashboard. People in
    ``excluded`` (those cycle ``cycle_id`` leaves out) are counted nowhere: a locked cycle's left-out
    counters come with the same Query; a cycle still setting goals (or locked before they existed and
    not backfilled) costs one more BatchGetItem for their stages and units."""
    units = rollup.units(ctx.tenant_id)
    found = rollup.period_read(ctx.tenant_id, query.period)
    counters = found.counters
    if excluded and cycle_id in found.left_out:
        rollup.take_out(units, counters, found.left_out[cycle_id])
    elif excluded:
        rollup.leave_out(ctx.tenant_id, query.period, excluded, units, counters)
    return _rollout(ctx, query, units, counters), [u.unit for u in units.values()], found.problems


def _rollout(
    ctx: RequestContext, query: RolloutQuery, units: dict[str, rollup.UnitRollup], counters: dict[str, dict[str, int]]
) -> Rollout:
    all_units = [u.unit for u in units.values()]
    in_scope = all_units if ctx.sees_whole_company else [u for u in all_units if can_manage(ctx, u)]
    scope_ids = {u.unit_id for u in in_scope}
    rows: dict[str, RolloutCounts] = {u.unit_id: RolloutCounts() for u in in_scope}
    heads: dict[str, int] = dict.fromkeys(scope_ids, 0)
    totals = RolloutCounts()
    counted = 0
    for unit_id, found in units.items():
        if not found.people or not any(u in scope_ids for u in found.unit.path):
            continue
        own = _own_counts(found.people, counters.get(unit_id, {}))
        counted += found.people
        _add(totals, own)
        for ancestor in found.unit.path:
            if ancestor in rows:
                _add(rows[ancestor], own)
                heads[ancestor] += found.people
    min_depth = min((len(u.path) for u in in_scope), default=0)
    items = [
        RolloutRow(
            unit_id=u.unit_id,
            name=u.name,
            kind=u.kind.value,
            parent_id=u.parent_id,
            depth=len(u.path) - min_depth,
            people=heads[u.unit_id],
            counts=rows[u.unit_id],
        )
        for u in sorted(in_scope, key=lambda u: [units[p].unit.name if p in units else p for p in u.path])
    ]
    return Rollout(period=query.period, items=items, totals=totals, people=counted)


def _own_counts(people: int, counters: dict[str, int]) -> RolloutCounts:
    """A unit's own people by stage: those without a stage in the period have not started."""
    staged = {k: max(0, counters.get(k, 0)) for k in rollup.COUNTERS}
    started = sum(v for k, v in staged.items() if k != "questioned")
    return RolloutCounts(not_started=max(0, people - started), **staged)


def _add(counts: RolloutCounts, other: RolloutCounts) -> None:
    for name in RolloutCounts.model_fields:
        setattr(counts, name, getattr(counts, name) + getattr(other, name))


def person_status(summaries: Iterable[Any], entries: Iterable[FileEntry]) -> dict[str, tuple[str, bool]]:
    """Each assignee's stage: from their latest file entry when the set is published, else the set's state.

    A person in several sets of the period counts at the least advanced one (what still needs doing).
    """
    out = {}
    for person_id, sets in set_stages(summaries, entries).items():
        bucket = rollup.least_advanced(sets.values())
        if bucket is not None:
            out[person_id] = bucket
    return out


def set_stages(summaries: Iterable[Any], entries: Iterable[FileEntry]) -> dict[str, dict[str, rollup.Bucket]]:
    """Each assignee's stage in each set of the period (what the rollout counters are kept from)."""
    latest: dict[tuple[str, str], FileEntry] = {}
    for e in entries:
        key = (e.person_id, e.set_id)
        if key not in latest or latest[key].revision < e.revision:
            latest[key] = e
    out: dict[str, dict[str, rollup.Bucket]] = {}
    for s in summaries:
        for person_id in s.person_ids:
            questioned = False
            if s.state == SetState.PUBLISHED:
                entry = latest.get((person_id, s.set_id))
                if entry is not None and entry.revision == s.published_revision:
                    bucket = "confirmed" if entry.confirmation == Confirmation.CONFIRMED else "approved"
                    questioned = entry.confirmation == Confirmation.QUESTIONED
                else:
                    bucket = "approved"
            else:
                bucket = rollup.STATE_BUCKET[s.state]
            out.setdefault(person_id, {})[s.set_id] = (bucket, questioned)
    return out


def rebuild_rollup(tenant_id: str) -> int:
    """Recompute the tenant's rollout counters from the sources (every unit, person, and each period's set
    summaries and file entries) and store them as absolute values: the backfill and the repair
    (``infra/backfill_rollup.py``). Returns the number of items written or dropped."""
    from chalicelib.reviews import store as review_store  # the cycles' exclusions (a one-off's import)
    from chalicelib.reviews.cycles import Stage

    units, _, people = org_store.whole_tree(tenant_id)
    periods = {}
    for period in sorted({s.period for s in store.list_summaries(tenant_id, None)}):
        summaries, entries = store.rollout_partition(tenant_id, period)
        periods[period] = (summaries, set_stages(summaries, entries))
    locked: dict[str, dict[str, list[str]]] = {}
    for cycle in review_store.list_cycles(tenant_id):
        if cycle.stage is not Stage.GOAL_SETTING:
            locked.setdefault(cycle.period, {})[cycle.cycle_id] = list(cycle.excluded_person_ids)
    return rollup.recompute(tenant_id, units, people, periods, locked)


# ---- templates ----------------------------------------------------------------------------------


def list_templates(ctx: RequestContext, query: LibraryQuery) -> TemplateList:
    """A page of the library. Computed (the company's templates, one Query, merged with the built-in JSON
    and filtered in Python), paged by template code."""
    tenant = store.list_templates(ctx.tenant_id)
    own = {t.code for t in tenant}
    items = tenant + [_builtin(raw) for raw in load_library() if raw["code"] not in own]
    if query.category:
        items = [t for t in items if t.category == query.category]
    if query.q:
        needle = query.q.casefold()
        items = [
            t
            for t in items
            if needle in t.code.casefold() or needle in t.name.zh_cn.casefold() or needle in t.name.en.casefold()
        ]
    cats = list(dict.fromkeys([*builtin_categories(), *sorted({t.category for t in tenant})]))
    page = page_of(items, lambda t: (t.code,), page_request(ctx.tenant_id, "indicators.library", query))
    return TemplateList(items=page.items, categories=cats, next_cursor=page.next_cursor)


def get_template(ctx: RequestContext, code: str) -> Template:
    template = _find_template(ctx, code)
    if template is None:
        raise NotFound("template.not_found")
    return template


def template_versions(ctx: RequestContext, code: str, query: VersionsQuery) -> TemplateVersionList:
    template = get_template(ctx, code)
    req = page_request(ctx.tenant_id, f"indicators.template_versions:{code}", query)
    if template.source == "builtin":
        return TemplateVersionList(items=[template]) if req.start is None else TemplateVersionList(items=[])
    page = store.template_versions_page(ctx.tenant_id, code, req)
    return TemplateVersionList(items=page.items, next_cursor=page.next_cursor)


def create_template(ctx: RequestContext, body: TemplateCreate) -> Template:
    if builtin_template(body.code) is not None:
        raise Invalid.field("code", "template.builtin_code")
    base: dict[str, Any] = {}
    if body.copy_of:
        source = _find_template(ctx, body.copy_of)
        if source is None:
            raise Invalid.field("copy_of", "template.not_found")
        base = source.model_dump(
            exclude={"version", "template_version", "updated_at", "updated_by_person_id", "source", "code", "based_on"}
        )
    given = body.model_dump(exclude_unset=True, exclude={"code", "copy_of"})
    data = {**base, **{k: v for k, v in given.items() if v is not None}}
    template = _validated_template(
        ctx,
        {
            **data,
            "code": body.code,
            "source": "tenant",
            "based_on": body.copy_of,
            "industry": data.get("industry") or "",
            "template_version": 1,
        },
    )
    changes = Changes()
    store.add_template(changes, ctx.tenant_id, template, new=True)
    audit.record(changes, ctx, "create", "indicator_template", body.code, None, template.model_dump(mode="json"))
    try:
        changes.commit()
    except Conflict:
        raise Conflict.field("code", "template.code_taken") from None
    return template.model_copy(update={"version": 1})


def update_template(ctx: RequestContext, code: str, body: TemplateUpdate) -> Template:
    before = store.find_template(ctx.tenant_id, code)
    if before is None:
        if builtin_template(code) is not None:
            raise Conflict.field("code", "template.builtin_readonly")
        raise NotFound("template.not_found")
    if body.version != before.version:
        raise Conflict(
            "template.stale", [Detail("version", "template.stale", extra={"current_version": before.version})]
        )
    data = {**before.model_dump(), **body.changes()}
    after = _validated_template(ctx, {**data, "template_version": before.template_version + 1, "version": body.version})
    changes = Changes()
    store.add_template(changes, ctx.tenant_id, after, new=False)
    audit.record(
        changes,
        ctx,
        "update",
        "indicator_template",
        code,
        before.model_dump(mode="json"),
        after.model_dump(mode="json"),
    )
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


_TEMPLATE_REQUIRED = ("category", "name", "definition", "formula", "measures", "unit", "direction")


def _validated_template(ctx: RequestContext, data: dict[str, Any]) -> Template:
    for name in _TEMPLATE_REQUIRED:
        if not data.get(name):
            raise Invalid.field(name, "template.field_required")
    keys = [m["key"] if isinstance(m, dict) else m.key for m in data["measures"]]
    if len(set(keys)) != len(keys):
        raise Invalid.field("measures", "indicator.measure_keys_unique")
    problems = formulas.validate(data["formula"], keys)
    if problems:
        raise Invalid("formula.invalid", [Detail("formula", p) for p in problems], count=len(problems))
    template = Template.model_validate({**data, "updated_at": clock.iso_now(), "updated_by_person_id": ctx.person_id})
    probe = Indicator(
        indicator_id="-",
        name=template.name.zh_cn,
        direction=template.direction,
        target=template.suggested_target,
        threshold=template.suggested_threshold,
        band_low=template.suggested_band.low if template.suggested_band else None,
        band_high=template.suggested_band.high if template.suggested_band else None,
    )
    if template.suggested_threshold is not None and (
        template.suggested_target is not None or template.direction == Direction.TARGET_BAND
    ):
        rule_problems = compliance.rule_problems(probe)
        if rule_problems:
            raise Invalid(
                "template.rule_invalid",
                [Detail("suggested_threshold", p.text) for p in rule_problems],
                count=len(rule_problems),
            )
    return template
