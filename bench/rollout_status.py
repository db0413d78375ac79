"""Rollout status for a 200-person demo company: how many DynamoDB round trips one read costs.

Builds (in moto) a company of 200 people in six departments, drafts one indicator set per
department position through the real services, moves each department to a different stage
(not started, drafting, in review, returned, approved, confirmed), then reads the rollout the
way ``GET /indicators/rollout`` does, counting DynamoDB calls. Prints figures; never fails on them.

    .venv/bin/python bench/rollout_status.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._company import company  # noqa: E402
from bench._support import round_trips  # noqa: E402  (before any DynamoDB client exists)
from tests.support import env  # noqa: E402

env.configure()

from moto import mock_aws  # noqa: E402

# (code, name, people incl. the head, stage): the stage the department's set ends up in; with the
# founder in the company unit, 200 people
DEPARTMENTS = [
    ("SALES", "销售部", 70, "confirmed"),
    ("OPS", "运营部", 40, "in_review"),
    ("TECH", "技术部", 40, "returned"),
    ("RISK", "风控部", 25, "approved"),
    ("FIN", "财务部", 10, "drafting"),
    ("HRD", "人力资源部", 14, "not_started"),
]
PERIOD = "2026"
CONFIRM_SHARE = 0.8  # in the confirmed department, 80 % confirm and one asks a question


def build() -> tuple[object, object]:
    from chalicelib.core.context import RequestContext, Role
    from chalicelib.indicators import service
    from chalicelib.indicators.schemas import (
        ConfirmBody,
        DataSource,
        IndicatorInput,
        QuestionBody,
        SetAction,
        SetCreate,
        SetReturn,
    )
    from chalicelib.org import service as org
    from chalicelib.org.schemas import PersonCreate

    bench = company()
    hr, tenant = bench.hr, bench.hr.tenant_id
    founder = org.create_person(hr, PersonCreate(name="王芳", email="ceo@bench.test", employee_no="E00000",
                                                 unit_id=bench.root.unit_id))
    sets = []
    for code, name, size, stage in DEPARTMENTS:
        department = bench.department(code, name, staff=size - 1, headcount=size)
        unit, position, head, manager = department.unit, department.position, department.head, department.manager
        staff = department.staff
        if stage == "not_started":
            continue
        source = DataSource(unit_id=unit.unit_id, system="CRM", owner_person_id=head.person_id)
        s = service.create_set(manager, SetCreate(period=PERIOD, position_id=position.position_id, title=name,
                                                  indicators=[
            IndicatorInput(template_code="SALES_CONVERSION_RATE", target=10, threshold=6, weight=60,
                           data_source=source),
            IndicatorInput(template_code="SALES_COLLECTION_RATE", target=98, threshold=95, weight=40,
                           data_source=source)]))
        if stage != "drafting":
            s = service.submit_set(manager, s.set_id, SetAction(version=s.version))
        if stage == "returned":
            s = service.return_set(hr, s.set_id, SetReturn(version=s.version, comment="请补充口径"))
        if stage in ("approved", "confirmed"):
            s = service.approve_set(hr, s.set_id, SetAction(version=s.version))
        if stage == "confirmed":
            for index, person in enumerate(staff[: int(len(staff) * CONFIRM_SHARE)]):
                me = RequestContext(tenant_id=tenant, user_id=f"u-{person.person_id}", person_id=person.person_id,
                                    roles=frozenset({Role.EMPLOYEE}))
                if index == 0:
                    service.ask(me, s.set_id, QuestionBody(text="有效线索的口径？"))
                else:
                    service.confirm(me, s.set_id, ConfirmBody())
        sets.append(s)
    del founder
    return hr, sets


def main() -> None:
    from chalicelib.core.context import RequestContext, Role
    from chalicelib.indicators import service
    from chalicelib.indicators.schemas import RolloutQuery

    with mock_aws():
        started = time.perf_counter()
        hr, _ = build()
        print(f"built the demo company in {time.perf_counter() - started:.1f} s")
        assert isinstance(hr, RequestContext)
        with round_trips() as trips:
            started = time.perf_counter()
            result = service.rollout(hr, RolloutQuery(period=PERIOD))
            elapsed = (time.perf_counter() - started) * 1000
        read = _items_read(hr.tenant_id)
        print(f"\nGET /indicators/rollout?period={PERIOD} as HR (whole company, {result.people} people)")
        print(f"  DynamoDB round trips: {trips.total}  {trips.by_operation}   ({elapsed:.0f} ms in moto)")
        print(f"  items read: {read['tree']} from the org tree index, {read['rollout']} from the period's rollout "
              f"partition ({read['rollout_kb']:.0f} KB; one Query page holds 1 MB)")
        header = f"  {'unit':<12}{'people':>7}" + "".join(f"{k:>13}" for k in (
            "not_started", "drafting", "in_review", "returned", "approved", "confirmed", "questioned"))
        print(header)
        for row in result.items:
            c = row.counts
            print(f"  {'  ' * row.depth + row.name:<12}{row.people:>7}" + "".join(f"{v:>13}" for v in (
                c.not_started, c.drafting, c.in_review, c.returned, c.approved, c.confirmed, c.questioned)))
        sales = next(r for r in result.items if r.name == "销售部")
        manager = RequestContext(tenant_id=hr.tenant_id, user_id="u-SALES", person_id="x",
                                 roles=frozenset({Role.MANAGER}), managed_unit_ids=(sales.unit_id,))
        with round_trips() as trips:
            mine = service.rollout(manager, RolloutQuery(period=PERIOD))
        print(f"\nas 销售部's manager (their subtree, {mine.people} people): {trips.total} round trips "
              f"{trips.by_operation}; rows: {[r.name for r in mine.items]}")


def _items_read(tenant_id: str) -> dict[str, float]:
    import json

    from chalicelib.core.db import Item, query
    from chalicelib.indicators import store
    from chalicelib.org import store as org_store

    tree = list(query(Item, org_store.tree_pk(tenant_id), "/", index="GSI1"))
    rollout = list(query(Item, store.rollout_pk(tenant_id, PERIOD), index="GSI1"))
    size = sum(len(json.dumps(i.serialize(), ensure_ascii=False).encode()) for i in rollout)
    return {"tree": len(tree), "rollout": len(rollout), "rollout_kb": size / 1024}


if __name__ == "__main__":
    main()
