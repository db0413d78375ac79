"""Employment rules: contracts within the legal bounds, effective-dated lifecycle events, history, analytics.

A lifecycle event is a record with an effective date. Effective today or earlier, it applies at once: the
person moves in the org (through the org service, in the same transaction as the event, its assignment
period and the audit records). Future-dated, it is scheduled (a date-keyed item) and the daily reminder job
applies it when due (:func:`apply_due`, idempotent). Assignment periods keyed by person and start date
answer "where was P on day D" with one Query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from chalicelib.core import audit, clock
from chalicelib.core.context import HR_ADMIN, RequestContext, Role
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, DomainError, Forbidden, Invalid
from chalicelib.core.ids import new_id
from chalicelib.core.messages import text
from chalicelib.core.observability import logger
from chalicelib.core.paging import page_of, page_request
from chalicelib.employment import handover, rules, store
from chalicelib.employment.schemas import (
    MOVES,
    Contract,
    ContractCreate,
    ContractList,
    ContractsQuery,
    ContractTerms,
    ContractType,
    DueKind,
    Event,
    EventCreate,
    EventList,
    EventsQuery,
    EventStatus,
    EventType,
    Expiring,
    ExpiringList,
    ExpiringQuery,
    Headcount,
    HeadcountQuery,
    Hire,
    HireResult,
    HistoryList,
    HistoryQuery,
    MonthRow,
    Period,
    PeriodStatus,
)
from chalicelib.org import service as org
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, PersonStatus
from chalicelib.people import retention

CONTRACT_WINDOW = 30  # days: contracts ending this soon show on the HR desk
PROBATION_WINDOW = 14
MILESTONES = {DueKind.CONTRACT_END: (7, 30), DueKind.PROBATION_END: (PROBATION_WINDOW,)}
NEEDS_END = frozenset({ContractType.FIXED_TERM, ContractType.INTERNSHIP, ContractType.LABOUR_DISPATCH})
MAX_MONTHS = 36
SYSTEM_USER = "system:employment"


# ---- who may read -------------------------------------------------------------------------------


def _person_for(ctx: RequestContext, person_id: str) -> Person:
    """The person (404 in another tenant); HR and admins see everyone's records, a person their own."""
    person = org_store.get_person(ctx.tenant_id, person_id)
    if not (ctx.has_any(HR_ADMIN) or person_id == ctx.person_id):
        raise Forbidden.field("person_id", "employment.not_yours")
    return person


# ---- contracts ----------------------------------------------------------------------------------


def check_terms(terms: ContractTerms, existing: list[Contract], renews: str | None = None) -> tuple[int, bool]:
    """Validate a contract against the law and the person's earlier contracts (400 naming the field).

    Returns the legal probation bound in months and whether the employee may require an open-ended contract.
    """
    kind = text(f"employment.type.{terms.type.value}")
    if terms.type == ContractType.OPEN_ENDED and terms.end_date is not None:
        raise Invalid.field("end_date", "employment.end_not_allowed")
    if terms.type in NEEDS_END and terms.end_date is None:
        raise Invalid.field("end_date", "employment.end_required", type=kind)
    if terms.end_date is not None and terms.end_date < terms.start_date:
        raise Invalid.field("end_date", "employment.end_before_start")
    limit = rules.probation_limit(terms.type.value, terms.start_date, terms.end_date)
    if terms.probation_end is not None:
        if terms.probation_end < terms.start_date:
            raise Invalid.field("probation_end", "employment.probation_before_start")
        if limit.max_months == 0 and terms.type.value in rules.rule_on(terms.start_date).no_probation_types:
            raise Invalid.field("probation_end", "employment.probation_not_allowed", type=kind, source=limit.source)
        if limit.max_months == 0:
            raise Invalid.field("probation_end", "employment.probation_too_short_term", source=limit.source)
        if limit.latest_end is not None and terms.probation_end > limit.latest_end:
            raise Invalid.field(
                "probation_end",
                "employment.probation_too_long",
                months=limit.max_months,
                latest=limit.latest_end.isoformat(),
                source=limit.source,
            )
        if any(c.probation_end is not None for c in existing):
            raise Invalid.field("probation_end", "employment.probation_once")
    right = False
    if renews is not None:
        by_id = {c.contract_id: c for c in existing}
        renewed = by_id.get(renews)
        if renewed is None:
            raise Invalid.field("renews", "employment.renews_not_found")
        if any(c.renews == renews for c in existing):
            raise Invalid.field("renews", "employment.renews_already")
        if renewed.end_date is not None and terms.start_date <= renewed.end_date:
            raise Invalid.field("start_date", "employment.renewal_starts_early", after=renewed.end_date.isoformat())
        chain: list[str] = []
        current: Contract | None = renewed
        while current is not None and len(chain) < len(existing):
            chain.append(current.type.value)
            current = by_id.get(current.renews) if current.renews else None
        right = rules.open_ended_right(chain)
    return limit.max_months, right


def _new_contract(person_id: str, terms: ContractTerms, renews: str | None, months: int, right: bool) -> Contract:
    return Contract(
        contract_id=new_id(),
        person_id=person_id,
        type=terms.type,
        start_date=terms.start_date,
        end_date=terms.end_date,
        probation_end=terms.probation_end,
        probation_max_months=months,
        signed_on=terms.signed_on,
        renews=renews,
        open_ended_right=right,
        note=terms.note,
        created_at=clock.iso_now(),
    )


def _stage_contract(changes: Changes, ctx: RequestContext, contract: Contract, person_name: str) -> None:
    store.add_contract(changes, ctx.tenant_id, contract, new=True)
    if contract.end_date is not None:
        store.add_due(changes, ctx.tenant_id, contract.end_date, DueKind.CONTRACT_END, contract, person_name)
    if contract.probation_end is not None:
        store.add_due(changes, ctx.tenant_id, contract.probation_end, DueKind.PROBATION_END, contract, person_name)
    audit.record(changes, ctx, "create", "contract", contract.contract_id, None, contract.model_dump(mode="json"))


def create_contract(ctx: RequestContext, person_id: str, body: ContractCreate) -> Contract:
    person = org_store.get_person(ctx.tenant_id, person_id)
    existing = store.contracts_of(ctx.tenant_id, person_id)
    months, right = check_terms(body, existing, body.renews)
    contract = _new_contract(person_id, body, body.renews, months, right)
    changes = Changes()
    _stage_contract(changes, ctx, contract, person.name)
    renewed = next((c for c in existing if c.contract_id == body.renews), None)
    if renewed is not None and renewed.end_date is not None:
        store.drop_due(changes, ctx.tenant_id, renewed.end_date, DueKind.CONTRACT_END, renewed.contract_id)
    changes.commit()
    return contract.model_copy(update={"version": 1})


def list_contracts(ctx: RequestContext, person_id: str, query: ContractsQuery) -> ContractList:
    _person_for(ctx, person_id)
    page = store.contracts_page(
        ctx.tenant_id, person_id, page_request(ctx.tenant_id, f"employment.contracts:{person_id}", query)
    )
    return ContractList(items=page.items, next_cursor=page.next_cursor)


# ---- lifecycle events ---------------------------------------------------------------------------


def _check_event(body: EventCreate, current: Period | None) -> None:
    kind = text(f"employment.event.{body.type.value}")
    moves = body.type in MOVES
    if body.type in (EventType.HIRE, EventType.REHIRE) and not body.unit_id:
        raise Invalid.field("unit_id", "employment.field_required", type=kind)
    if body.type in (EventType.TRANSFER, EventType.PROMOTION) and not (
        body.unit_id or body.position_id or body.manager_id
    ):
        raise Invalid.field("unit_id", "employment.field_required", type=kind)
    if not moves:
        for name in ("unit_id", "position_id", "manager_id"):
            if getattr(body, name):
                raise Invalid.field(name, "employment.field_not_allowed", type=kind)
    if body.type == EventType.DEPARTURE:
        if body.reason is None:
            raise Invalid.field("reason", "employment.field_required", type=kind)
        if body.last_working_day is None:
            raise Invalid.field("last_working_day", "employment.field_required", type=kind)
        if body.last_working_day != body.effective_date:
            raise Invalid.field("last_working_day", "employment.last_day_after_effective")
    else:
        for name in ("reason", "last_working_day", "hand_over_to"):
            if getattr(body, name) is not None:
                raise Invalid.field(name, "employment.field_not_allowed", type=kind)
    left = current is not None and current.status == PeriodStatus.LEFT
    if body.type == EventType.HIRE and current is not None and not left:
        raise Conflict.field("type", "employment.already_hired")
    if body.type == EventType.REHIRE and not left:
        raise Conflict.field("type", "employment.still_employed")
    if body.type not in (EventType.HIRE, EventType.REHIRE) and left:
        raise Conflict.field("effective_date", "employment.not_employed")


def record_event(ctx: RequestContext, person_id: str, body: EventCreate) -> Event:
    """Record an event; apply it now when effective today or earlier, else schedule it."""
    org_store.get_person(ctx.tenant_id, person_id)
    _check_event(body, store.period_on(ctx.tenant_id, person_id, body.effective_date))
    if body.hand_over_to:
        handover.check_target(ctx, person_id, body.hand_over_to, "hand_over_to")
    event = Event(
        event_id=new_id(),
        person_id=person_id,
        created_at=clock.iso_now(),
        **body.model_dump(exclude={"type"}),
        type=body.type,
    )
    if event.effective_date <= clock.today():
        return apply_event(ctx, event, new=True)
    changes = Changes()
    store.add_event(changes, ctx.tenant_id, event, new=True)
    store.schedule(changes, ctx.tenant_id, event)
    audit.record(changes, ctx, "schedule", "employment_event", event.event_id, None, event.model_dump(mode="json"))
    changes.commit()
    return event.model_copy(update={"version": 1})


def apply_event(ctx: RequestContext, event: Event, *, new: bool) -> Event:
    """Apply an event in one transaction: the org move, the assignment period, side effects, the event itself."""
    changes = Changes()
    period: Period | None = None
    after: Person | None = None
    logins: list[tuple[str, bool]] = []
    update: dict[str, object] = {"status": EventStatus.APPLIED, "applied_at": clock.iso_now()}
    taker: Person | None = None
    if event.type in MOVES:
        status = PersonStatus.ACTIVE if event.type in (EventType.HIRE, EventType.REHIRE) else None
        after = org.stage_move(
            changes,
            ctx,
            event.person_id,
            unit_id=event.unit_id,
            position_id=event.position_id,
            manager_id=event.manager_id,
            status=status,
            action=event.type.value,
        )
        period = _period(after, event.effective_date, PeriodStatus.EMPLOYED, event)
        if event.type == EventType.REHIRE:
            logins = _stage_sign_in(changes, ctx, event.person_id, enabled=True)
    elif event.type == EventType.DEPARTURE:
        after = org.stage_move(changes, ctx, event.person_id, status=PersonStatus.LEFT, action="departure")
        period = _period(after, event.effective_date + timedelta(days=1), PeriodStatus.LEFT, event)
        logins = _stage_sign_in(changes, ctx, event.person_id, enabled=False)
        retention.stage_due(changes, ctx.tenant_id, event.person_id, event.last_working_day or event.effective_date)
        for contract in store.contracts_of(ctx.tenant_id, event.person_id):
            _drop_dues(changes, ctx, contract, after_day=event.effective_date)
        tasks = handover.open_tasks(ctx.tenant_id, event.person_id)
        taker = handover.default_target(ctx, after, event.hand_over_to) if tasks else None
        moved = handover.stage(changes, ctx, event.person_id, tasks, taker, reserve=4) if taker else []
        update.update(
            open_task_ids=[t.task_id for t in tasks],
            handed_over_task_ids=moved,
            handed_over_to_id=taker.person_id if moved and taker else None,
        )
    elif event.type == EventType.REGULARISE:
        for contract in store.contracts_of(ctx.tenant_id, event.person_id):
            if contract.probation_end is not None:
                store.drop_due(
                    changes, ctx.tenant_id, contract.probation_end, DueKind.PROBATION_END, contract.contract_id
                )
    if period is not None:
        store.add_period(changes, ctx.tenant_id, period)
    applied = event.model_copy(update=update)
    store.add_event(changes, ctx.tenant_id, applied, new=new)
    if not new:
        store.unschedule(changes, ctx.tenant_id, event)
    audit.record(changes, ctx, "apply", "employment_event", event.event_id, None, applied.model_dump(mode="json"))
    changes.commit()
    _set_logins(logins)
    if taker is not None and after is not None:
        handover.tell(ctx, taker, after, applied.handed_over_task_ids)
    return applied.model_copy(update={"version": (event.version or 0) + 1})


def _period(person: Person, start: date, status: PeriodStatus, event: Event) -> Period:
    return Period(
        person_id=person.person_id,
        start=start,
        unit_id=person.unit_id,
        position_id=person.position_id,
        manager_id=person.manager_id,
        status=status,
        event_id=event.event_id,
        event_type=event.type,
    )


def _drop_dues(changes: Changes, ctx: RequestContext, contract: Contract, after_day: date) -> None:
    if contract.end_date is not None and contract.end_date > after_day:
        store.drop_due(changes, ctx.tenant_id, contract.end_date, DueKind.CONTRACT_END, contract.contract_id)
    if contract.probation_end is not None and contract.probation_end > after_day:
        store.drop_due(changes, ctx.tenant_id, contract.probation_end, DueKind.PROBATION_END, contract.contract_id)


def _stage_sign_in(changes: Changes, ctx: RequestContext, person_id: str, *, enabled: bool) -> list[tuple[str, bool]]:
    """Stage the member status of the person's logins; returns the Cognito logins to switch after the commit.

    A disabled member gets no request context (core.members), so the API refuses them at once; Cognito
    also stops issuing tokens."""
    from chalicelib.tenancy import store as tenancy_store

    out = []
    wanted = "active" if enabled else "disabled"
    for member in tenancy_store.list_members(ctx.tenant_id):
        if member.person_id != person_id or member.status == wanted:
            continue
        after = member.model_copy(update={"status": wanted})
        tenancy_store.add_member(changes, ctx.tenant_id, after, new=False)
        audit.record(
            changes,
            ctx,
            "enable" if enabled else "disable",
            "member",
            member.user_id,
            member.model_dump(mode="json"),
            after.model_dump(mode="json"),
        )
        out.append((member.email, enabled))
    return out


def _set_logins(logins: list[tuple[str, bool]]) -> None:
    from chalicelib.tenancy import store as tenancy_store

    for email, enabled in logins:
        try:
            tenancy_store.set_login_enabled(email, enabled)
        except Exception:  # noqa: BLE001 - the member status already refuses the API; Cognito is a second lock
            logger.exception("login switch failed")


def list_events(ctx: RequestContext, person_id: str, query: EventsQuery) -> EventList:
    _person_for(ctx, person_id)
    page = store.events_page(
        ctx.tenant_id, person_id, page_request(ctx.tenant_id, f"employment.events:{person_id}", query)
    )
    return EventList(items=page.items, next_cursor=page.next_cursor)


def history(ctx: RequestContext, person_id: str, query: HistoryQuery) -> HistoryList:
    """The person's assignment periods, newest first; with ``on``, the one covering that day (one Query)."""
    _person_for(ctx, person_id)
    if query.on is not None:
        period = store.period_on(ctx.tenant_id, person_id, query.on)
        return HistoryList(items=[period] if period else [])
    page = store.periods_page(
        ctx.tenant_id, person_id, page_request(ctx.tenant_id, f"employment.history:{person_id}", query)
    )
    return HistoryList(items=page.items, next_cursor=page.next_cursor)


def system_context(tenant_id: str) -> RequestContext:
    """Who applies scheduled events: the daily job, acting as HR (the audit log names it)."""
    return RequestContext(tenant_id=tenant_id, user_id=SYSTEM_USER, roles=frozenset({Role.HR}))


def apply_due(tenant_id: str, day: date) -> int:
    """Apply every scheduled event effective on or before ``day``; returns how many were applied.

    Idempotent: an applied event is only unscheduled again; a concurrent run loses the version race (409) and
    skips; an event that can no longer apply (its unit closed) is logged and stays scheduled for HR to fix."""
    ctx = system_context(tenant_id)
    applied = 0
    for person_id, effective, event_id in store.scheduled_due(tenant_id, day):
        try:
            event = store.get_event(tenant_id, person_id, effective, event_id)
            if event.status == EventStatus.APPLIED:
                changes = Changes()
                store.unschedule(changes, tenant_id, event)
                changes.commit()
                continue
            apply_event(ctx, event, new=False)
            applied += 1
        except DomainError as exc:
            logger.warning("scheduled event not applied", extra={"event_id": event_id, "code": exc.text.code})
    return applied


# ---- onboarding -----------------------------------------------------------------------------------


def hire(ctx: RequestContext, body: Hire) -> HireResult:
    """Onboarding: the org person, the hire event (applied or scheduled), the first contract — one
    transaction — then the sign-in invitation (its own login and transaction, through the invite service)."""
    from chalicelib.tenancy import service as tenancy
    from chalicelib.tenancy.schemas import Invitation

    unit = org.check_placement(ctx, body.unit_id, body.position_id, body.manager_id)
    months, _ = check_terms(body.contract, []) if body.contract else (0, False)
    person = Person(
        person_id=new_id(),
        name=body.name,
        email=body.email.lower(),
        employee_no=body.employee_no,
        unit_id=body.unit_id,
        position_id=body.position_id,
        manager_id=body.manager_id,
    )
    event = Event(
        event_id=new_id(),
        person_id=person.person_id,
        type=EventType.HIRE,
        effective_date=body.hire_date,
        unit_id=body.unit_id,
        position_id=body.position_id,
        manager_id=body.manager_id,
        created_at=clock.iso_now(),
    )
    contract = _new_contract(person.person_id, body.contract, None, months, False) if body.contract else None
    changes = Changes()
    org.add_new_person(changes, ctx, person, unit.path)
    if event.effective_date <= clock.today():
        event = event.model_copy(update={"status": EventStatus.APPLIED, "applied_at": clock.iso_now()})
        store.add_period(changes, ctx.tenant_id, _period(person, event.effective_date, PeriodStatus.EMPLOYED, event))
    else:
        store.schedule(changes, ctx.tenant_id, event)
    store.add_event(changes, ctx.tenant_id, event, new=True)
    audit.record(changes, ctx, "hire", "employment_event", event.event_id, None, event.model_dump(mode="json"))
    if contract is not None:
        _stage_contract(changes, ctx, contract, person.name)
    changes.commit()
    invited = False
    if body.invite:
        try:
            tenancy.invite(
                ctx,
                Invitation(email=person.email or "", person_id=person.person_id, name=person.name, locale=body.locale),
            )
            invited = True
        except DomainError as exc:
            logger.warning("hire invitation not sent", extra={"code": exc.text.code})
    return HireResult(
        person=person.model_copy(update={"version": 1}),
        event=event.model_copy(update={"version": 1}),
        contract=contract.model_copy(update={"version": 1}) if contract else None,
        invited=invited,
    )


# ---- expiring contracts and probation (HR desk, digest) -------------------------------------------


def expiring(tenant_id: str, day: date) -> list[Expiring]:
    """Contracts ending within 30 days and probation ending within 14, soonest first (one Query)."""
    return expiring_rows(store.due_between(tenant_id, day, day + timedelta(days=CONTRACT_WINDOW)), day)


def expiring_rows(rows: Iterable[Mapping[str, Any]], day: date) -> list[Expiring]:
    """The due dates among ``rows`` (due items, or the HR desk's named copies) that show on ``day``: contracts
    ending within 30 days, probation within 14, soonest first."""
    out = []
    for due in sorted(rows, key=lambda r: (str(r["date"]), str(r["kind"]), str(r["contract_id"]))):
        kind, when = DueKind(str(due["kind"])), date.fromisoformat(str(due["date"]))
        left = (when - day).days
        if left < 0 or left > CONTRACT_WINDOW or (kind == DueKind.PROBATION_END and left > PROBATION_WINDOW):
            continue
        out.append(
            Expiring(
                person_id=str(due["person_id"]),
                person_name=str(due.get("person_name", "")),
                contract_id=str(due["contract_id"]),
                kind=kind,
                date=when,
                days_left=left,
            )
        )
    return out


def named(tenant_id: str, items: list[Expiring], people: dict[str, Person] | None = None) -> list[Expiring]:
    names = people if people is not None else org_store.people_by_id(tenant_id, [i.person_id for i in items])
    return [
        i.model_copy(update={"person_name": names[i.person_id].name if i.person_id in names else ""}) for i in items
    ]


def list_expiring(ctx: RequestContext, query: ExpiringQuery) -> ExpiringList:
    items = expiring(ctx.tenant_id, clock.today())
    page = page_of(
        items,
        lambda i: (i.date.isoformat(), i.kind.value, i.contract_id),
        page_request(ctx.tenant_id, "employment.expiring", query),
    )
    return ExpiringList(items=named(ctx.tenant_id, page.items), next_cursor=page.next_cursor)


def reminders_due(tenant_id: str, day: date) -> list[tuple[Expiring, int]]:
    """The expiring items whose reminder goes out today, each with its milestone (30/7 days before a contract
    ends, 14 before probation ends): each (item, milestone) once ever (a marker per milestone)."""
    out = []
    for item in expiring(tenant_id, day):
        milestone = min((m for m in MILESTONES[item.kind] if item.days_left <= m), default=None)
        if milestone is not None and store.claim_notice(tenant_id, item.contract_id, item.kind, milestone, day):
            out.append((item, milestone))
    return out


def hr_recipients(tenant_id: str) -> list[str]:
    """The people who get HR's reminders: active members holding the HR role, linked to a person."""
    from chalicelib.tenancy import store as tenancy_store

    return sorted(
        {
            m.person_id
            for m in tenancy_store.list_members(tenant_id)
            if m.person_id and m.status == "active" and Role.HR in m.roles
        }
    )


# ---- analytics ------------------------------------------------------------------------------------


def _months(first: date, last: date) -> list[tuple[date, date]]:
    out = []
    start = first.replace(day=1)
    while start <= last:
        end = rules.add_months(start, 1) - timedelta(days=1)
        out.append((start, end))
        start = end + timedelta(days=1)
    return out


def _status_on(periods: list[Period], day: date) -> Period | None:
    current = None
    for p in periods:  # oldest first
        if p.start > day:
            break
        current = p
    return current if current is not None and current.status == PeriodStatus.EMPLOYED else None


def _type_on(contracts: list[Contract], day: date) -> str:
    for c in contracts:  # newest start first
        if c.start_date <= day and (c.end_date is None or day <= c.end_date):
            return c.type.value
    return "none"


TENURE_BANDS = ((1, "<1"), (3, "1-3"), (5, "3-5"), (10, "5-10"), (None, "10+"))


def _tenure_band(start: date, day: date) -> str:
    years = rules.term_months(start, day) / 12
    return next(label for bound, label in TENURE_BANDS if bound is None or years < bound)


# Age bands (decisions.md 2026-12-07 "#11 finished"): the usual report cut, finer where young staff are.
AGE_BANDS = ((25, "<25"), (30, "25-29"), (35, "30-34"), (40, "35-39"), (50, "40-49"), (None, "50+"))
UNKNOWN = "unknown"


def age_band(birth_month: str | None, day: date) -> str:
    """The band of a person born in ``yyyy-mm`` on ``day``; the birthday counts from the first of the month."""
    if not birth_month:
        return UNKNOWN
    year, month = (int(part) for part in birth_month.split("-"))
    age = day.year - year - (1 if day.month < month else 0)
    return next(label for bound, label in AGE_BANDS if bound is None or age < bound)


def headcount(ctx: RequestContext, query: HeadcountQuery) -> Headcount:
    """Headcount by unit and contract type per month, joiners, leavers, turnover, tenure and age, from the
    assignment periods (effective-dated history), not today's org. Three Queries (the periods, the contracts,
    the lean birth-month items; no file and no KMS call) and one BatchGet of the units' names."""
    from chalicelib.people import store as people_store

    if query.end < query.start:
        raise Invalid.field("to", "employment.range_reversed")
    months = _months(query.start, query.end)
    if len(months) > MAX_MONTHS:
        raise Invalid.field("to", "employment.range_too_long", months=MAX_MONTHS)
    result = compute_headcount(
        store.all_periods(ctx.tenant_id),
        store.all_contracts(ctx.tenant_id),
        months,
        people_store.birth_months(ctx.tenant_id),
    )
    unit_ids = {u for row in result.months for u in row.by_unit}
    units = org_store.units_by_id(ctx.tenant_id, unit_ids)
    return result.model_copy(update={"unit_names": {u: units[u].name if u in units else "" for u in unit_ids}})


def compute_headcount(
    periods: Iterable[Period],
    contracts: Iterable[Contract],
    months: list[tuple[date, date]],
    births: dict[str, str] | None = None,
) -> Headcount:
    """Pure: the analytics from every period and contract (and birth month: person id -> ``yyyy-mm``)."""
    by_person: dict[str, list[Period]] = defaultdict(list)
    for p in sorted(periods, key=lambda p: (p.start, p.event_id)):
        by_person[p.person_id].append(p)
    contracts_of: dict[str, list[Contract]] = defaultdict(list)
    for c in sorted(contracts, key=lambda c: c.start_date, reverse=True):
        contracts_of[c.person_id].append(c)
    rows = []
    for first, last in months:
        by_unit: dict[str, int] = defaultdict(int)
        by_type: dict[str, int] = defaultdict(int)
        count = opening = joiners = leavers = 0
        for person_id, history in by_person.items():
            if _status_on(history, first - timedelta(days=1)):
                opening += 1
            current = _status_on(history, last)
            if current is not None:
                count += 1
                by_unit[current.unit_id] += 1
                by_type[_type_on(contracts_of[person_id], last)] += 1
            previous: Period | None = None
            for p in history:
                if (
                    p.status == PeriodStatus.EMPLOYED
                    and first <= p.start <= last
                    and (previous is None or previous.status == PeriodStatus.LEFT)
                ):
                    joiners += 1
                if p.status == PeriodStatus.LEFT and first <= p.start - timedelta(days=1) <= last:
                    leavers += 1
                previous = p
        average = (opening + count) / 2
        rows.append(
            MonthRow(
                month=first.strftime("%Y-%m"),
                headcount=count,
                by_unit=dict(by_unit),
                by_type=dict(by_type),
                joiners=joiners,
                leavers=leavers,
                turnover_rate=round(leavers / average * 100, 2) if average else 0.0,
            )
        )
    bands: dict[str, int] = defaultdict(int)
    ages: dict[str, int] = defaultdict(int)
    last_day = months[-1][1] if months else clock.today()
    for person_id, history in by_person.items():
        if _status_on(history, last_day) is None:
            continue
        ages[age_band((births or {}).get(person_id), last_day)] += 1
        joined = None
        for p in history:
            if p.start > last_day:
                break
            if p.status == PeriodStatus.LEFT:
                joined = None
            elif joined is None:
                joined = p.start
        if joined is not None:
            bands[_tenure_band(joined, last_day)] += 1
    return Headcount(months=rows, tenure_bands=dict(bands), age_bands=dict(ages))
