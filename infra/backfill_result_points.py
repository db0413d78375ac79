"""Move the per-step points out of results written before 2026-12-08. Run once after deploying.

    AWS_PROFILE=... LUODI_TABLE=... python -m infra.backfill_result_points [--tenant TENANT_ID]

A result held every measure's value per step of the period (``measures[].points``: up to 31 days or 12
months), so its size grew with the steps (215 KB at 30 indicators × 12 measures × 31 days). Since
2026-12-08 the points live in one steps item per person and indicator (``S#<person>#<indicator>``, in the
unit slice) and the result keeps each measure's period value. Until this runs, reads accept both shapes
(an indicator without a steps item shows the points its result still holds) and the next actual entered
for a person moves that person's points out. It also turns previous-period references that list every
step (``values``) into their sum, count and last value. Each result is saved version-checked (someone
writing the same result at that moment gets a 409 and retries); safe to repeat: a second run writes
nothing.
"""

from __future__ import annotations

import argparse

from chalicelib.reviews.service import move_points_out
from chalicelib.tenancy.store import list_tenant_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", help="only this tenant")
    args = parser.parse_args()
    for tenant_id in [args.tenant] if args.tenant else list_tenant_ids():
        print(f"{tenant_id}: {move_points_out(tenant_id)} results and references rewritten")


if __name__ == "__main__":
    main()
