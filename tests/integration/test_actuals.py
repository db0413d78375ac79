"""Actuals: entered by the accountable data owner, imported, pushed idempotently, corrected with history."""

from __future__ import annotations

import base64
import io

import pytest

import app as application
from tests.support.review_sources import (
    add_operations,
    conversion,
    enter,
    indicator_ids,
    loans,
    must_advance,
    open_cycle,
    publish,
)
from tests.support.world import Company, staffed_company

PERIOD = "2026-Q2"


@pytest.fixture(scope="module")
def company():
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        demo = staffed_company(Api(client), "实际数据测试金融")
        add_operations(demo)
        demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
        demo.user("employee2", person="seller2")
        published = publish(demo, ["seller", "seller2"], PERIOD, [conversion(demo, 60), loans(demo, 40)])
        demo.ids = indicator_ids(published)  # type: ignore[attr-defined]
        cycle = open_cycle(demo, PERIOD)
        demo.cycle = must_advance(demo, cycle)  # type: ignore[attr-defined]
        yield demo


def ids(company: Company) -> dict[str, str]:
    return company.ids  # type: ignore[attr-defined]


def page_of(company: Company, user: str, person: str) -> dict:
    cycle_id = company.cycle["cycle_id"]  # type: ignore[attr-defined]
    return company.as_(user).get(f"/reviews/cycles/{cycle_id}/people/{company.people[person]}").body


def test_given_the_operations_clerk_when_entering_leads_then_stored_with_who_and_when(company: Company):
    reply = enter(company, "ops", PERIOD, "seller", ids(company)["客户转化率"], {"qualified_leads": 100}, "2026-04-30")

    assert reply.status == 200, reply.body
    (value,) = reply.body["written"]
    assert value["measure"] == "qualified_leads" and value["unit_index"] == 1 and value["revision"] == 1
    assert value["entered_by_person_id"] == company.people["ops_clerk"]
    assert value["entered_at"] and value["source"] == "manual"


def test_given_a_seller_when_entering_the_leads_supplied_by_operations_then_403_naming_the_measure(company: Company):
    reply = enter(company, "employee", PERIOD, "seller", ids(company)["客户转化率"], {"qualified_leads": 999},
                  "2026-04-30")

    assert reply.status == 403
    assert reply.error_fields == ["entries.0.values.qualified_leads"]


def test_given_an_engineer_when_entering_sales_figures_then_403(company: Company):
    reply = enter(company, "engineer", PERIOD, "seller", ids(company)["客户转化率"], {"converted_customers": 1},
                  "2026-04-30")

    assert reply.status == 403


def test_given_an_unknown_measure_or_a_day_outside_the_period_when_entering_then_400(company: Company):
    unknown = enter(company, "hr", PERIOD, "seller", ids(company)["客户转化率"], {"visitors": 5}, "2026-04-30")
    outside = enter(company, "hr", PERIOD, "seller", ids(company)["客户转化率"], {"qualified_leads": 5}, "2026-07-01")
    stranger = enter(company, "hr", PERIOD, "engineer", ids(company)["客户转化率"], {"qualified_leads": 5},
                     "2026-04-30")

    assert (unknown.status, unknown.error_fields) == (400, ["entries.0.values.visitors"])
    assert (outside.status, outside.error_fields) == (400, ["entries.0.as_of"])
    assert (stranger.status, stranger.error_fields) == (400, ["entries.0.indicator_id"])


def test_given_all_measures_when_entered_then_the_running_cycle_scores_the_indicator_by_its_formula(company: Company):
    rate = ids(company)["客户转化率"]
    for day in ("2026-04-30", "2026-05-31"):
        assert enter(company, "ops", PERIOD, "seller2", rate, {"qualified_leads": 100}, day).status == 200
        assert enter(company, "employee2", PERIOD, "seller2", rate, {"converted_customers": 8}, day).status == 200

    conversion_result = page_of(company, "employee2", "seller2")["result"]["indicators"][0]

    assert conversion_result["value"] == 8.0  # (8 + 8) / (100 + 100) × 100
    assert conversion_result["score"] == 80.0
    assert "60 + (8-6)/(10-6)×40 = 80.00" in conversion_result["explanation"]["zh-CN"]


def test_given_a_correction_when_entered_then_a_new_revision_and_the_old_value_in_history(company: Company):
    indicator = ids(company)["放款金额"]
    first = enter(company, "manager", PERIOD, "seller", indicator, {"loan_amount": 90}, "2026-06-15")
    second = enter(company, "manager", PERIOD, "seller", indicator, {"loan_amount": 95}, "2026-06-20")

    assert first.body["written"][0]["revision"] == 1
    assert second.body["written"][0]["revision"] == 2
    listing = company.as_("manager").get("/reviews/actuals", period=PERIOD, person_id=company.people["seller"],
                                          indicator_id=indicator).body
    assert [v["value"] for v in listing["items"] if v["unit_index"] == 3] == [95.0]
    assert [(v["revision"], v["value"]) for v in listing["history"] if v["unit_index"] == 3] == [(1, 90.0)]


def test_given_the_same_value_again_when_entered_then_unchanged_and_no_new_revision(company: Company):
    indicator = ids(company)["放款金额"]
    enter(company, "manager", PERIOD, "seller", indicator, {"loan_amount": 70}, "2026-04-10")

    again = enter(company, "manager", PERIOD, "seller", indicator, {"loan_amount": 70}, "2026-04-10")

    assert again.body["written"] == [] and again.body["unchanged"] == 1


def test_given_an_idempotency_key_when_the_same_push_repeats_then_same_reply_and_one_write(company: Company):
    indicator = ids(company)["放款金额"]
    key = {"Idempotency-Key": "crm-push-0001"}

    first = enter(company, "hr", PERIOD, "seller", indicator, {"loan_amount": 80}, "2026-05-10", headers=key)
    again = enter(company, "hr", PERIOD, "seller", indicator, {"loan_amount": 80}, "2026-05-10", headers=key)

    assert first.status == again.status == 200
    assert first.body == again.body
    assert first.body["written"][0]["revision"] == 1
    listing = company.as_("hr").get("/reviews/actuals", period=PERIOD, person_id=company.people["seller"],
                                    indicator_id=indicator).body
    assert not [h for h in listing["history"] if h["unit_index"] == 2]


def test_given_an_idempotency_key_reused_with_another_body_when_pushed_then_409(company: Company):
    indicator = ids(company)["放款金额"]
    key = {"Idempotency-Key": "crm-push-0002"}
    enter(company, "hr", PERIOD, "seller2", indicator, {"loan_amount": 81}, "2026-05-11", headers=key)

    reply = enter(company, "hr", PERIOD, "seller2", indicator, {"loan_amount": 82}, "2026-05-11", headers=key)

    assert reply.status == 409
    assert reply.error_fields == ["Idempotency-Key"]


def _csv(rows: list[list[str]]) -> str:
    text = "\n".join(",".join(r) for r in rows) + "\n"
    return base64.b64encode(text.encode("utf-8-sig")).decode()


def test_given_a_csv_with_chinese_headers_when_imported_then_every_row_is_written(company: Company):
    employee_no = company.admin.get(f"/org/people/{company.people['seller']}").body["employee_no"]
    content = _csv([["工号", "指标", "指标项", "数值", "日期"],
                    [employee_no, "客户转化率", "qualified_leads", "120", "2026-06-30"],
                    [employee_no, "客户转化率", "converted_customers", "12", "2026-06-30"]])

    reply = company.as_("hr").post("/reviews/actuals/import", {"period": PERIOD, "filename": "六月.csv",
                                                               "content_base64": content})

    assert reply.status == 200, reply.body
    assert (reply.body["rows"], reply.body["written"]) == (2, 2)
    listing = company.as_("hr").get("/reviews/actuals", period=PERIOD, person_id=company.people["seller"],
                                    indicator_id=ids(company)["客户转化率"]).body
    assert {(v["measure"], v["unit_index"], v["source"]) for v in listing["items"] if v["unit_index"] == 3} == {
        ("qualified_leads", 3, "import"), ("converted_customers", 3, "import")}


def test_given_a_csv_with_a_bad_row_when_imported_then_400_names_the_row_and_nothing_is_written(company: Company):
    employee_no = company.admin.get(f"/org/people/{company.people['seller']}").body["employee_no"]
    content = _csv([["employee_no", "indicator", "measure", "value", "date"],
                    [employee_no, "放款金额", "loan_amount", "66", "2026-04-05"],
                    [employee_no, "放款金额", "loan_amount", "abc", "2026-04-06"],
                    ["E99999", "放款金额", "loan_amount", "1", "2026-04-06"]])

    reply = company.as_("hr").post("/reviews/actuals/import", {"period": PERIOD, "filename": "a.csv",
                                                               "content_base64": content})

    assert reply.status == 400
    assert reply.error_fields == ["rows.3.value", "rows.4.employee_no"]
    listing = company.as_("hr").get("/reviews/actuals", period=PERIOD, person_id=company.people["seller"],
                                    indicator_id=ids(company)["放款金额"]).body
    assert 66.0 not in [v["value"] for v in listing["items"]]


def test_given_an_excel_file_when_imported_as_a_data_owner_then_written(company: Company):
    from openpyxl import Workbook

    employee_no = company.admin.get(f"/org/people/{company.people['seller']}").body["employee_no"]
    book = Workbook()
    sheet = book.active
    sheet.append(["工号", "指标", "指标项", "数值", "日期"])
    sheet.append([employee_no, ids(company)["客户转化率"], "qualified_leads", 110, "2026-06-29"])
    out = io.BytesIO()
    book.save(out)

    reply = company.as_("ops").post("/reviews/actuals/import", {
        "period": PERIOD, "filename": "leads.xlsx", "content_base64": base64.b64encode(out.getvalue()).decode()})

    assert reply.status == 200, reply.body
    assert reply.body["written"] == 1


def test_given_a_data_owner_importing_a_measure_they_do_not_own_then_403(company: Company):
    employee_no = company.admin.get(f"/org/people/{company.people['seller']}").body["employee_no"]
    content = _csv([["工号", "指标", "指标项", "数值", "日期"],
                    [employee_no, "放款金额", "loan_amount", "1", "2026-04-01"]])

    reply = company.as_("ops").post("/reviews/actuals/import", {"period": PERIOD, "filename": "x.csv",
                                                                "content_base64": content})

    assert reply.status == 403


def test_given_published_results_when_entering_actuals_then_409_frozen(company: Company):
    period = "2026-01"
    published = publish(company, ["seller", "seller2"], period, [loans(company, 100)])
    cycle = must_advance(company, open_cycle(company, period, self_review_required=False))
    loan = indicator_ids(published)["放款金额"]
    cycle = must_advance(company, cycle)
    review = {"overall": "好", "submit": True}
    cid = cycle["cycle_id"]
    cycle = must_advance(company, cycle)
    for person in ("seller", "seller2"):
        assert enter(company, "manager", period, person, loan, {"loan_amount": 300}, "2026-01-31").status == 200
        assert company.as_("manager").put(f"/reviews/cycles/{cid}/people/{company.people[person]}/manager-review",
                                          review).status == 200
    cycle = must_advance(company, must_advance(company, cycle))

    reply = enter(company, "manager", period, "seller", loan, {"loan_amount": 310}, "2026-01-31")

    assert cycle["stage"] == "results_published"
    assert reply.status == 409
    assert reply.body["error"]["details"][0]["code"] == "actuals.frozen"
    assert reply.body["error"]["message"].endswith("的实际数据已锁定")


@pytest.mark.parametrize("bulk_from", [1, 99], ids=["period-partition", "per-person-file"])
def test_given_entries_for_several_people_then_either_way_of_reading_their_indicators_writes_the_same(
        company: Company, monkeypatch: pytest.MonkeyPatch, bulk_from: int):
    from chalicelib.reviews import actuals

    monkeypatch.setattr(actuals._Subjects, "BULK", bulk_from)
    amount = 700 + bulk_from  # a value neither path has written before
    entries = [{"person_id": company.people[p], "indicator_id": ids(company)["放款金额"],
                "values": {"loan_amount": amount}, "as_of": "2026-06-12"} for p in ("seller", "seller2")]

    reply = company.as_("manager").post("/reviews/actuals", {"period": PERIOD, "entries": entries})
    unknown = company.as_("manager").post("/reviews/actuals", {"period": PERIOD, "entries": [
        *entries, {**entries[0], "person_id": "nobody"}]})

    assert reply.status == 200, reply.body
    assert sorted(v["person_id"] for v in reply.body["written"]) == sorted(
        company.people[p] for p in ("seller", "seller2"))
    assert unknown.status == 400 and unknown.error_fields == ["entries.2.person_id"]


# ---- data duties: what each person fills in ----------------------------------------------------------

def duties_of(company: Company, user: str) -> dict[tuple[str, str], list[str]]:
    reply = company.as_(user).get("/reviews/me/data-duties", period=PERIOD)
    assert reply.status == 200, reply.body
    names = {v: k for k, v in company.people.items()}
    return {(names[d["person_id"]], d["indicator_name"]): [m["key"] for m in d["measures"]]
            for d in reply.body["items"]}


def test_given_the_operations_clerk_when_listing_duties_then_only_the_lead_counts_of_sales(company: Company):
    assert duties_of(company, "ops") == {("seller", "客户转化率"): ["qualified_leads"],
                                         ("seller2", "客户转化率"): ["qualified_leads"]}


def test_given_a_seller_when_listing_duties_then_what_sales_supplies_and_never_the_leads(company: Company):
    duties = duties_of(company, "employee")

    assert duties[("seller", "客户转化率")] == ["converted_customers"]
    assert duties[("seller", "放款金额")] == ["loan_amount"]
    assert "qualified_leads" not in {key for keys in duties.values() for key in keys}


def test_given_hr_when_listing_duties_then_every_measure_and_the_values_so_far(company: Company):
    enter(company, "ops", PERIOD, "seller2", ids(company)["客户转化率"], {"qualified_leads": 88}, "2026-05-20")

    reply = company.as_("hr").get("/reviews/me/data-duties", period=PERIOD).body
    leads = next(m for d in reply["items"] if d["person_id"] == company.people["seller2"]
                 and d["indicator_name"] == "客户转化率" for m in d["measures"] if m["key"] == "qualified_leads")

    assert leads["points"]["2"] == 88 and leads["aggregation"] == "sum"
    assert {d["unit_id"] for d in reply["items"]} == {company.units["SALES"]}
    assert [s["start"] for s in reply["steps"]] == ["2026-04-01", "2026-05-01", "2026-06-01"]
    assert reply["step_unit"] == "month" and 1 <= reply["current_step"] <= 3


def test_given_an_engineer_when_listing_duties_then_none_and_a_bad_period_names_the_field(company: Company):
    assert duties_of(company, "engineer") == {}
    reply = company.as_("engineer").get("/reviews/me/data-duties", period="2026-Q5")
    assert reply.status == 400 and reply.error_fields == ["period"]
