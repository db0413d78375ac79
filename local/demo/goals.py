"""Demo step: the 2026 strategic goals and their cascade to departments and positions."""

from __future__ import annotations

from typing import Any

from local.demo import Demo, Step

PERIOD = "2026"

# (title, target, weight, [(unit code, title, target, weight, [(position code, title, target, weight)])])
GOALS: list[tuple[str, str, int, list[tuple[str, str, str, int, list[tuple[str, str, str, int]]]]]] = [
    (
        "全年放款规模达到 60 亿元",
        "放款额 ≥ 60 亿元",
        40,
        [
            (
                "SALES",
                "新客放款 45 亿元",
                "新客放款额 ≥ 45 亿元；申请→放款转化率 ≥ 10%",
                70,
                [
                    ("SALES_EAST_ACCOUNT_MGR", "客户经理人均月放款 300 万元", "人均月放款额 ≥ 300 万元", 60),
                    ("SALES_CHANNEL_CHANNEL_MGR", "渠道进件量提升 30%", "渠道月进件 ≥ 6,000 笔", 40),
                ],
            ),
            (
                "OPS",
                "存量客户复借放款 15 亿元",
                "复借放款额 ≥ 15 亿元；月活跃用户 ≥ 35 万",
                30,
                [
                    ("OPS_USER_USER_OPS", "复借转化率达到 18%", "到期客户 30 天内复借率 ≥ 18%", 100),
                ],
            ),
        ],
    ),
    (
        "资产质量：M1+ 逾期率控制在 2.5% 以内",
        "M1+ 逾期率 ≤ 2.5%；年化损失率 ≤ 3%",
        30,
        [
            (
                "RISK",
                "授信客群 M1+ 逾期率 ≤ 2.3%",
                "新增授信 M1+ 逾期率 ≤ 2.3%；欺诈损失率 ≤ 0.05%",
                60,
                [
                    ("RISK_MODEL_RISK_ANALYST", "授信策略迭代降低首逾率", "FPD7 ≤ 1.2%", 60),
                    ("RISK_CREDIT_UNDERWRITER", "信审准确率 ≥ 98%", "抽检差错率 ≤ 2%，时效 ≤ 4 小时", 40),
                ],
            ),
            (
                "OPS",
                "M1 回收率达到 92%",
                "M1 回收率 ≥ 92%；投诉率 ≤ 0.3‰",
                40,
                [
                    ("OPS_COLLECT_COLLECTION", "人均回收金额提升 10%", "M1 阶段人均月回收额 ≥ 80 万元", 100),
                ],
            ),
        ],
    ),
    (
        "核心系统稳定、安全、交付高效",
        "核心系统可用性 ≥ 99.95%；重大安全事件 0 起",
        15,
        [
            (
                "TECH",
                "核心系统全年可用性 99.95%",
                "可用性 ≥ 99.95%；需求按期交付率 ≥ 90%",
                100,
                [
                    ("TECH_SRE_SRE", "故障恢复时间缩短到 30 分钟内", "P1 故障平均恢复时间 ≤ 30 分钟", 50),
                    ("TECH_BE_BACKEND", "线上缺陷率下降 30%", "每千行代码线上缺陷 ≤ 0.2", 50),
                ],
            ),
        ],
    ),
    (
        "组织效能：人均创收 120 万元，绩效管理全面落地",
        "人均创收 ≥ 120 万元；运营费用率 ≤ 18%",
        15,
        [
            (
                "HR",
                "绩效指标 100% 落地到岗位",
                "指标确认率 100%；关键岗位到岗率 ≥ 95%",
                60,
                [
                    ("HR_COMP_PERF", "考核周期按时完成率 100%", "每月 10 日前完成上月考核", 100),
                ],
            ),
            (
                "FIN",
                "运营费用率控制在 18% 以内",
                "运营费用率 ≤ 18%；资金成本 ≤ 6.5%",
                40,
                [
                    ("FIN_ANALYST", "月度经营分析按时发布", "每月 8 日前发布经营分析报告", 100),
                ],
            ),
        ],
    ),
]


def run(demo: Demo) -> str:
    api = demo.as_("admin")
    units, positions = demo.units(), demo.positions()
    count = 0

    def post(body: dict[str, Any]) -> str:
        nonlocal count
        count += 1
        return api.post("/org/goals", {"period": PERIOD, **body})["goal_id"]

    for title, target, weight, unit_goals in GOALS:
        company = post({"level": "company", "title": title, "target": target, "weight": weight})
        for unit, u_title, u_target, u_weight, position_goals in unit_goals:
            unit_goal = post(
                {
                    "level": "unit",
                    "title": u_title,
                    "target": u_target,
                    "weight": u_weight,
                    "parent_id": company,
                    "unit_id": units[unit]["unit_id"],
                }
            )
            for position, p_title, p_target, p_weight in position_goals:
                post(
                    {
                        "level": "position",
                        "title": p_title,
                        "target": p_target,
                        "weight": p_weight,
                        "parent_id": unit_goal,
                        "position_id": positions[position]["position_id"],
                    }
                )
    return f"{count} goals for {PERIOD} (company → department → position)"


STEP = Step("goals", ("POST /org/goals", "GET /org/goals/cascade"), run)
