"""One month's payroll run at company scale: time, round trips and write units per person, a Lambda
duration estimate, and a retry halfway that recomputes nobody.

    .venv/bin/python bench/payroll_run.py [--people 2000]

In-process: moto (`mock_aws`) for DynamoDB, the services called directly (no HTTP, no authorizer).
Attendance comes from a stand-in of the attendance domain's ``month_summaries`` (its own reads are
not counted here). Timings are wall-clock on a shared machine and moto is far slower than
DynamoDB, so they bound our own work from above; round trips and item sizes are exact. The pure
computation is timed on its own (no I/O) for the Lambda estimate. Prints figures; never passes or fails.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._support import round_trips  # noqa: E402 - the hook must exist before any client
from tests.support import env  # noqa: E402

env.configure()
env.fast_moto_transactions()

# What one DynamoDB call costs from a Lambda in the same region (typical p50s; an assumption, stated):
LATENCY_S = {
    "Query": 0.010,
    "GetItem": 0.005,
    "BatchGetItem": 0.010,
    "BatchWriteItem": 0.025,
    "TransactWriteItems": 0.020,
    "PutItem": 0.008,
}
LAMBDA_LIMIT_S = 15 * 60
API_GATEWAY_LIMIT_S = 29


@dataclass
class Summary:
    person_id: str
    month: str
    late_count: int = 1
    absent_days: Decimal = Decimal("0")
    leave_days: dict[str, Decimal] = field(default_factory=lambda: {"personal": Decimal("0.5")})
    overtime_hours: dict[str, Decimal] = field(default_factory=lambda: {"workday": Decimal("4")})
    locked: bool = True


def attendance(tenant_id: str, month: str, person_ids: list[str]) -> dict[str, Summary]:
    return {p: Summary(p, month) for p in person_ids}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    count = parser.parse_args().people

    from moto import mock_aws

    with mock_aws():
        from bench._company import company
        from chalicelib.core.context import RequestContext, Role
        from chalicelib.org import store as org_store
        from chalicelib.payroll import inputs, runs, service, store
        from chalicelib.payroll.schemas import (
            ComputeInput,
            PayStructure,
            RuleSetInput,
            RunCreate,
            SettingsInput,
            StatusInput,
        )

        started = time.monotonic()
        built = company()
        built.department("STAFF", "综合部", count - 1, count)
        hr = built.hr
        payroll = RequestContext(
            tenant_id=hr.tenant_id, user_id="u-payroll", person_id="", roles=frozenset({Role.PAYROLL})
        )
        approver = RequestContext(tenant_id=hr.tenant_id, user_id="u-exec", roles=frozenset({Role.EXECUTIVE}))
        people = org_store.list_people(hr.tenant_id)
        service.put_settings(
            payroll, SettingsInput(rating_coefficients={"A": Decimal("1.2")}, late_deduction_each=Decimal("50"))
        )
        service.add_rule_set(
            payroll,
            RuleSetInput.model_validate(
                {
                    "city": "示例市",
                    "valid_from": "2026-01-01",
                    "source": "bench figures (not an official notice)",
                    "funds": [
                        {"fund": f, "employee_rate": e, "employer_rate": r, "base_floor": 5000, "base_ceiling": 30000}
                        for f, e, r in (
                            ("pension", "0.08", "0.16"),
                            ("medical", "0.02", "0.10"),
                            ("unemployment", "0.005", "0.005"),
                            ("housing_fund", "0.12", "0.12"),
                        )
                    ],
                }
            ),
        )
        with store.StructureItem.batch_write() as batch:
            for n, person in enumerate(people):
                structure = PayStructure(
                    person_id=person.person_id,
                    base_wage=Decimal(8000 + n % 20 * 500),
                    performance_target=Decimal("2000"),
                    contribution_base=Decimal(9000),
                    city="示例市",
                    effective_from="2026-01-01",
                )  # type: ignore[arg-type]
                item = store.StructureItem(
                    *store.structure_key(hr.tenant_id, person.person_id), data=store.stored(structure)
                )
                item.version = 1
                batch.save(item)
        print(f"company of {len(people)} people with pay structures built in {time.monotonic() - started:.1f} s")

        with inputs.use_attendance(attendance):
            # One call computing everyone
            run = runs.create_run(payroll, RunCreate(month="2026-01"))
            with round_trips() as trips:
                t0 = time.monotonic()
                result = runs.compute_run(payroll, run.run_id, ComputeInput(limit=2000))
                took = time.monotonic() - t0
            slips = store.payslips(hr.tenant_id, run.run_id)
            sizes = [len(json.dumps(store.stored(s), ensure_ascii=False).encode()) for s in slips[:50]]
            average = sum(sizes) / len(sizes)
            wcu = math.ceil((average + 200) / 1024)  # + keys, index keys and attribute names
            print(
                f"\nrun of {len(slips)} people: computed {result.computed} in {took:.1f} s in-process "
                f"({took / max(1, result.computed) * 1000:.1f} ms/person); round trips {trips.total} "
                f"{trips.by_operation} = {trips.total / max(1, result.computed):.3f} per person"
            )
            print(
                f"payslip item ≈ {average / 1024:.1f} KB → {wcu} WCU each (+ the same again per GSI1 copy): "
                f"{2 * wcu} write units per person, flat"
            )

            # The pure calculation alone (what Lambda's CPU does per person)
            from chalicelib.payroll.payslip import compute, year_to_date

            t0 = time.monotonic()
            rule_set = runs._rule_set_in(store.rule_sets(hr.tenant_id), "示例市", "2026-01")
            settings = runs._settings_in(service.get_settings(payroll))
            for structure in store.structures(hr.tenant_id)[:500]:
                compute(
                    "2026-01",
                    runs._structure_in(structure, True),
                    settings,
                    Summary(structure.person_id, "2026-01"),
                    None,
                    rule_set,
                    service.as_declaration(None),
                    year_to_date(None, 2026),
                )
            per_person_cpu = (time.monotonic() - t0) / 500
            latency = sum(LATENCY_S.get(op, 0.01) * n for op, n in trips.by_operation.items())
            estimate = per_person_cpu * result.computed + latency
            print(
                f"pure compute {per_person_cpu * 1000:.2f} ms/person; DynamoDB latency at typical p50s "
                f"{latency:.1f} s → Lambda ≈ {estimate:.0f} s for {result.computed} people "
                f"({estimate / LAMBDA_LIMIT_S:.1%} of 15 min; API Gateway's {API_GATEWAY_LIMIT_S} s "
                f"{'fits' if estimate < API_GATEWAY_LIMIT_S else 'does not fit: call compute with a limit'})"
            )

            reviewed = runs.change_status(payroll, run.run_id, StatusInput(status="reviewed", version=run.version))  # type: ignore[arg-type]
            with round_trips() as trips:
                approved = runs.change_status(
                    approver, run.run_id, StatusInput(status="approved", version=reviewed.version)
                )  # type: ignore[arg-type]
                runs.change_status(payroll, run.run_id, StatusInput(status="locked", version=approved.version))  # type: ignore[arg-type]
            print(f"approve + lock (the lock re-reads every payslip): round trips {trips.total} {trips.by_operation}")

            # A retry halfway: the first call dies after half the people; the retry recomputes nobody
            second = runs.create_run(payroll, RunCreate(month="2026-02"))
            half = runs.compute_run(payroll, second.run_id, ComputeInput(limit=len(people) // 2))
            with round_trips() as trips:
                t0 = time.monotonic()
                retry = runs.compute_run(payroll, second.run_id, ComputeInput(limit=2000))
                took = time.monotonic() - t0
            written = store.payslips(hr.tenant_id, second.run_id)
            print(
                f"\nretry halfway: first call {half.computed}, retry computed {retry.computed}, skipped "
                f"{retry.skipped}, remaining {retry.remaining}; payslips stored {len(written)} "
                f"(distinct people {len({s.person_id for s in written})}); retry {took:.1f} s, "
                f"round trips {trips.total} {trips.by_operation}"
            )


if __name__ == "__main__":
    main()
