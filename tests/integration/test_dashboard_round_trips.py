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
                "unit (items)": _reads(monkeypatch, lambda: dashboards.unit(sales.manager, sales.unit.unit_id,
                                                                            None))[1],
                "manager's results page": _trips(monkeypatch, lambda: reviews.results_page(
                    sales.manager, world["cycle"].cycle_id)),
                "manager's results page (items)": _reads(monkeypatch, lambda: reviews.results_page(
                    sales.manager, world["cycle"].cycle_id))[1],
            }
            _hr_desk_work(world)
            out[size]["hr"] = _trips(monkeypatch, lambda: dashboards.hr(hr, DASHBOARD_PERIOD))
            desk = dashboards.hr(hr, DASHBOARD_PERIOD)
            out[size]["hr lists shown, named"] = sum(
                1 for shown in (desk.queue, desk.questions, desk.overdue_tasks, desk.reminders, desk.mail_problems,
                                desk.expiring)
                if shown and all(getattr(row, name, "x") for row in shown
                                 for name in ("unit_name", "person_name", "assignee_name", "recipient_name")))
    return out


def _hr_desk_work(world: dict[str, Any]) -> None:
    """One entry on each of the HR desk's lists: a set in review with an open question, an overdue task, a
    digest delivered, a bounce, a contract ending in ten days."""
    from datetime import UTC, datetime, timedelta

    from chalicelib.collab import service as collab
    from chalicelib.collab.schemas import TaskCreate
    from chalicelib.core import clock
    from chalicelib.employment import service as employment
    from chalicelib.employment.schemas import ContractCreate
    from chalicelib.indicators import service as indicators
    from chalicelib.indicators import store as indicator_store
    from chalicelib.indicators.schemas import DataSource, IndicatorInput, Question, SetAction, SetCreate
    from chalicelib.reminders import store as reminder_store
    from chalicelib.reminders.service import china_today

    hr, sales = world["hr"], world["sales"]
    staff = sales.staff[0]
    today = china_today()
    source = DataSource(unit_id=sales.unit.unit_id, system="CRM", owner_person_id=sales.head.person_id)
    drafted = indicators.create_set(sales.manager, SetCreate(
        period=DASHBOARD_PERIOD, person_ids=[staff.person_id], title="补充指标", indicators=[
            IndicatorInput(template_code="SALES_CONVERSION_RATE", target=12, threshold=6, stretch=15, weight=100,
                           data_source=source)]))
    submitted = indicators.submit_set(sales.manager, drafted.set_id, SetAction(version=drafted.version))
    # An open question on it (as ``ask`` leaves one on a published set), written through the set's own writer
    from chalicelib.core.db import Changes

    changes = Changes()
    indicator_store.add_set(changes, hr.tenant_id, submitted.model_copy(update={"questions": [Question(
        question_id="q1", person_id=staff.person_id, text="目标是否包含续约客户？", at="2026-05-03T08:00:00+00:00",
        set_revision=submitted.revision)]}), new=False)
    changes.commit()
    clock.freeze(datetime.now(UTC) - timedelta(days=7))
    try:
        collab.create_task(hr, TaskCreate(title="补签合同", assignee_id=staff.person_id,
                                          deadline=today - timedelta(days=2)))
    finally:
        clock.freeze(None)
    employment.create_contract(hr, staff.person_id, ContractCreate(
        type="fixed_term", start_date=today - timedelta(days=700), end_date=today + timedelta(days=10),
        signed_on=today - timedelta(days=700)))
    reminder_store.finish_delivery(hr.tenant_id, today.isoformat(), f"P#{staff.person_id}", "sent", name=staff.name)
    reminder_store.record_mail_event(hr.tenant_id, staff.person_id, "bounce", "Permanent", staff.name)


# The unit page and a manager's results page read their own department's slice: the fixed 25-person
# 销售部 costs the same round trips *and items* whatever the company's size (77 items: the 25 results, each
# participant's previous-period reference fixed at lock, each participant's per-step points of their one
# indicator — a steps item per person and indicator with actuals, kept out of the result since 2026-12-08 so
# that the result does not grow with the steps — and the slice's reviews). The director reads the
# units with their headcounts, the period's rollout counters and problem sets (no person: 2026-12-08) and
# the trend partition (cycles with their units' summaries); the people the locked cycle leaves out (every
# department head here) are counters read with the period's (2026-12-08), not a BatchGetItem. The HR
# desk, with something on each of its six lists, reads the desk partition (sets HR has work on, mail
# problems, contract ends), the overdue tasks and the reminders sent, every row named as of its write.
@pytest.mark.parametrize("dashboard, expected", [
    ("director", 3), ("unit", 3), ("hr", 3), ("hr lists shown, named", 6), ("unit (items)", 77),
    ("manager's results page", 3), ("manager's results page (items)", 77)])
def test_a_dashboard_costs_the_same_round_trips_at_both_sizes(round_trips_by_size, dashboard, expected):
    # Given the same tenant at 30 and at 80 people / When the dashboard is read / Then the round trips match
    assert {size: trips[dashboard] for size, trips in round_trips_by_size.items()} == dict.fromkeys(SIZES, expected)
