"""Each dashboard costs the same number of DynamoDB round trips at two company sizes.

Round trips are deterministic (items and read units are printed by bench/dashboards.py, which
builds the same tenant at 60 to 5,000 people).
"""

from __future__ import annotations

from typing import Any

import pytest

from bench._company import DASHBOARD_PERIOD, dashboard_tenant

SIZES = (30, 80)


def _trips(monkeypatch: pytest.MonkeyPatch, call: Any) -> int:
    from pynamodb.connection.base import Connection

    calls: list[str] = []
    real = Connection._make_api_call

    def spy(self: Connection, operation_name: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(operation_name)
        return real(self, operation_name, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Connection, "_make_api_call", spy)  # a spy: counts, changes nothing
        call()
    return len(calls)


@pytest.fixture(scope="module")
def round_trips_by_size() -> dict[int, dict[str, int]]:
    from chalicelib.dashboards import service as dashboards
    from tests.conftest import fresh_aws

    out = {}
    for size in SIZES:
        with fresh_aws(), pytest.MonkeyPatch.context() as monkeypatch:
            world = dashboard_tenant(size)
            sales, hr, executive = world["sales"], world["hr"], world["executive"]
            out[size] = {
                "director": _trips(monkeypatch, lambda: dashboards.director(executive, DASHBOARD_PERIOD)),
                "unit": _trips(monkeypatch, lambda: dashboards.unit(sales.manager, sales.unit.unit_id, None)),
                "hr": _trips(monkeypatch, lambda: dashboards.hr(hr, DASHBOARD_PERIOD)),
            }
    return out


@pytest.mark.parametrize("dashboard, expected", [("director", 6), ("unit", 6), ("hr", 5)])
def test_a_dashboard_costs_the_same_round_trips_at_both_sizes(round_trips_by_size, dashboard, expected):
    # Given the same tenant at 30 and at 80 people / When the dashboard is read / Then the round trips match
    assert {size: trips[dashboard] for size, trips in round_trips_by_size.items()} == dict.fromkeys(SIZES, expected)
