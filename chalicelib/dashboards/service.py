"""Dashboards: what the director and HR see, composed from the domains' own reads.

Round trips stay bounded whatever the company size. The director: the units with their headcounts, the
period's unit counters with its problem sets (indicators.rollup), and the trend partition (the last
cycles with their units' summaries): 3, each reading one small item per unit, never a person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from chalicelib.collab import service as collab
from chalicelib.core import clock
from chalicelib.core.context import RequestContext
from chalicelib.core.errors import Invalid
from chalicelib.dashboards import desk
from chalicelib.dashboards import store as dashboard_store
from chalicelib.dashboards.schemas import (
    MAIL_PROBLEMS_SHOWN,
    OVERDUE_SHOWN,
    REMINDER_DAYS,
    REMINDERS_SHOWN,
    ComplianceProblem,
    CycleProgress,
    DepartmentRollout,
    DirectorDashboard,
    HrDashboard,
    MailProblem,
    OverdueTask,
    QueueItem,
    RaisedQuestion,
    RankingRow,
    ReminderSent,
    StepValue,
    TeamProgress,
    TrendPoint,
    UnitCycle,
    UnitDashboard,
    UnitForecast,
    UnitIndicator,
)
from chalicelib.employment import service as employment
from chalicelib.indicators import service as indicators
from chalicelib.indicators.schemas import IndicatorSetSummary, RolloutQuery, SetState
from chalicelib.org import store as org_store
from chalicelib.reminders import store as reminder_store
from chalicelib.reminders.service import china_today
from chalicelib.reviews import periods, scorecards
from chalicelib.reviews import service as reviews
from chalicelib.reviews import store as review_store
from chalicelib.reviews import summaries as review_summaries
from chalicelib.reviews.cycles import Stage
from chalicelib.reviews.periods import Period
from chalicelib.reviews.schemas import Cycle, IndicatorForecast, IndicatorResult
from chalicelib.reviews.summaries import UnitSummary

TREND_CYCLES = 6
_DONE = ("approved", "confirmed")


def director(ctx: RequestContext, period: str) -> DirectorDashboard:
    """Rollout per department, late departments, compliance problems, cycle progress, ranking, trend.

    Three round trips whatever the company size (four while the period's cycle still sets goals and
    leaves people out: their stages are one BatchGetItem; once locked, its left-out counters come with
    the period's counters): the units with their headcounts and the period's unit counters with
    its sets that have a compliance problem (the rollout counters kept on write, whose units and problem
    sets the other sections reuse), and one Query of the trend
    partition, which holds the last cycles up to the period (each a small item carrying the cycle)
    with their units' summaries (counters kept by every result, review and acknowledgement write):
    no cycle's results or reviews are read."""
    window = review_store.trend_window(ctx.tenant_id, periods.parse(period).end.isoformat(), TREND_CYCLES)
    cycle, unit_sums = _period_cycle(ctx.tenant_id, period, window)
    # People the cycle leaves out (a department head, say) count neither in completion nor as late.
    excluded = frozenset(cycle.excluded_person_ids) if cycle else frozenset()
    rollout, all_units, problem_sets = indicators.rollout_with_sources(
        ctx, RolloutQuery(period=period), excluded, cycle.cycle_id if cycle else ""
    )
    top_depth = 1 if ctx.sees_whole_company else 0
    rows = [r for r in rollout.items if r.depth == top_depth] or rollout.items
    unit_names = {r.unit_id: r.name for r in rollout.items}
    scope = set(unit_names)
    summaries = [s for s in problem_sets if s.unit_id in scope]
    units = {u.unit_id: u for u in all_units}
    due = cycle.deadlines.get(Stage.GOAL_SETTING) if cycle else None
    late_day = due is not None and clock.today() > due
    dept_of = {r.unit_id: r.unit_id for r in rows}

    def department(unit_id: str, path: list[str]) -> str | None:
        path = units[unit_id].path if unit_id in units else path
        return next((u for u in path if u in dept_of), None)

    problems_per_dept: dict[str, int] = defaultdict(int)
    problems = []
    for s in summaries:
        if s.blocking_findings or s.open_questions or s.state == SetState.RETURNED:
            problems.append(_problem(s, unit_names))
            dept = department(s.unit_id, [])
            if dept:
                problems_per_dept[dept] += 1
    scores = _average_by(unit_sums.values(), department)
    departments = []
    for r in rows:
        done = r.counts.approved + r.counts.confirmed
        completion = done / r.people if r.people else 1.0
        in_cycle = cycle is not None and _overlaps(units, r.unit_id, cycle.unit_id)
        departments.append(
            DepartmentRollout(
                unit_id=r.unit_id,
                name=r.name,
                people=r.people,
                counts=r.counts,
                completion=round(completion, 4),
                late=late_day and in_cycle and completion < 1.0,
                due_date=due if in_cycle else None,
                compliance_problems=problems_per_dept[r.unit_id],
                score=scores.get(r.unit_id),
            )
        )
    ranking = sorted(
        (
            RankingRow(unit_id=d.unit_id, name=d.name, score=d.score, people=d.people)
            for d in departments
            if d.score is not None
        ),
        key=lambda row: -row.score,
    )
    return DirectorDashboard(
        period=period,
        totals=rollout.totals,
        people=rollout.people,
        departments=departments,
        compliance_problems=problems,
        cycle=_progress(ctx, cycle, unit_sums),
        ranking=ranking,
        trend=_trend(ctx, scope, window),
    )


Window = list[tuple[dict[str, Any], dict[str, UnitSummary]]]


def _overlaps(units: dict[str, Any], unit_id: str, scope_unit_id: str) -> bool:
    """Whether a department takes part in a cycle scoped to ``scope_unit_id``'s subtree: it lies inside
    that subtree, or the subtree lies inside it. A department outside the cycle is never late."""
    unit, scope = units.get(unit_id), units.get(scope_unit_id)
    return bool(unit and scope and (scope_unit_id in unit.path or unit_id in scope.path))


def _period_cycle(tenant_id: str, period: str, window: Window) -> tuple[Cycle | None, dict[str, UnitSummary]]:
    """The period's open cycle if any, else its most recent one, with its unit summaries, from the trend
    window. A trend item written before it carried its cycle (2026-12-07) or a locked cycle without
    summaries (before ``infra/backfill_cycle_summaries.py`` ran) is read the old way, from the source."""
    heads = [(head, sums) for head, sums in window if head.get("period") == period]
    if any("cycle" not in head for head, _ in heads):
        cycles = {c.cycle_id: c for c in review_store.cycles_of_period(tenant_id, period)}
    else:
        cycles = {h["cycle"]["cycle_id"]: Cycle.model_validate(h["cycle"]) for h, _ in heads}
    cycle = _current_cycle(list(cycles.values()))
    if cycle is None:
        return None, {}
    sums = next((s for h, s in heads if h.get("cycle_id") == cycle.cycle_id), {})
    if not sums and cycle.stage != Stage.GOAL_SETTING and cycle.headcount():
        reviews_read = review_store.reviews_of_cycle(tenant_id, cycle.cycle_id)
        sums = review_summaries.totals(review_store.results(tenant_id, cycle.cycle_id), *reviews_read)
    return cycle, sums


def hr(ctx: RequestContext, period: str | None) -> HrDashboard:
    """The review queue with findings, returned sets, employees' questions, overdue tasks, reminders sent,
    mail problems and expiring contracts. Without a period the queue spans every period: HR's work does not
    wait for one.

    Three round trips whatever the company size, each bounded by what it shows: the desk partition (the
    sets HR has work on, the latest mail problems, the contract and probation ends of the next 30 days —
    dashboards.desk), the due index's ``OVERDUE_SHOWN`` longest overdue tasks and the latest
    ``REMINDERS_SHOWN`` deliveries. Every item carries the names it shows, as of its write; an item written
    before names were kept (2026-12-08, until ``infra/backfill_hr_desk.py`` runs) costs one BatchGetItem."""
    today = china_today()
    found = desk.read(ctx.tenant_id, today, today + timedelta(days=employment.CONTRACT_WINDOW))
    sets = sorted((s for s in found.sets if period is None or s.get("period") == period), key=lambda s: s["set_id"])
    tasks = collab.overdue_tasks(ctx.tenant_id, limit=OVERDUE_SHOWN)
    sent = _reminders_sent(ctx.tenant_id)
    expiring = employment.expiring_rows(found.dues, today)
    unnamed_people = [t.assignee_id for t in tasks if not t.assignee_name] + [
        r.recipient_id for r in sent if not r.recipient_name and r.channel == "email"
    ]
    unnamed_units = [r.recipient_id for r in sent if not r.recipient_name and r.channel != "email"]
    names: dict[str, str] = {}
    if unnamed_people or unnamed_units:
        shown = dashboard_store.shown(ctx.tenant_id, unit_ids=unnamed_units, person_ids=unnamed_people)
        names = {p.person_id: p.name for p in shown.people.values()} | {u.unit_id: u.name for u in shown.units.values()}
    queue = [_queue_item(s) for s in sets if s.get("state") == SetState.IN_REVIEW.value]
    returned = [_queue_item(s) for s in sets if s.get("state") == SetState.RETURNED.value]
    questions = [
        RaisedQuestion(
            set_id=s["set_id"],
            unit_name=str(s.get("unit_name", "")),
            question_id=q["question_id"],
            person_id=q["person_id"],
            person_name=str(q.get("person_name", "")),
            indicator_id=q.get("indicator_id"),
            text=q["text"],
            at=q["at"],
        )
        for s in sets
        for q in s.get("questions", [])
    ]
    overdue = [
        OverdueTask(
            task_id=t.task_id,
            title=t.title,
            assignee_id=t.assignee_id,
            assignee_name=t.assignee_name or names.get(t.assignee_id, ""),
            due=t.deadline.isoformat(),
        )
        for t in tasks
    ]
    problems = [
        MailProblem(
            at=str(e.get("at", "")),
            person_id=str(e.get("person_id", "")),
            person_name=str(e.get("person_name", "")),
            kind=str(e.get("kind", "")),
            detail=str(e.get("detail", "")),
        )
        for e in found.mail[:MAIL_PROBLEMS_SHOWN]
    ]
    reminders = [
        r if r.recipient_name else r.model_copy(update={"recipient_name": names.get(r.recipient_id, "")}) for r in sent
    ]
    return HrDashboard(
        period=period,
        queue=sorted(queue, key=lambda q: q.updated_at),
        returned=returned,
        questions=sorted(questions, key=lambda q: q.at),
        overdue_tasks=overdue,
        reminders=reminders,
        mail_problems=problems,
        expiring=expiring,
    )


def unit(ctx: RequestContext, unit_id: str, cycle_id: str | None) -> UnitDashboard:
    """A head's unit in the running (or named) cycle: each person's indicators actual vs target with the
    trend per step, forecast, at-risk flag and the measures behind the gap, and the team's review progress.
    Scope and 404s are the forecast's own (a manager sees only units they head)."""
    try:
        found, cycle = reviews.forecast_scope(ctx, unit_id, cycle_id)
    except Invalid:
        if cycle_id:
            raise
        found = org_store.get_unit(ctx.tenant_id, unit_id)
        return UnitDashboard(unit_id=unit_id, unit_name=found.name, cycle=None, at_risk=0, indicators=[], team=None)
    period = periods.parse(cycle.period)
    # One Query of the unit's slice of the cycle (results, reviews, acknowledgements): its own people only.
    results, reviews_read, acks, references = review_store.unit_slice_with_references(
        ctx.tenant_id, cycle.cycle_id, found.path
    )
    forecast = reviews.forecast_of(ctx, found, cycle, results, references)
    measured = {(r.person_id, i.indicator_id): i for r in results for i in r.indicators}
    indicators = []
    for f in forecast.items:
        kpi = measured.get((f.person_id, f.indicator_id))
        if kpi is None:
            continue
        indicators.append(unit_indicator(f, kpi, period))
    counts = reviews.result_counts(ctx, cycle, results, (reviews_read, acks))
    team = TeamProgress(
        participants=counts.participants,
        self_reviews_submitted=counts.self_reviews_submitted,
        manager_reviews_submitted=counts.manager_reviews_submitted,
        acknowledged=counts.acknowledged,
    )
    return UnitDashboard(
        unit_id=unit_id,
        unit_name=found.name,
        cycle=UnitCycle(
            cycle_id=cycle.cycle_id,
            name=cycle.name,
            period=cycle.period,
            stage=cycle.stage.value,
            elapsed=forecast.elapsed,
            length=forecast.length,
            step_unit=forecast.unit,
        ),
        at_risk=forecast.at_risk,
        indicators=indicators,
        team=team,
    )


def unit_indicator(f: IndicatorForecast, kpi: IndicatorResult, period: Period) -> UnitIndicator:
    """One person × indicator card: the result beside target and band, its trend per step, its forecast
    (the unit page and the employee's own progress show the same card)."""
    return UnitIndicator(
        person_id=f.person_id,
        person_name=f.person_name,
        indicator_id=f.indicator_id,
        name=kpi.name,
        value_unit=kpi.unit,
        direction=kpi.direction,
        weight=kpi.weight,
        target=kpi.target,
        band_low=kpi.band_low,
        band_high=kpi.band_high,
        actual=kpi.value,
        score=kpi.score,
        attainment=kpi.attainment,
        trend=[
            StepValue(step=step, start=period.step_start(step), value=float(v) if v is not None else None)
            for step, v in scorecards.step_values(kpi)
            if 1 <= step <= period.length
        ],
        forecast=UnitForecast(
            projected=f.projected,
            projected_score=f.projected_score,
            at_risk=f.at_risk,
            gap=f.gap,
            message=f.message,
        ),
        drivers=f.drivers,
        reference_period=f.reference_period,
    )


def _reminders_sent(tenant_id: str) -> list[ReminderSent]:
    """The last few days' digests and chat messages (one Query on the markers' day index), newest
    first, named as of the delivery (empty: a marker from before names were kept)."""
    first_day = china_today() - timedelta(days=REMINDER_DAYS - 1)
    sent = []
    for day, target, marker in reminder_store.deliveries_since(tenant_id, first_day.isoformat(), limit=REMINDERS_SHOWN):
        kind, _, recipient = target.partition("#")
        sent.append(
            ReminderSent(
                day=date.fromisoformat(day),
                channel="email" if kind == "P" else "chat",
                recipient_id=recipient,
                recipient_name=str(marker.get("name", "")),
                status=str(marker.get("status", "")),
                attempts=int(marker.get("attempts", 1)),
                at=str(marker.get("at", "")),
                detail=str(marker.get("detail", "")),
            )
        )
    return sorted(sent, key=lambda r: r.at, reverse=True)


def _current_cycle(cycles: list[Cycle]) -> Cycle | None:
    """The period's open cycle if any, else its most recent one."""
    open_cycles = [c for c in cycles if c.stage != Stage.CLOSED]
    pool = open_cycles or cycles
    return max(pool, key=lambda c: (c.start, c.created_at)) if pool else None


def _progress(ctx: RequestContext, cycle: Cycle | None, unit_sums: dict[str, UnitSummary]) -> CycleProgress | None:
    if cycle is None:
        return None
    if cycle.stage == Stage.GOAL_SETTING:  # no results yet: who would take part is computed live
        detail = reviews.cycle_detail(ctx, cycle, [])
        counts, blockers = detail.counts, len(detail.blockers)
        return CycleProgress(
            cycle_id=cycle.cycle_id,
            name=cycle.name,
            stage=cycle.stage.value,
            participants=counts.participants,
            self_reviews_submitted=counts.self_reviews_submitted,
            manager_reviews_submitted=counts.manager_reviews_submitted,
            acknowledged=counts.acknowledged,
            blockers=blockers,
        )
    whole = UnitSummary("")
    for s in unit_sums.values():
        whole.add(s)
    return CycleProgress(
        cycle_id=cycle.cycle_id,
        name=cycle.name,
        stage=cycle.stage.value,
        participants=whole.participants,
        self_reviews_submitted=whole.self_reviews,
        manager_reviews_submitted=whole.manager_reviews,
        acknowledged=whole.acknowledged,
        blockers=review_summaries.pending(
            cycle.stage, whole, cycle.deadlines, cycle.self_review_required, clock.today()
        ),
    )


def _average_by(unit_sums: Iterable[UnitSummary], key: Callable[[str, list[str]], str | None]) -> dict[str, float]:
    scores: dict[str, float] = defaultdict(float)
    scored: dict[str, int] = defaultdict(int)
    for s in unit_sums:
        group = key(s.unit_id, s.path)
        if group and s.score_n:
            scores[group] += s.score_sum
            scored[group] += s.score_n
    return {k: round(scores[k] / n, 2) for k, n in scored.items()}


def _trend(ctx: RequestContext, scope: set[str], window: Window) -> list[TrendPoint]:
    """The last cycles' average score and attainment in ``scope``, from the trend window: a closed cycle's
    item holds its sums per unit, a locked one has its unit summaries, one still setting goals has none.
    (A running cycle locked before its summaries existed is averaged from its results until the backfill.)"""
    points = []
    for point, unit_sums in window:
        sums = point.get("units")
        if sums is None:
            if unit_sums:
                sums = {unit_id: s.sums() for unit_id, s in unit_sums.items()}
            elif point["stage"] != Stage.GOAL_SETTING.value:
                sums = reviews.trend_sums(review_store.results(ctx.tenant_id, point["cycle_id"]))
            else:
                sums = {}
        chosen = [v for unit_id, v in sums.items() if unit_id in scope or any(u in scope for u in v["path"])]
        scores, scored = sum(v["score_sum"] for v in chosen), sum(v["score_n"] for v in chosen)
        attained, measured = sum(v["attainment_sum"] for v in chosen), sum(v["attainment_n"] for v in chosen)
        points.append(
            TrendPoint(
                period=point["period"],
                cycle_name=point["name"],
                average_score=round(scores / scored, 2) if scored else None,
                average_attainment=round(attained / measured, 4) if measured else None,
            )
        )
    return points


def _problem(s: IndicatorSetSummary, unit_names: dict[str, str]) -> ComplianceProblem:
    return ComplianceProblem(
        unit_id=s.unit_id,
        unit_name=unit_names.get(s.unit_id, ""),
        set_id=s.set_id,
        title=s.title,
        state=s.state.value,
        blocking_findings=s.blocking_findings,
        open_questions=s.open_questions,
    )


def _queue_item(s: dict[str, Any]) -> QueueItem:
    return QueueItem(
        set_id=s["set_id"],
        unit_id=s["unit_id"],
        unit_name=str(s.get("unit_name", "")),
        title=str(s.get("title", "")),
        period=s["period"],
        state=s["state"],
        indicator_count=int(s.get("indicator_count", 0)),
        total_weight=float(s.get("total_weight", 0)),
        blocking_findings=int(s.get("blocking_findings", 0)),
        updated_at=str(s.get("updated_at", "")),
    )
