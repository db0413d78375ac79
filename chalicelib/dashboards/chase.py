"""One-tap chase (催办): remind the people of a unit whose indicators for a period are still behind.

Each person behind gets an inbox item (pending, so it is also a line of their next daily digest email,
which the reminders domain sends) at most once per China day: the day's marker is created in the same
transaction as the inbox item and the audit record. People already chased today are reported, not
reminded again.
"""

from __future__ import annotations

from chalicelib.collab.notify import notify
from chalicelib.core import audit, links
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.dashboards import chase_store
from chalicelib.dashboards.schemas import ChaseBody, ChasedPerson, ChaseResult
from chalicelib.indicators import store as indicator_store
from chalicelib.indicators.service import person_status
from chalicelib.org import store as org_store
from chalicelib.org.schemas import PersonStatus
from chalicelib.org.service import require_managed_unit
from chalicelib.reminders.service import china_today

DONE = frozenset({"approved", "confirmed"})
# Per person: the day's marker and the inbox item; plus one audit record per transaction.
PEOPLE_PER_TRANSACTION = 45


def behind(ctx: RequestContext, unit_id: str, period: str) -> list[ChasedPerson]:
    """People in the unit's subtree (not left) whose indicators for ``period`` are not approved or confirmed.
    404 for an unknown unit, 403 unless the caller sees the company or heads the unit."""
    unit = require_managed_unit(ctx, unit_id)
    units, _, people = org_store.whole_tree(ctx.tenant_id)
    in_subtree = {u.unit_id for u in units if unit.unit_id in u.path}
    summaries, entries = indicator_store.rollout_partition(ctx.tenant_id, period)
    status = person_status(summaries, entries)
    out = []
    for p in people:
        if p.status == PersonStatus.LEFT or p.unit_id not in in_subtree or p.person_id == ctx.person_id:
            continue
        stage = status.get(p.person_id, ("not_started", False))[0]
        if stage not in DONE:
            out.append(ChasedPerson(person_id=p.person_id, name=p.name, stage=stage))
    return sorted(out, key=lambda c: (c.name, c.person_id))


def chase(ctx: RequestContext, unit_id: str, body: ChaseBody) -> ChaseResult:
    """Remind everyone behind in the unit once today; audited with who was reminded."""
    late = behind(ctx, unit_id, body.period)
    day = china_today()
    done_today = chase_store.chased_on(ctx.tenant_id, day.isoformat())
    fresh = [p for p in late if p.person_id not in done_today]
    title = {
        "zh-CN": f"催办：请尽快完成 {body.period} 的绩效指标",
        "en": f"Reminder: please complete your {body.period} indicators",
    }
    for start in range(0, len(fresh), PEOPLE_PER_TRANSACTION):
        chunk = fresh[start : start + PEOPLE_PER_TRANSACTION]
        changes = Changes()
        for p in chunk:
            chase_store.add_marker(changes, ctx.tenant_id, day.isoformat(), p.person_id, unit_id, ctx.person_id)
        notify(ctx, [p.person_id for p in chunk], "chase", title, links.my_indicators(), changes=changes, pending=True)
        audit.record(
            changes,
            ctx,
            "chase",
            "unit",
            unit_id,
            None,
            {"period": body.period, "day": day.isoformat(), "person_ids": [p.person_id for p in chunk]},
        )
        changes.commit()
    return ChaseResult(
        unit_id=unit_id,
        period=body.period,
        day=day,
        chased=fresh,
        already_chased=[p for p in late if p.person_id in done_today],
    )
