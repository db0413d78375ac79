"""The HR desk's partition and names are rebuilt for a tenant that lacks them (infra/backfill_hr_desk.py):
the desk shows the same lists, named, with no name read, and a second run changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chalicelib.core import clock
from chalicelib.core.context import RequestContext, Role
from chalicelib.reminders import store as reminders_store
from tests.support.indicator_sources import conversion, draft_set, with_source
from tests.support.world import staffed_company


def _stored_desk(tenant_id: str) -> dict[str, dict]:
    from chalicelib.core.db import Item
    from chalicelib.dashboards import desk

    return {i.SK: {k: v for k, v in i.payload().items() if k != "version"} for i in Item.query(desk.desk_pk(tenant_id))}


def test_the_backfill_gives_an_older_tenant_its_named_desk_and_repeats_safely(api, monkeypatch):
    from chalicelib.collab.store import TaskItem
    from chalicelib.core.db import Item
    from chalicelib.dashboards import desk
    from chalicelib.dashboards import service as dashboards
    from chalicelib.employment import service as employment
    from chalicelib.employment.schemas import ContractCreate
    from chalicelib.reminders.service import china_today
    from infra.backfill_hr_desk import rebuild_desk

    company = staffed_company(api)
    hr = RequestContext(tenant_id=company.tenant_id, user_id="hr-user", person_id="", roles=frozenset({Role.HR}))
    engineer = company.people["engineer"]
    today = china_today()
    # Given a set in review, an overdue task, a bounce and a contract ending in ten days...
    s = draft_set(company, [with_source(company, conversion(weight=100))], period="2026-Q1",
                  person_ids=[company.people["seller"]], title="销售")
    submitted = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/submit", {"version": s["version"]})
    assert submitted.status == 200, submitted.body
    clock.freeze(datetime.now(UTC) - timedelta(days=7))
    task = company.as_("hr").post("/collab/tasks", {"title": "补签合同", "assignee_id": engineer,
                                                    "deadline": (date.today() - timedelta(days=2)).isoformat()})
    clock.freeze(None)
    assert task.status == 201, task.body
    employment.create_contract(hr, engineer, ContractCreate(
        type="fixed_term", start_date=today - timedelta(days=700), end_date=today + timedelta(days=10),
        signed_on=today - timedelta(days=700)))
    reminders_store.record_mail_event(company.tenant_id, engineer, "bounce", "Permanent", "刘洋")
    before = dashboards.hr(hr, None).model_dump()
    assert (len(before["queue"]), len(before["overdue_tasks"]), len(before["mail_problems"]),
            len(before["expiring"])) == (1, 1, 1, 1)
    stored = _stored_desk(company.tenant_id)
    # ...written before the desk existed: no desk items, tasks without their assignee's name
    for item in Item.scan():
        if not item.PK.startswith(f"T#{company.tenant_id}"):
            continue
        if isinstance(item, desk.DeskSetItem | desk.DeskMailItem | desk.DeskDueItem):
            item.delete()
        elif isinstance(item, TaskItem):
            item.data = {k: v for k, v in item.payload().items() if k not in ("assignee_name", "version")}
            item.save(add_version_condition=False)
    assert dashboards.hr(hr, None).queue == []
    # When the backfill runs twice
    assert rebuild_desk(company.tenant_id, today) > 0
    first = _stored_desk(company.tenant_id)
    rebuild_desk(company.tenant_id, today)
    # Then the desk holds what the writers had written, the second run changed nothing...
    assert first == stored
    assert _stored_desk(company.tenant_id) == stored
    # (the contract end's copy leaves by TTL two days after its date)
    ends = [i for i in Item.query(desk.desk_pk(company.tenant_id)) if isinstance(i, desk.DeskDueItem)]
    gone = datetime.combine(today + timedelta(days=12), datetime.min.time(), tzinfo=UTC).timestamp()
    assert [int(i.expires_at) for i in ends] == [int(gone)]
    # ...and HR sees the same desk, named, without reading a name
    from pynamodb.connection.base import Connection

    calls: list[str] = []
    real = Connection._make_api_call

    def spy(self, operation_name, *args, **kwargs):
        calls.append(operation_name)
        return real(self, operation_name, *args, **kwargs)

    monkeypatch.setattr(Connection, "_make_api_call", spy)
    after = dashboards.hr(hr, None).model_dump()
    monkeypatch.undo()
    assert after == before
    assert calls == ["Query", "Query", "Query"]
