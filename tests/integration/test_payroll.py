"""Payroll through the API: set-up, the monthly run and its four eyes, payslips, corrections after a lock.

The story of issue #13: a person with a review rating, a month with 2 late arrivals, 6 h of workday
overtime and 1 day of personal leave → a payslip whose every component names its source; the run
is reviewed, approved by someone else and locked; a later correction lands in the next month.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.core.db import Changes
from chalicelib.payroll import inputs
from chalicelib.reviews import store as reviews_store
from chalicelib.reviews.cycles import Stage
from tests.support.world import Company, staffed_company

D = Decimal
# Test figures only (the product ships no city's rates: HR enters them with the official notice).
RULE_SET = {
    "city": "示例市",
    "valid_from": "2026-01-01",
    "source": "测试数据：示例市 2026 年缴费比例（非官方）",
    "funds": [
        {"fund": "pension", "employee_rate": 0.08, "employer_rate": 0.16, "base_floor": 5000, "base_ceiling": 30000},
        {"fund": "medical", "employee_rate": 0.02, "employer_rate": 0.10, "base_floor": 5000, "base_ceiling": 30000},
        {
            "fund": "unemployment",
            "employee_rate": 0.005,
            "employer_rate": 0.005,
            "base_floor": 5000,
            "base_ceiling": 30000,
        },
        {
            "fund": "housing_fund",
            "employee_rate": 0.12,
            "employer_rate": 0.12,
            "base_floor": 5000,
            "base_ceiling": 30000,
        },
    ],
}
STRUCTURE = {
    "base_wage": 12000,
    "performance_target": 3000,
    "contribution_base": 12000,
    "city": "示例市",
    "allowances": [{"code": "meal", "name": "餐补", "amount": 500, "taxable": True}],
    "effective_from": "2026-01-01",
    "version": 0,
}


@dataclass
class Summary:
    person_id: str
    month: str
    scheduled_days: Decimal = D("21")
    present_days: Decimal = D("21")
    late_count: int = 0
    absent_days: Decimal = D("0")
    leave_days: dict[str, Decimal] = field(default_factory=dict)
    overtime_hours: dict[str, Decimal] = field(default_factory=dict)
    locked: bool = True


class FakeAttendance:
    """The attendance domain's monthly summaries, as its contract gives them (swapped in by inputs.use_attendance)."""

    def __init__(self) -> None:
        self.months: dict[tuple[str, str], Summary] = {}
        self.calls = 0

    def __call__(self, tenant_id: str, month: str, person_ids: list[str]) -> dict[str, Summary]:
        self.calls += 1
        return {p: self.months.get((p, month), Summary(p, month)) for p in person_ids}


@pytest.fixture
def world(api):  # type: ignore[no-untyped-def]
    company = staffed_company(api)
    company.person("payroller", "钱薇")
    company.user("payroll", ["payroll"], person="payroller")
    attendance = FakeAttendance()
    with inputs.use_attendance(attendance):
        yield company, attendance


def _published_rating(company: Company, person: str, rating: str) -> str:
    """Given a cycle over 销售部 whose results are published with ``rating`` for the person (written through
    the reviews store: the full review flow is the reviews tests' subject)."""
    reply = company.as_("hr").post(
        "/reviews/cycles", {"name": "2026 下半年考核", "period": "2026-H2", "unit_id": company.units["SALES"]}
    )
    assert reply.status == 201, reply.body
    cycle = reviews_store.get_cycle(company.tenant_id, reply.body["cycle_id"])
    result = reviews_store.PersonResult(
        cycle_id=cycle.cycle_id,
        period=cycle.period,
        person_id=company.people[person],
        name="陈静",
        unit_id=company.units["SALES"],
        rating=rating,
    )
    changes = Changes()
    reviews_store.add_cycle(
        changes, company.tenant_id, cycle.model_copy(update={"stage": Stage.RESULTS_PUBLISHED}), new=False
    )
    reviews_store.add_result(changes, company.tenant_id, result, cycle.start.isoformat(), new=True, before=None)
    changes.commit()
    return cycle.cycle_id


def _set_up(company: Company) -> None:
    payroll = company.as_("payroll")
    reply = payroll.put(
        "/payroll/settings",
        {"rating_coefficients": {"A": 1.2, "B": 1.0, "C": 0.8}, "late_deduction_each": 50, "version": 0},
    )
    assert reply.status == 200, reply.body
    assert payroll.post("/payroll/rule-sets", RULE_SET).status == 201
    for person in ("seller", "engineer"):
        reply = payroll.put(f"/payroll/people/{company.people[person]}/structure", STRUCTURE)
        assert reply.status == 200, reply.body
    reply = company.as_("hr").put(
        f"/people/{company.people['seller']}/file",
        {
            "legal_name": "陈静",
            "id_number": "11010519491231002X",
            "bank_name": "招商银行",
            "bank_account": "6225880112341234",
            "start_date": "2024-03-01",
            "employment_type": "full_time",
        },
    )
    assert reply.status == 200, reply.body
    reply = company.as_("employee").put(
        f"/payroll/people/{company.people['seller']}/deductions", {"children_education": ["1"], "version": 0}
    )
    assert reply.status == 200 and reply.body["monthly_total"] == "2000.00", reply.body


def _run(company: Company, month: str, cycle_id: str | None = None) -> dict[str, Any]:
    reply = company.as_("payroll").post("/payroll/runs", {"month": month, "review_cycle_id": cycle_id})
    assert reply.status == 201, reply.body
    return reply.body


def _to(company: Company, user: str, run: dict[str, Any], status: str) -> Any:
    return company.as_(user).post(
        f"/payroll/runs/{run['run_id']}/status", {"status": status, "version": run["version"]}
    )


def _close(company: Company, run: dict[str, Any]) -> dict[str, Any]:
    reviewed = _to(company, "payroll", run, "reviewed")
    assert reviewed.status == 200, reviewed.body
    approved = _to(company, "executive", reviewed.body, "approved")
    assert approved.status == 200, approved.body
    locked = _to(company, "payroll", approved.body, "locked")
    assert locked.status == 200, locked.body
    return locked.body


def test_the_story_month_is_traced_approved_by_another_person_locked_and_corrected_next_month(world):
    company, attendance = world
    _set_up(company)
    cycle_id = _published_rating(company, "seller", "A")
    seller = company.people["seller"]
    attendance.months[(seller, "2026-11")] = Summary(
        seller, "2026-11", late_count=2, leave_days={"personal": D("1")}, overtime_hours={"workday": D("6")}
    )
    november = _run(company, "2026-11", cycle_id)
    url = f"/payroll/runs/{november['run_id']}"

    # When HR computes one person, then retries the whole run
    first = company.as_("payroll").post(f"{url}/compute", {"limit": 1})
    assert first.status == 200 and (first.body["computed"], first.body["remaining"]) == (1, 1), first.body
    retry = company.as_("payroll").post(f"{url}/compute", {"limit": 500})
    assert (retry.body["computed"], retry.body["skipped"], retry.body["remaining"]) == (1, 1, 0), retry.body
    again = company.as_("payroll").post(f"{url}/compute", {})
    assert (again.body["computed"], again.body["skipped"]) == (0, 2)
    assert len(company.as_("payroll").get(f"{url}/payslips").body["items"]) == 2

    # Then the payslip names the source of every component
    slip = company.as_("payroll").get(f"{url}/payslips/{seller}").body
    lines = {line["code"]: line for line in slip["lines"]}
    assert lines["performance_pay"]["amount"] == "3600.00"
    assert (
        lines["performance_pay"]["source"]["kind"] == "review" and lines["performance_pay"]["source"]["ref"] == cycle_id
    )
    assert lines["overtime_workday"]["amount"] == "620.69"
    assert lines["overtime_workday"]["source"]["kind"] == "attendance"
    assert lines["late_deduction"]["amount"] == "-100.00"
    assert lines["unpaid_leave_personal"]["amount"] == "-551.72"
    assert lines["base_wage"]["source"]["ref"] == "structure v1"
    assert lines["contribution_pension"]["source"]["kind"] == "rule_set"
    assert (slip["gross"], slip["employee_contributions"], slip["additional_deductions"]) == (
        "16068.97",
        "2700.00",
        "2000.00",
    )
    assert slip["bank_account_masked"].endswith("1234") and "6225" not in slip["bank_account_masked"]
    engineer = company.as_("payroll").get(f"{url}/payslips/{company.people['engineer']}").body
    assert engineer["anomalies"] == ["missing_bank_account"]
    november_net = slip["net"]

    # And the employee sees nothing before the lock
    assert company.as_("employee").get(f"/payroll/my/payslips/{november['run_id']}").status == 404

    # When the preparer tries to approve her own run: refused; an executive approves; payroll locks
    reviewed = _to(company, "payroll", november, "reviewed")
    assert reviewed.status == 200 and reviewed.body["totals"]["people"] == 2, reviewed.body
    own = _to(company, "payroll", reviewed.body, "approved")
    assert own.status == 403 and own.error_fields == ["status"], own.body
    assert _to(company, "hr", reviewed.body, "approved").status == 403  # HR generalists hold no payroll role
    approved = _to(company, "executive", reviewed.body, "approved")
    assert approved.status == 200, approved.body
    locked = _to(company, "payroll", approved.body, "locked")
    assert locked.status == 200 and locked.body["status"] == "locked"
    bank = company.as_("payroll").get(f"{url}/bank-file", format="csv").body
    text = base64.b64decode(bank["content_base64"]).decode("utf-8-sig")
    assert bank["rows"] == 2 and "6225880112341234" not in text and "1234" in text, text
    full = company.as_("payroll").get(f"{url}/bank-file", format="csv", full="true").body
    assert "6225880112341234" in base64.b64decode(full["content_base64"]).decode("utf-8-sig")
    log = company.admin.get("/audit", entity_kind="pay_run", entity_id=november["run_id"]).body["items"]
    assert [e["action"] for e in log][0] == "export_sensitive", log
    assert _to(company, "payroll", locked.body, "draft").status == 409
    assert company.as_("payroll").delete(f"{url}/payslips/{seller}").status == 409

    # Then the employee sees her own payslip, and only hers
    mine = company.as_("employee").get("/payroll/my/payslips").body["items"]
    assert [(p["month"], p["net"]) for p in mine] == [("2026-11", november_net)]
    assert company.as_("employee").get(f"/payroll/my/payslips/{november['run_id']}").body["person_id"] == seller
    assert company.as_("employee").get(f"{url}/payslips/{seller}").status == 403

    # When a correction of the locked month is entered, it lands in December's run; November stays as it was
    reply = company.as_("payroll").post(
        "/payroll/adjustments", {"person_id": seller, "month": "2026-11", "amount": 300, "reason": "11 月加班漏计"}
    )
    assert reply.status == 201, reply.body
    december = _run(company, "2026-12")
    assert company.as_("payroll").post(f"/payroll/runs/{december['run_id']}/compute", {}).body["computed"] == 2
    dec = company.as_("payroll").get(f"/payroll/runs/{december['run_id']}/payslips/{seller}").body
    adjustment = next(line for line in dec["lines"] if line["code"] == "adjustment")
    assert adjustment["amount"] == "300.00" and "2026-11" in adjustment["source"]["detail"]
    assert dec["withholding"]["cumulative_income"] == str(D(slip["gross"]) + D(dec["gross"]))
    assert company.as_("payroll").get(f"{url}/payslips/{seller}").body["net"] == november_net
    # A retried December compute does not pay the correction twice
    assert company.as_("payroll").post(f"/payroll/runs/{december['run_id']}/compute", {}).body["computed"] == 0


def test_set_up_refuses_bad_input_by_field_and_stale_versions_with_409(world):
    company, _ = world
    payroll = company.as_("payroll")
    person = company.people["seller"]
    bad = payroll.put(f"/payroll/people/{person}/structure", {**STRUCTURE, "base_wage": 100.001})
    assert bad.status == 400 and bad.error_fields == ["base_wage"], bad.body
    assert payroll.put(f"/payroll/people/{person}/structure", STRUCTURE).status == 200
    stale = payroll.put(f"/payroll/people/{person}/structure", STRUCTURE)
    assert stale.status == 409 and stale.error_fields == ["version"]
    inverted = {**RULE_SET, "funds": [{**RULE_SET["funds"][0], "base_floor": 40000}]}
    assert payroll.post("/payroll/rule-sets", inverted).status == 400
    assert payroll.post("/payroll/rule-sets", RULE_SET).status == 201
    overlap = payroll.post("/payroll/rule-sets", {**RULE_SET, "valid_from": "2026-07-01"})
    assert overlap.status == 409 and overlap.error_fields == ["valid_from"]
    assert payroll.post("/payroll/runs", {"month": "2026-10"}).status == 201
    twice = payroll.post("/payroll/runs", {"month": "2026-10"})
    assert twice.status == 409 and twice.error_fields == ["month"]
    # Another employee cannot read or declare someone else's deductions; HR sees no pay structure
    assert company.as_("engineer").get(f"/payroll/people/{person}/deductions").status == 403
    assert company.as_("hr").get(f"/payroll/people/{person}/structure").status == 403
    # A declaration over the standard's cap is refused naming the field
    over = company.as_("employee").put(
        f"/payroll/people/{person}/deductions", {"elderly_sibling_share": 2000, "version": 0}
    )
    assert over.status == 400 and over.error_fields == ["elderly_sibling_share"], over.body
    # A correction of a month that is not locked is refused: change its draft instead
    early = payroll.post(
        "/payroll/adjustments", {"person_id": person, "month": "2026-10", "amount": 10, "reason": "测试"}
    )
    assert early.status == 409 and early.error_fields == ["month"]


def test_a_formula_component_is_checked_on_save_and_computed_into_the_payslip(world):
    company, attendance = world
    _set_up(company)
    payroll = company.as_("payroll")
    component = {"code": "full_attendance", "name": "全勤奖", "formula": "max(0, 300 - late_count * bonus_step)"}
    unknown = payroll.put("/payroll/settings", {"formula_components": [component], "version": 1})
    assert unknown.status == 400 and unknown.error_fields == ["formula_components.0.formula"], unknown.body
    assert "bonus_step" in unknown.body["error"]["details"][0]["message"]
    assert payroll.get("/payroll/settings").body["formula_components"] == []  # nothing half-written
    component["formula"] = "max(0, 300 - late_count * 100)"
    saved = payroll.put(
        "/payroll/settings", {"rating_coefficients": {"A": 1.2}, "formula_components": [component], "version": 1}
    )
    assert saved.status == 200, saved.body
    seller = company.people["seller"]
    attendance.months[(seller, "2026-11")] = Summary(seller, "2026-11", late_count=1)
    run = _run(company, "2026-11")
    assert payroll.post(f"/payroll/runs/{run['run_id']}/compute", {}).status == 200
    slip = payroll.get(f"/payroll/runs/{run['run_id']}/payslips/{seller}").body
    line = next(line for line in slip["lines"] if line["code"] == "formula_full_attendance")
    assert (line["amount"], line["name"], line["source"]["kind"]) == ("200.00", "全勤奖", "formula")
    assert line["source"]["formula"] == "max(0, 300 - late_count * 100)"
