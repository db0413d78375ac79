"""Demo step: labour contracts for everyone, a few expiring soon, and a year of lifecycle history.

Every person gets a hire event on their hire date (in their current unit, so the org chart does not
change) and a three-year fixed-term contract from that date, renewed while it has ended (the third in a
chain is open-ended, flagged with the open-ended right). Four contracts end within 30 days and three
recent hires finish probation within 14 days, so the HR desk's expiring list has something to show.
Fifteen people who are not demo logins have a year of moves: 转正, 调薪, a transfer to another unit and
back, one leaves, one is scheduled to transfer next month. Dates are relative to today.

At most :data:`MAX_PEOPLE` people (the demo logins first): each request costs ~0.6 s against moto,
whose Query reads the whole table (the small demo's 65 people took 177 s; all 200 would take ~10 min).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from local.demo import Demo, Step
from local.demo.org import _parallel

MAX_PEOPLE = 80


def _add_months(day: date, months: int) -> date:
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _term_end(start: date, months: int) -> date:
    target = _add_months(start, months)
    return target if target.day < start.day else target - timedelta(days=1)


def _plan(people: list[dict[str, Any]], keep: set[str], today: date) -> list[dict[str, Any]]:
    rng = random.Random(11)
    others = [p for p in people if p["person_id"] not in keep]
    expiring = {p["person_id"]: days for p, days in zip(others[:4], (5, 12, 20, 28), strict=False)}
    probation = {p["person_id"]: days for p, days in zip(others[4:7], (3, 9, 13), strict=False)}
    movers = [p["person_id"] for p in others[7:22]]
    out = []
    for person in people:
        pid = person["person_id"]
        if pid in expiring:
            end = today + timedelta(days=expiring[pid])
            hired = _add_months(end + timedelta(days=1), -36)
        elif pid in probation:
            hired = _add_months(today + timedelta(days=probation[pid] + 1), -6)
        else:
            hired = today - timedelta(days=400 + rng.randint(0, 2000))
        out.append({"person": person, "hired": hired, "probation": pid in probation,
                    "mover": movers.index(pid) if pid in movers else None})
    return out


def _contracts(hr: Any, plan: dict[str, Any], today: date) -> int:
    pid, start = plan["person"]["person_id"], plan["hired"]
    url = f"/employment/people/{pid}/contracts"
    previous: dict[str, Any] | None = None
    made = 0
    while True:
        kind = "open_ended" if previous is not None and previous.get("open_ended_right") else "fixed_term"
        body: dict[str, Any] = {"type": kind, "start_date": start.isoformat(),
                                "signed_on": (start - timedelta(days=7)).isoformat()}
        if kind == "fixed_term":
            body["end_date"] = _term_end(start, 36).isoformat()
        if previous is None:
            body["probation_end"] = _term_end(start, 6 if kind == "fixed_term" else 6).isoformat()
        else:
            body["renews"] = previous["contract_id"]
        previous = hr.post(url, body)
        made += 1
        if kind == "open_ended" or date.fromisoformat(body["end_date"]) >= today:
            return made
        start = date.fromisoformat(body["end_date"]) + timedelta(days=1)


def _history(hr: Any, plan: dict[str, Any], units: list[str], today: date) -> int:
    person, n = plan["person"], plan["mover"]
    pid = person["person_id"]
    url = f"/employment/people/{pid}/events"
    events = 0
    regular = _term_end(plan["hired"], 6)
    if regular < today:
        hr.post(url, {"type": "regularise", "effective_date": regular.isoformat()})
        events += 1
    if n is None:
        return events
    away = next(u for u in units if u != person["unit_id"])
    steps: list[dict[str, Any]] = [
        {"type": "salary_change", "effective_date": (today - timedelta(days=300)).isoformat(), "note": "年度调薪"},
        {"type": "transfer", "effective_date": (today - timedelta(days=240)).isoformat(), "unit_id": away,
         "note": "支援项目"},
        {"type": "transfer", "effective_date": (today - timedelta(days=90)).isoformat(),
         "unit_id": person["unit_id"], **({"position_id": person["position_id"]} if person.get("position_id") else {}),
         **({"manager_id": person["manager_id"]} if person.get("manager_id") else {}), "note": "项目结束回原部门"},
    ]
    if n == 0:
        last = today - timedelta(days=45)
        steps.append({"type": "departure", "effective_date": last.isoformat(), "last_working_day": last.isoformat(),
                      "reason": "resignation", "note": "个人原因离职"})
    if n == 1:
        steps.append({"type": "transfer", "effective_date": _add_months(today.replace(day=1), 1).isoformat(),
                      "unit_id": away, "note": "下月调岗"})
    for body in steps:
        hr.post(url, body)
        events += 1
    return events


def run(demo: Demo) -> str:
    hr = demo.as_("hr")
    today = date.today()
    keep = set(demo.meta.get("people", {}).values())
    people = [p for p in hr.items("/org/people") if p.get("status") != "left"]
    people = sorted(people, key=lambda p: p["person_id"] not in keep)[:MAX_PEOPLE]
    units = [u["unit_id"] for u in hr.items("/org/units") if u.get("parent_id") and u.get("status") == "active"]
    plans = _plan(people, keep, today)

    def one(plan: dict[str, Any]) -> tuple[int, int]:
        person = plan["person"]
        hire = {"type": "hire", "effective_date": plan["hired"].isoformat(), "unit_id": person["unit_id"],
                **({"position_id": person["position_id"]} if person.get("position_id") else {}),
                **({"manager_id": person["manager_id"]} if person.get("manager_id") else {})}
        hr.post(f"/employment/people/{person['person_id']}/events", hire)
        contracts = _contracts(hr, plan, today)
        return contracts, 1 + _history(hr, plan, units, today)

    done = _parallel(one, plans)
    return (f"{sum(c for c, _ in done)} contracts, {sum(e for _, e in done)} lifecycle events for {len(plans)} people "
            "(4 contracts end within 30 days, 3 probations within 14)")


STEP = Step("employment", ("POST /employment/people/{person_id}/contracts",
                           "POST /employment/people/{person_id}/events"), run)
