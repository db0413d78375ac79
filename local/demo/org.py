"""Demo step 1: the company, its units, positions (岗位说明书), 200 people and the demo logins."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from local.demo import Demo, Step, story
from local.demo.http import Api, set_password, sign_in

T = TypeVar("T")
WORKERS = 6  # chalice local is threaded; a few requests in flight roughly halve the seed time


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
        },
    )
    admin = Api(demo.api_url, sign_in(demo.client_id, founder.email, story.PASSWORD))
    me = admin.get("/me")
    demo.meta["tenant_id"] = me["tenant_id"]
    demo.meta["logins"] = {"admin": {"email": founder.email, "name": founder.name, "roles": ["admin", "hr"]}}
    root = admin.get("/org/units")["items"][0]

    # Units: departments, then their teams.
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

    positions = {
        p.code: c
        for p, c in zip(
            plan.positions,
            _parallel(
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
            ),
            strict=True,
        )
    }

    # People, managers before their reports. The founder exists already (sign-up made her person).
    people: dict[str, str] = {"hr_director": me["person_id"]}
    for level in sorted({p.level for p in plan.people}):
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
        if founder.level == level:
            person = admin.get(f"/org/people/{me['person_id']}")
            admin.patch(
                f"/org/people/{me['person_id']}",
                {
                    "version": person["version"],
                    "unit_id": units[founder.unit]["unit_id"],
                    "position_id": positions[founder.position]["position_id"],
                    "manager_id": people[founder.manager],
                },
            )

    # Unit heads (the company itself is headed by the general manager).
    heads = [(root, "ceo")] + [(units[u.code], u.head) for u in plan.units]
    _parallel(
        lambda pair: admin.patch(
            f"/org/units/{pair[0]['unit_id']}", {"version": pair[0]["version"], "head_person_id": people[pair[1]]}
        ),
        heads,
    )

    # Logins: invite, then set the password the invitee would choose.
    demo.meta["headcount"] = len(people)
    demo.meta["people"] = {p.key: people[p.key] for p in plan.people if p.key in story.KEY_PEOPLE}
    for label, key, roles, _ in story.LOGINS:
        person = plan.person(key)
        if label != "admin":
            admin.post(
                "/users/invitations",
                {"email": person.email, "roles": roles, "name": person.name, "person_id": people[key]},
            )
            set_password(demo.pool_id, person.email, story.PASSWORD)
        demo.meta["logins"][label] = {"email": person.email, "name": person.name, "roles": roles}
    return (
        f"{story.COMPANY}: {len(units) + 1} units, {len(positions)} positions, {len(people)} people, "
        f"{len(story.LOGINS)} logins"
    )


STEP = Step(
    "org",
    ("POST /signup", "POST /org/units", "POST /org/positions", "POST /org/people", "POST /users/invitations"),
    run,
)
