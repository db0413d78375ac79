"""Punches: clock-in from the phone, imports from devices, and what a person's punches look like.

Clock-in uses the server's time (China, UTC+8), never the phone's. The place is checked against
the tenant's sites: inside a geofence (distance to the site's point within its radius, the phone's
accuracy given the benefit) or on an office network (the caller's IP in a site's CIDR ranges);
outside every site the punch is still recorded, with the reason the person gives (required then).
A tenant with no site checks nothing. Two round trips: the sites Query and one transaction (the
punch, its idempotency key, and the check that the month is not locked).

An import takes a device export (DingTalk / WeCom / a time clock: CSV or .xlsx) with an employee
number and a punch time (or a date and a time column). A punch's key is the punch itself (time +
person), so re-running an import writes the same items again: nothing lost, nothing doubled.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import math
from datetime import datetime, timedelta

from chalicelib.attendance import clock_store, daily, daily_store
from chalicelib.attendance.clock_schemas import (
    ClockIn,
    Punch,
    PunchImport,
    PunchImportResult,
    PunchList,
    PunchQuery,
    Site,
    SiteCreate,
    SiteList,
    Today,
)
from chalicelib.attendance.service import visible_person
from chalicelib.core import audit
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Detail, Forbidden, Invalid
from chalicelib.core.ids import new_id
from chalicelib.org import store as org_store

EARTH_RADIUS_M = 6_371_000
PERSON_COLUMNS = (
    "工号",
    "员工工号",
    "员工编号",
    "人员编号",
    "考勤号码",
    "编号",
    "employee_no",
    "employee number",
    "userid",
)
TIME_COLUMNS = ("打卡时间", "刷卡时间", "签到时间", "punch_time", "punch time", "datetime", "time")
DATE_COLUMNS = ("日期", "考勤日期", "打卡日期", "date")
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
)
MAX_IMPORT_ERRORS = 50
UNSETTLED = frozenset({"missing_punch", "absent"})


# ---- sites ----------------------------------------------------------------------------------------


def list_sites(ctx: RequestContext) -> SiteList:
    return SiteList(items=clock_store.sites(ctx.tenant_id))


def add_site(ctx: RequestContext, body: SiteCreate) -> Site:
    if (body.latitude is None) != (body.longitude is None) or (body.latitude is None and not body.ip_ranges):
        raise Invalid.field("latitude", "attendance.site_needs_place")
    for value in body.ip_ranges:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise Invalid.field("ip_ranges", "attendance.ip_range_invalid", value=value) from None
    site = Site(site_id=new_id(), **body.model_dump())
    changes = Changes()
    clock_store.add_site(changes, ctx.tenant_id, site)
    audit.record(changes, ctx, "create", "attendance_site", site.site_id, None, site.model_dump(mode="json"))
    changes.commit()
    return site.model_copy(update={"version": 1})


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine), metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def place(sites: list[Site], body: ClockIn, ip: str | None) -> tuple[bool | None, str | None]:
    """(inside, site id): inside a site's geofence or network; None when the tenant has no site."""
    if not sites:
        return None, None
    for site in sites:
        if (
            site.latitude is not None
            and site.longitude is not None
            and body.latitude is not None
            and body.longitude is not None
        ):
            slack = min(body.accuracy_m or 0, site.radius_m)
            if distance_m(site.latitude, site.longitude, body.latitude, body.longitude) <= site.radius_m + slack:
                return True, site.site_id
        if ip and _in_ranges(ip, site.ip_ranges):
            return True, site.site_id
    return False, None


def _in_ranges(ip: str, ranges: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(r, strict=False) for r in ranges)


# ---- clock-in -------------------------------------------------------------------------------------


def lock_months(at: datetime) -> list[str]:
    """The months a punch at ``at`` may change: its own, and the one before for an early punch on
    the 1st (it may close a night shift of the last evening of that month)."""
    months = [at.date().isoformat()[:7]]
    if at.day == 1:
        months.append((at.date() - timedelta(days=1)).isoformat()[:7])
    return months


def clock_in(ctx: RequestContext, body: ClockIn, ip: str | None, key: str | None) -> Punch:
    if not ctx.person_id:
        raise Forbidden("attendance.no_person")
    now = daily.local_now().replace(microsecond=0)
    inside, site_id = place(clock_store.sites(ctx.tenant_id), body, ip)
    if inside is False and not body.reason:
        raise Invalid.field("reason", "attendance.outside_reason_required")
    punch = Punch(
        person_id=ctx.person_id,
        at=now.isoformat(),
        source="mobile",
        site_id=site_id,
        inside=inside,
        reason=body.reason,
        latitude=body.latitude,
        longitude=body.longitude,
        ip=ip,
    )
    changes = Changes().put(clock_store.punch_item(ctx.tenant_id, punch))
    digest = hashlib.sha256(f"punch\x1f{ctx.user_id}\x1f{key}".encode()).hexdigest() if key else None
    if digest:
        changes.create(clock_store.punch_key_item(ctx.tenant_id, ctx.person_id, digest, punch.at))
    try:
        daily_store.commit_unless_locked(changes, ctx.tenant_id, lock_months(now), "at")
    except Conflict:
        earlier_at = clock_store.find_punch_key(ctx.tenant_id, ctx.person_id, digest) if digest else None
        earlier = clock_store.find_punch(ctx.tenant_id, ctx.person_id, earlier_at) if earlier_at else None
        if earlier is None:
            raise
        return earlier
    return punch


def today(ctx: RequestContext) -> Today:
    """The caller's punches of today and the result so far (one person: a few Queries)."""
    if not ctx.person_id:
        raise Forbidden("attendance.no_person")
    person = visible_person(ctx, ctx.person_id)
    now = daily.local_now()
    day = now.date()
    inputs = daily.load_inputs(ctx.tenant_id, day.isoformat()[:7], [person.person_id])
    definition = inputs.roster.shift_for(person, day)
    mine = inputs.punches.get(person.person_id, [])
    records = daily.person_month(
        person,
        [day],
        inputs.roster,
        inputs.calendar,
        mine,
        inputs.requests.get(person.person_id, []),
        inputs.kinds,
        now,
        provisional=True,
        extras=inputs.extras_of(person.person_id),
    )
    belongs = daily.work_dates(mine, lambda d: daily.to_shift(inputs.roster.shift_for(person, d))).get(day, [])
    punches = [Punch(person_id=person.person_id, at=p.isoformat(), source="mobile") for p in belongs]
    stored = {
        p.at: p
        for p in clock_store.person_punches(
            ctx.tenant_id,
            person.person_id,
            (day - timedelta(days=1)).isoformat(),
            (day + timedelta(days=1)).isoformat(),
        )
    }
    result = records[0] if records else None
    if result and result.status in UNSETTLED and not daily.judged(day, definition, now):
        result = None  # a missing check-out (or no punch) is only a result once the shift is over
    return Today(date=day, punches=[stored.get(p.at, p) for p in punches], result=result, shift=definition)


def person_punches(ctx: RequestContext, person_id: str, query: PunchQuery) -> PunchList:
    visible_person(ctx, person_id)
    month = daily.month_or_this(query.month)
    items = clock_store.person_punches(ctx.tenant_id, person_id, f"{month}-01", f"{month}-31")
    return PunchList(items=items)


# ---- import ---------------------------------------------------------------------------------------


def _table(body: PunchImport) -> list[list[str]]:
    from chalicelib.org.transfer import _csv_table, _xlsx_table

    try:
        content = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid.field("content_base64", "file.not_base64") from None
    table = _csv_table(content) if body.format == "csv" else _xlsx_table(content)
    if len(table) < 2:
        raise Invalid.field("content_base64", "file.no_rows")
    return table


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    wanted = {n.lower() for n in names}
    return next((i for i, cell in enumerate(header) if cell.strip().lower() in wanted), None)


def _parse_time(text: str) -> datetime | None:
    text = text.strip()
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def import_punches(ctx: RequestContext, body: PunchImport) -> PunchImportResult:
    """All rows or none (400 lists the bad rows); then the punches are written and the days recomputed."""
    table = _table(body)
    header = table[0]
    who, when, on = _column(header, PERSON_COLUMNS), _column(header, TIME_COLUMNS), _column(header, DATE_COLUMNS)
    if who is None or when is None:
        raise Invalid.field("content_base64", "attendance.import_columns")
    numbers = {p.employee_no: p.person_id for p in org_store.list_people(ctx.tenant_id) if p.employee_no}
    punches: dict[tuple[str, str], Punch] = {}
    errors: list[Detail] = []
    rows = 0
    for line, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        rows += 1
        number = cells[who].strip() if who < len(cells) else ""
        text = cells[when].strip() if when < len(cells) else ""
        if on is not None and on < len(cells) and len(text) <= 8:
            text = f"{cells[on].strip()} {text}"
        at = _parse_time(text)
        person_id = numbers.get(number)
        if person_id is None:
            errors.append(Detail("content_base64", "attendance.unknown_employee", line=line, value=number))
        elif at is None:
            errors.append(Detail("content_base64", "attendance.bad_time", line=line, value=text))
        else:
            punch = Punch(person_id=person_id, at=at.isoformat(), source="import")
            punches[(person_id, punch.at)] = punch
        if len(errors) >= MAX_IMPORT_ERRORS:
            break
    if errors:
        raise Invalid("attendance.import_rows", errors, count=len(errors))
    months: dict[str, set[str]] = {}
    for person_id, at_text in punches:
        for month in lock_months(datetime.fromisoformat(at_text)):
            months.setdefault(month, set()).add(person_id)
    daily_store.refuse_if_locked(ctx.tenant_id, months, "content_base64")
    clock_store.write_punches(ctx.tenant_id, punches.values())
    recomputed = 0
    today_month = daily.local_now().date().isoformat()[:7]
    for month, people in sorted(months.items()):
        if month <= today_month:
            recomputed += daily.recompute_month(ctx.tenant_id, month, sorted(people)).days
    return PunchImportResult(
        rows=rows, punches=len(punches), people=len({p for p, _ in punches}), days_recomputed=recomputed
    )
