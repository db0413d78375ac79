"""What threads and tasks can be attached to, and who may see each such object.

One small resolver per object kind: ``resolver(tenant_id, object_id) -> Audience | None``
(``None``: no such object in this tenant). Adding a kind is one decorated function; kinds whose
domain is not deployed simply have no resolver and their objects are "not found".

Object ids of kinds that live inside another object are composite: an indicator is
``<set_id>.<indicator_id>``, a person's review in a cycle ``<cycle_id>.<person_id>``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chalicelib.core.context import HR_ADMIN, OVERSEERS, RequestContext, Role
from chalicelib.core.errors import NotFound
from chalicelib.core.messages import text
from chalicelib.org.schemas import Unit

if TYPE_CHECKING:
    from chalicelib.indicators.schemas import IndicatorSet


@dataclass(frozen=True)
class Audience:
    """Who may see an object: everyone in the tenant, or named people, the managers of some
    units (their subtrees) and holders of some roles."""

    everyone: bool = False
    person_ids: frozenset[str] = frozenset()
    user_ids: frozenset[str] = frozenset()
    units: tuple[Unit, ...] = ()
    roles: frozenset[Role] = field(default_factory=frozenset)

    def allows(self, ctx: RequestContext) -> bool:
        if self.everyone or ctx.has_any(self.roles) or ctx.user_id in self.user_ids:
            return True
        if ctx.person_id and ctx.person_id in self.person_ids:
            return True
        return any(m in unit.path for unit in self.units for m in ctx.managed_unit_ids)


Resolver = Callable[[str, str], Audience | None]
RESOLVERS: dict[str, Resolver] = {}


def resolver(kind: str) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        RESOLVERS[kind] = fn
        return fn

    return register


def audience(tenant_id: str, kind: str, object_id: str) -> Audience:
    """The object's audience; NotFound when the kind is unknown or the object does not exist."""
    fn = RESOLVERS.get(kind)
    found = fn(tenant_id, object_id) if fn and object_id else None
    if found is None:
        raise NotFound("object.not_found", kind=text(f"object.{kind}"))
    return found


def person_may_see(tenant_id: str, person_id: str, seen: Audience) -> bool:
    """Whether a person (not the caller) may see an object: for @mentions."""
    from chalicelib.core.members import managed_units
    from chalicelib.tenancy import store as tenancy_store

    if seen.everyone or person_id in seen.person_ids:
        return True
    if seen.units:
        managed = managed_units(tenant_id, person_id)
        if any(m in unit.path for unit in seen.units for m in managed):
            return True
    if seen.roles or seen.user_ids:
        for member in tenancy_store.list_members(tenant_id):
            if member.person_id == person_id and member.status == "active":
                if member.user_id in seen.user_ids or set(member.roles) & seen.roles:
                    return True
    return False


# ---- resolvers --------------------------------------------------------------------------------


@resolver("unit")
def _unit(tenant_id: str, unit_id: str) -> Audience | None:
    from chalicelib.org import store as org_store

    return Audience(everyone=True) if org_store.find_unit(tenant_id, unit_id) else None


@resolver("task")
def _task(tenant_id: str, task_id: str) -> Audience | None:
    from chalicelib.collab import store

    task = store.find_task(tenant_id, task_id)
    if task is None:
        return None
    people = {task.assignee_id} | ({task.creator_person_id} if task.creator_person_id else set())
    return Audience(person_ids=frozenset(people), user_ids=frozenset({task.creator_user_id}), roles=HR_ADMIN)


def _set_audience(tenant_id: str, found: IndicatorSet | None) -> Audience | None:
    """A set's people and author, managers of its unit, HR, admins and executives."""
    from chalicelib.org import store as org_store

    if found is None:
        return None
    unit = org_store.find_unit(tenant_id, found.unit_id)
    people = set(found.person_ids) | ({found.created_by_person_id} if found.created_by_person_id else set())
    return Audience(person_ids=frozenset(people), units=(unit,) if unit else (), roles=OVERSEERS)


@resolver("indicator_set")
def _indicator_set(tenant_id: str, set_id: str) -> Audience | None:
    from chalicelib.indicators import store as indicators_store

    return _set_audience(tenant_id, indicators_store.find_set(tenant_id, set_id))


@resolver("indicator")
def _indicator(tenant_id: str, object_id: str) -> Audience | None:
    """``<set_id>.<indicator_id>``: the indicator's set decides who sees it."""
    from chalicelib.indicators import store as indicators_store

    set_id, _, indicator_id = object_id.partition(".")
    if not indicator_id:
        return None
    found = indicators_store.find_set(tenant_id, set_id)
    if found is None or not any(i.indicator_id == indicator_id for i in found.indicators):
        return None
    return _set_audience(tenant_id, found)


@resolver("review")
def _review(tenant_id: str, object_id: str) -> Audience | None:
    """``<cycle_id>.<person_id>``: the reviewee, the managers of their unit and HR. Not executives or peers:
    a review conversation is personal data, kept to the people in the review."""
    from chalicelib.org import store as org_store
    from chalicelib.reviews import store as reviews_store

    cycle_id, _, person_id = object_id.partition(".")
    if not person_id:
        return None
    result = reviews_store.find_result(tenant_id, cycle_id, person_id)
    if result is None:
        return None
    unit = org_store.find_unit(tenant_id, result.unit_id)
    return Audience(person_ids=frozenset({person_id}), units=(unit,) if unit else (), roles=HR_ADMIN)
