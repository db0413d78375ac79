"""The monthly payroll run: draft → computed per person → reviewed → approved → locked.

* **Compute** is idempotent per person: it reads which people already have a payslip in the run
  (sort keys only) and computes the others, at most ``limit`` a call, so a retry after a time-out
  recomputes nobody and never writes a second payslip (the key is run + person). Payslips are
  written 25 a request (BatchWriteItem); a person with an open correction is written in a
  transaction with the correction marked applied, so a correction is paid exactly once.
* **Reviewed** sums the payslips into the run's totals (every person in scope must be computed).
* **Approved** by someone other than the preparer (four eyes; admins included): payroll, admin or
  an executive (the finance/exec approval the issue asks for).
* **Locked** re-reads the payslips: if anything changed since the review, 409. A locked month
  never changes; a correction is an adjustment paid in the next open month's run.

IIT is cumulative within the tax year, so a month starts from the person's previous payslip of
the year: computing a month needs every earlier run of that year locked.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.core import audit, clock
from chalicelib.core.context import PAYROLL_ADMIN, RequestContext, Role
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from chalicelib.core.ids import new_id
from chalicelib.core.messages import text
from chalicelib.core.observability import logger
from chalicelib.core.paging import page_request
from chalicelib.org import store as org_store
from chalicelib.org.schemas import PersonStatus
from chalicelib.payroll import inputs, store
from chalicelib.payroll.formulas import FormulaComponentIn
from chalicelib.payroll.payslip import (
    AdjustmentIn,
    AllowanceIn,
    RatingIn,
    RuleSetIn,
    SettingsIn,
    StructureIn,
    compute,
    year_to_date,
)
from chalicelib.payroll.schemas import (
    Adjustment,
    AdjustmentInput,
    ComputeInput,
    ComputeResult,
    Line,
    MyPayslip,
    MyPayslipList,
    PayrollSettings,
    Payslip,
    PayslipPage,
    PayslipRow,
    PayslipsQuery,
    PayStructure,
    RuleSet,
    Run,
    RunCreate,
    RunList,
    RunStatus,
    StatusChange,
    StatusInput,
    Totals,
)
from chalicelib.payroll.service import as_declaration, city_rules, get_settings

NEXT: dict[RunStatus, frozenset[RunStatus]] = {
    RunStatus.DRAFT: frozenset({RunStatus.REVIEWED}),
    RunStatus.REVIEWED: frozenset({RunStatus.DRAFT, RunStatus.APPROVED}),
    RunStatus.APPROVED: frozenset({RunStatus.DRAFT, RunStatus.LOCKED}),
    RunStatus.LOCKED: frozenset(),
}
APPROVERS = frozenset({Role.PAYROLL, Role.ADMIN, Role.EXECUTIVE})


def _month_end(month: str) -> date:
    year, mon = (int(p) for p in month.split("-"))
    return date(year, mon, calendar.monthrange(year, mon)[1])


# ---- runs ---------------------------------------------------------------------------------------------


def create_run(ctx: RequestContext, body: RunCreate) -> Run:
    """A month's run (draft). One per month: a second one is 409 naming ``month``."""
    if body.review_cycle_id:
        inputs.cycle_published(ctx.tenant_id, body.review_cycle_id)  # 400 when the cycle is not here
    run = Run(
        run_id=new_id(),
        month=body.month,
        review_cycle_id=body.review_cycle_id,
        year_end_bonus=body.year_end_bonus,
        prepared_by=ctx.user_id,
        created_at=clock.iso_now(),
    )
    changes = Changes()
    store.add_run(changes, ctx.tenant_id, run, new=True)
    audit.record(changes, ctx, "create", "pay_run", run.run_id, None, run.model_dump(mode="json"))
    try:
        changes.commit()
    except Conflict:
        raise Conflict.field("month", "payroll.run_exists", month=body.month) from None
    return run.model_copy(update={"version": 1})


def list_runs(ctx: RequestContext) -> RunList:
    return RunList(items=sorted(store.runs(ctx.tenant_id), key=lambda r: r.month, reverse=True))


def get_run(ctx: RequestContext, run_id: str) -> Run:
    return store.get_run(ctx.tenant_id, run_id)


def change_status(ctx: RequestContext, run_id: str, body: StatusInput) -> Run:
    run = store.get_run(ctx.tenant_id, run_id)
    if run.version != body.version:
        raise Conflict.field("version", "record.stale")
    if body.status not in NEXT[run.status]:
        raise Conflict.field(
            "status",
            "payroll.status_wrong",
            status=text(f"payroll.status.{run.status.value}"),
            to=text(f"payroll.status.{body.status.value}"),
        )
    update: dict[str, Any] = {}
    if body.status == RunStatus.APPROVED:
        if ctx.user_id == run.prepared_by:
            raise Forbidden.field("status", "payroll.approver_is_preparer")
    elif not ctx.has_any(PAYROLL_ADMIN):
        raise Forbidden.field("status", "payroll.payroll_role_required")
    if body.status == RunStatus.REVIEWED:
        inputs.check_published(ctx.tenant_id, run.review_cycle_id)
        update["totals"] = _checked_totals(ctx.tenant_id, run)
    if body.status == RunStatus.LOCKED and _totals(store.payslips(ctx.tenant_id, run_id)) != run.totals:
        raise Conflict.field("status", "payroll.run_changed")
    change = StatusChange(from_status=run.status, to_status=body.status, at=clock.iso_now(), by_user_id=ctx.user_id)
    after = run.model_copy(update={**update, "status": body.status, "history": [*run.history, change]})
    changes = Changes()
    store.add_run(changes, ctx.tenant_id, after, new=False)
    audit.record(changes, ctx, "status", "pay_run", run_id, {"status": run.status.value}, {"status": body.status.value})
    changes.commit()
    return after.model_copy(update={"version": run.version + 1})


def _checked_totals(tenant_id: str, run: Run) -> Totals:
    slips = store.payslips(tenant_id, run.run_id)
    missing = {s.person_id for s in _scope(tenant_id, run.month)} - {p.person_id for p in slips}
    if missing:
        raise Conflict.field("status", "payroll.not_all_computed", count=len(missing))
    return _totals(slips)


def _totals(slips: Iterable[Payslip]) -> Totals:
    totals = Totals()
    for slip in slips:
        totals = Totals(
            people=totals.people + 1,
            gross=totals.gross + slip.gross,
            employee_contributions=totals.employee_contributions + slip.employee_contributions,
            employer_contributions=totals.employer_contributions + slip.employer_contributions,
            tax=totals.tax + slip.tax,
            net=totals.net + slip.net,
            anomalies=totals.anomalies + (1 if slip.anomalies else 0),
        )
    return totals


# ---- compute ------------------------------------------------------------------------------------------


def _scope(tenant_id: str, month: str, history: dict[str, list[PayStructure]] | None = None) -> list[PayStructure]:
    """Each person's pay structure in force on the month's last day (no pro-rating: a 调薪 from the
    middle of a month applies to the whole month). Two Queries: the pay history and the latest
    structures (a structure saved before the history existed is its only entry)."""
    end = _month_end(month)
    history = store.all_structure_history(tenant_id) if history is None else history
    scope = []
    for latest in store.structures(tenant_id):
        entries = history.get(latest.person_id) or [latest]
        in_force = [s for s in entries if s.effective_from <= end]
        if in_force:
            scope.append(max(in_force, key=lambda s: s.effective_from))
    return scope


def _base_wages(entries: list[PayStructure], months: Iterable[str]) -> dict[str, Decimal]:
    """The base wage in force at the end of each of ``months`` (the months attendance adjustments
    correct), from the person's pay history already read; a month before any entry is left out."""
    out: dict[str, Decimal] = {}
    for month in months:
        end = _month_end(month)
        in_force = [s for s in entries if s.effective_from <= end]
        if in_force:
            out[month] = max(in_force, key=lambda s: s.effective_from).base_wage
    return out


def compute_run(ctx: RequestContext, run_id: str, body: ComputeInput) -> ComputeResult:
    """Compute the next ``limit`` people of a draft run (call again while ``remaining`` > 0)."""
    run = store.get_run(ctx.tenant_id, run_id)
    if run.status != RunStatus.DRAFT:
        raise Conflict.field("status", "payroll.run_not_draft")
    year = int(run.month[:4])
    earlier = [r for r in store.runs(ctx.tenant_id) if r.month[:4] == run.month[:4] and r.month < run.month]
    if any(r.status != RunStatus.LOCKED for r in earlier):
        raise Conflict.field("month", "payroll.previous_not_locked")
    history = store.all_structure_history(ctx.tenant_id)
    scope = _scope(ctx.tenant_id, run.month, history)
    done = store.computed_people(ctx.tenant_id, run_id)
    todo = [s for s in scope if s.person_id not in done][: body.limit]
    people = org_store.people_by_id(ctx.tenant_id, [s.person_id for s in todo])
    todo = [s for s in todo if s.person_id in people and people[s.person_id].status != PersonStatus.LEFT]
    ids = [s.person_id for s in todo]
    previous = _previous_payslips(ctx.tenant_id, earlier, ids)
    settings = _settings_in(get_settings(ctx))
    rule_sets = store.rule_sets(ctx.tenant_id)
    declarations = store.declarations(ctx.tenant_id)
    ratings = inputs.ratings(ctx.tenant_id, run.review_cycle_id)
    provisional = bool(run.review_cycle_id) and not inputs.cycle_published(ctx.tenant_id, str(run.review_cycle_id))
    accounts = inputs.bank_accounts(ctx.tenant_id)
    attendance = inputs.attendance(ctx.tenant_id, run.month, ids) if ids else {}
    open_adjustments = store.pending_adjustments(ctx.tenant_id)
    plain: list[Payslip] = []
    with_adjustments: list[tuple[Payslip, list[Adjustment]]] = []
    failed: list[dict[str, Any]] = []
    for structure in todo:
        person_id = structure.person_id
        adjustments = [a for a in open_adjustments.get(person_id, []) if a.month < run.month]
        before = previous.get(person_id)
        summary = attendance.get(person_id)
        corrected_months = {a.month for a in getattr(summary, "adjustments", ())}
        try:
            result = compute(
                run.month,
                _structure_in(structure, person_id in accounts),
                settings,
                summary,
                ratings.get(person_id)
                or (None if not run.review_cycle_id else RatingIn(cycle_id=run.review_cycle_id, rating=None)),
                _rule_set_in(rule_sets, structure.city, run.month),
                as_declaration(declarations.get(person_id)),
                year_to_date(before.ytd_after if before else None, year),
                [AdjustmentIn(a.adjustment_id, a.month, a.amount, a.taxable, a.reason) for a in adjustments],
                previous_net=before.net if before and before.month[:4] == run.month[:4] else None,
                year_end_bonus=run.year_end_bonus,
                bonus_used=bool(
                    before and before.month[:4] == run.month[:4] and before.ytd_after.get("bonus_separate_used")
                ),
                additional_before=(
                    before.ytd_after.get("additional_items") if before and before.month[:4] == run.month[:4] else None
                ),
                base_wages=_base_wages(history.get(person_id) or [structure], corrected_months),
            )
        except DomainError as exc:
            failed.append(
                {
                    "person_id": person_id,
                    "code": exc.text.code,
                    "message": exc.text.render("en" if ctx.locale == "en" else "zh-CN"),
                }
            )
            continue
        slip = Payslip(
            run_id=run_id,
            month=run.month,
            person_id=person_id,
            name=people[person_id].name,
            lines=[Line.model_validate(line) for line in result.lines],
            gross=result.gross,
            employee_contributions=result.employee_contributions,
            employer_contributions=result.employer_contributions,
            additional_deductions=result.additional_deductions,
            tax=result.tax,
            net=result.net,
            net_in_capitals=result.net_in_capitals,
            withholding=result.withholding,
            ytd_after=result.ytd_after,
            anomalies=[*result.anomalies, *(["rating_provisional"] if provisional else [])],
            bank_account_masked=accounts.get(person_id, ""),
            adjustment_ids=[a.adjustment_id for a in adjustments],
            computed_at=clock.iso_now(),
        )
        (with_adjustments.append((slip, adjustments)) if adjustments else plain.append(slip))
    written = store.write_payslips(ctx.tenant_id, plain)
    for slip, adjustments in with_adjustments:
        changes = Changes()
        store.add_payslip(changes, ctx.tenant_id, slip)
        for adjustment in adjustments:
            store.add_adjustment(
                changes,
                ctx.tenant_id,
                adjustment.model_copy(
                    update={"status": "applied", "applied_run_id": run_id, "applied_month": run.month}
                ),
                new=False,
            )
        try:
            changes.commit()
            written += 1
        except Conflict:  # a concurrent call wrote it (or applied the correction): nothing twice
            logger.info("payslip already written", extra={"run_id": run_id, "person_id": slip.person_id})
    remaining = len(scope) - len(done) - written
    logger.info("payroll computed", extra={"run_id": run_id, "written": written, "remaining": remaining})
    return ComputeResult(run_id=run_id, computed=written, skipped=len(done), remaining=max(0, remaining), failed=failed)


def _previous_payslips(tenant_id: str, earlier: list[Run], person_ids: list[str]) -> dict[str, Payslip]:
    """Each person's latest payslip of the tax year: one Query of the last run, then one GSI Query per
    person not in it (a new hire, or someone skipped last month) — few people, never the whole year."""
    if not earlier or not person_ids:
        return {}
    last = max(earlier, key=lambda r: r.month)
    found = {p.person_id: p for p in store.payslips(tenant_id, last.run_id) if p.person_id in set(person_ids)}
    year = last.month[:4]
    for person_id in person_ids:
        if person_id not in found:
            locked = {r.run_id for r in earlier}
            for slip in store.person_payslips(tenant_id, person_id):
                if slip.month[:4] == year and slip.run_id in locked:
                    found[person_id] = slip
                    break
    return found


def _settings_in(settings: PayrollSettings) -> SettingsIn:
    return SettingsIn(
        version=settings.version,
        rating_coefficients=dict(settings.rating_coefficients),
        default_coefficient=settings.default_coefficient,
        late_free_count=settings.late_free_count,
        late_deduction_each=settings.late_deduction_each,
        unpaid_leave_types=tuple(settings.unpaid_leave_types),
        deduct_absence=settings.deduct_absence,
        formula_components=tuple(
            FormulaComponentIn(c.code, c.name, c.formula, c.taxable, c.kind) for c in settings.formula_components
        ),
    )


def _structure_in(s: PayStructure, has_bank_account: bool) -> StructureIn:
    return StructureIn(
        version=s.version,
        base_wage=s.base_wage,
        performance_target=s.performance_target,
        contribution_base=s.contribution_base,
        city=s.city,
        basic_rule=s.basic_rule,
        allowances=tuple(AllowanceIn(a.code, a.name, a.amount, a.taxable) for a in s.allowances),
        has_bank_account=has_bank_account,
        annual_bonus_target=s.annual_bonus_target,
        bonus_taxation=s.bonus_taxation,
    )


def _rule_set_in(rule_sets: list[RuleSet], city: str, month: str) -> RuleSetIn:
    on = date(int(month[:4]), int(month[5:]), 1)
    for rule_set in rule_sets:
        ends = rule_set.valid_to or on
        if rule_set.city == city and rule_set.valid_from <= on <= ends:
            return RuleSetIn(rule_set.rule_set_id, city_rules(rule_set))
    raise Invalid.field("city", "payroll.no_rule_set", city=city, month=month)


# ---- payslips -----------------------------------------------------------------------------------------


def payslips_page(ctx: RequestContext, run_id: str, query: PayslipsQuery) -> PayslipPage:
    store.get_run(ctx.tenant_id, run_id)
    page = store.payslips_page(ctx.tenant_id, run_id, page_request(ctx.tenant_id, f"payroll.slips:{run_id}", query))
    return PayslipPage(
        items=[
            PayslipRow(person_id=p.person_id, name=p.name, gross=p.gross, tax=p.tax, net=p.net, anomalies=p.anomalies)
            for p in page.items
        ],
        next_cursor=page.next_cursor,
    )


def get_payslip(ctx: RequestContext, run_id: str, person_id: str) -> Payslip:
    store.get_run(ctx.tenant_id, run_id)
    slip = store.find_payslip(ctx.tenant_id, run_id, person_id)
    if slip is None:
        raise NotFound("payroll.payslip_not_found")
    return slip


def discard_payslip(ctx: RequestContext, run_id: str, person_id: str) -> None:
    """Drop one payslip of a draft run so the next compute redoes it (its corrections reopen)."""
    run = store.get_run(ctx.tenant_id, run_id)
    if run.status != RunStatus.DRAFT:
        raise Conflict.field("status", "payroll.run_not_draft")
    slip = get_payslip(ctx, run_id, person_id)
    changes = Changes()
    store.delete_payslip(changes, ctx.tenant_id, slip)
    if slip.adjustment_ids:
        applied = {a.adjustment_id: a for a in store.adjustments_of(ctx.tenant_id, person_id)}
        for adjustment_id in slip.adjustment_ids:
            if adjustment_id in applied:
                store.add_adjustment(
                    changes,
                    ctx.tenant_id,
                    applied[adjustment_id].model_copy(
                        update={"status": "pending", "applied_run_id": None, "applied_month": None}
                    ),
                    new=False,
                )
    audit.record(changes, ctx, "discard", "payslip", f"{run_id}:{person_id}", {"net": str(slip.net)}, None)
    changes.commit()


def my_payslips(ctx: RequestContext) -> MyPayslipList:
    """The caller's payslips of locked months, newest first."""
    if not ctx.person_id:
        return MyPayslipList(items=[])
    locked = {r.run_id for r in store.runs(ctx.tenant_id) if r.status == RunStatus.LOCKED}
    feedback = store.person_feedback(ctx.tenant_id, ctx.person_id)
    return MyPayslipList(
        items=[
            MyPayslip(
                run_id=p.run_id,
                month=p.month,
                gross=p.gross,
                net=p.net,
                feedback=feedback[p.run_id].status if p.run_id in feedback else "pending",
            )
            for p in store.person_payslips(ctx.tenant_id, ctx.person_id)
            if p.run_id in locked
        ]
    )


def my_payslip(ctx: RequestContext, run_id: str) -> Payslip:
    """The caller's own payslip of a locked month (404 before the lock, or for anyone else's run)."""
    run = store.get_run(ctx.tenant_id, run_id)
    slip = store.find_payslip(ctx.tenant_id, run_id, ctx.person_id) if ctx.person_id else None
    if run.status != RunStatus.LOCKED or slip is None:
        raise NotFound("payroll.payslip_not_found")
    return slip


# ---- corrections --------------------------------------------------------------------------------------


def add_adjustment(ctx: RequestContext, body: AdjustmentInput) -> Adjustment:
    """A correction of a locked month, paid (or recovered) in the next run that computes the person."""
    if org_store.find_person(ctx.tenant_id, body.person_id) is None:
        raise Invalid.field("person_id", "payroll.person_not_found")
    run = next((r for r in store.runs(ctx.tenant_id) if r.month == body.month), None)
    if run is None or run.status != RunStatus.LOCKED:
        raise Conflict.field("month", "payroll.month_not_locked", month=body.month)
    adjustment = Adjustment(
        **body.model_dump(), adjustment_id=new_id(), created_at=clock.iso_now(), created_by=ctx.user_id
    )
    changes = Changes()
    store.add_adjustment(changes, ctx.tenant_id, adjustment, new=True)
    audit.record(
        changes, ctx, "create", "pay_adjustment", adjustment.adjustment_id, None, adjustment.model_dump(mode="json")
    )
    changes.commit()
    return adjustment.model_copy(update={"version": 1})
