"""Demo step: three months of attendance (September–November 2026) for the teams of the demo logins,
with a few late days, a night-shift team, leave and overtime, and October locked for payroll.

Punches go in through the device-import endpoint, one file a month: the import writes them with
BatchWriteItem and recomputes the month's results in one pass, so seeding costs a few requests, not
one per punch. Only the teams of the people one can sign in as get punches (about thirty people):
enough to see every screen, cheap enough to keep the demo start fast.
"""

from __future__ import annotations

import base64
import zlib
from datetime import date, timedelta
from typing import Any

from chalicelib.attendance.calendar import Calendar
from local.demo import Demo, Step

MONTHS = ("2026-09", "2026-10", "2026-11")
OFFICE = {"name": "上海总部", "latitude": 31.2304, "longitude": 121.4737, "radius_m": 500,
          "ip_ranges": ["127.0.0.0/8"]}


def _days(month: str) -> list[date]:
    first = date.fromisoformat(f"{month}-01")
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _rows(month: str, people: list[dict[str, Any]], night: set[str]) -> list[str]:
    """Two punches a working day each: day shift around 09:00–18:00, night shift 22:00–06:00; a few
    people late now and then (stable per person and day), one missing day a month for some."""
    calendar, rows = Calendar(), []
    for person in people:
        number = person["employee_no"]
        for day in _days(month):
            if not calendar.is_working_day(day):
                continue
            seed = zlib.crc32(f"{person['person_id']}{day}".encode())
            if seed % 41 == 0:
                continue  # absent (or on leave the import does not know about)
            late = 5 + seed % 25 if seed % 13 == 0 else 0
            if person["person_id"] in night:
                rows.append(f"{number},{day} 21:{50 + seed % 9:02d}")
                rows.append(f"{number},{day + timedelta(days=1)} 06:{seed % 10:02d}")
            else:
                arrive = f"09:{late:02d}" if late else f"08:{40 + seed % 19:02d}"
                rows.append(f"{number},{day} {arrive}")
                rows.append(f"{number},{day} 18:{seed % 30:02d}")
    return rows


def run(demo: Demo) -> str:
    hr, admin = demo.as_("hr"), demo.as_("admin")
    if not hr.request("GET", "/attendance/sites")["items"]:
        hr.post("/attendance/sites", OFFICE)
    hr.request("POST", "/attendance/shifts", {"code": "night", "name": "夜班", "start": "22:00", "end": "06:00",
                                              "grace_minutes": 5}, ok=(201, 409))
    # defined, not assigned: HR's 班次与休息日 screen shows a flexible shift and a 单休 one to assign
    hr.request("POST", "/attendance/shifts", {"code": "flex", "name": "弹性班", "kind": "flexible", "start": "07:00",
                                              "end": "22:00", "core_start": "10:00", "core_end": "16:00",
                                              "required_minutes": 480, "grace_minutes": 5}, ok=(201, 409))
    hr.request("POST", "/attendance/shifts", {"code": "six_day", "name": "单休班", "start": "09:00", "end": "18:00",
                                              "rest_pattern": "single"}, ok=(201, 409))
    everyone = admin.items("/org/people")
    by_id = {p["person_id"]: p for p in everyone}
    seller, engineer = by_id[demo.person_id("seller")], by_id[demo.person_id("engineer")]
    hr.request("PUT", "/attendance/shift-assignments", {"target": "unit", "target_id": engineer["unit_id"],
                                                         "shift": "night", "valid_from": "2026-09-01"})
    logins = {demo.person_id(k) for k in ("seller", "engineer", "sales_head", "tech_head", "hr_staff")}
    teams = {seller["unit_id"], engineer["unit_id"]}
    people = [p for p in everyone if p.get("employee_no") and (p["unit_id"] in teams or p["person_id"] in logins)]
    night = {p["person_id"] for p in people if p["unit_id"] == engineer["unit_id"]}
    seller_api, engineer_api = demo.as_("employee"), demo.as_("engineer")
    # leave and overtime before the punches, so each month's results are computed once with them
    # (decided by 周婷, admin + HR: the demo's reporting lines differ from the unit heads)
    annual = seller_api.post("/attendance/leave-requests", {
        "leave_type": "annual", "start": "2026-10-15", "end": "2026-10-16", "reason": "家里有事",
        "idempotency_key": "demo-seller-october"})
    if annual.get("status") == "pending":
        admin.request("POST", f"/attendance/leave-requests/{annual['request_id']}/decision",
                      {"version": annual["version"], "approve": True}, ok=(200, 409))
    overtime = engineer_api.post("/attendance/overtime", {"date": "2026-10-17", "hours": 4, "reason": "版本上线",
                                                          "idempotency_key": "demo-engineer-ot"})
    if overtime.get("status") == "pending":
        admin.request("POST", f"/attendance/overtime/{overtime['overtime_id']}/decision",
                      {"version": overtime["version"], "approve": True}, ok=(200, 409))
    # a November trip (its days are business-trip days) and a Saturday worked without asking (flagged)
    trip = seller_api.post("/attendance/trips", {"start": "2026-11-18", "end": "2026-11-19", "end_half": "am",
                                                  "destination": "深圳", "reason": "客户现场",
                                                  "idempotency_key": "demo-seller-trip"})
    if trip.get("status") == "pending":
        admin.request("POST", f"/attendance/trips/{trip['trip_id']}/decision",
                      {"version": trip["version"], "approve": True}, ok=(200, 409))
    saturday = [f"{seller['employee_no']},2026-11-21 09:30", f"{seller['employee_no']},2026-11-21 15:10"]
    punches = 0
    for month in MONTHS:
        rows = _rows(month, people, night) + (saturday if month == "2026-11" else [])
        content = base64.b64encode(("工号,打卡时间\n" + "\n".join(rows) + "\n").encode()).decode()
        punches += hr.post("/attendance/punches/import", {"format": "csv", "content_base64": content})["punches"]
    hr.request("POST", "/attendance/months/lock", {"month": "2026-10"}, ok=(200, 409))
    return f"{punches} punches for {len(people)} people over {len(MONTHS)} months (a night team), October locked"


STEP = Step("attendance", ("POST /attendance/punches/import", "POST /attendance/months/lock"), run)
