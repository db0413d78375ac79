"""360 feedback whose anonymity holds: nobody learns through the API who wrote what.

How it holds:

* HR or the reviewee's manager asks raters (peers, reports, others). Who was *asked* is known to
  them; who *answered* is not stored anywhere an answer can be traced back from.
* An answer item holds the reviewee, the rating and the texts: no author, no timestamp, and a random
  (not time-ordered) id, so neither its content nor its position gives the author away.
* Duplicate answers are stopped by a separate guard item keyed by a digest of (tenant, cycle,
  reviewee, rater). It is checked only to refuse a second answer and to show the rater their own
  inbox as done; nothing links it to the answer it accompanied.
* Answers are never returned one by one. The summary (reviewee, their managers, HR) shows counts,
  the average and the texts sorted alphabetically, and only from :data:`MIN_RESPONSES` answers on.
* Submitting writes no audit record (the audit log names the actor).
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from chalicelib.core import audit
from chalicelib.core.context import HR_ADMIN, RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Forbidden, Invalid
from chalicelib.core.paging import page_request
from chalicelib.org import store as org_store
from chalicelib.reviews import store
from chalicelib.reviews.cycles import Stage, stage_name
from chalicelib.reviews.schemas import (
    Cycle,
    FeedbackInbox,
    FeedbackInput,
    FeedbackReceipt,
    FeedbackRequest,
    FeedbackRequestCreate,
    FeedbackRequestList,
    FeedbackSummary,
    InboxItem,
    PageQuery,
    PersonResult,
)
from chalicelib.reviews.service import manages_path, may_see

MIN_RESPONSES = 3
OPEN = frozenset({Stage.IN_PROGRESS, Stage.SELF_REVIEW, Stage.MANAGER_REVIEW})


def _guard_digest(tenant_id: str, cycle_id: str, reviewee_id: str, rater_id: str) -> str:
    return hashlib.sha256(f"360\x1f{tenant_id}\x1f{cycle_id}\x1f{reviewee_id}\x1f{rater_id}".encode()).hexdigest()


def _require_open(cycle: Cycle) -> None:
    if not cycle.feedback_enabled:
        raise Conflict.field("feedback_enabled", "feedback.disabled")
    if cycle.stage not in OPEN:
        raise Conflict.field(
            "stage",
            "feedback.closed",
            from_stage=stage_name(Stage.IN_PROGRESS),
            to_stage=stage_name(Stage.MANAGER_REVIEW),
            stage=stage_name(cycle.stage),
        )


def _requester_scope(ctx: RequestContext, result: PersonResult) -> None:
    if result.person_id == ctx.person_id or not (ctx.has_any(HR_ADMIN) or manages_path(ctx, result.unit_path)):
        raise Forbidden.field("reviewee_id", "feedback.requester_scope")


def request_feedback(ctx: RequestContext, cycle_id: str, body: FeedbackRequestCreate) -> FeedbackRequestList:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    result = store.find_result(ctx.tenant_id, cycle_id, body.reviewee_id)
    if result is None:
        raise Invalid.field("reviewee_id", "cycle.not_participant")
    _requester_scope(ctx, result)
    _require_open(cycle)
    existing = {r.rater_id for r in store.feedback_requests_for(ctx.tenant_id, cycle_id, body.reviewee_id)}
    changes = Changes()
    seen: set[str] = set()
    for n, rater in enumerate(body.raters):
        field = f"raters.{n}.person_id"
        if rater.person_id == body.reviewee_id:
            raise Invalid.field(field, "feedback.self_rater")
        if rater.person_id in seen:
            raise Invalid.field(field, "feedback.listed_twice")
        seen.add(rater.person_id)
        if org_store.find_person(ctx.tenant_id, rater.person_id) is None:
            raise Invalid.field(field, "person.not_found")
        if rater.person_id in existing:
            continue
        request = FeedbackRequest(
            cycle_id=cycle_id,
            reviewee_id=body.reviewee_id,
            reviewee_name=result.name,
            rater_id=rater.person_id,
            relation=rater.relation,
        )
        store.add_feedback_request(changes, ctx.tenant_id, request)
        audit.record(
            changes,
            ctx,
            "request",
            "feedback_request",
            f"{cycle_id}:{body.reviewee_id}:{rater.person_id}",
            None,
            request.model_dump(mode="json"),
        )
    changes.commit()
    return FeedbackRequestList(items=store.feedback_requests_for(ctx.tenant_id, cycle_id, body.reviewee_id))


def list_requests(ctx: RequestContext, cycle_id: str, person_id: str, query: PageQuery) -> FeedbackRequestList:
    """Who was asked about a person (not who answered): HR and the person's managers."""
    store.get_cycle(ctx.tenant_id, cycle_id)
    result = store.get_result(ctx.tenant_id, cycle_id, person_id)
    if result.person_id == ctx.person_id or not (ctx.has_any(HR_ADMIN) or manages_path(ctx, result.unit_path)):
        raise Forbidden.field("person_id", "feedback.requests_scope")
    page = store.feedback_requests_page(
        ctx.tenant_id,
        cycle_id,
        person_id,
        page_request(ctx.tenant_id, f"reviews.feedback_requests:{cycle_id}:{person_id}", query),
    )
    return FeedbackRequestList(items=page.items, next_cursor=page.next_cursor)


def inbox(ctx: RequestContext, query: PageQuery) -> FeedbackInbox:
    """A page of the feedback the caller was asked to give, with whether they already gave it (one GetItem
    per request on the page)."""
    if not ctx.person_id:
        return FeedbackInbox(items=[])
    page = store.feedback_inbox_page(
        ctx.tenant_id, ctx.person_id, page_request(ctx.tenant_id, "reviews.feedback_inbox", query)
    )
    requests = page.items
    names = {c.cycle_id: c.name for c in store.list_cycles(ctx.tenant_id)} if requests else {}
    items = [
        InboxItem(
            cycle_id=r.cycle_id,
            cycle_name=names.get(r.cycle_id, ""),
            reviewee_id=r.reviewee_id,
            reviewee_name=r.reviewee_name,
            relation=r.relation,
            done=store.feedback_guard_exists(
                ctx.tenant_id, r.cycle_id, _guard_digest(ctx.tenant_id, r.cycle_id, r.reviewee_id, ctx.person_id)
            ),
        )
        for r in requests
    ]
    return FeedbackInbox(items=items, next_cursor=page.next_cursor)


def submit(ctx: RequestContext, cycle_id: str, body: FeedbackInput) -> FeedbackReceipt:
    cycle = store.get_cycle(ctx.tenant_id, cycle_id)
    if (
        not ctx.person_id
        or store.find_feedback_request(ctx.tenant_id, cycle_id, body.reviewee_id, ctx.person_id) is None
    ):
        raise Forbidden.field("reviewee_id", "feedback.not_asked")
    _require_open(cycle)
    answer = {
        "reviewee_id": body.reviewee_id,
        "rating": body.rating,
        "strengths": body.strengths.strip(),
        "improvements": body.improvements.strip(),
    }
    changes = Changes()
    store.add_feedback(
        changes,
        ctx.tenant_id,
        cycle_id,
        body.reviewee_id,
        _guard_digest(ctx.tenant_id, cycle_id, body.reviewee_id, ctx.person_id),
        secrets.token_hex(16),
        answer,
    )
    try:
        changes.commit()
    except Conflict:
        raise Conflict.field("reviewee_id", "feedback.already_given") from None
    return FeedbackReceipt()


def summary(ctx: RequestContext, cycle_id: str, person_id: str) -> FeedbackSummary:
    store.get_cycle(ctx.tenant_id, cycle_id)
    result = store.get_result(ctx.tenant_id, cycle_id, person_id)
    if not may_see(ctx, person_id, result.unit_path):
        raise Forbidden.field("person_id", "feedback.not_visible")
    answers = store.feedback_answers(ctx.tenant_id, cycle_id, person_id)
    count = len(answers)
    if count < MIN_RESPONSES:
        return FeedbackSummary(
            cycle_id=cycle_id,
            person_id=person_id,
            responses=count,
            shown=False,
            min_responses=MIN_RESPONSES,
            message={
                "zh-CN": f"至少 {MIN_RESPONSES} 份反馈后才显示汇总，以保护匿名",
                "en": f"shown from {MIN_RESPONSES} answers on, to keep them anonymous",
            },
        )
    ratings = [int(a["rating"]) for a in answers]
    average = (Decimal(sum(ratings)) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    counts = Counter(ratings)
    return FeedbackSummary(
        cycle_id=cycle_id,
        person_id=person_id,
        responses=count,
        shown=True,
        min_responses=MIN_RESPONSES,
        average_rating=float(average),
        rating_counts={str(k): counts.get(k, 0) for k in range(1, 6)},
        strengths=sorted(a["strengths"] for a in answers if a.get("strengths")),
        improvements=sorted(a["improvements"] for a in answers if a.get("improvements")),
    )
