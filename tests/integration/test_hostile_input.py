"""Hostile and careless input keeps the contract: a 4xx naming the field, nothing stored, no 5xx.

Each case here was found by a fuzzer or a hand-written probe against a real deployment.
"""

from __future__ import annotations

import json
import logging

import pytest

from chalicelib.core.db import Item
from chalicelib.tenancy.schemas import PRIVACY_POLICY_VERSION
from tests.support.indicator_sources import conversion, draft_set, with_source
from tests.support.org_sources import raci_body, staffed_world
from tests.support.world import Company, sign_up


@pytest.fixture(scope="module")
def company():
    with staffed_world() as world:
        yield world


def _position(company: Company) -> dict:
    reply = company.admin.post("/org/positions", {"code": f"P{len(company.units)}", "title": "客户经理",
                                                  "unit_id": company.units["SALES"], "headcount": 3})
    assert reply.status == 201, reply.body
    return reply.body


def _goal(company: Company) -> dict:
    reply = company.as_("hr").post("/org/goals", {"period": "2026", "level": "company", "title": "放款 50 亿元"})
    assert reply.status == 201, reply.body
    return reply.body


# ---- stored corruption: an explicit null in a PATCH --------------------------------------------

CORRUPTING_NULLS = [
    ("/org/goals/{id}", _goal, "goal_id", "title", ["/org/goals", "/org/goals/cascade"]),
    ("/org/positions/{id}", _position, "position_id", "headcount", ["/org/positions"]),
    ("/org/units/{id}", lambda c: c.admin.get(f"/org/units/{c.units['SALES']}").body, "unit_id", "name",
     ["/org/units", "/org/people"]),
    ("/org/people/{id}", lambda c: c.admin.get(f"/org/people/{c.people['seller']}").body, "person_id", "name",
     ["/org/people"]),
]


@pytest.mark.parametrize("path,make,key,field,lists", CORRUPTING_NULLS, ids=[c[0] for c in CORRUPTING_NULLS])
def test_given_a_null_for_a_required_field_when_patching_then_400_and_every_read_still_answers(
        company, path, make, key, field, lists):
    record = make(company)
    url = path.replace("{id}", record[key])

    reply = company.admin.patch(url, {"version": record["version"], field: None})

    assert reply.status == 400
    assert reply.error_fields == [field]
    assert company.admin.get(url).body[field] == record[field]
    for listing in lists:
        params = {"period": "2026"} if listing.startswith("/org/goals") else {}
        assert company.admin.get(listing, **params).status == 200, listing


def test_given_a_row_damaged_before_this_fix_then_lists_skip_it_and_its_own_read_is_an_error_not_a_crash(
        company, caplog):
    unit = company.admin.post("/org/units", {"code": "DAMAGED", "name": "坏数据部",
                                             "parent_id": company.root_unit_id}).body
    item = Item.get(f"T#{company.tenant_id}", f"UNIT#{unit['unit_id']}")
    item.data["name"] = None  # what a null PATCH stored before validation existed
    item.save(add_version_condition=False)

    with caplog.at_level(logging.ERROR):
        listing = company.admin.get("/org/units")
    single = company.admin.get(f"/org/units/{unit['unit_id']}")

    assert listing.status == 200
    assert unit["unit_id"] not in {u["unit_id"] for u in listing.body["items"]}
    assert "unreadable row skipped" in caplog.text
    assert single.status == 500
    assert set(single.body["error"]) >= {"code", "message"} and "坏数据部" not in single.raw
    assert company.admin.get("/org/people").status == 200


# ---- numbers and nesting a store cannot hold ---------------------------------------------------

BAD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e308", "-1e308", "1e40"]


@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_given_a_number_the_store_cannot_hold_in_an_indicator_target_then_400_names_it(company, number):
    body = {"period": "2026", "person_ids": [company.people["seller"]],
            "indicators": [with_source(company, conversion(weight=100))]}
    raw = json.dumps(body).replace('"target": 10', f'"target": {number}')

    reply = company.as_("manager").request("POST", "/indicators/sets", raw)

    assert reply.status == 400, reply.body
    assert reply.error_fields == ["indicators.0.target"]


@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_given_a_number_the_store_cannot_hold_in_a_template_then_400_names_it(company, number):
    raw = f'{{"code": "BIG_{abs(hash(number))}", "copy_of": "SALES_CONVERSION_RATE", "suggested_target": {number}}}'

    reply = company.as_("hr").request("POST", "/indicators/library", raw)

    assert reply.status == 400, reply.body
    assert reply.error_fields == ["suggested_target"]


@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_given_a_number_the_store_cannot_hold_in_an_actual_then_400_names_it(company, number):
    entry = json.dumps({"person_id": company.people["seller"], "indicator_id": "x", "values": {"a": 0}})
    raw = '{"period": "2026-05", "entries": [%s]}' % entry.replace('"a": 0', f'"a": {number}')  # noqa: UP031

    reply = company.as_("hr").request("POST", "/reviews/actuals", raw)

    assert reply.status == 400, reply.body
    assert reply.error_fields == ["entries.0.values.a"]


def test_a_tiny_number_is_rounded_to_what_the_store_holds_not_refused(company):
    body = {"period": "2026", "person_ids": [company.people["seller"]],
            "indicators": [with_source(company, conversion(weight=100))]}
    raw = json.dumps(body).replace('"threshold": 6', '"threshold": 1e-200')

    reply = company.as_("manager").request("POST", "/indicators/sets", raw)

    assert reply.status == 201, reply.body
    assert reply.body["indicators"][0]["threshold"] == 0


def test_given_a_body_nested_hundreds_of_levels_deep_then_400_names_the_body(company):
    raw = '{"name": ' + "[" * 300 + "]" * 300 + "}"

    reply = company.admin.request("POST", "/org/units", raw)

    assert reply.status == 400
    assert reply.error_fields == ["body"]


# ---- loose input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("field,value", [("weight", False), ("weight", "70"), ("target", "10")])
def test_given_a_value_of_another_json_type_for_a_number_then_400_not_a_coercion(company, field, value):
    indicator = with_source(company, conversion(weight=100))
    indicator[field] = value

    reply = company.as_("manager").post("/indicators/sets", {"period": "2026", "person_ids": [company.people["seller"]],
                                                             "indicators": [indicator]})

    assert reply.status == 400, reply.body
    assert reply.error_fields == [f"indicators.0.{field}"]


def test_given_a_number_for_a_boolean_then_400(company):
    cycle = company.as_("hr").post("/reviews/cycles", {"name": "试点", "period": "2026-H2",
                                                       "unit_id": company.units["SALES"]})
    assert cycle.status == 201, cycle.body

    reply = company.as_("hr").patch(f"/reviews/cycles/{cycle.body['cycle_id']}",
                                    {"version": cycle.body["version"], "feedback_enabled": 0})

    assert reply.status == 400
    assert reply.error_fields == ["feedback_enabled"]


def test_given_a_float_version_then_400(company):
    unit = company.admin.get(f"/org/units/{company.units['TECH']}").body

    reply = company.admin.request("PATCH", f"/org/units/{unit['unit_id']}",
                                  f'{{"version": {unit["version"]}.0, "name": "技术中心"}}')

    assert reply.status == 400
    assert reply.error_fields == ["version"]


def test_given_no_body_where_one_is_required_then_400_names_the_body(company):
    reply = company.as_("employee").request("PUT", "/reminders/preferences", None)

    assert reply.status == 400
    assert reply.error_fields == ["body"]


# ---- protocol ------------------------------------------------------------------------------------

def test_a_204_answer_has_no_body(company):
    entry = company.admin.post("/org/raci", raci_body(company, name="待删除事项")).body

    reply = company.admin.delete(f"/org/raci/{entry['entry_id']}", {"version": entry["version"]})

    assert reply.status == 204
    assert reply.raw == ""


# ---- indicator sets: an edit of one field of one indicator is a merge ---------------------------

def test_given_one_field_of_one_indicator_when_patching_a_set_then_the_rest_of_the_indicator_is_kept(company):
    drafted = draft_set(company, [with_source(company, conversion(weight=70, target=10, stretch=12, threshold=6))])
    before = drafted["indicators"][0]

    reply = company.as_("manager").patch(f"/indicators/sets/{drafted['set_id']}", {
        "version": drafted["version"], "indicators": [{"indicator_id": before["indicator_id"], "name": "线上转化率"}]})

    assert reply.status == 200, reply.body
    after = reply.body["indicators"][0]
    assert after["name"] == "线上转化率"
    for kept in ("target", "stretch", "threshold", "weight", "formula", "measures", "data_source", "goal_id",
                 "template_code", "direction", "unit"):
        assert after[kept] == before[kept], kept


def test_given_the_template_code_resent_when_patching_then_the_entered_figures_are_kept(company):
    drafted = draft_set(company, [with_source(company, conversion(weight=70, target=10, stretch=12, threshold=6))])
    before = drafted["indicators"][0]

    reply = company.as_("manager").patch(f"/indicators/sets/{drafted['set_id']}", {
        "version": drafted["version"],
        "indicators": [{"indicator_id": before["indicator_id"], "template_code": before["template_code"],
                        "target": 11}]})

    assert reply.status == 200, reply.body
    after = reply.body["indicators"][0]
    assert (after["target"], after["stretch"], after["threshold"], after["weight"]) == (11, 12, 6, 70)


def test_an_allowed_null_clears_an_optional_figure(company):
    drafted = draft_set(company, [with_source(company, conversion(weight=70, target=10, stretch=12, threshold=6))])
    before = drafted["indicators"][0]

    reply = company.as_("manager").patch(f"/indicators/sets/{drafted['set_id']}", {
        "version": drafted["version"], "indicators": [{"indicator_id": before["indicator_id"], "stretch": None}]})

    assert reply.status == 200, reply.body
    assert reply.body["indicators"][0]["stretch"] is None
    assert reply.body["indicators"][0]["target"] == 10


# ---- Cognito: addresses it refuses, and addresses of other companies -----------------------------

def test_given_an_address_cognito_refuses_when_signing_up_then_400_names_it(api):
    reply = api.post("/signup", {"company_name": "X公司", "admin_name": "张三", "admin_email": "a@b.c#x",
                                 "password": "Abcdefg-1234!", "privacy_policy_version": PRIVACY_POLICY_VERSION})

    assert reply.status == 400, reply.body
    assert reply.error_fields == ["admin_email"]


def test_given_an_address_cognito_refuses_when_inviting_then_400_names_it(company):
    reply = company.admin.post("/users/invitations", {"email": "a@b.c#x", "roles": ["hr"]})

    assert reply.status == 400, reply.body
    assert reply.error_fields == ["email"]


def test_an_invitation_answers_the_same_whether_or_not_the_address_is_a_customer_elsewhere(api):
    other = sign_up(api, "别家公司", email="taken@elsewhere.test")
    mine = sign_up(api, "我的公司")

    for_a_customer = mine.admin.post("/users/invitations", {"email": other.admin_email, "roles": ["executive"]})
    for_a_stranger = mine.admin.post("/users/invitations", {"email": "new@elsewhere.test", "roles": ["executive"]})

    assert for_a_customer.status == for_a_stranger.status == 201
    assert set(for_a_customer.body) == set(for_a_stranger.body)
    assert {k: v for k, v in for_a_customer.body.items() if k not in ("user_id", "email")} == \
        {k: v for k, v in for_a_stranger.body.items() if k not in ("user_id", "email")}
    assert other.admin.get("/me").status == 200  # the other company's login is untouched


def test_inviting_an_address_already_in_your_own_company_conflicts(api):
    mine = sign_up(api, "我的公司", email="founder@mine.test")

    reply = mine.admin.post("/users/invitations", {"email": "founder@mine.test", "roles": ["executive"]})

    assert reply.status == 409
    assert reply.error_fields == ["email"]
