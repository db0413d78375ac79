"""补卡: a person asks for a missed punch to be added; their manager (or HR) decides, by the same
rules as leave (``check_decision``, ``approver_of``). Approval writes the punch (source
``correction``) in the decision's transaction, then the day is recomputed. At most
:data:`MONTHLY_CAP` open or approved corrections a person per month; nothing in a locked month."""

from __future__ import annotations

from datetime import datetime

from chalicelib.attendance import approvals, clock_store, daily, daily_store, store
from chalicelib.attendance.clock_schemas import Correction, CorrectionCreate, CorrectionList, Punch, PunchQuery
from chalicelib.attendance.punches import lock_months
from chalicelib.attendance.schemas import Decision, RequestStatus
from chalicelib.attendance.service import (
    approver_of,
    check_decision,
    decided,
    existing_person,
    new_request_id,
    visible_person,
)
from chalicelib.core import audit, clock
from chalicelib.core.context import HR_ADMIN, RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Forbidden, Invalid
from chalicelib.core.messages import text

MONTHLY_CAP = 3
LIVE = (RequestStatus.PENDING, RequestStatus.PENDING_HR, RequestStatus.APPROVED)


def file(ctx: RequestContext, body: CorrectionCreate) -> Correction:
    if not ctx.person_id:
        raise Forbidden("attendance.no_person")
    person = existing_person(ctx, ctx.person_id)
    correction_id = new_request_id(ctx, person.person_id, body.idempotency_key)
    if body.idempotency_key and (earlier := clock_store.find_correction(ctx.tenant_id, correction_id)):
        return earlier
    try:
        at = datetime.fromisoformat(body.at)
    except ValueError:
        raise Invalid.field("at", "attendance.bad_moment", value=body.at) from None
    if at > daily.local_now():
        raise Invalid.field("at", "attendance.correction_future")
    month = at.isoformat()[:7]
    if sum(c.status in LIVE for c in clock_store.person_corrections(ctx.tenant_id, person.person_id, month)) >= (
        MONTHLY_CAP
    ):
        raise Invalid.field("at", "attendance.correction_cap", cap=MONTHLY_CAP)
    approver = approver_of(person)
    record = Correction(
        correction_id=correction_id,
        person_id=person.person_id,
        at=at.isoformat(),
        month=month,
        reason=body.reason,
        status=RequestStatus.PENDING if approver else RequestStatus.PENDING_HR,
        approver_person_id=approver,
        created_at=clock.iso_now(),
    )
    changes = Changes()
    clock_store.save_correction(changes, ctx.tenant_id, record, queue=approver or store.HR_QUEUE)
    audit.record(changes, ctx, "create", "punch_correction", correction_id, None, record.model_dump(mode="json"))
    title = text("attendance.approval.correction", name=person.name, at=record.at.replace("T", " ")[:16])
    approvals.ask(changes, ctx, correction_id, approver, title, approvals.TEAM)
    daily_store.commit_unless_locked(changes, ctx.tenant_id, lock_months(at), "at")
    return record.model_copy(update={"version": 1})


def get(ctx: RequestContext, correction_id: str) -> Correction:
    record = clock_store.get_correction(ctx.tenant_id, correction_id)
    if record.approver_person_id != ctx.person_id:
        visible_person(ctx, record.person_id)
    return record


def decide(ctx: RequestContext, correction_id: str, body: Decision) -> Correction:
    before = clock_store.get_correction(ctx.tenant_id, correction_id)
    check_decision(ctx, before, body, "correction_id")
    status = RequestStatus.APPROVED if body.approve else RequestStatus.REJECTED
    after = decided(ctx, before, body, status)
    changes = Changes()
    if status == RequestStatus.APPROVED:
        changes.put(
            clock_store.punch_item(
                ctx.tenant_id,
                Punch(person_id=before.person_id, at=before.at, source="correction", reason=before.reason),
            )
        )
    clock_store.save_correction(changes, ctx.tenant_id, after, queue=None)
    approvals.resolve(changes, ctx.tenant_id, correction_id)
    told = text(f"attendance.decided.correction.{status.value}", at=before.at.replace("T", " ")[:16])
    approvals.tell(changes, ctx, before.person_id, told, approvals.MY_MONTH)
    audit.record(
        changes,
        ctx,
        "update",
        "punch_correction",
        correction_id,
        before.model_dump(mode="json"),
        after.model_dump(mode="json"),
    )
    at = datetime.fromisoformat(before.at)
    daily_store.commit_unless_locked(changes, ctx.tenant_id, lock_months(at), "version")
    if status == RequestStatus.APPROVED:
        daily.recompute_person_dates(ctx.tenant_id, before.person_id, at.date(), at.date())
    return after.model_copy(update={"version": before.version + 1})


def person_list(ctx: RequestContext, person_id: str, query: PunchQuery) -> CorrectionList:
    visible_person(ctx, person_id)
    return CorrectionList(
        items=clock_store.person_corrections(ctx.tenant_id, person_id, daily.month_or_this(query.month))
    )


def queue(ctx: RequestContext) -> CorrectionList:
    approver = store.HR_QUEUE if ctx.has_any(HR_ADMIN) else ctx.person_id
    return CorrectionList(items=clock_store.correction_queue(ctx.tenant_id, approver))
