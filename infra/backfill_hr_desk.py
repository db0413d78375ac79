"""Give existing tenants the HR desk's partition and names (2026-12-08), or repair them. Run once after deploying.

    AWS_PROFILE=... LUODI_TABLE=... python -m infra.backfill_hr_desk [--tenant TENANT_ID]

For every tenant (or one), as absolute values from the sources (chalicelib/dashboards/desk.py):
* each set HR has work on (in review, returned, open questions) gets its named desk entry; entries of sets
  HR no longer has work on are dropped;
* the desk's mail list is the latest mail problems of the mail log, named;
* every contract and probation end from today on gets its named desk copy; copies without a due date
  are dropped;
* open tasks without their assignee's name get it (a versioned write: an edit landing at the same
  moment makes the run report a conflict; run it again).
Delivery markers from before are not rewritten: they expire within 40 days, and the desk names them in one
BatchGetItem until then. Until it runs, the desk of an existing tenant shows no queue, questions, mail
problems or expiring contracts. Safe to repeat: a second run writes the same values.
"""

from __future__ import annotations

import argparse
from datetime import date

from chalicelib.collab import store as collab_store
from chalicelib.core.db import Changes, Item
from chalicelib.dashboards import desk
from chalicelib.employment import store as employment_store
from chalicelib.indicators import store as indicator_store
from chalicelib.org import store as org_store
from chalicelib.reminders import store as reminder_store
from chalicelib.reminders.service import china_today

_CHUNK = 25
_FAR = date(9999, 12, 31)


def rebuild_desk(tenant_id: str, today: date) -> int:
    """Rewrite the tenant's desk items and the names of its open tasks; returns the items written or dropped."""
    written = 0
    stored = {(i.SK): i for i in Item.query(desk.desk_pk(tenant_id)) if not isinstance(i, desk.DeskMailItem)}
    changes = Changes()

    def flush(force: bool = False) -> None:
        nonlocal changes
        if force or len(changes) >= _CHUNK:
            changes.commit()
            changes = Changes()

    # Sets HR has work on
    summaries = indicator_store.list_summaries(tenant_id, None)
    wanted = [s.set_id for s in summaries if s.state.value in ("in_review", "returned") or s.open_questions]
    kept = set()
    for indicator_set in indicator_store.get_sets(tenant_id, wanted):
        entry = indicator_store.desk_entry(tenant_id, indicator_set)
        if entry is not None:
            desk.stage_set(changes, tenant_id, indicator_set.set_id, entry)
            kept.add(desk.set_key(tenant_id, indicator_set.set_id)[1])
            written += 1
            flush()
    # Contract and probation ends from today on
    dues = employment_store.dues_from(tenant_id, today)
    names = {p.person_id: p.name for p in org_store.people_by_id(tenant_id, {d["person_id"] for d in dues}).values()}
    for due in dues:
        day = date.fromisoformat(due["date"])
        desk.stage_due(changes, tenant_id, day, {**due, "person_name": names.get(due["person_id"], "")})
        kept.add(desk.due_key(tenant_id, day, due["kind"], due["contract_id"])[1])
        written += 1
        flush()
    for sk, item in stored.items():
        if sk not in kept:
            changes.drop(item)
            written += 1
            flush()
    flush(force=True)
    # The latest mail problems
    events = reminder_store.mail_events(tenant_id, limit=desk.MAIL_KEPT)
    people = org_store.people_by_id(tenant_id, {str(e.get("person_id", "")) for e in events} - {""})
    desk.put_mail_problems(
        tenant_id,
        [
            {**{k: v for k, v in e.items() if k != "version"}, "person_name": people[pid].name if pid in people else ""}
            for e in events
            for pid in [str(e.get("person_id", ""))]
        ],
    )
    written += 1
    # Open tasks without their assignee's name
    unnamed = [t for t in collab_store.open_tasks_due_by(tenant_id, _FAR) if not t.assignee_name]
    assignees = org_store.people_by_id(tenant_id, {t.assignee_id for t in unnamed})
    for task in unnamed:
        if task.assignee_id in assignees:
            named = task.model_copy(update={"assignee_name": assignees[task.assignee_id].name})
            collab_store.add_task(changes, tenant_id, named, new=False)
            written += 1
            flush()
    flush(force=True)
    return written


def main() -> None:
    from chalicelib.tenancy.store import list_tenant_ids

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", help="only this tenant")
    args = parser.parse_args()
    for tenant_id in [args.tenant] if args.tenant else list_tenant_ids():
        print(f"{tenant_id}: {rebuild_desk(tenant_id, china_today())} HR desk items written")


if __name__ == "__main__":
    main()
