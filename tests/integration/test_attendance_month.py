"""The month summary payroll reads, from stored requests, overtime and daily results."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.attendance.monthly import month_summaries, month_wide
from tests.support.org_sources import staffed_world
from tests.support.world import Company

D = Decimal


@pytest.fixture(scope="module")
def company():
    with staffed_world() as world:
        yield world


def approved(company: Company, path: str, body: dict, approver: str = "manager") -> dict:
    filed = company.as_("employee").post(path, body)
    assert filed.status == 201, filed.body
    ident = filed.body.get("request_id") or filed.body["overtime_id"]
    reply = company.as_(approver).post(f"{path}/{ident}/decision", {"version": 1, "approve": True})
    assert reply.status == 200 and reply.body["status"] == "approved", reply.body
    return reply.body


def test_approved_leave_and_paid_overtime_reach_the_month_summary(company):
    # Given 陈静's approved sick day, a pending personal day, paid and banked Saturday overtime in November 2026
    approved(company, "/attendance/leave-requests", {"leave_type": "sick", "start": "2026-11-04", "end": "2026-11-04"})
    company.as_("employee").post(
        "/attendance/leave-requests", {"leave_type": "personal", "start": "2026-11-05", "end": "2026-11-05"}
    )
    approved(company, "/attendance/overtime", {"date": "2026-11-14", "hours": 4})
    approved(company, "/attendance/overtime", {"date": "2026-11-21", "hours": 8, "bank": True})
    seller, engineer = company.people["seller"], company.people["engineer"]

    # When payroll reads November for her and a colleague with nothing recorded
    months = month_summaries(company.tenant_id, "2026-11", [seller, engineer])

    # Then her leave and paid overtime are there, banked hours are not, and nothing is locked
    assert months[seller].leave_days == {"sick": D(1)}
    assert months[seller].overtime_hours == {"restday": D(4)}
    assert months[seller].scheduled_days == D(21) and months[seller].locked is False
    assert months[engineer].leave_days == {} and months[engineer].overtime_hours == {}


def test_the_month_wide_read_for_many_people_gives_the_same_months_as_the_per_person_read(company):
    people = [company.people[label] for label in ("seller", "engineer", "sales_head")]

    assert month_wide(company.tenant_id, "2026-11", people, locked=False) == month_summaries(
        company.tenant_id, "2026-11", people
    )
