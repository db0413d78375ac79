"""What the review screens send beyond comments: the rating a manager proposes in their review, and the
employee's answer to published results — accept (acknowledge) or appeal with a reason."""

from __future__ import annotations

import pytest

from chalicelib.core import audit
from tests.integration.test_reviews import company  # noqa: F401 - the module's company fixture
from tests.support.review_sources import conversion, enter, indicator_ids, loans, must_advance, open_cycle, publish
from tests.support.world import Company

MONTHS = iter(f"2025-{m:02d}" for m in range(1, 13))


@pytest.fixture
def manager_review(company: Company) -> dict:  # noqa: F811
    """A monthly cycle of its own, actuals entered, in the manager review stage."""
    period = next(MONTHS)
    ids = indicator_ids(publish(company, ["seller", "seller2"], period, [conversion(company), loans(company)]))
    cycle = must_advance(company, open_cycle(company, period, self_review_required=False))
    for person in ("seller", "seller2"):
        enter(company, "hr", period, person, ids["客户转化率"], {"qualified_leads": 100, "converted_customers": 9},
              f"{period}-28")
        enter(company, "hr", period, person, ids["放款金额"], {"loan_amount": 300}, f"{period}-28")
    return must_advance(company, must_advance(company, cycle))


def review_path(cycle: dict, company: Company, person: str) -> str:  # noqa: F811
    return f"/reviews/cycles/{cycle['cycle_id']}/people/{company.people[person]}"


def publish_results(company: Company, cycle: dict) -> dict:  # noqa: F811
    for person in ("seller", "seller2"):
        reply = company.as_("manager").put(review_path(cycle, company, person) + "/manager-review",
                                           {"overall": "已评", "submit": True})
        assert reply.status == 200, reply.body
    return must_advance(company, must_advance(company, cycle))


def test_given_a_manager_review_with_a_rating_then_the_rating_is_kept_on_the_persons_page(
        company: Company, manager_review: dict):  # noqa: F811
    # Given a cycle in manager review
    # When the manager proposes A with their review
    reply = company.as_("manager").put(review_path(manager_review, company, "seller") + "/manager-review",
                                       {"overall": "超额完成放款", "rating": "A", "submit": True})

    # Then the review and the person's page carry it
    assert reply.status == 200, reply.body
    assert reply.body["rating"] == "A"
    view = company.as_("hr").get(review_path(manager_review, company, "seller")).body
    assert view["manager_review"]["rating"] == "A"


def test_given_a_rating_outside_the_scale_when_reviewing_then_400_naming_rating(
        company: Company, manager_review: dict):  # noqa: F811
    reply = company.as_("manager").put(review_path(manager_review, company, "seller2") + "/manager-review",
                                       {"overall": "x", "rating": "Z"})

    assert reply.status == 400
    assert reply.error_fields == ["rating"]


def test_given_published_results_when_appealing_without_a_reason_then_400_and_nothing_recorded(
        company: Company, manager_review: dict):  # noqa: F811
    # Given published results
    cycle = publish_results(company, manager_review)

    # When the employee appeals with a blank reason
    reply = company.as_("employee").post(review_path(cycle, company, "seller") + "/acknowledge",
                                         {"appeal": True, "comment": "  "})

    # Then it is refused with the catalog code, and the page still awaits an answer
    assert reply.status == 400
    assert [d["code"] for d in reply.body["error"]["details"]] == ["ack.appeal_reason"]
    assert company.as_("employee").get(review_path(cycle, company, "seller")).body["acknowledged_at"] is None


def test_given_published_results_when_appealing_with_a_reason_then_recorded_as_an_appeal_and_audited(
        company: Company, manager_review: dict):  # noqa: F811
    cycle = publish_results(company, manager_review)
    reason = "放款数据漏录了一笔，请复核"

    reply = company.as_("employee").post(review_path(cycle, company, "seller") + "/acknowledge",
                                         {"appeal": True, "comment": reason})

    assert reply.status == 200, reply.body
    assert reply.body["appealed"] is True and reply.body["acknowledgement_comment"] == reason
    assert reply.body["acknowledged_at"]
    (entry,) = audit.entries(company.tenant_id, "review_result", f"{cycle['cycle_id']}:{company.people['seller']}")
    assert entry["action"] == "appeal"


def test_given_published_results_when_accepting_then_not_an_appeal(company: Company, manager_review: dict):  # noqa: F811
    cycle = publish_results(company, manager_review)

    reply = company.as_("employee2").post(review_path(cycle, company, "seller2") + "/acknowledge", {"comment": "已阅"})

    assert reply.status == 200, reply.body
    assert reply.body["appealed"] is False and reply.body["acknowledgement_comment"] == "已阅"
