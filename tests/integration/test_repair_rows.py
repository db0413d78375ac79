"""The operator's repair of rows damaged before updates were validated (infra/repair_rows.py)."""

from __future__ import annotations

from chalicelib.core import audit
from chalicelib.core.db import Item
from infra import repair_rows
from tests.support.world import sign_up


def _damage(tenant_id: str, sk: str, **fields) -> None:
    item = Item.get(f"T#{tenant_id}", sk)
    item.data = {**item.data.as_dict(), **fields}
    item.save(add_version_condition=False)


def test_given_a_null_stored_in_a_required_field_then_repair_puts_back_its_last_good_value(api):
    company = sign_up(api)
    unit = company.admin.post("/org/units", {"code": "OPS", "name": "运营部", "parent_id": company.root_unit_id}).body
    renamed = company.admin.patch(f"/org/units/{unit['unit_id']}", {"version": 1, "name": "运营中心"}).body
    _damage(company.tenant_id, f"UNIT#{unit['unit_id']}", name=None)
    assert company.admin.get(f"/org/units/{unit['unit_id']}").status == 500

    report = repair_rows.run(apply=False)
    assert [(f.entity, f.fields, f.restored) for f in report] == [("Unit", ["name"], {"name": "运营中心"})]
    assert company.admin.get(f"/org/units/{unit['unit_id']}").status == 500  # a report writes nothing

    repair_rows.run(apply=True, tenant_id=company.tenant_id)

    repaired = company.admin.get(f"/org/units/{unit['unit_id']}")
    assert repaired.status == 200
    assert repaired.body["name"] == renamed["name"]
    assert repair_rows.run(apply=False) == []


def test_a_row_without_a_valid_value_in_its_audit_trail_is_reported_not_guessed(api):
    company = sign_up(api)
    position = company.admin.post("/org/positions", {"code": "REP", "title": "客户经理",
                                                     "unit_id": company.root_unit_id}).body
    _damage(company.tenant_id, f"POSITION#{position['position_id']}", headcount="many")
    trail = audit.audit_entity_pk(company.tenant_id, "position", position["position_id"])
    for record in audit.AuditItem.gsi1.query(trail):
        record.delete()

    [finding] = repair_rows.run(apply=True, tenant_id=company.tenant_id)

    assert finding.fields == ["headcount"] and not finding.mended
    assert company.admin.get(f"/org/positions/{position['position_id']}").status == 500
