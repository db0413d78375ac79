"""Payroll HTTP routes (under /payroll): parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, PAYROLL_ADMIN, RequestContext, Role
from chalicelib.payroll import export, runs, service
from chalicelib.payroll.schemas import (
    Adjustment,
    AdjustmentInput,
    BankFile,
    BankFileQuery,
    ComputeInput,
    ComputeResult,
    Declaration,
    DeclarationInput,
    MyPayslipList,
    PayrollSettings,
    Payslip,
    PayslipPage,
    PayslipsQuery,
    PayStructure,
    RuleSet,
    RuleSetInput,
    RuleSetList,
    Run,
    RunCreate,
    RunList,
    SettingsInput,
    StatusInput,
    StructureInput,
)

bp = Blueprint(__name__)
TAG = "payroll"
# Run totals (not payslips) are for executives too; they also approve (issue #13: finance/exec approval).
RUN_READERS = frozenset({Role.PAYROLL, Role.ADMIN, Role.EXECUTIVE})


@endpoint(bp, "/settings", roles=PAYROLL_ADMIN, response=PayrollSettings, tag=TAG)
def payroll_settings(ctx: RequestContext) -> PayrollSettings:
    """The company's payroll rules: rating → performance coefficient, late and unpaid-leave deductions."""
    return service.get_settings(ctx)


@endpoint(bp, "/settings", "PUT", roles=PAYROLL_ADMIN, body=SettingsInput, response=PayrollSettings, tag=TAG)
def put_payroll_settings(ctx: RequestContext, body: SettingsInput) -> PayrollSettings:
    """Replace the company's payroll rules (``version`` as read; 0 for the first save)."""
    return service.put_settings(ctx, body)


@endpoint(bp, "/rule-sets", roles=PAYROLL_ADMIN, response=RuleSetList, tag=TAG)
def list_rule_sets(ctx: RequestContext) -> RuleSetList:
    """The social-insurance and housing-fund rule sets per city, with their validity dates and sources."""
    return service.list_rule_sets(ctx)


@endpoint(bp, "/rule-sets", "POST", roles=PAYROLL_ADMIN, body=RuleSetInput, response=RuleSet, status=201, tag=TAG)
def add_rule_set(ctx: RequestContext, body: RuleSetInput) -> RuleSet:
    """Enter a city's published rates, floors and ceilings from a date (periods of a city never overlap)."""
    return service.add_rule_set(ctx, body)


@endpoint(bp, "/people/{person_id}/structure", roles=PAYROLL_ADMIN, response=PayStructure, tag=TAG)
def pay_structure(person_id: str, ctx: RequestContext) -> PayStructure:
    """A person's pay structure."""
    return service.get_structure(ctx, person_id)


@endpoint(
    bp, "/people/{person_id}/structure", "PUT", roles=PAYROLL_ADMIN, body=StructureInput, response=PayStructure, tag=TAG
)
def put_pay_structure(person_id: str, ctx: RequestContext, body: StructureInput) -> PayStructure:
    """Set a person's base wage, allowances, performance pay, contribution base and city."""
    return service.put_structure(ctx, person_id, body)


@endpoint(bp, "/people/{person_id}/deductions", roles=ANYONE, response=Declaration, tag=TAG)
def deduction_declaration(person_id: str, ctx: RequestContext) -> Declaration:
    """A person's special additional deductions (the person, or payroll)."""
    return service.get_declaration(ctx, person_id)


@endpoint(
    bp, "/people/{person_id}/deductions", "PUT", roles=ANYONE, body=DeclarationInput, response=Declaration, tag=TAG
)
def put_deduction_declaration(person_id: str, ctx: RequestContext, body: DeclarationInput) -> Declaration:
    """Declare special additional deductions (子女教育, 赡养老人, 住房…), checked against the standards."""
    return service.put_declaration(ctx, person_id, body)


@endpoint(bp, "/runs", roles=RUN_READERS, response=RunList, tag=TAG)
def list_payroll_runs(ctx: RequestContext) -> RunList:
    """The payroll runs, newest month first (totals only)."""
    return runs.list_runs(ctx)


@endpoint(bp, "/runs", "POST", roles=PAYROLL_ADMIN, body=RunCreate, response=Run, status=201, tag=TAG)
def create_payroll_run(ctx: RequestContext, body: RunCreate) -> Run:
    """Open a month's run (draft); one run per month."""
    return runs.create_run(ctx, body)


@endpoint(bp, "/runs/{run_id}", roles=RUN_READERS, response=Run, tag=TAG)
def payroll_run(run_id: str, ctx: RequestContext) -> Run:
    """A run: its status, history and totals."""
    return runs.get_run(ctx, run_id)


@endpoint(bp, "/runs/{run_id}/compute", "POST", roles=PAYROLL_ADMIN, body=ComputeInput, response=ComputeResult, tag=TAG)
def compute_payroll_run(run_id: str, ctx: RequestContext, body: ComputeInput) -> ComputeResult:
    """Compute the next people of a draft run; a retry recomputes nobody already computed."""
    return runs.compute_run(ctx, run_id, body)


@endpoint(bp, "/runs/{run_id}/status", "POST", roles=RUN_READERS, body=StatusInput, response=Run, tag=TAG)
def change_payroll_run_status(run_id: str, ctx: RequestContext, body: StatusInput) -> Run:
    """Review, approve (not by the preparer), lock, or reopen a run."""
    return runs.change_status(ctx, run_id, body)


@endpoint(bp, "/runs/{run_id}/payslips", roles=PAYROLL_ADMIN, query=PayslipsQuery, response=PayslipPage, tag=TAG)
def run_payslips(run_id: str, ctx: RequestContext, query: PayslipsQuery) -> PayslipPage:
    """A run's payslips (gross, tax, net, anomalies), by person."""
    return runs.payslips_page(ctx, run_id, query)


@endpoint(bp, "/runs/{run_id}/payslips/{person_id}", roles=PAYROLL_ADMIN, response=Payslip, tag=TAG)
def run_payslip(run_id: str, person_id: str, ctx: RequestContext) -> Payslip:
    """One payslip with every line's source."""
    return runs.get_payslip(ctx, run_id, person_id)


@endpoint(bp, "/runs/{run_id}/payslips/{person_id}", "DELETE", roles=PAYROLL_ADMIN, status=204, tag=TAG)
def discard_run_payslip(run_id: str, person_id: str, ctx: RequestContext) -> None:
    """Discard one payslip of a draft run so the next compute redoes it."""
    runs.discard_payslip(ctx, run_id, person_id)


@endpoint(
    bp, "/adjustments", "POST", roles=PAYROLL_ADMIN, body=AdjustmentInput, response=Adjustment, status=201, tag=TAG
)
def add_payroll_adjustment(ctx: RequestContext, body: AdjustmentInput) -> Adjustment:
    """Correct a locked month: the amount is paid (or recovered) in the next run."""
    return runs.add_adjustment(ctx, body)


@endpoint(bp, "/my/payslips", roles=ANYONE, response=MyPayslipList, tag=TAG)
def my_payslips(ctx: RequestContext) -> MyPayslipList:
    """My payslips of locked months, newest first."""
    return runs.my_payslips(ctx)


@endpoint(bp, "/my/payslips/{run_id}", roles=ANYONE, response=Payslip, tag=TAG)
def my_payslip(run_id: str, ctx: RequestContext) -> Payslip:
    """My payslip of a locked month, every line with its source."""
    return runs.my_payslip(ctx, run_id)


@endpoint(
    bp, "/runs/{run_id}/bank-file", roles=PAYROLL_ADMIN, query=BankFileQuery, response=BankFile, tag=TAG, errors={409}
)
def payroll_bank_file(run_id: str, ctx: RequestContext, query: BankFileQuery) -> BankFile:
    """The bank transfer file of an approved or locked run (card numbers masked unless ``full``, audited)."""
    return export.bank_file(ctx, run_id, query)
