"""Demo step 1: the company, its units, positions (岗位说明书), 200 people and the demo logins.

As HR would do it: sign the company up, then load the org chart from CSV files through
``POST /org/import`` (units, positions, people: three requests). Where the import API is not
there, the same records are created one request each (slower). Then the unit heads, the founder's
own place in the chart, and an invitation per demo login with the password the invitee would set.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from chalicelib.tenancy.schemas import PRIVACY_POLICY_VERSION
from local.demo import Demo, Step, story
from local.demo.http import Api, set_password, sign_in

T = TypeVar("T")
WORKERS = 4  # chalice local is threaded; a few requests in flight help while one waits on moto


def _parallel(fn: Callable[[T], Any], items: Iterable[T]) -> list[Any]:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(fn, items))


def run(demo: Demo) -> str:
    plan = story.plan(small=demo.meta.get("size") == "small")
    founder = plan.person("hr_director")
    demo.api.post(
        "/signup",
        {
            "company_name": story.COMPANY,
            "industry": "internet_finance",
            "admin_name": founder.name,
            "admin_email": founder.email,
            "password": story.PASSWORD,
            "privacy_policy_version": PRIVACY_POLICY_VERSION,
        },
    )
    admin = Api(demo.api_url, sign_in(demo.client_id, founder.email, story.PASSWORD))
    me = admin.get("/me")
    demo.meta["tenant_id"] = me["tenant_id"]
    demo.meta["logins"] = {"admin": {"email": founder.email, "name": founder.name, "roles": ["admin", "hr"]}}

    via_import = demo.has("POST /org/import")
    (_import if via_import else _one_by_one)(admin, plan)
    units = {u["code"]: u for u in admin.items("/org/units")}
    positions = {p["code"]: p for p in admin.items("/org/positions")}
    by_number = {p["employee_no"]: p for p in admin.items("/org/people")}
    people = {p.key: by_number[p.employee_no]["person_id"] for p in plan.people}

    # The founder (signed up as the company's first person) takes her place in 人力资源部.
    person = by_number[founder.employee_no]
    admin.patch(
        f"/org/people/{person['person_id']}",
        {
            "version": person["version"],
            "unit_id": units[founder.unit]["unit_id"],
            "position_id": positions[founder.position]["position_id"],
            "manager_id": people[founder.manager],
        },
    )

    # Unit heads (not part of the import files); the company itself is headed by the general manager.
    root = next(u for u in units.values() if u["parent_id"] is None)
    heads = [(root, "ceo")] + [(units[u.code], u.head) for u in plan.units]
    _parallel(
        lambda pair: admin.patch(
            f"/org/units/{pair[0]['unit_id']}", {"version": pair[0]["version"], "head_person_id": people[pair[1]]}
        ),
        heads,
    )

    # Logins: invite, then set the password the invitee would choose at first sign-in.
    demo.meta["headcount"] = len(people)
    demo.meta["people"] = {key: people[key] for key in story.KEY_PEOPLE}
    for label, key, roles, _ in story.LOGINS:
        member = plan.person(key)
        if label != "admin":
            admin.post(
                "/users/invitations",
                {"email": member.email, "roles": roles, "name": member.name, "person_id": people[key]},
            )
            set_password(demo.pool_id, member.email, story.PASSWORD)
        demo.meta["logins"][label] = {"email": member.email, "name": member.name, "roles": roles}
    how = "imported from CSV" if via_import else "created one by one"
    return (
        f"{story.COMPANY}: {len(units)} units, {len(positions)} positions, {len(people)} people ({how}), "
        f"{len(story.LOGINS)} logins"
    )


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return base64.b64encode(out.getvalue().encode("utf-8")).decode("ascii")


def _import(admin: Api, plan: story.Plan) -> None:
    """Three files, the way HR loads an org chart kept in Excel (Chinese column headers)."""
    files = {
        "units": _csv(
            ["部门编码", "部门名称", "上级部门编码", "类型"],
            ([u.code, u.name, u.parent or "", "部门" if u.kind == "department" else "团队"] for u in plan.units),
        ),
        "positions": _csv(
            ["岗位编码", "岗位名称", "部门编码", "编制", "岗位目的", "岗位职责", "任职资格"],
            (
                [
                    p.code,
                    p.job.title,
                    p.unit,
                    str(p.headcount),
                    p.job.purpose,
                    "\n".join(p.job.duties),
                    "\n".join(p.job.qualifications),
                ]
                for p in plan.positions
            ),
        ),
        "people": _csv(
            ["工号", "姓名", "邮箱", "部门编码", "岗位编码", "上级工号"],
            (
                [
                    p.employee_no,
                    p.name,
                    p.email,
                    p.unit,
                    p.position,
                    plan.person(p.manager).employee_no if p.manager else "",
                ]
                for p in plan.people
                if p.key != "hr_director"
            ),
        ),
    }
    for kind, content in files.items():
        admin.post(
            "/org/import",
            {"kind": kind, "format": "csv", "content_base64": content, "filename": f"融信数科-{kind}.csv"},
        )


def _one_by_one(admin: Api, plan: story.Plan) -> None:
    """The same records through the single-item endpoints (before the import API existed)."""
    root = admin.items("/org/units")[0]
    units: dict[str, dict[str, Any]] = {}
    for level in ("department", "team"):
        batch = [u for u in plan.units if u.kind == level]
        created = _parallel(
            lambda u: admin.post(
                "/org/units",
                {
                    "code": u.code,
                    "name": u.name,
                    "kind": u.kind,
                    "parent_id": units[u.parent]["unit_id"] if u.parent else root["unit_id"],
                },
            ),
            batch,
        )
        units.update({u.code: c for u, c in zip(batch, created, strict=True)})
    created = _parallel(
        lambda p: admin.post(
            "/org/positions",
            {
                "code": p.code,
                "title": p.job.title,
                "unit_id": units[p.unit]["unit_id"],
                "headcount": p.headcount,
                "job_description": p.job.description(),
            },
        ),
        plan.positions,
    )
    positions = {p.code: c for p, c in zip(plan.positions, created, strict=True)}
    founder_id = admin.get("/me")["person_id"]
    people: dict[str, str] = {"hr_director": founder_id}
    for level in sorted({p.level for p in plan.people}):  # managers before their reports
        batch = [p for p in plan.people if p.level == level and p.key != "hr_director"]
        created = _parallel(
            lambda p: admin.post(
                "/org/people",
                {
                    "name": p.name,
                    "email": p.email,
                    "employee_no": p.employee_no,
                    "unit_id": units[p.unit]["unit_id"],
                    "position_id": positions[p.position]["position_id"],
                    **({"manager_id": people[p.manager]} if p.manager else {}),
                },
            ),
            batch,
        )
        people.update({p.key: c["person_id"] for p, c in zip(batch, created, strict=True)})


STEP = Step(
    "org",
    ("POST /signup", "POST /org/units", "POST /org/positions", "POST /org/people", "POST /users/invitations"),
    run,
)
