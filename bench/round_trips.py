"""DynamoDB round trips per request for the main reads, for a small and a 200-person company.

    .venv/bin/python bench/round_trips.py

Everything runs in-process: moto (`mock_aws`) for DynamoDB and Cognito, the app through
`chalice.test.Client`, so the figures are exact call counts, not timings. Each company is built
through the API (sign-up, then `POST /org/import` of units, positions and people, then goals).

Calls are counted with a botocore `before-call.dynamodb` hook (bench/_support.py) and split into
the custom authorizer (membership + managed units, from `core.members.context_for`) and the handler.
In AWS, API Gateway caches the authorizer's answer per token for 300 s, so its round trips are paid
once per token per 5 minutes, not per request. Prints figures; never passes or fails.
"""

from __future__ import annotations

import base64
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._support import RoundTrips, round_trips  # noqa: E402 - the hook must exist before any client
from tests.support import env  # noqa: E402

env.configure()


def _csv(header: str, rows: list[str]) -> str:
    return base64.b64encode(("\n".join([header, *rows]) + "\n").encode()).decode()


def build_company(api: Any, name: str, people: int) -> dict[str, Any]:
    """A company of ``people`` people in departments and teams, with positions and a goal cascade."""
    from tests.support.world import sign_up

    company = sign_up(api, name)
    departments = max(1, people // 40)
    dept_codes = [f"D{d}" for d in range(departments)]
    team_codes = [f"{d}T{t}" for d in dept_codes for t in range(2)]
    units = [f"{c},部门{c},,department" for c in dept_codes] + [
        f"{c},团队{c},{c.split('T')[0]},team" for c in team_codes
    ]
    positions = [f"P{c},岗位{c},{c},10" for c in team_codes]
    staff = []
    for i in range(people - 1):  # the founder is the first person
        team = team_codes[i % len(team_codes)]
        manager = f"E{i % len(team_codes):04d}" if i >= len(team_codes) else ""
        staff.append(f"E{i:04d},员工{i},e{i}@{company.tenant_id}.test,{team},P{team},{manager}")
    for kind, header, rows in (
        ("units", "code,name,parent_code,kind", units),
        ("positions", "code,title,unit_code,headcount", positions),
        ("people", "employee_no,name,email,unit_code,position_code,manager_employee_no", staff),
    ):
        reply = company.admin.post("/org/import", {"kind": kind, "format": "csv", "content_base64": _csv(header, rows)})
        assert reply.status == 201, reply.body
    unit_ids = {u["code"]: u["unit_id"] for u in company.admin.items("/org/units", limit=500)}
    position_ids = {p["code"]: p["position_id"] for p in company.admin.items("/org/positions", limit=500)}
    top = company.admin.post("/org/goals", {"period": "2026", "level": "company", "title": "年度目标"}).body
    for dept in dept_codes:
        goal = company.admin.post(
            "/org/goals",
            {
                "period": "2026",
                "level": "unit",
                "title": f"{dept} 目标",
                "parent_id": top["goal_id"],
                "unit_id": unit_ids[dept],
            },
        ).body
        for team in (t for t in team_codes if t.startswith(dept)):
            company.admin.post(
                "/org/goals",
                {
                    "period": "2026",
                    "level": "position",
                    "title": f"{team} 岗位目标",
                    "parent_id": goal["goal_id"],
                    "position_id": position_ids[f"P{team}"],
                },
            )
    people_ids = {p["employee_no"]: p["person_id"] for p in company.admin.items("/org/people", limit=500)}
    company.people["employee"] = people_ids[f"E{people - 2:04d}"]
    company.user("employee", person="employee")
    return {
        "company": company,
        "root": company.root_unit_id,
        "dept": unit_ids[dept_codes[0]],
        "colleague": people_ids["E0000"],
        "size": people,
    }


def _flush_metering() -> None:
    try:
        from chalicelib.metering import store as metering_store
    except ImportError:  # no metering domain: nothing buffered
        return
    metering_store.requests.flush()


def main() -> None:
    from chalice.test import Client
    from moto import mock_aws

    with mock_aws():
        import os

        pool, client_id = env.create_user_pool()
        os.environ["LUODI_USER_POOL_ID"], os.environ["LUODI_APP_CLIENT_ID"] = pool, client_id
        from chalicelib.core import authorizer
        from chalicelib.core.db import ensure_table
        from chalicelib.core.settings import settings

        settings.cache_clear()
        ensure_table()
        import boto3

        boto3.client("ses", region_name="us-east-1").verify_email_identity(EmailAddress=env.SENDER)
        env.create_usage_plans()  # sign-up puts each tenant's usage key in one

        import app as application
        from tests.support.api import Api

        application.app.load_all()  # `import app` registers no domain; the test client needs them all

        current: list[RoundTrips] = []
        original = authorizer.context_for

        def context_for_in_phase(tenant_id: str, user_id: str) -> Any:
            if not current:
                return original(tenant_id, user_id)
            with current[-1].phase("authorizer"):
                return original(tenant_id, user_id)

        authorizer.context_for = context_for_in_phase  # type: ignore[assignment]

        with Client(application.app) as chalice_client:
            api = Api(chalice_client)
            worlds = [build_company(api, "小公司", 10), build_company(api, "大公司金融科技", 200)]
            print("DynamoDB round trips per request (authorizer = membership + managed units; handler = the route)")
            print(f"{'request':<42} {'caller':<9} {'people':>6} {'authorizer':>10} {'handler':>8}  operations")
            for world in worlds:
                company = world["company"]
                for label, caller, path in (
                    ("GET /org/units/{root}/subtree", "admin", f"/org/units/{world['root']}/subtree"),
                    ("GET /org/units/{dept}/subtree", "employee", f"/org/units/{world['dept']}/subtree"),
                    ("GET /org/people/{id}", "admin", f"/org/people/{world['colleague']}"),
                    ("GET /org/people/{id}", "employee", f"/org/people/{world['colleague']}"),
                    ("GET /org/goals/cascade?period=2026", "employee", "/org/goals/cascade?period=2026"),
                    ("GET /me", "employee", "/me"),
                    ("GET /dashboards/director?period=2026", "admin", "/dashboards/director?period=2026"),
                    ("GET /dashboards/hr", "admin", "/dashboards/hr"),
                    ("GET /dashboards/units/{dept} (no cycle)", "admin", f"/dashboards/units/{world['dept']}"),
                    # first pages of lists (default limit) -- paging must not add round trips to them
                    ("GET /org/units", "admin", "/org/units"),
                    ("GET /org/positions", "admin", "/org/positions"),
                    ("GET /org/people", "admin", "/org/people"),
                    ("GET /org/people", "employee", "/org/people"),
                    ("GET /org/goals?period=2026", "employee", "/org/goals?period=2026"),
                    ("GET /collab/tasks?scope=all", "admin", "/collab/tasks?scope=all"),
                    ("GET /collab/inbox", "employee", "/collab/inbox"),
                    ("GET /indicators/sets?period=2026", "admin", "/indicators/sets?period=2026"),
                    ("GET /audit", "admin", "/audit"),
                ):
                    _flush_metering()  # its batched write (1 per 25 requests) must not land in a measurement
                    with round_trips() as trips:
                        current.append(trips)
                        status = api.as_(company.tokens[caller]).get(path).status
                        current.pop()
                    assert status == 200, (path, status)
                    counts = Counter(op for phase, op in trips.calls if phase == "handler")
                    handler_ops = [f"{op}×{n}" for op, n in sorted(counts.items())]
                    print(
                        f"{label:<42} {caller:<9} {world['size']:>6} {trips.in_phase('authorizer'):>10} "
                        f"{trips.in_phase('handler'):>8}  {', '.join(handler_ops)}"
                    )
            print("In AWS the authorizer's answer is cached per token for 300 s (AUTH_CACHE_SECONDS).")
            print("Not shown: request metering adds one UpdateItem per 25 requests per container (flushed first).")


if __name__ == "__main__":
    main()
