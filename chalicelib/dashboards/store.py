"""The dashboards' own reads: what a page shows beside its lists, gathered in one BatchGetItem.

Every item read here lives in the tenant's main partition ``T#<t>`` under its own domain's key
(``UNIT#<id>``, ``PERSON#<id>``, ``ISET#<id>``, built by that domain's key functions), so one
BatchGetItem (100 keys a call) fetches units, people and set documents together instead of one
read per kind — or a Query of every unit of the tenant for a handful of names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from chalicelib.core.db import Item, load_all
from chalicelib.indicators.schemas import IndicatorSet
from chalicelib.indicators.store import IndicatorSetItem, set_key
from chalicelib.org.schemas import Person, Unit
from chalicelib.org.store import PersonItem, UnitItem, person_key, unit_key


@dataclass
class Shown:
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    sets: list[IndicatorSet] = field(default_factory=list)


def shown(
    tenant_id: str, unit_ids: Iterable[str] = (), person_ids: Iterable[str] = (), set_ids: Iterable[str] = ()
) -> Shown:
    """The units, people and set documents among these ids that exist: one BatchGetItem per 100 keys."""
    keys = (
        [unit_key(tenant_id, u) for u in dict.fromkeys(unit_ids) if u]
        + [person_key(tenant_id, p) for p in dict.fromkeys(person_ids) if p]
        + [set_key(tenant_id, s) for s in dict.fromkeys(set_ids) if s]
    )
    items = list(Item.batch_get(keys)) if keys else []
    units = load_all(Unit, (i for i in items if isinstance(i, UnitItem)))
    people = load_all(Person, (i for i in items if isinstance(i, PersonItem)))
    sets = load_all(IndicatorSet, (i for i in items if isinstance(i, IndicatorSetItem)))
    order = {s: n for n, s in enumerate(dict.fromkeys(set_ids))}
    return Shown(
        {u.unit_id: u for u in units},
        {p.person_id: p for p in people},
        sorted(sets, key=lambda s: order.get(s.set_id, 0)),
    )
