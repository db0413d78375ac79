"""Issue #14, drafting: the compliance findings of the unsaved draft, while the manager types.

``POST /indicators/sets/{id}/check`` runs the rules submit runs, on the list on the screen, and
writes nothing.
"""

from __future__ import annotations

import pytest

import app as application
from tests.support.indicator_sources import collection, conversion, draft_set, sales_goal, with_source
from tests.support.world import Company, staffed_company

# Each test drafts in a period of its own: one person's same indicator in two sets of a period is a
# "duplicate" finding, which would leak one test's set into another's check.
_years = iter(range(2050, 2100))


def draft(company: Company, indicators: list, title: str) -> dict:
    return draft_set(company, indicators, title=title, period=str(next(_years)))


@pytest.fixture(scope="module")
def company():
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        demo = staffed_company(Api(client), "示例金融科技有限公司")
        sales_goal(demo)
        yield demo


def _check(company: Company, set_id: str, body: dict, who: str = "manager"):
    return company.as_(who).post(f"/indicators/sets/{set_id}/check", body)


def test_a_missing_data_source_is_a_blocking_finding_before_anything_is_saved(company):
    goal = company.units["goal:SALES"]
    # Given a saved, compliant draft (客户转化率 with a source, 100 %)
    s = draft(company, [with_source(company, conversion(weight=100), goal_id=goal)], "实时检查")
    saved = company.as_("manager").get(f"/indicators/sets/{s['set_id']}").body
    # When the manager adds 回款率 without a data source on the screen and splits the weights 60/40
    kept = {"indicator_id": saved["indicators"][0]["indicator_id"], "weight": 60}
    reply = _check(company, s["set_id"], {"indicators": [kept, collection(goal_id=goal)]})
    # Then the check names the new indicator's data source as blocking
    assert reply.status == 200, reply.body
    new_id = reply.body["indicator_ids"][1]
    errors = [f for f in reply.body["findings"] if f["severity"] == "error"]
    assert reply.body["blocking"] == len(errors) > 0
    assert {f["rule"] for f in errors if f["indicator_id"] == new_id} == {"data_source"}
    assert all(f["code"] and f["message"]["zh-CN"] for f in errors)
    # And nothing was written: the stored set is the same version with one indicator
    after = company.as_("manager").get(f"/indicators/sets/{s['set_id']}").body
    assert after["version"] == saved["version"] and len(after["indicators"]) == 1


def test_the_same_draft_with_its_source_filled_in_has_no_blocking_finding(company):
    goal = company.units["goal:SALES"]
    s = draft(company, [with_source(company, conversion(weight=100), goal_id=goal)], "补齐来源")
    saved = company.as_("manager").get(f"/indicators/sets/{s['set_id']}").body
    kept = {"indicator_id": saved["indicators"][0]["indicator_id"], "weight": 60}
    reply = _check(company, s["set_id"], {"indicators": [kept, with_source(company, collection(goal_id=goal))]})
    assert reply.status == 200, reply.body
    assert reply.body["blocking"] == 0, [f for f in reply.body["findings"] if f["severity"] == "error"]


def test_weights_that_do_not_sum_to_100_are_blocking_at_set_level(company):
    s = draft(company, [with_source(company, conversion(weight=100))], "权重")
    saved = company.as_("manager").get(f"/indicators/sets/{s['set_id']}").body
    reply = _check(company, s["set_id"], {"indicators": [{"indicator_id": saved["indicators"][0]["indicator_id"],
                                                          "weight": 70}]})
    assert reply.status == 200
    assert any(f["rule"] == "weights" and f["indicator_id"] is None and f["severity"] == "error"
               for f in reply.body["findings"])


def test_without_indicators_the_saved_list_is_checked(company):
    s = draft(company, [conversion(weight=100, data_source={})], "已保存")  # its source cleared
    reply = _check(company, s["set_id"], {})
    assert reply.status == 200
    assert {f["rule"] for f in reply.body["findings"] if f["severity"] == "error"} >= {"data_source"}


def test_a_bad_reference_on_the_screen_is_a_400_naming_the_field(company):
    s = draft(company, [conversion(weight=100)], "坏引用")
    reply = _check(company, s["set_id"], {"indicators": [{"indicator_id": "nope", "weight": 100}]})
    assert reply.status == 400
    assert "indicators.0.indicator_id" in reply.error_fields


def test_a_set_in_review_cannot_be_checked_as_a_draft(company):
    goal = company.units["goal:SALES"]
    s = draft(company, [with_source(company, conversion(weight=100), goal_id=goal)], "审核中")
    submitted = company.as_("manager").post(f"/indicators/sets/{s['set_id']}/submit", {"version": s["version"]})
    assert submitted.status == 200
    assert _check(company, s["set_id"], {}).status == 409


def test_an_employee_may_not_check_and_another_unit_s_manager_is_refused(company):
    s = draft(company, [conversion(weight=100)], "越权")
    assert _check(company, s["set_id"], {}, who="employee").status == 403
    assert _check(company, s["set_id"], {}, who="tech_manager").status == 403
