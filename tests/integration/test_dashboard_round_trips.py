"""Each dashboard costs the same number of DynamoDB round trips at two company sizes.

Round trips are deterministic (items and read units are printed by bench/dashboards.py, which
builds the same tenant at 60 to 5,000 people).
"""

from __future__ import annotations

from typing import Any

import pytest

from bench._company import DASHBOARD_PERIOD, dashboard_tenant

SIZES = (30, 80)


def _reads(monkeypatch: pytest.MonkeyPatch, call: Any) -> tuple[int, int]:
    """DynamoDB round trips and items returned while ``call`` runs."""
    from pynamodb.connection.base import Connection

    calls: list[str] = []
    items = [0]
    real = Connection._make_api_call

    def spy(self: Connection, operation_name: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(operation_name)
        reply = real(self, operation_name, *args, **kwargs)
        if isinstance(reply, dict):
            items[0] += len(reply.get("Items", [])) + (1 if reply.get("Item") else 0) + sum(
                len(v) for v in reply.get("Responses", {}).values())
        return reply

    with monkeypatch.context() as patch:
        patch.setattr(Connection, "_make_api_call", spy)  # a spy: counts, changes nothing
        call()
    return len(calls), items[0]


def _trips(monkeypatch: pytest.MonkeyPatch, call: Any) -> int:
    return _reads(monkeypatch, call)[0]


@pytest.fixture(scope="module")
def round_trips_by_size() -> dict[int, dict[str, int]]:
    from chalicelib.dashboards import service as dashboards
    from chalicelib.reviews import service as reviews
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
                "unit (items)": _reads(monkeypatch, lambda: dashboards.unit(sales.manager, sales.unit.unit_id,
                                                                            None))[1],
                "manager's results page": _trips(monkeypatch, lambda: reviews.results_page(
                    sales.manager, world["cycle"].cycle_id)),
                "manager's results page (items)": _reads(monkeypatch, lambda: reviews.results_page(
                    sales.manager, world["cycle"].cycle_id))[1],
            }
    return out


# The unit page and a manager's results page read their own department's slice: the fixed 25-person
# 销售部 costs the same round trips *and items* whatever the company's size (77 items: the 25 results, each
# participant's previous-period reference fixed at lock, each participant's per-step points of their one
# indicator — a steps item per person and indicator with actuals, kept out of the result since 2026-12-08 so
# that the result does not grow with the steps — and the slice's reviews). The director reads the
# units with their headcounts, the period's rollout counters and problem sets (no person: 2026-12-08) and
# the trend partition (cycles with their units' summaries), + one BatchGetItem for the people the cycle
# leaves out (this tenant's cycle excludes every department head). The HR
# desk's fifth trip is the expiring contracts and probation ends (one Query over 30 days of date-keyed items).
@pytest.mark.parametrize("dashboard, expected", [
    ("director", 4), ("unit", 3), ("hr", 5), ("unit (items)", 77),
    ("manager's results page", 3), ("manager's results page (items)", 77)])
def test_a_dashboard_costs_the_same_round_trips_at_both_sizes(round_trips_by_size, dashboard, expected):
    # Given the same tenant at 30 and at 80 people / When the dashboard is read / Then the round trips match
    assert {size: trips[dashboard] for size, trips in round_trips_by_size.items()} == dict.fromkeys(SIZES, expected)
