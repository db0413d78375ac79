"""Goal rules: the cascade company → unit → position, and who may set which goals.

Levels: a company goal has no parent; a unit goal's parent is a company goal or a goal of the
same unit or one above it; a position goal's parent is a goal of the position's unit or one above
it. Parent and child share the period. Company goals are set by HR, admins and executives; unit
and position goals by whoever manages the unit (``org.service.can_manage``).
"""

from __future__ import annotations

from chalicelib.core import audit, clock
from chalicelib.core.context import OVERSEERS, RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Detail, Forbidden, Invalid
from chalicelib.core.ids import new_id
from chalicelib.core.messages import text
from chalicelib.core.paging import page_request
from chalicelib.core.schema import merged
from chalicelib.goals import store
from chalicelib.goals.schemas import (
    CascadeQuery,
    Goal,
    GoalCreate,
    GoalLevel,
    GoalList,
    GoalNode,
    GoalStatus,
    GoalTree,
    GoalUpdate,
    PeriodQuery,
)
from chalicelib.org import service as org
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Unit, UnitStatus


def _period(query: CascadeQuery) -> str:
    return query.period or str(clock.today().year)


def list_goals(ctx: RequestContext, query: PeriodQuery) -> GoalList:
    page = store.goals_page(
        ctx.tenant_id,
        _period(query),
        page_request(ctx.tenant_id, "goals", query),
        keep=lambda g: (
            (not query.level or g.level == query.level) and (not query.unit_id or g.unit_id == query.unit_id)
        ),
    )
    return GoalList(items=page.items, next_cursor=page.next_cursor)


def get_goal(ctx: RequestContext, goal_id: str) -> Goal:
    return store.get_goal(ctx.tenant_id, goal_id)


def cascade(ctx: RequestContext, query: CascadeQuery) -> GoalTree:
    """The period's goals as a tree under the company goals, from one query."""
    period = _period(query)
    goals = store.goals_of_period(ctx.tenant_id, period)
    nodes = {g.goal_id: GoalNode(**g.model_dump()) for g in goals}
    roots: list[GoalNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id or "")
        (parent.children if parent else roots).append(node)
    return GoalTree(period=period, roots=roots)


def create_goal(ctx: RequestContext, body: GoalCreate) -> Goal:
    unit, position_id = _placement(ctx, body)
    goal = Goal(
        goal_id=new_id(),
        **body.model_dump(exclude={"unit_id", "position_id"}),
        unit_id=unit.unit_id if unit else None,
        position_id=position_id,
    )
    _require_may_set(ctx, goal.level, unit)
    changes = Changes()
    if body.parent_id:
        parent = _parent_or_invalid(ctx, body.parent_id, goal, unit)
        changes.require(*store.goal_key(ctx.tenant_id, parent.goal_id))
    store.add_goal(changes, ctx.tenant_id, goal, new=True)
    audit.record(changes, ctx, "create", "goal", goal.goal_id, None, goal.model_dump(mode="json"))
    changes.commit()
    return goal.model_copy(update={"version": 1})


def update_goal(ctx: RequestContext, goal_id: str, body: GoalUpdate) -> Goal:
    before = store.get_goal(ctx.tenant_id, goal_id)
    unit = org_store.find_unit(ctx.tenant_id, before.unit_id) if before.unit_id else None
    _require_may_set(ctx, before.level, unit)
    after = merged(before, body.changes(), version=body.version)
    changes = Changes()
    if after.parent_id != before.parent_id:
        if before.level == GoalLevel.COMPANY:
            raise Invalid.field("parent_id", "goal.company_has_no_parent")
        parent = _parent_or_invalid(ctx, after.parent_id or "", after, unit)
        if goal_id in _ancestors(ctx, parent):
            raise Invalid.field("parent_id", "goal.cycle")
        changes.require(*store.goal_key(ctx.tenant_id, parent.goal_id))
    if after.status == GoalStatus.DROPPED and before.status != GoalStatus.DROPPED:
        open_children = [
            g
            for g in store.goals_of_period(ctx.tenant_id, before.period)
            if g.parent_id == goal_id and g.status != GoalStatus.DROPPED
        ]
        if open_children:
            raise Conflict(
                "goal.open_sub_goals",
                [
                    Detail(f"children[{i}]", "goal.open_sub_goal", title=g.title, extra={"goal_id": g.goal_id})
                    for i, g in enumerate(open_children)
                ],
            )
    store.add_goal(changes, ctx.tenant_id, after, new=False)
    audit.record(changes, ctx, "update", "goal", goal_id, before.model_dump(mode="json"), after.model_dump(mode="json"))
    changes.commit()
    return after.model_copy(update={"version": body.version + 1})


# ---- rules ------------------------------------------------------------------------------


def _placement(ctx: RequestContext, body: GoalCreate) -> tuple[Unit | None, str | None]:
    """The unit (and position) a goal belongs to, checked against its level."""
    if body.level == GoalLevel.COMPANY:
        for name in ("parent_id", "unit_id", "position_id"):
            if getattr(body, name):
                raise Invalid.field(name, "goal.company_is_top")
        return None, None
    if not body.parent_id:
        raise Invalid.field("parent_id", "goal.parent_required", level=text(f"goal.level.{body.level.value}"))
    if body.level == GoalLevel.UNIT:
        if body.position_id:
            raise Invalid.field("position_id", "goal.unit_has_no_position")
        if not body.unit_id:
            raise Invalid.field("unit_id", "goal.unit_required")
        return _active_unit(ctx, body.unit_id, "unit_id"), None
    if not body.position_id:
        raise Invalid.field("position_id", "goal.position_required")
    position = org_store.find_position(ctx.tenant_id, body.position_id)
    if position is None:
        raise Invalid.field("position_id", "position.not_found")
    if body.unit_id and body.unit_id != position.unit_id:
        raise Invalid.field("unit_id", "position.other_unit")
    return _active_unit(ctx, position.unit_id, "position_id"), position.position_id


def _active_unit(ctx: RequestContext, unit_id: str, field: str) -> Unit:
    unit = org_store.find_unit(ctx.tenant_id, unit_id)
    if unit is None:
        raise Invalid.field(field, "unit.not_found")
    if unit.status != UnitStatus.ACTIVE:
        raise Invalid.field(field, "unit.closed")
    return unit


def _require_may_set(ctx: RequestContext, level: GoalLevel, unit: Unit | None) -> None:
    if level == GoalLevel.COMPANY:
        if not ctx.has_any(OVERSEERS):
            raise Forbidden.field("level", "goal.company_setters")
        return
    if unit is None or not org.can_manage(ctx, unit):
        raise Forbidden.field("unit_id", "unit.out_of_scope")


def _parent_or_invalid(ctx: RequestContext, parent_id: str, child: Goal, unit: Unit | None) -> Goal:
    parent = store.find_goal(ctx.tenant_id, parent_id)
    if parent is None:
        raise Invalid.field("parent_id", "goal.not_found")
    if parent.period != child.period:
        raise Invalid.field("parent_id", "goal.parent_other_period", parent_period=parent.period, period=child.period)
    if parent.status == GoalStatus.DROPPED:
        raise Invalid.field("parent_id", "goal.parent_dropped")
    if parent.level == GoalLevel.POSITION:
        raise Invalid.field("parent_id", "goal.position_has_no_children")
    if child.level == GoalLevel.POSITION and parent.level != GoalLevel.UNIT:
        raise Invalid.field("parent_id", "goal.position_parent_is_unit_goal")
    if parent.level == GoalLevel.UNIT and (unit is None or parent.unit_id not in unit.path):
        raise Invalid.field("parent_id", "goal.parent_unit_not_above")
    return parent


def _ancestors(ctx: RequestContext, goal: Goal) -> set[str]:
    """Ids of the goal and every goal above it (one query for the period)."""
    by_id = {g.goal_id: g for g in store.goals_of_period(ctx.tenant_id, goal.period)}
    seen: set[str] = set()
    current: Goal | None = goal
    while current and current.goal_id not in seen:
        seen.add(current.goal_id)
        current = by_id.get(current.parent_id or "")
    return seen
