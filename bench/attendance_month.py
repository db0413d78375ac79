"""Attendance at company scale: daily results of 2,000 people for a month — DynamoDB round trips
and write units per recompute — and the round trips of one clock-in.

    .venv/bin/python bench/attendance_month.py [--people 2000] [--month 2026-11]

In-process: moto (`mock_aws`) for DynamoDB, the services called directly (no HTTP, no authorizer;
the authorizer's own round trips are measured in bench/round_trips.py and cached by API Gateway).
Everyone works the standard 09:00–18:00 shift, one department works nights (22:00–06:00); two
punches per working day, a few late days. Write units: every result item is under 1 KB, so one
item put = one write unit. Round trips are exact; timings are moto's (an upper bound). Prints
figures; never passes or fails.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._support import round_trips  # noqa: E402 - the hook must exist before any client
from tests.support import env  # noqa: E402

env.configure()
env.fast_moto_transactions()


def _line(label: str, trips: object, extra: str = "") -> None:
    print(f"  {label:<58} {trips.total:>6} round trips {trips.by_operation}{extra}")  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--month", default="2026-11")
    args = parser.parse_args()

    from moto import mock_aws

    with mock_aws():
        from bench._company import company
        from chalicelib.attendance import clock_store, closing, daily, monthly, nightly, punches, rostering
        from chalicelib.attendance.calendar import Calendar
        from chalicelib.attendance.clock_schemas import ClockIn, MonthInput, Punch, ShiftAssign, ShiftCreate, SiteCreate
        from chalicelib.core import clock
        from chalicelib.core.context import RequestContext, Role

        clock.freeze(datetime(2026, 12, 2, 1, 0, tzinfo=UTC))  # 2 December 09:00 in China: November is over
        started = time.monotonic()
        built = company()
        departments = []
        left, n = args.people, 0
        while left > 0:
            staff = min(49, left - 1) if left > 1 else 0
            departments.append(built.department(f"D{n:03d}", f"部门{n:03d}", staff=staff, headcount=max(staff, 1)))
            left -= staff + 1
            n += 1
        hr = built.hr
        everyone = [p for d in departments for p in (d.head, *d.staff)]
        rostering.add_shift(hr, ShiftCreate(code="night", name="夜班", start="22:00", end="06:00", grace_minutes=5))
        rostering.assign(hr, ShiftAssign(target="unit", target_id=departments[-1].unit.unit_id, shift="night",
                                         valid_from=date(2026, 1, 1)))
        night = {p.person_id for p in (departments[-1].head, *departments[-1].staff)}
        first = date.fromisoformat(f"{args.month}-01")
        days = [first + timedelta(days=k) for k in range(31) if (first + timedelta(days=k)).month == first.month]
        calendar = Calendar()
        rows = []
        for person in everyone:
            for day in days:
                if not calendar.is_working_day(day):
                    continue
                seed = zlib.crc32(f"{person.person_id}{day}".encode())
                if person.person_id in night:
                    rows += [(person.person_id, f"{day}T21:5{seed % 9}:00"),
                             (person.person_id, f"{day + timedelta(days=1)}T06:0{seed % 9}:00")]
                else:
                    rows += [(person.person_id, f"{day}T{'09:1' if seed % 17 == 0 else '08:5'}{seed % 9}:00"),
                             (person.person_id, f"{day}T18:0{seed % 9}:00")]
        clock_store.write_punches(hr.tenant_id, (Punch(person_id=p, at=a, source="import") for p, a in rows))
        built_in = time.monotonic() - started
        print(f"{len(everyone)} people, {len(rows)} punches in {args.month}, built in {built_in:.0f} s")

        print("\nDaily results for the whole company, one month:")
        with round_trips() as trips:
            t0 = time.monotonic()
            done = daily.recompute_month(hr.tenant_id, args.month)
        _line("first recompute (every result new)", trips,
              f"\n{'':60} {done.days} results, {done.written} write units, {time.monotonic() - t0:.0f} s in moto")
        with round_trips() as trips:
            again = daily.recompute_month(hr.tenant_id, args.month)
        _line("recompute again, nothing changed", trips, f"; {again.written} write units")
        one = departments[0].staff[0]
        clock_store.write_punches(hr.tenant_id, [Punch(person_id=one.person_id, at=f"{args.month}-03T18:30:00",
                                                       source="correction")])
        with round_trips() as trips:
            single = daily.recompute_month(hr.tenant_id, args.month, [one.person_id])
        _line("one person's month after a 补卡 (per-person reads)", trips, f"; {single.written} write units")

        print("\nThe tenant's daily job (the two days before today, everyone):")
        today = clock.now().astimezone(daily.CHINA).date()
        with round_trips() as trips:
            nightly_first = nightly.recompute_recent(hr.tenant_id, today)
        _line(f"days {', '.join(d.isoformat() for d in nightly_first.days)}", trips,
              f"; {nightly_first.written} write units")
        with round_trips() as trips:
            nightly_again = nightly.recompute_recent(hr.tenant_id, today)
        _line("the same job run again", trips, f"; {nightly_again.written} write units")

        print("\nMonth summaries (payroll's read):")
        ids = [p.person_id for p in everyone]
        with round_trips() as trips:
            open_month = monthly.month_summaries(hr.tenant_id, args.month, ids)
        _line(f"open month, {len(ids)} people (month-wide reads)", trips)
        with round_trips() as trips:
            status = closing.lock(hr, MonthInput(month=args.month))
        _line("HR locks the month (recompute + freeze summaries)", trips, f"; {status.people} summaries")
        with round_trips() as trips:
            frozen = monthly.month_summaries(hr.tenant_id, args.month, ids)
        _line(f"locked month, {len(ids)} people (BatchGetItem)", trips)
        assert {p: s.present_days for p, s in open_month.items()} == {p: s.present_days for p, s in frozen.items()}

        print("\nClock-in (POST /attendance/punches), handler only:")
        punches.add_site(hr, SiteCreate(name="上海总部", latitude=31.2304, longitude=121.4737, radius_m=300))
        me = RequestContext(tenant_id=hr.tenant_id, user_id="u-me", person_id=one.person_id,
                            roles=frozenset({Role.EMPLOYEE}))
        tap = ClockIn(latitude=31.2305, longitude=121.4738, accuracy_m=20)
        with round_trips() as trips:
            punches.clock_in(me, tap, "203.0.113.9", "tap-1")
        _line("clock-in with an Idempotency-Key", trips)
        with round_trips() as trips:
            punches.clock_in(me, tap, "203.0.113.9", "tap-1")
        _line("the same tap retried (returns the first punch)", trips)
        with round_trips() as trips:
            punches.today(me)
        _line("GET /attendance/me/today", trips)
        clock.freeze(None)


if __name__ == "__main__":
    main()
