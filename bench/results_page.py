"""A 200-person cycle's results page: how many DynamoDB round trips one read costs.

Builds (in moto) a company of 200 staff in four departments, publishes two indicators to each
(conversion rate and collection rate, through the indicators service), opens a quarterly cycle,
locks goals, enters three months of actuals for everyone, and then reads the results page the way
``GET /reviews/cycles/{cycle_id}/results`` does (HR: everyone; a manager: their department),
counting DynamoDB calls. Also prints the cost of locking goals, of one person's page and of the
calibration view. Prints figures; never fails on them.

    .venv/bin/python bench/results_page.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._company import company  # noqa: E402
from bench._support import round_trips  # noqa: E402  (before any DynamoDB client exists)
from tests.support import env  # noqa: E402

env.configure()

from moto import mock_aws  # noqa: E402

DEPARTMENTS = [("SALES", "销售部", 70), ("OPS", "运营部", 50), ("RISK", "风控部", 40), ("FIN", "财务部", 40)]
PERIOD = "2026-Q2"
MONTH_ENDS = ("2026-04-30", "2026-05-31", "2026-06-30")
ENTRIES_PER_REQUEST = 8
SAMPLE_REQUESTS = 5


def build() -> dict[str, object]:
    from chalicelib.core.context import RequestContext
    from chalicelib.indicators import service as indicators
    from chalicelib.indicators.schemas import DataSource, IndicatorInput, SetAction, SetCreate
    from chalicelib.org.schemas import Person
    from chalicelib.reviews import actuals, service, store
    from chalicelib.reviews.schemas import ActualEntry, ActualsInput, CycleAdvance, CycleCreate

    bench = company()
    hr, tenant = bench.hr, bench.hr.tenant_id
    excluded: list[str] = []
    staff: list[Person] = []
    managers: list[RequestContext] = []
    for code, name, size in DEPARTMENTS:
        department = bench.department(code, name, staff=size, headcount=size)
        unit, position, head, manager = department.unit, department.position, department.head, department.manager
        excluded.append(head.person_id)
        staff.extend(department.staff)
        managers.append(manager)
        source = DataSource(unit_id=unit.unit_id, system="CRM", owner_person_id=head.person_id)
        s = indicators.create_set(manager, SetCreate(period=PERIOD, position_id=position.position_id, title=name,
                                                     indicators=[
            IndicatorInput(template_code="SALES_CONVERSION_RATE", target=10, threshold=6, stretch=15, weight=60,
                           data_source=source),
            IndicatorInput(template_code="SALES_COLLECTION_RATE", target=98, threshold=95, weight=40,
                           data_source=source)]))
        s = indicators.submit_set(manager, s.set_id, SetAction(version=s.version))
        indicators.approve_set(hr, s.set_id, SetAction(version=s.version))
    cycle = service.create_cycle(hr, CycleCreate(name="2026 年第二季度考核", period=PERIOD,
                                                 excluded_person_ids=excluded))
    with round_trips() as trips:
        locked = service.advance(hr, cycle.cycle_id, CycleAdvance(version=cycle.version))
    lock_trips = trips.total
    published = store.published_indicators(tenant, PERIOD)
    entries = []
    for n, person in enumerate(staff):
        for indicator in published[person.person_id]:
            for day in MONTH_ENDS:
                conversion = "converted" in (indicator.formula or "")
                values = ({"converted_customers": 6 + n % 7, "qualified_leads": 100 + n % 17} if conversion
                          else {"collected_amount": 95 + n % 5, "amount_due": 100})
                entries.append(ActualEntry(person_id=person.person_id, indicator_id=indicator.indicator_id,
                                           as_of=day, values=values))  # type: ignore[arg-type]
    # Through the API path for a sample (round trips per request), then the rest straight into the table
    # and one recompute: moto copies the whole table on every transaction, which makes 150 requests slow.
    sample = entries[:SAMPLE_REQUESTS * ENTRIES_PER_REQUEST]
    with round_trips() as trips:
        for start in range(0, len(sample), ENTRIES_PER_REQUEST):
            actuals.record(hr, ActualsInput(period=PERIOD, entries=sample[start:start + ENTRIES_PER_REQUEST]))
    print(f"entering actuals: {trips.total / SAMPLE_REQUESTS:.1f} round trips per request of "
          f"{ENTRIES_PER_REQUEST} entries (2 measures each; {trips.by_operation} over {SAMPLE_REQUESTS} requests)")
    _seed(tenant, entries[len(sample):])
    with round_trips() as trips:
        service.refresh_results(hr, locked.cycle_id)
    print(f"recomputing all {len(staff)} results from {len(entries) * 2} stored values: {trips.total} round trips "
          f"{trips.by_operation}")
    return {"hr": hr, "cycle": locked, "lock_trips": lock_trips, "staff": staff, "managers": managers}


def main() -> None:
    from chalicelib.reviews import service
    from chalicelib.reviews.schemas import CalibrationQuery, ResultsQuery

    with mock_aws():
        started = time.perf_counter()
        world = build()
        print(f"built the demo company and cycle in {time.perf_counter() - started:.1f} s")
        hr, cycle = world["hr"], world["cycle"]
        print(f"locking goals for {len(cycle.participants)} participants (goal_setting -> in_progress): "  # type: ignore
              f"{world['lock_trips']} round trips")
        with round_trips() as trips:
            started = time.perf_counter()
            # the whole cycle in one page (limit 500), as the unpaged read returned it
            page = service.results_page(hr, cycle.cycle_id, ResultsQuery(limit=500))  # type: ignore[arg-type]
            elapsed = (time.perf_counter() - started) * 1000
        rated = sum(1 for r in page.items if r.rating)
        print(f"\nGET /reviews/cycles/{{cycle_id}}/results as HR ({len(page.items)} people, {rated} rated)")
        print(f"  DynamoDB round trips: {trips.total}  {trips.by_operation}   ({elapsed:.0f} ms in moto)")
        size = _partition_kb(hr.tenant_id, cycle.cycle_id)  # type: ignore[attr-defined]
        print(f"  results partition: {size:.0f} KB (one Query page holds 1 MB)")
        manager = world["managers"][0]  # type: ignore[index]
        with round_trips() as trips:
            mine = service.results_page(manager, cycle.cycle_id, ResultsQuery(limit=500))  # type: ignore
        print(f"as 销售部's manager ({len(mine.items)} people): {trips.total} round trips {trips.by_operation}")
        person = world["staff"][0]  # type: ignore[index]
        with round_trips() as trips:
            service.person_view(hr, cycle.cycle_id, person.person_id)  # type: ignore[arg-type, attr-defined]
        print(f"one person's page: {trips.total} round trips {trips.by_operation}")
        with round_trips() as trips:
            view = service.calibration_view(hr, cycle.cycle_id, CalibrationQuery())  # type: ignore[arg-type]
        print(f"calibration view ({len(view.units)} units): {trips.total} round trips {trips.by_operation}")
        with round_trips() as trips:
            detail = service.get_cycle(hr, cycle.cycle_id)  # type: ignore[arg-type, attr-defined]
        print(f"cycle detail with blockers ({len(detail.blockers)} blockers): {trips.total} round trips "
              f"{trips.by_operation}")


def _seed(tenant_id: str, entries: list) -> None:  # type: ignore[type-arg]
    from datetime import date

    from chalicelib.reviews import periods, store
    from chalicelib.reviews.schemas import ActualValue

    period = periods.parse(PERIOD)
    with store.ActualItem.batch_write() as batch:
        for entry in entries:
            for key, number in entry.values.items():
                value = ActualValue(person_id=entry.person_id, indicator_id=entry.indicator_id, measure=key,
                                    period=PERIOD, unit_index=period.index_of(date.fromisoformat(str(entry.as_of))),
                                    value=number, entered_by_user_id="bench", entered_at="2026-06-30T00:00:00")
                item = store.actual_item(tenant_id, value, 0)
                item.version = 1
                batch.save(item)


def _partition_kb(tenant_id: str, cycle_id: str) -> float:
    import json

    from chalicelib.core.db import Item, query
    from chalicelib.reviews import store

    items = list(query(Item, store.cycle_pk(tenant_id, cycle_id), "R#"))
    return sum(len(json.dumps(i.serialize(), ensure_ascii=False).encode()) for i in items) / 1024


if __name__ == "__main__":
    main()
