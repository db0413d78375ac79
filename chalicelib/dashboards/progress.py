"""The employee's own live progress (我的指标): what the head of the unit sees for them, read for one person.

Why not the review history: ``/reviews/me/history`` shows only cycles whose results are published, so
while a cycle runs an employee saw "no actuals yet" although her head saw 7.92 % against 10 %. This
reads the running cycle's result of the caller alone (one GetItem per running cycle, newest first, then
one Query of its per-step points), with its trend and forecast, and her questions with their answers.
"""

from __future__ import annotations

from chalicelib.core.context import RequestContext
from chalicelib.dashboards.schemas import MyProgress, MyQuestion, UnitCycle
from chalicelib.dashboards.service import unit_indicator
from chalicelib.indicators import store as indicator_store
from chalicelib.org import store as org_store
from chalicelib.reviews import periods
from chalicelib.reviews import service as reviews
from chalicelib.reviews import store as review_store


def mine(ctx: RequestContext) -> MyProgress:
    """My indicators in the newest running cycle I take part in, and my questions with their answers.
    A login without a person record has nothing to show (an empty progress, not an error)."""
    if not ctx.person_id:
        return MyProgress(person_id="", cycle=None, indicators=[], questions=[])
    questions = my_questions(ctx)
    running = sorted(
        (c for c in review_store.list_cycles(ctx.tenant_id) if c.stage in reviews.RUNNING),
        key=lambda c: (c.start, c.cycle_id),
        reverse=True,
    )
    for cycle in running:
        result = review_store.find_result(ctx.tenant_id, cycle.cycle_id, ctx.person_id, points=True)
        if result is None:
            continue
        unit = org_store.find_unit(ctx.tenant_id, result.unit_id)
        if unit is None:
            continue
        forecast = reviews.forecast_of(ctx, unit, cycle, [result])
        period = periods.parse(cycle.period)
        measured = {i.indicator_id: i for i in result.indicators}
        items = []
        for f in forecast.items:
            kpi = measured.get(f.indicator_id)
            if kpi is None:
                continue
            items.append(unit_indicator(f, kpi, period))
        return MyProgress(
            person_id=ctx.person_id,
            cycle=UnitCycle(
                cycle_id=cycle.cycle_id,
                name=cycle.name,
                period=cycle.period,
                stage=cycle.stage.value,
                elapsed=forecast.elapsed,
                length=forecast.length,
                step_unit=forecast.unit,
            ),
            indicators=items,
            questions=questions,
        )
    return MyProgress(person_id=ctx.person_id, cycle=None, indicators=[], questions=questions)


def my_questions(ctx: RequestContext) -> list[MyQuestion]:
    """My questions with their answers: my file entries (one Query), then the sets I asked about (one
    BatchGet). Other people's questions on a shared set are never returned."""
    asked = [e.set_id for e in indicator_store.file_entries(ctx.tenant_id, ctx.person_id) if e.question_ids]
    out = [
        MyQuestion(
            set_id=s.set_id,
            question_id=q.question_id,
            indicator_id=q.indicator_id,
            text=q.text,
            at=q.at,
            answer=q.answer,
            answered_at=q.answered_at,
        )
        for s in indicator_store.get_sets(ctx.tenant_id, asked)
        for q in s.questions
        if q.person_id == ctx.person_id
    ]
    return sorted(out, key=lambda q: q.at, reverse=True)
