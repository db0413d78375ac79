"""Role dashboards."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, LEADERS, RequestContext
from chalicelib.dashboards import chase, progress, service
from chalicelib.dashboards.schemas import (
    ChaseBody,
    ChaseResult,
    DeskQuery,
    DirectorDashboard,
    HrDashboard,
    MyProgress,
    PeriodQuery,
    UnitDashboard,
    UnitQuery,
)

bp = Blueprint(__name__)


@endpoint(bp, "/director", roles=LEADERS, query=PeriodQuery, response=DirectorDashboard, tag="dashboards")
def director(ctx: RequestContext, query: PeriodQuery) -> DirectorDashboard:
    """Rollout progress per department, late units, compliance problems, cycle progress, ranking, trend."""
    return service.director(ctx, query.period)


@endpoint(bp, "/hr", roles=HR_ADMIN, query=DeskQuery, response=HrDashboard, tag="dashboards")
def hr(ctx: RequestContext, query: DeskQuery) -> HrDashboard:
    """HR's desk: review queue with findings, returned sets, questions raised, overdue tasks, reminders sent,
    mail problems."""
    return service.hr(ctx, query.period)


@endpoint(bp, "/units/{unit_id}", roles=LEADERS, query=UnitQuery, response=UnitDashboard, tag="dashboards")
def unit(unit_id: str, ctx: RequestContext, query: UnitQuery) -> UnitDashboard:
    """A head's unit: actual vs target with trend, forecast and drivers per indicator; team review progress."""
    return service.unit(ctx, unit_id, query.cycle_id)


@endpoint(bp, "/me", roles=ANYONE, response=MyProgress, tag="dashboards")
def mine(ctx: RequestContext) -> MyProgress:
    """My own live progress in the running cycle (actual vs target, trend, forecast) and my questions' answers."""
    return progress.mine(ctx)


@endpoint(bp, "/units/{unit_id}/chase", "POST", roles=LEADERS, body=ChaseBody, response=ChaseResult, tag="dashboards")
def chase_unit(unit_id: str, ctx: RequestContext, body: ChaseBody) -> ChaseResult:
    """Remind everyone in the unit whose indicators for the period are behind: once per person per day."""
    return chase.chase(ctx, unit_id, body)
