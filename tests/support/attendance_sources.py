"""Attendance fixtures: a leave request in tenant A for the isolation suite."""

from __future__ import annotations

from tests.support.isolation import id_source
from tests.support.world import Company


@id_source("request_id")
def _leave_request(company: Company) -> str:
    reply = company.as_("employee").post("/attendance/leave-requests", {
        "leave_type": "sick", "start": "2026-12-14", "end": "2026-12-14", "reason": "发烧"})
    assert reply.status == 201, reply.body
    return reply.body["request_id"]


@id_source("overtime_id")
def _overtime(company: Company) -> str:
    reply = company.as_("employee").post("/attendance/overtime", {"date": "2026-11-07", "hours": 4, "bank": True})
    assert reply.status == 201, reply.body
    return reply.body["overtime_id"]


@id_source("correction_id")
def _correction(company: Company) -> str:
    reply = company.as_("employee").post("/attendance/corrections", {"at": "2026-11-03T18:00", "reason": "忘记打卡"})
    assert reply.status == 201, reply.body
    return reply.body["correction_id"]


@id_source("trip_id")
def _trip(company: Company) -> str:
    reply = company.as_("employee").post("/attendance/trips", {
        "start": "2026-12-14", "end": "2026-12-15", "destination": "深圳", "reason": "客户现场"})
    assert reply.status == 201, reply.body
    return reply.body["trip_id"]
