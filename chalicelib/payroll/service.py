"""Payroll set-up: the tenant's settings, city rule sets, pay structures and deduction declarations.

Salary data is seen by the payroll role (薪酬专员) and admins; a person sees and declares their own
special additional deductions. The run workflow is in :mod:`chalicelib.payroll.runs`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from chalicelib.core import audit, clock
from chalicelib.core.context import PAYROLL_ADMIN, RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Forbidden, Invalid, NotFound
from chalicelib.core.ids import new_id
from chalicelib.org import store as org_store
from chalicelib.payroll import deductions, formulas, store
from chalicelib.payroll.contributions import CityRules, FundRule
from chalicelib.payroll.schemas import (
    Declaration,
    DeclarationInput,
    PayrollSettings,
    PayStructure,
    PayStructureList,
    RuleSet,
    RuleSetInput,
    RuleSetList,
    SettingsInput,
    StructureInput,
)

_FAR = date(9999, 12, 31)


def _stale(found: int, sent: int) -> None:
    if found != sent:
        raise Conflict.field("version", "record.stale")


# ---- settings ---------------------------------------------------------------------------------------


def get_settings(ctx: RequestContext) -> PayrollSettings:
    """The tenant's settings, or the defaults (version 0) before the first save."""
    return store.find_settings(ctx.tenant_id) or PayrollSettings()


def put_settings(ctx: RequestContext, body: SettingsInput) -> PayrollSettings:
    formulas.check([c.formula for c in body.formula_components])
    before = store.find_settings(ctx.tenant_id)
    _stale(before.version if before else 0, body.version)
    after = PayrollSettings(**body.model_dump(), updated_at=clock.iso_now())
    changes = Changes()
    store.put_settings(changes, ctx.tenant_id, after)
    audit.record(
        changes,
        ctx,
        "update",
        "pay_settings",
        "settings",
        before.model_dump(mode="json") if before else None,
        after.model_dump(mode="json"),
    )
    changes.commit()
    return after.model_copy(update={"version": after.version + 1})


# ---- city rule sets ------------------------------------------------------------------------------------


def add_rule_set(ctx: RequestContext, body: RuleSetInput) -> RuleSet:
    """A city's contribution rules from a date. Periods of one city may not overlap (409 ``valid_from``)."""
    for other in store.rule_sets(ctx.tenant_id):
        if other.city == body.city and _overlap(other, body):
            raise Conflict.field(
                "valid_from", "payroll.rule_set_overlap", city=body.city, other=other.valid_from.isoformat()
            )
    rule_set = RuleSet(**body.model_dump(), rule_set_id=new_id(), created_at=clock.iso_now(), created_by=ctx.user_id)
    changes = Changes()
    store.add_rule_set(changes, ctx.tenant_id, rule_set)
    audit.record(changes, ctx, "create", "pay_rules", rule_set.rule_set_id, None, rule_set.model_dump(mode="json"))
    changes.commit()
    return rule_set.model_copy(update={"version": 1})


def _overlap(a: RuleSetInput, b: RuleSetInput) -> bool:
    a_end, b_end = a.valid_to or _FAR, b.valid_to or _FAR
    return a.valid_from <= b_end and b.valid_from <= a_end


def list_rule_sets(ctx: RequestContext) -> RuleSetList:
    return RuleSetList(items=sorted(store.rule_sets(ctx.tenant_id), key=lambda r: (r.city, r.valid_from)))


def city_rules(rule_set: RuleSet) -> CityRules:
    return CityRules(
        city=rule_set.city,
        valid_from=rule_set.valid_from,
        valid_to=rule_set.valid_to,
        source=rule_set.source,
        funds=tuple(
            FundRule(
                fund=f.fund,
                employee_rate=f.employee_rate,
                employer_rate=f.employer_rate,
                base_floor=f.base_floor,
                base_ceiling=f.base_ceiling,
                rounding=f.rounding,
            )
            for f in rule_set.funds
        ),
    )


# ---- pay structures ------------------------------------------------------------------------------------


def get_structure(ctx: RequestContext, person_id: str) -> PayStructure:
    org_store.get_person(ctx.tenant_id, person_id)  # 404 for another tenant's person
    found = store.find_structure(ctx.tenant_id, person_id)
    if found is None:
        raise NotFound("payroll.structure_not_found")
    return found


def structure_history(ctx: RequestContext, person_id: str) -> PayStructureList:
    """A person's pay history, newest effective date first (a structure saved before the history: itself)."""
    org_store.get_person(ctx.tenant_id, person_id)
    history = store.structure_history(ctx.tenant_id, person_id)
    current = store.find_structure(ctx.tenant_id, person_id)
    if not history and current is not None:
        history = [current]
    return PayStructureList(items=history)


def put_structure(ctx: RequestContext, person_id: str, body: StructureInput) -> PayStructure:
    """Set a person's pay from ``effective_from`` (``version``: the latest structure's, as read).

    A new date is a 调薪: a new entry of the pay history, and the latest structure. The same date
    corrects that entry. An earlier date than the latest is refused (400 ``effective_from``): months
    already paid are corrected with adjustments, and a run takes the entry in force on its last day.
    ``event_id`` names the lifecycle event (调薪/调岗/晋升…) on that date which the change implements.
    """
    org_store.get_person(ctx.tenant_id, person_id)
    before = store.find_structure(ctx.tenant_id, person_id)
    _stale(before.version if before else 0, body.version)
    if before is not None and body.effective_from < before.effective_from:
        raise Invalid.field("effective_from", "payroll.structure_backdated", latest=before.effective_from.isoformat())
    if body.event_id:
        _check_event(ctx, person_id, body)
    after = PayStructure(**body.model_dump(), person_id=person_id, updated_at=clock.iso_now(), updated_by=ctx.user_id)
    history = {h.effective_from: h for h in store.structure_history(ctx.tenant_id, person_id)}
    changes = Changes()
    store.put_structure(changes, ctx.tenant_id, after)
    if before is not None and before.effective_from not in history and before.effective_from != after.effective_from:
        store.put_structure_version(changes, ctx.tenant_id, before.model_copy(update={"version": 0}))
    same_day = history.get(after.effective_from)
    store.put_structure_version(
        changes, ctx.tenant_id, after.model_copy(update={"version": same_day.version if same_day else 0})
    )
    audit.record(
        changes,
        ctx,
        "update" if before else "create",
        "pay_structure",
        person_id,
        before.model_dump(mode="json") if before else None,
        after.model_dump(mode="json"),
    )
    changes.commit()
    return after.model_copy(update={"version": after.version + 1})


def _check_event(ctx: RequestContext, person_id: str, body: StructureInput) -> None:
    from chalicelib.employment import store as employment_store
    from chalicelib.employment.schemas import EventType

    try:
        event = employment_store.get_event(ctx.tenant_id, person_id, body.effective_from, str(body.event_id))
    except NotFound:
        raise Invalid.field("event_id", "payroll.event_not_found", date=body.effective_from.isoformat()) from None
    if event.type == EventType.DEPARTURE:
        raise Invalid.field("event_id", "payroll.event_not_pay_change")


# ---- special additional deductions ---------------------------------------------------------------------


def _declarant(ctx: RequestContext, person_id: str) -> None:
    org_store.get_person(ctx.tenant_id, person_id)
    if person_id != ctx.person_id and not ctx.has_any(PAYROLL_ADMIN):
        raise Forbidden.field("person_id", "payroll.not_yours")


def get_declaration(ctx: RequestContext, person_id: str) -> Declaration:
    _declarant(ctx, person_id)
    found = store.find_declaration(ctx.tenant_id, person_id) or Declaration(person_id=person_id)
    return found.model_copy(update={"monthly_total": deductions.monthly_total(as_declaration(found), clock.today())})


def put_declaration(ctx: RequestContext, person_id: str, body: DeclarationInput) -> Declaration:
    """The person's (or payroll's) declaration, checked against the standards in force today (400 by field)."""
    _declarant(ctx, person_id)
    before = store.find_declaration(ctx.tenant_id, person_id)
    _stale(before.version if before else 0, body.version)
    after = Declaration(**body.model_dump(), person_id=person_id, updated_at=clock.iso_now())
    total = deductions.monthly_total(as_declaration(after), clock.today())
    after = after.model_copy(update={"monthly_total": total})
    changes = Changes()
    store.put_declaration(changes, ctx.tenant_id, after)
    audit.record(
        changes,
        ctx,
        "update" if before else "create",
        "pay_declaration",
        person_id,
        before.model_dump(mode="json") if before else None,
        after.model_dump(mode="json"),
    )
    changes.commit()
    return after.model_copy(update={"version": after.version + 1})


def as_declaration(declaration: Declaration | None) -> deductions.Declaration:
    if declaration is None:
        return deductions.Declaration()
    return deductions.Declaration(
        children_education=tuple(Decimal(s) for s in declaration.children_education),
        infant_care=tuple(Decimal(s) for s in declaration.infant_care),
        elderly_only_child=declaration.elderly_only_child,
        elderly_sibling_share=declaration.elderly_sibling_share,
        housing=declaration.housing,
        continuing_education_degree=declaration.continuing_education_degree,
        certificates=tuple(declaration.certificates),
    )
