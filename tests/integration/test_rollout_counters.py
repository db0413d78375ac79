"""The rollout counters kept on write equal the rollout computed from the sources, through the writes
that move them (approve, confirm, question, a person moving unit, leaving), and the backfill rebuilds
them, twice with the same result."""

from __future__ import annotations

from typing import Any

import pytest

import app as application
from tests.support.indicator_sources import conversion, draft_set, sales_goal, with_source
from tests.support.world import Company, staffed_company

PERIOD = "2026-Q1"


@pytest.fixture(scope="module")
def company():
    """销售部: seller (published set, confirmation pending) and seller2 (a set in review); 技术部: engineer."""
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        demo = staffed_company(Api(client), "计数测试公司")
        demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
        goal = sales_goal(demo)
        published = _submitted(demo, "seller", goal)
        approved = demo.as_("hr").post(
            f"/indicators/sets/{published['set_id']}/approve", {"version": published["version"]}
        )
        assert approved.status == 200, approved.body
        demo.units["set:seller"] = published["set_id"]
        _submitted(demo, "seller2", goal)
        yield demo


def _submitted(company: Company, person: str, goal: str | None) -> dict[str, Any]:
    s = draft_set(
        company,
        [with_source(company, conversion(weight=100), goal_id=goal)],
        period=PERIOD,
        person_ids=[company.people[person]],
        title=person,
    )
    reply = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/submit", {"version": s["version"]})
    assert reply.status == 200, reply.body
    return reply.body


def _from_counters(tenant_id: str) -> dict[str, dict[str, int]]:
    """Each unit's own people by stage, as the counters hold them."""
    from chalicelib.indicators import rollup
    from chalicelib.indicators.service import _own_counts

    units = rollup.units(tenant_id)
    counters, _ = rollup.period_counters(tenant_id, PERIOD)
    out = {}
    for unit_id, found in units.items():
        own = _own_counts(found.people, counters.get(unit_id, {})).model_dump()
        if any(own.values()):
            out[unit_id] = own
    return out


def _from_sources(tenant_id: str) -> dict[str, dict[str, int]]:
    """The same, counted person by person from the org tree and the period's rollout partition."""
    from chalicelib.indicators import store
    from chalicelib.indicators.service import person_status
    from chalicelib.org import store as org_store
    from chalicelib.org.schemas import PersonStatus

    _, _, people = org_store.whole_tree(tenant_id)
    status = person_status(*store.rollout_partition(tenant_id, PERIOD))
    out: dict[str, dict[str, int]] = {}
    for person in people:
        if person.status == PersonStatus.LEFT:
            continue
        counts = out.setdefault(
            person.unit_id,
            dict.fromkeys(
                ("not_started", "drafting", "in_review", "returned", "approved", "confirmed", "questioned"), 0
            ),
        )
        bucket, questioned = status.get(person.person_id, ("not_started", False))
        counts[bucket] += 1
        counts["questioned"] += 1 if questioned else 0
    return out


def _patch_person(company: Company, label: str, **fields: Any) -> None:
    person_id = company.people[label]
    current = company.admin.get(f"/org/people/{person_id}").body
    reply = company.admin.patch(f"/org/people/{person_id}", {"version": current["version"], **fields})
    assert reply.status == 200, reply.body


def test_the_counters_follow_every_write(company: Company):
    # Given the approved, published and submitted sets: the counters equal the sources
    assert _from_counters(company.tenant_id) == _from_sources(company.tenant_id)
    sales = _from_counters(company.tenant_id)[company.units["SALES"]]
    assert (sales["approved"], sales["in_review"]) == (1, 1)
    # When the seller asks a question, seller2 moves to 技术部 and the engineer leaves
    set_id = company.units["set:seller"]
    asked = company.as_("employee").post(f"/indicators/me/{set_id}/question", {"text": "目标是否包含续约客户？"})
    assert asked.status in (200, 201), asked.body
    _patch_person(company, "seller2", unit_id=company.units["TECH"])
    _patch_person(company, "engineer", status="left")
    # Then the counters still equal the sources, stage by stage and unit by unit
    counted = _from_counters(company.tenant_id)
    assert counted == _from_sources(company.tenant_id)
    assert counted[company.units["SALES"]]["questioned"] == 1
    assert counted[company.units["TECH"]]["in_review"] == 1
    # When the seller confirms after all
    assert company.as_("employee").post(f"/indicators/me/{set_id}/confirm", {}).status == 200
    # Then the rollout shows it
    assert _from_counters(company.tenant_id) == _from_sources(company.tenant_id)
    assert _from_counters(company.tenant_id)[company.units["SALES"]]["confirmed"] == 1


def test_the_backfill_rebuilds_the_counters_and_repeats_safely(company: Company):
    from chalicelib.core.db import Item
    from chalicelib.indicators import rollup
    from chalicelib.indicators.service import rebuild_rollup

    before = company.as_("hr").get("/indicators/rollout", period=PERIOD).body
    # Given a tenant whose rollout items were never written (data from before 2026-12-08)
    kinds = (rollup.RollupUnitItem, rollup.RollupCounterItem, rollup.RollupStatusItem, rollup.RollupProblemItem)
    for item in Item.scan():
        if isinstance(item, kinds) and item.PK.startswith(f"T#{company.tenant_id}"):
            item.delete()
    assert company.as_("hr").get("/indicators/rollout", period=PERIOD).body["people"] == 0
    # When the backfill runs twice
    assert rebuild_rollup(company.tenant_id) > 0
    first = _stored(kinds)
    rebuild_rollup(company.tenant_id)
    # Then the rollout is back, and the second run changed nothing
    assert company.as_("hr").get("/indicators/rollout", period=PERIOD).body == before
    assert _stored(kinds) == first


def _stored(kinds: tuple[type, ...]) -> list[tuple[str, str, str]]:
    from chalicelib.core.db import Item

    return sorted((i.PK, i.SK, repr(i.serialize())) for i in Item.scan() if isinstance(i, kinds))
