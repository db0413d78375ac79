"""A cycle far larger than the cycle item could once hold: its participants live in their results.

The cycle item used to embed its participant list and reached DynamoDB's 400 KB item limit near
3,000 people. Built straight through the services with batched writes. ``make test`` runs it at 1,000
participants (CI's time budget); run it at 5,000 with ``LUODI_LARGE_CYCLE=5000`` (slow under moto). The
module runs on ``bench._fast_moto`` (undone after it).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from bench._company import large_cycle_tenant

PEOPLE = int(os.environ.get("LUODI_LARGE_CYCLE", "1000"))
ITEM_LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def world() -> Any:
    from bench._fast_moto import apply
    from tests.conftest import fresh_aws

    undo = apply()  # string keys on a fast path: tests/unit/test_fast_moto.py checks it answers as moto
    try:
        with fresh_aws():
            yield large_cycle_tenant(PEOPLE)
    finally:
        undo()


def _stored_cycle_bytes(tenant_id: str, cycle_id: str) -> int:
    import boto3

    from chalicelib.core.settings import settings
    from chalicelib.reviews.store import cycle_key

    pk, sk = cycle_key(tenant_id, cycle_id)
    item = boto3.client("dynamodb").get_item(TableName=settings().table_name, Key={"PK": {"S": pk}, "SK": {"S": sk}})
    return len(json.dumps(item["Item"], ensure_ascii=False).encode())


def test_given_a_large_company_when_locking_goals_then_every_person_takes_part(world):
    # Given ~1,000 people with published goals / When HR locked goals / Then each has a result
    assert world["locked"].participant_count == PEOPLE
    assert len(world["locked"].participants) == PEOPLE


def test_given_a_large_cycle_when_it_advances_then_the_cycle_item_stays_small(world):
    # Given the locked cycle moved on twice (self reviews not required: everyone "missed" theirs)
    moved = world["moved"]
    assert moved.stage == "manager_review"
    change = moved.history[-1]
    assert (change.missed_count, len(change.missed)) == (PEOPLE, 50)
    # Then the stored cycle item holds a count, not the people
    assert _stored_cycle_bytes(world["hr"].tenant_id, moved.cycle_id) < ITEM_LIMIT


def test_given_a_large_cycle_when_hr_opens_it_then_it_answers_every_participant(world):
    from chalicelib.reviews import service

    # When HR reads the cycle
    detail = service.get_cycle(world["hr"], world["moved"].cycle_id)

    # Then the participants, counts and blockers are all there, as when the list was embedded
    assert len(detail.cycle.participants) == detail.counts.participants == PEOPLE
    assert detail.cycle.participant_count == PEOPLE
    ids = [p.person_id for p in detail.cycle.participants]
    assert len(set(ids)) == PEOPLE
    assert detail.next_stage == "calibration"
    assert {b.field for b in detail.blockers} == {"actuals", "manager_review"}


def test_given_a_large_cycle_when_hr_lists_cycles_and_results_then_counts_and_pages_hold(world):
    from chalicelib.reviews import service
    from chalicelib.reviews.schemas import CycleQuery, ResultsQuery

    cycles = service.list_cycles(world["hr"], CycleQuery())
    page = service.results_page(world["hr"], world["moved"].cycle_id, ResultsQuery(limit=200))

    assert [c.participants for c in cycles.items] == [PEOPLE]
    assert len(page.items) == 200 and page.next_cursor


def test_given_a_large_cycle_when_the_director_opens_the_dashboard_then_it_reports_it_in_three_round_trips(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pynamodb.connection.base import Connection

    from bench._company import LARGE_PERIOD
    from chalicelib.core.context import RequestContext, Role
    from chalicelib.dashboards import service as dashboards

    executive = RequestContext(
        tenant_id=world["hr"].tenant_id, user_id="exec", person_id="", roles=frozenset({Role.EXECUTIVE})
    )
    calls: list[str] = []
    real = Connection._make_api_call

    def spy(self: Connection, operation_name: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(operation_name)
        return real(self, operation_name, *args, **kwargs)

    # When the director opens the period of the large cycle
    monkeypatch.setattr(Connection, "_make_api_call", spy)  # a spy: counts, changes nothing
    board = dashboards.director(executive, LARGE_PERIOD)
    # Then the cycle's progress counts everyone, from the unit summaries, in three round trips (the people
    # the cycle leaves out, every department's head, are counters read with the period's: 2026-12-08)
    assert board.cycle is not None and board.cycle.participants == PEOPLE
    assert board.people == PEOPLE  # the staff: the heads the cycle leaves out count nowhere
    assert len(calls) == 3
