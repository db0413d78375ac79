"""PIPL duties on one person's data (issue #11): the machine-readable export (masked unless full, audited),
the erasure after the retention period by the daily job (a pinned clock), and HR's legal hold that stops it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import boto3
import pytest

from chalicelib.core import clock
from chalicelib.core.settings import settings
from chalicelib.people import retention
from chalicelib.reminders import service as reminders
from tests.support.collab_sources import module_world
from tests.support.world import Company

ID_NUMBER = "11010519491231002X"
ACCOUNT = "6225880112345678"
ADDRESS = "北京市朝阳区建国路 88 号 3 单元"
FILE: dict[str, Any] = {
    "legal_name": "陈静", "id_type": "resident_id", "id_number": ID_NUMBER, "phone": "13800138000",
    "personal_email": "chenjing@example.cn", "address": ADDRESS, "bank_name": "招商银行", "bank_account": ACCOUNT,
    "health": "青霉素过敏", "start_date": "2024-03-01", "prior_working_years": 3.5, "employment_type": "full_time",
}
SECRETS = [ID_NUMBER, ACCOUNT, ADDRESS, "青霉素过敏"]
NOTE = "回老家照顾生病的母亲"  # a departure note HR wrote: personal circumstances
LAST_DAY = date(2026, 11, 30)
ERASE_ON = date(2028, 12, 31)  # 24 months of wage records after the last month's pay (a month later), the day after


@pytest.fixture(scope="module")
def world():
    with module_world("甲公司金融科技", "乙公司信息技术") as companies:
        yield companies
    clock.freeze(None)


@pytest.fixture(autouse=True)
def _unfreeze() -> Iterator[None]:
    yield
    clock.freeze(None)


def on(day: date) -> None:
    clock.freeze(datetime(day.year, day.month, day.day, 2, tzinfo=UTC))


def give_file(company: Company, person_id: str) -> dict[str, Any]:
    path = f"/people/{person_id}/file"
    current = company.as_("hr").get(path)
    body = dict(FILE)
    if current.status == 200:
        body["version"] = current.body["version"]
    reply = company.as_("hr").put(path, body)
    assert reply.status == 200, reply.body
    return reply.body


def audit_of(company: Company, person_id: str, action: str) -> list[dict[str, Any]]:
    reply = company.as_("hr").get("/audit", entity_kind="person_file", entity_id=person_id, limit=100)
    assert reply.status == 200, reply.body
    return [e for e in reply.body["items"] if e["action"] == action]


def raw(company: Company, sk: str) -> dict[str, Any] | None:
    table = boto3.client("dynamodb", region_name="us-east-1")
    return table.get_item(TableName=settings().table_name, ConsistentRead=True,
                          Key={"PK": {"S": f"T#{company.tenant_id}"}, "SK": {"S": sk}}).get("Item")


def leave(company: Company, person_id: str, day: date = LAST_DAY) -> None:
    on(day)
    reply = company.as_("hr").post(f"/employment/people/{person_id}/events", {
        "type": "departure", "effective_date": day.isoformat(), "last_working_day": day.isoformat(),
        "reason": "resignation", "note": NOTE})
    assert reply.status == 201 and reply.body["status"] == "applied", reply.body
    clock.freeze(None)


def hire(company: Company, n: int) -> str:
    reply = company.as_("hr").post("/employment/hires", {
        "name": f"离职员工{n}", "email": f"leaver{n}@{company.tenant_id}.test", "employee_no": f"L{n:04d}",
        "unit_id": company.units["SALES"], "hire_date": "2024-03-01", "invite": False,
        "contract": {"type": "fixed_term", "start_date": "2024-03-01", "end_date": "2027-02-28",
                     "probation_end": "2024-05-31", "signed_on": "2024-03-01"}})
    assert reply.status == 201, reply.body
    person_id = reply.body["person"]["person_id"]
    give_file(company, person_id)
    return person_id


# ---- export -------------------------------------------------------------------------------------

def test_the_person_exports_their_data_masked_with_contracts_events_and_change_requests(world):
    a = world[0]
    seller = a.people["seller"]
    give_file(a, seller)
    assert a.as_("employee").post(f"/people/{seller}/file/changes",
                                  {"changes": {"phone": "13700137000"}}).status == 201
    before = len(audit_of(a, seller, "export"))
    # When the seller exports her own data
    reply = a.as_("employee").get(f"/people/{seller}/file/export")
    # Then every sensitive value is masked, and the file, the org record and her change requests are there
    assert reply.status == 200, reply.body
    body = reply.body
    assert body["full"] is False and body["person"]["person_id"] == seller
    assert body["file"]["legal_name"] == "陈静" and body["file"]["id_number"] == "110105********002X"
    assert body["file"]["bank_account"] == "**** **** 5678" and body["file"]["health"] == "******"
    assert [s for s in SECRETS if s in json.dumps(body, ensure_ascii=False)] == []
    assert "sealed" not in body["file"]
    assert body["change_requests"][0]["changes"] == {"phone": "13700137000"}
    assert {"contracts", "events", "history", "leave_balances", "custom"} <= set(body)
    # And the export is audited as not full
    exports = audit_of(a, seller, "export")
    assert len(exports) == before + 1 and exports[0]["after"] == {"person_id": seller, "full": False}


def test_a_full_export_by_hr_holds_the_values_and_is_audited_as_full(world):
    a = world[0]
    seller = a.people["seller"]
    give_file(a, seller)
    reply = a.as_("hr").get(f"/people/{seller}/file/export", full="true")
    assert reply.status == 200, reply.body
    file = reply.body["file"]
    assert (file["id_number"], file["bank_account"], file["address"]) == (ID_NUMBER, ACCOUNT, ADDRESS)
    newest = audit_of(a, seller, "export")[0]
    assert newest["after"]["full"] is True
    assert newest["actor_user_id"] == a.as_("hr").get("/me").body["user_id"]


def test_a_hired_person_export_lists_the_contract_events_and_history(world):
    b = world[1]
    person_id = hire(b, 1)
    body = b.as_("hr").get(f"/people/{person_id}/file/export").body
    assert [c["type"] for c in body["contracts"]] == ["fixed_term"]
    assert [e["type"] for e in body["events"]] == ["hire"]
    assert body["history"][0]["unit_id"] == b.units["SALES"]


@pytest.mark.parametrize("user", ["manager", "engineer"])
def test_a_manager_or_a_colleague_cannot_export(world, user):
    a = world[0]
    give_file(a, a.people["seller"])
    assert a.as_(user).get(f"/people/{a.people['seller']}/file/export").status == 403


# ---- legal hold ---------------------------------------------------------------------------------

def test_only_hr_sets_a_legal_hold_and_the_reason_is_required(world):
    a = world[0]
    path = f"/people/{a.people['seller']}/legal-hold"
    assert a.as_("employee").put(path, {"on_hold": True, "reason": "x"}).status == 403
    assert a.as_("manager").get(path).status == 403
    missing = a.as_("hr").put(path, {"on_hold": True})
    assert missing.status == 400 and missing.error_fields == ["reason"], missing.body
    held = a.as_("hr").put(path, {"on_hold": True, "reason": "劳动仲裁未结"})
    assert held.status == 200 and held.body["on_hold"] is True and held.body["reason"] == "劳动仲裁未结"
    assert a.as_("hr").get(path).body["on_hold"] is True
    cleared = a.as_("hr").put(path, {"on_hold": False, "reason": "仲裁已结案"})
    assert cleared.status == 200 and cleared.body["on_hold"] is False
    actions = [e["action"] for e in a.as_("hr").get("/audit", entity_kind="person_file",
                                                      entity_id=a.people["seller"], limit=100).body["items"]]
    assert {"legal_hold", "legal_hold_clear"} <= set(actions)


# ---- erasure ------------------------------------------------------------------------------------

def test_the_retention_table_gives_the_first_day_a_file_may_go():
    assert retention.erase_on(LAST_DAY) == ERASE_ON
    assert retention.erase_on(date(2026, 1, 31)) == date(2028, 3, 1)  # 2028-02-29 + 1 day


def test_the_file_is_erased_after_retention_and_a_second_run_changes_nothing(world):
    b = world[1]
    seller = b.people["seller"]
    give_file(b, seller)
    asked = b.as_("employee").post(f"/people/{seller}/file/changes", {"changes": {"phone": "13700137000"}})
    assert asked.status == 201, asked.body
    leave(b, seller)
    # The day before retention ends nothing happens
    assert retention.erase_due(b.tenant_id, date(2028, 12, 30)) == 0
    assert NOTE in json.dumps(b.as_("hr").get(f"/employment/people/{seller}/events").body, ensure_ascii=False)
    assert b.as_("hr").get(f"/people/{seller}/file").body["legal_name"] == "陈静"
    # On the day, the daily tenant job erases the file down to its tombstone
    on(ERASE_ON)
    reminders.run_tenant(b.tenant_id, ERASE_ON)
    clock.freeze(None)
    view = b.as_("hr").get(f"/people/{seller}/file").body
    assert view["erased_at"] and view["legal_name"] is None and view["masked"] == []
    assert (view["start_date"], view["employment_type"]) == ("2024-03-01", "full_time")
    assert view["employee_no"] == b.admin.get(f"/org/people/{seller}").body["employee_no"]
    item = raw(b, f"PFILE#{seller}")
    assert item is not None and [s for s in [*SECRETS, "陈静", "13800138000"] if s in json.dumps(item)] == []
    assert raw(b, f"PBIRTH#{seller}") is None
    assert b.as_("hr").get(f"/people/{seller}/file/changes").body["items"] == []
    assert b.as_("hr").post(f"/people/{seller}/file/reveal", {"field": "id_number"}).body["value"] is None
    # And the erasure is audited without any personal value
    erased = audit_of(b, seller, "erase")
    assert len(erased) == 1 and erased[0]["after"]["erase_on"] == ERASE_ON.isoformat()
    # The unit history and the departure stay, without the note's personal circumstances
    assert b.as_("hr").get(f"/employment/people/{seller}/history").body["items"]
    events = b.as_("hr").get(f"/employment/people/{seller}/events").body["items"]
    assert [e["type"] for e in events if e["type"] == "departure"] == ["departure"]
    assert all(e["note"] == "" for e in events) and erased[0]["after"]["notes_cleared"] == 1
    # A second run (and a later day) changes nothing
    version = view["version"]
    assert retention.erase_due(b.tenant_id, ERASE_ON) == 0
    assert retention.erase_due(b.tenant_id, date(2029, 6, 1)) == 0
    assert b.as_("hr").get(f"/people/{seller}/file").body["version"] == version
    assert len(audit_of(b, seller, "erase")) == 1


def test_a_legal_hold_stops_the_erasure_until_hr_clears_it(world):
    b = world[1]
    person_id = hire(b, 2)
    leave(b, person_id)
    held = b.as_("hr").put(f"/people/{person_id}/legal-hold", {"on_hold": True, "reason": "劳动仲裁 2028-17 号"})
    assert held.status == 200, held.body
    # On and after the day, a held file stays whole
    assert retention.erase_due(b.tenant_id, ERASE_ON) == 0
    assert retention.erase_due(b.tenant_id, date(2029, 3, 1)) == 0
    view = b.as_("hr").get(f"/people/{person_id}/file").body
    assert view["erased_at"] is None and view["id_number"] == "110105********002X"
    # When HR clears the hold, the next run erases it
    cleared = b.as_("hr").put(f"/people/{person_id}/legal-hold", {"on_hold": False, "reason": "已结案"})
    assert cleared.status == 200
    assert retention.erase_due(b.tenant_id, date(2029, 3, 2)) == 1
    assert b.as_("hr").get(f"/people/{person_id}/file").body["erased_at"]


def test_a_rehired_person_is_not_erased_for_the_earlier_departure(world):
    b = world[1]
    person_id = hire(b, 3)
    leave(b, person_id)
    on(date(2027, 1, 4))
    back = b.as_("hr").post(f"/employment/people/{person_id}/events", {
        "type": "rehire", "effective_date": "2027-01-04", "unit_id": b.units["SALES"]})
    assert back.status == 201 and back.body["status"] == "applied", back.body
    clock.freeze(None)
    assert retention.erase_due(b.tenant_id, ERASE_ON) == 0
    assert b.as_("hr").get(f"/people/{person_id}/file").body["erased_at"] is None
    assert raw(b, f"PBIRTH#{person_id}") is not None


# ---- backfill -----------------------------------------------------------------------------------

def test_the_backfill_writes_missing_birth_months_and_erasure_dates_and_is_safe_to_repeat(world):
    from chalicelib.core.db import Item
    from chalicelib.people import store
    from chalicelib.people.backfill import backfill

    b = world[1]
    person_id = hire(b, 4)
    leave(b, person_id)
    # Given a file written before the birth-month item existed and a departure before the erasure date did
    Item(*store.birth_key(b.tenant_id, person_id)).delete(add_version_condition=False)
    Item(*store.erase_due_key(b.tenant_id, ERASE_ON, person_id)).delete(add_version_condition=False)
    assert person_id not in store.birth_months(b.tenant_id)
    # When the backfill runs twice
    first, second = backfill(b.tenant_id), backfill(b.tenant_id)
    # Then the first run wrote both items and the second nothing
    assert (first.birth_months, first.erase_dates) == (1, 1), first
    assert (second.birth_months, second.erase_dates) == (0, 0), second
    assert store.birth_months(b.tenant_id)[person_id] == "1949-12"
    assert (ERASE_ON, person_id) in store.erase_due(b.tenant_id, ERASE_ON)


def test_an_export_is_one_read_per_partition(world, monkeypatch):
    from pynamodb.connection.base import Connection

    from chalicelib.core.context import RequestContext, Role
    from chalicelib.people import pipl
    from chalicelib.people.schemas import ExportQuery

    a = world[0]
    seller = a.people["seller"]
    give_file(a, seller)
    ctx = RequestContext(tenant_id=a.tenant_id, user_id="hr-user", roles=frozenset({Role.HR}))
    calls: list[str] = []
    real = Connection._make_api_call

    def spy(self: Connection, operation: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(operation)
        return real(self, operation, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Connection, "_make_api_call", spy)  # counts, changes nothing
        pipl.export(ctx, seller, ExportQuery())
    operations = sorted(calls)
    # person + file; custom fields, contracts, events, periods, change requests, leave balances; the audit write
    assert operations == sorted(["GetItem"] * 2 + ["Query"] * 6 + ["TransactWriteItems"]), operations
