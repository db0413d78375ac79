"""Handing a departing person's open tasks over to someone who stays (离职交接).

At a departure the open tasks (open, in progress) move to the person HR names on the event, else to
the person's line manager, else to the head of their unit — in the departure's own transaction, with
one audit record naming every task, old and new assignee. Tasks beyond what one transaction holds, or
all of them when nobody can take them (no manager, the target left meanwhile), stay listed on the
event (``open_task_ids``) and HR hands them over with ``POST …/handover`` (the same staging, in
transactions of 99 tasks). The new assignee gets one inbox entry for the lot.
"""

from __future__ import annotations

from chalicelib.collab import store as collab_store
from chalicelib.collab.schemas import Task, TaskStatus
from chalicelib.core import audit, clock, links
from chalicelib.core.context import RequestContext
from chalicelib.core.db import MAX_TRANSACTION_ITEMS, Changes
from chalicelib.core.errors import Invalid
from chalicelib.core.observability import logger
from chalicelib.employment.schemas import Handover, HandoverResult
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, PersonStatus

OPEN = frozenset({TaskStatus.OPEN, TaskStatus.IN_PROGRESS})


def open_tasks(tenant_id: str, person_id: str) -> list[Task]:
    """The person's open tasks, by deadline (one Query of their assignee index)."""
    return [t for t in collab_store.tasks_assigned_to(tenant_id, person_id) if t.status in OPEN]


def check_target(ctx: RequestContext, leaver_id: str, target_id: str, field: str) -> Person:
    """The person who takes the tasks over: in this company, not the leaver, not left (400 naming ``field``)."""
    target = org_store.find_person(ctx.tenant_id, target_id)
    if target is None:
        raise Invalid.field(field, "person.not_found")
    if target.person_id == leaver_id:
        raise Invalid.field(field, "employment.handover_to_self")
    if target.status == PersonStatus.LEFT:
        raise Invalid.field(field, "person.left")
    return target


def default_target(ctx: RequestContext, leaver: Person, chosen: str | None) -> Person | None:
    """Who takes the tasks at the departure: HR's choice, the line manager, or the unit's head; ``None`` when
    nobody active is there (the tasks then stay listed)."""
    candidates: list[str | None] = [chosen] if chosen else [leaver.manager_id]
    if not chosen:
        unit = org_store.find_unit(ctx.tenant_id, leaver.unit_id)
        candidates.append(unit.head_person_id if unit else None)
    for candidate in candidates:
        if not candidate or candidate == leaver.person_id:
            continue
        person = org_store.find_person(ctx.tenant_id, candidate)
        if person is not None and person.status != PersonStatus.LEFT:
            return person
    return None


def stage(
    changes: Changes, ctx: RequestContext, leaver_id: str, tasks: list[Task], target: Person, reserve: int = 0
) -> list[str]:
    """Stage as many of ``tasks`` as the transaction still holds (keeping ``reserve`` items for the caller's
    own writes still to come), reassigned to ``target``, and one audit record for them; returns the ids
    staged (each write keeps the task's version condition)."""
    room = MAX_TRANSACTION_ITEMS - len(changes) - reserve - 1
    moved = tasks[: max(room, 0)]
    if not moved:
        return []
    at = clock.iso_now()
    for task in moved:
        collab_store.add_task(
            changes,
            ctx.tenant_id,
            task.model_copy(update={"assignee_id": target.person_id, "assignee_name": target.name, "updated_at": at}),
            new=False,
        )
    ids = [t.task_id for t in moved]
    audit.record(
        changes,
        ctx,
        "handover",
        "person",
        leaver_id,
        {"assignee_id": leaver_id, "task_ids": ids},
        {"assignee_id": target.person_id, "task_ids": ids},
    )
    return ids


def tell(ctx: RequestContext, target: Person, leaver: Person, task_ids: list[str]) -> None:
    """One inbox entry for the new assignee; never fails the handover."""
    from chalicelib.collab.notify import notify

    if not task_ids:
        return
    try:
        title = {
            "zh-CN": f"{leaver.name} 离职，{len(task_ids)} 项任务已转交给你",
            "en": f"{leaver.name} has left: {len(task_ids)} task(s) handed over to you",
        }
        link = links.task(task_ids[0]) if len(task_ids) == 1 else links.tasks()
        notify(ctx, [target.person_id], "task_assigned", title, link)
    except Exception:  # noqa: BLE001 - the tasks are handed over; a missed inbox entry must not undo it
        logger.exception("handover notification failed")


def hand_over(ctx: RequestContext, person_id: str, body: Handover) -> HandoverResult:
    """HR hands the person's open tasks (all of them, whatever is left) to ``body.to``."""
    leaver = org_store.get_person(ctx.tenant_id, person_id)
    target = check_target(ctx, person_id, body.to, "to")
    tasks = open_tasks(ctx.tenant_id, person_id)
    done: list[str] = []
    while len(done) < len(tasks):
        changes = Changes()
        staged = stage(changes, ctx, person_id, tasks[len(done) :], target)
        changes.commit()
        done += staged
    tell(ctx, target, leaver, done)
    return HandoverResult(to=target.person_id, task_ids=done)
