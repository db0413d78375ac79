"""Contracts and the employee lifecycle (issue #11): legal probation bounds, renewals, effective-dated events,
history on a day, departure, the expiring list, the reminders and headcount analytics."""

from __future__ import annotations

import base64
import email
import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email import policy

import boto3
import pytest

from chalicelib.core import clock
from chalicelib.core.settings import settings
from chalicelib.reminders import store as reminders_store
from tests.support.collab_sources import module_world
from tests.support.people_sources import FILE

ACCOUNT = "123456789012"
_seq = itertools.count(1)


@pytest.fixture(scope="module")
def world():
    with module_world("示例金融科技有限公司", "乙公司信息技术") as [a, b]:
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName=settings().reminders_queue)
        yield a, b
    clock.freeze(None)


@pytest.fixture
def company(world):
    return world[0]


@pytest.fixture(autouse=True)
def _unfreeze() -> Iterator[None]:
    yield
    clock.freeze(None)


def on(day: date, hour: int = 2) -> None:
    clock.freeze(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


def hire(company, day: date, unit: str = "SALES", contract: dict | None = None, invite: bool = False) -> dict:
    n = next(_seq)
    body = {"name": f"新员工{n}", "email": f"hire{n}@{company.tenant_id}.test", "employee_no": f"H{n:05d}",
            "unit_id": company.units[unit], "hire_date": day.isoformat(), "invite": invite}
    if contract:
        body["contract"] = contract
    reply = company.as_("hr").post("/employment/hires", body)
    assert reply.status == 201, reply.body
    return reply.body


def three_years(start: str = "2026-01-05", probation_end: str | None = "2026-07-04") -> dict:
    return {"type": "fixed_term", "start_date": start, "end_date": "2029-01-04", "probation_end": probation_end,
            "signed_on": start}


def run_reminders(company, day: date) -> None:
    """What AWS does each morning: the schedule fans out, SQS hands each tenant job to its handler."""
    client = company.api.client
    on(day, 0)
    client.lambda_.invoke("reminders_fan_out", client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=["rule/reminders"]))
    for handle, body in reminders_store.receive(settings().reminders_queue):
        reminders_store.delete_message(settings().reminders_queue, handle)
        client.lambda_.invoke("reminders_tenant_job", client.events.generate_sqs_event(
            message_bodies=[body], queue_name=settings().reminders_queue))
    clock.freeze(None)


def mails_mentioning(words: str) -> list[email.message.EmailMessage]:
    from moto.ses.models import ses_backends

    out = []
    for message in ses_backends[ACCOUNT]["us-east-1"].sent_messages:
        parsed = email.message_from_string(message.raw_data, policy=policy.default)
        plain = parsed.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        if words in plain:
            out.append(parsed)
    return out


# ---- contracts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,expected", [("zh-CN", "试用期最长 6 个月"), ("en", "at most 6 months")])
def test_an_over_long_probation_is_400_naming_the_field_in_the_callers_language(company, lang, expected):
    # Given a three-year contract (the bound is 6 months: probation may end by 2026-07-04)
    person = company.people["engineer"]
    body = three_years(probation_end="2026-07-05")
    # When HR adds it with a probation one day too long
    reply = company.as_("hr").request("POST", f"/employment/people/{person}/contracts", body,
                                      headers={"Accept-Language": lang})
    # Then 400 names probation_end, in the caller's language
    assert reply.status == 400, reply.body
    assert reply.error_fields == ["probation_end"]
    assert expected in reply.body["error"]["details"][0]["message"]


@pytest.mark.parametrize("contract,field,code", [
    ({"type": "fixed_term", "start_date": "2026-01-01", "end_date": "2026-03-30", "probation_end": "2026-01-10"},
     "probation_end", "employment.probation_too_short_term"),
    ({"type": "fixed_term", "start_date": "2026-01-01", "end_date": "2026-12-30", "probation_end": "2026-02-01"},
     "probation_end", "employment.probation_too_long"),
    ({"type": "per_task", "start_date": "2026-01-01", "probation_end": "2026-01-10"},
     "probation_end", "employment.probation_not_allowed"),
    ({"type": "open_ended", "start_date": "2026-01-01", "end_date": "2030-01-01"},
     "end_date", "employment.end_not_allowed"),
    ({"type": "fixed_term", "start_date": "2026-01-01"}, "end_date", "employment.end_required"),
    ({"type": "open_ended", "start_date": "0250-04-29"}, "start_date", "employment.no_rule"),  # found by the fuzzer
])
def test_contracts_outside_the_law_are_refused(company, contract, field, code):
    # Given a contract that breaks one rule; When HR adds it
    reply = company.as_("hr").post(f"/employment/people/{company.people['tech_head']}/contracts",
                                   {**contract, "signed_on": "2025-12-30"})
    # Then 400 names the field with the rule's code
    assert reply.status == 400, reply.body
    assert reply.error_fields == [field]
    assert reply.body["error"]["details"][0]["code"] == code


def test_the_longest_legal_probation_is_accepted(company):
    # Given a contract one day short of a year from 2026-01-01 (bound: 1 month, ending by 2026-01-31)
    body = {"type": "fixed_term", "start_date": "2026-01-01", "end_date": "2026-12-30",
            "probation_end": "2026-01-31", "signed_on": "2025-12-30"}
    # When HR adds it
    reply = company.as_("hr").post(f"/employment/people/{company.people['sales_head']}/contracts", body)
    # Then it is stored with the bound it was checked against
    assert reply.status == 201, reply.body
    assert reply.body["probation_max_months"] == 1 and reply.body["open_ended_right"] is False


def test_the_renewal_after_two_fixed_term_contracts_flags_the_open_ended_right(company):
    # Given a person with a first fixed-term contract (with probation) and its fixed-term renewal
    person = hire(company, date(2020, 1, 1))["person"]["person_id"]
    url = f"/employment/people/{person}/contracts"
    first = company.as_("hr").post(url, {"type": "fixed_term", "start_date": "2020-01-01", "end_date": "2022-12-31",
                                         "probation_end": "2020-02-29", "signed_on": "2019-12-30"})
    assert first.status == 201, first.body
    second = company.as_("hr").post(url, {"type": "fixed_term", "start_date": "2023-01-01", "end_date": "2025-12-31",
                                          "signed_on": "2022-12-20", "renews": first.body["contract_id"]})
    assert second.status == 201, second.body
    assert second.body["open_ended_right"] is False
    # When HR records the next renewal
    third = company.as_("hr").post(url, {"type": "open_ended", "start_date": "2026-01-01", "signed_on": "2025-12-20",
                                         "renews": second.body["contract_id"]})
    # Then it flags that the employee may require an open-ended contract
    assert third.status == 201, third.body
    assert third.body["open_ended_right"] is True
    # And a second probation with the same employer, or renewing a renewed contract, is refused
    again = company.as_("hr").post(url, {"type": "fixed_term", "start_date": "2026-01-01", "end_date": "2030-01-01",
                                         "probation_end": "2026-02-01", "signed_on": "2025-12-20",
                                         "renews": first.body["contract_id"]})
    assert again.status == 400 and again.error_fields == ["probation_end"], again.body
    twice = company.as_("hr").post(url, {"type": "open_ended", "start_date": "2026-01-01", "signed_on": "2025-12-20",
                                         "renews": first.body["contract_id"]})
    assert twice.status == 400 and twice.error_fields == ["renews"], twice.body
    # And the list is newest first, a page at a time
    pages = company.as_("hr").pages(url, limit=2)
    starts = [c["start_date"] for p in pages for c in p.body["items"]]
    assert starts == ["2026-01-01", "2023-01-01", "2020-01-01"] and len(pages) == 2


def test_a_person_reads_their_own_contracts_and_no_one_elses(company):
    # Given the seller has a contract
    seller = company.people["seller"]
    made = company.as_("hr").post(f"/employment/people/{seller}/contracts",
                                  {"type": "open_ended", "start_date": "2024-03-01", "signed_on": "2024-02-20"})
    assert made.status == 201, made.body
    # When the seller reads their own and an engineer reads the seller's
    own = company.as_("employee").get(f"/employment/people/{seller}/contracts")
    other = company.as_("engineer").get(f"/employment/people/{seller}/contracts")
    # Then the seller sees theirs; the engineer is refused naming person_id
    assert own.status == 200 and [c["contract_id"] for c in own.body["items"]] == [made.body["contract_id"]]
    assert other.status == 403 and other.error_fields == ["person_id"], other.body
    # And an employee cannot write one
    assert company.as_("employee").post(f"/employment/people/{seller}/contracts", {}).status == 403


# ---- the lifecycle journey -----------------------------------------------------------------------

def test_hire_regularise_transfer_next_month_then_departure(company):
    hr = company.as_("hr")
    # Given HR onboards a person on 2026-01-05 with a three-year contract and six months' probation
    on(date(2026, 1, 5))
    hired = hire(company, date(2026, 1, 5), contract=three_years(), invite=True)
    person = hired["person"]["person_id"]
    assert hired["event"]["status"] == "applied" and hired["invited"] is True
    assert hired["contract"]["probation_max_months"] == 6
    # And HR files their identity: the resident ID number checked, birth date derived, the number masked
    filed = hr.put(f"/people/{person}/file", {**FILE, "start_date": "2026-01-05"})
    assert filed.status == 200, filed.body
    assert (filed.body["birth_date"], filed.body["id_number"]) == ("1949-12-31", "110105********002X")
    # And the invitation created their sign-in
    members = hr.items("/users")
    member = next(m for m in members if m["person_id"] == person)
    assert member["status"] == "active"
    # When HR regularises them on the probation end date
    on(date(2026, 7, 4))
    regular = hr.post(f"/employment/people/{person}/events", {"type": "regularise", "effective_date": "2026-07-04"})
    assert regular.status == 201 and regular.body["status"] == "applied", regular.body
    # And records a transfer to 技术部 effective next month
    moved = hr.post(f"/employment/people/{person}/events",
                    {"type": "transfer", "effective_date": "2026-08-01", "unit_id": company.units["TECH"],
                     "manager_id": company.people["tech_head"]})
    assert moved.status == 201 and moved.body["status"] == "scheduled", moved.body
    # Then until it is due the person stays in 销售部
    assert hr.get(f"/org/people/{person}").body["unit_id"] == company.units["SALES"]
    clock.freeze(None)
    # When the daily job runs on 2026-08-01
    run_reminders(company, date(2026, 8, 1))
    # Then the person is in 技术部 under its head, and history answers for both months
    now = hr.get(f"/org/people/{person}").body
    assert (now["unit_id"], now["manager_id"]) == (company.units["TECH"], company.people["tech_head"])
    july = hr.get(f"/employment/people/{person}/history", on="2026-07-31").body["items"]
    august = hr.get(f"/employment/people/{person}/history", on="2026-08-01").body["items"]
    before = hr.get(f"/employment/people/{person}/history", on="2025-12-31").body["items"]
    assert [p["unit_id"] for p in july] == [company.units["SALES"]]
    assert [p["unit_id"] for p in august] == [company.units["TECH"]]
    assert before == []
    # And a second run of the same day applies nothing twice
    run_reminders(company, date(2026, 8, 1))
    events = hr.items(f"/employment/people/{person}/events")
    assert [e["type"] for e in events] == ["transfer", "regularise", "hire"]
    assert all(e["status"] == "applied" for e in events)
    # When an open task is assigned to them and they leave on 2026-11-30
    on(date(2026, 11, 20))
    task = hr.post("/collab/tasks", {"title": "交接客户资料", "assignee_id": person, "deadline": "2026-12-20"})
    assert task.status == 201, task.body
    on(date(2026, 11, 30))
    left = hr.post(f"/employment/people/{person}/events",
                   {"type": "departure", "effective_date": "2026-11-30", "last_working_day": "2026-11-30",
                    "reason": "resignation"})
    # Then the open task is handed over to their manager (技术部's head) in the same write, audited
    assert left.status == 201, left.body
    assert left.body["open_task_ids"] == left.body["handed_over_task_ids"] == [task.body["task_id"]]
    assert left.body["handed_over_to_id"] == company.people["tech_head"]
    assert hr.get(f"/collab/tasks/{task.body['task_id']}").body["assignee_id"] == company.people["tech_head"]
    handed = [e for e in hr.items("/audit", entity_kind="person", entity_id=person) if e["action"] == "handover"]
    assert [e["after"]["task_ids"] for e in handed] == [[task.body["task_id"]]]
    # And the person has left and sign-in is off
    assert hr.get(f"/org/people/{person}").body["status"] == "left"
    member = next(m for m in hr.items("/users") if m["person_id"] == person)
    assert member["status"] == "disabled"
    # And history: employed on the last day, left the day after
    last = hr.get(f"/employment/people/{person}/history", on="2026-11-30").body["items"][0]
    after = hr.get(f"/employment/people/{person}/history", on="2026-12-01").body["items"][0]
    assert (last["status"], after["status"]) == ("employed", "left")
    # And the file is kept read-only: HR reads it (tagged left), an edit is 409 naming the state
    kept = hr.get(f"/people/{person}/file")
    assert kept.status == 200 and (kept.body["status"], kept.body["read_only"]) == ("left", True)
    edit = hr.request("PATCH", f"/people/{person}/file", {"version": kept.body["version"], "phone": "13700137000"},
                      headers={"Accept-Language": "zh-CN"})
    assert edit.status == 409 and edit.error_fields == ["person_id"], edit.body
    assert edit.body["error"]["details"][0]["code"] == "peoplefile.departed"
    assert "已离职" in edit.body["error"]["details"][0]["message"]
    assert hr.put(f"/people/{person}/file", {**FILE, "version": kept.body["version"]}).status == 409
    number = hired["person"]["employee_no"]
    csv = base64.b64encode(f"工号,姓名,证件号码,入职日期,用工类型\n{number},陈静,11010519491231002X,2026-01-05,全职\n"
                           .encode()).decode()
    imported = hr.post("/people/roster/import", {"format": "csv", "content_base64": csv})
    assert imported.status == 400 and imported.error_fields == ["rows[2].employee_no"], imported.body
    # And a transfer after leaving is refused
    late = hr.post(f"/employment/people/{person}/events",
                   {"type": "transfer", "effective_date": "2026-12-05", "unit_id": company.units["SALES"]})
    assert late.status == 409 and late.error_fields == ["effective_date"], late.body


def test_history_on_a_day_is_one_query(company, monkeypatch):
    from pynamodb.connection.base import Connection

    # Given a person with a year of moves
    person = hire(company, date(2025, 1, 1))["person"]["person_id"]
    for day, unit in [("2025-04-01", "TECH"), ("2025-07-01", "SALES"), ("2025-10-01", "TECH")]:
        reply = company.as_("hr").post(f"/employment/people/{person}/events",
                                       {"type": "transfer", "effective_date": day, "unit_id": company.units[unit]})
        assert reply.status == 201, reply.body
    calls: list[str] = []
    real = Connection._make_api_call

    def spy(self, operation_name, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(operation_name)
        return real(self, operation_name, *args, **kwargs)

    # When the unit on 2025-08-15 is asked for (the route reads the person first, then this)
    from chalicelib.employment import store

    monkeypatch.setattr(Connection, "_make_api_call", spy)
    period = store.period_on(company.tenant_id, person, date(2025, 8, 15))
    monkeypatch.undo()
    # Then one Query answers: 销售部 from 2025-07-01
    assert calls == ["Query"]
    assert period is not None and (period.unit_id, period.start) == (company.units["SALES"], date(2025, 7, 1))


def test_event_fields_follow_the_event_type(company):
    person = company.people["engineer"]
    url = f"/employment/people/{person}/events"
    leaving = company.as_("hr").post(url, {"type": "departure", "effective_date": "2099-01-31"})
    assert leaving.status == 400 and leaving.error_fields == ["reason"], leaving.body
    raise_ = company.as_("hr").post(url, {"type": "salary_change", "effective_date": "2099-01-01",
                                          "unit_id": company.units["TECH"]})
    assert raise_.status == 400 and raise_.error_fields == ["unit_id"], raise_.body
    marker = company.as_("hr").post(url, {"type": "salary_change", "effective_date": "2099-01-01",
                                          "note": "年度调薪"})
    assert marker.status == 201 and marker.body["status"] == "scheduled", marker.body


# ---- expiring contracts: the HR desk and the reminder -------------------------------------------

def test_a_contract_expiry_reminder_goes_out_once_per_milestone_and_shows_on_the_hr_desk(company):
    # Given a contract ending 2031-06-30 and a probation ending 2031-01-20
    person = hire(company, date(2029, 7, 1))["person"]["person_id"]
    name = company.as_("hr").get(f"/org/people/{person}").body["name"]
    reply = company.as_("hr").post(f"/employment/people/{person}/contracts",
                                   {"type": "fixed_term", "start_date": "2029-07-01", "end_date": "2031-06-30",
                                    "signed_on": "2029-06-25"})
    assert reply.status == 201, reply.body
    # When the daily job runs 30 days before the end, then again the same day and the next day
    run_reminders(company, date(2031, 5, 31))
    run_reminders(company, date(2031, 5, 31))
    run_reminders(company, date(2031, 6, 1))
    # Then HR's digest carried the line once per HR recipient (the founder and the HR user)
    line = f"{name} 的劳动合同将于 2031-06-30 到期（还有 30 天）"
    assert len(mails_mentioning(line)) == 2
    assert not mails_mentioning(f"{name} 的劳动合同将于 2031-06-30 到期（还有 29 天）")
    # And the HR desk lists it while it is within 30 days
    on(date(2031, 6, 2))
    desk = company.as_("hr").get("/dashboards/hr").body
    assert [(e["person_name"], e["kind"], e["days_left"]) for e in desk["expiring"]
            if e["person_id"] == person] == [(name, "contract_end", 28)]
    listed = company.as_("hr").items("/employment/expiring")
    assert any(e["person_id"] == person for e in listed)
    # When the 7-day mark comes
    run_reminders(company, date(2031, 6, 23))
    # Then that milestone goes out once too
    assert len(mails_mentioning(f"{name} 的劳动合同将于 2031-06-30 到期（还有 7 天）")) == 2


# ---- analytics -----------------------------------------------------------------------------------

def test_headcount_comes_from_the_effective_dated_history(world):
    _, b = world  # a company of its own: the numbers are exact
    hr = b.as_("hr")
    # Given two hires in January 2024, a transfer in February and a departure on 2024-03-15
    one = hire(b, date(2024, 1, 10))["person"]["person_id"]
    two = hire(b, date(2024, 1, 20), unit="TECH")["person"]["person_id"]
    assert hr.post(f"/employment/people/{one}/events", {"type": "transfer", "effective_date": "2024-02-01",
                                                        "unit_id": b.units["TECH"]}).status == 201
    assert hr.post(f"/employment/people/{one}/events",
                   {"type": "departure", "effective_date": "2024-03-15", "last_working_day": "2024-03-15",
                    "reason": "resignation"}).status == 201
    # When HR asks for January to March
    reply = hr.get("/employment/analytics/headcount", **{"from": "2024-01-01", "to": "2024-03-31"})
    assert reply.status == 200, reply.body
    rows = {r["month"]: r for r in reply.body["months"]}
    # Then each month is counted from the history, not from today's org
    assert (rows["2024-01"]["headcount"], rows["2024-01"]["joiners"]) == (2, 2)
    assert rows["2024-01"]["by_unit"] == {b.units["SALES"]: 1, b.units["TECH"]: 1}
    assert rows["2024-02"]["by_unit"] == {b.units["TECH"]: 2}
    assert (rows["2024-03"]["headcount"], rows["2024-03"]["leavers"]) == (1, 1)
    assert rows["2024-03"]["turnover_rate"] == pytest.approx(66.67)
    assert rows["2024-03"]["by_type"] == {"none": 1}
    assert reply.body["tenure_bands"] == {"<1": 1}
    # And the units are named (one BatchGet), and ages come from the files' birth months (no KMS call)
    names = {u: hr.get(f"/org/units/{u}").body["name"] for u in (b.units["SALES"], b.units["TECH"])}
    assert reply.body["unit_names"] == names
    assert reply.body["age_bands"] == {"unknown": 1}
    born_1999 = {**FILE, "id_type": "passport", "id_number": "E12345678", "birth_date": "1999-06-15"}
    assert hr.put(f"/people/{two}/file", born_1999).status == 200
    again = hr.get("/employment/analytics/headcount", **{"from": "2024-01-01", "to": "2024-03-31"}).body
    assert again["age_bands"] == {"<25": 1}
    assert hr.get("/employment/analytics/headcount", **{"from": "2024-06-01", "to": "2024-06-30"}
                  ).body["age_bands"] == {"25-29": 1}
    # And a range of more than 36 months is refused naming to
    long = hr.get("/employment/analytics/headcount", **{"from": "2020-01-01", "to": "2024-01-01"})
    assert long.status == 400 and long.error_fields == ["to"]


def test_age_bands_count_from_the_birth_month():
    from chalicelib.employment.service import age_band

    assert [age_band("2000-06", date(2025, 5, 31)), age_band("2000-06", date(2025, 6, 1))] == ["<25", "25-29"]
    assert [age_band("1976-01", date(2026, 1, 1)), age_band(None, date(2026, 1, 1))] == ["50+", "unknown"]


# ---- handing over a leaver's tasks ---------------------------------------------------------------

def test_hr_hands_over_open_tasks_to_a_chosen_person(company):
    hr = company.as_("hr")
    # Given a person with two open tasks and a done one
    person = hire(company, date(2025, 3, 1))["person"]["person_id"]
    made = [hr.post("/collab/tasks", {"title": f"客户回访 {n}", "assignee_id": person, "deadline": "2099-01-31"})
            for n in range(3)]
    assert all(m.status == 201 for m in made), made[0].body
    done = hr.patch(f"/collab/tasks/{made[2].body['task_id']}", {"version": made[2].body["version"], "status": "done"})
    assert done.status == 200, done.body
    url = f"/employment/people/{person}/handover"
    # When an employee tries, or HR names the person themself or nobody known
    assert company.as_("employee").post(url, {"to": company.people["engineer"]}).status == 403
    to_self = hr.post(url, {"to": person})
    unknown = hr.post(url, {"to": "01hq3v6x1y2z3a4b5c6d7e8f9g"})
    # Then 400 names the field
    assert to_self.status == 400 and to_self.error_fields == ["to"], to_self.body
    assert unknown.status == 400 and unknown.error_fields == ["to"], unknown.body
    # When HR hands them to the engineer
    handed = hr.post(url, {"to": company.people["engineer"]})
    # Then the two open tasks move (the done one stays) and the engineer is told
    assert handed.status == 200, handed.body
    assert sorted(handed.body["task_ids"]) == sorted(m.body["task_id"] for m in made[:2])
    assert {hr.get(f"/collab/tasks/{m.body['task_id']}").body["assignee_id"] for m in made[:2]} == {
        company.people["engineer"]}
    assert hr.get(f"/collab/tasks/{made[2].body['task_id']}").body["assignee_id"] == person
    inbox = company.as_("engineer").items("/collab/inbox")
    assert any("2 项任务已转交给你" in n["title"]["zh-CN"] for n in inbox)
    # And a departure naming the leaver as the taker is refused naming hand_over_to
    leave = hr.post(f"/employment/people/{person}/events",
                    {"type": "departure", "effective_date": "2099-01-31", "last_working_day": "2099-01-31",
                     "reason": "resignation", "hand_over_to": person})
    assert leave.status == 400 and leave.error_fields == ["hand_over_to"], leave.body


# ---- annual leave from the file --------------------------------------------------------------------

def test_the_annual_leave_grant_reads_the_start_date_and_working_years_from_the_file(company):
    hr = company.as_("hr")
    # Given a person whose file says: started 2024-03-01, 8.5 years' work before
    person = hire(company, date(2024, 3, 1))["person"]["person_id"]
    url = f"/attendance/people/{person}/annual-leave"
    # When HR grants 2026 before the file exists, the start date is missing: 400 naming joined
    missing = hr.post(url, {"year": 2026})
    assert missing.status == 400 and missing.error_fields == ["joined"], missing.body
    assert hr.put(f"/people/{person}/file", {**FILE, "start_date": "2024-03-01", "prior_working_years": 8.5}
                  ).status == 200
    # When HR grants 2026 with the year only
    granted = hr.post(url, {"year": 2026})
    # Then 102 + 22 months on 1 January is over 10 years: 10 days
    assert granted.status == 201 and granted.body["balance"] == 10.0, granted.body
    # And a body field overrides the file: no work before joining → 34 months on 2027-01-01 → 5 more days
    override = hr.post(url, {"year": 2027, "working_months_before_joining": 0})
    assert override.status == 201 and override.body["balance"] == 15.0, override.body


def test_a_pending_change_cannot_be_approved_after_the_person_has_left(world):
    _, b = world  # its own company: the seller leaves at the end of this module
    hr, seller = b.as_("hr"), b.people["seller"]
    # Given the seller's file and her pending change request
    assert hr.put(f"/people/{seller}/file", FILE).status == 200
    asked = b.as_("employee").post(f"/people/{seller}/file/changes", {"changes": {"phone": "13700137000"}})
    assert asked.status == 201, asked.body
    # When she leaves today
    today = clock.today().isoformat()
    left = hr.post(f"/employment/people/{seller}/events", {"type": "departure", "effective_date": today,
                                                          "last_working_day": today, "reason": "resignation"})
    assert left.status == 201 and left.body["status"] == "applied", left.body
    # Then HR cannot approve it (409 naming the state, in English when asked), but may reject it
    approve = hr.request("POST", f"/people/file-changes/{asked.body['request_id']}/approve", {"version": 1},
                         headers={"Accept-Language": "en"})
    assert approve.status == 409 and approve.error_fields == ["person_id"], approve.body
    assert "has left" in approve.body["error"]["details"][0]["message"]
    rejected = hr.post(f"/people/file-changes/{asked.body['request_id']}/reject", {"version": 1})
    assert rejected.status == 200 and rejected.body["status"] == "rejected", rejected.body
    # And the file still reads, and reveals (audited) for HR
    assert hr.get(f"/people/{seller}/file").body["read_only"] is True
    assert hr.post(f"/people/{seller}/file/reveal", {"field": "id_number"}).body["value"] == FILE["id_number"]
