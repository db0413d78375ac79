"""The requester hears the decision: approving or rejecting a leave, overtime, 补卡 or trip request
(and a manager passing long leave on to HR) puts one entry in the requester's inbox, written in the
decision's transaction — a refused (409) decision writes none."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.core import clock
from tests.support.org_sources import staffed_world
from tests.support.world import Company

NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # Thursday 10 December 2026, 10:00 in China


@pytest.fixture(scope="module")
def company():
    clock.freeze(NOW)
    with staffed_world() as world:
        yield world
    clock.freeze(None)


@pytest.fixture(autouse=True)
def _now():
    clock.freeze(NOW)
    yield


def decided(company: Company, user: str, words: str) -> list[dict]:
    """The requester's ``request_decided`` entries whose zh-CN title holds ``words``."""
    items = company.as_(user).get("/collab/inbox").body["items"]
    return [n for n in items if n["kind"] == "request_decided" and words in n["title"]["zh-CN"]]


def test_an_approved_leave_tells_the_requester_once_and_a_retried_decision_tells_nobody(company):
    # Given 陈静 asks for a day of personal leave
    request = (
        company.as_("employee")
        .post("/attendance/leave-requests", {"leave_type": "personal", "start": "2026-12-14", "end": "2026-12-14"})
        .body
    )

    # When her manager approves, and the same decision is sent again (a retry at the old version)
    first = company.as_("manager").post(
        f"/attendance/leave-requests/{request['request_id']}/decision", {"version": 1, "approve": True}
    )
    again = company.as_("manager").post(
        f"/attendance/leave-requests/{request['request_id']}/decision", {"version": 1, "approve": True}
    )

    # Then she has exactly one entry, in both languages, opening her leave screen; the retry is 409
    assert (first.status, again.status) == (200, 409)
    told = decided(company, "employee", "2026-12-14")
    assert len(told) == 1
    assert told[0]["title"] == {
        "zh-CN": "你的请假（2026-12-14 至 2026-12-14）已批准",
        "en": "Your leave from 2026-12-14 to 2026-12-14 was approved",
    }
    assert told[0]["link"] == "/#/leave" and told[0]["pending"] is False
    # And the manager who decided gets no such entry
    assert not decided(company, "manager", "2026-12-14")


def test_long_leave_tells_the_requester_when_it_goes_to_hr_and_again_when_hr_decides(company):
    # Given 陈静 asks for 4 days of sick leave (more than 3: HR decides after her manager)
    request = (
        company.as_("employee")
        .post(
            "/attendance/leave-requests",
            {"leave_type": "sick", "start": "2026-12-21", "end": "2026-12-24", "reason": "手术"},
        )
        .body
    )
    path = f"/attendance/leave-requests/{request['request_id']}/decision"

    # When the manager agrees, she hears that HR decides next
    assert company.as_("manager").post(path, {"version": 1, "approve": True}).body["status"] == "pending_hr"
    told = decided(company, "employee", "2026-12-21")
    assert [n["title"]["zh-CN"] for n in told] == ["你的请假（2026-12-21 至 2026-12-24）经理已同意，转人事审批"]

    # And when HR rejects, she hears that too: two entries for two decisions
    assert company.as_("hr").post(path, {"version": 2, "approve": False}).status == 200
    titles = sorted(n["title"]["zh-CN"] for n in decided(company, "employee", "2026-12-21"))
    assert titles == [
        "你的请假（2026-12-21 至 2026-12-24）未获批准",
        "你的请假（2026-12-21 至 2026-12-24）经理已同意，转人事审批",
    ]


def test_two_decisions_of_one_overtime_request_tell_the_requester_once(company):
    # Given 刘洋 asks for 3 hours of overtime on Sunday 6 December
    filed = company.as_("engineer").post("/attendance/overtime", {"date": "2026-12-06", "hours": 3}).body
    path = f"/attendance/overtime/{filed['overtime_id']}/decision"

    # When his manager rejects it and HR approves it at the same version
    rejected = company.as_("tech_manager").post(path, {"version": 1, "approve": False})
    late = company.as_("hr").post(path, {"version": 1, "approve": True})

    # Then one wins, the other is 409, and 刘洋 hears only the decision that was made
    assert (rejected.status, late.status) == (200, 409)
    told = decided(company, "engineer", "2026-12-06")
    assert [n["title"]["en"] for n in told] == ["Your overtime on 2026-12-06 (3 hours) was not approved"]
    assert told[0]["link"] == "/#/attendance/month"


def test_a_decided_correction_and_trip_tell_the_requester_with_their_screens(company):
    api = company.as_("engineer")
    correction = api.post("/attendance/corrections", {"at": "2026-12-08T09:00", "reason": "手机没电"}).body
    trip = api.post("/attendance/trips", {"start": "2026-12-16", "end": "2026-12-16", "destination": "杭州"}).body

    company.as_("tech_manager").post(
        f"/attendance/corrections/{correction['correction_id']}/decision", {"version": 1, "approve": True}
    )
    company.as_("tech_manager").post(f"/attendance/trips/{trip['trip_id']}/decision", {"version": 1, "approve": True})

    punch = decided(company, "engineer", "补卡")
    travel = decided(company, "engineer", "杭州")
    assert [(n["title"]["zh-CN"], n["link"]) for n in punch] == [
        ("你的补卡（2026-12-08 09:00）已批准", "/#/attendance/month")
    ]
    assert [(n["title"]["zh-CN"], n["link"]) for n in travel] == [
        ("你的出差（2026-12-16 至 2026-12-16，杭州）已批准", "/#/attendance/trips")
    ]
