"""Indicator HTTP routes (mounted at /indicators): parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, LEADERS, RequestContext, Role
from chalicelib.indicators import service
from chalicelib.indicators.schemas import (
    ConfirmBody,
    FileEntry,
    FileEntryList,
    FileQuery,
    IndicatorSet,
    IndicatorSetList,
    LibraryQuery,
    QuestionAnswer,
    QuestionBody,
    Rollout,
    RolloutQuery,
    SetAction,
    SetAssign,
    SetCheck,
    SetCheckResult,
    SetCreate,
    SetQuery,
    SetReturn,
    SetUpdate,
    SetVersionList,
    Template,
    TemplateCreate,
    TemplateList,
    TemplateUpdate,
    TemplateVersionList,
    VersionsQuery,
)

bp = Blueprint(__name__)

# Drafting is for the managers of a unit, and HR/admins for any unit; executives only read.
DRAFTERS = frozenset({Role.MANAGER, Role.HR, Role.ADMIN})
TAG = "indicators"


# ---- library ------------------------------------------------------------------------------------


@endpoint(bp, "/library", roles=ANYONE, query=LibraryQuery, response=TemplateList, tag=TAG)
def list_templates(ctx: RequestContext, query: LibraryQuery) -> TemplateList:
    """Indicator templates: the built-in industry library and the company's own."""
    return service.list_templates(ctx, query)


@endpoint(bp, "/library", "POST", roles=HR_ADMIN, body=TemplateCreate, response=Template, status=201, tag=TAG)
def create_template(ctx: RequestContext, body: TemplateCreate) -> Template:
    """Add a company template, from scratch or by copying and adapting another."""
    return service.create_template(ctx, body)


@endpoint(bp, "/library/{template_code}", roles=ANYONE, response=Template, tag=TAG)
def get_template(template_code: str, ctx: RequestContext) -> Template:
    """Read one template (the company's own version first, then the built-in one)."""
    return service.get_template(ctx, template_code)


@endpoint(bp, "/library/{template_code}", "PATCH", roles=HR_ADMIN, body=TemplateUpdate, response=Template, tag=TAG)
def update_template(template_code: str, ctx: RequestContext, body: TemplateUpdate) -> Template:
    """Change a company template; the change is stored as a new template version."""
    return service.update_template(ctx, template_code, body)


@endpoint(
    bp, "/library/{template_code}/versions", roles=ANYONE, query=VersionsQuery, response=TemplateVersionList, tag=TAG
)
def template_versions(template_code: str, ctx: RequestContext, query: VersionsQuery) -> TemplateVersionList:
    """Every version of a company template, oldest first, a page at a time."""
    return service.template_versions(ctx, template_code, query)


# ---- sets ---------------------------------------------------------------------------------------


@endpoint(bp, "/sets", roles=LEADERS, query=SetQuery, response=IndicatorSetList, tag=TAG)
def list_sets(ctx: RequestContext, query: SetQuery) -> IndicatorSetList:
    """Indicator sets in the caller's scope, filtered by period, state or unit."""
    return service.list_sets(ctx, query)


@endpoint(bp, "/sets", "POST", roles=DRAFTERS, body=SetCreate, response=IndicatorSet, status=201, tag=TAG)
def create_set(ctx: RequestContext, body: SetCreate) -> IndicatorSet:
    """Draft an indicator set for a position's holders or a list of people."""
    return service.create_set(ctx, body)


@endpoint(bp, "/sets/{set_id}", roles=LEADERS, response=IndicatorSet, tag=TAG)
def get_set(set_id: str, ctx: RequestContext) -> IndicatorSet:
    """Read a set with its findings, comments, questions, history and confirmations."""
    return service.get_set(ctx, set_id)


@endpoint(bp, "/sets/{set_id}", "PATCH", roles=DRAFTERS, body=SetUpdate, response=IndicatorSet, tag=TAG)
def update_set(set_id: str, ctx: RequestContext, body: SetUpdate) -> IndicatorSet:
    """Change a draft or returned set (its title or its whole list of indicators)."""
    return service.update_set(ctx, set_id, body)


@endpoint(bp, "/sets/{set_id}/assign", "POST", roles=DRAFTERS, body=SetAssign, response=IndicatorSet, tag=TAG)
def assign_set(set_id: str, ctx: RequestContext, body: SetAssign) -> IndicatorSet:
    """Bulk-assign the set to every holder of a position and/or a list of people."""
    return service.assign_set(ctx, set_id, body)


@endpoint(bp, "/sets/{set_id}/check", "POST", roles=DRAFTERS, body=SetCheck, response=SetCheckResult, tag=TAG)
def check_set(set_id: str, ctx: RequestContext, body: SetCheck) -> SetCheckResult:
    """Dry-run the compliance check on the unsaved draft: the findings submit would attach (nothing written)."""
    return service.check_set(ctx, set_id, body)


@endpoint(bp, "/sets/{set_id}/submit", "POST", roles=DRAFTERS, body=SetAction, response=IndicatorSet, tag=TAG)
def submit_set(set_id: str, ctx: RequestContext, body: SetAction) -> IndicatorSet:
    """Submit the set for HR review; the compliance check runs and its findings are attached."""
    return service.submit_set(ctx, set_id, body)


@endpoint(bp, "/sets/{set_id}/withdraw", "POST", roles=DRAFTERS, body=SetAction, response=IndicatorSet, tag=TAG)
def withdraw_set(set_id: str, ctx: RequestContext, body: SetAction) -> IndicatorSet:
    """Take a set back from review to change it."""
    return service.withdraw_set(ctx, set_id, body)


@endpoint(bp, "/sets/{set_id}/approve", "POST", roles=HR_ADMIN, body=SetAction, response=IndicatorSet, tag=TAG)
def approve_set(set_id: str, ctx: RequestContext, body: SetAction) -> IndicatorSet:
    """Approve the set and publish it to each assignee's performance file as a locked version."""
    return service.approve_set(ctx, set_id, body)


@endpoint(bp, "/sets/{set_id}/return", "POST", roles=HR_ADMIN, body=SetReturn, response=IndicatorSet, tag=TAG)
def return_set(set_id: str, ctx: RequestContext, body: SetReturn) -> IndicatorSet:
    """Return the set to the manager with comments per indicator."""
    return service.return_set(ctx, set_id, body)


@endpoint(bp, "/sets/{set_id}/revise", "POST", roles=DRAFTERS, body=SetAction, response=IndicatorSet, tag=TAG)
def revise_set(set_id: str, ctx: RequestContext, body: SetAction) -> IndicatorSet:
    """Start a new version of a published set; it goes through review again."""
    return service.revise_set(ctx, set_id, body)


@endpoint(bp, "/sets/{set_id}/answer", "POST", roles=DRAFTERS, body=QuestionAnswer, response=IndicatorSet, tag=TAG)
def answer_question(set_id: str, ctx: RequestContext, body: QuestionAnswer) -> IndicatorSet:
    """Answer an employee's question about their published indicators."""
    return service.answer_question(ctx, set_id, body)


@endpoint(bp, "/sets/{set_id}/versions", roles=LEADERS, query=VersionsQuery, response=SetVersionList, tag=TAG)
def set_versions(set_id: str, ctx: RequestContext, query: VersionsQuery) -> SetVersionList:
    """Every published (locked) version of a set, a page at a time."""
    return service.set_versions(ctx, set_id, query)


# ---- rollout and performance files -------------------------------------------------------------


@endpoint(bp, "/rollout", roles=LEADERS, query=RolloutQuery, response=Rollout, tag=TAG)
def rollout(ctx: RequestContext, query: RolloutQuery) -> Rollout:
    """Rollout status per unit: not started, drafting, in review, returned, approved, confirmed."""
    return service.rollout(ctx, query)


@endpoint(bp, "/files/{person_id}", roles=LEADERS, query=FileQuery, response=FileEntryList, tag=TAG)
def person_file(person_id: str, ctx: RequestContext, query: FileQuery) -> FileEntryList:
    """A person's performance file (绩效档案): every locked version published to them, a page at a time."""
    return service.person_file(ctx, person_id, query)


@endpoint(bp, "/me", roles=ANYONE, query=FileQuery, response=FileEntryList, tag=TAG)
def my_file(ctx: RequestContext, query: FileQuery) -> FileEntryList:
    """My performance file (绩效档案): my published indicators and their confirmation state, a page at a time."""
    return service.my_file(ctx, query)


@endpoint(bp, "/me/{set_id}/confirm", "POST", roles=ANYONE, body=ConfirmBody, response=FileEntry, tag=TAG)
def confirm(set_id: str, ctx: RequestContext, body: ConfirmBody) -> FileEntry:
    """Confirm my published indicators."""
    return service.confirm(ctx, set_id, body)


@endpoint(bp, "/me/{set_id}/question", "POST", roles=ANYONE, body=QuestionBody, response=FileEntry, tag=TAG)
def ask(set_id: str, ctx: RequestContext, body: QuestionBody) -> FileEntry:
    """Raise a question about my published indicators (goes to my manager and HR)."""
    return service.ask(ctx, set_id, body)
