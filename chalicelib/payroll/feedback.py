"""The employee's word on a locked payslip: she confirms it, or asks a question payroll answers.

The same shape as the indicator questions (confirm / question → answered → confirm): the feedback
is one small item beside the payslip (``FEEDBACK#<person>`` in the run's partition), so the locked
payslip itself never changes. Questions go to the payroll role and admins (who see pay; HR
generalists do not, so they do not answer); the run screen lists the open ones. Each step is
audited and notifies the other side through the collaboration inbox.
"""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.core import audit, clock, links
from chalicelib.core.context import PAYROLL_ADMIN, RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.core.observability import logger
from chalicelib.payroll import runs, store
from chalicelib.payroll.schemas import (
    FeedbackConfirm,
    FeedbackEntry,
    FeedbackList,
    FeedbackStatus,
    FeedbackText,
    PayslipFeedback,
)

_ORDER = {"questioned": 0, "answered": 1, "pending": 2, "confirmed": 3}


def my_feedback(ctx: RequestContext, run_id: str) -> PayslipFeedback:
    """The caller's feedback on her payslip of a locked month ("pending", version 0, before any)."""
    slip = runs.my_payslip(ctx, run_id)  # 404 before the lock or for anyone else's
    return store.find_feedback(ctx.tenant_id, run_id, slip.person_id) or PayslipFeedback(
        run_id=run_id, month=slip.month, person_id=slip.person_id, name=slip.name
    )


def confirm(ctx: RequestContext, run_id: str, body: FeedbackConfirm) -> PayslipFeedback:
    """She confirms her payslip (this also closes a question she no longer needs answered)."""
    before = my_feedback(ctx, run_id)
    if before.status == "confirmed" and before.version == body.version:
        return before
    return _save(ctx, before, body.version, "confirmed", None)


def ask(ctx: RequestContext, run_id: str, body: FeedbackText) -> PayslipFeedback:
    """She asks about her payslip; payroll is told and sees it on the run screen."""
    before = my_feedback(ctx, run_id)
    saved = _save(ctx, before, body.version, "questioned", "question", body.text)
    _notify(
        ctx,
        _payroll_people(ctx),
        {
            "zh-CN": f"{before.name} 对 {before.month} 工资条有疑问",
            "en": f"{before.name} asks about {before.month}'s payslip",
        },
        links.payroll_run(run_id),
    )
    return saved


def answer(ctx: RequestContext, run_id: str, person_id: str, body: FeedbackText) -> PayslipFeedback:
    """Payroll answers the open question; the employee is asked to confirm again."""
    store.get_run(ctx.tenant_id, run_id)
    before = store.find_feedback(ctx.tenant_id, run_id, person_id)
    if before is None:
        raise NotFound("payroll.feedback_not_found")
    if before.status != "questioned":
        raise Conflict.field("status", "payroll.no_open_question")
    saved = _save(ctx, before, body.version, "answered", "answer", body.text)
    _notify(
        ctx,
        [person_id],
        {
            "zh-CN": f"你对 {before.month} 工资条的疑问已答复，请确认",
            "en": f"Your question on {before.month}'s payslip was answered",
        },
        links.my_payslip(run_id),
    )
    return saved


def run_feedback(ctx: RequestContext, run_id: str) -> FeedbackList:
    """A run's feedback, open questions first (one Query)."""
    store.get_run(ctx.tenant_id, run_id)
    items = sorted(store.run_feedback(ctx.tenant_id, run_id), key=lambda f: (_ORDER[f.status], f.name))
    return FeedbackList(items=items, open=sum(1 for f in items if f.status == "questioned"))


def _save(
    ctx: RequestContext,
    before: PayslipFeedback,
    version: int,
    status: FeedbackStatus,
    kind: str | None,
    text: str = "",
) -> PayslipFeedback:
    if before.version != version:
        raise Conflict.field("version", "record.stale")
    at = clock.iso_now()
    entries = list(before.entries)
    if kind == "question":
        entries.append(FeedbackEntry(kind="question", text=text, at=at, by_person_id=ctx.person_id or ""))
    elif kind == "answer":
        entries.append(FeedbackEntry(kind="answer", text=text, at=at, by_person_id=ctx.person_id or ""))
    after = before.model_copy(update={"status": status, "entries": entries, "updated_at": at})
    changes = Changes()
    store.put_feedback(changes, ctx.tenant_id, after)
    audit.record(
        changes,
        ctx,
        status,
        "payslip_feedback",
        f"{before.run_id}:{before.person_id}",
        {"status": before.status},
        {"status": status, "text": text},
    )
    changes.commit()
    return after.model_copy(update={"version": before.version + 1})


def _payroll_people(ctx: RequestContext) -> list[str]:
    from chalicelib.tenancy import store as tenancy_store

    return [
        m.person_id
        for m in tenancy_store.list_members(ctx.tenant_id)
        if m.person_id and m.status == "active" and (set(m.roles) & PAYROLL_ADMIN)
    ]


def _notify(ctx: RequestContext, person_ids: Iterable[str], title: dict[str, str], link: str) -> None:
    """After the commit; a failed notification never undoes the step (logged)."""
    people = [p for p in dict.fromkeys(person_ids) if p]
    if not people:
        return
    try:
        from chalicelib.collab.notify import notify

        notify(ctx, people, "info", title, link)
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("payslip feedback notification failed")
