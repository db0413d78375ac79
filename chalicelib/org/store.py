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
from typing import Any

from chalicelib.core.db import Changes, Item, find, get, query, query_page, tenant_key
from chalicelib.core.members import unit_head_pk
from chalicelib.core.paging import Page, PageRequest
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
    data = unit.model_dump(mode="json", exclude={"version"})
    item = UnitItem(*unit_key(tenant_id, unit.unit_id), GSI1PK=tree_pk(tenant_id), GSI1SK=tree_prefix(unit.path),
                    data=data)
    if unit.head_person_id:
        item.GSI2PK = unit_head_pk(tenant_id, unit.head_person_id)
        item.GSI2SK = f"UNIT#{unit.unit_id}"
    item.at_version(unit.version)
    return item


def position_item(tenant_id: str, position: Position, unit_path: list[str]) -> PositionItem:
    data = position.model_dump(mode="json", exclude={"version"})
    item = PositionItem(*position_key(tenant_id, position.position_id), GSI1PK=tree_pk(tenant_id),
                        GSI1SK=f"{tree_prefix(unit_path)}#J#{position.position_id}", data=data)
    item.at_version(position.version)
    return item


def person_item(tenant_id: str, person: Person, unit_path: list[str]) -> PersonItem:
    data = person.model_dump(mode="json", exclude={"version"})
    item = PersonItem(*person_key(tenant_id, person.person_id), GSI1PK=tree_pk(tenant_id),
                      GSI1SK=f"{tree_prefix(unit_path)}#P#{person.person_id}", data=data)
    if person.manager_id:
        item.GSI2PK = reports_pk(tenant_id, person.manager_id)
        item.GSI2SK = f"PERSON#{person.person_id}"
    item.at_version(person.version)
    return item


def add_unit(changes: Changes, tenant_id: str, unit: Unit, *, new: bool) -> None:
    (changes.create if new else changes.save)(unit_item(tenant_id, unit))


def add_position(changes: Changes, tenant_id: str, position: Position, unit_path: list[str], *, new: bool) -> None:
    (changes.create if new else changes.save)(position_item(tenant_id, position, unit_path))


def add_person(changes: Changes, tenant_id: str, person: Person, unit_path: list[str], *, new: bool) -> None:
    (changes.create if new else changes.save)(person_item(tenant_id, person, unit_path))


# ---- reads ------------------------------------------------------------------------------

def get_unit(tenant_id: str, unit_id: str) -> Unit:
    return Unit.model_validate(get(UnitItem, *unit_key(tenant_id, unit_id)).payload())


def find_unit(tenant_id: str, unit_id: str) -> Unit | None:
    item = find(UnitItem, *unit_key(tenant_id, unit_id))
    return Unit.model_validate(item.payload()) if item else None


def list_units(tenant_id: str) -> list[Unit]:
    pk, _ = unit_key(tenant_id, "")
    return [Unit.model_validate(i.payload()) for i in query(UnitItem, pk, "UNIT#")]


def units_page(tenant_id: str, page: PageRequest) -> Page[Unit]:
    pk, _ = unit_key(tenant_id, "")
    return query_page(UnitItem, pk, "UNIT#", page=page, convert=lambda i: Unit.model_validate(i.payload()))


def get_position(tenant_id: str, position_id: str) -> Position:
    return Position.model_validate(get(PositionItem, *position_key(tenant_id, position_id)).payload())


def find_position(tenant_id: str, position_id: str) -> Position | None:
    item = find(PositionItem, *position_key(tenant_id, position_id))
    return Position.model_validate(item.payload()) if item else None


def list_positions(tenant_id: str) -> list[Position]:
    pk, _ = position_key(tenant_id, "")
    return [Position.model_validate(i.payload()) for i in query(PositionItem, pk, "POSITION#")]


def positions_page(tenant_id: str, page: PageRequest) -> Page[Position]:
    pk, _ = position_key(tenant_id, "")
    return query_page(PositionItem, pk, "POSITION#", page=page,
                      convert=lambda i: Position.model_validate(i.payload()))


def get_person(tenant_id: str, person_id: str) -> Person:
    return Person.model_validate(get(PersonItem, *person_key(tenant_id, person_id)).payload())


def find_person(tenant_id: str, person_id: str) -> Person | None:
    item = find(PersonItem, *person_key(tenant_id, person_id))
    return Person.model_validate(item.payload()) if item else None


def people_by_id(tenant_id: str, person_ids: Iterable[str]) -> dict[str, Person]:
    """The people among ``person_ids`` that exist: BatchGetItem, 100 keys a call."""
    keys = [person_key(tenant_id, p) for p in dict.fromkeys(person_ids)]
    items = PersonItem.batch_get(keys) if keys else []
    people = [Person.model_validate(i.payload()) for i in items if isinstance(i, PersonItem)]
    return {p.person_id: p for p in people}


def units_by_id(tenant_id: str, unit_ids: Iterable[str]) -> dict[str, Unit]:
    """The units among ``unit_ids`` that exist: BatchGetItem, 100 keys a call."""
    keys = [unit_key(tenant_id, u) for u in dict.fromkeys(unit_ids)]
    items = UnitItem.batch_get(keys) if keys else []
    units = [Unit.model_validate(i.payload()) for i in items if isinstance(i, UnitItem)]
    return {u.unit_id: u for u in units}


def list_people(tenant_id: str) -> list[Person]:
    pk, _ = person_key(tenant_id, "")
    return [Person.model_validate(i.payload()) for i in query(PersonItem, pk, "PERSON#")]


def people_page(tenant_id: str, page: PageRequest) -> Page[Person]:
    pk, _ = person_key(tenant_id, "")
    return query_page(PersonItem, pk, "PERSON#", page=page, convert=lambda i: Person.model_validate(i.payload()))


def direct_reports(tenant_id: str, manager_id: str) -> list[Person]:
    return [Person.model_validate(i.payload()) for i in query(PersonItem, reports_pk(tenant_id, manager_id),
                                                               index="GSI2")]


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
        payload: dict[str, Any] = item.payload()
        if isinstance(item, UnitItem):
            units.append(Unit.model_validate(payload))
        elif isinstance(item, PositionItem):
            positions.append(Position.model_validate(payload))
        elif isinstance(item, PersonItem):
            people.append(Person.model_validate(payload))
    return units, positions, people


TreeEntry = tuple[str, Unit | Position | Person]  # (tree sort key, the unit, position or person there)


def subtree_page(tenant_id: str, path: list[str], page: PageRequest) -> Page[TreeEntry]:
    """One page of a unit's subtree in tree order (GSI1), each entry with its tree sort key."""
    return query_page(Item, tree_pk(tenant_id), tree_prefix(path), page=page, index="GSI1", convert=_tree_entry)


def _tree_entry(item: Item) -> TreeEntry | None:
    payload: dict[str, Any] = item.payload()
    sk = item.GSI1SK or ""
    if isinstance(item, UnitItem):
        return sk, Unit.model_validate(payload)
    if isinstance(item, PositionItem):
        return sk, Position.model_validate(payload)
    if isinstance(item, PersonItem):
        return sk, Person.model_validate(payload)
    return None


def tree_sk_unit_path(sk: str) -> str:
    """The unit path a tree sort key belongs to: ``/<root>/<unit>/`` for the unit and its positions and people."""
    return sk.split("#", 1)[0]


def people_in_unit(tenant_id: str, unit_path: list[str]) -> list[Person]:
    """People whose unit is exactly this one (not its descendants): one GSI1 query."""
    prefix = f"{tree_prefix(unit_path)}#P#"
    return [Person.model_validate(i.payload()) for i in query(PersonItem, tree_pk(tenant_id), prefix, index="GSI1")]
