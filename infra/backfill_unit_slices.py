"""Give results, reviews and acknowledgements written before 2026-12-06 their unit-slice keys. Run once
after deploying.

    AWS_PROFILE=... LUODI_TABLE=... python -m infra.backfill_unit_slices [--tenant TENANT_ID]

A department head's page and a manager's results page read their unit's slice of a cycle with one
GSI2 Query (``T#<t>#CYCLEUNIT#<cycle>`` / ``<unit path>#P#<person>#…``); items written before those
keys existed are missing from the slice until this runs. It sets the two GSI2 attributes only (no
version change, so nobody editing a review meanwhile gets a conflict). Safe to repeat.
"""

from __future__ import annotations

import argparse

from chalicelib.reviews.service import index_unit_slices
from chalicelib.tenancy.store import list_tenant_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", help="only this tenant")
    args = parser.parse_args()
    for tenant_id in [args.tenant] if args.tenant else list_tenant_ids():
        print(f"{tenant_id}: {index_unit_slices(tenant_id)} items given their unit-slice keys")


if __name__ == "__main__":
    main()
