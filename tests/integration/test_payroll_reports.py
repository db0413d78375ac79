"""A run's reports through the API: the IIT declaration in the bureau's layout, the contribution
lists and the ledger — from a reviewed run only, audited, identity numbers in full only for payroll."""

from __future__ import annotations

import base64
import csv
import io

from chalicelib.payroll.reports import IIT_HEADERS
from tests.integration.test_payroll import _run, _set_up, _to, world  # noqa: F401  (world is a fixture)


def _table(reply):  # type: ignore[no-untyped-def]
    assert reply.status == 200, reply.body
    rows = list(csv.reader(io.StringIO(base64.b64decode(reply.body["content_base64"]).decode("utf-8-sig"))))
    return rows[0], {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}, rows[1:]


def test_reports_of_a_reviewed_run_follow_the_payslips_and_are_audited(world):  # noqa: F811
    company, _ = world
    _set_up(company)
    run = _run(company, "2026-11")
    url = f"/payroll/runs/{run['run_id']}"
    payroll = company.as_("payroll")
    assert payroll.post(f"{url}/compute", {}).body["computed"] == 2
    # Given a draft run: no reports yet (its payslips may change)
    draft = payroll.get(f"{url}/ledger", format="csv")
    assert draft.status == 409 and draft.error_fields == ["status"], draft.body
    assert _to(company, "payroll", run, "reviewed").status == 200

    # When payroll exports the IIT declaration
    headers, by_name, _ = _table(payroll.get(f"{url}/iit-declaration", format="csv"))
    # Then it has the bureau's columns, the month's figures and the year's 累计 items; the number masked
    assert headers == IIT_HEADERS
    seller = by_name["陈静"]
    assert (seller["证件类型"], seller["本期收入"], seller["基本养老保险费"]) == ("居民身份证", "15500.00", "960.00")
    assert (seller["基本医疗保险费"], seller["失业保险费"], seller["住房公积金"]) == ("240.00", "60.00", "1440.00")
    assert (seller["累计子女教育"], seller["累计住房租金"]) == ("2000.00", "0.00")
    assert "11010519491231002X" not in seller["证件号码"] and seller["证件号码"].endswith("002X")
    # And only the payroll role opens identity numbers, which the audit log records
    refused = company.admin.get(f"{url}/iit-declaration", format="csv", full="true")
    assert refused.status == 403 and refused.error_fields == ["full"], refused.body
    _, full, _ = _table(payroll.get(f"{url}/iit-declaration", format="csv", full="true"))
    assert full["陈静"]["证件号码"] == "11010519491231002X"
    log = company.admin.get("/audit", entity_kind="pay_run", entity_id=run["run_id"]).body["items"]
    assert [e["action"] for e in log][:2] == ["export_sensitive", "export"], log

    # When payroll exports the contribution list: one row per person per fund with base and both sides
    _, _, rows = _table(payroll.get(f"{url}/contribution-list", format="csv"))
    assert len(rows) == 8
    assert [r[2:] for r in rows if r[1] == "陈静"][0] == ["养老保险", "12000.00", "960.00", "1920.00"]
    # And the ledger: one row per person, a column per component, the totals last
    headers, ledger, _ = _table(payroll.get(f"{url}/ledger", format="csv"))
    assert headers[:5] == ["工号", "姓名", "基本工资", "餐补", "绩效工资"]
    assert headers[-2:] == ["实发工资", "单位社保公积金"]
    assert (ledger["陈静"]["餐补"], ledger["陈静"]["应发合计"]) == ("500.00", "15500.00")
    # And HR generalists get none of it
    assert company.as_("hr").get(f"{url}/ledger").status == 403
