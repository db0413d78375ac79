"""Give existing tenants the rollout counters (2026-12-08), or repair them. Run once after deploying.

    AWS_PROFILE=... LUODI_TABLE=... python -m infra.backfill_rollup [--tenant TENANT_ID]

For every tenant (or one): writes each unit's labels and headcount, each person's stage per set of
every period that has sets, each unit's counters per period, the period's problem sets, and the people each
cycle past goal setting leaves out (their status items name the cycle; per unit counters, 2026-12-08), as absolute
values recomputed from the units, people, set summaries and file entries (``indicators.service.rebuild_rollup``);
counters and problem entries the sources no longer support are zeroed or dropped. Safe to repeat: a
second run writes the same values. Until it runs, the rollout and the director's departments of an
existing tenant show no people. Counters are written outside the transactions of the writes they count,
so a write that lands during the run may be miscounted: run it when nobody is editing, or run it again.
"""

from __future__ import annotations

import argparse

from chalicelib.indicators.service import rebuild_rollup
from chalicelib.tenancy.store import list_tenant_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", help="only this tenant")
    args = parser.parse_args()
    for tenant_id in [args.tenant] if args.tenant else list_tenant_ids():
        print(f"{tenant_id}: {rebuild_rollup(tenant_id)} rollout items written")


if __name__ == "__main__":
    main()
