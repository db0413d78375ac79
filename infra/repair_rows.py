"""Repair rows that a read can no longer load (an operator's tool; never on a request path).

Before updates were validated (2026-12), an explicit ``null`` in a PATCH could be stored in a
required field; the API now skips such rows in lists and answers 500 for the row itself. This
finds them and puts back, field by field, the last value the audit log shows for that field
that makes the row valid again. Rows it cannot mend are listed for a person to look at.

    AWS_PROFILE=... LUODI_TABLE=... python -m infra.repair_rows            # report only
    python -m infra.repair_rows --apply [--tenant TENANT_ID]                # write the repairs

It scans the table (a maintenance job may; request paths never do) and writes each repair and its
audit record in one transaction, conditioned on the row's version, so a concurrent edit wins.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from chalicelib.collab.schemas import Task
from chalicelib.collab.store import TaskItem
from chalicelib.core import audit
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes, Item
from chalicelib.goals.schemas import Goal
from chalicelib.goals.store import GoalItem
from chalicelib.indicators.schemas import Template
from chalicelib.indicators.store import TemplateItem
from chalicelib.org.schemas import Person, Position, Unit
from chalicelib.org.store import PersonItem, PositionItem, UnitItem
from chalicelib.raci.schemas import RaciEntry
from chalicelib.raci.store import RaciItem
from chalicelib.reviews.schemas import Cycle
from chalicelib.reviews.store import CycleItem


@dataclass(frozen=True)
class Kind:
    item: type[Item]
    model: type[BaseModel]
    audit_kind: str
    id_field: str


# The entities a PATCH could damage, with the name their audit records use.
KINDS = [
    Kind(UnitItem, Unit, "unit", "unit_id"),
    Kind(PositionItem, Position, "position", "position_id"),
    Kind(PersonItem, Person, "person", "person_id"),
    Kind(GoalItem, Goal, "goal", "goal_id"),
    Kind(RaciItem, RaciEntry, "raci", "entry_id"),
    Kind(TaskItem, Task, "task", "task_id"),
    Kind(TemplateItem, Template, "indicator_template", "code"),
    Kind(CycleItem, Cycle, "review_cycle", "cycle_id"),
]


@dataclass
class Finding:
    pk: str
    sk: str
    entity: str
    fields: list[str]
    restored: dict[str, Any] = field(default_factory=dict)

    @property
    def mended(self) -> bool:
        return bool(self.restored)


def tenant_of(pk: str) -> str:
    return pk.split("#")[1]


def damaged_rows(tenant_id: str | None = None) -> Iterator[tuple[Item, Kind, list[str]]]:
    """Rows of a known kind that no longer validate, with the top-level fields at fault."""
    by_class = {k.item: k for k in KINDS}
    for item in Item.scan():
        kind = by_class.get(type(item))
        if kind is None or (tenant_id and tenant_of(item.PK) != tenant_id):
            continue
        try:
            kind.model.model_validate(item.payload())
        except ValidationError as exc:
            yield item, kind, sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})


def mend(item: Item, kind: Kind, fields: list[str]) -> dict[str, Any]:
    """The field values from the audit trail (newest first) that make the row valid, or {}."""
    payload = item.payload()
    entries = audit.entries(tenant_of(item.PK), kind.audit_kind, str(payload.get(kind.id_field, "")), limit=500)
    candidates = [snapshot for entry in entries for snapshot in (entry.get("after"), entry.get("before")) if snapshot]
    restored: dict[str, Any] = {}
    for name in fields:
        for snapshot in candidates:
            value = snapshot.get(name)
            if value is not None and _valid(kind, {**payload, **restored, name: value}, name):
                restored[name] = value
                break
    return restored if _valid(kind, {**payload, **restored}) else {}


def _valid(kind: Kind, payload: dict[str, Any], only: str | None = None) -> bool:
    try:
        kind.model.model_validate(payload)
    except ValidationError as exc:
        return only is not None and all(e["loc"][:1] != (only,) for e in exc.errors())
    return True


def run(*, apply: bool, tenant_id: str | None = None) -> list[Finding]:
    findings = []
    for item, kind, fields in damaged_rows(tenant_id):
        found = Finding(item.PK, item.SK, kind.model.__name__, fields, mend(item, kind, fields))
        findings.append(found)
        if apply and found.mended:
            _write(item, kind, found)
    return findings


def _write(item: Item, kind: Kind, found: Finding) -> None:
    """The mended row and its audit record in one transaction, conditioned on the version read."""
    before = item.payload()
    data = dict(item.data.as_dict() if hasattr(item.data, "as_dict") else item.data)
    item.data = {**data, **found.restored}
    operator = RequestContext(tenant_id=tenant_of(item.PK), user_id="operator")
    changes = Changes().save(item)
    audit.record(changes, operator, "repair", kind.audit_kind, str(before.get(kind.id_field, "")),
                 {k: before.get(k) for k in found.restored}, found.restored)
    changes.commit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apply", action="store_true", help="write the repairs (default: report only)")
    parser.add_argument("--tenant", help="only this tenant")
    args = parser.parse_args(argv)
    findings = run(apply=args.apply, tenant_id=args.tenant)
    for f in findings:
        outcome = (("repaired" if args.apply else "can repair") + f" {sorted(f.restored)}") if f.mended \
            else "needs a person: no valid value in the audit log"
        print(f"{f.entity} {f.pk} {f.sk}: bad {f.fields}: {outcome}")
    print(f"{len(findings)} damaged rows, {sum(f.mended for f in findings)} mendable")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
