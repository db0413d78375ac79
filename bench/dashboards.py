"""What each dashboard reads as the company grows: round trips, items and read units per request.

    .venv/bin/python bench/dashboards.py                    # 60 and 250 people (a few minutes)
    .venv/bin/python bench/dashboards.py --sizes 60,250,2000,5000   # the issue's four sizes (slow: each
                                                                    # size prints its figures as it ends)

For each size, builds one tenant in moto straight through the services (batched writes): a fixed
25-person department 销售部 (the measured department head) and more 50-person departments up to the
size; each department's position gets a published indicator set (conversion rate), a company-wide
monthly cycle locks goals, and one month of actuals is stored for everyone (then the results are
recomputed once). Then it reads, as each role would, counting DynamoDB calls with botocore hooks:

* ``GET /dashboards/director`` as the executive (whole company),
* ``GET /dashboards/units/{销售部}`` as 销售部's head (the same 25 people at every size),
* ``GET /dashboards/hr`` as HR,
* ``GET /reviews/cycles/{c}/results`` as HR and as 销售部's head,
* ``GET /reviews/units/{销售部}/forecast`` as 销售部's head,

and prints round trips / items returned / estimated read units, the largest item of the tenant,
and each figure's growth from the smallest size, and the largest stored item per item kind. Prints
figures; never fails on them. Runs on ``bench._fast_moto`` (checked equal to moto by
tests/unit/test_fast_moto.py); ``--plain-moto`` runs on the tests' moto instead (same figures, slower).
It reads through the services only, so it measures whatever the dashboards read today.
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
from bench._company import dashboard_tenant  # noqa: E402
from bench._fast_moto import apply as fast_moto_queries  # noqa: E402
from bench._support import round_trips  # noqa: E402
from tests.support import env  # noqa: E402

env.configure()
env.fast_moto_transactions()
if "--plain-moto" in sys.argv:  # moto_patches only (as the tests): to compare figures with the fast path
    sys.argv.remove("--plain-moto")
else:
    fast_moto_queries()  # tests/unit/test_fast_moto.py: the same answers as moto as shipped

PERIOD = "2026-05"  # bench._company.DASHBOARD_PERIOD


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


def largest_items() -> dict[str, int]:
    """The largest stored item's bytes per item kind (``kind`` attribute), over the whole table: what
    "no item over 64 KB" is read from. Reads moto's table directly (not a DynamoDB request)."""
    from bench._capacity import _moto_table
    from chalicelib.core.settings import settings

    table = _moto_table(settings().table_name)
    best: dict[str, int] = {}
    for partition in table.items.values():
        for item in partition.values() if table.range_key_attr else [partition]:
            attrs = {name: attr.to_regular_json() for name, attr in item.attrs.items()}
            kind = str(item.attrs["kind"].value) if "kind" in item.attrs else "?"
            best[kind] = max(best.get(kind, 0), item_bytes(attrs))
    return dict(sorted(best.items(), key=lambda pair: -pair[1]))


def run(size: int) -> dict[str, Figure | Any]:
    from moto import mock_aws

    from chalicelib.dashboards import service as dashboards
    from chalicelib.reviews import service as reviews
    from chalicelib.reviews.schemas import ForecastQuery

    with mock_aws():
        started = time.perf_counter()
        world = dashboard_tenant(size)
        hr, executive, sales, cycle = world["hr"], world["executive"], world["sales"], world["cycle"]
        unit_id = sales.unit.unit_id
        out: dict[str, Any] = {
            "director (executive)": measure(lambda: dashboards.director(executive, PERIOD)),
            "unit 销售部 (its head)": measure(lambda: dashboards.unit(sales.manager, unit_id, None)),
            "hr (HR)": measure(lambda: dashboards.hr(hr, PERIOD)),
            "results page (HR)": measure(lambda: reviews.results_page(hr, cycle.cycle_id)),
            "results page (销售部's head)": measure(lambda: reviews.results_page(sales.manager, cycle.cycle_id)),
            "forecast 销售部 (its head)": measure(
                lambda: reviews.unit_forecast(sales.manager, unit_id, ForecastQuery(cycle_id=cycle.cycle_id))
            ),
        }
        out["largest items"] = largest_items()
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
        for name, f in runs[size].items():  # each size as it completes: a long run killed later keeps these
            if isinstance(f, Figure):
                print(f"  {name:<32} {f.trips} trips / {f.items} items / {f.rru:.1f} RRU", flush=True)
        kinds = runs[size]["largest items"]
        print("  largest item per kind: " + ", ".join(f"{k} {b / 1024:.1f} KB" for k, b in kinds.items()), flush=True)
    print_table(runs, sizes)
    return 0


def print_table(runs: dict[int, dict[str, Any]], sizes: list[int]) -> None:
    """round trips / items / read units per request and role, with the growth of items and read units
    from the smallest size (x1.0 = flat)."""
    first = runs[sizes[0]]
    print("\nround trips / items returned / read units per request (growth of items, read units vs the smallest)")
    labels = [str(runs[s]["people"]) + " people" for s in sizes]
    header = f"{'request (role)':<30}" + "".join(f"{label:>34}" for label in labels)
    print(header)
    for name, base in first.items():
        if not isinstance(base, Figure):
            continue
        cells = []
        for s in sizes:
            f = runs[s][name]
            items = f"x{f.items / base.items:.1f}" if base.items else "-"
            units = f"x{f.rru / base.rru:.1f}" if base.rru else "-"
            cells.append(f"{f.trips} / {f.items} / {f.rru:.1f} ({items}, {units})")
        print(f"{name:<30}" + "".join(f"{c:>34}" for c in cells))
    last = runs[sizes[-1]]["largest items"]
    kinds = sorted({k for s in sizes for k in runs[s]["largest items"]}, key=lambda k: -last.get(k, 0))
    print("\nlargest stored item per kind (KB)")
    for kind in kinds:
        cells = [runs[s]["largest items"].get(kind) for s in sizes]
        print(f"{kind:<30}" + "".join(f"{(f'{c / 1024:.1f}' if c else '-'):>34}" for c in cells))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
