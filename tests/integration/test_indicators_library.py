"""The template library: built-in finance templates plus the company's own, versioned."""

from __future__ import annotations

import pytest

import app as application
from tests.support.world import Company, staffed_company


@pytest.fixture(scope="module")
def company():
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        yield staffed_company(Api(client), "模板库测试公司")


def test_everyone_sees_the_built_in_library(company: Company):
    reply = company.as_("employee").get("/indicators/library")
    assert reply.status == 200
    items = reply.body["items"]
    assert len(items) >= 40
    conversion = next(t for t in items if t["code"] == "SALES_CONVERSION_RATE")
    assert conversion["name"] == {"zh-CN": "客户转化率", "en": "Customer conversion rate"}
    assert conversion["source"] == "builtin" and conversion["formula"]
    assert reply.body["categories"][:4] == ["sales", "operations", "technology", "risk"]


def test_the_library_filters_by_category_and_text(company: Company):
    risk = company.as_("manager").get("/indicators/library", category="risk").body["items"]
    assert risk and {t["category"] for t in risk} == {"risk"}
    found = company.as_("manager").get("/indicators/library", q="转化").body["items"]
    assert "SALES_CONVERSION_RATE" in {t["code"] for t in found}


def test_hr_copies_and_adapts_a_built_in_template(company: Company):
    reply = company.as_("hr").post("/indicators/library", {
        "code": "ONLINE_CONVERSION", "copy_of": "SALES_CONVERSION_RATE",
        "name": {"zh-CN": "线上客户转化率", "en": "Online conversion rate"}, "suggested_target": 10})
    assert reply.status == 201, reply.body
    t = reply.body
    assert (t["source"], t["based_on"], t["template_version"], t["suggested_target"]) == (
        "tenant", "SALES_CONVERSION_RATE", 1, 10)
    assert t["formula"] == "converted_customers / qualified_leads * 100"
    listed = company.as_("employee").get("/indicators/library").body["items"]
    assert "ONLINE_CONVERSION" in {i["code"] for i in listed}


def test_changing_a_company_template_keeps_its_versions(company: Company):
    created = company.as_("hr").post("/indicators/library", {"code": "VERSIONED_TPL", "copy_of": "SALES_NEW_VOLUME"})
    assert created.status == 201, created.body
    changed = company.as_("hr").patch("/indicators/library/VERSIONED_TPL", {"version": 1, "suggested_target": 3600})
    assert changed.status == 200, changed.body
    assert (changed.body["template_version"], changed.body["suggested_target"]) == (2, 3600)
    versions = company.as_("manager").get("/indicators/library/VERSIONED_TPL/versions").body["items"]
    assert [(v["template_version"], v["suggested_target"]) for v in versions] == [(1, 3000), (2, 3600)]
    stale = company.as_("hr").patch("/indicators/library/VERSIONED_TPL", {"version": 1, "suggested_target": 1})
    assert stale.status == 409


def test_a_template_from_scratch_needs_a_valid_formula(company: Company):
    body = {"code": "SCRATCH_TPL", "category": "sales", "name": {"zh-CN": "新客数", "en": "New customers"},
            "definition": {"zh-CN": "统计期内新增客户数", "en": "New customers in the period"},
            "formula": "new_customers / 0", "measures": [{"key": "new_customers", "name": {"zh-CN": "新客", "en": ""},
                                                          "unit": "count"}],
            "unit": "count", "direction": "higher_is_better"}
    bad = company.as_("hr").post("/indicators/library", body)
    assert (bad.status, bad.error_fields) == (400, ["formula"])
    good = company.as_("hr").post("/indicators/library", {**body, "formula": "new_customers"})
    assert good.status == 201, good.body


def test_a_built_in_code_cannot_be_taken_or_changed(company: Company):
    taken = company.as_("hr").post("/indicators/library", {"code": "SALES_CONVERSION_RATE",
                                                           "copy_of": "SALES_CONVERSION_RATE"})
    assert (taken.status, taken.error_fields) == (400, ["code"])
    change = company.as_("hr").patch("/indicators/library/SALES_CONVERSION_RATE", {"version": 1, "suggested_target": 1})
    assert change.status == 409


def test_a_duplicate_company_code_is_409(company: Company):
    body = {"code": "TWICE_TPL", "copy_of": "SALES_NEW_VOLUME"}
    assert company.as_("hr").post("/indicators/library", body).status == 201
    again = company.as_("hr").post("/indicators/library", body)
    assert (again.status, again.error_fields) == (409, ["code"])


def test_managers_and_employees_cannot_change_the_library(company: Company):
    for who in ("manager", "employee"):
        reply = company.as_(who).post("/indicators/library", {"code": "NOPE_TPL", "copy_of": "SALES_NEW_VOLUME"})
        assert reply.status == 403


def test_a_set_can_use_a_company_template(company: Company):
    company.as_("hr").post("/indicators/library", {"code": "USED_TPL", "copy_of": "SALES_CONVERSION_RATE",
                                                   "name": {"zh-CN": "公司版转化率", "en": "Our conversion"}})
    reply = company.as_("manager").post("/indicators/sets", {
        "period": "2026", "person_ids": [company.people["seller"]],
        "indicators": [{"template_code": "USED_TPL", "target": 10, "weight": 100}]})
    assert reply.status == 201, reply.body
    assert reply.body["indicators"][0]["name"] == "公司版转化率"
    assert reply.body["indicators"][0]["template_code"] == "USED_TPL"


def test_an_unknown_template_is_404(company: Company):
    assert company.as_("employee").get("/indicators/library/NO_SUCH_TPL").status == 404
