"""A unit's slice of a cycle: its results and reviews in one Query, and the backfill of older items."""

from __future__ import annotations

from typing import Any

import pytest

from bench._company import dashboard_tenant


@pytest.fixture(scope="module")
def world() -> Any:
    from tests.conftest import fresh_aws

    with fresh_aws():
        yield dashboard_tenant(30)


def _self_review(world: Any, person: Any) -> None:
    from chalicelib.core.context import RequestContext, Role
    from chalicelib.reviews import service
    from chalicelib.reviews.schemas import ReviewInput

    me = RequestContext(tenant_id=world["hr"].tenant_id, user_id=f"u-{person.person_id}", person_id=person.person_id,
                        roles=frozenset({Role.EMPLOYEE}))
    service.save_review(me, world["cycle"].cycle_id, person.person_id, service.ReviewKind.SELF,
                        ReviewInput(overall="按计划完成", submit=True))


def _strip_unit_keys(tenant_id: str, cycle_id: str) -> int:
    """Make the cycle's items look as written before the unit-slice keys existed."""
    import boto3

    from chalicelib.core.settings import settings
    from chalicelib.reviews.store import cycle_pk

    client = boto3.client("dynamodb")
    items = client.query(TableName=settings().table_name, KeyConditionExpression="PK = :pk",
                         ExpressionAttributeValues={":pk": {"S": cycle_pk(tenant_id, cycle_id)}})["Items"]
    for item in items:
        client.update_item(TableName=settings().table_name, Key={"PK": item["PK"], "SK": item["SK"]},
                           UpdateExpression="REMOVE GSI2PK, GSI2SK")
    return len(items)


def test_given_a_self_review_when_the_head_opens_the_unit_page_then_the_slice_counts_it(world):
    from chalicelib.dashboards import service as dashboards

    # Given one of 销售部's people submitted their self review
    sales = world["sales"]
    _self_review(world, sales.staff[0])

    # When 销售部's head opens the unit page
    page = dashboards.unit(sales.manager, sales.unit.unit_id, None)

    # Then its people, and only them, are counted from the unit's slice
    assert page.team is not None
    assert (page.team.participants, page.team.self_reviews_submitted) == (len(sales.staff), 1)
    assert {i.person_id for i in page.indicators} == {p.person_id for p in sales.staff}


def test_given_items_without_unit_keys_when_backfilled_then_the_unit_page_and_results_page_are_whole(world):
    from chalicelib.dashboards import service as dashboards
    from chalicelib.reviews import service

    sales, tenant_id, cycle_id = world["sales"], world["hr"].tenant_id, world["cycle"].cycle_id
    before = dashboards.unit(sales.manager, sales.unit.unit_id, None)
    # Given the cycle's results and reviews written before the keys existed
    _strip_unit_keys(tenant_id, cycle_id)
    assert dashboards.unit(sales.manager, sales.unit.unit_id, None).indicators == []

    # When the backfill runs (twice: it is safe to repeat)
    updated = service.index_unit_slices(tenant_id)
    again = service.index_unit_slices(tenant_id)

    # Then the pages read as before, and the second run had nothing to do
    assert updated >= len(sales.staff) + 1 and again == 0
    assert dashboards.unit(sales.manager, sales.unit.unit_id, None) == before
    rows = service.results_page(sales.manager, cycle_id).items
    assert sorted(r.person_id for r in rows) == sorted(p.person_id for p in sales.staff)


def test_given_a_manager_when_reading_results_then_only_their_subtree_is_answered(world):
    from chalicelib.reviews import service

    rows = service.results_page(world["sales"].manager, world["cycle"].cycle_id).items

    assert {r.unit_id for r in rows} == {world["sales"].unit.unit_id}
