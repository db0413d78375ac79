"""The employee confirms her payslip or asks about it; payroll answers; the run screen lists open questions."""

from __future__ import annotations

from tests.integration.test_payroll import _close, _run, _set_up, world  # noqa: F401  (world is a fixture)


def test_a_question_on_a_locked_payslip_is_answered_by_payroll_then_confirmed(world):  # noqa: F811
    company, _ = world
    _set_up(company)
    run = _run(company, "2026-11")
    mine = f"/payroll/my/payslips/{run['run_id']}"
    # Given a draft run: the employee has nothing to confirm yet
    assert company.as_("employee").post(f"{mine}/confirm", {"version": 0}).status == 404
    assert company.as_("payroll").post(f"/payroll/runs/{run['run_id']}/compute", {}).status == 200
    _close(company, run)
    employee, payroll = company.as_("employee"), company.as_("payroll")
    seller = company.people["seller"]

    # When she asks about her locked payslip
    asked = employee.post(f"{mine}/questions", {"text": "加班费好像少算了 2 小时", "version": 0})
    assert asked.status == 200 and asked.body["status"] == "questioned", asked.body
    # Then payroll sees it open on the run screen; her list shows it; a stale write is 409
    listed = payroll.get(f"/payroll/runs/{run['run_id']}/feedback").body
    assert listed["open"] == 1 and listed["items"][0]["person_id"] == seller, listed
    assert employee.get("/payroll/my/payslips").body["items"][0]["feedback"] == "questioned"
    assert employee.post(f"{mine}/confirm", {"version": 0}).status == 409
    # And colleagues cannot answer: HR generalists see no pay, and an empty answer names the field
    url = f"/payroll/runs/{run['run_id']}/feedback/{seller}/answer"
    assert company.as_("hr").post(url, {"text": "好的", "version": 1}).status == 403
    empty = payroll.post(url, {"text": "", "version": 1})
    assert empty.status == 400 and empty.error_fields == ["text"], empty.body

    # When payroll answers, she is asked to confirm; a second answer has nothing open
    answered = payroll.post(url, {"text": "已核对考勤：6 小时，无误", "version": 1})
    assert answered.status == 200 and answered.body["status"] == "answered", answered.body
    assert [e["kind"] for e in answered.body["entries"]] == ["question", "answer"]
    again = payroll.post(url, {"text": "再答一次", "version": 2})
    assert again.status == 409 and again.error_fields == ["status"], again.body
    inbox = employee.get("/collab/inbox").body["items"]
    assert any("/payslips?run=" in n.get("link", "") for n in inbox), inbox
    confirmed = employee.post(f"{mine}/confirm", {"version": 2})
    assert confirmed.status == 200 and confirmed.body["status"] == "confirmed", confirmed.body
    # Then the run has no open question left and her payslip reads confirmed
    assert payroll.get(f"/payroll/runs/{run['run_id']}/feedback").body["open"] == 0
    assert employee.get(f"{mine}/feedback").body["status"] == "confirmed"
    # And a colleague confirms only her own payslip; someone without one in the run gets 404
    assert company.as_("engineer").get(f"{mine}/feedback").body["person_id"] == company.people["engineer"]
    assert company.as_("hr").post(f"{mine}/confirm", {"version": 0}).status == 404
