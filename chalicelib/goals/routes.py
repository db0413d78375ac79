"""Strategic goal HTTP routes: parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, LEADERS, RequestContext
from chalicelib.goals import service
from chalicelib.goals.schemas import CascadeQuery, Goal, GoalCreate, GoalList, GoalTree, GoalUpdate, PeriodQuery

bp = Blueprint(__name__)


@endpoint(bp, "/goals", roles=ANYONE, query=PeriodQuery, response=GoalList, tag="goals")
def list_goals(ctx: RequestContext, query: PeriodQuery) -> GoalList:
    """List the goals of a period (optionally of one level or unit)."""
    return service.list_goals(ctx, query)


@endpoint(bp, "/goals", "POST", roles=LEADERS, body=GoalCreate, response=Goal, status=201, tag="goals")
def create_goal(ctx: RequestContext, body: GoalCreate) -> Goal:
    """Set a company, unit or position goal under its parent goal."""
    return service.create_goal(ctx, body)


@endpoint(bp, "/goals/cascade", roles=ANYONE, query=CascadeQuery, response=GoalTree, tag="goals")
def goal_cascade(ctx: RequestContext, query: CascadeQuery) -> GoalTree:
    """The period's goals as a tree: company → unit → position (one query)."""
    return service.cascade(ctx, query)


@endpoint(bp, "/goals/{goal_id}", roles=ANYONE, response=Goal, tag="goals")
def get_goal(goal_id: str, ctx: RequestContext) -> Goal:
    """Read one goal."""
    return service.get_goal(ctx, goal_id)


@endpoint(bp, "/goals/{goal_id}", "PATCH", roles=LEADERS, body=GoalUpdate, response=Goal, tag="goals")
def update_goal(goal_id: str, ctx: RequestContext, body: GoalUpdate) -> Goal:
    """Change a goal's wording, target, weight, status or parent."""
    return service.update_goal(ctx, goal_id, body)
