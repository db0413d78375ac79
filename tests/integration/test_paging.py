"""Every paged list, generated from the route table: pages of one item walk the whole list exactly once.

A route is a paged list when its query model has a ``cursor``. For each one, in a company with
data in every list:

* Given the list read as one page (the largest ``limit``), when it is walked one item per page
  following ``next_cursor``, then the pages hold the same items, each exactly once, in the same order;
* ``limit`` below 1 or above the stated maximum is 400 naming ``limit``;
* a cursor of another list is 400 naming ``cursor`` (another tenant's: tests/integration/test_isolation.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import app as application
from chalicelib.core.api import SPECS, EndpointSpec
from tests.support import isolation_sources  # noqa: F401 - registers every domain's id sources
from tests.support.indicator_sources import sales_position
from tests.support.isolation import ID_SOURCES
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

PAGED = sorted((s for s in SPECS.values() if s.query is not None and "cursor" in s.query.model_fields),
               key=lambda s: (s.path, s.method))
PERIOD = "2026-Q2"
# Query parameters a list needs besides the page, and who reads it (default: "boss", every role).
PARAMS: dict[str, dict[str, str]] = {"my_data_duties": {"period": PERIOD}, "list_goals": {"period": "2026"},
                                     "list_cycles": {"period": PERIOD}}
CALLER: dict[str, str] = {"my_file": "employee", "get_inbox": "employee", "my_history": "employee",
                          "my_feedback_requests": "hr", "list_tasks": "manager", "leave_queue": "manager",
                          "overtime_queue": "manager", "trip_queue": "manager"}
# Lists this world gives fewer than two items (the walk still runs; it proves little for them).
SHORT = {"delivery_log", "my_history", "my_feedback_requests", "set_versions", "person_history"}


def full_path(spec: EndpointSpec) -> str:
    for path, methods in application.app.routes.items():
        for method, entry in methods.items():
            if entry.view_name == spec.name and method == spec.method:
                return path
    raise AssertionError(f"{spec.name} is not in the route table")


def maximum(spec: EndpointSpec) -> int:
    return int(spec.query.model_json_schema()["properties"]["limit"]["maximum"])  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def world():
    """销售部 with published Q2 indicators, a running cycle with actuals and 360 requests, tasks, threads,
    documents, goals, RACI entries, templates, robots and notifications: something in every list."""
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        demo = staffed_company(Api(client), "分页测试金融科技")
        add_operations(demo)
        demo.person("seller2", "王敏", "SALES", manager_id=demo.people["sales_head"])
        demo.user("employee2", person="seller2")
        demo.admin.patch(f"/org/units/{demo.root_unit_id}", {"version": 1, "head_person_id": demo.people["founder"]})
        demo.user("boss", ["executive", "admin", "hr"], person="founder")
        ids = {param: source(demo) for param, source in ID_SOURCES.items()}
        ids["person_id"] = demo.people["seller"]
        sales_position(demo, holders=("seller", "seller2"))
        tech = demo.admin.post("/org/positions", {"code": "DEV", "title": "工程师", "unit_id": demo.units["TECH"]}).body
        engineer = demo.admin.get(f"/org/people/{demo.people['engineer']}").body
        assert demo.admin.patch(f"/org/people/{engineer['person_id']}",
                                {"version": engineer["version"], "position_id": tech["position_id"]}).status == 200
        publish(demo, ["seller", "seller2"], "2026-Q1", [conversion(demo), loans(demo)])
        q2 = indicator_ids(publish(demo, ["seller", "seller2"], PERIOD, [conversion(demo), loans(demo)]))
        cycle = must_advance(demo, open_cycle(demo, PERIOD, feedback_enabled=True))
        ids["cycle_id"] = cycle["cycle_id"]
        for person, user in (("seller", "employee"), ("seller2", "employee2")):
            for by, values in (("ops", {"qualified_leads": 100}), (user, {"converted_customers": 9})):
                assert enter(demo, by, PERIOD, person, q2["客户转化率"], values, "2026-04-30").status == 200
        hr = demo.as_("hr")
        raters = [{"person_id": demo.people[p], "relation": "peer"} for p in ("hr_staff", "engineer", "tech_head")]
        assert hr.post(f"/reviews/cycles/{cycle['cycle_id']}/feedback-requests",
                       {"reviewee_id": demo.people["seller"], "raters": raters}).status == 201
        second = {"name": "二次", "period": PERIOD, "unit_id": demo.units["TECH"]}
        assert hr.post("/reviews/cycles", second).status == 201
        for n in range(3):
            assert hr.post("/collab/tasks", {"title": f"任务{n}", "deadline": f"2099-0{n + 1}-01",
                                             "assignee_id": demo.people["sales_head"]}).status == 201
            assert demo.as_("manager").post(f"/collab/threads/unit:{demo.units['SALES']}/messages",
                                            {"body": f"消息{n}"}).status == 201
            assert hr.post("/collab/documents", {"name": f"制度{n}.pdf", "content_type": "application/pdf",
                                                 "size": 100, "shares": [{"kind": "company", "id": ""}]}).status == 201
            assert demo.admin.post("/org/goals", {"period": "2026", "level": "company",
                                                  "title": f"目标{n}"}).status == 201
            assert demo.admin.post("/org/raci", _raci(demo, f"流程{n}")).status == 201
        # a second change request to the seller's file (the change_id source made the first)
        assert demo.as_("employee").post(f"/people/{demo.people['seller']}/file/changes",
                                         {"changes": {"phone": "13700137001"}}).status == 201
        assert hr.post("/people/fields", {"label_zh": "籍贯", "label_en": "Native place", "type": "text"}).status == 201
        template = hr.get(f"/indicators/library/{ids['template_code']}").body
        assert hr.patch(f"/indicators/library/{ids['template_code']}",
                        {"version": template["version"], "suggested_target": 12}).status == 200
        for unit in ("SALES", "TECH"):
            assert hr.put(f"/reminders/webhooks/{demo.units[unit]}", {
                "provider": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=t"}).status == 200
        for day in ("2026-12-14", "2026-12-15"):
            assert demo.as_("employee").post("/attendance/leave-requests", {
                "leave_type": "sick", "start": day, "end": day}).status == 201
        for kind, amount in (("grant", 5), ("adjust", 1)):
            assert hr.post(f"/attendance/people/{demo.people['seller']}/ledger", {
                "leave_type": "annual", "kind": kind, "amount": amount, "on": "2026-01-01",
                "reason": "分页"}).status == 201
        _employment(demo)
        for day in ("2026-11-07", "2026-11-08"):
            assert demo.as_("employee").post("/attendance/overtime", {"date": day, "hours": 2}).status == 201
            assert demo.as_("employee").post("/attendance/trips", {
                "start": day.replace("-11-", "-12-"), "end": day.replace("-11-", "-12-"),
                "destination": "深圳"}).status == 201
        _payroll(demo, ids["run_id"])
        demo.ids = ids  # type: ignore[attr-defined]
        yield demo


def _payroll(demo: Company, run_id: str) -> None:
    """Pay structures for both sellers and the run computed: two payslips to page through."""
    from tests.integration.test_payroll import RULE_SET, STRUCTURE

    admin = demo.admin
    assert admin.put("/payroll/settings", {"rating_coefficients": {"A": 1.2}, "version": 0}).status == 200
    assert admin.post("/payroll/rule-sets", RULE_SET).status == 201
    for person in ("seller", "seller2"):
        assert admin.put(f"/payroll/people/{demo.people[person]}/structure", STRUCTURE).status == 200
    computed = admin.post(f"/payroll/runs/{run_id}/compute", {})
    assert computed.status == 200 and computed.body["computed"] >= 2, computed.body


def _employment(company: Company) -> None:
    """The seller's two contracts (one ending in 10 days), two lifecycle events (two periods); seller2's
    contract ending in 20 days: the expiring list has two items."""
    from datetime import date, timedelta

    hr = company.as_("hr")
    seller, seller2 = company.people["seller"], company.people["seller2"]
    soon = (date.today() + timedelta(days=10)).isoformat()
    first = hr.post(f"/employment/people/{seller}/contracts", {
        "type": "fixed_term", "start_date": "2020-01-01", "end_date": "2023-12-31", "signed_on": "2019-12-20"})
    assert first.status == 201, first.body
    assert hr.post(f"/employment/people/{seller}/contracts", {
        "type": "fixed_term", "start_date": "2024-01-01", "end_date": soon, "signed_on": "2023-12-20",
        "renews": first.body["contract_id"]}).status == 201
    assert hr.post(f"/employment/people/{seller2}/contracts", {
        "type": "fixed_term", "start_date": "2024-01-01", "signed_on": "2023-12-20",
        "end_date": (date.today() + timedelta(days=20)).isoformat()}).status == 201
    for body in ({"type": "hire", "effective_date": "2020-01-01", "unit_id": company.units["SALES"]},
                 {"type": "promotion", "effective_date": "2024-01-01", "manager_id": company.people["sales_head"]}):
        assert hr.post(f"/employment/people/{seller}/events", body).status == 201


def _raci(company: Company, name: str) -> dict[str, Any]:
    from tests.support.org_sources import raci_body

    return raci_body(company, name)


def url_of(spec: EndpointSpec, ids: dict[str, str]) -> str:
    path = full_path(spec)
    for param in re.findall(r"{(\w+)}", path):
        path = path.replace("{" + param + "}", ids[param])
    return path


def lists(body: dict[str, Any]) -> dict[str, list[Any]]:
    """The list fields of a page (``items``, or a subtree's units/positions/people, a thread's messages)."""
    return {k: v for k, v in body.items() if isinstance(v, list) and k not in ("categories", "receipts", "steps")}


def test_every_paged_list_is_found():
    names = {s.name for s in PAGED}
    assert {"list_people", "list_units", "get_subtree", "get_inbox", "list_tasks", "get_thread", "list_documents",
            "list_sets", "results_page", "my_data_duties", "list_templates", "audit_log"} <= names
    assert len(PAGED) >= 25


@pytest.mark.parametrize("spec", PAGED, ids=lambda s: s.name)
def test_walking_the_pages_returns_every_item_exactly_once(spec: EndpointSpec, world: Company):
    # Given the list read as one page
    api = world.as_(CALLER.get(spec.name, "boss"))
    url = url_of(spec, world.ids)  # type: ignore[attr-defined]
    params = PARAMS.get(spec.name, {})
    whole = api.get(url, limit=maximum(spec), **params)
    assert whole.status == 200, whole.body
    assert whole.body["next_cursor"] is None
    expected = lists(whole.body)
    # When it is walked one item per page
    pages = api.pages(url, key=next(iter(expected)), limit=1, **params)
    # Then every item comes exactly once, in the same order (a thread pages back in time)
    for key, items in expected.items():
        walked = [page.body[key] for page in pages]
        if spec.name == "get_thread":
            walked = walked[::-1]
        flat = [item for page in walked for item in page]
        assert flat == items, (key, json.dumps(flat, ensure_ascii=False)[:400])
    total = sum(len(v) for v in expected.values())
    assert all(sum(len(v) for v in lists(p.body).values()) <= 1 for p in pages)
    assert len(pages) == max(total, 1)
    if spec.name not in SHORT:
        assert total >= 2, f"{spec.name}: give this list two items in the world fixture"


@pytest.mark.parametrize("spec", PAGED, ids=lambda s: s.name)
def test_a_limit_outside_its_bounds_is_400_naming_limit(spec: EndpointSpec, world: Company):
    api = world.as_(CALLER.get(spec.name, "boss"))
    url = url_of(spec, world.ids)  # type: ignore[attr-defined]
    for limit in (0, maximum(spec) + 1):
        reply = api.get(url, limit=limit, **PARAMS.get(spec.name, {}))
        assert reply.status == 400 and reply.error_fields == ["limit"], (limit, reply.body)


def test_the_limits_are_stated_in_the_schema():
    for spec in PAGED:
        limit = spec.query.model_json_schema()["properties"]["limit"]  # type: ignore[union-attr]
        assert limit["minimum"] == 1 and limit["maximum"] >= limit["default"] >= 20, spec.name
        assert f"1 to {limit['maximum']}" in limit["description"], spec.name


def test_a_cursor_of_another_list_is_refused(world: Company):
    # Given a cursor of the people list
    boss = world.as_("boss")
    cursor = boss.get("/org/people", limit=1).body["next_cursor"]
    assert cursor
    # When it is sent to the units list, or to the people list with its signature broken / Then 400 cursor
    for url, bad in (("/org/units", cursor), ("/org/people", cursor[:-2] + "xx"), ("/org/people", "x" * 3000)):
        reply = boss.get(url, cursor=bad)
        assert reply.status == 400 and reply.error_fields == ["cursor"], reply.body


def test_a_cursor_is_bound_to_the_filters_it_was_issued_with(world: Company):
    boss = world.as_("boss")
    cursor = boss.get("/collab/tasks", scope="all", limit=1).body["next_cursor"]
    assert boss.get("/collab/tasks", scope="all", limit=1, cursor=cursor).status == 200
    reply = boss.get("/collab/tasks", scope="all", status="open", limit=1, cursor=cursor)
    assert reply.status == 400 and reply.error_fields == ["cursor"]


def test_a_cursor_is_bound_to_the_path_ids(world: Company):
    # Given a cursor of one unit's thread / When used on another unit's thread / Then 400
    boss = world.as_("boss")
    sales = f"/collab/threads/unit:{world.units['SALES']}"
    cursor = boss.get(sales, limit=1).body["next_cursor"]
    reply = boss.get(f"/collab/threads/unit:{world.units['TECH']}", limit=1, cursor=cursor)
    assert reply.status == 400 and reply.error_fields == ["cursor"]


def test_a_filtered_list_fills_its_pages(world: Company):
    # Given tasks of which only some are open... every page but the last is full
    boss = world.as_("boss")
    pages = boss.pages("/collab/tasks", scope="all", status="open", limit=2)
    sizes = [len(p.body["items"]) for p in pages]
    assert all(size == 2 for size in sizes[:-1]) and sizes[-1] in (1, 2)


def test_the_subtree_pages_keep_each_positions_holders(world: Company):
    # Given a position with holders, whose people may fall on the page after it
    boss = world.as_("boss")
    url = f"/org/units/{world.root_unit_id}/subtree"
    whole = boss.get(url, limit=1000).body
    held = {p["position_id"]: p["holder_ids"] for p in whole["positions"]}
    assert any(held.values()), "the world needs a position with holders"
    # When the subtree is walked in pages of every size / Then each position shows all its holders
    for size in range(1, 8):
        for page in boss.pages(url, key="units", limit=size):
            for position in page.body["positions"]:
                assert position["holder_ids"] == held[position["position_id"]], (size, position["code"])
