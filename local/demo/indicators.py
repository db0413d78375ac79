"""Demo step: 2026 indicator sets (KPIs from the finance library) in every workflow state.

So each dashboard has something to show: published sets waiting for employees to confirm (王芳 and
刘洋 among them), sets in HR's review queue, one returned with comments, a draft, and departments
that have not started (财务部, 人力资源部, 总经办).
"""

from __future__ import annotations

from typing import Any

from local.demo import Demo, Step

PERIOD = "2026"

# (template code, target, threshold, stretch, weight, data source unit code, system)
Kpi = tuple[str, float, float, float | None, float, str, str]

# (position code, drafter login, final state, [kpis], HR's return comment)
# fmt: off
SETS: list[tuple[str, str, str, list[Kpi], str]] = [
    ("SALES_EAST_ACCOUNT_MGR", "sales_head", "published", [
        ("SALES_CONVERSION_RATE", 10, 6, 12, 40, "TECH_DATA", "CRM"),
        ("SALES_LOAN_DISBURSEMENT", 3600, 2800, 4200, 40, "FIN", "信贷核心系统"),
        ("SALES_REPEAT_BORROW_RATE", 18, 12, 22, 20, "TECH_DATA", "CRM"),
    ], ""),
    ("SALES_SOUTH_ACCOUNT_MGR", "sales_head", "in_review", [
        ("SALES_CONVERSION_RATE", 9, 5, 11, 50, "TECH_DATA", "CRM"),
        ("SALES_LOAN_DISBURSEMENT", 3000, 2400, 3600, 50, "FIN", "信贷核心系统"),
    ], ""),
    ("SALES_NORTH_ACCOUNT_MGR", "sales_head", "returned", [
        ("SALES_CONVERSION_RATE", 6, 4, 8, 60, "TECH_DATA", "CRM"),
        ("SALES_NEW_CUSTOMERS", 240, 180, 300, 40, "TECH_DATA", "CRM"),
    ], "转化率目标 6% 低于公司 10% 的要求，请与华东组对齐后重新提交"),
    ("SALES_CHANNEL_CHANNEL_MGR", "sales_head", "draft", [
        ("SALES_NEW_CUSTOMERS", 6000, 4500, 7200, 60, "SALES_CHANNEL", "渠道管理平台"),
        ("SALES_CUSTOMER_ACQUISITION_COST", 180, 240, 150, 40, "FIN", "费用系统"),
    ], ""),
    ("TECH_BE_BACKEND", "tech_head", "published", [
        ("TECH_PRODUCTION_BUG_RATE", 5, 8, 3, 40, "TECH_QA", "缺陷管理系统"),
        ("TECH_DELIVERY_CYCLE_TIME", 12, 15, 10, 30, "TECH_BE", "项目管理系统"),
        ("TECH_ON_TIME_RELEASE_RATE", 90, 80, 95, 30, "TECH_SRE", "发布平台"),
    ], ""),
    ("TECH_SRE_SRE", "tech_head", "in_review", [
        ("TECH_SYSTEM_UPTIME", 99.95, 99.9, 99.99, 50, "TECH_SRE", "监控平台"),
        ("TECH_MTTR", 30, 60, 20, 30, "TECH_SRE", "监控平台"),
        ("TECH_VULNERABILITY_FIX_RATE", 95, 85, 100, 20, "TECH_SRE", "漏洞管理平台"),
    ], ""),
    ("RISK_MODEL_RISK_ANALYST", "admin", "published", [
        ("RISK_OVERDUE_RATE_M1", 2.3, 2.8, 2.0, 50, "TECH_DATA", "风控数据集市"),
        ("RISK_FIRST_PAYMENT_DEFAULT", 1.2, 1.6, 1.0, 30, "TECH_DATA", "风控数据集市"),
        ("RISK_MODEL_KS", 0.35, 0.3, 0.4, 20, "RISK_MODEL", "模型监控平台"),
    ], ""),
    ("OPS_CS_CS", "admin", "in_review", [
        ("OPS_COMPLAINT_ON_TIME_CLOSURE", 98, 95, 100, 40, "OPS_CS", "工单系统"),
        ("OPS_CALL_ANSWER_RATE", 92, 85, 96, 30, "OPS_CS", "呼叫中心系统"),
        ("OPS_CUSTOMER_SATISFACTION", 90, 85, 95, 30, "OPS_CS", "满意度回访系统"),
    ], ""),
]
# fmt: on


def run(demo: Demo) -> str:
    units, positions = demo.units(), demo.positions()
    by_id = {u["unit_id"]: u for u in units.values()}
    goals = demo.as_("admin").items(f"/org/goals?period={PERIOD}")
    position_goal = {g["position_id"]: g["goal_id"] for g in goals if g.get("position_id")}
    unit_goal = {g["unit_id"]: g["goal_id"] for g in goals if g["level"] == "unit" and g.get("unit_id")}
    hr = demo.as_("hr")
    states: dict[str, int] = {}
    for position_code, drafter, state, kpis, return_comment in SETS:
        position = positions[position_code]
        unit = by_id[position["unit_id"]]
        goal = position_goal.get(position["position_id"]) or next(
            (unit_goal[u] for u in reversed(unit["path"]) if u in unit_goal), None
        )
        body = {
            "period": PERIOD,
            "position_id": position["position_id"],
            "title": f"{position['title']} {PERIOD} 年度指标（{unit['name']}）",
            "indicators": [_indicator(k, units, goal) for k in kpis],
        }
        drafted = demo.as_(drafter).post("/indicators/sets", body)
        set_id, version = drafted["set_id"], drafted["version"]
        if state != "draft":
            submitted = demo.as_(drafter).post(
                f"/indicators/sets/{set_id}/submit", {"version": version, "comment": "请审核"}
            )
            version = submitted["version"]
        if state == "published":
            hr.post(f"/indicators/sets/{set_id}/approve", {"version": version, "comment": "符合要求，同意发布"})
        elif state == "returned":
            hr.post(f"/indicators/sets/{set_id}/return", {"version": version, "comment": return_comment})
        states[state] = states.get(state, 0) + 1
    return f"{len(SETS)} indicator sets for {PERIOD}: " + ", ".join(f"{n} {s}" for s, n in states.items())


def _indicator(kpi: Kpi, units: dict[str, dict[str, Any]], goal_id: str | None) -> dict[str, Any]:
    code, target, threshold, stretch, weight, source_unit, system = kpi
    source = units[source_unit]
    return {
        "template_code": code,
        "target": target,
        "threshold": threshold,
        "stretch": stretch,
        "weight": weight,
        "data_source": {"unit_id": source["unit_id"], "system": system, "owner_person_id": source["head_person_id"]},
        **({"goal_id": goal_id} if goal_id else {}),
    }


STEP = Step(
    "indicators",
    (
        "POST /indicators/sets",
        "POST /indicators/sets/{set_id}/submit",
        "POST /indicators/sets/{set_id}/approve",
        "POST /indicators/sets/{set_id}/return",
        "GET /org/goals",
    ),
    run,
)
