"""Give cycles locked before 2026-12-07 their dashboard read models. Run once after deploying.

    AWS_PROFILE=... LUODI_TABLE=... python -m infra.backfill_cycle_summaries [--tenant TENANT_ID]

For every cycle of every tenant (or one): rewrites its trend item with the cycle inside it (the
director reads the period's cycle there), recomputes each unit's summary from the cycle's results,
reviews and acknowledgements and stores it as absolute values, and writes each participant's
previous-period reference beside their result (the unit page's forecast). Until it runs, such a cycle
is read the old way (its results and reviews, the previous period's partitions): right, but not flat.
Safe to repeat. A summary is written outside the transaction of the writes it counts, so a write that
lands during the run may be lost: run it when nobody is entering actuals, or run it again.
"""

from __future__ import annotations

import argparse

from chalicelib.reviews.service import rebuild_summaries
from chalicelib.tenancy.store import list_tenant_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", help="only this tenant")
    args = parser.parse_args()
    for tenant_id in [args.tenant] if args.tenant else list_tenant_ids():
        print(f"{tenant_id}: {rebuild_summaries(tenant_id)} trend items, summaries and references written")


if __name__ == "__main__":
    main()
