"""Appraisal cycles through the API: creating, locking goals, stage moves, blockers, rating scale."""

from __future__ import annotations

import pytest

import app as application
from tests.support.review_sources import (
    add_operations,
    advance,
    conversion,
    enter,
    indicator_ids,
    loans,
    must_advance,
    open_cycle,
    publish,
)
from tests.support.world import Company, staffed_company


@pytest.fixture(scope="module")
def company():
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        demo = staffed_company(Api(client), "周期测试金融科技")
        add_operations(demo)
        demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
        yield demo


def test_given_hr_when_opening_a_quarterly_cycle_then_it_starts_in_goal_setting_with_the_scale(company: Company):
    cycle = open_cycle(company, "2026-Q3", deadlines={"goal_setting": "2026-07-10", "self_review": "2026-10-05"})

    assert cycle["stage"] == "goal_setting"
    assert cycle["period_type"] == "quarterly"
    assert (cycle["start"], cycle["end"]) == ("2026-07-01", "2026-09-30")
    assert [b["label"] for b in cycle["scale"]] == ["S", "A", "B", "C", "D"]


def test_given_deadlines_out_of_order_when_opening_a_cycle_then_400_names_deadlines(company: Company):
    reply = company.as_("hr").post("/reviews/cycles", {
        "name": "乱序", "period": "2026-08", "deadlines": {"goal_setting": "2026-08-20", "in_progress": "2026-08-10"}})

    assert reply.status == 400
    assert reply.error_fields == ["deadlines"]


def test_given_an_unknown_unit_when_opening_a_cycle_then_400(company: Company):
    reply = company.as_("hr").post("/reviews/cycles", {"name": "无部门", "period": "2026-08", "unit_id": "nope"})

    assert reply.status == 400
    assert reply.error_fields == ["unit_id"]


def test_given_a_person_without_published_goals_when_locking_then_409_lists_them(company: Company):
    publish(company, ["seller"], "2026-09", [conversion(company, 60), loans(company, 40)])
    cycle = open_cycle(company, "2026-09")

    reply = advance(company, cycle)

    assert reply.status == 409
    blocked = [(d["field"], d["person_id"]) for d in reply.body["error"]["details"]]
    assert blocked == [("goals", company.people["seller2"])]
    assert "王敏" in reply.body["error"]["details"][0]["message"]


def test_given_the_blocker_excluded_when_locking_then_goals_are_snapshot_for_each_participant(company: Company):
    publish(company, ["seller"], "2026-10", [conversion(company, 60), loans(company, 40)])
    cycle = open_cycle(company, "2026-10")
    patched = company.as_("hr").patch(f"/reviews/cycles/{cycle['cycle_id']}", {
        "version": cycle["version"], "excluded_person_ids": [company.people["seller2"]]}).body

    locked = must_advance(company, patched)

    assert locked["stage"] == "in_progress"
    assert [p["person_id"] for p in locked["participants"]] == [company.people["seller"]]
    page = company.as_("employee").get(f"/reviews/cycles/{cycle['cycle_id']}/people/{company.people['seller']}").body
    names = [(i["name"], i["weight"]) for i in page["result"]["indicators"]]
    assert names == [("客户转化率", 60.0), ("放款金额", 40.0)]
    assert "门槛 6 得 60 分" in page["result"]["indicators"][0]["rule"]["zh-CN"]


def _running_cycle(company: Company, period: str) -> tuple[dict, dict[str, str]]:
    published = publish(company, ["seller"], period, [conversion(company, 60), loans(company, 40)])
    cycle = open_cycle(company, period, excluded_person_ids=[company.people["seller2"]])
    return must_advance(company, cycle), indicator_ids(published)


def test_given_a_running_cycle_when_skipping_a_stage_then_409_names_the_next_stage(company: Company):
    cycle, _ = _running_cycle(company, "2026-11")

    reply = advance(company, cycle, "calibration")

    assert reply.status == 409
    assert reply.error_fields == ["to_stage"]
    assert reply.body["error"]["message"] == "不能从“执行中”跳到“绩效校准”，请逐个阶段推进（下一阶段：员工自评）"


def test_given_a_stale_version_when_advancing_then_409(company: Company):
    cycle, _ = _running_cycle(company, "2026-12")

    reply = advance(company, {**cycle, "version": cycle["version"] - 1})

    assert reply.status == 409
    assert reply.error_fields == ["version"]


def test_given_a_manager_when_advancing_a_cycle_then_403(company: Company):
    cycle, _ = _running_cycle(company, "2027-01")

    assert advance(company, cycle, as_="manager").status == 403


def test_a_cycle_runs_to_closed_and_each_pending_step_blocks_on_the_way(company: Company):
    cycle, ids = _running_cycle(company, "2027-02")
    cid, seller = cycle["cycle_id"], company.people["seller"]
    cycle = must_advance(company, cycle)  # in_progress -> self_review

    blocked = advance(company, cycle)
    assert blocked.status == 409
    assert [d["field"] for d in blocked.body["error"]["details"]] == ["self_review"]

    review = {"overall": "完成情况良好", "submit": True}
    assert company.as_("employee").put(f"/reviews/cycles/{cid}/people/{seller}/self-review", review).status == 200
    cycle = must_advance(company, cycle)  # -> manager_review

    blocked = advance(company, cycle)
    assert sorted(d["field"] for d in blocked.body["error"]["details"]) == ["actuals", "manager_review"]

    assert enter(company, "ops", "2027-02", "seller", ids["客户转化率"], {"qualified_leads": 100},
                 "2027-02-20").status == 200
    assert enter(company, "employee", "2027-02", "seller", ids["客户转化率"], {"converted_customers": 9},
                 "2027-02-20").status == 200
    assert enter(company, "manager", "2027-02", "seller", ids["放款金额"], {"loan_amount": 320},
                 "2027-02-20").status == 200
    assert company.as_("manager").put(f"/reviews/cycles/{cid}/people/{seller}/manager-review",
                                      review).status == 200
    detail = company.as_("hr").get(f"/reviews/cycles/{cid}").body
    assert detail["next_stage"] == "calibration" and detail["blockers"] == []
    cycle = must_advance(company, cycle)  # -> calibration
    cycle = must_advance(company, cycle)  # -> results_published

    blocked = advance(company, cycle)
    assert [d["field"] for d in blocked.body["error"]["details"]] == ["acknowledgement"]
    assert company.as_("employee").post(f"/reviews/cycles/{cid}/people/{seller}/acknowledge", {}).status == 200
    closed = must_advance(company, cycle)

    assert closed["stage"] == "closed"
    assert [h["to_stage"] for h in closed["history"]] == [
        "in_progress", "self_review", "manager_review", "calibration", "results_published", "closed"]
    assert advance(company, closed, "results_published").status == 409


def test_given_a_stage_with_a_pending_step_when_stepping_back_then_allowed(company: Company):
    cycle, _ = _running_cycle(company, "2027-03")
    cycle = must_advance(company, cycle)

    back = must_advance(company, cycle, "in_progress")

    assert back["stage"] == "in_progress"


def test_given_a_missed_self_review_deadline_when_advancing_then_it_is_recorded_not_blocking(company: Company):
    cycle, _ = _running_cycle(company, "2027-04")
    cycle = company.as_("hr").patch(f"/reviews/cycles/{cycle['cycle_id']}", {
        "version": cycle["version"], "deadlines": {"self_review": "2020-01-01"}}).body
    cycle = must_advance(company, cycle)

    moved = must_advance(company, cycle)

    assert moved["stage"] == "manager_review"
    assert [m["field"] for m in moved["history"][-1]["missed"]] == ["self_review"]


def test_given_a_bad_rating_scale_when_saved_then_400_and_a_good_one_is_taken_by_new_cycles(company: Company):
    bad = company.as_("hr").put("/reviews/settings", {
        "version": 0, "scale": [{"label": "优", "min_score": 60}, {"label": "良", "min_score": 80}]})
    assert bad.status == 400
    assert "scale" in bad.error_fields

    good = company.as_("hr").put("/reviews/settings", {
        "version": 0, "scale": [{"label": "优", "min_score": 90}, {"label": "良", "min_score": 70},
                                {"label": "差", "min_score": 0}],
        "target_distribution": {"优": 0.2, "良": 0.7, "差": 0.1}})
    assert good.status == 200, good.body

    cycle = open_cycle(company, "2027-05")
    assert [b["label"] for b in cycle["scale"]] == ["优", "良", "差"]
    restore = company.as_("hr").put("/reviews/settings", {
        "version": 1, "scale": [{"label": "S", "min_score": 110}, {"label": "A", "min_score": 95},
                                {"label": "B", "min_score": 80}, {"label": "C", "min_score": 60},
                                {"label": "D", "min_score": 0}],
        "target_distribution": {"S": 0.1, "A": 0.2, "B": 0.5, "C": 0.15, "D": 0.05}})
    assert restore.status == 200, restore.body
