"""Person's file HTTP routes: parse, call one service function, return."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.api import endpoint
from chalicelib.core.context import ANYONE, HR_ADMIN, RequestContext
from chalicelib.people import pipl, roster, service
from chalicelib.people.schemas import (
    ChangeDecision,
    ChangeRequestCreate,
    ChangeRequestList,
    ChangeRequestView,
    ChangesQuery,
    CustomField,
    ExportQuery,
    FieldCreate,
    FieldList,
    FieldsQuery,
    FieldUpdate,
    FilePatch,
    FileView,
    FileWrite,
    InboxQuery,
    LegalHold,
    LegalHoldSet,
    PersonExport,
    Revealed,
    RevealRequest,
)

bp = Blueprint(__name__)


@endpoint(bp, "/{person_id}/file", roles=ANYONE, response=FileView, tag="people")
def get_person_file(person_id: str, ctx: RequestContext) -> FileView:
    """Read a person's file (人事档案): sensitive fields masked; managers see the non-sensitive part."""
    return service.get_file(ctx, person_id)


@endpoint(bp, "/{person_id}/file", "PUT", roles=HR_ADMIN, body=FileWrite, response=FileView, tag="people")
def put_person_file(person_id: str, ctx: RequestContext, body: FileWrite) -> FileView:
    """Create a person's file (no version) or replace it (the version you read)."""
    return service.put_file(ctx, person_id, body)


@endpoint(bp, "/{person_id}/file", "PATCH", roles=HR_ADMIN, body=FilePatch, response=FileView, tag="people")
def patch_person_file(person_id: str, ctx: RequestContext, body: FilePatch) -> FileView:
    """Change some fields of a person's file."""
    return service.patch_file(ctx, person_id, body)


@endpoint(bp, "/{person_id}/file/reveal", "POST", roles=ANYONE, body=RevealRequest, response=Revealed, tag="people")
def reveal_person_file_field(person_id: str, ctx: RequestContext, body: RevealRequest) -> Revealed:
    """Show one sensitive value in full (HR or the person; every reveal is audited)."""
    return service.reveal(ctx, person_id, body)


@endpoint(
    bp,
    "/{person_id}/file/changes",
    "POST",
    roles=ANYONE,
    body=ChangeRequestCreate,
    response=ChangeRequestView,
    status=201,
    tag="people",
)
def propose_file_change(person_id: str, ctx: RequestContext, body: ChangeRequestCreate) -> ChangeRequestView:
    """Propose changes to your own file; HR approves or rejects them."""
    return service.propose(ctx, person_id, body)


@endpoint(bp, "/{person_id}/file/changes", roles=ANYONE, query=ChangesQuery, response=ChangeRequestList, tag="people")
def list_file_changes(person_id: str, ctx: RequestContext, query: ChangesQuery) -> ChangeRequestList:
    """A person's change requests, newest first (the person and HR)."""
    return service.person_requests(ctx, person_id, query)


@endpoint(bp, "/file-changes", roles=HR_ADMIN, query=InboxQuery, response=ChangeRequestList, tag="people")
def file_changes_inbox(ctx: RequestContext, query: InboxQuery) -> ChangeRequestList:
    """Change requests in a status (pending by default), newest first: HR's inbox."""
    return service.inbox(ctx, query)


@endpoint(
    bp,
    "/file-changes/{change_id}/approve",
    "POST",
    roles=HR_ADMIN,
    body=ChangeDecision,
    response=ChangeRequestView,
    tag="people",
)
def approve_file_change(change_id: str, ctx: RequestContext, body: ChangeDecision) -> ChangeRequestView:
    """Approve a change request: the file changes, audited with before and after."""
    return service.approve(ctx, change_id, body)


@endpoint(
    bp,
    "/file-changes/{change_id}/reject",
    "POST",
    roles=HR_ADMIN,
    body=ChangeDecision,
    response=ChangeRequestView,
    tag="people",
)
def reject_file_change(change_id: str, ctx: RequestContext, body: ChangeDecision) -> ChangeRequestView:
    """Reject a change request."""
    return service.reject(ctx, change_id, body)


@endpoint(bp, "/fields", roles=HR_ADMIN, query=FieldsQuery, response=FieldList, tag="people")
def list_person_fields(ctx: RequestContext, query: FieldsQuery) -> FieldList:
    """The company's custom fields of the person's file."""
    return service.list_fields(ctx, query)


@endpoint(bp, "/fields", "POST", roles=HR_ADMIN, body=FieldCreate, response=CustomField, status=201, tag="people")
def create_person_field(ctx: RequestContext, body: FieldCreate) -> CustomField:
    """Add a custom field to every person's file (text, number, date, choice or person)."""
    return service.create_field(ctx, body)


@endpoint(bp, "/fields/{field_id}", roles=HR_ADMIN, response=CustomField, tag="people")
def get_person_field(field_id: str, ctx: RequestContext) -> CustomField:
    """Read one custom field of the person's file."""
    return service.get_field(ctx, field_id)


@endpoint(bp, "/fields/{field_id}", "PATCH", roles=HR_ADMIN, body=FieldUpdate, response=CustomField, tag="people")
def update_person_field(field_id: str, ctx: RequestContext, body: FieldUpdate) -> CustomField:
    """Relabel a custom field, change its choices, who sees it, whether it is required or active."""
    return service.update_field(ctx, field_id, body)


@endpoint(bp, "/roster", roles=HR_ADMIN, query=roster.RosterQuery, response=roster.RosterFile, tag="people")
def export_roster(ctx: RequestContext, query: roster.RosterQuery) -> roster.RosterFile:
    """The roster (花名册): every file as CSV or .xlsx, sensitive columns masked unless full=true (audited)."""
    return roster.export_roster(ctx, query)


@endpoint(
    bp,
    "/roster/import",
    "POST",
    roles=HR_ADMIN,
    body=roster.RosterImport,
    response=roster.RosterImported,
    status=201,
    tag="people",
)
def import_roster(ctx: RequestContext, body: roster.RosterImport) -> roster.RosterImported:
    """Import a roster (CSV or .xlsx) by employee number: all rows or none; 400 lists the bad rows."""
    return roster.import_roster(ctx, body)


@endpoint(bp, "/{person_id}/file/export", roles=ANYONE, query=ExportQuery, response=PersonExport, tag="people")
def export_person_data(person_id: str, ctx: RequestContext, query: ExportQuery) -> PersonExport:
    """Everything kept about one person as JSON (PIPL): HR or the person; masked unless full=true; audited."""
    return pipl.export(ctx, person_id, query)


@endpoint(bp, "/{person_id}/legal-hold", roles=HR_ADMIN, response=LegalHold, tag="people")
def get_legal_hold(person_id: str, ctx: RequestContext) -> LegalHold:
    """Whether the person's file is on legal hold (never erased while it is)."""
    return pipl.get_hold(ctx, person_id)


@endpoint(bp, "/{person_id}/legal-hold", "PUT", roles=HR_ADMIN, body=LegalHoldSet, response=LegalHold, tag="people")
def put_legal_hold(person_id: str, ctx: RequestContext, body: LegalHoldSet) -> LegalHold:
    """Set or clear the legal hold with a reason (audited): a held file is not erased after retention."""
    return pipl.set_hold(ctx, person_id, body)
