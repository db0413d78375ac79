"""Demo step: a few tasks and a discussion, so inboxes and task lists are not empty.

HR follows up the returned 华北销售组 set with 李强 (task + thread on the set), 赵磊 asks 刘洋 for a
data definition, and the admin asks 赵磊 to finish the SRE set. Deadlines are relative to today.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from local.demo import Demo, Step


def _due(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def run(demo: Demo) -> str:
    people = demo.meta["people"]
    sets = demo.as_("hr").items("/indicators/sets?period=2026") if demo.has("GET /indicators/sets") else []
    returned = next((s for s in sets if s["state"] == "returned"), None)
    sre = next((s for s in sets if s["state"] == "in_review" and "运维" in s.get("title", "")), None)

    def link(summary: dict[str, Any] | None) -> dict[str, Any]:
        return {"link": {"kind": "indicator_set", "id": summary["set_id"]}} if summary else {}

    tasks = [
        (
            "hr",
            {
                "title": "修改华北销售组 2026 年度指标并重新提交",
                "assignee_id": people["sales_head"],
                "deadline": _due(5),
                "description": "HR 已退回：转化率目标 6% 低于公司 10% 的要求。",
                "checklist": [
                    {"text": "与华东组对齐转化率口径"},
                    {"text": "调整目标值与门槛值"},
                    {"text": "重新提交审核"},
                ],
                **link(returned),
            },
        ),
        (
            "tech_head",
            {
                "title": "补充缺陷管理系统的数据口径说明",
                "assignee_id": people["engineer"],
                "deadline": _due(10),
                "description": "生产缺陷逃逸率的数据来源需要写清统计口径。",
                "checklist": [{"text": "整理口径文档"}, {"text": "与测试组确认"}],
            },
        ),
        (
            "admin",
            {"title": "跟进运维与安全组指标审核", "assignee_id": people["tech_head"], "deadline": _due(3), **link(sre)},
        ),
    ]
    for login, body in tasks:
        demo.as_(login).post("/collab/tasks", body)
    messages = 0
    if returned and demo.has("POST /collab/threads/{thread_id}/messages"):
        thread = f"/collab/threads/indicator_set:{returned['set_id']}/messages"
        demo.as_("hr").post(
            thread,
            {"body": "@李强 转化率目标请参照华东组（10%），周五前重新提交，谢谢。", "mentions": [people["sales_head"]]},
        )
        demo.as_("sales_head").post(thread, {"body": "收到，已安排华北组组长调整，周四提交。"})
        messages = 2
    return f"{len(tasks)} tasks, {messages} messages"


STEP = Step("collab", ("POST /collab/tasks",), run)
