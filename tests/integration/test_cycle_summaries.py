"""A cycle's unit summaries are kept by the writes that change them, and equal a recomputation."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.reviews import service as review_service
from chalicelib.reviews import store as review_store
from chalicelib.reviews import summaries
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

PERIOD = "2027-02"


@pytest.fixture
def company(api) -> Company:
    demo = staffed_company(api, "汇总测试金融科技")
    add_operations(demo)
    demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
    return demo


def _stored(company: Company, cycle_id: str) -> dict[str, tuple[Any, ...]]:
    cycle = review_store.get_cycle(company.tenant_id, cycle_id)
    return {u: _row(s) for u, s in review_store.unit_summaries(company.tenant_id, cycle).items() if s.participants}


def _recomputed(company: Company, cycle_id: str) -> dict[str, tuple[Any, ...]]:
    reviews, acks = review_store.reviews_of_cycle(company.tenant_id, cycle_id)
    fresh = summaries.totals(review_store.results(company.tenant_id, cycle_id), reviews, acks)
    return {u: _row(s) for u, s in fresh.items()}


def _row(s: summaries.UnitSummary) -> tuple[Any, ...]:
    return (s.path, *(round(float(getattr(s, name)), 6) for name in summaries.COUNTERS))


def _locked(company: Company) -> tuple[dict[str, Any], dict[str, str]]:
    ids = indicator_ids(publish(company, ["seller", "seller2"], PERIOD, [conversion(company, 60), loans(company, 40)]))
    cycle = must_advance(company, open_cycle(company, PERIOD))  # -> in_progress: results written
    return cycle, ids


def test_locking_goals_counts_every_participant_in_their_unit(company: Company):
    # Given a cycle of 销售部 / When goals are locked
    cycle, _ = _locked(company)
    # Then the unit's summary counts the participants, as a recomputation from the results does
    stored = _stored(company, cycle["cycle_id"])
    assert stored == _recomputed(company, cycle["cycle_id"])
    assert sum(row[1] for row in stored.values()) == cycle["participant_count"] > 0


def test_actuals_and_reviews_keep_the_summary_equal_to_a_recomputation(company: Company):
    # Given a locked cycle
    cycle, ids = _locked(company)
    cid, seller = cycle["cycle_id"], company.people["seller"]
    day = f"{PERIOD}-20"
    # When actuals are entered and one is corrected...
    assert enter(company, "ops", PERIOD, "seller", ids["客户转化率"], {"qualified_leads": 100}, day).status == 200
    assert enter(company, "employee", PERIOD, "seller", ids["客户转化率"], {"converted_customers": 9},
                 day).status == 200
    assert enter(company, "employee", PERIOD, "seller", ids["客户转化率"], {"converted_customers": 7},
                 day).status == 200
    assert enter(company, "manager", PERIOD, "seller", ids["放款金额"], {"loan_amount": 320}, day).status == 200
    after_actuals = _stored(company, cid)
    # ...a self review is saved as a draft, then submitted, then a manager review is submitted...
    cycle = must_advance(company, cycle)  # -> self_review
    path = f"/reviews/cycles/{cid}/people/{seller}"
    employee = company.as_("employee")
    assert employee.put(f"{path}/self-review", {"overall": "草稿", "submit": False}).status == 200
    draft = _stored(company, cid)
    assert employee.put(f"{path}/self-review", {"overall": "完成", "submit": True}).status == 200
    submitted = _stored(company, cid)
    # Then each step matches a recomputation from the stored items
    assert after_actuals == draft  # a draft counts for nothing
    assert submitted == _recomputed(company, cid)
    assert sum(row[summaries.COUNTERS.index("self_reviews") + 1] for row in submitted.values()) == 1
    assert sum(row[summaries.COUNTERS.index("score_n") + 1] for row in submitted.values()) >= 1
    # And a second submission counts once; the manager's review counts as theirs
    assert employee.put(f"{path}/self-review", {"overall": "改一下", "submit": True}).status == 200
    assert _stored(company, cid) == submitted
    assert company.as_("manager").put(f"{path}/manager-review", {"overall": "很好", "submit": True}).status == 200
    reviewed = _stored(company, cid)
    assert reviewed == _recomputed(company, cid)
    assert sum(row[summaries.COUNTERS.index("manager_reviews") + 1] for row in reviewed.values()) == 1


def test_the_director_reads_no_results_and_no_reviews(company: Company, monkeypatch: pytest.MonkeyPatch):
    # Given a locked cycle with actuals and a submitted self review
    cycle, ids = _locked(company)
    cid, seller = cycle["cycle_id"], company.people["seller"]
    day = f"{PERIOD}-20"
    assert enter(company, "ops", PERIOD, "seller", ids["客户转化率"], {"qualified_leads": 100}, day).status == 200
    assert enter(company, "employee", PERIOD, "seller", ids["客户转化率"], {"converted_customers": 9},
                 day).status == 200
    must_advance(company, cycle)  # -> self_review
    assert company.as_("employee").put(f"/reviews/cycles/{cid}/people/{seller}/self-review",
                                       {"overall": "完成", "submit": True}).status == 200
    detail = company.as_("hr").get(f"/reviews/cycles/{cid}").body
    read: list[str] = []
    for name in ("results", "reviews_of_cycle"):
        real = getattr(review_store, name)
        monkeypatch.setattr(review_store, name, lambda t, c, real=real, name=name: read.append(name) or real(t, c))
    # When the executive opens the director dashboard
    board = company.as_("executive").get("/dashboards/director", period=PERIOD).body
    # Then the cycle section has the same counts as the cycle's own page, read from the summaries only
    progress = board["cycle"]
    assert read == []
    assert (progress["participants"], progress["self_reviews_submitted"], progress["blockers"]) == (
        detail["counts"]["participants"], detail["counts"]["self_reviews_submitted"], len(detail["blockers"]))
    assert progress["self_reviews_submitted"] == 1


def test_refresh_rebuilds_a_damaged_summary_and_is_idempotent(company: Company):
    # Given a locked cycle whose unit summary was damaged (a lost or doubled write)
    cycle, _ = _locked(company)
    cid = cycle["cycle_id"]
    expected = _recomputed(company, cid)
    stored_cycle = review_store.get_cycle(company.tenant_id, cid)
    unit_id = next(iter(expected))
    key = review_store.unit_summary_key(company.tenant_id, stored_cycle.start.isoformat(), cid, unit_id)
    review_store.CycleUnitSummaryItem(*key).update(
        actions=[review_store.CycleUnitSummaryItem.participants.set(99)], add_version_condition=False)
    assert _stored(company, cid) != expected
    # When the refresh runs, twice
    review_service.refresh_summaries(company.tenant_id, cid)
    once = _stored(company, cid)
    review_service.refresh_summaries(company.tenant_id, cid)
    # Then the summary equals the recomputation both times
    assert once == _stored(company, cid) == expected


def test_the_backfill_gives_a_cycle_locked_earlier_its_read_models(company: Company, monkeypatch: pytest.MonkeyPatch):
    from chalicelib.core.db import Item

    # Given a locked cycle as it was stored before 2026-12-07: no unit summaries, no references, and a
    # trend item without the cycle in it
    cycle, _ = _locked(company)
    cid = cycle["cycle_id"]
    expected = _recomputed(company, cid)
    stored_cycle = review_store.get_cycle(company.tenant_id, cid)
    for unit_id in review_store.unit_summaries(company.tenant_id, stored_cycle):
        key = review_store.unit_summary_key(company.tenant_id, stored_cycle.start.isoformat(), cid, unit_id)
        Item(*key).delete(add_version_condition=False)
    for item in list(Item.query(review_store.cycle_pk(company.tenant_id, cid), Item.SK.startswith("REF#"))):
        item.delete(add_version_condition=False)
    trend = review_store.CycleTrendItem.get(*review_store.trend_key(company.tenant_id, stored_cycle))
    trend.update(actions=[review_store.CycleTrendItem.data["cycle"].remove()], add_version_condition=False)
    before = company.as_("executive").get("/dashboards/director", period=PERIOD).body["cycle"]
    # When the backfill runs (twice: it is safe to repeat)
    review_service.rebuild_summaries(company.tenant_id)
    review_service.rebuild_summaries(company.tenant_id)
    # Then the summaries equal a recomputation, every participant has a reference, and the director
    # shows the same cycle section without reading the results
    assert _stored(company, cid) == expected
    results = review_store.results(company.tenant_id, cid)
    root = results[0].unit_path[:1]  # the whole company's slice
    _, _, _, references = review_store.unit_slice_with_references(company.tenant_id, cid, root)
    assert set(references) == {r.person_id for r in results}
    read: list[str] = []
    real = review_store.results
    monkeypatch.setattr(review_store, "results", lambda t, c: read.append(c) or real(t, c))
    after = company.as_("executive").get("/dashboards/director", period=PERIOD).body["cycle"]
    assert after == before and after["participants"] == cycle["participant_count"]
    assert read == []


def test_a_unit_page_for_an_unknown_cycle_names_the_field(company: Company):
    # Given a cycle id that is not the tenant's / When 销售部's head opens their page for it / Then 400 cycle_id
    reply = company.as_("manager").get(f"/dashboards/units/{company.units['SALES']}", cycle_id="01nosuchcycle")
    assert reply.status == 400 and reply.error_fields == ["cycle_id"]
