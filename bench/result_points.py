"""One participant's stored items with and without the per-step points in the result (issue #15).

Writes, in moto, one scored result per shape (indicators × measures × steps) the way the reviews store
writes it since 2026-12-08 (the result without points or rules in words, one steps item per indicator) and
the same result as it was stored before (points and rules inside), and prints their DynamoDB sizes
(``bench/_capacity.py`` ``item_bytes``) and the write units of one actual (the result plus one steps item,
each written twice: table and GSI2). Names are bank-style zh-CN (an indicator ~13 characters, a
measure ~11). Prints figures; never fails on them.

    .venv/bin/python bench/result_points.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._capacity import item_bytes  # noqa: E402
from tests.support import env  # noqa: E402

env.configure()

SHAPES = [(8, 2, 3), (8, 2, 12), (8, 2, 31), (30, 2, 31), (30, 12, 12), (30, 12, 31)]
TENANT = "01JFTENANT0ABCDEFGHJKMNPQR"


def result_of(indicators: int, measures: int, steps: int, n: int) -> Any:
    from chalicelib.reviews import scorecards
    from chalicelib.reviews.schemas import IndicatorResult, MeasureResult, PersonResult
    from chalicelib.reviews.scoring import DEFAULT_SCALE

    out = []
    for i in range(indicators):
        keys = [f"qualified_leads_{m:02d}" for m in range(measures)]
        ms = [
            MeasureResult(key=key, name=f"第{m + 1}渠道有效线索客户数", unit="count", aggregation="sum",
                          points={str(s): float(1000 + 37 * s + m) for s in range(1, steps + 1)})
            for m, key in enumerate(keys)
        ]
        indicator = IndicatorResult(
            indicator_id=f"01JF{i:02d}ABCDEFGHJKMNPQRSTV", name=f"个人客户有效线索（第{i + 1}项）",
            formula=" + ".join(keys), unit="count", weight=100 / indicators, direction="higher_is_better",
            target=900000, threshold=600000, stretch=1200000, measures=ms)
        out.append(indicator.model_copy(update={"rule": scorecards.rule_text(indicator)}))
    unit = "01JFUNIT0ABCDEFGHJKMNPQRST"
    result = PersonResult(cycle_id=f"01JFCYCLE{n:02d}ABCDEFGHJKMNPQ", period="2027-01",
                          person_id="01JFPERSON0ABCDEFGHJKMNPQR", name="欧阳明远", unit_id=unit,
                          unit_path=["01JFROOT0ABCDEFGHJKMNPQRST", unit], manager_id="01JFHEAD0ABCDEFGHJKMNPQRST",
                          indicators=out)
    return scorecards.compute(result, DEFAULT_SCALE)


def sizes(result: Any) -> tuple[int, int, int]:
    """(result now, largest steps item, result as stored before) in bytes."""
    import boto3

    from chalicelib.core.db import Changes
    from chalicelib.core.settings import settings
    from chalicelib.reviews import store

    changes = Changes()
    store.add_result(changes, TENANT, result, "2027-01-01", new=True, before=None)
    changes.commit()
    client = boto3.client("dynamodb")
    items = client.query(TableName=settings().table_name, KeyConditionExpression="PK = :pk",
                         ExpressionAttributeValues={":pk": {"S": store.cycle_pk(TENANT, result.cycle_id)}})["Items"]
    now = max(item_bytes(i) for i in items if i["SK"]["S"].startswith("R#"))
    steps = max((item_bytes(i) for i in items if i["SK"]["S"].startswith("S#")), default=0)
    before = store.result_item(TENANT, result.model_copy(update={"cycle_id": result.cycle_id + "B"}), "2027-01-01")
    before.data = result.model_dump(mode="json", exclude={"version"})  # type: ignore[assignment]
    before.save()
    (raw,) = client.query(TableName=settings().table_name, KeyConditionExpression="PK = :pk",
                          ExpressionAttributeValues={":pk": {"S": before.PK}})["Items"]
    return now, steps, item_bytes(raw)


def main() -> None:
    from tests.conftest import fresh_aws

    with fresh_aws():
        print(f"{'indicators × measures × steps':<32}{'result before':>15}{'result now':>12}{'steps item':>12}"
              f"{'WCU per actual before → now':>30}")
        for n, (indicators, measures, steps) in enumerate(SHAPES):
            now, step_item, before = sizes(result_of(indicators, measures, steps, n))
            wcu_before = 2 * math.ceil(before / 1024)
            wcu_now = 2 * (math.ceil(now / 1024) + math.ceil(step_item / 1024))
            print(f"{f'{indicators} × {measures} × {steps}':<32}{before / 1024:>12.1f} KB{now / 1024:>9.1f} KB"
                  f"{step_item / 1024:>9.1f} KB{f'{wcu_before} → {wcu_now}':>30}")


if __name__ == "__main__":
    main()
