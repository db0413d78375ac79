"""The person's file at roster scale: import and export of a 2,000-row xlsx roster, and the DynamoDB
round trips of one file read and one reveal.

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


if __name__ == "__main__":
    main()
