"""A result's size is bounded by its indicators and measures, not by the steps of its period.

The per-step points live in one steps item per person and indicator (``S#<person>#<indicator>``); the
result keeps each measure's period value. Sizes are DynamoDB's (bench/_capacity.py ``item_bytes``).
"""

from __future__ import annotations

from typing import Any

import pytest

from bench._capacity import item_bytes
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

LIMIT = 64 * 1024
INDICATORS, MEASURES, DAYS = 30, 12, 31  # indicators.schemas.MAX_INDICATORS, 12 measures, a month's days
YEAR = "2027"


def _raw_items(pk: str) -> list[dict[str, Any]]:
    """Every stored item of a partition as DynamoDB holds it (DynamoDB JSON)."""
    import boto3

    from chalicelib.core.settings import settings

    client = boto3.client("dynamodb")
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"TableName": settings().table_name, "KeyConditionExpression": "PK = :pk",
                              "ExpressionAttributeValues": {":pk": {"S": pk}}}
    while True:
        reply = client.query(**kwargs)
        items += reply["Items"]
        if "LastEvaluatedKey" not in reply:
            return items
        kwargs["ExclusiveStartKey"] = reply["LastEvaluatedKey"]


def _result_at_the_limits() -> Any:
    """30 indicators × 12 measures × 31 days of values, scored; zh-CN names as a bank writes them."""
    from chalicelib.reviews import scorecards
    from chalicelib.reviews.schemas import IndicatorResult, MeasureResult, PersonResult
    from chalicelib.reviews.scoring import DEFAULT_SCALE

    indicators = []
    for i in range(INDICATORS):
        keys = [f"qualified_leads_{m:02d}" for m in range(MEASURES)]
        measures = [
            MeasureResult(key=key, name=f"第{m + 1}渠道有效线索客户数", unit="count", aggregation="sum",
                          points={str(day): float(1000 + 37 * day + m) for day in range(1, DAYS + 1)})
            for m, key in enumerate(keys)
        ]
        indicator = IndicatorResult(
            indicator_id=f"01JF{i:02d}ABCDEFGHJKMNPQRSTV", name=f"个人客户有效线索（第{i + 1}项）",
            formula=" + ".join(keys), unit="count", weight=100 / INDICATORS, direction="higher_is_better",
            target=900000, threshold=600000, stretch=1200000, measures=measures)
        indicators.append(indicator.model_copy(update={"rule": scorecards.rule_text(indicator)}))
    unit, root = "01JFUNIT0ABCDEFGHJKMNPQRST", "01JFROOT0ABCDEFGHJKMNPQRST"  # ULID-long ids
    result = PersonResult(cycle_id="01JFCYCLE0ABCDEFGHJKMNPQRS", period="2027-01",
                          person_id="01JFPERSON0ABCDEFGHJKMNPQR", name="欧阳明远", unit_id=unit,
                          unit_path=[root, unit], manager_id="01JFHEAD0ABCDEFGHJKMNPQRST", indicators=indicators)
    return scorecards.compute(result, DEFAULT_SCALE)


def test_a_result_at_the_limits_stores_no_item_over_64_kb(aws: None):
    import json

    from chalicelib.core.db import Changes
    from chalicelib.reviews import service, store

    # Given a participant at the limits: 30 indicators × 12 measures × 31 days, and a previous period as full
    result = _result_at_the_limits()
    assert len(json.dumps(result.model_dump(mode="json"))) > 200 * 1024  # what the result item held before
    reference = [
        {"indicator": i.name, "measures": {m.key: service._summed(list(m.points.values())) for m in i.measures}}
        for i in result.indicators
    ]

    # When it is written as locking goals writes it (the result, its steps items, its reference)
    changes = Changes()
    store.add_result(changes, "tenant-limits", result, "2027-01-01", new=True, before=None)
    store.add_reference(changes, "tenant-limits", result, reference)
    changes.commit()

    # Then every stored item is at most 64 KB (the GSI2 copies are the same items)...
    items = _raw_items(store.cycle_pk("tenant-limits", result.cycle_id))
    sizes = {item["SK"]["S"]: item_bytes(item) for item in items}
    assert len(sizes) == 1 + INDICATORS + 1  # the result, a steps item per indicator, the reference
    assert max(sizes.values()) <= LIMIT, {sk.split("#")[0]: f"{size / 1024:.1f} KB" for sk, size in sizes.items()}
    # ...and the participant's page reads the same result, points and rules in words included
    read = store.get_result("tenant-limits", result.cycle_id, result.person_id, points=True)
    assert read == result.model_copy(update={"version": 1})


@pytest.fixture
def company(api) -> Company:
    demo = staffed_company(api, "长周期测试金融科技")
    add_operations(demo)
    demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
    return demo


def _attendance(company: Company) -> dict[str, Any]:
    """出勤率: one percent measure (averaged over the months), supplied by 销售部 itself."""
    return loans(company, 100, name="出勤率", formula="attendance", unit="percent", target=95, threshold=90,
                 measures=[{"key": "attendance", "name": "出勤率", "unit": "percent"}])


def _result_bytes(company: Company, cycle_id: str, person: str) -> int:
    from chalicelib.reviews.store import result_key

    pk, sk = result_key(company.tenant_id, cycle_id, company.people[person])
    (item,) = [i for i in _raw_items(pk) if i["SK"]["S"] == sk]
    return item_bytes(item)


def test_a_yearly_result_item_is_the_same_size_in_month_1_and_month_12(company: Company):
    # Given a yearly cycle with goals locked
    ids = indicator_ids(publish(company, ["seller", "seller2"], YEAR, [_attendance(company)]))
    cycle = must_advance(company, open_cycle(company, YEAR))
    cid, seller = cycle["cycle_id"], company.people["seller"]

    # When January's value is entered, then the eleven other months'
    assert enter(company, "manager", YEAR, "seller", ids["出勤率"], {"attendance": 96}, f"{YEAR}-01-15").status == 200
    in_january = _result_bytes(company, cid, "seller")
    for month in range(2, 13):
        reply = enter(company, "manager", YEAR, "seller", ids["出勤率"], {"attendance": 96}, f"{YEAR}-{month:02d}-15")
        assert reply.status == 200, reply.body
    in_december = _result_bytes(company, cid, "seller")

    # Then the result item has not grown, and the person's page still shows every month's value
    assert in_december == in_january
    view = company.as_("hr").get(f"/reviews/cycles/{cid}/people/{seller}").body
    (indicator,) = view["result"]["indicators"]
    assert indicator["measures"][0]["points"] == {str(m): 96 for m in range(1, 13)}
    assert indicator["value"] == 96 and indicator["score"] == 100


def _as_written_before(company: Company, cycle_id: str, person: str) -> None:
    """Make one participant's items look as written before 2026-12-08: the points (and rules in words) inside
    the result, no steps items, and the previous-period reference listing every step's value."""
    from chalicelib.reviews import store

    tenant_id, person_id = company.tenant_id, company.people[person]
    result = store.get_result(tenant_id, cycle_id, person_id, points=True)
    item = store.result_item(tenant_id, result, "2027-02-01")
    item.data = result.model_dump(mode="json", exclude={"version"})  # type: ignore[assignment]
    item.save()
    for steps in store.StepsItem.query(store.cycle_pk(tenant_id, cycle_id), store.StepsItem.SK.startswith(
            f"S#{person_id}#")):
        steps.delete()
    reference = store.ReferenceItem.get(*store.reference_key(tenant_id, cycle_id, person_id))
    reference.data = {"person_id": person_id, "values": [  # type: ignore[assignment]
        {"indicator": "客户转化率", "measure": "converted_customers", "values": [7, 9]},
        {"indicator": "客户转化率", "measure": "qualified_leads", "values": [60, 40]},
        {"indicator": "放款金额", "measure": "loan_amount", "values": [150, 170]}]}
    reference.save()


def _pages(company: Company, cycle_id: str) -> tuple[Any, Any]:
    """The seller's result page (without its version) and 销售部's unit page."""
    view = company.as_("hr").get(f"/reviews/cycles/{cycle_id}/people/{company.people['seller']}").body
    unit = company.as_("manager").get(f"/dashboards/units/{company.units['SALES']}", cycle_id=cycle_id).body
    return {k: v for k, v in view["result"].items() if k != "version"}, unit


def test_results_written_before_read_the_same_and_the_backfill_moves_their_points_out_once(company: Company):
    from chalicelib.reviews import service, store

    # Given a locked cycle with actuals on two days, its seller's items written the old way
    period = "2027-02"
    ids = indicator_ids(publish(company, ["seller", "seller2"], period, [conversion(company, 60),
                                                                          loans(company, 40)]))
    cycle = must_advance(company, open_cycle(company, period))
    cid = cycle["cycle_id"]
    for day, leads, converted, loaned in (("05", 60, 7, 150), ("20", 40, 9, 170)):
        assert enter(company, "ops", period, "seller", ids["客户转化率"], {"qualified_leads": leads},
                     f"{period}-{day}").status == 200
        assert enter(company, "employee", period, "seller", ids["客户转化率"], {"converted_customers": converted},
                     f"{period}-{day}").status == 200
        assert enter(company, "manager", period, "seller", ids["放款金额"], {"loan_amount": loaned},
                     f"{period}-{day}").status == 200
    _as_written_before(company, cid, "seller")
    view_before, unit_before = _pages(company, cid)
    assert view_before["indicators"][0]["measures"][0]["points"]  # read from inside the result

    # When the backfill runs, twice
    first, second = service.move_points_out(company.tenant_id), service.move_points_out(company.tenant_id)

    # Then it rewrote the seller's result and reference once, and the pages read the same
    assert (first, second) == (2, 0)
    assert _pages(company, cid) == (view_before, unit_before)
    raw = [i for i in _raw_items(store.cycle_pk(company.tenant_id, cid)) if i["SK"]["S"].startswith("R#")]
    assert raw and not any('"points"' in str(i) or "'points'" in str(i) for i in raw)
    assert {i["SK"]["S"] for i in _raw_items(store.cycle_pk(company.tenant_id, cid))} >= {
        f"S#{company.people['seller']}#{ids['客户转化率']}", f"S#{company.people['seller']}#{ids['放款金额']}"}


def test_an_actual_entered_on_a_result_written_before_moves_all_its_points_out(company: Company):
    from chalicelib.reviews import store

    # Given a seller whose result still holds the points of both indicators
    period = "2027-02"
    ids = indicator_ids(publish(company, ["seller", "seller2"], period, [conversion(company, 60), loans(company, 40)]))
    cid = must_advance(company, open_cycle(company, period))["cycle_id"]
    loans_id = ids["放款金额"]
    assert enter(company, "manager", period, "seller", loans_id, {"loan_amount": 150}, f"{period}-05").status == 200
    _as_written_before(company, cid, "seller")

    # When one value of one indicator is entered
    assert enter(company, "manager", period, "seller", loans_id, {"loan_amount": 170}, f"{period}-20").status == 200

    # Then the result holds no points, and the person's page shows both days from the steps item
    (raw,) = [i for i in _raw_items(store.cycle_pk(company.tenant_id, cid))
              if i["SK"]["S"] == f"R#{company.people['seller']}"]
    assert "points" not in str(raw)
    view = company.as_("hr").get(f"/reviews/cycles/{cid}/people/{company.people['seller']}").body
    loans_result = next(i for i in view["result"]["indicators"] if i["name"] == "放款金额")
    assert loans_result["measures"][0]["points"] == {"5": 150, "20": 170} and loans_result["value"] == 320



def test_entering_an_actual_rescores_without_reading_the_cycle_or_its_points(company: Company,
                                                                             monkeypatch: pytest.MonkeyPatch):
    from pynamodb.connection.base import Connection

    from chalicelib.reviews import store

    # Given a locked cycle of two sellers
    period = "2027-02"
    ids = indicator_ids(publish(company, ["seller", "seller2"], period, [conversion(company, 60),
                                                                          loans(company, 40)]))
    cid = must_advance(company, open_cycle(company, period))["cycle_id"]
    cycle_partitions = (store.cycle_pk(company.tenant_id, cid), store.cycle_unit_pk(company.tenant_id, cid))
    queried: list[str] = []
    real = Connection._make_api_call

    def spy(self: Connection, operation_name: str, operation_kwargs: dict[str, Any], *args: Any) -> Any:
        if operation_name == "Query":
            queried.extend(v.get("S", "") for v in operation_kwargs.get("ExpressionAttributeValues", {}).values())
        return real(self, operation_name, operation_kwargs, *args)

    # When a value is entered (a spy counts the Queries, changes nothing)
    with monkeypatch.context() as patch:
        patch.setattr(Connection, "_make_api_call", spy)
        reply = enter(company, "manager", period, "seller", ids["放款金额"], {"loan_amount": 150}, f"{period}-05")
    assert reply.status == 200, reply.body

    # Then no Query read the cycle's partition or its unit slice, and the points are in their steps item
    assert queried and not [v for v in queried if v in cycle_partitions]
    assert store.person_points(company.tenant_id, cid, company.people["seller"]) == {
        ids["放款金额"]: {"loan_amount": {"5": 150}}}
