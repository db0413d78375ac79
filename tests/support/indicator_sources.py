"""Indicator fixtures: the demo company's sales position, goals, and ready-made indicator bodies.

Also registers the isolation id sources for the indicator routes (``set_id``, ``template_code``).
"""

from __future__ import annotations

from typing import Any

from tests.support.isolation import id_source
from tests.support.world import Company

PERIOD = "2026"


def conversion(**overrides: Any) -> dict[str, Any]:
    """客户转化率, target 10 %, from the built-in template, with a data source and owner."""
    body: dict[str, Any] = {"template_code": "SALES_CONVERSION_RATE", "target": 10, "threshold": 6, "stretch": 12,
                            "weight": 60}
    body.update(overrides)
    return body


def collection(**overrides: Any) -> dict[str, Any]:
    """回款率, written from scratch (no template)."""
    body: dict[str, Any] = {
        "name": "回款率", "definition": "当期实际回款金额占应回款金额的比例",
        "formula": "collected / receivable * 100",
        "measures": [{"key": "collected", "name": "实际回款金额", "unit": "cny_10k"},
                     {"key": "receivable", "name": "应回款金额", "unit": "cny_10k"}],
        "unit": "percent", "direction": "higher_is_better", "target": 95, "threshold": 85, "weight": 40,
        "frequency": "monthly",
    }
    body.update(overrides)
    return body


def with_source(company: Company, body: dict[str, Any], owner: str = "sales_head", goal_id: str | None = None,
                ) -> dict[str, Any]:
    body = {**body, "data_source": {"unit_id": company.units["SALES"], "system": "CRM",
                                    "owner_person_id": company.people[owner]}}
    if goal_id:
        body["goal_id"] = goal_id
    return body


def sales_position(company: Company, holders: tuple[str, ...] = ("seller",)) -> str:
    """客户经理 in 销售部, held by the given people (labels)."""
    if "position:SALES_REP" in company.units:
        return company.units["position:SALES_REP"]
    reply = company.admin.post("/org/positions", {"code": "SALES_REP_IND", "title": "客户经理",
                                                  "unit_id": company.units["SALES"], "headcount": 8})
    assert reply.status == 201, reply.body
    position_id = reply.body["position_id"]
    for label in holders:
        person = company.admin.get(f"/org/people/{company.people[label]}").body
        patched = company.admin.patch(f"/org/people/{person['person_id']}",
                                      {"version": person["version"], "position_id": position_id})
        assert patched.status == 200, patched.body
    company.units["position:SALES_REP"] = position_id  # remembered beside the unit codes
    return position_id


def sales_goal(company: Company) -> str | None:
    """A company goal and 销售部's goal under it; None when the goals domain is not deployed."""
    if "goal:SALES" in company.units:
        return company.units["goal:SALES"]
    top = company.as_("hr").post("/org/goals", {"period": PERIOD, "level": "company",
                                                "title": "2026 年放款规模 50 亿元"})
    if top.status in (403, 404) and "goal_id" not in (top.body or {}):
        return None
    assert top.status == 201, top.body
    unit_goal = company.as_("hr").post("/org/goals", {
        "period": PERIOD, "level": "unit", "title": "销售部获客转化提升", "parent_id": top.body["goal_id"],
        "unit_id": company.units["SALES"]})
    assert unit_goal.status == 201, unit_goal.body
    company.units["goal:SALES"] = unit_goal.body["goal_id"]
    return unit_goal.body["goal_id"]


def draft_set(company: Company, indicators: list[dict[str, Any]], *, as_: str = "manager",
              **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"period": PERIOD, "person_ids": [company.people["seller"]], "indicators": indicators}
    body.update(extra)
    reply = company.as_(as_).post("/indicators/sets", body)
    assert reply.status == 201, reply.body
    return reply.body


@id_source("set_id")
def _set(company: Company) -> str:
    return draft_set(company, [with_source(company, conversion(weight=100))], title="isolation")["set_id"]


@id_source("template_code")
def _template(company: Company) -> str:
    reply = company.as_("hr").post("/indicators/library", {"code": "TENANT_A_ONLY", "copy_of": "SALES_CONVERSION_RATE"})
    assert reply.status == 201, reply.body
    return reply.body["code"]
