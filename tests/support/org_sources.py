"""Org-domain test support: isolation id sources for goals and RACI entries, and a module world.

The id sources create the object in tenant A through the API (see tests/support/isolation.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.support.isolation import id_source
from tests.support.world import Company, staffed_company


@contextmanager
def staffed_world(name: str = "示例金融科技有限公司") -> Iterator[Company]:
    """A fresh moto AWS with one staffed company, for a module-scoped fixture."""
    from chalice.test import Client

    import app as application
    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        yield staffed_company(Api(client), name)


def party(kind: str, ident: str) -> dict[str, str]:
    return {"kind": kind, "id": ident}


def raci_body(company: Company, name: str = "M1+ 逾期率", **overrides: Any) -> dict[str, Any]:
    """A valid RACI entry: 销售部 accountable, the seller responsible, HR reviews, founder approves."""
    body: dict[str, Any] = {
        "subject": {"kind": "indicator", "name": name},
        "assignments": [
            {"letter": "A", "party": party("unit", company.units["SALES"])},
            {"letter": "R", "party": party("person", company.people["seller"])},
            {"letter": "C", "party": party("unit", company.units["TECH"])},
            {"letter": "I", "party": party("person", company.people["hr_staff"])},
        ],
        "authority": {
            "drafter": party("person", company.people["sales_head"]),
            "reviewer": party("person", company.people["hr_staff"]),
            "approver": party("person", company.people["founder"]),
            "data_providers": [party("unit", company.units["TECH"])],
        },
    }
    body.update(overrides)
    return body


def company_goal(company: Company, title: str = "年度放款规模 100 亿元", period: str = "2026") -> dict[str, Any]:
    reply = company.as_("hr").post("/org/goals", {"period": period, "level": "company", "title": title})
    assert reply.status == 201, reply.body
    return reply.body


@id_source("goal_id")
def _goal(company: Company) -> str:
    return company_goal(company)["goal_id"]


@id_source("entry_id")
def _raci_entry(company: Company) -> str:
    reply = company.admin.post("/org/raci", raci_body(company, "贷款审批流程"))
    assert reply.status == 201, reply.body
    return reply.body["entry_id"]
