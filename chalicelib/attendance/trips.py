"""Business trips (出差): a person asks, their manager (or HR) decides by the leave rules.

The decision is :func:`chalicelib.attendance.service.check_decision` (open, at the version read, by
the approver or HR, never the traveller): two decisions at once → one wins, the other 409. An
approved trip makes its working days ``business_trip`` in the daily results (a day worked: no
absence, no lateness judged) — the approval recomputes them like a leave decision; cancelling an
approved trip recomputes them back. Every write checks in its transaction that the months it
touches are not locked. Nothing is counted against a balance (a trip is work, not leave).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from chalicelib.attendance import approvals, daily, daily_store, trip_store
from chalicelib.attendance.calendar import WORKING
from chalicelib.attendance.day_extras import share_of_day
from chalicelib.attendance.schemas import CancelInput, Decision, RequestQuery, RequestStatus
from chalicelib.attendance.service import (
    OPEN,
    approver_of,
    check_cancel,
    check_decision,
    decided,
    existing_person,
    new_request_id,
    tenant_calendar,
    visible_person,
)
from chalicelib.attendance.trip_schemas import AttendanceSettings, AttendanceSettingsInput, Trip, TripCreate, TripPage
from chalicelib.core import audit, clock
from chalicelib.core.context import HR_ADMIN, RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Forbidden, Invalid
from chalicelib.core.messages import text
from chalicelib.core.paging import page_request
from chalicelib.org.schemas import Person

MAX_DAYS = 92  # a longer absence is a posting (外派), not a trip request


def _days(ctx: RequestContext, person: Person, body: TripCreate) -> float:
    if body.end < body.start:
        raise Invalid.field("end", "leave.end_before_start")
    if (body.end - body.start).days >= MAX_DAYS:
        raise Invalid.field("end", "trip.too_long", days=MAX_DAYS)
    probe = Trip.model_construct(start=body.start, end=body.end, start_half=body.start_half, end_half=body.end_half)
    # the traveller's own working days (单休, 大小周), as leave counts them
    calendar = daily.person_calendar(ctx.tenant_id, person, tenant_calendar(ctx.tenant_id, body.start, body.end))
    working = [d for d, kind in calendar.days(body.start, body.end) if kind in WORKING]
    days = sum((share_of_day(probe, d) for d in working), Decimal(0))
    if days <= 0:
        raise Invalid.field("start", "trip.no_working_day")
    return float(days)


def _refuse_overlap(ctx: RequestContext, person_id: str, probe: Trip) -> None:
    """409 naming ``start`` when a waiting or approved trip of the person covers the same half days."""
    for other in trip_store.person_trips(ctx.tenant_id, person_id):
        if other.status not in (*OPEN, RequestStatus.APPROVED) or other.end < probe.start or other.start > probe.end:
            continue
        day = max(other.start, probe.start)
        while day <= min(other.end, probe.end):
            if share_of_day(other, day) + share_of_day(probe, day) > 1:
                raise Conflict.field("start", "trip.overlaps", start=other.start, end=other.end)
            day += timedelta(days=1)


def file(ctx: RequestContext, body: TripCreate) -> Trip:
    if not ctx.person_id:
        raise Forbidden("attendance.no_person")
    person = existing_person(ctx, ctx.person_id)
    trip_id = new_request_id(ctx, person.person_id, body.idempotency_key)
    if body.idempotency_key and (earlier := trip_store.find_trip(ctx.tenant_id, trip_id)):
        return earlier
    days = _days(ctx, person, body)
    approver = approver_of(person)
    trip = Trip(
        trip_id=trip_id,
        person_id=person.person_id,
        start=body.start,
        end=body.end,
        start_half=body.start_half,
        end_half=body.end_half,
        days=days,
        destination=body.destination.strip(),
        reason=body.reason,
        status=RequestStatus.PENDING if approver else RequestStatus.PENDING_HR,
        approver_person_id=approver,
        created_at=clock.iso_now(),
    )
    _refuse_overlap(ctx, person.person_id, trip)
    changes = Changes()
    trip_store.save_trip(changes, ctx.tenant_id, trip, queue=approver or trip_store.HR_QUEUE)
    audit.record(changes, ctx, "create", "business_trip", trip_id, None, trip.model_dump(mode="json"))
    approvals.ask(
        changes,
        ctx,
        trip_id,
        approver,
        text("attendance.approval.trip", name=person.name, start=trip.start, end=trip.end, place=trip.destination),
        approvals.TEAM,
    )
    daily_store.commit_unless_locked(changes, ctx.tenant_id, daily.months_between(trip.start, trip.end), "start")
    return trip.model_copy(update={"version": 1})


def get(ctx: RequestContext, trip_id: str) -> Trip:
    trip = trip_store.get_trip(ctx.tenant_id, trip_id)
    if trip.approver_person_id != ctx.person_id:
        visible_person(ctx, trip.person_id)
    return trip


def decide(ctx: RequestContext, trip_id: str, body: Decision) -> Trip:
    before = trip_store.get_trip(ctx.tenant_id, trip_id)
    check_decision(ctx, before, body, "trip_id")
    status = RequestStatus.APPROVED if body.approve else RequestStatus.REJECTED
    after = decided(ctx, before, body, status)
    changes = Changes()
    trip_store.save_trip(changes, ctx.tenant_id, after, queue=None)
    audit.record(
        changes, ctx, "update", "business_trip", trip_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    approvals.resolve(changes, ctx.tenant_id, trip_id)
    told = text(f"attendance.decided.trip.{status.value}", start=before.start, end=before.end, place=before.destination)
    approvals.tell(changes, ctx, before.person_id, told, approvals.MY_TRIPS)
    daily_store.commit_unless_locked(changes, ctx.tenant_id, daily.months_between(before.start, before.end), "version")
    if status == RequestStatus.APPROVED:
        daily.recompute_person_dates(ctx.tenant_id, before.person_id, before.start, before.end)
    return after.model_copy(update={"version": before.version + 1})


def cancel(ctx: RequestContext, trip_id: str, body: CancelInput) -> Trip:
    """The traveller (or HR) withdraws a trip; an approved one gives its days back to the shift's rules."""
    before = trip_store.get_trip(ctx.tenant_id, trip_id)
    check_cancel(ctx, before, body, "trip_id")
    after = before.model_copy(update={"status": RequestStatus.CANCELLED})
    changes = Changes()
    trip_store.save_trip(changes, ctx.tenant_id, after, queue=None)
    audit.record(
        changes, ctx, "update", "business_trip", trip_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    approvals.resolve(changes, ctx.tenant_id, trip_id)
    daily_store.commit_unless_locked(changes, ctx.tenant_id, daily.months_between(before.start, before.end), "version")
    if before.status == RequestStatus.APPROVED:
        daily.recompute_person_dates(ctx.tenant_id, before.person_id, before.start, before.end)
    return after.model_copy(update={"version": before.version + 1})


def person_page(ctx: RequestContext, person_id: str, query: RequestQuery) -> TripPage:
    visible_person(ctx, person_id)
    page = trip_store.person_trips_page(
        ctx.tenant_id, person_id, page_request(ctx.tenant_id, f"trips#{person_id}", query)
    )
    return TripPage(items=page.items, next_cursor=page.next_cursor)


def queue(ctx: RequestContext, query: RequestQuery) -> TripPage:
    approver = trip_store.HR_QUEUE if ctx.has_any(HR_ADMIN) else ctx.person_id
    page = trip_store.trip_queue_page(
        ctx.tenant_id, approver, page_request(ctx.tenant_id, f"tripqueue#{approver}", query)
    )
    return TripPage(items=page.items, next_cursor=page.next_cursor)


# ---- settings -------------------------------------------------------------------------------------


def settings(ctx: RequestContext) -> AttendanceSettings:
    return trip_store.find_settings(ctx.tenant_id)


def update_settings(ctx: RequestContext, body: AttendanceSettingsInput) -> AttendanceSettings:
    """PATCH: the fields sent replace the stored ones, at the version read (0 while never set)."""
    before = trip_store.find_settings(ctx.tenant_id)
    if before.version != body.version:
        raise Conflict.field("version", "record.stale")
    after = before.model_copy(update=body.changes())
    changes = Changes()
    trip_store.save_settings(changes, ctx.tenant_id, after)
    audit.record(changes, ctx, "update", "attendance_settings", "settings", before.model_dump(), after.model_dump())
    changes.commit()
    return after.model_copy(update={"version": before.version + 1})
