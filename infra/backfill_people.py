"""Give person's files written before 2026-12-08 their lean items. Run once after deploying; safe to repeat.

    AWS_PROFILE=... LUODI_TABLE=... python -m infra.backfill_people [--tenant TENANT_ID]

Writes the birth-month item of every file with a birth date (the headcount's age bands read those, not the
sealed files; a file without one reads as "unknown" until this runs) and the erasure due date of every
departed person whose file is not erased yet (``chalicelib/people/backfill.py``).
"""

from __future__ import annotations

import argparse

from chalicelib.people.backfill import backfill
from chalicelib.tenancy.store import list_tenant_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", help="only this tenant")
    args = parser.parse_args()
    for tenant_id in [args.tenant] if args.tenant else list_tenant_ids():
        done = backfill(tenant_id)
        print(f"{tenant_id}: {done.birth_months} birth-month items, {done.erase_dates} erasure dates written")


if __name__ == "__main__":
    main()
