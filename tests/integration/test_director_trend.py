"""The director's trend: closed cycles from their trend items, not from their whole result partitions."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.reviews import store as review_store
from tests.support.review_sources import (
    add_operations,
    conversion,
    enter,
    indicator_ids,
    loans,
    must_advance,
    open_cycle,
    publish,
)
from tests.support.world import Company, staffed_company


@pytest.fixture
def company(api) -> Company:
    demo = staffed_company(api, "趋势测试金融科技")
    add_operations(demo)
    demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
    return demo


def _running(company: Company, period: str, converted: float) -> tuple[dict[str, Any], dict[str, str]]:
    ids = indicator_ids(publish(company, ["seller"], period, [conversion(company, 60), loans(company, 40)]))
    cycle = open_cycle(company, period, excluded_person_ids=[company.people["seller2"]])
    cycle = must_advance(company, cycle)  # -> in_progress: results exist
    day = f"{period}-20"
    assert enter(company, "ops", period, "seller", ids["客户转化率"], {"qualified_leads": 100}, day).status == 200
    assert enter(company, "employee", period, "seller", ids["客户转化率"], {"converted_customers": converted},
                 day).status == 200
    assert enter(company, "manager", period, "seller", ids["放款金额"], {"loan_amount": 320}, day).status == 200
    return cycle, ids


def _close(company: Company, cycle: dict[str, Any]) -> None:
    cid, seller = cycle["cycle_id"], company.people["seller"]
    cycle = must_advance(company, cycle)  # -> self_review
    review = {"overall": "完成情况良好", "submit": True}
    assert company.as_("employee").put(f"/reviews/cycles/{cid}/people/{seller}/self-review", review).status == 200
    cycle = must_advance(company, cycle)  # -> manager_review
    assert company.as_("manager").put(f"/reviews/cycles/{cid}/people/{seller}/manager-review", review).status == 200
    cycle = must_advance(company, must_advance(company, cycle))  # -> calibration -> results_published
    assert company.as_("employee").post(f"/reviews/cycles/{cid}/people/{seller}/acknowledge", {}).status == 200
    assert must_advance(company, cycle)["stage"] == "closed"


def _total(company: Company, cycle_id: str) -> float:
    rows = company.as_("hr").get(f"/reviews/cycles/{cycle_id}/results").body["items"]
    return next(r["total"] for r in rows if r["person_id"] == company.people["seller"])


def test_a_closed_cycle_is_trended_from_its_item_and_a_running_one_from_its_unit_summaries(
        company: Company, monkeypatch: pytest.MonkeyPatch):
    # Given a closed cycle in February and a running one in March, with different results
    closed, _ = _running(company, "2027-02", converted=9)
    _close(company, closed)
    running, _ = _running(company, "2027-03", converted=4)
    expected = {"2027-02": _total(company, closed["cycle_id"]), "2027-03": _total(company, running["cycle_id"])}
    read: list[str] = []
    real = review_store.results
    monkeypatch.setattr(review_store, "results", lambda t, c: read.append(c) or real(t, c))

    # When the executive opens March's director dashboard
    board = company.as_("executive").get("/dashboards/director", period="2027-03").body

    # Then both cycles are on the trend with the averages of their results...
    trend = {p["period"]: p["average_score"] for p in board["trend"]}
    assert trend == {k: round(v, 2) for k, v in expected.items()}
    assert all(p["average_attainment"] is not None for p in board["trend"])
    # ...and no cycle's results were read (the running one's unit summaries are kept by its writes)
    assert read == []


def test_a_manager_trend_counts_only_their_units(company: Company):
    # Given a closed cycle of 销售部
    closed, _ = _running(company, "2027-02", converted=9)
    _close(company, closed)
    # When 技术部's head opens the director dashboard (their scope holds none of the participants)
    board = company.as_("tech_manager").get("/dashboards/director", period="2027-02")
    # Then the cycle is on the trend without an average
    assert board.status == 200, board.body
    assert [(p["period"], p["average_score"]) for p in board.body["trend"]] == [("2027-02", None)]


def test_the_backfill_gives_older_cycles_their_trend_items(company: Company):
    from chalicelib.reviews import service

    # Given a closed cycle whose trend item is missing (written before trend items existed)
    closed, _ = _running(company, "2027-02", converted=9)
    _close(company, closed)
    cycle = review_store.get_cycle(company.tenant_id, closed["cycle_id"])
    review_store.CycleTrendItem(*review_store.trend_key(company.tenant_id, cycle)).delete(add_version_condition=False)
    assert company.as_("executive").get("/dashboards/director", period="2027-02").body["trend"] == []
    # When the backfill runs
    assert service.rebuild_trend(company.tenant_id) == 1
    # Then the cycle is back on the trend with its average
    trend = company.as_("executive").get("/dashboards/director", period="2027-02").body["trend"]
    expected = round(_total(company, closed["cycle_id"]), 2)
    assert [(p["period"], p["average_score"]) for p in trend] == [("2027-02", expected)]
