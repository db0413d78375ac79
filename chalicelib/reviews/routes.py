"""Reviews HTTP routes (under /reviews): parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, LEADERS, RequestContext, Role
from chalicelib.reviews import actuals, feedback, service
from chalicelib.reviews.schemas import (
    Acknowledge,
    ActualsHeaders,
    ActualsImport,
    ActualsImportResult,
    ActualsInput,
    ActualsList,
    ActualsQuery,
    ActualsResult,
    CalibrationAdjust,
    CalibrationQuery,
    CalibrationView,
    Cycle,
    CycleAdvance,
    CycleCreate,
    CycleDetail,
    CycleList,
    CycleQuery,
    CycleUpdate,
    Duties,
    DutiesQuery,
    ExportQuery,
    FeedbackInbox,
    FeedbackInput,
    FeedbackReceipt,
    FeedbackRequestCreate,
    FeedbackRequestList,
    FeedbackSummary,
    Forecast,
    ForecastQuery,
    History,
    PageQuery,
    PersonCycleView,
    PersonResult,
    ResultsExportFile,
    ResultsPage,
    ResultsQuery,
    Review,
    ReviewInput,
    ReviewKind,
    ReviewSettings,
    ReviewSettingsUpdate,
)

bp = Blueprint(__name__)
CALIBRATORS = frozenset({Role.HR, Role.ADMIN, Role.MANAGER})


@endpoint(bp, "/settings", roles=ANYONE, response=ReviewSettings, tag="reviews")
def get_settings(ctx: RequestContext) -> ReviewSettings:
    """The rating scale (score bands) and the target rating distribution."""
    return service.get_settings(ctx)


@endpoint(bp, "/settings", "PUT", roles=HR_ADMIN, body=ReviewSettingsUpdate, response=ReviewSettings, tag="reviews")
def update_settings(ctx: RequestContext, body: ReviewSettingsUpdate) -> ReviewSettings:
    """Set the rating scale and target distribution (new cycles take a copy)."""
    return service.update_settings(ctx, body)


@endpoint(bp, "/cycles", roles=ANYONE, query=CycleQuery, response=CycleList, tag="reviews")
def list_cycles(ctx: RequestContext, query: CycleQuery) -> CycleList:
    """List appraisal cycles, newest period first."""
    return service.list_cycles(ctx, query)


@endpoint(bp, "/cycles", "POST", roles=HR_ADMIN, body=CycleCreate, response=Cycle, status=201, tag="reviews")
def create_cycle(ctx: RequestContext, body: CycleCreate) -> Cycle:
    """Open an appraisal cycle (monthly, quarterly, half-year or yearly) in goal setting."""
    return service.create_cycle(ctx, body)


@endpoint(bp, "/cycles/{cycle_id}", roles=LEADERS, response=CycleDetail, tag="reviews")
def get_cycle(cycle_id: str, ctx: RequestContext) -> CycleDetail:
    """A cycle with its progress and what blocks its next stage."""
    return service.get_cycle(ctx, cycle_id)


@endpoint(bp, "/cycles/{cycle_id}", "PATCH", roles=HR_ADMIN, body=CycleUpdate, response=Cycle, tag="reviews")
def update_cycle(cycle_id: str, ctx: RequestContext, body: CycleUpdate) -> Cycle:
    """Rename a cycle, move its deadlines, or exclude people before goals are locked."""
    return service.update_cycle(ctx, cycle_id, body)


@endpoint(bp, "/cycles/{cycle_id}/advance", "POST", roles=HR_ADMIN, body=CycleAdvance, response=Cycle, tag="reviews")
def advance_cycle(cycle_id: str, ctx: RequestContext, body: CycleAdvance) -> Cycle:
    """Move a cycle to its next stage (or one back); 409 lists what is still pending."""
    return service.advance(ctx, cycle_id, body)


@endpoint(bp, "/cycles/{cycle_id}/refresh", "POST", roles=HR_ADMIN, response=CycleDetail, tag="reviews")
def refresh_cycle(cycle_id: str, ctx: RequestContext) -> CycleDetail:
    """Recompute every result of a running cycle from the stored actuals."""
    return service.refresh_results(ctx, cycle_id)


@endpoint(bp, "/cycles/{cycle_id}/results", roles=LEADERS, query=ResultsQuery, response=ResultsPage, tag="reviews")
def results_page(cycle_id: str, ctx: RequestContext, query: ResultsQuery) -> ResultsPage:
    """Every participant's total and rating (managers: their units), a page at a time."""
    return service.results_page(ctx, cycle_id, query)


@endpoint(bp, "/cycles/{cycle_id}/export", roles=HR_ADMIN, query=ExportQuery, response=ResultsExportFile, tag="reviews")
def export_results(cycle_id: str, ctx: RequestContext, query: ExportQuery) -> ResultsExportFile:
    """Export a cycle's results as CSV or Excel (base64)."""
    return service.export(ctx, cycle_id, query)


@endpoint(bp, "/cycles/{cycle_id}/people/{person_id}", roles=ANYONE, response=PersonCycleView, tag="reviews")
def person_view(cycle_id: str, person_id: str, ctx: RequestContext) -> PersonCycleView:
    """One person's scores (with the rule behind each), reviews and acknowledgement."""
    return service.person_view(ctx, cycle_id, person_id)


@endpoint(
    bp,
    "/cycles/{cycle_id}/people/{person_id}/self-review",
    "PUT",
    roles=ANYONE,
    body=ReviewInput,
    response=Review,
    tag="reviews",
)
def save_self_review(cycle_id: str, person_id: str, ctx: RequestContext, body: ReviewInput) -> Review:
    """Write (and submit) your self review, with a comment per indicator."""
    return service.save_review(ctx, cycle_id, person_id, ReviewKind.SELF, body)


@endpoint(
    bp,
    "/cycles/{cycle_id}/people/{person_id}/manager-review",
    "PUT",
    roles=LEADERS,
    body=ReviewInput,
    response=Review,
    tag="reviews",
)
def save_manager_review(cycle_id: str, person_id: str, ctx: RequestContext, body: ReviewInput) -> Review:
    """Write (and submit) the manager review of someone in your units."""
    return service.save_review(ctx, cycle_id, person_id, ReviewKind.MANAGER, body)


@endpoint(
    bp,
    "/cycles/{cycle_id}/people/{person_id}/acknowledge",
    "POST",
    roles=ANYONE,
    body=Acknowledge,
    response=PersonCycleView,
    tag="reviews",
)
def acknowledge(cycle_id: str, person_id: str, ctx: RequestContext, body: Acknowledge) -> PersonCycleView:
    """Acknowledge your published results."""
    return service.acknowledge(ctx, cycle_id, person_id, body)


@endpoint(
    bp, "/cycles/{cycle_id}/calibration", roles=LEADERS, query=CalibrationQuery, response=CalibrationView, tag="reviews"
)
def calibration_view(cycle_id: str, ctx: RequestContext, query: CalibrationQuery) -> CalibrationView:
    """Rating distribution per unit against the target distribution."""
    return service.calibration_view(ctx, cycle_id, query)


@endpoint(
    bp,
    "/cycles/{cycle_id}/calibration",
    "POST",
    roles=CALIBRATORS,
    body=CalibrationAdjust,
    response=PersonResult,
    tag="reviews",
)
def calibrate(cycle_id: str, ctx: RequestContext, body: CalibrationAdjust) -> PersonResult:
    """Adjust a person's rating in calibration (a reason is required; audited)."""
    return service.calibrate(ctx, cycle_id, body)


@endpoint(
    bp,
    "/cycles/{cycle_id}/feedback-requests",
    "POST",
    roles=CALIBRATORS,
    body=FeedbackRequestCreate,
    response=FeedbackRequestList,
    status=201,
    tag="reviews",
)
def request_feedback(cycle_id: str, ctx: RequestContext, body: FeedbackRequestCreate) -> FeedbackRequestList:
    """Ask peers, reports or others for 360 feedback on a participant."""
    return feedback.request_feedback(ctx, cycle_id, body)


@endpoint(
    bp,
    "/cycles/{cycle_id}/people/{person_id}/feedback-requests",
    roles=CALIBRATORS,
    query=PageQuery,
    response=FeedbackRequestList,
    tag="reviews",
)
def list_feedback_requests(cycle_id: str, person_id: str, ctx: RequestContext, query: PageQuery) -> FeedbackRequestList:
    """Whom you asked for 360 feedback on a person (never who answered), a page at a time."""
    return feedback.list_requests(ctx, cycle_id, person_id, query)


@endpoint(
    bp,
    "/cycles/{cycle_id}/feedback",
    "POST",
    roles=ANYONE,
    body=FeedbackInput,
    response=FeedbackReceipt,
    status=201,
    tag="reviews",
)
def give_feedback(cycle_id: str, ctx: RequestContext, body: FeedbackInput) -> FeedbackReceipt:
    """Give anonymous 360 feedback you were asked for."""
    return feedback.submit(ctx, cycle_id, body)


@endpoint(bp, "/cycles/{cycle_id}/people/{person_id}/feedback", roles=ANYONE, response=FeedbackSummary, tag="reviews")
def feedback_summary(cycle_id: str, person_id: str, ctx: RequestContext) -> FeedbackSummary:
    """A person's 360 feedback, aggregated (shown from 3 answers on)."""
    return feedback.summary(ctx, cycle_id, person_id)


@endpoint(bp, "/me/feedback-requests", roles=ANYONE, query=PageQuery, response=FeedbackInbox, tag="reviews")
def my_feedback_requests(ctx: RequestContext, query: PageQuery) -> FeedbackInbox:
    """The 360 feedback you were asked to give, a page at a time."""
    return feedback.inbox(ctx, query)


@endpoint(
    bp,
    "/actuals",
    "POST",
    roles=ANYONE,
    body=ActualsInput,
    response=ActualsResult,
    headers=ActualsHeaders,
    tag="reviews",
)
def record_actuals(ctx: RequestContext, body: ActualsInput) -> ActualsResult:
    """Enter or push measure values (data owners; send an Idempotency-Key to retry safely)."""
    return actuals.record(ctx, body, bp.current_request.headers.get("idempotency-key"))


@endpoint(bp, "/actuals", roles=ANYONE, query=ActualsQuery, response=ActualsList, tag="reviews")
def list_actuals(ctx: RequestContext, query: ActualsQuery) -> ActualsList:
    """A person's measure values for a period, with earlier revisions."""
    return actuals.list_actuals(ctx, query)


@endpoint(bp, "/me/data-duties", roles=ANYONE, query=DutiesQuery, response=Duties, tag="reviews")
def my_data_duties(ctx: RequestContext, query: DutiesQuery) -> Duties:
    """The measures you supply for a period (as data owner, data-source unit, manager or HR), with the values
    entered so far, step by step."""
    return actuals.duties(ctx, query)


@endpoint(bp, "/actuals/import", "POST", roles=ANYONE, body=ActualsImport, response=ActualsImportResult, tag="reviews")
def import_actuals(ctx: RequestContext, body: ActualsImport) -> ActualsImportResult:
    """Import measure values from a CSV or Excel file (all rows or none)."""
    return actuals.import_actuals(ctx, body)


@endpoint(bp, "/me/history", roles=ANYONE, query=PageQuery, response=History, tag="reviews")
def my_history(ctx: RequestContext, query: PageQuery) -> History:
    """Your published results across cycles, a page at a time."""
    return service.my_history(ctx, query)


@endpoint(bp, "/people/{person_id}/history", roles=LEADERS, query=PageQuery, response=History, tag="reviews")
def person_history(person_id: str, ctx: RequestContext, query: PageQuery) -> History:
    """A person's results across cycles (HR, executives, their managers), a page at a time."""
    return service.person_history(ctx, person_id, query)


@endpoint(bp, "/units/{unit_id}/forecast", roles=LEADERS, query=ForecastQuery, response=Forecast, tag="reviews")
def unit_forecast(unit_id: str, ctx: RequestContext, query: ForecastQuery) -> Forecast:
    """Project each indicator of a unit's people to period end; flag those at risk and why."""
    return service.unit_forecast(ctx, unit_id, query)
