"""The person's file at roster scale: import and export of a 2,000-row xlsx roster, the DynamoDB
round trips of one file read and one reveal, of a roster list page (first and a later one), and of
the headcount analytics with its age bands (and what it reads: lean birth-month items, not the files).

    .venv/bin/python bench/people_roster.py [--people 2000]

In-process: moto (`mock_aws`) for DynamoDB and KMS, the services called directly (no HTTP, no
authorizer). The roster is made of the demo's invented files (valid ID check digits). Timings
are wall-clock on a shared machine (moto's DynamoDB is far slower than DynamoDB's own, so they
are an upper bound of our own work); round trips and KMS calls are exact. Prints figures; never
passes or fails.
"""

from __future__ import annotations

import argparse
import base64
import io
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._support import round_trips  # noqa: E402 - the hook must exist before any client
from tests.support import env  # noqa: E402

env.configure()
env.fast_moto_transactions()  # as tests/conftest.py: moto's transactions, minus the table deep-copy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    people_count = parser.parse_args().people

    from moto import mock_aws

    with mock_aws():
        env.create_people_key()
        import botocore.client

        from bench._company import company
        from chalicelib.org import store as org_store
        from chalicelib.org.transfer import FileFormat
        from chalicelib.people import roster, service
        from chalicelib.people.schemas import RevealRequest, SensitiveField
        from local.demo.people import file_for

        kms_calls: list[str] = []
        original = botocore.client.BaseClient._make_api_call

        def counting(self, operation, params):  # type: ignore[no-untyped-def]
            if self.meta.service_model.service_name == "kms":
                kms_calls.append(operation)
            return original(self, operation, params)

        botocore.client.BaseClient._make_api_call = counting  # type: ignore[method-assign]

        started = time.monotonic()
        built = company()
        built.department("STAFF", "综合部", people_count - 1, people_count)
        hr = built.hr
        people = org_store.list_people(hr.tenant_id)
        print(f"company of {len(people)} people built in {time.monotonic() - started:.1f} s")

        from openpyxl import Workbook

        rng = random.Random(1)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        keys = [c.key for c in roster.COLUMNS]
        sheet.append([c.zh for c in roster.COLUMNS])
        for person in people:
            data = file_for(rng, {"name": person.name})
            contact = data.pop("emergency_contact")
            data.update(employee_no=person.employee_no, emergency_name=contact["name"],
                        emergency_relation=contact["relation"], emergency_phone=contact["phone"])
            sheet.append([str(data.get(k, "")) for k in keys])
        out = io.BytesIO()
        workbook.save(out)
        content = base64.b64encode(out.getvalue()).decode()
        print(f"roster xlsx: {len(people)} rows, {len(out.getvalue()) / 1024:.0f} KB")

        body = roster.RosterImport(format=FileFormat.XLSX, content_base64=content)
        kms_calls.clear()
        with round_trips() as trips:
            started = time.monotonic()
            result = roster.import_roster(hr, body)
            took = time.monotonic() - started
        print(f"import: {result.created} files created in {took:.1f} s; DynamoDB round trips {trips.total} "
              f"{trips.by_operation}; KMS calls {len(kms_calls)} {sorted(set(kms_calls))}")

        for full in (False, True):
            with round_trips() as trips:
                started = time.monotonic()
                exported = roster.export_roster(hr, roster.RosterQuery(format=FileFormat.XLSX, full=full))
                took = time.monotonic() - started
            print(f"export ({'full' if full else 'masked'}): {exported.rows} rows in {took:.1f} s; "
                  f"round trips {trips.total} {trips.by_operation}")

        person_id = people[-1].person_id
        from chalicelib.people import store as people_store

        people_store.forget_data_keys()
        kms_calls.clear()
        for label, call in (("file read", lambda: service.get_file(hr, person_id)),
                            ("first reveal (cold key)", lambda: service.reveal(
                                hr, person_id, RevealRequest(field=SensitiveField.ID_NUMBER))),
                            ("second reveal (cached key)", lambda: service.reveal(
                                hr, person_id, RevealRequest(field=SensitiveField.BANK_ACCOUNT)))):
            before = len(kms_calls)
            with round_trips() as trips:
                call()
            print(f"{label}: round trips {trips.total} {trips.by_operation}; KMS calls {len(kms_calls) - before}")

        _list_pages(hr)
        _headcount(hr, people)


def _list_pages(hr: Any) -> None:
    """Round trips of a roster list page (the people list the web app pages through) and of HR's inbox page."""
    from chalicelib.org import service as org
    from chalicelib.org.schemas import PeopleQuery
    from chalicelib.people import service
    from chalicelib.people.schemas import InboxQuery

    cursor = None
    for label in ("first", "second", "third"):
        with round_trips() as trips:
            page = org.list_people(hr, PeopleQuery(limit=50, cursor=cursor))
        cursor = page.next_cursor
        print(f"people list page ({label}, 50 rows): round trips {trips.total} {trips.by_operation}")
    with round_trips() as trips:
        service.inbox(hr, InboxQuery(limit=50))
    print(f"change-request inbox page: round trips {trips.total} {trips.by_operation}")


def _size(item: Any) -> int:
    """An item's size as DynamoDB counts it, near enough: attribute names plus their serialized values."""
    import json

    return sum(len(name) + len(json.dumps(value, ensure_ascii=False).encode()) for name, value in
               item.serialize().items())


def _headcount(hr: Any, people: list[Any]) -> None:
    """Everyone hired a year ago (assignment periods written directly), then one headcount over 12 months."""
    from datetime import timedelta

    from chalicelib.core import clock
    from chalicelib.core.db import Changes, Item, tenant_key
    from chalicelib.employment import service as employment
    from chalicelib.employment import store as employment_store
    from chalicelib.employment.schemas import EventType, HeadcountQuery, Period

    start = clock.today() - timedelta(days=365)
    batch = Changes()
    for person in people:
        employment_store.add_period(batch, hr.tenant_id, Period(
            person_id=person.person_id, start=start, unit_id=person.unit_id, event_id=f"bench-{person.person_id}",
            event_type=EventType.HIRE))
        if len(batch) >= 99:
            batch.commit()
            batch = Changes()
    batch.commit()
    query = HeadcountQuery.model_validate({"from": start.isoformat(), "to": clock.today().isoformat()})
    with round_trips() as trips:
        started = time.monotonic()
        result = employment.headcount(hr, query)
        took = time.monotonic() - started
    print(f"headcount, 12 months, {len(people)} people: {took:.1f} s; round trips {trips.total} "
          f"{trips.by_operation}; age bands {dict(sorted(result.age_bands.items()))}; "
          f"units named {len(result.unit_names)}")
    pk = tenant_key(hr.tenant_id)
    births = sum(_size(i) for i in Item.query(pk, Item.SK.startswith("PBIRTH#")))
    files = sum(_size(i) for i in Item.query(pk, Item.SK.startswith("PFILE#")))
    print(f"age input read: birth-month items {births / 1024:.0f} KB (~{births / 4096 / 2:.0f} RRU eventually "
          f"consistent) vs the files themselves {files / 1024:.0f} KB (~{files / 4096 / 2:.0f} RRU)")


if __name__ == "__main__":
    main()
