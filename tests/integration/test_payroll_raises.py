"""调薪 history: pay structures from dated lifecycle events; a run takes the one in force on its last day."""

from __future__ import annotations

from tests.integration.test_payroll import STRUCTURE, _run, _set_up, world  # noqa: F401  (world is a fixture)


def _base_wage(company, run):  # type: ignore[no-untyped-def]
    payroll = company.as_("payroll")
    assert payroll.post(f"/payroll/runs/{run['run_id']}/compute", {}).status == 200
    slip = payroll.get(f"/payroll/runs/{run['run_id']}/payslips/{company.people['seller']}").body
    return next(line for line in slip["lines"] if line["code"] == "base_wage")


def test_a_raise_from_a_lifecycle_event_applies_from_the_month_it_is_in_force_on_the_last_day(world):  # noqa: F811
    company, _ = world
    _set_up(company)  # 12,000 from 2026-01-01
    seller, payroll = company.people["seller"], company.as_("payroll")
    url = f"/payroll/people/{seller}/structure"
    # Given HR records a 调薪 on 16 November (a dated marker; HR does not see pay)
    event = company.as_("hr").post(
        f"/employment/people/{seller}/events", {"type": "salary_change", "effective_date": "2026-11-16"}
    )
    assert event.status == 201, event.body
    raise_ = {**STRUCTURE, "base_wage": 15000, "effective_from": "2026-11-16", "version": 1}

    # When payroll enters the new pay naming another date's event, or a date before the latest: refused by field
    wrong = payroll.put(url, {**raise_, "effective_from": "2026-11-17", "event_id": event.body["event_id"]})
    assert wrong.status == 400 and wrong.error_fields == ["event_id"], wrong.body
    # And with the event: the history keeps both, newest first
    saved = payroll.put(url, {**raise_, "event_id": event.body["event_id"]})
    assert saved.status == 200 and saved.body["version"] == 2, saved.body
    history = payroll.get(f"/payroll/people/{seller}/structures").body["items"]
    assert [(h["effective_from"], h["base_wage"]) for h in history] == [
        ("2026-11-16", "15000.00"),
        ("2026-01-01", "12000.00"),
    ]
    earlier = payroll.put(url, {**raise_, "effective_from": "2026-10-01", "version": 2})
    assert earlier.status == 400 and earlier.error_fields == ["effective_from"], earlier.body
    assert company.as_("hr").get(f"/payroll/people/{seller}/structures").status == 403

    # Then November (in force on the 30th) pays the new wage and October the old one
    assert _base_wage(company, _run(company, "2026-11"))["amount"] == "15000.00"
    assert _base_wage(company, _run(company, "2026-10"))["amount"] == "12000.00"
