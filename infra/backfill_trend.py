"""Write the trend item of every cycle that predates them (2026-12-06). Run once after deploying.

    AWS_PROFILE=... LUODI_TABLE=... python -m infra.backfill_trend [--tenant TENANT_ID]

The director's trend reads one item per cycle (``T#<t>#TREND``); cycles written before that item
existed are missing from the trend until this runs. Safe to repeat: each item is rewritten from the
cycle and, for a closed cycle, its results.
"""

from __future__ import annotations

import argparse

from chalicelib.reviews.service import rebuild_trend
from chalicelib.tenancy.store import list_tenant_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", help="only this tenant")
    args = parser.parse_args()
    for tenant_id in [args.tenant] if args.tenant else list_tenant_ids():
        print(f"{tenant_id}: {rebuild_trend(tenant_id)} trend items written")


if __name__ == "__main__":
    main()
