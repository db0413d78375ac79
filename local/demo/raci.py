"""Demo step: the responsibility matrix (权责矩阵) and the assessment authority per indicator/process."""

from __future__ import annotations

from typing import Any

from local.demo import Demo, Step

# subject kind, name, [(letter, party kind, code)], (drafter, reviewer, approver, [data providers]), note
# Party codes: unit code, position code, or "@key" for a key person (see story.KEY_PEOPLE).
ENTRIES: list[tuple[str, str, list[tuple[str, str, str]], tuple[Any, Any, Any, list[Any]], str]] = [
    (
        "process",
        "贷款审批流程",
        [("A", "unit", "RISK"), ("R", "unit", "RISK_CREDIT"), ("C", "unit", "SALES"), ("I", "unit", "FIN")],
        (("unit", "RISK"), ("unit", "HR"), ("person", "@ceo"), [("unit", "TECH_DATA")]),
        "单笔 50 万元以上由风控总监终审",
    ),
    (
        "indicator",
        "客户转化率（申请→放款）",
        [
            ("A", "person", "@sales_head"),
            ("R", "position", "SALES_EAST_ACCOUNT_MGR"),
            ("C", "unit", "RISK"),
            ("I", "unit", "OPS"),
        ],
        (("person", "@sales_head"), ("unit", "HR"), ("person", "@ceo"), [("unit", "TECH_DATA"), ("unit", "RISK")]),
        "口径：当月放款笔数 ÷ 当月有效申请笔数",
    ),
    (
        "indicator",
        "M1+ 逾期率",
        [("A", "unit", "RISK"), ("R", "unit", "RISK_MODEL"), ("C", "unit", "OPS_COLLECT"), ("I", "unit", "FIN")],
        (("unit", "RISK"), ("unit", "HR"), ("person", "@ceo"), [("unit", "TECH_DATA")]),
        "按月末在贷余额计算",
    ),
    (
        "indicator",
        "客户投诉按时办结率",
        [("A", "unit", "OPS"), ("R", "unit", "OPS_CS"), ("C", "unit", "RISK"), ("I", "unit", "GMO")],
        (("unit", "OPS"), ("unit", "HR"), ("person", "@ceo"), [("unit", "OPS_CS")]),
        "",
    ),
    (
        "indicator",
        "核心系统可用性",
        [("A", "person", "@tech_head"), ("R", "unit", "TECH_SRE"), ("C", "unit", "TECH_BE"), ("I", "unit", "GMO")],
        (("person", "@tech_head"), ("unit", "HR"), ("person", "@ceo"), [("unit", "TECH_SRE")]),
        "计划内维护窗口不计入不可用时间",
    ),
    (
        "process",
        "月度绩效考核流程",
        [
            ("A", "person", "@hr_director"),
            ("R", "position", "HR_COMP_PERF"),
            ("C", "unit", "FIN"),
            ("I", "unit", "GMO"),
        ],
        (("position", "HR_COMP_PERF"), ("person", "@hr_director"), ("person", "@ceo"), [("unit", "FIN")]),
        "每月 10 日前完成上月考核",
    ),
    (
        "indicator",
        "运营费用率",
        [("A", "unit", "FIN"), ("R", "position", "FIN_ANALYST"), ("C", "unit", "GMO"), ("I", "unit", "HR")],
        (("unit", "FIN"), ("unit", "HR"), ("person", "@ceo"), [("unit", "FIN")]),
        "",
    ),
]


def run(demo: Demo) -> str:
    api = demo.as_("admin")
    units, positions = demo.units(), demo.positions()

    def party(kind: str, code: str) -> dict[str, str]:
        if kind == "unit":
            return {"kind": kind, "id": units[code]["unit_id"]}
        if kind == "position":
            return {"kind": kind, "id": positions[code]["position_id"]}
        return {"kind": kind, "id": demo.person_id(code.removeprefix("@"))}

    for subject_kind, name, assignments, (drafter, reviewer, approver, providers), note in ENTRIES:
        api.post(
            "/org/raci",
            {
                "subject": {"kind": subject_kind, "name": name},
                "assignments": [{"letter": letter, "party": party(kind, code)} for letter, kind, code in assignments],
                "authority": {
                    "drafter": party(*drafter),
                    "reviewer": party(*reviewer),
                    "approver": party(*approver),
                    "data_providers": [party(*p) for p in providers],
                },
                "note": note,
            },
        )
    return f"{len(ENTRIES)} RACI entries with assessment authority"


STEP = Step("raci", ("POST /org/raci",), run)
