"""Issue #14, "reminders that stay true": a digest lists only what is still to do when it is sent.

Scenarios from the seed story run end to end through the API: a returned set that was resubmitted,
an approval already given (by another HR user) and indicators already confirmed drop out of the
next digest, although nobody opened the notifications.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import count
from typing import Any

import boto3
import pytest

from chalicelib.core import clock
from chalicelib.core.settings import settings
from tests.integration.test_reminders_digest import email_of, mails_to, run_reminders, text_of
from tests.support.collab_sources import module_world
from tests.support.indicator_sources import conversion, draft_set, sales_goal, with_source
from tests.support.world import Company

_years = count(2040)
_days = (date(2035, 1, d) for d in range(1, 29))


@pytest.fixture(scope="module")
def company() -> Iterator[Company]:
    with module_world("丙公司消费金融") as [c]:
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName=settings().reminders_queue)
        sales_goal(c)
        yield c
    clock.freeze(None)


def _set(company: Company, title: str) -> dict[str, Any]:
    goal = company.units.get("goal:SALES")
    return draft_set(company, [with_source(company, conversion(weight=100), goal_id=goal)], title=title,
                     period=str(next(_years)))


def _act(company: Company, who: str, s: dict[str, Any], action: str, **body: Any) -> dict[str, Any]:
    reply = company.as_(who).post(f"/indicators/sets/{s['set_id']}/{action}", {"version": s["version"], **body})
    assert reply.status == 200, reply.body
    return reply.body


def _digest_text(company: Company, label: str, day: date) -> str:
    """What ``label`` was mailed by the run of ``day`` ('' when nothing was sent)."""
    address = email_of(company, label)
    before = len(mails_to(address))
    run_reminders(company, day)
    return "\n".join(text_of(m) for m in mails_to(address)[before:])


def test_a_returned_set_that_was_resubmitted_drops_out_of_the_authors_digest(company: Company):
    # Given HR returned 销售部's set and its author was asked to fix it
    s = _act(company, "manager", _set(company, "退回后重交"), "submit")
    s = _act(company, "hr", s, "return", comment="请补充说明")
    assert "指标方案被退回：退回后重交" in _digest_text(company, "sales_head", next(_days))
    # When the author resubmits it without ever opening the notification
    _act(company, "manager", s, "submit")
    # Then the next digest no longer asks them to fix it
    assert "指标方案被退回：退回后重交" not in _digest_text(company, "sales_head", next(_days))


def test_an_approval_given_by_another_hr_user_drops_out_of_every_reviewers_digest(company: Company):
    # Given a submitted set waits for HR (孙丽 and the founder are both reviewers)
    s = _act(company, "manager", _set(company, "他人已审批"), "submit")
    assert "指标方案待审核：他人已审批" in _digest_text(company, "hr_staff", next(_days))
    # When the founder approves it
    _act(company, "admin", s, "approve")
    # Then 孙丽's next digest does not ask her to review it any more
    assert "指标方案待审核：他人已审批" not in _digest_text(company, "hr_staff", next(_days))


def test_indicators_already_confirmed_drop_out_of_the_employees_digest(company: Company):
    # Given 陈静's indicators were published and she was asked to confirm them
    s = _act(company, "manager", _set(company, "已确认"), "submit")
    _act(company, "hr", s, "approve")
    assert "请确认：已确认" in _digest_text(company, "seller", next(_days))
    # When she confirms on the web app without opening the notification
    assert company.as_("employee").post(f"/indicators/me/{s['set_id']}/confirm", {}).status == 200
    # Then her next digest is not sent for it (nothing else waits for her)
    assert "请确认：已确认" not in _digest_text(company, "seller", next(_days))


def test_a_set_still_in_review_stays_in_the_digest_day_after_day(company: Company):
    # Given a set waits in review and nobody acts on it
    _act(company, "manager", _set(company, "一直待审"), "submit")
    # Then it is listed on two consecutive days (the check does not drop what is still open)
    assert "指标方案待审核：一直待审" in _digest_text(company, "hr_staff", next(_days))
    assert "指标方案待审核：一直待审" in _digest_text(company, "hr_staff", next(_days))
