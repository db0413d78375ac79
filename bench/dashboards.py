"""What each dashboard reads as the company grows: round trips, items and read units per request.

    .venv/bin/python bench/dashboards.py                    # 60 and 250 people (a few minutes)
    .venv/bin/python bench/dashboards.py --sizes 60,250,2000,5000   # the issue's four sizes (slow)

For each size, builds one tenant in moto straight through the services (batched writes): a fixed
25-person department 销售部 (the measured department head) and more 50-person departments up to the
size; each department's position gets a published indicator set (conversion rate), a company-wide
monthly cycle locks goals, and one month of actuals is stored for everyone (then the results are
recomputed once). Then it reads, as each role would, counting DynamoDB calls with botocore hooks:

* ``GET /dashboards/director`` as the executive (whole company),
* ``GET /dashboards/units/{销售部}`` as 销售部's head (the same 25 people at every size),
* ``GET /dashboards/hr`` as HR,
* ``GET /reviews/cycles/{c}/results`` as HR and as 销售部's head,

and prints round trips / items returned / estimated read units, the largest item of the tenant,
and each figure's growth from the smallest size. Prints figures; never fails on them. Under moto
every Query scans the whole table, so the big sizes take long: count calls, not milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import botocore.handlers  # noqa: E402

from bench._capacity import capacity, item_bytes  # noqa: E402  (before any DynamoDB client exists)
from bench._support import round_trips  # noqa: E402
from tests.support import env  # noqa: E402

env.configure()
env.fast_moto_transactions()

PERIOD = "2026-05"
FIXED_DEPARTMENT = 25
DEPARTMENT = 50


class _ItemCounter:
    """Items DynamoDB returned (Query/Scan pages, GetItem, BatchGetItem) while active."""

    active: list[list[int]] = []

    @classmethod
    def after(cls, parsed: Any = None, model: Any = None, **_: Any) -> None:
        if not cls.active or not isinstance(parsed, dict):
            return
        name = getattr(model, "name", "")
        count = 0
        if name in ("Query", "Scan"):
            count = len(parsed.get("Items", []))
        elif name == "GetItem":
            count = 1 if parsed.get("Item") else 0
        elif name == "BatchGetItem":
            count = sum(len(v) for v in parsed.get("Responses", {}).values())
        for box in cls.active:
            box[0] += count


botocore.handlers.BUILTIN_HANDLERS.append(("after-call.dynamodb", _ItemCounter.after))


@dataclass
class Figure:
    trips: int
    items: int
    rru: float


def measure(call: Any) -> Figure:
    box = [0]
    _ItemCounter.active.append(box)
    try:
        with round_trips() as trips, capacity() as units:
            call()
    finally:
        _ItemCounter.active.remove(box)
    return Figure(trips.total, box[0], units.read)


def build(size: int) -> dict[str, Any]:
    from bench._company import company
    from chalicelib.core.context import RequestContext, Role
    from chalicelib.indicators import service as indicators
    from chalicelib.indicators.schemas import DataSource, IndicatorInput, SetAction, SetCreate
    from chalicelib.reviews import service
    from chalicelib.reviews.schemas import CycleAdvance, CycleCreate

    bench = company()
    hr = bench.hr
    departments = [bench.department("SALES", "销售部", staff=FIXED_DEPARTMENT, headcount=FIXED_DEPARTMENT)]
    people = FIXED_DEPARTMENT + 1
    n = 1
    while people < size:
        staff = min(DEPARTMENT, max(1, size - people - 1))
        departments.append(bench.department(f"D{n:03d}", f"部门{n:03d}", staff=staff, headcount=staff))
        people += staff + 1
        n += 1
    for d in departments:
        source = DataSource(unit_id=d.unit.unit_id, system="CRM", owner_person_id=d.head.person_id)
        s = indicators.create_set(d.manager, SetCreate(
            period=PERIOD, position_id=d.position.position_id, title=d.unit.name, indicators=[
                IndicatorInput(template_code="SALES_CONVERSION_RATE", target=10, threshold=6, stretch=15,
                               weight=100, data_source=source)]))
        s = indicators.submit_set(d.manager, s.set_id, SetAction(version=s.version))
        indicators.approve_set(hr, s.set_id, SetAction(version=s.version))
    cycle = service.create_cycle(hr, CycleCreate(name="2026 年 5 月考核", period=PERIOD,
                                                 excluded_person_ids=[d.head.person_id for d in departments]))
    locked: Any = None
    try:
        locked = service.advance(hr, cycle.cycle_id, CycleAdvance(version=cycle.version))
    except Exception as exc:  # noqa: BLE001 - a figure to print (e.g. the cycle item over 400 KB)
        print(f"  locking goals failed at {people} people: {exc.__class__.__name__}: {str(exc)[:160]}")
    if locked is not None:
        _seed_actuals(hr.tenant_id, [p for d in departments for p in d.staff])
        service.refresh_results(hr, locked.cycle_id)
    executive = RequestContext(tenant_id=hr.tenant_id, user_id="exec", person_id="",
                               roles=frozenset({Role.EXECUTIVE}))
    return {"hr": hr, "executive": executive, "sales": departments[0], "cycle": locked or cycle,
            "people": people}


def _seed_actuals(tenant_id: str, staff: list[Any]) -> None:
    from chalicelib.reviews import periods, store
    from chalicelib.reviews.schemas import ActualValue

    published = store.published_indicators(tenant_id, PERIOD)
    period = periods.parse(PERIOD)
    with store.ActualItem.batch_write() as batch:
        for n, person in enumerate(staff):
            for indicator in published.get(person.person_id, []):
                for key, number in (("converted_customers", 6 + n % 7), ("qualified_leads", 100 + n % 17)):
                    value = ActualValue(person_id=person.person_id, indicator_id=indicator.indicator_id,
                                        measure=key, period=PERIOD, unit_index=period.index_of(period.start),
                                        value=number, entered_by_user_id="bench", entered_at="2026-05-20T00:00:00")
                    item = store.actual_item(tenant_id, value, 0)
                    item.version = 1
                    batch.save(item)


def largest_item(tenant_id: str) -> tuple[int, str]:
    from bench._capacity import _moto_table
    from chalicelib.core.settings import settings

    table = _moto_table(settings().table_name)
    best = (0, "")
    for item in table.all_items():
        attrs = {name: attr.to_regular_json() for name, attr in item.attrs.items()}
        size = item_bytes(attrs)
        if size > best[0]:
            best = (size, str(attrs.get("kind", {}).get("S", "?")))
    return best


def run(size: int) -> dict[str, Figure | Any]:
    from moto import mock_aws

    from chalicelib.dashboards import service as dashboards
    from chalicelib.reviews import service as reviews

    with mock_aws():
        started = time.perf_counter()
        world = build(size)
        hr, executive, sales, cycle = world["hr"], world["executive"], world["sales"], world["cycle"]
        unit_id = sales.unit.unit_id
        out: dict[str, Any] = {
            "director (executive)": measure(lambda: dashboards.director(executive, PERIOD)),
            "unit 销售部 (its head)": measure(lambda: dashboards.unit(sales.manager, unit_id, None)),
            "hr (HR)": measure(lambda: dashboards.hr(hr, PERIOD)),
            "results page (HR)": measure(lambda: reviews.results_page(hr, cycle.cycle_id)),
            "results page (销售部's head)": measure(lambda: reviews.results_page(sales.manager, cycle.cycle_id)),
        }
        out["largest item"] = largest_item(hr.tenant_id)
        out["people"] = world["people"]
        out["seconds"] = time.perf_counter() - started
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="60,250", help="people per tenant, comma-separated")
    args = parser.parse_args(argv[1:])
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = {}
    for size in sizes:
        print(f"building and measuring {size} people...", flush=True)
        runs[size] = run(size)
        print(f"  done in {runs[size]['seconds']:.0f} s", flush=True)
    first = runs[sizes[0]]
    print("\nround trips / items returned / read units per request (growth vs the smallest size)")
    labels = [str(runs[s]["people"]) + " people" for s in sizes]
    header = f"{'request':<30}" + "".join(f"{label:>30}" for label in labels)
    print(header)
    for name, base in first.items():
        if not isinstance(base, Figure):
            continue
        cells = []
        for s in sizes:
            f = runs[s][name]
            growth = f"x{f.rru / base.rru:.1f}" if base.rru else "-"
            cells.append(f"{f.trips} / {f.items} / {f.rru:.1f} ({growth})")
        print(f"{name:<30}" + "".join(f"{c:>30}" for c in cells))
    largest = [f"{runs[s]['largest item'][0] / 1024:.1f} KB {runs[s]['largest item'][1]}" for s in sizes]
    print(f"{'largest item':<30}" + "".join(f"{cell:>30}" for cell in largest))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
