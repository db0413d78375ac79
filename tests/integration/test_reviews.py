"""Scores, reviews, anonymous 360 feedback, calibration, forecasts, history and export through the API."""

from __future__ import annotations

import base64
import csv
import io

import pytest

import app as application
from chalicelib.core import audit
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

PREVIOUS, PERIOD = "2026-Q1", "2026-Q2"
RATERS = ("hr_staff", "tech_head", "engineer", "seller2")
RATER_USERS = {"hr_staff": "hr", "tech_head": "tech_manager", "engineer": "engineer", "seller2": "employee2"}


@pytest.fixture(scope="module")
def company():
    """销售部 with two sellers; Q1 actuals as the reference; a Q2 cycle running with 360 feedback on."""
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        demo = staffed_company(Api(client), "考核测试金融科技")
        add_operations(demo)
        demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
        demo.user("employee2", person="seller2")
        q1 = indicator_ids(publish(demo, ["seller", "seller2"], PREVIOUS, [conversion(demo), loans(demo)]))
        for month in ("01", "02", "03"):
            day = f"2026-{month}-28"
            enter(demo, "ops", PREVIOUS, "seller", q1["客户转化率"], {"qualified_leads": 100}, day)
            enter(demo, "employee", PREVIOUS, "seller", q1["客户转化率"], {"converted_customers": 10}, day)
        q2 = indicator_ids(publish(demo, ["seller", "seller2"], PERIOD, [conversion(demo), loans(demo)]))
        cycle = must_advance(demo, open_cycle(demo, PERIOD, feedback_enabled=True))
        april = "2026-04-30"
        rate, loan = q2["客户转化率"], q2["放款金额"]
        for person, user, won, amount in (("seller", "employee", 8, 320), ("seller2", "employee2", 11, 250)):
            assert enter(demo, "ops", PERIOD, person, rate, {"qualified_leads": 100}, april).status == 200
            assert enter(demo, user, PERIOD, person, rate, {"converted_customers": won}, april).status == 200
            assert enter(demo, "manager", PERIOD, person, loan, {"loan_amount": amount}, april).status == 200
        demo.cycle = cycle  # type: ignore[attr-defined]
        demo.q2 = q2  # type: ignore[attr-defined]
        yield demo


def cid(company: Company) -> str:
    return company.cycle["cycle_id"]  # type: ignore[attr-defined]


def page(company: Company, user: str, person: str) -> dict:
    reply = company.as_(user).get(f"/reviews/cycles/{cid(company)}/people/{company.people[person]}")
    assert reply.status == 200, reply.body
    return reply.body


# ---- scores -------------------------------------------------------------------------------------

def test_given_actuals_when_reading_a_person_then_weighted_total_rating_and_the_rule_next_to_each_score(
        company: Company):
    result = page(company, "employee", "seller")["result"]

    conversion_row, loans_row = result["indicators"]
    assert (conversion_row["value"], conversion_row["score"]) == (8.0, 80.0)
    assert (loans_row["value"], loans_row["score"]) == (320.0, 100.0)
    assert conversion_row["rule"]["en"].startswith("higher is better: 60 at the threshold 6, 100 at the target 10")
    assert result["total"] == 88.0 and result["rating"] == "B"
    assert "60%×80.00 + 40%×100.00 = 88.00" in result["total_explanation"]["zh-CN"]


def test_given_an_employee_before_publication_when_reading_their_page_then_no_final_rating(company: Company):
    assert page(company, "employee", "seller")["result"]["final_rating"] is None
    assert page(company, "hr", "seller")["result"]["final_rating"] == "B"


def test_given_a_colleague_when_reading_someone_elses_page_then_403(company: Company):
    reply = company.as_("employee2").get(f"/reviews/cycles/{cid(company)}/people/{company.people['seller']}")

    assert reply.status == 403
    assert reply.error_fields == ["person_id"]


def test_given_managers_when_reading_the_results_page_then_each_sees_their_units_only(company: Company):
    sales = company.as_("manager").get(f"/reviews/cycles/{cid(company)}/results").body
    tech = company.as_("tech_manager").get(f"/reviews/cycles/{cid(company)}/results").body

    # rows come by person id, a page at a time; a ranking sorts them by total
    ranked = sorted(sales["items"], key=lambda r: -r["total"])
    assert [(r["name"], r["total"]) for r in ranked] == [("王敏", 94.4), ("陈静", 88.0)]
    assert [r["person_id"] for r in sales["items"]] == sorted(r["person_id"] for r in sales["items"])
    assert tech["items"] == []


# ---- self and manager reviews -------------------------------------------------------------------

def test_given_an_employee_when_writing_their_self_review_then_saved_with_comments_per_indicator(company: Company):
    body = {"comments": [{"indicator_id": company.q2["客户转化率"], "comment": "四月线索质量偏低"}],  # type: ignore
            "overall": "继续努力", "submit": False}

    reply = company.as_("employee").put(f"/reviews/cycles/{cid(company)}/people/{company.people['seller']}"
                                        "/self-review", body)

    assert reply.status == 200, reply.body
    assert reply.body["comments"][0]["comment"] == "四月线索质量偏低"
    assert reply.body["submitted_at"] is None


def test_given_someone_else_when_writing_a_self_review_then_403(company: Company):
    reply = company.as_("manager").put(f"/reviews/cycles/{cid(company)}/people/{company.people['seller']}"
                                       "/self-review", {"overall": "代写"})

    assert reply.status == 403


def test_given_a_manager_of_another_unit_when_writing_a_manager_review_then_403(company: Company):
    reply = company.as_("tech_manager").put(f"/reviews/cycles/{cid(company)}/people/{company.people['seller']}"
                                            "/manager-review", {"overall": "越权"})

    assert reply.status == 403
    assert reply.error_fields == ["person_id"]


def test_given_a_comment_on_an_unknown_indicator_when_reviewing_then_400(company: Company):
    reply = company.as_("employee").put(f"/reviews/cycles/{cid(company)}/people/{company.people['seller']}"
                                        "/self-review", {"comments": [{"indicator_id": "nope", "comment": "x"}]})

    assert reply.status == 400
    assert reply.error_fields == ["comments.0.indicator_id"]


def test_given_the_wrong_stage_when_writing_a_manager_review_then_409(company: Company):
    reply = company.as_("manager").put(f"/reviews/cycles/{cid(company)}/people/{company.people['seller']}"
                                       "/manager-review", {"overall": "太早"})

    assert reply.status == 409
    assert reply.error_fields == ["stage"]


# ---- 360 feedback -------------------------------------------------------------------------------

def test_360_feedback_stays_anonymous_and_is_shown_only_from_three_answers(company: Company):
    seller = company.people["seller"]
    asked = company.as_("manager").post(f"/reviews/cycles/{cid(company)}/feedback-requests", {
        "reviewee_id": seller,
        "raters": [{"person_id": company.people[r], "relation": "peer" if r == "seller2" else "other"}
                   for r in RATERS]})
    assert asked.status == 201, asked.body
    texts = {"hr_staff": "沟通清晰", "tech_head": "需求描述准确", "engineer": "响应及时", "seller2": "乐于分享客户经验"}
    replies = []
    for n, rater in enumerate(RATERS):
        reply = company.as_(RATER_USERS[rater]).post(f"/reviews/cycles/{cid(company)}/feedback", {
            "reviewee_id": seller, "rating": 3 + n % 3, "strengths": texts[rater], "improvements": ""})
        assert reply.status == 201, reply.body
        replies.append(reply)
        if n == 1:
            early = company.as_("employee").get(f"/reviews/cycles/{cid(company)}/people/{seller}/feedback").body
            assert (early["responses"], early["shown"], early["strengths"]) == (2, False, [])

    views = [company.as_(user).get(f"/reviews/cycles/{cid(company)}/people/{seller}/feedback")
             for user in ("employee", "manager", "hr")]
    views += [company.as_(user).get(f"/reviews/cycles/{cid(company)}/people/{seller}") for user in ("employee",
                                                                                                    "manager", "hr")]
    summary = views[0].body
    assert summary["shown"] and summary["responses"] == 4
    assert summary["strengths"] == sorted(texts.values())
    authors = [company.people[r] for r in RATERS] + ["孙丽", "赵磊", "刘洋", "王敏"]
    authors += [company.as_(RATER_USERS[r]).get("/me").body["user_id"] for r in RATERS]
    for reply in [*views, *replies]:
        assert reply.status in (200, 201)
        leaked = [a for a in authors if a in reply.raw]
        assert not leaked, (reply.raw, leaked)


def test_given_a_second_answer_from_the_same_rater_when_submitted_then_409(company: Company):
    reviewee = company.people["seller2"]
    company.as_("hr").post(f"/reviews/cycles/{cid(company)}/feedback-requests", {
        "reviewee_id": reviewee, "raters": [{"person_id": company.people["engineer"], "relation": "other"}]})
    body = {"reviewee_id": reviewee, "rating": 4, "strengths": "认真"}

    first = company.as_("engineer").post(f"/reviews/cycles/{cid(company)}/feedback", body)
    second = company.as_("engineer").post(f"/reviews/cycles/{cid(company)}/feedback", body)

    assert (first.status, second.status) == (201, 409)
    inbox = company.as_("engineer").get("/reviews/me/feedback-requests").body["items"]
    assert {(i["reviewee_name"], i["done"]) for i in inbox} >= {("王敏", True)}


def test_given_a_person_not_asked_when_giving_feedback_then_403(company: Company):
    reply = company.as_("ops").post(f"/reviews/cycles/{cid(company)}/feedback", {
        "reviewee_id": company.people["seller2"], "rating": 1, "strengths": "未被邀请"})

    assert reply.status == 403
    assert reply.error_fields == ["reviewee_id"]


def test_given_the_reviewee_when_asking_who_was_asked_then_403(company: Company):
    reply = company.as_("manager").get(f"/reviews/cycles/{cid(company)}/people/{company.people['seller']}"
                                       "/feedback-requests")
    own = company.as_("employee").get(f"/reviews/cycles/{cid(company)}/people/{company.people['seller']}"
                                      "/feedback-requests")

    assert reply.status == 200
    assert own.status == 403


# ---- forecast -----------------------------------------------------------------------------------

def test_given_conversion_at_8_against_10_when_forecasting_then_at_risk_with_the_measure_driving_it(
        company: Company):
    reply = company.as_("manager").get(f"/reviews/units/{company.units['SALES']}/forecast", cycle_id=cid(company))

    assert reply.status == 200, reply.body
    risky = [i for i in reply.body["items"] if i["at_risk"]]
    assert [(i["person_name"], i["indicator_name"]) for i in risky] == [("陈静", "客户转化率")]
    seller = risky[0]
    assert seller["projected"] == 8.0 and seller["target"] == 10
    assert seller["reference_period"] == PREVIOUS
    assert seller["drivers"][0]["measure"] == "converted_customers"
    assert seller["drivers"][0]["change_pct"] == -20.0
    assert "有未达标风险" in seller["message"]["zh-CN"]


def test_given_a_manager_of_another_unit_when_forecasting_sales_then_403(company: Company):
    reply = company.as_("tech_manager").get(f"/reviews/units/{company.units['SALES']}/forecast")

    assert reply.status == 403


# ---- the department head's unit dashboard -------------------------------------------------------

def test_given_a_running_cycle_when_the_head_opens_the_unit_dashboard_then_actual_vs_target_trend_and_why(
        company: Company):
    reply = company.as_("manager").get(f"/dashboards/units/{company.units['SALES']}")

    assert reply.status == 200, reply.body
    board = reply.body
    assert board["unit_name"] == "销售部" and board["cycle"]["cycle_id"] == cid(company)
    assert (board["cycle"]["step_unit"], board["cycle"]["length"]) == ("month", 3)
    first = board["indicators"][0]  # at-risk first
    assert (first["person_name"], first["name"], first["value_unit"]) == ("陈静", "客户转化率", "percent")
    assert (first["actual"], first["target"], first["forecast"]["at_risk"]) == (8.0, 10, True)
    assert first["trend"] == [{"step": 1, "start": "2026-04-01", "value": 8.0}]  # April: 8 of 100 leads converted
    assert first["drivers"][0]["measure"] == "converted_customers"
    assert board["at_risk"] == 1 and not any(i["forecast"]["at_risk"] for i in board["indicators"][1:])
    assert board["team"]["participants"] == 2


def test_given_a_manager_of_another_unit_when_opening_the_sales_unit_dashboard_then_403(company: Company):
    assert company.as_("tech_manager").get(f"/dashboards/units/{company.units['SALES']}").status == 403
    assert company.as_("employee").get(f"/dashboards/units/{company.units['SALES']}").status == 403


# ---- a review's discussion thread -----------------------------------------------------------------

def test_given_a_review_thread_then_the_reviewee_their_manager_and_hr_talk_and_no_one_else_reads(
        company: Company):
    thread = f"/collab/threads/review:{cid(company)}.{company.people['seller']}"

    asked = company.as_("employee").post(f"{thread}/messages", {"body": "转化率的线索数口径能否再核对一下？"})
    answered = company.as_("manager").post(f"{thread}/messages", {"body": "好的，周五前和运营部核对"})

    assert (asked.status, answered.status) == (201, 201), (asked.body, answered.body)
    texts = [m["body"] for m in company.as_("hr").get(thread).body["messages"]]
    assert texts == ["转化率的线索数口径能否再核对一下？", "好的，周五前和运营部核对"]
    for outsider in ("employee2", "tech_manager"):  # a colleague, another department's head
        assert company.as_(outsider).get(thread).status == 403
    assert company.as_("hr").get(f"/collab/threads/review:{cid(company)}.nobody").status == 404


# ---- calibration, publication, history, export ---------------------------------------------------

MONTHS = iter(f"2026-{m:02d}" for m in range(5, 13))


@pytest.fixture
def calibrating(company: Company) -> dict:
    """A monthly cycle of its own (so tests run in any order) with everything done, in calibration."""
    period = next(MONTHS)
    ids = indicator_ids(publish(company, ["seller", "seller2"], period, [conversion(company), loans(company)]))
    cycle = must_advance(company, open_cycle(company, period, self_review_required=False))
    for person, won, amount in (("seller", 12, 330), ("seller2", 7, 210)):
        enter(company, "hr", period, person, ids["客户转化率"], {"qualified_leads": 100, "converted_customers": won},
              f"{period}-28")
        enter(company, "hr", period, person, ids["放款金额"], {"loan_amount": amount}, f"{period}-28")
    cycle = must_advance(company, must_advance(company, cycle))
    for person in ("seller", "seller2"):
        reply = company.as_("manager").put(f"/reviews/cycles/{cycle['cycle_id']}/people/{company.people[person]}"
                                           "/manager-review", {"overall": "已评", "submit": True})
        assert reply.status == 200, reply.body
    return must_advance(company, cycle)


def test_given_calibration_when_viewing_then_distribution_per_unit_against_the_target(company: Company,
                                                                                     calibrating: dict):
    view = company.as_("hr").get(f"/reviews/cycles/{calibrating['cycle_id']}/calibration").body

    assert view["overall"]["population"] == 2
    (sales,) = view["units"]
    rows = {r["label"]: r for r in sales["rows"]}
    assert sales["unit_name"] == "销售部"
    assert rows["B"]["target_share"] == 0.5
    assert sum(r["count"] for r in sales["rows"]) == 2


def test_given_an_adjustment_without_a_reason_when_calibrating_then_400(company: Company, calibrating: dict):
    reply = company.as_("hr").post(f"/reviews/cycles/{calibrating['cycle_id']}/calibration", {
        "person_id": company.people["seller2"], "rating": "B", "version": 1})

    assert reply.status == 400
    assert reply.error_fields == ["reason"]


def test_given_an_adjustment_with_a_reason_when_calibrating_then_rating_changes_and_is_audited(
        company: Company, calibrating: dict):
    cycle_id = calibrating["cycle_id"]
    before = page_in(company, cycle_id, "hr", "seller2")["result"]

    reply = company.as_("manager").post(f"/reviews/cycles/{cycle_id}/calibration", {
        "person_id": company.people["seller2"], "rating": "B", "reason": "本月承接了跨部门重点项目，指标外贡献较大",
        "version": before["version"]})

    assert reply.status == 200, reply.body
    assert reply.body["final_rating"] == "B" and reply.body["rating"] == before["rating"] == "C"
    (entry,) = audit.entries(company.tenant_id, "review_result", f"{cycle_id}:{company.people['seller2']}")
    assert entry["action"] == "calibrate"
    assert entry["after"]["reason"].startswith("本月承接")
    assert entry["before"]["final_rating"] == before["rating"]


def test_given_an_unknown_rating_when_calibrating_then_400(company: Company, calibrating: dict):
    reply = company.as_("hr").post(f"/reviews/cycles/{calibrating['cycle_id']}/calibration", {
        "person_id": company.people["seller"], "rating": "Z", "reason": "不存在的评级", "version": 1})

    assert reply.status == 400
    assert reply.error_fields == ["rating"]


def page_in(company: Company, cycle_id: str, user: str, person: str) -> dict:
    return company.as_(user).get(f"/reviews/cycles/{cycle_id}/people/{company.people[person]}").body


def test_given_published_results_then_history_export_and_acknowledgement(company: Company, calibrating: dict):
    cycle_id, period = calibrating["cycle_id"], calibrating["period"]
    seller2 = page_in(company, cycle_id, "hr", "seller2")["result"]
    company.as_("hr").post(f"/reviews/cycles/{cycle_id}/calibration", {
        "person_id": company.people["seller2"], "rating": "B", "reason": "校准：与团队整体表现对齐",
        "version": seller2["version"]})
    history_before = company.as_("employee").get("/reviews/me/history").body["items"]
    must_advance(company, calibrating)

    history = company.as_("employee").get("/reviews/me/history").body["items"]
    as_manager = company.as_("manager").get(f"/reviews/people/{company.people['seller']}/history").body["items"]
    exported = company.as_("hr").get(f"/reviews/cycles/{cycle_id}/export", format="csv").body
    workbook = company.as_("hr").get(f"/reviews/cycles/{cycle_id}/export").body
    ack = company.as_("employee").post(f"/reviews/cycles/{cycle_id}/people/{company.people['seller']}/acknowledge",
                                       {"comment": "已阅"})

    assert history_before == []
    assert [(h["period"], h["final_rating"]) for h in history] == [(period, "A")]
    assert {h["period"] for h in as_manager} >= {PERIOD, period}
    rows = list(csv.reader(io.StringIO(base64.b64decode(exported["content_base64"]).decode("utf-8-sig"))))
    assert rows[0][1] == "姓名 name"
    assert {(r[1], r[3], r[9]) for r in rows[1:]} >= {("王敏", "客户转化率", "B"), ("陈静", "放款金额", "A")}
    assert workbook["filename"].endswith(".xlsx")
    assert base64.b64decode(workbook["content_base64"])[:2] == b"PK"
    assert ack.status == 200 and ack.body["acknowledged_at"]
    assert page_in(company, cycle_id, "employee2", "seller2")["result"]["final_rating"] == "B"


@pytest.mark.parametrize("cap", ["MAX_EXPORT_ROWS", "MAX_EXPORT_BYTES"])
def test_given_an_export_over_its_cap_then_413_naming_the_cycle(company: Company, calibrating: dict, monkeypatch,
                                                                cap: str):
    # Given caps of 1 row / 10 bytes (20,000 rows and 4 MB in production)
    from chalicelib.reviews import service

    monkeypatch.setattr(service, cap, 1 if cap == "MAX_EXPORT_ROWS" else 10)
    # When HR exports the cycle / Then 413 naming cycle_id
    reply = company.as_("hr").get(f"/reviews/cycles/{calibrating['cycle_id']}/export", format="csv")
    assert reply.status == 413 and reply.error_fields == ["cycle_id"], reply.body
