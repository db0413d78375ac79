"""Reviews fixtures: an appraisal cycle for the isolation suite, published indicators, a data-owner unit.

Indicators are published through the indicators API (manager drafts, submits; HR approves), so the
reviews tests read them exactly as production does.
"""

from __future__ import annotations

from typing import Any

from tests.support.isolation import id_source
from tests.support.world import Company


@id_source("cycle_id")
def _cycle(company: Company) -> str:
    reply = company.as_("hr").post("/reviews/cycles", {"name": "2026 年第二季度考核", "period": "2026-Q2",
                                                       "unit_id": company.units["SALES"]})
    assert reply.status == 201, reply.body
    return reply.body["cycle_id"]


def add_operations(company: Company) -> None:
    """运营部 with a clerk (user "ops") who supplies the qualified-lead counts to 销售部."""
    if "OPS" in company.units:
        return
    company.unit("OPS", "运营部")
    company.person("ops_clerk", "周敏", "OPS")
    company.user("ops", person="ops_clerk")


def conversion(company: Company, weight: float = 60, **overrides: Any) -> dict[str, Any]:
    """客户转化率 = converted_customers / qualified_leads × 100; leads come from 运营部, conversions from 销售部."""
    indicator: dict[str, Any] = {
        "name": "客户转化率", "formula": "converted_customers / qualified_leads * 100", "unit": "percent",
        "direction": "higher_is_better", "target": 10, "threshold": 6, "stretch": 15, "weight": weight,
        "definition": "统计期内转化客户数占有效线索的比例",
        "measures": [
            {"key": "converted_customers", "name": "转化客户数", "unit": "count",
             "data_source_unit_id": company.units["SALES"]},
            {"key": "qualified_leads", "name": "有效线索客户数", "unit": "count",
             "data_source_unit_id": company.units["OPS"], "data_owner_person_id": company.people["ops_clerk"]},
        ],
        "data_source": {"unit_id": company.units["OPS"], "system": "CRM",
                        "owner_person_id": company.people["ops_clerk"]},
    }
    indicator.update(overrides)
    return indicator


def loans(company: Company, weight: float = 40, **overrides: Any) -> dict[str, Any]:
    """放款金额（万元）: one measure, supplied by 销售部 itself."""
    indicator: dict[str, Any] = {
        "name": "放款金额", "formula": "loan_amount", "unit": "cny_10k", "direction": "higher_is_better",
        "target": 300, "threshold": 200, "weight": weight, "definition": "统计期内个人客户放款金额（万元）",
        "measures": [{"key": "loan_amount", "name": "放款金额", "unit": "cny_10k"}],
        "data_source": {"unit_id": company.units["SALES"], "system": "信贷系统",
                        "owner_person_id": company.people["sales_head"]},
    }
    indicator.update(overrides)
    return indicator


def publish(company: Company, labels: list[str], period: str, indicators: list[dict[str, Any]],
            unit: str = "SALES") -> dict[str, Any]:
    """Draft (as the sales manager), submit and approve (as HR) an indicator set; returns the set."""
    manager = company.as_("manager")
    reply = manager.post("/indicators/sets", {
        "period": period, "unit_id": company.units[unit], "person_ids": [company.people[p] for p in labels],
        "title": f"{period} 指标", "indicators": indicators})
    assert reply.status == 201, reply.body
    created = reply.body
    reply = manager.post(f"/indicators/sets/{created['set_id']}/submit", {"version": created["version"]})
    assert reply.status == 200, reply.body
    reply = company.as_("hr").post(f"/indicators/sets/{created['set_id']}/approve", {"version": reply.body["version"]})
    assert reply.status == 200, reply.body
    return reply.body


def indicator_ids(indicator_set: dict[str, Any]) -> dict[str, str]:
    return {i["name"]: i["indicator_id"] for i in indicator_set["indicators"]}


def open_cycle(company: Company, period: str, unit: str = "SALES", **extra: Any) -> dict[str, Any]:
    reply = company.as_("hr").post("/reviews/cycles", {"name": f"{period} 考核", "period": period,
                                                       "unit_id": company.units[unit], **extra})
    assert reply.status == 201, reply.body
    return reply.body


def advance(company: Company, cycle: dict[str, Any], to_stage: str | None = None, as_: str = "hr") -> Any:
    body: dict[str, Any] = {"version": cycle["version"]}
    if to_stage:
        body["to_stage"] = to_stage
    return company.as_(as_).post(f"/reviews/cycles/{cycle['cycle_id']}/advance", body)


def must_advance(company: Company, cycle: dict[str, Any], to_stage: str | None = None) -> dict[str, Any]:
    reply = advance(company, cycle, to_stage)
    assert reply.status == 200, reply.body
    return reply.body


def enter(company: Company, user: str, period: str, person: str, indicator_id: str, values: dict[str, float],
          as_of: str | None = None, headers: dict[str, str] | None = None) -> Any:
    entry: dict[str, Any] = {"person_id": company.people[person], "indicator_id": indicator_id, "values": values}
    if as_of:
        entry["as_of"] = as_of
    return company.as_(user).request("POST", "/reviews/actuals", {"period": period, "entries": [entry]},
                                     headers=headers)
