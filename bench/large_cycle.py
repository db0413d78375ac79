"""A cycle of 5,000 participants opens, locks, advances and reports: round trips, time, item sizes.

    .venv/bin/python bench/large_cycle.py               # 5,000 people (several minutes under moto)
    .venv/bin/python bench/large_cycle.py --people 1000

Builds the tenant with ``bench._company.large_cycle_tenant`` (departments of 80, batched writes),
locks goals, moves the cycle twice, then reads it as HR (``GET /reviews/cycles/{id}``, the first
results page, the cycle list) and prints round trips per step and the stored cycle item's size —
which used to embed every participant and hit DynamoDB's 400 KB item limit near 3,000 people.
tests/integration/test_large_cycle.py runs the same at 1,000 people. Prints; never fails on time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._company import large_cycle_tenant  # noqa: E402
from bench._fast_moto import apply as fast_moto  # noqa: E402
from bench._support import round_trips  # noqa: E402  (before any DynamoDB client exists)
from tests.support import env  # noqa: E402

env.configure()
env.fast_moto_transactions()
fast_moto()  # tests/unit/test_fast_moto.py: the same answers as moto as shipped


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args(argv[1:])
    import boto3
    from moto import mock_aws

    from chalicelib.core.settings import settings
    from chalicelib.reviews import service
    from chalicelib.reviews.schemas import CycleQuery, ResultsQuery
    from chalicelib.reviews.store import cycle_key

    with mock_aws():
        world = large_cycle_tenant(args.people)
        hr, moved = world["hr"], world["moved"]
        for step, seconds in world["seconds"].items():
            print(f"{step:<32}{seconds:8.1f} s")
        print(
            f"participants locked: {world['locked'].participant_count}; stage now {moved.stage}; "
            f"missed self reviews recorded: {moved.history[-1].missed_count} "
            f"(kept in the item: {len(moved.history[-1].missed)})"
        )
        for name, call in (
            ("GET /reviews/cycles/{id}", lambda: service.get_cycle(hr, moved.cycle_id)),
            ("GET .../results (first 100)", lambda: service.results_page(hr, moved.cycle_id, ResultsQuery())),
            ("GET /reviews/cycles", lambda: service.list_cycles(hr, CycleQuery())),
        ):
            started = time.perf_counter()
            with round_trips() as trips:
                answer = call()
            extra = ""
            if name == "GET /reviews/cycles/{id}":
                extra = f", {len(answer.cycle.participants)} participants, {len(answer.blockers)} blockers"  # type: ignore
            print(
                f"{name:<32}{trips.total:3d} round trips {trips.by_operation} "
                f"{time.perf_counter() - started:6.1f} s{extra}"
            )
        pk, sk = cycle_key(hr.tenant_id, moved.cycle_id)
        item = boto3.client("dynamodb").get_item(
            TableName=settings().table_name, Key={"PK": {"S": pk}, "SK": {"S": sk}}
        )["Item"]
        print(f"stored cycle item: {len(json.dumps(item, ensure_ascii=False).encode()) / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
