"""Demo step: monthly actuals (May–October 2026) behind the published indicators, and a running 2026
appraisal cycle over them.

So the unit dashboards have a trend and a gap to show (客户转化率 around 8% against a 10% target in
华东销售组), and each person's results have figures. Entered by HR through ``POST /reviews/actuals``,
20 entries a request, for the first few holders of each published set (王芳 and 刘洋 included).
Values are made up but plausible and deterministic (fixed seed).

The "cycle" step opens "2026 年度 KPI 试点考核", which covers the people whose 2026 indicators are published, the
pilot; everyone else is excluded, as a company part-way through its rollout would do. HR locks the
goals, so the cycle is in progress and the forecasts, ranking and trend have results to read.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from typing import Any

from local.demo import Demo, NotReady, Step

PERIOD = "2026"
MONTHS = range(5, 11)
PEOPLE_PER_SET = 2
BATCH = 20  # the API's limit of entries per request
CYCLE_NAME = "2026 年度 KPI 试点考核"

Values = Callable[[int, random.Random], dict[str, float]]


def _ratio(numerator: str, denominator: str, base: tuple[int, int], start: float, step: float) -> Values:
    def values(month: int, rng: random.Random) -> dict[str, float]:
        total = rng.randint(*base)
        rate = max(0.0, start + step * (month - MONTHS.start) + rng.uniform(-0.006, 0.006))
        return {denominator: total, numerator: round(total * rate)}

    return values


def _amount(key: str, low: float, high: float, growth: float) -> Values:
    return lambda month, rng: {key: round(rng.uniform(low, high) * (1 + growth * (month - MONTHS.start)), 1)}


def _defects(month: int, rng: random.Random) -> dict[str, float]:
    return {"production_defects": rng.randint(1, 4), "pre_release_defects": rng.randint(40, 70)}


def _delivery(month: int, rng: random.Random) -> dict[str, float]:
    delivered = rng.randint(4, 8)
    return {"delivered_requirements": delivered, "total_delivery_days": delivered * rng.randint(10, 15)}


def _overdue(month: int, rng: random.Random) -> dict[str, float]:
    balance = round(rng.uniform(38000, 42000), 1)  # 万元
    return {"loan_balance": balance, "overdue_m1_balance": round(balance * rng.uniform(0.022, 0.029), 1)}


def _ks(month: int, rng: random.Random) -> dict[str, float]:
    return {"model_ks": round(0.31 + 0.008 * (month - MONTHS.start) + rng.uniform(-0.01, 0.01), 3)}


# Template code -> values for one person and month (keys are the template's measures).
VALUES: dict[str, Values] = {
    "SALES_CONVERSION_RATE": _ratio("converted_customers", "qualified_leads", (120, 160), 0.068, 0.003),
    "SALES_LOAN_DISBURSEMENT": _amount("disbursed_principal", 240, 320, 0.02),
    "SALES_REPEAT_BORROW_RATE": _ratio("repeat_borrowers", "settled_customers", (60, 90), 0.14, 0.004),
    "TECH_PRODUCTION_BUG_RATE": _defects,
    "TECH_DELIVERY_CYCLE_TIME": _delivery,
    "TECH_ON_TIME_RELEASE_RATE": _ratio("on_time_releases", "planned_releases", (8, 12), 0.82, 0.015),
    "RISK_OVERDUE_RATE_M1": _overdue,
    "RISK_FIRST_PAYMENT_DEFAULT": _ratio("fpd30_loans", "first_due_loans", (9000, 11000), 0.0135, -0.0004),
    "RISK_MODEL_KS": _ks,
}


def run(demo: Demo) -> str:
    hr = demo.as_("hr")
    published = [s for s in hr.items(f"/indicators/sets?period={PERIOD}") if s["state"] == "published"]
    if not published:
        raise NotReady("no published indicator sets yet")
    rng = random.Random(2014)
    key_people = set(demo.meta.get("people", {}).values())
    entries: list[dict[str, Any]] = []
    for summary in published:
        indicator_set = hr.get(f"/indicators/sets/{summary['set_id']}")
        holders = sorted(indicator_set["person_ids"], key=lambda p: (p not in key_people, p))[:PEOPLE_PER_SET]
        for person_id in holders:
            for indicator in indicator_set["indicators"]:
                make = VALUES.get(indicator.get("template_code") or "")
                keys = {m["key"] for m in indicator.get("measures", [])}
                if make is None:
                    continue
                for month in MONTHS:
                    values = make(month, rng)
                    if set(values) != keys:
                        break  # the template's measures changed: leave this indicator out
                    last_day = calendar.monthrange(int(PERIOD), month)[1]
                    entries.append(
                        {
                            "person_id": person_id,
                            "indicator_id": indicator["indicator_id"],
                            "as_of": f"{PERIOD}-{month:02d}-{last_day:02d}",
                            "values": values,
                        }
                    )
    for start in range(0, len(entries), BATCH):
        hr.post("/reviews/actuals", {"period": PERIOD, "entries": entries[start : start + BATCH], "source": "import"})
    months = f"{PERIOD}-{MONTHS.start:02d}…{PERIOD}-{MONTHS.stop - 1:02d}"
    return f"{len(entries)} monthly actuals ({months}) for {len(published)} published sets"


def open_pilot_cycle(demo: Demo) -> str:
    hr = demo.as_("hr")
    if any(c["name"] == CYCLE_NAME for c in hr.items(f"/reviews/cycles?period={PERIOD}")):
        return "already there"
    published = [s for s in hr.items(f"/indicators/sets?period={PERIOD}") if s["state"] == "published"]
    if not published:
        raise NotReady("no published indicator sets yet")
    pilot = {p for s in published for p in hr.get(f"/indicators/sets/{s['set_id']}")["person_ids"]}
    everyone = {p["person_id"] for p in hr.items("/org/people") if p.get("status", "active") == "active"}
    cycle = hr.post("/reviews/cycles", {
        "name": CYCLE_NAME, "period": PERIOD, "excluded_person_ids": sorted(everyone - pilot),
        "deadlines": {"goal_setting": f"{PERIOD}-04-30", "in_progress": f"{PERIOD}-12-31",
                      "self_review": f"{int(PERIOD) + 1}-01-10", "manager_review": f"{int(PERIOD) + 1}-01-20",
                      "calibration": f"{int(PERIOD) + 1}-01-25", "results_published": f"{int(PERIOD) + 1}-01-31"},
    })
    hr.post(f"/reviews/cycles/{cycle['cycle_id']}/advance", {"version": cycle["version"], "to_stage": "in_progress"})
    return f"{CYCLE_NAME} in progress for {len(pilot & everyone)} people"


STEP = Step("reviews", ("POST /reviews/actuals", "GET /indicators/sets/{set_id}"), run)
CYCLE_STEP = Step("cycle", ("POST /reviews/cycles", "POST /reviews/cycles/{cycle_id}/advance"), open_pilot_cycle)
