"""Storage of business trips (出差) and the attendance settings.

* a trip: GetItem ``T#<t>`` / ``TRIP#<id>``
* a person's trips, newest first by start: GSI1 ``T#<t>#TRIP#PERSON#<person>`` (SK ``<start>#<id>``)
* an approver's queue (sparse, only while a decision is due): GSI2 ``T#<t>#TRIP#APPROVER#<person|HR>``
* approved trips by the month they start (once approved, GSI2 moves there): GSI2
  ``T#<t>#TRIP#APPROVED#<YYYY-MM>`` — the trips of a month's recompute are a few Queries
* the attendance settings: GetItem ``T#<t>`` / ``ATTSETTINGS``
* the inbox entries asking for a request's decision: GetItem ``T#<t>`` / ``ATTASK#<request id>``
  (``[[person, notification id], ...]``), written with the request, dropped with its decision
"""

from __future__ import annotations

from chalicelib.attendance.schemas import RequestStatus
from chalicelib.attendance.store import HR_QUEUE as HR_QUEUE
from chalicelib.attendance.trip_schemas import AttendanceSettings, Trip
from chalicelib.core.db import Changes, Item, find, get, load, load_all, query, query_page, stored, tenant_key, try_load
from chalicelib.core.paging import Page, PageRequest


class TripItem(Item, discriminator="trip"):
    pass


class AttendanceSettingsItem(Item, discriminator="attsettings"):
    pass


class ApprovalAskItem(Item, discriminator="attask"):
    pass


def trip_key(tenant_id: str, trip_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"TRIP#{trip_id}"


def person_trips_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "TRIP", "PERSON", person_id)


def trip_queue_pk(tenant_id: str, approver: str) -> str:
    return tenant_key(tenant_id, "TRIP", "APPROVER", approver)


def approved_trips_pk(tenant_id: str, month: str) -> str:
    return tenant_key(tenant_id, "TRIP", "APPROVED", month)


def settings_key(tenant_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), "ATTSETTINGS"


def get_trip(tenant_id: str, trip_id: str) -> Trip:
    return load(Trip, get(TripItem, *trip_key(tenant_id, trip_id)))


def find_trip(tenant_id: str, trip_id: str) -> Trip | None:
    item = find(TripItem, *trip_key(tenant_id, trip_id))
    return load(Trip, item) if item else None


def save_trip(changes: Changes, tenant_id: str, trip: Trip, *, queue: str | None) -> None:
    """Write a trip at its version; ``queue`` puts it in an approver's queue (None: in nobody's; an
    approved trip goes to its start month's approved list)."""
    sort = f"{trip.start.isoformat()}#{trip.trip_id}"
    gsi2 = (
        (trip_queue_pk(tenant_id, queue), f"{trip.created_at}#{trip.trip_id}")
        if queue
        else (
            (approved_trips_pk(tenant_id, trip.start.isoformat()[:7]), sort)
            if trip.status == RequestStatus.APPROVED
            else (None, None)
        )
    )
    item = TripItem(
        *trip_key(tenant_id, trip.trip_id),
        data=stored(trip),
        GSI1PK=person_trips_pk(tenant_id, trip.person_id),
        GSI1SK=sort,
        GSI2PK=gsi2[0],
        GSI2SK=gsi2[1],
    )
    item.at_version(trip.version)
    (changes.save if trip.version else changes.create)(item)


def person_trips_page(tenant_id: str, person_id: str, page: PageRequest) -> Page[Trip]:
    return query_page(
        TripItem,
        person_trips_pk(tenant_id, person_id),
        index="GSI1",
        page=page,
        newest_first=True,
        convert=lambda i: try_load(Trip, i),
    )


def person_trips(tenant_id: str, person_id: str) -> list[Trip]:
    """All of a person's trips (one Query of GSI1): a recompute keeps the approved ones it needs."""
    return load_all(Trip, query(TripItem, person_trips_pk(tenant_id, person_id), index="GSI1"))


def trip_queue_page(tenant_id: str, approver: str, page: PageRequest) -> Page[Trip]:
    return query_page(
        TripItem, trip_queue_pk(tenant_id, approver), index="GSI2", page=page, convert=lambda i: try_load(Trip, i)
    )


def approved_trips_starting(tenant_id: str, month: str) -> list[Trip]:
    """Everyone's approved trips starting in ``month``: one Query of GSI2."""
    return load_all(Trip, query(TripItem, approved_trips_pk(tenant_id, month), index="GSI2"))


# ---- settings -------------------------------------------------------------------------------------


def find_settings(tenant_id: str) -> AttendanceSettings:
    item = find(AttendanceSettingsItem, *settings_key(tenant_id))
    return load(AttendanceSettings, item) if item else AttendanceSettings()


def save_settings(changes: Changes, tenant_id: str, settings: AttendanceSettings) -> None:
    item = AttendanceSettingsItem(*settings_key(tenant_id), data=stored(settings))
    item.at_version(settings.version)
    (changes.save if settings.version else changes.create)(item)


# ---- the inbox entries asking for a decision --------------------------------------------------------


def ask_key(tenant_id: str, request_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"ATTASK#{request_id}"


def put_asks(changes: Changes, tenant_id: str, request_id: str, refs: list[tuple[str, str]]) -> None:
    changes.put(ApprovalAskItem(*ask_key(tenant_id, request_id), data={"refs": [list(r) for r in refs]}))


def find_asks(tenant_id: str, request_id: str) -> list[tuple[str, str]]:
    item = find(ApprovalAskItem, *ask_key(tenant_id, request_id))
    return [(str(p), str(n)) for p, n in item.payload().get("refs", [])] if item else []


def drop_asks(changes: Changes, tenant_id: str, request_id: str) -> None:
    changes.drop(ApprovalAskItem(*ask_key(tenant_id, request_id)))
