"""The person's file: who sees what, sealing and masking the sensitive fields, change requests, custom fields.

Who sees a file (docs/decisions.md 2026-12-07):

* HR and admins: every field, sensitive ones masked; they may reveal one field at a time (audited).
* The person: their whole file the same way (masked, may reveal their own values; audited).
* Their managers (line manager, or head of a unit above them) and executives: ``MANAGER_VISIBLE``
  only; everything else is null and listed in ``hidden``. They cannot reveal.
* Anyone else in the company: 403.

A person who has left (org status ``left``, set when the departure takes effect) keeps the file for
retention, read-only: HR's writes, proposals and approvals answer 409 ``peoplefile.departed``; reading,
revealing (audited) and rejecting a pending request still work.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from chalicelib.core import audit, clock, links
from chalicelib.core.context import HR_ADMIN, RequestContext, Role
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Detail, Forbidden, Internal, Invalid, NotFound
from chalicelib.core.ids import new_id
from chalicelib.core.messages import text
from chalicelib.core.observability import logger
from chalicelib.core.paging import page_request
from chalicelib.core.schema import invalid_input, merged
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, PersonStatus
from chalicelib.people import idnumbers, sealing, store
from chalicelib.people.schemas import (
    MANAGER_VISIBLE,
    MAX_CUSTOM_FIELDS,
    SENSITIVE,
    ChangeDecision,
    ChangeRequest,
    ChangeRequestCreate,
    ChangeRequestList,
    ChangeRequestView,
    ChangesQuery,
    ChangeStatus,
    CustomField,
    CustomShown,
    FieldCreate,
    FieldList,
    FieldsQuery,
    FieldType,
    FieldUpdate,
    FilePatch,
    FileView,
    FileWrite,
    IdType,
    InboxQuery,
    PersonFile,
    Revealed,
    RevealRequest,
    Viewer,
)

HR, SELF, MANAGER = "hr", "self", "manager"
# What an employee may not propose for their own file: HR's facts about the employment.
NOT_SELF_EDITABLE = frozenset({"start_date", "employment_type"})
_FILE_FIELDS = tuple(
    f
    for f in FileView.model_fields
    if f
    not in {
        "person_id",
        "employee_no",
        "custom",
        "masked",
        "hidden",
        "can_reveal",
        "status",
        "read_only",
        "updated_at",
        "erased_at",
        "version",
    }
)


# ---- access -----------------------------------------------------------------------------------


def _person(ctx: RequestContext, person_id: str) -> Person:
    person = org_store.find_person(ctx.tenant_id, person_id)
    if person is None:
        raise NotFound("person.not_found")
    return person


def _access(ctx: RequestContext, person: Person) -> str:
    if ctx.has_any(HR_ADMIN):
        return HR
    if ctx.person_id and person.person_id == ctx.person_id:
        return SELF
    if Role.EXECUTIVE in ctx.roles or (ctx.person_id and person.manager_id == ctx.person_id):
        return MANAGER
    if ctx.managed_unit_ids:
        unit = org_store.find_unit(ctx.tenant_id, person.unit_id)
        if unit and any(u in unit.path for u in ctx.managed_unit_ids):
            return MANAGER
    raise Forbidden.field("person_id", "peoplefile.not_yours")


def _writable(person: Person) -> Person:
    """409 naming the state when the person has left: the kept file no longer changes."""
    if person.status == PersonStatus.LEFT:
        raise Conflict.field("person_id", "peoplefile.departed", name=person.name)
    return person


def _file(ctx: RequestContext, person_id: str) -> PersonFile:
    found = store.find_file(ctx.tenant_id, person_id)
    if found is None:  # the detail carries the code, so a screen can offer to create the file
        raise NotFound.field("person_id", "peoplefile.no_file")
    return found


# ---- masks ------------------------------------------------------------------------------------


def _stars(value: str, keep_start: int, keep_end: int) -> str:
    hidden = max(len(value) - keep_start - keep_end, 1)
    return value[:keep_start] + "*" * hidden + (value[-keep_end:] if keep_end else "")


def mask(field: str, value: Any) -> Any:
    """What a response shows of a sensitive value."""
    if field == "id_number":
        return idnumbers.mask(str(value))
    if field == "bank_account":
        return "**** **** " + str(value)[-4:]
    if field == "address":
        text = str(value)
        return text[: 6 if len(text) > 8 else 2] + "…"
    if field == "emergency_contact":
        return {
            "name": _stars(value["name"], 1, 0),
            "relation": value["relation"],
            "phone": _stars(value["phone"], 3, 4),
        }
    return "******"


# ---- reading ----------------------------------------------------------------------------------


def _definitions(tenant_id: str) -> dict[str, CustomField]:
    return {d.field_id: d for d in store.list_fields(tenant_id)}


def _sees(definition: CustomField, access: str) -> bool:
    return (
        access == HR
        or (access == SELF and Viewer.SELF in definition.visible_to)
        or (access == MANAGER and Viewer.MANAGER in definition.visible_to)
    )


def _view(person: Person, pf: PersonFile, access: str, definitions: dict[str, CustomField]) -> FileView:
    values: dict[str, Any] = pf.model_dump(include=set(_FILE_FIELDS))
    for field in SENSITIVE:
        values[field] = pf.masks.get(field)
    if pf.erased_at:
        values["legal_name"] = None
    hidden = [f for f in _FILE_FIELDS if access == MANAGER and f not in MANAGER_VISIBLE]
    for field in hidden:
        values[field] = None
    custom = [
        CustomShown(
            field_id=d.field_id,
            label={"zh-CN": d.label_zh, "en": d.label_en},
            type=d.type,
            value=pf.custom.get(d.field_id),
        )
        for d in definitions.values()
        if d.active and _sees(d, access)
    ]
    return FileView(
        person_id=pf.person_id,
        employee_no=person.employee_no,
        **values,
        custom=custom,
        masked=[f for f in SENSITIVE if f in pf.sealed and f not in hidden],
        hidden=hidden,
        can_reveal=access in (HR, SELF),
        status=person.status,
        read_only=person.status == PersonStatus.LEFT,
        erased_at=pf.erased_at,
        updated_at=pf.updated_at,
        version=pf.version,
    )


def get_file(ctx: RequestContext, person_id: str) -> FileView:
    person = _person(ctx, person_id)
    access = _access(ctx, person)
    return _view(person, _file(ctx, person_id), access, _definitions(ctx.tenant_id))


def reveal(ctx: RequestContext, person_id: str, body: RevealRequest) -> Revealed:
    """One sensitive value in full, for HR or the person; every call is written to the audit log."""
    person = _person(ctx, person_id)
    if _access(ctx, person) not in (HR, SELF):
        raise Forbidden.field("field", "peoplefile.reveal_not_allowed")
    pf = _file(ctx, person_id)
    field = body.field.value
    value = None
    if field in pf.sealed:
        value = _open(ctx.tenant_id, pf.sealed[field], sealing.associated_data(ctx.tenant_id, person_id, field))
    changes = Changes()
    audit.record(changes, ctx, "reveal", "person_file", person_id, None, {"field": field, "person_id": person_id})
    changes.commit()
    return Revealed(field=body.field, value=value)


def _open(tenant_id: str, sealed: str, aad: bytes) -> Any:
    try:
        return sealing.open_sealed(store.data_key(tenant_id), sealed, aad)
    except sealing.Unreadable:
        logger.error("sealed value does not authenticate", extra={"aad": aad.decode()})
        raise Internal("peoplefile.unreadable") from None


# ---- writing ----------------------------------------------------------------------------------


def audit_values(pf: PersonFile | None) -> dict[str, Any] | None:
    """A file for the audit log: the masks of sensitive values, never their ciphertexts."""
    return None if pf is None else pf.model_dump(mode="json", exclude={"sealed"})


def compose(
    ctx: RequestContext,
    person_id: str,
    before: PersonFile | None,
    changes: dict[str, Any],
    *,
    full: bool,
    aad_suffix: str = "",
    definitions: dict[str, CustomField] | None = None,
) -> PersonFile:
    """``before`` with ``changes`` (JSON values; null clears) applied, validated, sensitive values sealed."""
    tenant = ctx.tenant_id
    changes = dict(changes)
    details: list[Detail] = []
    keep = before if before is not None and not full else None
    base: dict[str, Any] = (
        keep.model_dump(mode="json", exclude={"sealed", "masks", "version", "updated_at"})
        if keep
        else {"person_id": person_id}
    )
    sealed = dict(keep.sealed) if keep else {}
    masks = dict(keep.masks) if keep else {}

    id_type = changes.get("id_type") or base.get("id_type") or IdType.RESIDENT_ID.value
    number = changes.get("id_number")
    if before is not None and changes.get("id_type") not in (None, before.id_type.value) and number is None:
        details.append(Detail("id_number", "peoplefile.id_number_with_type"))
    if id_type == IdType.RESIDENT_ID.value:
        derived: dict[str, Any] = {}
        if number is not None:
            number = changes["id_number"] = str(number).upper()
            problem = idnumbers.problem(number)
            if problem:
                details.append(Detail("id_number", problem))
            else:
                derived = {"birth_date": idnumbers.birth_date(number).isoformat(), "gender": idnumbers.gender(number)}
        elif keep is not None:
            derived = {"birth_date": base.get("birth_date"), "gender": base.get("gender")}
        for field, value in derived.items():
            if changes.get(field) is not None and changes[field] != value:
                details.append(Detail(field, "peoplefile.id_mismatch"))
            changes[field] = value

    custom = _custom(
        ctx,
        keep.custom if keep else {},
        changes.pop("custom", None),
        full=full,
        details=details,
        definitions=definitions,
    )
    if details:
        raise Invalid("input.invalid_fields", details, count=len(details))

    key = None
    for field in SENSITIVE:
        if field not in changes:
            continue
        value = changes.pop(field)
        if value is None:
            sealed.pop(field, None)
            masks.pop(field, None)
            continue
        key = key or store.data_key(tenant)
        sealed[field] = sealing.seal(key, value, sealing.associated_data(tenant, person_id, field + aad_suffix))
        masks[field] = mask(field, value)
    base.update(changes)
    try:
        return PersonFile.model_validate(
            {
                **base,
                "custom": custom,
                "sealed": sealed,
                "masks": masks,
                "updated_at": clock.iso_now(),
                "version": before.version if before else 0,
            }
        )
    except ValidationError as exc:
        raise invalid_input(exc) from None


def _custom(
    ctx: RequestContext,
    current: dict[str, Any],
    sent: dict[str, Any] | None,
    *,
    full: bool,
    details: list[Detail],
    definitions: dict[str, CustomField] | None = None,
) -> dict[str, Any]:
    """Custom values after ``sent`` is applied, each checked against its definition."""
    if sent is None and not full:
        return dict(current)
    if definitions is None:
        definitions = _definitions(ctx.tenant_id)
    result = {} if full else dict(current)
    for field_id, value in (sent or {}).items():
        definition = definitions.get(field_id)
        where = f"custom.{field_id}"
        if definition is None or not definition.active:
            details.append(Detail(where, "peoplefile.custom_unknown"))
        elif value is None:
            if definition.required:
                details.append(Detail(where, "peoplefile.custom_required"))
            result.pop(field_id, None)
        else:
            checked = _custom_value(ctx, definition, value, where, details)
            if checked is not None:
                result[field_id] = checked
    if full:
        details.extend(
            Detail(f"custom.{d.field_id}", "peoplefile.custom_required")
            for d in definitions.values()
            if d.active and d.required and d.field_id not in result and d.field_id not in (sent or {})
        )
    return result


def _custom_value(ctx: RequestContext, definition: CustomField, value: Any, where: str, details: list[Detail]) -> Any:
    kind = definition.type
    if kind == FieldType.NUMBER:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        details.append(Detail(where, "peoplefile.custom_number"))
        return None
    if not isinstance(value, str):
        details.append(Detail(where, "peoplefile.custom_text"))
        return None
    if kind == FieldType.TEXT and len(value) > 500:
        details.append(Detail(where, "peoplefile.custom_text"))
    elif kind == FieldType.DATE:
        try:
            return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad(details, where, kind)
        except ValueError:
            return _bad(details, where, kind)
    elif kind == FieldType.CHOICE and value not in definition.choices:
        details.append(Detail(where, "peoplefile.custom_choice", choices=definition.choices))
    elif kind == FieldType.PERSON and org_store.find_person(ctx.tenant_id, value) is None:
        details.append(Detail(where, "peoplefile.custom_person"))
    else:
        return value
    return None


def _bad(details: list[Detail], where: str, kind: FieldType) -> None:
    details.append(Detail(where, "peoplefile.custom_date" if kind == FieldType.DATE else "peoplefile.custom_text"))


def _save(
    ctx: RequestContext, before: PersonFile | None, after: PersonFile, action: str, extra: Changes | None = None
) -> PersonFile:
    changes = extra or Changes()
    store.add_file(changes, ctx.tenant_id, after, new=before is None)
    stage_birth(changes, ctx.tenant_id, before, after)
    audit.record(changes, ctx, action, "person_file", after.person_id, audit_values(before), audit_values(after))
    changes.commit()
    return after.model_copy(update={"version": after.version + 1 if before else 1})


def stage_birth(changes: Changes, tenant_id: str, before: PersonFile | None, after: PersonFile) -> None:
    """The lean birth-month item the analytics read, written only when the birth date changes."""
    if before is None or before.birth_date != after.birth_date:
        store.stage_birth(changes, tenant_id, after.person_id, after.birth_date)


def put_file(ctx: RequestContext, person_id: str, body: FileWrite) -> FileView:
    person = _writable(_person(ctx, person_id))
    before = store.find_file(ctx.tenant_id, person_id)
    if before is not None and body.version is None:
        raise Conflict.field("version", "peoplefile.file_exists")
    if before is None and body.version is not None:
        raise NotFound("peoplefile.no_file")
    values = body.model_dump(mode="json", exclude={"version"})
    after = compose(ctx, person_id, before, values, full=True)
    if before is not None:
        after = after.model_copy(update={"version": body.version})
    saved = _save(ctx, before, after, "create" if before is None else "replace")
    return _view(person, saved, HR, _definitions(ctx.tenant_id))


def patch_file(ctx: RequestContext, person_id: str, body: FilePatch) -> FileView:
    person = _writable(_person(ctx, person_id))
    before = _file(ctx, person_id)
    after = compose(
        ctx, person_id, before, body.model_dump(mode="json", exclude_unset=True, exclude={"version"}), full=False
    ).model_copy(update={"version": body.version})
    saved = _save(ctx, before, after, "update")
    return _view(person, saved, HR, _definitions(ctx.tenant_id))


# ---- change requests --------------------------------------------------------------------------


def _request_view(request: ChangeRequest) -> ChangeRequestView:
    proposed = {**request.plain, **request.masks, **{f: None for f in request.cleared}}
    return ChangeRequestView(
        request_id=request.request_id,
        person_id=request.person_id,
        status=request.status,
        changes=proposed,
        note=request.note,
        created_at=request.created_at,
        decided_at=request.decided_at,
        decision_note=request.decision_note,
        version=request.version,
    )


def propose(ctx: RequestContext, person_id: str, body: ChangeRequestCreate) -> ChangeRequestView:
    """An employee proposes changes to their own file; HR approves or rejects them."""
    person = _person(ctx, person_id)
    if person.person_id != ctx.person_id:
        raise Forbidden.field("person_id", "peoplefile.own_file_only")
    _writable(person)
    current = _file(ctx, person_id)
    proposed = body.changes.model_dump(mode="json", exclude_unset=True)
    if not proposed:
        raise Invalid.field("changes", "peoplefile.nothing_to_change")
    blocked = [Detail(f"changes.{f}", "peoplefile.not_self_editable") for f in proposed if f in NOT_SELF_EDITABLE]
    definitions = _definitions(ctx.tenant_id)
    blocked += [
        Detail(f"changes.custom.{f}", "peoplefile.custom_unknown")
        for f in proposed.get("custom") or {}
        if f in definitions and not _sees(definitions[f], SELF)
    ]
    if blocked:
        raise Invalid("input.invalid_fields", blocked, count=len(blocked))
    compose(ctx, person_id, current, proposed, full=False)  # the same checks HR's edit would meet, now
    request_id = new_id()
    key = None
    sealed, masks = {}, {}
    for field in SENSITIVE:
        if proposed.get(field) is not None:
            key = key or store.data_key(ctx.tenant_id)
            value = proposed.pop(field)
            sealed[field] = sealing.seal(
                key, value, sealing.associated_data(ctx.tenant_id, person_id, f"{field}@{request_id}")
            )
            masks[field] = mask(field, value)
    cleared = [f for f, v in proposed.items() if v is None]
    request = ChangeRequest(
        request_id=request_id,
        person_id=person_id,
        plain={f: v for f, v in proposed.items() if v is not None},
        sealed=sealed,
        masks=masks,
        cleared=cleared,
        note=body.note,
        created_at=clock.iso_now(),
        created_by=ctx.user_id,
    )
    changes = Changes()
    store.add_change(changes, ctx.tenant_id, request, new=True)
    audit.record(
        changes,
        ctx,
        "propose",
        "person_file",
        person_id,
        None,
        {"request_id": request_id, **_request_view(request).changes},
    )
    changes.commit()
    _tell_hr(ctx, current)
    return _request_view(request.model_copy(update={"version": 1}))


def _tell_hr(ctx: RequestContext, person_file: PersonFile) -> None:
    """An inbox entry (pending, in the daily digest) for each HR user; never fails the request."""
    from chalicelib.collab.notify import notify
    from chalicelib.tenancy import store as tenancy_store

    try:
        hr = [
            m.person_id
            for m in tenancy_store.list_members(ctx.tenant_id)
            if m.person_id and m.status == "active" and set(m.roles) & HR_ADMIN
        ]
        notify(
            ctx,
            hr,
            "approval_needed",
            text("peoplefile.change_to_review", name=person_file.legal_name).both(),
            links.person_file(person_file.person_id),
        )
    except Exception:  # noqa: BLE001 - the request is saved; a missed inbox entry must not undo it
        logger.exception("change request notification failed")


def person_requests(ctx: RequestContext, person_id: str, query: ChangesQuery) -> ChangeRequestList:
    person = _person(ctx, person_id)
    if _access(ctx, person) not in (HR, SELF):
        raise Forbidden.field("person_id", "peoplefile.not_yours")
    page = store.person_changes_page(
        ctx.tenant_id, person_id, page_request(ctx.tenant_id, f"people.changes.{person_id}", query)
    )
    return ChangeRequestList(items=[_request_view(r) for r in page.items], next_cursor=page.next_cursor)


def inbox(ctx: RequestContext, query: InboxQuery) -> ChangeRequestList:
    page = store.status_changes_page(
        ctx.tenant_id, query.status, page_request(ctx.tenant_id, f"people.inbox.{query.status}", query)
    )
    return ChangeRequestList(items=[_request_view(r) for r in page.items], next_cursor=page.next_cursor)


def _pending(ctx: RequestContext, request_id: str, body: ChangeDecision) -> ChangeRequest:
    try:
        request = store.get_change(ctx.tenant_id, request_id)
    except NotFound:
        raise NotFound("peoplefile.request_not_found") from None
    if request.status != ChangeStatus.PENDING:
        raise Conflict("peoplefile.request_decided")
    return request.model_copy(update={"version": body.version})


def _decided(ctx: RequestContext, request: ChangeRequest, status: ChangeStatus, body: ChangeDecision) -> ChangeRequest:
    return request.model_copy(
        update={"status": status, "decided_at": clock.iso_now(), "decided_by": ctx.user_id, "decision_note": body.note}
    )


def approve(ctx: RequestContext, request_id: str, body: ChangeDecision) -> ChangeRequestView:
    """Apply the proposed changes to the file (audited with before/after, sensitive values masked)."""
    request = _pending(ctx, request_id, body)
    _writable(_person(ctx, request.person_id))
    before = _file(ctx, request.person_id)
    values: dict[str, Any] = {**request.plain, **{f: None for f in request.cleared}}
    for field, sealed in request.sealed.items():
        values[field] = _open(
            ctx.tenant_id, sealed, sealing.associated_data(ctx.tenant_id, request.person_id, f"{field}@{request_id}")
        )
    after = compose(ctx, request.person_id, before, values, full=False)
    decided = _decided(ctx, request, ChangeStatus.APPROVED, body)
    changes = Changes()
    store.add_change(changes, ctx.tenant_id, decided, new=False)
    _save(ctx, before, after, "approve_change", changes)
    return _request_view(decided.model_copy(update={"version": decided.version + 1}))


def reject(ctx: RequestContext, request_id: str, body: ChangeDecision) -> ChangeRequestView:
    request = _pending(ctx, request_id, body)
    decided = _decided(ctx, request, ChangeStatus.REJECTED, body)
    changes = Changes()
    store.add_change(changes, ctx.tenant_id, decided, new=False)
    audit.record(
        changes,
        ctx,
        "reject_change",
        "person_file",
        request.person_id,
        None,
        {"request_id": request_id, "note": body.note},
    )
    changes.commit()
    return _request_view(decided.model_copy(update={"version": decided.version + 1}))


# ---- custom fields ----------------------------------------------------------------------------


def _check_choices(kind: FieldType, choices: list[str]) -> None:
    if kind == FieldType.CHOICE and not choices:
        raise Invalid.field("choices", "peoplefile.choices_required")
    if kind != FieldType.CHOICE and choices:
        raise Invalid.field("choices", "peoplefile.choices_only_for_choice")


def create_field(ctx: RequestContext, body: FieldCreate) -> CustomField:
    _check_choices(body.type, body.choices)
    if len(store.list_fields(ctx.tenant_id)) >= MAX_CUSTOM_FIELDS:
        raise Conflict("peoplefile.too_many_fields", limit=MAX_CUSTOM_FIELDS)
    definition = CustomField(field_id=new_id(), **body.model_dump())
    changes = Changes()
    store.add_field(changes, ctx.tenant_id, definition, new=True)
    audit.record(changes, ctx, "create", "person_field", definition.field_id, None, definition.model_dump(mode="json"))
    changes.commit()
    return definition.model_copy(update={"version": 1})


def get_field(ctx: RequestContext, field_id: str) -> CustomField:
    try:
        return store.get_field(ctx.tenant_id, field_id)
    except NotFound:
        raise NotFound("peoplefile.field_not_found") from None


def update_field(ctx: RequestContext, field_id: str, body: FieldUpdate) -> CustomField:
    before = get_field(ctx, field_id)
    after = merged(before, body.changes(), version=body.version)
    _check_choices(after.type, after.choices)
    changes = Changes()
    store.add_field(changes, ctx.tenant_id, after, new=False)
    audit.record(
        changes, ctx, "update", "person_field", field_id, before.model_dump(mode="json"), after.model_dump(mode="json")
    )
    changes.commit()
    return after.model_copy(update={"version": after.version + 1})


def list_fields(ctx: RequestContext, query: FieldsQuery) -> FieldList:
    page = store.fields_page(ctx.tenant_id, page_request(ctx.tenant_id, "people.fields", query))
    return FieldList(items=page.items, next_cursor=page.next_cursor)
