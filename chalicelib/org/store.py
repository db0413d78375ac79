"""Org storage: units, positions and people in the single table.

Access patterns (see docs/data-model.md):

* a unit / position / person by id: GetItem ``T#<t>`` / ``UNIT#<id>`` (``POSITION#``, ``PERSON#``)
* all units / positions / people of a tenant: Query ``T#<t>`` begins_with ``UNIT#`` (...)
* a unit's subtree with its positions and people: one Query on GSI1 ``T#<t>#TREE``
  begins_with the unit's path ``/<root>/<...>/<unit>/``. Units sort as ``<path>``, positions as
  ``<unit path>#J#<id>``, people as ``<unit path>#P#<id>`` so one prefix catches all three.
* units a person heads: GSI2 ``T#<t>#HEAD#<person>`` (read by the authorizer);
  a manager's direct reports: GSI2 ``T#<t>#REPORTS#<manager>``.
"""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.core.db import Changes, Item, find, get, load, load_all, query, query_page, stored, tenant_key, try_load
from chalicelib.core.members import unit_head_pk
from chalicelib.core.paging import Page, PageRequest
from chalicelib.indicators import rollup
from chalicelib.org.schemas import Person, Position, Unit


class UnitItem(Item, discriminator="unit"):
    pass


class PositionItem(Item, discriminator="position"):
    pass


class PersonItem(Item, discriminator="person"):
    pass


# ---- keys -------------------------------------------------------------------------------


def unit_key(tenant_id: str, unit_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"UNIT#{unit_id}"


def position_key(tenant_id: str, position_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"POSITION#{position_id}"


def person_key(tenant_id: str, person_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PERSON#{person_id}"


def tree_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "TREE")


def tree_prefix(path: list[str]) -> str:
    return "/" + "/".join(path) + "/"


def reports_pk(tenant_id: str, manager_id: str) -> str:
    return tenant_key(tenant_id, "REPORTS", manager_id)


def unique_key(tenant_id: str, scope: str, value: str) -> tuple[str, str]:
    """Guard item reserving a value (unit code, position code, employee number, email)."""
    return tenant_key(tenant_id), f"UNIQUE#{scope}#{value.lower()}"


# ---- items from domain objects ----------------------------------------------------------


def unit_item(tenant_id: str, unit: Unit) -> UnitItem:
    data = stored(unit)
    item = UnitItem(
        *unit_key(tenant_id, unit.unit_id), GSI1PK=tree_pk(tenant_id), GSI1SK=tree_prefix(unit.path), data=data
    )
    if unit.head_person_id:
        item.GSI2PK = unit_head_pk(tenant_id, unit.head_person_id)
        item.GSI2SK = f"UNIT#{unit.unit_id}"
    item.at_version(unit.version)
    return item


def position_item(tenant_id: str, position: Position, unit_path: list[str]) -> PositionItem:
    data = stored(position)
    item = PositionItem(
        *position_key(tenant_id, position.position_id),
        GSI1PK=tree_pk(tenant_id),
        GSI1SK=f"{tree_prefix(unit_path)}#J#{position.position_id}",
        data=data,
    )
    item.at_version(position.version)
    return item


def person_item(tenant_id: str, person: Person, unit_path: list[str]) -> PersonItem:
    data = stored(person)
    item = PersonItem(
        *person_key(tenant_id, person.person_id),
        GSI1PK=tree_pk(tenant_id),
        GSI1SK=f"{tree_prefix(unit_path)}#P#{person.person_id}",
        data=data,
    )
    if person.manager_id:
        item.GSI2PK = reports_pk(tenant_id, person.manager_id)
        item.GSI2SK = f"PERSON#{person.person_id}"
    item.at_version(person.version)
    return item


def add_unit(changes: Changes, tenant_id: str, unit: Unit, *, new: bool) -> None:
    """Stage the unit and its labels in the rollout read model (indicators.rollup)."""
    (changes.create if new else changes.save)(unit_item(tenant_id, unit))
    rollup.stage_unit(changes, tenant_id, unit)


def add_position(changes: Changes, tenant_id: str, position: Position, unit_path: list[str], *, new: bool) -> None:
    (changes.create if new else changes.save)(position_item(tenant_id, position, unit_path))


def add_person(
    changes: Changes, tenant_id: str, person: Person, unit_path: list[str], *, before: Person | None
) -> None:
    """Stage a new (``before`` None) or changed person, and the rollout read model's headcount and counters
    that follow them (indicators.rollup)."""
    (changes.save if before is not None else changes.create)(person_item(tenant_id, person, unit_path))
    rollup.stage_person(changes, tenant_id, before, person)


# ---- reads ------------------------------------------------------------------------------


def get_unit(tenant_id: str, unit_id: str) -> Unit:
    return load(Unit, get(UnitItem, *unit_key(tenant_id, unit_id)))


def find_unit(tenant_id: str, unit_id: str) -> Unit | None:
    item = find(UnitItem, *unit_key(tenant_id, unit_id))
    return load(Unit, item) if item else None


def list_units(tenant_id: str) -> list[Unit]:
    pk, _ = unit_key(tenant_id, "")
    return load_all(Unit, query(UnitItem, pk, "UNIT#"))


def units_page(tenant_id: str, page: PageRequest) -> Page[Unit]:
    pk, _ = unit_key(tenant_id, "")
    return query_page(UnitItem, pk, "UNIT#", page=page, convert=lambda i: try_load(Unit, i))


def get_position(tenant_id: str, position_id: str) -> Position:
    return load(Position, get(PositionItem, *position_key(tenant_id, position_id)))


def find_position(tenant_id: str, position_id: str) -> Position | None:
    item = find(PositionItem, *position_key(tenant_id, position_id))
    return load(Position, item) if item else None


def list_positions(tenant_id: str) -> list[Position]:
    pk, _ = position_key(tenant_id, "")
    return load_all(Position, query(PositionItem, pk, "POSITION#"))


def positions_page(tenant_id: str, page: PageRequest) -> Page[Position]:
    pk, _ = position_key(tenant_id, "")
    return query_page(PositionItem, pk, "POSITION#", page=page, convert=lambda i: try_load(Position, i))


def get_person(tenant_id: str, person_id: str) -> Person:
    return load(Person, get(PersonItem, *person_key(tenant_id, person_id)))


def find_person(tenant_id: str, person_id: str) -> Person | None:
    item = find(PersonItem, *person_key(tenant_id, person_id))
    return load(Person, item) if item else None


def people_by_id(tenant_id: str, person_ids: Iterable[str]) -> dict[str, Person]:
    """The people among ``person_ids`` that exist: BatchGetItem, 100 keys a call."""
    keys = [person_key(tenant_id, p) for p in dict.fromkeys(person_ids)]
    items = PersonItem.batch_get(keys) if keys else []
    people = load_all(Person, (i for i in items if isinstance(i, PersonItem)))
    return {p.person_id: p for p in people}


def units_by_id(tenant_id: str, unit_ids: Iterable[str]) -> dict[str, Unit]:
    """The units among ``unit_ids`` that exist: BatchGetItem, 100 keys a call."""
    keys = [unit_key(tenant_id, u) for u in dict.fromkeys(unit_ids)]
    items = UnitItem.batch_get(keys) if keys else []
    units = load_all(Unit, (i for i in items if isinstance(i, UnitItem)))
    return {u.unit_id: u for u in units}


def list_people(tenant_id: str) -> list[Person]:
    pk, _ = person_key(tenant_id, "")
    return load_all(Person, query(PersonItem, pk, "PERSON#"))


def people_page(tenant_id: str, page: PageRequest) -> Page[Person]:
    pk, _ = person_key(tenant_id, "")
    return query_page(PersonItem, pk, "PERSON#", page=page, convert=lambda i: try_load(Person, i))


def direct_reports(tenant_id: str, manager_id: str) -> list[Person]:
    return load_all(Person, query(PersonItem, reports_pk(tenant_id, manager_id), index="GSI2"))


def subtree(tenant_id: str, path: list[str]) -> tuple[list[Unit], list[Position], list[Person]]:
    """Everything under a unit (itself included) in one GSI1 query."""
    return _tree(tenant_id, tree_prefix(path))


def whole_tree(tenant_id: str) -> tuple[list[Unit], list[Position], list[Person]]:
    """Every unit, position and person of the tenant in one GSI1 query."""
    return _tree(tenant_id, "/")


def _tree(tenant_id: str, prefix: str) -> tuple[list[Unit], list[Position], list[Person]]:
    units: list[Unit] = []
    positions: list[Position] = []
    people: list[Person] = []
    for item in query(Item, tree_pk(tenant_id), prefix, index="GSI1"):
        if isinstance(item, UnitItem):
            units.extend(load_all(Unit, [item]))
        elif isinstance(item, PositionItem):
            positions.extend(load_all(Position, [item]))
        elif isinstance(item, PersonItem):
            people.extend(load_all(Person, [item]))
    return units, positions, people


TreeEntry = tuple[str, Unit | Position | Person]  # (tree sort key, the unit, position or person there)


def subtree_page(tenant_id: str, path: list[str], page: PageRequest) -> Page[TreeEntry]:
    """One page of a unit's subtree in tree order (GSI1), each entry with its tree sort key."""
    return query_page(Item, tree_pk(tenant_id), tree_prefix(path), page=page, index="GSI1", convert=_tree_entry)


def _tree_entry(item: Item) -> TreeEntry | None:
    """The subtree entry of a unit, position or person row (None for other rows and damaged ones)."""
    sk = item.GSI1SK or ""
    entity: Unit | Position | Person | None = None
    if isinstance(item, UnitItem):
        entity = try_load(Unit, item)
    elif isinstance(item, PositionItem):
        entity = try_load(Position, item)
    elif isinstance(item, PersonItem):
        entity = try_load(Person, item)
    return (sk, entity) if entity is not None else None


def tree_sk_unit_path(sk: str) -> str:
    """The unit path a tree sort key belongs to: ``/<root>/<unit>/`` for the unit and its positions and people."""
    return sk.split("#", 1)[0]


def people_in_unit(tenant_id: str, unit_path: list[str]) -> list[Person]:
    """People whose unit is exactly this one (not its descendants): one GSI1 query."""
    prefix = f"{tree_prefix(unit_path)}#P#"
    return load_all(Person, query(PersonItem, tree_pk(tenant_id), prefix, index="GSI1"))
