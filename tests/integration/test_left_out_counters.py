"""A locked cycle's left-out people are counted on write: the director takes them out of completion from
the period's counters (no person read), the same as reading them, through a stage change and a move of an
excluded head, and the backfill rebuilds the same counters twice."""

from __future__ import annotations

from typing import Any

import pytest

from bench._company import DASHBOARD_PERIOD, dashboard_tenant


@pytest.fixture(scope="module")
def world() -> Any:
    from tests.conftest import fresh_aws

    with fresh_aws():
        yield dashboard_tenant(30)


def _rollout(world: dict[str, Any], counted: bool) -> dict[str, Any]:
    """The director's rollout, from the left-out counters (``counted``) or by reading the excluded people."""
    from chalicelib.indicators import service as indicators
    from chalicelib.indicators.schemas import RolloutQuery

    cycle = world["cycle"]
    rollout, _, _ = indicators.rollout_with_sources(
        world["executive"],
        RolloutQuery(period=DASHBOARD_PERIOD),
        frozenset(cycle.excluded_person_ids),
        cycle.cycle_id if counted else "",
    )
    return rollout.model_dump()


def _left_out_items(tenant_id: str) -> dict[str, tuple[int, ...]]:
    from chalicelib.indicators import rollup

    found = rollup.period_read(tenant_id, DASHBOARD_PERIOD)
    return {
        f"{c}/{u}": tuple(sorted(v.items()))
        for c, units in found.left_out.items()
        for u, v in units.items()
        if any(v.values())
    }  # a unit everyone left out has moved away from holds zeros


def test_the_locked_cycle_leaves_its_heads_out_without_reading_them(world, monkeypatch: pytest.MonkeyPatch):
    from pynamodb.connection.base import Connection

    # Given the cycle locked with every department head left out
    calls: list[str] = []
    real = Connection._make_api_call

    def spy(self: Connection, operation_name: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(operation_name)
        return real(self, operation_name, *args, **kwargs)

    # When the director's rollout is read
    monkeypatch.setattr(Connection, "_make_api_call", spy)
    counted = _rollout(world, counted=True)
    monkeypatch.undo()
    # Then it costs the units and the period's counters (no BatchGetItem of people), and matches reading them
    assert calls == ["Query", "Query"]
    assert counted == _rollout(world, counted=False)
    sales = next(r for r in counted["items"] if r["unit_id"] == world["sales"].unit.unit_id)
    assert sales["people"] == 25  # the 25 staff, not the head


def test_an_excluded_heads_stage_and_move_keep_the_counters_right(world):
    from chalicelib.indicators import service as indicators
    from chalicelib.indicators.schemas import DataSource, IndicatorInput, SetAction, SetCreate
    from chalicelib.org import service as org
    from chalicelib.org import store as org_store
    from chalicelib.org.schemas import PersonUpdate

    hr, sales = world["hr"], world["sales"]
    head = sales.head
    # Given the sales head (left out by the locked cycle) gets a set of their own, submitted
    source = DataSource(unit_id=sales.unit.unit_id, system="CRM", owner_person_id=head.person_id)
    drafted = indicators.create_set(
        hr,
        SetCreate(
            period=DASHBOARD_PERIOD,
            person_ids=[head.person_id],
            title="负责人",
            indicators=[
                IndicatorInput(
                    template_code="SALES_CONVERSION_RATE",
                    target=10,
                    threshold=6,
                    stretch=15,
                    weight=100,
                    data_source=source,
                )
            ],
        ),
    )
    indicators.submit_set(hr, drafted.set_id, SetAction(version=drafted.version))
    # Then the counters still leave them out, exactly as reading them would
    assert _rollout(world, counted=True) == _rollout(world, counted=False)
    # When the head moves to another department
    other = next(u for u in org_store.list_units(hr.tenant_id) if u.code == "D001")
    person = org.get_person(hr, head.person_id)
    org.update_person(hr, head.person_id, PersonUpdate(version=person.version, unit_id=other.unit_id))
    # Then too
    assert _rollout(world, counted=True) == _rollout(world, counted=False)


def test_the_backfill_rebuilds_the_left_out_counters_and_repeats_safely(world):
    from chalicelib.core.db import Item
    from chalicelib.indicators import rollup
    from chalicelib.indicators.service import rebuild_rollup

    tenant_id = world["hr"].tenant_id
    expected = _left_out_items(tenant_id)
    # Given the left-out counters lost (a cycle locked before 2026-12-08)
    for item in Item.scan():
        if isinstance(item, rollup.RollupExcludedItem) and item.PK.startswith(f"T#{tenant_id}"):
            item.delete()
    assert _left_out_items(tenant_id) == {}
    # When the backfill runs twice
    rebuild_rollup(tenant_id)
    first = _left_out_items(tenant_id)
    rebuild_rollup(tenant_id)
    # Then the counters are back, the same after the second run, and the director reads them
    assert first == expected == _left_out_items(tenant_id)
    assert _rollout(world, counted=True) == _rollout(world, counted=False)
