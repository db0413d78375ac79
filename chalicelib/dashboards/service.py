"""Dashboards: what the director and HR see, composed from the domains' own reads.

Round trips stay bounded whatever the company size: the org tree (1), the period's rollout
partition (1), its set summaries (1), the period's cycles (1), and one results query per cycle
shown in the trend (at most ``TREND_CYCLES``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from statistics import mean

from chalicelib.collab import service as collab
from chalicelib.core import clock
from chalicelib.core.context import RequestContext
from chalicelib.core.errors import Invalid
from chalicelib.dashboards.schemas import (
    REMINDER_DAYS,
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
from chalicelib.indicators import store as indicator_store
from chalicelib.indicators.schemas import IndicatorSetSummary, RolloutQuery, SetState
from chalicelib.org import store as org_store
from chalicelib.reminders import store as reminder_store
from chalicelib.reminders.service import china_today
from chalicelib.reviews import periods, scorecards
from chalicelib.reviews import service as reviews
from chalicelib.reviews import store as review_store
from chalicelib.reviews.cycles import Stage
from chalicelib.reviews.schemas import Cycle, PersonResult

TREND_CYCLES = 6
_DONE = ("approved", "confirmed")


def director(ctx: RequestContext, period: str) -> DirectorDashboard:
    """Rollout per department, late departments, compliance problems, cycle progress, ranking, trend."""
    rollout, all_units, all_summaries = indicators.rollout_with_sources(ctx, RolloutQuery(period=period))
    top_depth = 1 if ctx.sees_whole_company else 0
    rows = [r for r in rollout.items if r.depth == top_depth] or rollout.items
    unit_names = {r.unit_id: r.name for r in rollout.items}
    scope = set(unit_names)
    summaries = [s for s in all_summaries if s.unit_id in scope]
    units = {u.unit_id: u for u in all_units}
    cycle = _current_cycle(review_store.cycles_of_period(ctx.tenant_id, period))
    due = cycle.deadlines.get(Stage.GOAL_SETTING) if cycle else None
    late_day = due is not None and clock.today() > due
    read = _ResultsReader(ctx.tenant_id)
    results = read(cycle.cycle_id) if cycle else []
    dept_of = {r.unit_id: r.unit_id for r in rows}

    def department(unit_id: str) -> str | None:
        path = units[unit_id].path if unit_id in units else []
        return next((u for u in path if u in dept_of), None)

    problems_per_dept: dict[str, int] = defaultdict(int)
    problems = []
    for s in summaries:
        if s.blocking_findings or s.open_questions or s.state == SetState.RETURNED:
            problems.append(_problem(s, unit_names))
            dept = department(s.unit_id)
            if dept:
                problems_per_dept[dept] += 1
    scores = _average_by(results, department)
    departments = []
    for r in rows:
        done = r.counts.approved + r.counts.confirmed
        completion = done / r.people if r.people else 1.0
        departments.append(DepartmentRollout(
            unit_id=r.unit_id, name=r.name, people=r.people, counts=r.counts, completion=round(completion, 4),
            late=late_day and completion < 1.0, due_date=due, compliance_problems=problems_per_dept[r.unit_id],
            score=scores.get(r.unit_id)))
    ranking = sorted((RankingRow(unit_id=d.unit_id, name=d.name, score=d.score, people=d.people)
                      for d in departments if d.score is not None), key=lambda row: -row.score)
    return DirectorDashboard(
        period=period, totals=rollout.totals, people=rollout.people, departments=departments,
        compliance_problems=problems, cycle=_progress(ctx, cycle, results), ranking=ranking,
        trend=_trend(ctx, scope, read))


class _ResultsReader:
    """A cycle's results, read from the table once per request however many sections use them."""

    def __init__(self, tenant_id: str) -> None:
        self.tenant_id = tenant_id
        self.cache: dict[str, list[PersonResult]] = {}

    def __call__(self, cycle_id: str) -> list[PersonResult]:
        if cycle_id not in self.cache:
            self.cache[cycle_id] = review_store.results(self.tenant_id, cycle_id)
        return self.cache[cycle_id]


def hr(ctx: RequestContext, period: str | None) -> HrDashboard:
    """The review queue with findings, returned sets, employees' questions, overdue tasks, reminders sent
    and mail problems. Without a period the queue spans every period: HR's work does not wait for one.
    Names are read for the people shown only (one BatchGet), not for the whole company."""
    summaries = indicator_store.list_summaries(ctx.tenant_id, period)
    units = {u.unit_id: u.name for u in org_store.list_units(ctx.tenant_id)}
    queue = [_queue_item(s, units) for s in summaries if s.state == SetState.IN_REVIEW]
    returned = [_queue_item(s, units) for s in summaries if s.state == SetState.RETURNED]
    asked = [s.set_id for s in summaries if s.open_questions]
    open_questions = [(indicator_set, q) for indicator_set in indicator_store.get_sets(ctx.tenant_id, asked)
                      for q in indicator_set.questions if q.answer is None]
    tasks = collab.overdue_tasks(ctx.tenant_id)
    events = reminder_store.mail_events(ctx.tenant_id, limit=20)
    sent = _reminders_sent(ctx.tenant_id)
    due = employment.expiring(ctx.tenant_id, china_today())
    named = [q.person_id for _, q in open_questions] + [t.assignee_id for t in tasks] + [
        str(e.get("person_id", "")) for e in events] + [r.recipient_id for r in sent if r.channel == "email"] + [
        d.person_id for d in due]
    found = org_store.people_by_id(ctx.tenant_id, [i for i in named if i])
    people = {p.person_id: p.name for p in found.values()}
    questions = [RaisedQuestion(
        set_id=indicator_set.set_id, unit_name=units.get(indicator_set.unit_id, ""), question_id=q.question_id,
        person_id=q.person_id, person_name=people.get(q.person_id, ""), indicator_id=q.indicator_id, text=q.text,
        at=q.at) for indicator_set, q in open_questions]
    overdue = [OverdueTask(task_id=t.task_id, title=t.title, assignee_id=t.assignee_id,
                           assignee_name=people.get(t.assignee_id, ""), due=t.deadline.isoformat())
               for t in tasks]
    problems = [MailProblem(at=str(e.get("at", "")), person_id=str(e.get("person_id", "")),
                            person_name=people.get(str(e.get("person_id", "")), ""), kind=str(e.get("kind", "")),
                            detail=str(e.get("detail", "")))
                for e in events]
    reminders = [r.model_copy(update={"recipient_name": (people if r.channel == "email" else units).get(
        r.recipient_id, "")}) for r in sent]
    return HrDashboard(period=period, queue=sorted(queue, key=lambda q: q.updated_at), returned=returned,
                       questions=sorted(questions, key=lambda q: q.at), overdue_tasks=overdue,
                       reminders=reminders, mail_problems=problems,
                       expiring=employment.named(ctx.tenant_id, due, found))


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
    results, reviews_read, acks = review_store.unit_slice(ctx.tenant_id, cycle.cycle_id, found.path)
    forecast = reviews.forecast_of(ctx, found, cycle, results)
    measured = {(r.person_id, i.indicator_id): i for r in results for i in r.indicators}
    indicators = []
    for f in forecast.items:
        kpi = measured.get((f.person_id, f.indicator_id))
        if kpi is None:
            continue
        indicators.append(UnitIndicator(
            person_id=f.person_id, person_name=f.person_name, indicator_id=f.indicator_id, name=kpi.name,
            value_unit=kpi.unit, direction=kpi.direction, weight=kpi.weight, target=kpi.target,
            band_low=kpi.band_low, band_high=kpi.band_high, actual=kpi.value, score=kpi.score,
            attainment=kpi.attainment,
            trend=[StepValue(step=step, start=period.step_start(step), value=float(v) if v is not None else None)
                   for step, v in scorecards.step_values(kpi) if 1 <= step <= period.length],
            forecast=UnitForecast(projected=f.projected, projected_score=f.projected_score, at_risk=f.at_risk,
                                  gap=f.gap, message=f.message),
            drivers=f.drivers, reference_period=f.reference_period))
    counts = reviews.result_counts(ctx, cycle, results, (reviews_read, acks))
    team = TeamProgress(participants=counts.participants, self_reviews_submitted=counts.self_reviews_submitted,
                        manager_reviews_submitted=counts.manager_reviews_submitted, acknowledged=counts.acknowledged)
    return UnitDashboard(
        unit_id=unit_id, unit_name=found.name,
        cycle=UnitCycle(cycle_id=cycle.cycle_id, name=cycle.name, period=cycle.period, stage=cycle.stage.value,
                        elapsed=forecast.elapsed, length=forecast.length, step_unit=forecast.unit),
        at_risk=forecast.at_risk, indicators=indicators, team=team)


def _reminders_sent(tenant_id: str) -> list[ReminderSent]:
    """The last few days' digests and chat messages (one Query on the markers' day index), newest
    first; the caller fills in the recipients' names."""
    first_day = china_today() - timedelta(days=REMINDER_DAYS - 1)
    sent = []
    for day, target, marker in reminder_store.deliveries_since(tenant_id, first_day.isoformat()):
        kind, _, recipient = target.partition("#")
        sent.append(ReminderSent(
            day=date.fromisoformat(day), channel="email" if kind == "P" else "chat", recipient_id=recipient,
            recipient_name="", status=str(marker.get("status", "")), attempts=int(marker.get("attempts", 1)),
            at=str(marker.get("at", "")), detail=str(marker.get("detail", ""))))
    return sorted(sent, key=lambda r: r.at, reverse=True)


def _current_cycle(cycles: list[Cycle]) -> Cycle | None:
    """The period's open cycle if any, else its most recent one."""
    open_cycles = [c for c in cycles if c.stage != Stage.CLOSED]
    pool = open_cycles or cycles
    return max(pool, key=lambda c: (c.start, c.created_at)) if pool else None


def _progress(ctx: RequestContext, cycle: Cycle | None, results: list[PersonResult]) -> CycleProgress | None:
    if cycle is None:
        return None
    detail = reviews.cycle_detail(ctx, cycle, results)
    return CycleProgress(
        cycle_id=cycle.cycle_id, name=cycle.name, stage=cycle.stage.value, participants=detail.counts.participants,
        self_reviews_submitted=detail.counts.self_reviews_submitted,
        manager_reviews_submitted=detail.counts.manager_reviews_submitted,
        acknowledged=detail.counts.acknowledged, blockers=len(detail.blockers))


def _average_by(results: list[PersonResult], key) -> dict[str, float]:  # type: ignore[no-untyped-def]
    buckets: dict[str, list[float]] = defaultdict(list)
    for r in results:
        group = key(r.unit_id)
        if group and r.total is not None:
            buckets[group].append(r.total)
    return {k: round(mean(v), 2) for k, v in buckets.items()}


def _trend(ctx: RequestContext, scope: set[str], read: _ResultsReader) -> list[TrendPoint]:
    """The last cycles' average score and attainment in ``scope``: one Query of their trend items.
    A closed cycle's item holds its sums per unit; a running one's results are read (the current
    cycle's are already at hand), a cycle still setting goals has none yet."""
    points = []
    for point in review_store.recent_trend(ctx.tenant_id, TREND_CYCLES):
        sums = point.get("units")
        if sums is None:
            running = point["stage"] != Stage.GOAL_SETTING.value
            sums = reviews.trend_sums(read(point["cycle_id"])) if running else {}
        chosen = [v for unit_id, v in sums.items() if unit_id in scope or any(u in scope for u in v["path"])]
        scores, scored = sum(v["score_sum"] for v in chosen), sum(v["score_n"] for v in chosen)
        attained, measured = sum(v["attainment_sum"] for v in chosen), sum(v["attainment_n"] for v in chosen)
        points.append(TrendPoint(period=point["period"], cycle_name=point["name"],
                                 average_score=round(scores / scored, 2) if scored else None,
                                 average_attainment=round(attained / measured, 4) if measured else None))
    return points


def _problem(s: IndicatorSetSummary, unit_names: dict[str, str]) -> ComplianceProblem:
    return ComplianceProblem(unit_id=s.unit_id, unit_name=unit_names.get(s.unit_id, ""), set_id=s.set_id,
                             title=s.title, state=s.state.value, blocking_findings=s.blocking_findings,
                             open_questions=s.open_questions)


def _queue_item(s: IndicatorSetSummary, unit_names: dict[str, str]) -> QueueItem:
    return QueueItem(set_id=s.set_id, unit_id=s.unit_id, unit_name=unit_names.get(s.unit_id, ""), title=s.title,
                     period=s.period, state=s.state.value, indicator_count=s.indicator_count,
                     total_weight=s.total_weight, blocking_findings=s.blocking_findings, updated_at=s.updated_at)



