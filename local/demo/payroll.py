"""Demo: a full 2026 of payroll — January to last month computed, approved and locked; this month a draft
with the year-end bonus from the pilot cycle's (provisional) ratings.

孙丽华 (the HR login, 薪酬绩效主管) gets the payroll role and prepares; 陈建国 (executive) approves — four
eyes. Contribution rates: the demo city "示例市（演示）" with the typical national rates from
HR-RULES-CN.md and invented floors and ceilings, its source saying so — the product ships no real
city's figures. Pay structures are deterministic (fixed seed) by department and level. Attendance is
the attendance domain's own months (locked here first, as HR would, so payroll reads one summary a
person). Payslips are written by the run's batched compute (25 a request), one compute call a month.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from local.demo import Demo, NotReady, Step
from local.demo.http import ApiError
from local.demo.org import _parallel

SEED = 20260101
CITY = "示例市（演示）"
SOURCE = "演示数据：比例取自常见全国标准（养老 8%/16% 国办发〔2019〕13号），基数上下限为虚构示例，非任何城市官方公布数"
FUNDS = [
    ("pension", 0.08, 0.16), ("medical", 0.02, 0.08), ("unemployment", 0.005, 0.005),
    ("injury", 0, 0.002), ("housing_fund", 0.12, 0.12),
]
COEFFICIENTS = {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.8, "D": 0}
BASE_BY_LEVEL = (30000, 20000, 12000)  # the CEO, department heads, everyone else (before the spread)


def _structure(rng: random.Random, level: int) -> dict[str, Any]:
    base = BASE_BY_LEVEL[min(level, 2)] + rng.randrange(0, 13) * 500
    return {
        "base_wage": base, "performance_target": round(base * 0.2), "contribution_base": min(base, 30000),
        "city": CITY, "allowances": [{"code": "meal", "name": "餐补", "amount": 600, "taxable": True},
                                     {"code": "transport", "name": "交通补贴", "amount": 400, "taxable": True}],
        "annual_bonus_target": base * 2, "effective_from": "2026-01-01", "version": 0,
    }


def _lock_attendance(hr: Any, month: str) -> None:
    """Lock a month's attendance; a lock still running when the client gives up (30 s) finishes on the server,
    and an unlocked month is read live — so a time-out is not a failure here."""
    try:
        hr.request("POST", "/attendance/months/lock", {"month": month}, ok=(200, 201, 409))
    except OSError:
        pass


def _months(today: date) -> list[str]:
    return [f"2026-{m:02d}" for m in range(1, (today.month if today.year == 2026 else 12) + 1)]


def run(demo: Demo) -> str:
    admin, hr, ceo = demo.as_("admin"), demo.as_("hr"), demo.as_("executive")  # roles are read per request
    hr_email = demo.meta["logins"]["hr"]["email"]
    member = next(m for m in admin.items("/users") if m["email"] == hr_email)
    if "payroll" not in member["roles"]:
        admin.put(f"/users/{member['user_id']}/roles", {"roles": [*member["roles"], "payroll"],
                                                        "version": member["version"]})
    settings = hr.get("/payroll/settings")
    if not settings["version"]:
        # The demo's clock-in records cover recent weeks only: a month without punches would read as
        # absent, so the demo company (like many that do not clock in) does not deduct absence by rule;
        # late arrivals, unpaid leave and overtime still come from attendance.
        hr.put("/payroll/settings", {"rating_coefficients": COEFFICIENTS, "late_free_count": 2,
                                     "late_deduction_each": 50, "deduct_absence": False, "version": 0})
    if not hr.get("/payroll/rule-sets")["items"]:
        hr.post("/payroll/rule-sets", {"city": CITY, "valid_from": "2026-01-01", "source": SOURCE, "funds": [
            {"fund": f, "employee_rate": e, "employer_rate": r, "base_floor": 6000, "base_ceiling": 30000}
            for f, e, r in FUNDS]})
    people = admin.items("/org/people")
    heads = {u.get("head_person_id") for u in admin.items("/org/units")}
    rng = random.Random(SEED)
    plans = [(p["person_id"], _structure(rng, 0 if p.get("manager_id") is None else 1 if p["person_id"] in heads
                                         else 2)) for p in people if p.get("status", "active") != "left"]

    def put(plan: tuple[str, dict[str, Any]]) -> None:
        hr.request("PUT", f"/payroll/people/{plan[0]}/structure", plan[1], ok=(200, 409))

    _parallel(put, plans)

    from chalicelib.core import clock

    cycle = next((c for c in hr.items("/reviews/cycles?period=2026") if c["name"] == "2026 年度 KPI 试点考核"), None)
    runs = {r["month"]: r for r in hr.get("/payroll/runs")["items"]}
    months = _months(clock.today())
    # HR closes attendance before payroll reads it (a locked month is one read per 100 people); the
    # months are independent, so they are locked side by side.
    _parallel(lambda m: _lock_attendance(hr, m), [m for m in months[:-1] if runs.get(m, {}).get("status") != "locked"])
    for month in months:
        current = month == months[-1]
        run_ = runs.get(month) or hr.post("/payroll/runs", {
            "month": month, "review_cycle_id": cycle["cycle_id"] if current and cycle else None,
            "year_end_bonus": bool(current and cycle)})
        if run_["status"] == "locked":
            continue
        try:
            # 50 people a call: each call stays well inside a request's time (an open month's attendance is
            # computed live, three reads a person); the loop ends when everyone is done.
            while hr.post(f"/payroll/runs/{run_['run_id']}/compute", {"limit": 50})["remaining"]:
                pass
        except ApiError as exc:
            raise NotReady(f"compute {month}: {exc}") from exc
        if current:
            break
        run_ = hr.post(f"/payroll/runs/{run_['run_id']}/status", {"status": "reviewed", "version": run_["version"]})
        run_ = ceo.post(f"/payroll/runs/{run_['run_id']}/status", {"status": "approved", "version": run_["version"]})
        hr.post(f"/payroll/runs/{run_['run_id']}/status", {"status": "locked", "version": run_["version"]})
    return (f"payroll: {len(plans)} pay structures, {len(months) - 1} months locked, {months[-1]} in draft"
            f"{' with the year-end bonus from the pilot cycle' if cycle else ''}")


STEP = Step("payroll", ("PUT /payroll/settings", "POST /payroll/runs", "POST /payroll/runs/{run_id}/compute",
                        "POST /attendance/months/lock"), run)
