"""Mobile punches reach the stored day results: the tenant's daily job and a calendar override."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from chalicelib.attendance import daily_store, nightly
from chalicelib.core import clock
from chalicelib.reminders import service as reminders
from tests.support.org_sources import staffed_world

OFFICE = {"name": "上海总部", "latitude": 31.2304, "longitude": 121.4737, "radius_m": 200}
TAP = {"latitude": 31.2310, "longitude": 121.4740, "accuracy_m": 20}
TUESDAY, WEDNESDAY, THURSDAY = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


@pytest.fixture(scope="module")
def company():
    with staffed_world() as world:
        assert world.as_("hr").post("/attendance/sites", OFFICE).status == 201
        for utc_hour, minute in ((0, 55), (10, 2)):  # 08:55 and 18:02 in China on Wednesday 2 December
            clock.freeze(datetime(2026, 12, 2, utc_hour, minute, tzinfo=UTC))
            assert world.as_("employee").post("/attendance/punches", TAP).status == 201
        clock.freeze(datetime(2026, 12, 3, 0, 0, tzinfo=UTC))  # the daily job: 08:00 in China, Thursday
        yield world
    clock.freeze(None)


def stored(company, label: str, day: date) -> str | None:
    person = company.people[label]
    record = daily_store.days_of(company.tenant_id, day, [person]).get(person)
    return record.status if record else None


def test_the_daily_job_stores_the_days_before_today_from_mobile_punches_and_a_rerun_writes_nothing(company):
    before = stored(company, "seller", WEDNESDAY)

    run = reminders.run_tenant(company.tenant_id, THURSDAY)
    again = nightly.recompute_recent(company.tenant_id, THURSDAY)

    assert run.tenant_id == company.tenant_id and before is None
    assert stored(company, "seller", WEDNESDAY) == "present"
    assert stored(company, "engineer", WEDNESDAY) == "absent"
    assert stored(company, "seller", TUESDAY) == "absent"
    assert stored(company, "seller", THURSDAY) is None  # today is not judged yet
    assert again.days == [TUESDAY, WEDNESDAY] and again.people > 2 and again.written == 0


def test_a_calendar_override_of_a_past_day_recomputes_it_at_once_and_clearing_it_restores_it(company):
    nightly.recompute_recent(company.tenant_id, THURSDAY)

    made_rest = company.as_("hr").put("/attendance/calendar/overrides", {"date": "2026-12-01", "kind": "rest_day"})
    rest = (stored(company, "seller", TUESDAY), stored(company, "engineer", TUESDAY))
    cleared = company.as_("hr").request("DELETE", "/attendance/calendar/overrides", {"date": "2026-12-01"})

    assert made_rest.status == 200, made_rest.body
    assert rest == ("rest", "rest")
    assert cleared.status in (200, 204), cleared.body
    assert stored(company, "seller", TUESDAY) == "absent"


def test_a_future_override_writes_nothing_and_a_locked_month_is_skipped(company):
    assert nightly.after_calendar_change(company.tenant_id, date(2026, 12, 24)) is None
    assert company.as_("hr").post("/attendance/months/lock", {"month": "2026-11"}).status == 200

    run = nightly.recompute_days(company.tenant_id, [date(2026, 11, 30), TUESDAY])

    assert run.days == [TUESDAY] and run.written == 0
