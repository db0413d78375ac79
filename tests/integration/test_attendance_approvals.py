"""Overtime seen in the punches is flagged, not paid; requests waiting for a decision reach the
approver's inbox and daily digest and leave them once decided."""

from __future__ import annotations

import base64
import email
from datetime import UTC, date, datetime
from email import policy

import pytest

from chalicelib.attendance.monthly import month_summaries
from chalicelib.collab import store as collab_store
from chalicelib.core import clock
from chalicelib.reminders import service as reminders
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


def punches(company: Company, label: str, *moments: str) -> None:
    number = company.admin.get(f"/org/people/{company.people[label]}").body["employee_no"]
    rows = "\n".join(["工号,姓名,打卡时间", *(f"{number},某人,{m}" for m in moments)]) + "\n"
    body = {"format": "csv", "content_base64": base64.b64encode(rows.encode()).decode()}
    assert company.as_("hr").post("/attendance/punches/import", body).status == 201


def day(company: Company, label: str, on: str) -> dict:
    reply = company.as_("hr").get(f"/attendance/people/{company.people[label]}/month", month=on[:7])
    assert reply.status == 200, reply.body
    return next(d for d in reply.body["days"] if d["date"] == on)


def inbox(company: Company, user: str) -> list[dict]:
    return company.as_(user).get("/collab/inbox").body["items"]


# ---- overtime seen in the punches ------------------------------------------------------------------


def test_rest_day_punches_without_a_request_are_flagged_and_not_paid(company):
    # Given 陈静 punched in and out on Saturday 5 December and asked for no overtime
    punches(company, "seller", "2026-12-05 09:00:00", "2026-12-05 17:10:00")

    # Then the day is a rest day showing 8 hours of overtime not asked for, and nothing is paid
    saturday = day(company, "seller", "2026-12-05")
    assert (saturday["status"], saturday["overtime_minutes"], saturday["overtime_reason"]) == ("rest", 480, "rest_day")
    assert saturday["overtime_approved"] is False
    seller = company.people["seller"]
    assert month_summaries(company.tenant_id, "2026-12", [seller])[seller].overtime_hours == {}


def test_once_the_detected_overtime_is_asked_for_and_approved_it_is_paid(company):
    # Given the flagged Saturday (above), 陈静 asks for its 8 hours
    filed = company.as_("employee").post("/attendance/overtime", {"date": "2026-12-05", "hours": 8})
    assert filed.status == 201 and day(company, "seller", "2026-12-05")["overtime_approved"] is False

    # When her manager approves
    company.as_("manager").post(
        f"/attendance/overtime/{filed.body['overtime_id']}/decision", {"version": 1, "approve": True}
    )

    # Then the day says the overtime is approved and payroll's month pays 8 rest-day hours
    assert day(company, "seller", "2026-12-05")["overtime_approved"] is True
    seller = company.people["seller"]
    assert month_summaries(company.tenant_id, "2026-12", [seller])[seller].overtime_hours == {"restday": 8}


def test_a_late_check_out_past_the_threshold_is_flagged_in_half_hours(company):
    # 18:00 shift end: 19:40 is 100 minutes after (flagged as 90), 18:50 is under the 60-minute threshold
    punches(
        company, "engineer", "2026-12-07 08:58:00", "2026-12-07 19:40:00", "2026-12-08 08:59:00", "2026-12-08 18:50:00"
    )

    monday, tuesday = day(company, "engineer", "2026-12-07"), day(company, "engineer", "2026-12-08")

    assert (monday["status"], monday["overtime_minutes"], monday["overtime_reason"]) == ("present", 90, "after_shift")
    assert tuesday["overtime_minutes"] == 0 and tuesday["overtime_reason"] is None


def test_the_threshold_is_a_company_setting_changed_at_the_version_read(company):
    hr = company.as_("hr")
    assert hr.get("/attendance/settings").body == {"overtime_threshold_minutes": 60, "version": 0}

    changed = hr.patch("/attendance/settings", {"version": 0, "overtime_threshold_minutes": 120})
    stale = hr.patch("/attendance/settings", {"version": 0, "overtime_threshold_minutes": 90})
    by_employee = company.as_("employee").patch(
        "/attendance/settings", {"version": 1, "overtime_threshold_minutes": 30}
    )
    assert hr.post("/attendance/months/recompute", {"month": "2026-12"}).status == 200

    assert changed.status == 200 and changed.body == {"overtime_threshold_minutes": 120, "version": 1}
    assert stale.status == 409 and by_employee.status == 403
    assert day(company, "engineer", "2026-12-07")["overtime_minutes"] == 0
    hr.patch("/attendance/settings", {"version": 1, "overtime_threshold_minutes": 60})


def test_the_36_hour_warning_still_counts_requested_overtime(company):
    for on in ("2026-12-12", "2026-12-13", "2026-12-19", "2026-12-20"):
        last = company.as_("employee").post("/attendance/overtime", {"date": on, "hours": 8})
    # 8 (approved 5 December) + 4 × 8 = 40 hours requested this month
    assert last.status == 201 and (last.body["month_hours"], last.body["over_monthly_cap"]) == (40, True)


# ---- the approver's inbox and digest ---------------------------------------------------------------


def test_a_request_reaches_the_approvers_inbox_and_leaves_it_when_decided(company):
    # Given 陈静 asks for a trip
    trip = (
        company.as_("employee")
        .post(
            "/attendance/trips", {"start": "2026-12-14", "end": "2026-12-15", "destination": "北京", "reason": "培训"}
        )
        .body
    )

    # Then her manager has one pending inbox entry for it, which the digest's due index lists
    waiting = [n for n in inbox(company, "manager") if "申请出差" in n["title"]["zh-CN"]]
    assert len(waiting) == 1 and waiting[0]["pending"] and waiting[0]["link"] == "/#/attendance/team"
    assert "陈静" in waiting[0]["title"]["zh-CN"] and "business trip" in waiting[0]["title"]["en"]
    _, actions = collab_store.due_entries(company.tenant_id, date(2026, 12, 13))
    assert [n.notification_id for _, n in actions if "北京" in n.title["zh-CN"]] == [waiting[0]["notification_id"]]

    # When the manager approves it
    company.as_("manager").post(f"/attendance/trips/{trip['trip_id']}/decision", {"version": 1, "approve": True})

    # Then the entry is gone from the inbox and from the due index
    assert not [n for n in inbox(company, "manager") if "北京" in n["title"]["zh-CN"]]
    _, actions = collab_store.due_entries(company.tenant_id, date(2026, 12, 13))
    assert not [n for _, n in actions if "北京" in n.title["zh-CN"]]


def test_a_request_without_a_manager_goes_to_hr_and_long_leave_moves_from_manager_to_hr(company):
    # 李强 (the sales head) has no manager: his 补卡 waits for HR (孙丽)
    company.as_("manager").post("/attendance/corrections", {"at": "2026-12-09T18:01", "reason": "忘记打卡"})
    assert [n for n in inbox(company, "hr") if "李强 申请补卡" in n["title"]["zh-CN"]]


def test_the_digest_lists_every_kind_of_request_waiting_for_the_approver(company):
    # Given 刘洋 asks his manager 赵磊 for leave, overtime, a 补卡 and a trip
    api = company.as_("engineer")
    assert (
        api.post(
            "/attendance/leave-requests", {"leave_type": "sick", "start": "2026-12-09", "end": "2026-12-09"}
        ).status
        == 201
    )
    assert api.post("/attendance/overtime", {"date": "2026-12-06", "hours": 3}).status == 201
    assert api.post("/attendance/corrections", {"at": "2026-12-08T09:00", "reason": "手机没电"}).status == 201
    trip = api.post("/attendance/trips", {"start": "2026-12-16", "end": "2026-12-16", "destination": "杭州"}).body

    # When the daily job runs
    clock.freeze(datetime(2026, 12, 11, 0, 0, tzinfo=UTC))
    reminders.run_tenant(company.tenant_id, date(2026, 12, 11))

    # Then 赵磊's digest lists all four under "waiting for you"
    body = latest_mail_to(company, "tech_head")
    for words in ("刘洋 申请请假", "刘洋 申请加班", "刘洋 申请补卡", "刘洋 申请出差"):
        assert words in body, words
    assert "等待你处理" in body

    # And once the trip is rejected it is no longer in the next day's digest
    clock.freeze(NOW)
    company.as_("tech_manager").post(
        f"/attendance/trips/{trip['trip_id']}/decision", {"version": 1, "approve": False, "comment": "改为线上"}
    )
    clock.freeze(datetime(2026, 12, 12, 0, 0, tzinfo=UTC))
    reminders.run_tenant(company.tenant_id, date(2026, 12, 12))
    body = latest_mail_to(company, "tech_head")
    assert "刘洋 申请出差" not in body and "刘洋 申请请假" in body


def latest_mail_to(company: Company, label: str) -> str:
    from moto.ses.models import ses_backends

    address = company.admin.get(f"/org/people/{company.people[label]}").body["email"]
    mails = [
        m for m in ses_backends["123456789012"]["us-east-1"].sent_messages if any(address in d for d in m.destinations)
    ]
    assert mails, f"no mail to {label}"
    parsed = email.message_from_string(mails[-1].raw_data, policy=policy.default)
    return parsed.get_body(preferencelist=("plain",)).get_content()


def test_long_leave_moves_from_the_managers_inbox_to_hrs_and_leaves_both_when_decided(company):
    # Given 陈静 asks for 4 days of sick leave (more than 3: HR decides after her manager)
    request = (
        company.as_("employee")
        .post(
            "/attendance/leave-requests",
            {"leave_type": "sick", "start": "2026-12-21", "end": "2026-12-24", "reason": "手术"},
        )
        .body
    )
    mine = [n for n in inbox(company, "manager") if "2026-12-21" in n["title"]["zh-CN"]]
    assert len(mine) == 1 and mine[0]["link"] == "/#/leave/approvals"

    # When the manager approves, it waits for HR: the entry moves from the manager's inbox to HR's
    moved = (
        company.as_("manager")
        .post(f"/attendance/leave-requests/{request['request_id']}/decision", {"version": 1, "approve": True})
        .body
    )
    assert moved["status"] == "pending_hr"
    assert not [n for n in inbox(company, "manager") if "2026-12-21" in n["title"]["zh-CN"]]
    assert [n for n in inbox(company, "hr") if "2026-12-21" in n["title"]["zh-CN"]]

    # And when HR approves, nobody's inbox holds it any more
    company.as_("hr").post(
        f"/attendance/leave-requests/{request['request_id']}/decision", {"version": 2, "approve": True}
    )
    assert not [n for n in inbox(company, "hr") if "2026-12-21" in n["title"]["zh-CN"]]
