"""Review rules: the rating scale, cycles and their stages, results, reviews, calibration, forecasts.

Actuals live in :mod:`chalicelib.reviews.actuals`, 360 feedback in :mod:`chalicelib.reviews.feedback`.

Scope: HR and admins run cycles; HR, admins and executives see every result; a manager sees and
reviews the people of the units they head (and below), never their own manager review or calibration;
an employee sees their own page (their final rating once results are published).
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from chalicelib.core import audit, clock
from chalicelib.core.context import HR_ADMIN, RequestContext
from chalicelib.core.db import MAX_TRANSACTION_ITEMS, Changes
from chalicelib.core.errors import Conflict, Detail, Forbidden, Invalid, NotFound, TooLarge
from chalicelib.core.ids import new_id
from chalicelib.core.messages import text
from chalicelib.core.paging import page_request
from chalicelib.core.schema import merged
from chalicelib.indicators import rollup
from chalicelib.indicators.schemas import Indicator
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, PersonStatus, Unit
from chalicelib.reviews import calibration as calibrating
from chalicelib.reviews import cycles, periods, scorecards, store, summaries
from chalicelib.reviews.cycles import IllegalTransition, PersonProgress, Progress, Stage, stage_name
from chalicelib.reviews.schemas import (
    MAX_EXPORT_BYTES,
    MAX_EXPORT_ROWS,
    MISSED_KEPT,
    Acknowledge,
    BlockerOut,
    Calibration,
    CalibrationAdjust,
    CalibrationQuery,
    CalibrationView,
    Cycle,
    CycleAdvance,
    CycleCounts,
    CycleCreate,
    CycleDetail,
    CycleList,
    CycleQuery,
    CycleSummary,
    CycleUpdate,
    DistributionRow,
    DriverOut,
    ExportQuery,
    Forecast,
    ForecastQuery,
    History,
    HistoryEntry,
    IndicatorForecast,
    MeasureResult,
    PageQuery,
    Participant,
    PersonCycleView,
    PersonResult,
    RatingBand,
    ResultRow,
    ResultsExportFile,
    ResultsPage,
    ResultsQuery,
    Review,
    ReviewInput,
    ReviewKind,
    ReviewSettings,
    ReviewSettingsUpdate,
    StageChange,
    UnitDistribution,
    deadline_problem,
)
from chalicelib.reviews.scoring import DEFAULT_SCALE, scale_problems, to_decimal

DEFAULT_TARGET = {"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.15, "D": 0.05}
RUNNING = frozenset({Stage.IN_PROGRESS, Stage.SELF_REVIEW, Stage.MANAGER_REVIEW, Stage.CALIBRATION})
PUBLISHED = frozenset({Stage.RESULTS_PUBLISHED, Stage.CLOSED})
SELF_REVIEW_OPEN = frozenset({Stage.IN_PROGRESS, Stage.SELF_REVIEW})
MANAGER_REVIEW_OPEN = frozenset({Stage.SELF_REVIEW, Stage.MANAGER_REVIEW})
RESULT_CHUNK = 30  # results per transaction at lock: each with its reference, plus up to one summary per unit
# ... and its steps items (one per indicator with actuals): a chunk also stops before MAX_TRANSACTION_ITEMS.


# ---- scope --------------------------------------------------------------------------------------


def manages_path(ctx: RequestContext, unit_path: Iterable[str]) -> bool:
    return any(u in unit_path for u in ctx.managed_unit_ids)


def may_lead(ctx: RequestContext, person_id: str, unit_path: Iterable[str]) -> bool:
    """HR, admins, executives; or a manager of the person's unit (but nobody leads themselves)."""
    if person_id == ctx.person_id:
        return ctx.has_any(HR_ADMIN)
    return ctx.sees_whole_company or manages_path(ctx, unit_path)


def may_see(ctx: RequestContext, person_id: str, unit_path: Iterable[str]) -> bool:
    return person_id == ctx.person_id or ctx.sees_whole_company or manages_path(ctx, unit_path)


def _out_of_scope(field: str = "person_id") -> Forbidden:
    return Forbidden.field(field, "person.not_reviewable")


# ---- settings -----------------------------------------------------------------------------------


def get_settings(ctx: RequestContext) -> ReviewSettings:
    return store.find_settings(ctx.tenant_id) or ReviewSettings(
        scale=[RatingBand(label=label, min_score=float(minimum)) for label, minimum in DEFAULT_SCALE.minimums],
        target_distribution=dict(DEFAULT_TARGET),
    )


def update_settings(ctx: RequestContext, body: ReviewSettingsUpdate) -> ReviewSettings:
    problems = scale_problems([(b.label, to_decimal(b.min_score)) for b in body.scale])
    details = [Detail("scale", p) for p in problems]
    labels = {b.label for b in body.scale}
    for label, share in body.target_distribution.items():
        if label not in labels:
            details.append(Detail(f"target_distribution.{label}", "settings.not_a_label"))
        elif not 0 <= share <= 1:
            details.append(Detail(f"target_distribution.{label}", "settings.share_range"))
    if sum(body.target_distribution.values()) > 1 + 1e-9:
        details.append(Detail("target_distribution", "settings.shares_over_one"))
    if details:
        raise Invalid("settings.invalid", details)
    before = store.find_settings(ctx.tenant_id)
    if (before.version if before else 0) != body.version:
        raise Conflict.field("version", "settings.stale")
    after = ReviewSettings(scale=body.scale, target_distribution=body.target_distribution, version=body.version)
    changes = Changes()
    store.add_settings(changes, ctx.tenant_id, after)
    audit.record(
        changes,
        ctx,
        "update",
        "review_settings",
        "scale",
        before.model_dump(mode="json") if before else None,
        after.model_dump(mode="json"),
    )
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


# ---- cycles -------------------------------------------------------------------------------------


def _root_unit(tenant_id: str) -> Unit:
    for unit in org_store.list_units(tenant_id):
        if unit.parent_id is None:
            return unit
    raise NotFound("cycle.no_root_unit")


def create_cycle(ctx: RequestContext, body: CycleCreate) -> Cycle:
    period = periods.parse(body.period)
    if body.unit_id:
        unit = org_store.find_unit(ctx.tenant_id, body.unit_id)
        if unit is None:
            raise Invalid.field("unit_id", "unit.not_found")
    else:
        unit = _root_unit(ctx.tenant_id)
    settings = get_settings(ctx)
    cycle = Cycle(
        cycle_id=new_id(),
        name=body.name,
        period=period.code,
        period_type=period.type,
        start=period.start,
        end=period.end,
        unit_id=unit.unit_id,
        deadlines=body.deadlines,
        self_review_required=body.self_review_required,
        feedback_enabled=body.feedback_enabled,
        excluded_person_ids=body.excluded_person_ids,
        scale=settings.scale,
        target_distribution=settings.target_distribution,
        created_at=clock.iso_now(),
    )
    changes = Changes()
    changes.require(*org_store.unit_key(ctx.tenant_id, unit.unit_id))
    store.add_cycle(changes, ctx.tenant_id, cycle, new=True)
    audit.record(changes, ctx, "create", "review_cycle", cycle.cycle_id, None, _audit_view(cycle))
    changes.commit()
    return cycle.model_copy(update={"version": 1})


def _audit_view(cycle: Cycle) -> dict[str, object]:
    return cycle.model_dump(mode="json", exclude={"participants", "history", "scale"})


def list_cycles(ctx: RequestContext, query: CycleQuery) -> CycleList:
    page = store.cycles_page(ctx.tenant_id, query.period, page_request(ctx.tenant_id, "reviews.cycles", query))
    items = [
        CycleSummary(
            cycle_id=c.cycle_id,
            name=c.name,
            period=c.period,
            period_type=c.period_type,
            unit_id=c.unit_id,
            stage=c.stage,
            deadlines=c.deadlines,
            participants=c.headcount(),
            version=c.version,
        )
        for c in page.items
    ]
    return CycleList(items=items, next_cursor=page.next_cursor)


def update_cycle(ctx: RequestContext, cycle_id: str, body: CycleUpdate) -> Cycle:
    before = store.get_cycle(ctx.tenant_id, cycle_id)
    fields = body.changes()
    if before.stage is Stage.CLOSED:
        raise Conflict.field("stage", "cycle.closed")
    if "excluded_person_ids" in fields and before.stage is not Stage.GOAL_SETTING:
        raise Conflict.field("excluded_person_ids", "cycle.participants_fixed", stage=stage_name(before.stage))
    if fields.get("deadlines") is not None:
        deadlines = {**before.deadlines, **fields["deadlines"]}
        problem = deadline_problem(deadlines)
        if problem:
            raise Invalid.field("deadlines", problem)
        fields["deadlines"] = deadlines
    after = merged(before, fields, version=body.version)
    changes = Changes()
    store.add_cycle(changes, ctx.tenant_id, after, new=False)
    audit.record(changes, ctx, "update", "review_cycle", cycle_id, _audit_view(before), _audit_view(after))
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


def get_cycle(ctx: RequestContext, cycle_id: str) -> CycleDetail:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    results = None if cycle.stage is Stage.GOAL_SETTING else store.results(ctx.tenant_id, cycle_id)
    return cycle_detail(ctx, cycle, results)


def cycle_detail(ctx: RequestContext, cycle: Cycle, results: list[PersonResult] | None = None) -> CycleDetail:
    """Where ``cycle`` stands: counts and what blocks its next stage (``results``: already read, if at hand)."""
    target = cycles.next_stage(cycle.stage)
    if cycle.stage is Stage.GOAL_SETTING:
        progress = Progress(
            people=[p for p, _, _ in _candidates(ctx, cycle)],
            today=clock.today(),
            deadlines=cycle.deadlines,
            self_review_required=cycle.self_review_required,
        )
    else:
        progress = _progress(ctx, cycle, results)
    found = cycles.blockers(target, progress) if target else []
    if cycle.stage is not Stage.GOAL_SETTING and results is not None:
        cycle = with_participants(cycle, results)
    return CycleDetail(
        cycle=cycle, next_stage=target, blockers=[BlockerOut(**b.out()) for b in found], counts=_counts(progress.people)
    )


def with_participants(cycle: Cycle, results: Iterable[PersonResult]) -> Cycle:
    """The cycle with its participant list for an answer: the list embedded in a cycle locked before
    2026-12-06, else one entry per result (in the order goals were locked: by unit, then name)."""
    if cycle.participants:
        return cycle
    people = [
        Participant(person_id=r.person_id, name=r.name, unit_id=r.unit_id, manager_id=r.manager_id)
        for r in sorted(results, key=lambda r: (r.unit_id, r.name, r.person_id))
    ]
    return cycle.model_copy(update={"participants": people})


def result_counts(
    ctx: RequestContext,
    cycle: Cycle,
    results: list[PersonResult],
    reviews: tuple[list[Review], dict[str, dict[str, Any]]] | None = None,
) -> CycleCounts:
    """Progress counts over some of a locked cycle's results (a unit's people, say); ``reviews``: their
    reviews and acknowledgements when already read (else the cycle's are)."""
    return _counts(_progress(ctx, cycle, results, reviews).people)


def _counts(people: Sequence[PersonProgress]) -> CycleCounts:
    return CycleCounts(
        participants=len(people),
        goals_ready=sum(1 for p in people if not p.goal_problem),
        actuals_complete=sum(1 for p in people if not p.missing_actuals),
        self_reviews_submitted=sum(1 for p in people if p.self_review_submitted),
        manager_reviews_submitted=sum(1 for p in people if p.manager_review_submitted),
        acknowledged=sum(1 for p in people if p.acknowledged),
    )


def _candidates(ctx: RequestContext, cycle: Cycle) -> list[tuple[PersonProgress, Participant, list[Indicator]]]:
    """Who would take part if goals were locked now, with their published indicators (live)."""
    unit = org_store.get_unit(ctx.tenant_id, cycle.unit_id)
    _, _, people = org_store.subtree(ctx.tenant_id, unit.path)
    excluded = set(cycle.excluded_person_ids)
    people = [p for p in people if p.status == PersonStatus.ACTIVE and p.person_id not in excluded]
    goals = store.published_indicators(ctx.tenant_id, cycle.period, [p.person_id for p in people])
    out = []
    for person in sorted(people, key=lambda p: (p.unit_id, p.name)):
        indicators = goals.get(person.person_id, [])
        progress = PersonProgress(person.person_id, person.name, goal_problem=scorecards.goal_problem(indicators))
        participant = Participant(
            person_id=person.person_id, name=person.name, unit_id=person.unit_id, manager_id=person.manager_id
        )
        out.append((progress, participant, indicators))
    return out


def _progress(
    ctx: RequestContext,
    cycle: Cycle,
    results: list[PersonResult] | None = None,
    read: tuple[list[Review], dict[str, dict[str, Any]]] | None = None,
) -> Progress:
    results = results if results is not None else store.results(ctx.tenant_id, cycle.cycle_id)
    reviews, acks = read if read is not None else store.reviews_of_cycle(ctx.tenant_id, cycle.cycle_id)
    submitted = {(r.person_id, r.kind) for r in reviews if r.submitted_at}
    people = [
        PersonProgress(
            r.person_id,
            r.name,
            missing_actuals=scorecards.missing_actuals(r),
            self_review_submitted=(r.person_id, ReviewKind.SELF) in submitted,
            manager_review_submitted=(r.person_id, ReviewKind.MANAGER) in submitted,
            acknowledged=r.person_id in acks,
        )
        for r in sorted(results, key=lambda r: (r.unit_id, r.name))
    ]
    return Progress(
        people=people, today=clock.today(), deadlines=cycle.deadlines, self_review_required=cycle.self_review_required
    )


def advance(ctx: RequestContext, cycle_id: str, body: CycleAdvance) -> Cycle:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    target = body.to_stage or cycles.next_stage(cycle.stage) or cycle.stage
    try:
        cycles.require_legal(cycle.stage, target)
    except IllegalTransition as exc:
        raise Conflict.field("to_stage", exc.reason) from None
    if body.version != cycle.version:
        raise Conflict.field("version", "cycle.stale")
    if cycle.stage is Stage.GOAL_SETTING:
        return _lock_goals(ctx, cycle)
    results = store.results(ctx.tenant_id, cycle.cycle_id)
    progress = _progress(ctx, cycle, results)
    found = cycles.check(cycle.stage, target, progress)
    if found:
        raise Conflict("cycle.pending_steps", [b.detail() for b in found], count=len(found), stage=stage_name(target))
    missed: list[dict[str, Any]] = []
    if cycles.is_forward(cycle.stage, target):
        strict = replace(progress, deadlines={}, self_review_required=True)
        missed = [b.out() for b in cycles.blockers(target, strict)]
    # A closed cycle's results no longer change: its trend point is summed once, here.
    moved = _move(ctx, cycle, target, missed, unit_sums=trend_sums(results) if target is Stage.CLOSED else None)
    return with_participants(moved, results)


def _move(
    ctx: RequestContext,
    cycle: Cycle,
    target: Stage,
    missed: list[dict[str, Any]],
    unit_sums: dict[str, dict[str, Any]] | None = None,
    **update: object,
) -> Cycle:
    # Only the first missed steps are kept (with their count): the cycle item and its audit record
    # must not grow with the participants (5,000 people who skipped a self review would be ~1 MB).
    kept = missed[:MISSED_KEPT]
    change = StageChange(
        from_stage=cycle.stage,
        to_stage=target,
        at=clock.iso_now(),
        by_user_id=ctx.user_id,
        missed=kept,
        missed_count=len(missed),
    )
    after = cycle.model_copy(update={"stage": target, "history": [*cycle.history, change], **update})
    changes = Changes()
    store.add_cycle(changes, ctx.tenant_id, after, new=False, unit_sums=unit_sums)
    audit.record(
        changes,
        ctx,
        "advance",
        "review_cycle",
        cycle.cycle_id,
        {"stage": cycle.stage.value},
        {"stage": target.value, "missed": kept, "missed_count": len(missed)},
    )
    changes.commit()
    return after.model_copy(update={"version": cycle.version + 1})


def _lock_goals(ctx: RequestContext, cycle: Cycle) -> Cycle:
    """goal_setting -> in_progress: fix the participants and snapshot their locked indicators."""
    candidates = _candidates(ctx, cycle)
    progress = Progress(people=[p for p, _, _ in candidates], today=clock.today(), deadlines=cycle.deadlines)
    found = cycles.check(Stage.GOAL_SETTING, Stage.IN_PROGRESS, progress)
    if found:
        raise Conflict("cycle.goals_not_lockable", [b.detail() for b in found], count=len(found))
    paths = {u.unit_id: u.path for u in org_store.list_units(ctx.tenant_id)}
    points = points_by_measure(ctx.tenant_id, cycle.period)
    existing = {r.person_id: r for r in store.results(ctx.tenant_id, cycle.cycle_id)}
    scale = scorecards.scale_of(cycle.scale)
    results = []
    for _, participant, indicators in candidates:
        snapshots = [_with_points(scorecards.snapshot(i), points, participant.person_id) for i in indicators]
        before = existing.get(participant.person_id)
        result = PersonResult(
            cycle_id=cycle.cycle_id,
            period=cycle.period,
            person_id=participant.person_id,
            name=participant.name,
            unit_id=participant.unit_id,
            unit_path=paths.get(participant.unit_id, []),
            manager_id=participant.manager_id,
            indicators=snapshots,
            version=before.version if before else 0,
        )
        results.append(scorecards.compute(result, scale))
    # Results are written in several transactions (a transaction holds 100 items); a retry after a failure
    # finds the ones already written and overwrites them, so locking is safe to repeat.
    # Each result goes with the person's previous-period values (the forecast's reference), read once here
    # so that a unit's page reads its own slice and no other period.
    references = _references_by_person(ctx.tenant_id, periods.parse(cycle.period).previous().code)
    for chunk in _result_chunks(results, extra=2):
        changes = Changes()
        for result in chunk:
            store.add_result(
                changes,
                ctx.tenant_id,
                result,
                cycle.start.isoformat(),
                new=result.person_id not in existing,
                before=existing.get(result.person_id),
            )
            store.add_reference(changes, ctx.tenant_id, result, references.get(result.person_id, []))
        changes.commit()
    # The people the cycle leaves out are now fixed: the rollout counters keep them apart (the director
    # takes them out of completion without reading them).
    rollup.leave_out_on_lock(ctx.tenant_id, cycle.period, cycle.cycle_id, cycle.excluded_person_ids)
    # The results are the participant list; the cycle item keeps only their count (no size ceiling).
    moved = _move(ctx, cycle, Stage.IN_PROGRESS, [], participant_count=len(candidates))
    return moved.model_copy(update={"participants": [p for _, p, _ in candidates]})


def _result_chunks(results: Sequence[PersonResult], extra: int) -> Iterator[list[PersonResult]]:
    """Results in groups that fit one transaction: at most RESULT_CHUNK, and their items (the result, its
    steps items, ``extra`` more each: a reference, a unit summary) within MAX_TRANSACTION_ITEMS."""
    chunk: list[PersonResult] = []
    size = 0
    for result in results:
        need = store.result_writes(result) + extra
        if chunk and (len(chunk) >= RESULT_CHUNK or size + need > MAX_TRANSACTION_ITEMS):
            yield chunk
            chunk, size = [], 0
        chunk.append(result)
        size += need
    if chunk:
        yield chunk


def trend_sums(results: Iterable[PersonResult]) -> dict[str, dict[str, Any]]:
    """Per unit of the participants: the unit path and the sums and counts behind the average total
    score and the average attainment (over scored indicators) — what a trend point is made of."""
    out: dict[str, dict[str, Any]] = {}
    for r in results:
        sums = out.setdefault(
            r.unit_id,
            {"path": list(r.unit_path), "score_sum": 0.0, "score_n": 0, "attainment_sum": 0.0, "attainment_n": 0},
        )
        if r.total is not None:
            sums["score_sum"] += r.total
            sums["score_n"] += 1
        for i in r.indicators:
            if i.attainment is not None:
                sums["attainment_sum"] += i.attainment
                sums["attainment_n"] += 1
    return out


def rebuild_trend(tenant_id: str) -> int:
    """Write every cycle's trend item from the cycle and, for a closed one, its results (a one-off
    for cycles written before the trend items existed; ``infra/backfill_trend.py``). Idempotent."""
    written = 0
    for cycle in store.list_cycles(tenant_id):
        sums = trend_sums(store.results(tenant_id, cycle.cycle_id)) if cycle.stage is Stage.CLOSED else None
        changes = Changes()
        store.put_trend(changes, tenant_id, cycle, sums)
        changes.commit()
        written += 1
    return written


def refresh_summaries(tenant_id: str, cycle_id: str) -> int:
    """Recompute a cycle's unit summaries from its results, reviews and acknowledgements and store them
    as absolute values (``infra/backfill_cycle_summaries.py``, or a repair): two Queries of the cycle
    partition, one write per unit. Idempotent. Returns how many summaries were written."""
    cycle = store.get_cycle(tenant_id, cycle_id)
    reviews, acks = store.reviews_of_cycle(tenant_id, cycle_id)
    fresh = summaries.totals(store.results(tenant_id, cycle_id), reviews, acks)
    return store.replace_unit_summaries(tenant_id, cycle, fresh)


def rebuild_summaries(tenant_id: str) -> int:
    """Every cycle's trend item (with the cycle in it), unit summaries and participants' previous-period
    references, rebuilt from the source items (``infra/backfill_cycle_summaries.py``). Idempotent."""
    written = rebuild_trend(tenant_id)
    for cycle in store.list_cycles(tenant_id):
        if cycle.stage is not Stage.GOAL_SETTING:
            written += refresh_summaries(tenant_id, cycle.cycle_id)
            written += write_references(tenant_id, cycle)
    return written


def write_references(tenant_id: str, cycle: Cycle) -> int:
    """Each participant's previous-period values beside their result (what locking goals writes since
    2026-12-07), from the previous period's actuals as they are now. Idempotent."""
    references = _references_by_person(tenant_id, periods.parse(cycle.period).previous().code)
    results = store.results(tenant_id, cycle.cycle_id)
    for start in range(0, len(results), 90):
        changes = Changes()
        for result in results[start : start + 90]:
            store.add_reference(changes, tenant_id, result, references.get(result.person_id, []))
        changes.commit()
    return len(results)


def move_points_out(tenant_id: str) -> int:
    """Move the per-step points out of results written before 2026-12-08 (into one steps item per person
    and indicator, the result saved without them, version-checked) and turn previous-period references that
    list every step into their sum, count and last value (``infra/backfill_result_points.py``). Reads each
    cycle's results and references (two Queries); writes only what still has the old shape, so a second
    run writes nothing. Returns how many results and references were rewritten."""
    written = 0
    for cycle in store.list_cycles(tenant_id):
        if cycle.stage is Stage.GOAL_SETTING:
            continue
        results = store.results(tenant_id, cycle.cycle_id)
        old = [r for r in results if store.with_points(r.indicators)]
        for chunk in _result_chunks(old, extra=1):
            changes = Changes()
            for result in chunk:
                store.add_result(changes, tenant_id, result, cycle.start.isoformat(), new=False, before=result)
            changes.commit()
        written += len(old)
        by_person = {r.person_id: r for r in results}
        listed = [
            (by_person[person_id], _compact(entries))
            for person_id, entries in store.references_of_cycle(tenant_id, cycle.cycle_id).items()
            if person_id in by_person and any("values" in e for e in entries)
        ]
        for start in range(0, len(listed), 90):
            changes = Changes()
            for result, entries in listed[start : start + 90]:
                store.add_reference(changes, tenant_id, result, entries)
            changes.commit()
        written += len(listed)
    return written


def _compact(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reference entries of one participant with every step's value listed per measure (before 2026-12-08)
    as one entry per indicator with each measure's sum, count and last value; current entries unchanged."""
    out: list[dict[str, Any]] = [e for e in entries if "values" not in e]
    grouped: dict[str, dict[str, Any]] = {}
    for e in entries:
        values = [float(v) for v in e.get("values") or []] if "values" in e else []
        if values:
            grouped.setdefault(str(e["indicator"]), {})[str(e["measure"])] = _summed(values)
    return out + [{"indicator": name, "measures": measures} for name, measures in grouped.items()]


def index_unit_slices(tenant_id: str) -> int:
    """Give every cycle's results, reviews and acknowledgements written before 2026-12-06 their unit-slice
    keys (``infra/backfill_unit_slices.py``); returns how many items were updated. Idempotent."""
    return sum(store.index_cycle_by_unit(tenant_id, c.cycle_id) for c in store.list_cycles(tenant_id))


def points_by_measure(tenant_id: str, period: str) -> dict[tuple[str, str, str], dict[str, float]]:
    """A period's current values as (person, indicator, measure) -> {step: value}: one Query."""
    out: dict[tuple[str, str, str], dict[str, float]] = {}
    for value, _ in store.actuals(tenant_id, period):
        out.setdefault((value.person_id, value.indicator_id, value.measure), {})[str(value.unit_index)] = value.value
    return out


def _with_points(
    indicator: scorecards.IndicatorResult, points: dict[tuple[str, str, str], dict[str, float]], person_id: str
) -> scorecards.IndicatorResult:
    measures = [
        m.model_copy(update={"points": points.get((person_id, indicator.indicator_id, m.key), {})})
        for m in indicator.measures
    ]
    return indicator.model_copy(update={"measures": measures})


def refresh_results(ctx: RequestContext, cycle_id: str) -> CycleDetail:
    """Recompute every result from the stored actuals (after a lock that raced with new actuals)."""
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    if cycle.stage not in RUNNING:
        raise Conflict.field("stage", "cycle.refresh_only_running", stage=stage_name(cycle.stage))
    points = points_by_measure(ctx.tenant_id, cycle.period)
    scale = scorecards.scale_of(cycle.scale)
    changed = []
    stored_points = store.cycle_points(ctx.tenant_id, cycle_id)
    for read in store.results(ctx.tenant_id, cycle_id):
        result = store.attach_points(read, stored_points.get(read.person_id, {}))
        fresh = scorecards.compute(
            result.model_copy(
                update={"indicators": [_with_points(i, points, result.person_id) for i in result.indicators]}
            ),
            scale,
        )
        if fresh != result:
            changed.append((result, fresh))
    before_of = {after.person_id: before for before, after in changed}
    for chunk in _result_chunks([after for _, after in changed], extra=1):
        changes = Changes()
        for result in chunk:
            before = before_of[result.person_id]
            store.add_result(changes, ctx.tenant_id, result, cycle.start.isoformat(), new=False, before=before)
        changes.commit()
    return get_cycle(ctx, cycle_id)


# ---- results ------------------------------------------------------------------------------------


def results_page(ctx: RequestContext, cycle_id: str, query: ResultsQuery | None = None) -> ResultsPage:
    """A page of the visible participants' totals and ratings, by person id: one GetItem and one Query
    (see bench/results_page.py)."""
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    request = page_request(ctx.tenant_id, f"reviews.results:{cycle_id}", query or ResultsQuery())
    slice_path = None if ctx.sees_whole_company else _managed_slice(ctx)
    if slice_path is not None:  # a manager of one subtree: read that slice only (by unit path, then person)
        page = store.unit_results_page(ctx.tenant_id, cycle_id, slice_path, request)
    else:
        page = store.results_page(
            ctx.tenant_id, cycle_id, request, keep=lambda r: ctx.sees_whole_company or manages_path(ctx, r.unit_path)
        )
    rows = [
        ResultRow(
            person_id=r.person_id,
            name=r.name,
            unit_id=r.unit_id,
            manager_id=r.manager_id,
            total=r.total,
            rating=r.rating,
            final_rating=r.final_rating,
            calibrated=r.calibration is not None,
            scores={i.name: i.score for i in r.indicators},
        )
        for r in page.items
    ]
    return ResultsPage(
        cycle_id=cycle.cycle_id, period=cycle.period, stage=cycle.stage, items=rows, next_cursor=page.next_cursor
    )


def _managed_slice(ctx: RequestContext) -> list[str] | None:
    """The unit path of the one subtree a manager heads (their other headed units lie inside it), or
    None when they head disjoint subtrees (then the cycle's results are read and filtered) or none."""
    units = [u for u in org_store.units_by_id(ctx.tenant_id, set(ctx.managed_unit_ids)).values()]
    tops = [u for u in units if not any(o.unit_id != u.unit_id and o.unit_id in u.path for o in units)]
    return list(tops[0].path) if len(tops) == 1 else None


def _visible_result(ctx: RequestContext, cycle: Cycle, result: PersonResult) -> PersonResult:
    """Before publication a person sees their own scores but not the calibrated rating."""
    if result.person_id == ctx.person_id and cycle.stage not in PUBLISHED and not ctx.sees_whole_company:
        return result.model_copy(update={"final_rating": None, "calibration": None})
    return result


def person_view(ctx: RequestContext, cycle_id: str, person_id: str) -> PersonCycleView:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    result = store.get_result(ctx.tenant_id, cycle_id, person_id)
    if not may_see(ctx, person_id, result.unit_path):
        raise _out_of_scope()
    result = store.attach_points(result, store.person_points(ctx.tenant_id, cycle_id, person_id))
    reviews, ack = store.reviews_of_person(ctx.tenant_id, cycle_id, person_id)
    return PersonCycleView(
        cycle_id=cycle_id,
        stage=cycle.stage,
        result=_visible_result(ctx, cycle, result),
        self_review=reviews.get(ReviewKind.SELF),
        manager_review=reviews.get(ReviewKind.MANAGER),
        acknowledged_at=ack.get("at") if ack else None,
        appealed=bool(ack and ack.get("appeal")),
        acknowledgement_comment=str(ack.get("comment") or "") if ack else "",
    )


# ---- reviews ------------------------------------------------------------------------------------


def save_review(ctx: RequestContext, cycle_id: str, person_id: str, kind: ReviewKind, body: ReviewInput) -> Review:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    result = store.get_result(ctx.tenant_id, cycle_id, person_id)
    if kind is ReviewKind.SELF:
        if person_id != ctx.person_id:
            raise Forbidden.field("person_id", "review.self_only")
        open_in = SELF_REVIEW_OPEN
    else:
        if person_id == ctx.person_id or not (
            ctx.has_any(HR_ADMIN) or manages_path(ctx, result.unit_path) or result.manager_id == ctx.person_id
        ):
            raise _out_of_scope()
        open_in = MANAGER_REVIEW_OPEN
    if cycle.stage not in open_in:
        raise Conflict.field(
            "stage",
            "review.closed",
            kind=text(f"review.kind.{kind.value}"),
            stages=[stage_name(s) for s in Stage if s in open_in],
            stage=stage_name(cycle.stage),
        )
    known = {i.indicator_id for i in result.indicators}
    bad = [
        Detail(f"comments.{n}.indicator_id", "review.unknown_indicator")
        for n, c in enumerate(body.comments)
        if c.indicator_id not in known
    ]
    if bad:
        raise Invalid("review.unknown_indicators", bad)
    labels = [b.label for b in cycle.scale]
    if body.rating is not None and body.rating not in labels:
        raise Invalid.field("rating", "calibration.not_a_label", labels=labels)
    before = store.find_review(ctx.tenant_id, cycle_id, person_id, kind)
    now = clock.iso_now()
    submitted_at = (before.submitted_at if before else None) or (now if body.submit else None)
    review = Review(
        cycle_id=cycle_id,
        person_id=person_id,
        kind=kind,
        comments=body.comments,
        overall=body.overall,
        rating=body.rating,
        author_person_id=ctx.person_id,
        submitted_at=submitted_at,
        updated_at=now,
        version=before.version if before else 0,
    )
    changes = Changes()
    store.add_review(changes, ctx.tenant_id, review, result, cycle.start.isoformat(), before=before)
    audit.record(
        changes,
        ctx,
        "submit" if body.submit else "save",
        f"{kind.value}_review",
        f"{cycle_id}:{person_id}",
        before.model_dump(mode="json") if before else None,
        review.model_dump(mode="json"),
    )
    changes.commit()
    return review.model_copy(update={"version": review.version + 1})


def acknowledge(ctx: RequestContext, cycle_id: str, person_id: str, body: Acknowledge) -> PersonCycleView:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    result = store.get_result(ctx.tenant_id, cycle_id, person_id)
    if person_id != ctx.person_id:
        raise Forbidden.field("person_id", "ack.self_only")
    if cycle.stage is not Stage.RESULTS_PUBLISHED:
        raise Conflict.field("stage", "ack.not_published", stage=stage_name(cycle.stage))
    data = {"person_id": person_id, "at": clock.iso_now(), "comment": body.comment, "appeal": body.appeal}
    changes = Changes()
    store.add_acknowledgement(changes, ctx.tenant_id, result, cycle.start.isoformat(), data)
    audit.record(
        changes, ctx, "appeal" if body.appeal else "acknowledge", "review_result", f"{cycle_id}:{person_id}", None, data
    )
    try:
        changes.commit()
    except Conflict:
        raise Conflict.field("person_id", "ack.already") from None
    return person_view(ctx, cycle_id, person_id)


# ---- calibration --------------------------------------------------------------------------------


def _distribution(unit_id: str, unit_name: str, ratings: list[str], cycle: Cycle) -> UnitDistribution:
    scale = scorecards.scale_of(cycle.scale)
    buckets = calibrating.distribution(ratings, scale)
    target = {k: to_decimal(v) for k, v in cycle.target_distribution.items() if k in buckets}
    deviations = {d.label: d for d in calibrating.compare(buckets, target)}
    rows = []
    for label, bucket in buckets.items():
        d = deviations.get(label)
        rows.append(
            DistributionRow(
                label=label,
                count=bucket.count,
                share=float(bucket.share),
                target_share=float(d.target_share) if d else None,
                target_count=d.target_count if d else None,
                over=d.over_count if d else 0,
                under=d.under_count if d else 0,
            )
        )
    return UnitDistribution(unit_id=unit_id, unit_name=unit_name, population=len(ratings), rows=rows)


def calibration_view(ctx: RequestContext, cycle_id: str, query: CalibrationQuery) -> CalibrationView:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    units = {u.unit_id: u for u in org_store.list_units(ctx.tenant_id)}
    focus = units.get(query.unit_id or cycle.unit_id)
    if focus is None:
        raise Invalid.field("unit_id", "unit.not_found")
    visible = [
        r
        for r in store.results(ctx.tenant_id, cycle_id)
        if focus.unit_id in r.unit_path
        and (ctx.sees_whole_company or manages_path(ctx, r.unit_path))
        and r.final_rating is not None
    ]
    by_unit: dict[str, list[str]] = {}
    for r in visible:
        by_unit.setdefault(r.unit_id, []).append(r.final_rating or "")
    per_unit = [
        _distribution(u, units[u].name if u in units else "", ratings, cycle)
        for u, ratings in sorted(by_unit.items(), key=lambda kv: units[kv[0]].path if kv[0] in units else [])
    ]
    overall = _distribution(focus.unit_id, focus.name, [r.final_rating or "" for r in visible], cycle)
    return CalibrationView(cycle_id=cycle_id, stage=cycle.stage, overall=overall, units=per_unit)


def calibrate(ctx: RequestContext, cycle_id: str, body: CalibrationAdjust) -> PersonResult:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    result = store.find_result(ctx.tenant_id, cycle_id, body.person_id)
    if result is None:
        raise Invalid.field("person_id", "cycle.not_participant")
    if not may_lead(ctx, result.person_id, result.unit_path) or result.person_id == ctx.person_id:
        raise _out_of_scope()
    if cycle.stage is not Stage.CALIBRATION:
        raise Conflict.field("stage", "calibration.wrong_stage", stage=stage_name(cycle.stage))
    labels = [b.label for b in cycle.scale]
    if body.rating not in labels:
        raise Invalid.field("rating", "calibration.not_a_label", labels=labels)
    if result.rating is None:
        raise Conflict.field("person_id", "calibration.no_rating")
    before_rating = result.final_rating or result.rating
    change = Calibration(
        rating_before=before_rating,
        rating=body.rating,
        reason=body.reason,
        by_person_id=ctx.person_id,
        by_user_id=ctx.user_id,
        at=clock.iso_now(),
    )
    after = result.model_copy(update={"calibration": change, "final_rating": body.rating, "version": body.version})
    changes = Changes()
    store.add_result(changes, ctx.tenant_id, after, cycle.start.isoformat(), new=False, before=result)
    audit.record(
        changes,
        ctx,
        "calibrate",
        "review_result",
        f"{cycle_id}:{body.person_id}",
        {"final_rating": before_rating, "total": result.total},
        {"final_rating": body.rating, "reason": body.reason},
    )
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


# ---- history and export -------------------------------------------------------------------------


def my_history(ctx: RequestContext, query: PageQuery) -> History:
    if not ctx.person_id:
        raise Invalid.field("person_id", "history.not_linked")
    return _history(ctx, ctx.person_id, query, own=True)


def person_history(ctx: RequestContext, person_id: str, query: PageQuery) -> History:
    person = org_store.get_person(ctx.tenant_id, person_id)
    unit = org_store.find_unit(ctx.tenant_id, person.unit_id)
    if not may_see(ctx, person_id, unit.path if unit else []):
        raise _out_of_scope()
    return _history(ctx, person_id, query, own=person_id == ctx.person_id and not ctx.sees_whole_company)


def _history(ctx: RequestContext, person_id: str, query: PageQuery, *, own: bool) -> History:
    """A page of results across cycles (one GSI1 Query + the tenant's cycles). Own history: published cycles only."""
    cycles_by_id = {c.cycle_id: c for c in store.list_cycles(ctx.tenant_id)}

    def shown(result: PersonResult) -> bool:
        cycle = cycles_by_id.get(result.cycle_id)
        return cycle is not None and not (own and cycle.stage not in PUBLISHED)

    page = store.person_history_page(
        ctx.tenant_id, person_id, page_request(ctx.tenant_id, f"reviews.history:{person_id}", query), keep=shown
    )
    items = []
    for result in page.items:
        cycle = cycles_by_id[result.cycle_id]
        items.append(
            HistoryEntry(
                cycle_id=cycle.cycle_id,
                cycle_name=cycle.name,
                period=cycle.period,
                stage=cycle.stage,
                total=result.total,
                final_rating=result.final_rating,
                indicators=result.indicators,
            )
        )
    return History(person_id=person_id, items=items, next_cursor=page.next_cursor)


EXPORT_COLUMNS = (
    "工号 employee_no",
    "姓名 name",
    "部门 unit",
    "指标 indicator",
    "权重 weight",
    "实际值 value",
    "得分 score",
    "总分 total",
    "评级 rating",
    "校准后评级 final_rating",
    "校准理由 calibration_reason",
)


def export(ctx: RequestContext, cycle_id: str, query: ExportQuery) -> ResultsExportFile:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    people = {p.person_id: p for p in org_store.list_people(ctx.tenant_id)}
    units = {u.unit_id: u.name for u in org_store.list_units(ctx.tenant_id)}
    rows: list[list[object]] = []
    for r in sorted(store.results(ctx.tenant_id, cycle_id), key=lambda r: (units.get(r.unit_id, ""), r.name)):
        person: Person | None = people.get(r.person_id)
        for indicator in r.indicators or [None]:  # type: ignore[list-item]
            rows.append(
                [
                    person.employee_no if person else "",
                    r.name,
                    units.get(r.unit_id, ""),
                    indicator.name if indicator else "",
                    indicator.weight if indicator else "",
                    indicator.value if indicator else "",
                    indicator.score if indicator else "",
                    r.total,
                    r.rating or "",
                    r.final_rating or "",
                    r.calibration.reason if r.calibration else "",
                ]
            )
    if len(rows) > MAX_EXPORT_ROWS:
        raise TooLarge.field("cycle_id", "export.too_many_rows", limit=MAX_EXPORT_ROWS)
    content, content_type, suffix = _export_content(cycle.period, rows, query.format)
    if len(content) > MAX_EXPORT_BYTES:
        raise TooLarge.field("cycle_id", "export.too_big", megabytes=MAX_EXPORT_BYTES // (1024 * 1024))
    return ResultsExportFile(
        filename=f"results-{cycle.period}-{cycle.cycle_id}.{suffix}",
        content_type=content_type,
        content_base64=base64.b64encode(content).decode(),
    )


def _export_content(sheet_title: str, rows: list[list[object]], fmt: str) -> tuple[bytes, str, str]:
    """The file's bytes, content type and suffix."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows([[_csv_safe(v) for v in row] for row in rows])
        return buffer.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", "csv"  # BOM: Excel reads UTF-8
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append([_csv_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"


def _csv_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading quote (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# ---- forecast -----------------------------------------------------------------------------------


def unit_forecast(ctx: RequestContext, unit_id: str, query: ForecastQuery) -> Forecast:
    unit, cycle = forecast_scope(ctx, unit_id, query.cycle_id)
    results, _, _, references = store.unit_slice_with_references(ctx.tenant_id, cycle.cycle_id, unit.path)
    return forecast_of(ctx, unit, cycle, results, references)


def forecast_scope(ctx: RequestContext, unit_id: str, cycle_id: str | None) -> tuple[Unit, Cycle]:
    """The unit (404 if unknown, 403 unless the caller heads it or sees the company) and the cycle: the named
    one, else the latest running one (400 naming ``cycle_id`` when there is none)."""
    unit = org_store.get_unit(ctx.tenant_id, unit_id)
    if not (ctx.sees_whole_company or manages_path(ctx, unit.path)):
        raise Forbidden.field("unit_id", "unit.out_of_scope")
    return unit, _forecast_cycle(ctx, ForecastQuery(cycle_id=cycle_id))


def forecast_of(
    ctx: RequestContext,
    unit: Unit,
    cycle: Cycle,
    results: list[PersonResult],
    stored_references: dict[str, list[dict[str, Any]]] | None = None,
) -> Forecast:
    """Each indicator of the unit's people in ``results`` (the cycle's) projected to the period end.
    ``stored_references``: the participants' previous-period values fixed at lock (from their unit slice);
    when a participant lacks them (a cycle locked before 2026-12-07) the previous period is read whole."""
    unit_id = unit.unit_id
    period = periods.parse(cycle.period)
    previous = period.previous()
    mine = [r for r in results if unit.unit_id in r.unit_path]
    if stored_references is not None and all(r.person_id in stored_references for r in mine):
        reference = _stored_reference(stored_references)
    else:
        reference = {key: values for key, values in _reference_values(ctx.tenant_id, previous.code).items()}
    items: list[IndicatorForecast] = []
    for result in results:
        if unit.unit_id not in result.unit_path:
            continue
        for indicator in result.indicators:
            ref = _reference_for(reference, result.person_id, indicator.name, indicator.measures)
            ref_period = previous.code if ref is not None else None
            if ref is None:  # no previous period: measure the drift since this period's first step
                first = scorecards.first_step_reference(indicator, period.length)
                if first is not None:
                    ref, ref_period = first[1], period.step_code(first[0])
            projected, assessment, drivers = scorecards.forecast(indicator, period.length, ref)
            names = {m.key: m.name for m in indicator.measures}
            items.append(
                IndicatorForecast(
                    person_id=result.person_id,
                    person_name=result.name,
                    indicator_id=indicator.indicator_id,
                    indicator_name=indicator.name,
                    target=indicator.target,
                    current=indicator.value,
                    projected=float(projected) if projected is not None else None,
                    projected_score=float(assessment.projected_score) if assessment else None,
                    at_risk=assessment.at_risk if assessment else False,
                    gap=float(assessment.gap) if assessment else None,
                    message=assessment.message
                    if assessment
                    else {"zh-CN": "尚无实际数据，无法预测", "en": "no actuals yet: nothing to project"},
                    reference_period=ref_period,
                    drivers=[
                        DriverOut(
                            measure=d.key,
                            name=names.get(d.key, ""),
                            reference=float(d.reference),
                            current=float(d.current),
                            change_pct=float(d.change_pct) if d.change_pct is not None else None,
                            effect=float(d.effect),
                        )
                        for d in drivers
                    ],
                )
            )
    items.sort(key=lambda i: (not i.at_risk, i.person_name, i.indicator_name))
    return Forecast(
        cycle_id=cycle.cycle_id,
        period=cycle.period,
        unit_id=unit_id,
        elapsed=period.elapsed(clock.today()),
        length=period.length,
        unit=period.unit,
        items=items,
        at_risk=sum(1 for i in items if i.at_risk),
    )


def _forecast_cycle(ctx: RequestContext, query: ForecastQuery) -> Cycle:
    if query.cycle_id:  # one GetItem, not a Query of every cycle of the tenant
        try:
            return store.get_cycle(ctx.tenant_id, query.cycle_id)
        except NotFound:
            raise Invalid.field("cycle_id", "cycle.not_found") from None
    running = sorted(
        (c for c in store.list_cycles(ctx.tenant_id) if c.stage in RUNNING),
        key=lambda c: (c.start, c.cycle_id),
        reverse=True,
    )
    if not running:
        raise Invalid.field("cycle_id", "cycle.none_running")
    return running[0]


def _reference_values(tenant_id: str, period: str) -> dict[tuple[str, str, str], list[float]]:
    """The previous period's values by (person, indicator *name*, measure): each period's set has its own
    indicator ids, so the same indicator is recognised by its name."""
    names = {
        i.indicator_id: i.name
        for indicators in store.published_indicators(tenant_id, period).values()
        for i in indicators
    }
    out: dict[tuple[str, str, str], list[float]] = {}
    for value, _ in store.actuals(tenant_id, period):
        name = names.get(value.indicator_id)
        if name:
            out.setdefault((value.person_id, name, value.measure), []).append(value.value)
    return out


def _references_by_person(tenant_id: str, period: str) -> dict[str, list[dict[str, Any]]]:
    """A period's values per person as reference entries, one per indicator: ``{indicator (name), measures:
    {key: {sum, count, last}}}`` (the size bounded by indicators × measures, not by the steps)."""
    out: dict[str, list[dict[str, Any]]] = {}
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for (person_id, name, measure), values in _reference_values(tenant_id, period).items():
        grouped.setdefault((person_id, name), {})[measure] = _summed(values)
    for (person_id, name), measures in grouped.items():
        out.setdefault(person_id, []).append({"indicator": name, "measures": measures})
    return out


def _stored_reference(
    stored: dict[str, list[dict[str, Any]]],
) -> dict[tuple[str, str, str], list[float] | dict[str, Any]]:
    """Stored reference entries by (person, indicator name, measure): ``_summed`` values, or the list of
    every step's value of an entry written before 2026-12-08 (``{indicator, measure, values}``)."""
    out: dict[tuple[str, str, str], list[float] | dict[str, Any]] = {}
    for person_id, entries in stored.items():
        for e in entries:
            if "measures" in e:
                for key, summed in (e["measures"] or {}).items():
                    out[(person_id, str(e["indicator"]), str(key))] = summed
            elif "measure" in e:
                out[(person_id, str(e["indicator"]), str(e["measure"]))] = list(e.get("values") or [])
    return out


def _summed(values: list[float]) -> dict[str, Any]:
    """A measure's values per step as what any aggregation needs — their sum (exact, as a decimal string),
    count and last value — so that a reference entry does not grow with the steps of the period. (Entries
    written before 2026-12-08 hold the list, ``values``; both are read.)"""
    return {"sum": str(sum((to_decimal(v) for v in values), Decimal(0))), "count": len(values), "last": values[-1]}


def _aggregated(summed: dict[str, Any], aggregation: str) -> Decimal | None:
    """The period value of a measure from ``_summed``, by the measure's aggregation (as ``measure_value``)."""
    count = int(summed.get("count") or 0)
    if not count:
        return None
    if aggregation == "last":
        return to_decimal(summed["last"])
    total = to_decimal(str(summed["sum"]))
    return total / count if aggregation == "average" else total


def _reference_for(
    reference: dict[tuple[str, str, str], list[float] | dict[str, Any]],
    person_id: str,
    indicator_name: str,
    measures: list[MeasureResult],
) -> dict[str, Decimal] | None:
    """The previous period's value of each measure (None unless every measure has one)."""
    out: dict[str, Decimal] = {}
    for m in measures:
        values = reference.get((person_id, indicator_name, m.key))
        if not values:
            return None
        if isinstance(values, dict):
            number = _aggregated(values, m.aggregation)
        else:
            points = {str(i): v for i, v in enumerate(values, 1)}
            number = scorecards.measure_value(m.model_copy(update={"points": points}))
        if number is None:
            return None
        out[m.key] = number
    return out
