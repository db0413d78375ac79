"""A person's month view (我的考勤, ``GET /attendance/people/{id}/month``) costs the same number of
DynamoDB round trips however big the company is, and reads the calendar, the shifts and the day
results once each (they serve both the days shown and the month's summary)."""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.core import clock
from tests.support.org_sources import staffed_world
from tests.support.world import Company

NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # Thursday 10 December 2026, 10:00 in China
SINGLE = {"code": "six", "name": "单休班", "start": "09:00", "end": "18:00", "rest_pattern": "single"}


@pytest.fixture(autouse=True)
def _now():
    clock.freeze(NOW)
    yield
    clock.freeze(None)


def spied(monkeypatch: pytest.MonkeyPatch, call: Callable[[], Any]) -> Counter[str]:
    """The DynamoDB operations ``call`` makes (a spy: it counts and changes nothing)."""
    from pynamodb.connection.base import Connection

    seen: Counter[str] = Counter()
    real = Connection._make_api_call

    def spy(self: Connection, operation_name: str, *args: Any, **kwargs: Any) -> Any:
        seen[operation_name] += 1
        return real(self, operation_name, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Connection, "_make_api_call", spy)
        call()
    return seen


def punch_in_december(company: Company, labels: list[str]) -> None:
    rows = ["工号,姓名,打卡时间"]
    for label in labels:
        number = company.admin.get(f"/org/people/{company.people[label]}").body["employee_no"]
        for day in ("01", "02", "03", "04", "07", "08", "09"):
            rows += [f"{number},某人,2026-12-{day} 08:57:00", f"{number},某人,2026-12-{day} 18:05:00"]
    body = {"format": "csv", "content_base64": base64.b64encode(("\n".join(rows) + "\n").encode()).decode()}
    assert company.as_("hr").post("/attendance/punches/import", body).status == 201


def month_view_trips(company: Company, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Round trips of the seller's own month view and of HR reading it (an open month)."""
    path = f"/attendance/people/{company.people['seller']}/month"
    out = {}
    for user in ("employee", "hr"):
        api = company.as_(user)
        api.get(path, month="2026-12")  # warm: the token's first use is not what is measured
        reply: dict[str, Any] = {}
        seen = spied(monkeypatch, lambda api=api: reply.setdefault("r", api.get(path, month="2026-12")))
        assert reply["r"].status == 200, reply["r"].body
        out[user] = sum(seen.values())
    return out


def grow(company: Company, extra: int) -> None:
    labels = [f"extra{n}" for n in range(extra)]
    for label in labels:
        company.person(label, f"员工{label}", "SALES")
    punch_in_december(company, labels)


def test_the_month_view_costs_the_same_at_two_sizes_and_reads_each_input_once(monkeypatch):
    with staffed_world() as company:
        punch_in_december(company, ["seller"])

        # Given a small company (双休 shifts only), then the same company with 15 more people punching
        small = month_view_trips(company, monkeypatch)
        grow(company, 15)
        large = month_view_trips(company, monkeypatch)

        # Then the view costs the same, and each input is read once: 11 round trips (13 when the
        # calendar, the shifts and the days were read twice; the authorizer's included)
        assert small == large == {"employee": 11, "hr": 11}

        # Given a 单休 shift in use (a person's rest days need the assignments and their unit)
        hr = company.as_("hr")
        assert hr.post("/attendance/shifts", SINGLE).status == 201
        body = {"target": "unit", "target_id": company.units["SALES"], "shift": "six", "valid_from": "2026-12-01"}
        assert hr.put("/attendance/shift-assignments", body).status == 200

        # Then two more reads, at any size
        with_patterns = month_view_trips(company, monkeypatch)
        grow(company, 5)
        assert month_view_trips(company, monkeypatch) == with_patterns == {"employee": 13, "hr": 13}
