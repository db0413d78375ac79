"""The rollout read model: per-unit counters of where people stand with their indicators, kept on write.

The rollout (``GET /indicators/rollout``, the director's departments) counts, per unit and its
sub-units, the active people at each stage of a period. Reading every person and every file entry
for that grows with the company; these items are what it reads instead (docs/data-model.md,
"Rollout counters"):

* **unit labels and headcount** ``T#<t>#ROLLUP`` / ``U#<unit>``: ``data`` is the unit (written by every
  unit write: ``org.store.add_unit``), top-level ``people`` the active people whose own unit it is
  (ADDed by every person write: ``org.store.add_person``).
* **a person's status in a period** ``T#<t>#RSTAT#<person>`` / ``<period>``: ``data.sets``
  ``{set_id: [bucket, questioned]}`` for each set of the period that names them (versioned: two
  writers of the same person's status conflict instead of losing a count).
* **a unit's counters in a period** ``T#<t>#ROLLUP#<period>`` / ``U#<unit>``, also on GSI1
  ``T#<t>#IROLL#<period>`` / ``U#<unit>`` (beside the period's set summaries): top-level
  ``drafting``, ``in_review``, ``returned``, ``approved``, ``confirmed``, ``questioned`` of the
  unit's own active people who have a status; ``not_started`` is ``people`` minus those.
* **a set with a compliance problem** GSI1 ``T#<t>#IROLL#<period>`` / ``V#<set>`` (sparse: written
  while the set has blocking findings, open questions or is returned, dropped after).
* **what a cycle leaves out** ``T#<t>#ROLLUP#<period>`` / ``UX#<cycle>#<unit>``, also on GSI1 beside the
  counters: top-level ``people`` and the counters of the unit's active people the locked cycle excludes
  (a department head, say), so the director takes them out without reading a person; ``UX#<cycle>#``
  (no unit) marks the cycle as counted. A person's status item lists the cycles that exclude them
  (``data.excluded``), so the writers of their stage and unit keep these counters too.

A person's contribution to their unit's counters is their least advanced set of the period (what
still needs doing), exactly as ``indicators.service.person_status`` counts; every writer adds
``contribution(after) - contribution(before)`` with ``Changes.count`` in its own transaction.
``recompute`` writes them all as absolute values from the sources (``infra/backfill_rollup.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pynamodb.attributes import NumberAttribute

from chalicelib.core.db import MAX_TRANSACTION_ITEMS, Changes, Item, query, stored, tenant_key
from chalicelib.indicators.schemas import IndicatorSetSummary, SetState
from chalicelib.org.schemas import Person, PersonStatus, Unit

PROGRESS = ("not_started", "drafting", "returned", "in_review", "approved", "confirmed")
STATE_BUCKET = {
    SetState.DRAFT: "drafting",
    SetState.IN_REVIEW: "in_review",
    SetState.RETURNED: "returned",
    SetState.APPROVED: "approved",
    SetState.PUBLISHED: "approved",
}
COUNTERS = ("drafting", "in_review", "returned", "approved", "confirmed", "questioned")

Bucket = tuple[str, bool]  # (stage, questioned)


class RollupUnitItem(Item, discriminator="rollup_unit"):
    """A unit's labels and headcount (``people``)."""

    people = NumberAttribute(null=True)


class RollupCounterItem(Item, discriminator="rollup_counter"):
    """A unit's counters in a period."""

    drafting = NumberAttribute(null=True)
    in_review = NumberAttribute(null=True)
    returned = NumberAttribute(null=True)
    approved = NumberAttribute(null=True)
    confirmed = NumberAttribute(null=True)
    questioned = NumberAttribute(null=True)


class RollupStatusItem(Item, discriminator="rollup_status"):
    """A person's stage per set of a period."""


class RollupProblemItem(Item, discriminator="rollup_problem"):
    """A set of a period with a compliance problem (its summary, without assignees)."""


class RollupExcludedItem(Item, discriminator="rollup_excluded"):
    """A unit's people (and their counters) that a locked cycle of the period leaves out."""

    people = NumberAttribute(null=True)
    drafting = NumberAttribute(null=True)
    in_review = NumberAttribute(null=True)
    returned = NumberAttribute(null=True)
    approved = NumberAttribute(null=True)
    confirmed = NumberAttribute(null=True)
    questioned = NumberAttribute(null=True)


# ---- keys -------------------------------------------------------------------------------------


def unit_label_key(tenant_id: str, unit_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id, "ROLLUP"), f"U#{unit_id}"


def counter_key(tenant_id: str, period: str, unit_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id, "ROLLUP", period), f"U#{unit_id}"


def status_key(tenant_id: str, person_id: str, period: str) -> tuple[str, str]:
    return tenant_key(tenant_id, "RSTAT", person_id), period


def period_pk(tenant_id: str, period: str) -> str:
    """The period's rollout partition on GSI1 (indicators.store.rollout_pk: the same key)."""
    return tenant_key(tenant_id, "IROLL", period)


def problem_key(tenant_id: str, set_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"ISETPROB#{set_id}"


def excluded_key(tenant_id: str, period: str, cycle_id: str, unit_id: str) -> tuple[str, str]:
    """A unit's people left out by a cycle (``unit_id`` empty: the cycle's "counted" mark). The sort key
    lies between the counters' ``U#`` and the problems' ``V#``: the period's one GSI1 Query reads it."""
    return tenant_key(tenant_id, "ROLLUP", period), f"UX#{cycle_id}#{unit_id}"


# ---- pure rules -------------------------------------------------------------------------------


def least_advanced(buckets: Iterable[Bucket]) -> Bucket | None:
    """The stage that still needs doing among a person's sets (None: no set names them)."""
    out: Bucket | None = None
    for bucket in buckets:
        if out is None or PROGRESS.index(bucket[0]) < PROGRESS.index(out[0]):
            out = bucket
    return out


def contribution(sets: Mapping[str, Bucket], active: bool) -> dict[str, int]:
    """What one person adds to their unit's counters of a period."""
    bucket = least_advanced(sets.values()) if active else None
    if bucket is None:
        return {}
    return {bucket[0]: 1, **({"questioned": 1} if bucket[1] else {})}


def is_active(person: Person | None) -> bool:
    return person is not None and person.status != PersonStatus.LEFT


def has_problem(summary: IndicatorSetSummary) -> bool:
    return bool(summary.blocking_findings or summary.open_questions or summary.state == SetState.RETURNED)


def _minus(after: Mapping[str, int], before: Mapping[str, int]) -> dict[str, int]:
    out = {k: after.get(k, 0) - before.get(k, 0) for k in COUNTERS}
    return {k: v for k, v in out.items() if v}


# ---- writes -----------------------------------------------------------------------------------


def stage_unit(changes: Changes, tenant_id: str, unit: Unit) -> None:
    """The unit's labels (every unit write): an update of ``data`` only, so the headcount stays."""
    changes.put(RollupUnitItem(*unit_label_key(tenant_id, unit.unit_id), data=stored(unit)))


def stage_problem(changes: Changes, tenant_id: str, summary: IndicatorSetSummary) -> None:
    """Index the set among the period's problems while it has one, drop it when it has none."""
    item = RollupProblemItem(*problem_key(tenant_id, summary.set_id))
    if has_problem(summary):
        item.GSI1PK, item.GSI1SK = period_pk(tenant_id, summary.period), f"V#{summary.set_id}"
        item.data = summary.model_dump(mode="json", exclude={"version", "person_ids"})
        changes.put(item)
    else:
        changes.drop(item)


def stage_person(changes: Changes, tenant_id: str, before: Person | None, after: Person) -> None:
    """A person written: the headcount of the units they left and joined, and, when they changed unit or
    left or came back, their stage in every period moves with them (one Query of their statuses)."""
    was, now = is_active(before), is_active(after)
    if was and before is not None:
        changes.count(RollupUnitItem(*unit_label_key(tenant_id, before.unit_id)), {"people": -1})
    if now:
        changes.count(RollupUnitItem(*unit_label_key(tenant_id, after.unit_id)), {"people": 1})
    if before is None or (was, before.unit_id) == (now, after.unit_id):
        return
    for item in query(RollupStatusItem, tenant_key(tenant_id, "RSTAT", after.person_id)):
        sets = _sets(item)
        if was:
            _count(changes, tenant_id, item.SK, before.unit_id, _minus({}, contribution(sets, True)))
        if now:
            _count(changes, tenant_id, item.SK, after.unit_id, contribution(sets, True))
        for cycle_id in _excluded(item):
            if was:
                _count_out(changes, tenant_id, item.SK, cycle_id, before.unit_id, _left_out(sets, True, -1))
            if now:
                _count_out(changes, tenant_id, item.SK, cycle_id, after.unit_id, _left_out(sets, True, 1))


@dataclass
class _Plan:
    """One person's status write and what it adds to their unit's counters."""

    item: RollupStatusItem
    new: bool
    unit_id: str
    deltas: dict[str, int] = field(default_factory=dict)
    excluded: list[str] = field(default_factory=list)


def stage_statuses(
    changes: Changes, tenant_id: str, period: str, updates: Mapping[str, Mapping[str, Bucket | None]]
) -> list[Changes]:
    """People's new stages in some sets of a period (``None``: the set no longer names them).

    Reads their statuses and their person records (one BatchGetItem per 50 people), stages the status
    writes and counter changes into ``changes`` while it stays within a transaction, and returns the rest
    as further transactions for the caller to commit right after its own (a set of 80 assignees being
    published already fills most of one)."""
    from chalicelib.org.store import PersonItem, person_key

    people = list(updates)
    if not people:
        return []
    keys = [status_key(tenant_id, p, period) for p in people] + [person_key(tenant_id, p) for p in people]
    found = list(Item.batch_get(keys))
    statuses = {i.PK.rsplit("#", 1)[1]: i for i in found if isinstance(i, RollupStatusItem)}
    persons = {i.SK.split("#", 1)[1]: i for i in found if isinstance(i, PersonItem)}
    plans = []
    for person_id, changed in updates.items():
        item = statuses.get(person_id)
        before = _sets(item) if item is not None else {}
        after = dict(before)
        for set_id, bucket in changed.items():
            if bucket is None:
                after.pop(set_id, None)
            else:
                after[set_id] = bucket
        if after == before:
            continue
        record = persons.get(person_id)
        person = Person.model_validate(record.payload()) if record is not None else None
        active = is_active(person)
        if item is None:
            item = RollupStatusItem(*status_key(tenant_id, person_id, period))
        excluded = _excluded(item)
        item.data = _status_data(after, excluded)
        plans.append(
            _Plan(
                item,
                not item.version,
                person.unit_id if person else "",
                _minus(contribution(after, active), contribution(before, active)),
                excluded,
            )
        )
    return _stage_plans(changes, tenant_id, period, plans)


def _stage_plans(changes: Changes, tenant_id: str, period: str, plans: list[_Plan]) -> list[Changes]:
    more: list[Changes] = []
    current = changes
    room = MAX_TRANSACTION_ITEMS - len(changes) - 8  # the caller may still add its audit record and labels
    for plan in plans:
        size = 2 + len(plan.excluded)
        if room < size:
            current = Changes()
            more.append(current)
            room = MAX_TRANSACTION_ITEMS - 4
        (current.create if plan.new else current.save)(plan.item)
        if plan.unit_id:
            _count(current, tenant_id, period, plan.unit_id, plan.deltas)
            for cycle_id in plan.excluded:
                _count_out(current, tenant_id, period, cycle_id, plan.unit_id, plan.deltas)
        room -= size
    return more


def _count(changes: Changes, tenant_id: str, period: str, unit_id: str, deltas: Mapping[str, int]) -> None:
    if not deltas:
        return
    item = RollupCounterItem(
        *counter_key(tenant_id, period, unit_id),
        GSI1PK=period_pk(tenant_id, period),
        GSI1SK=f"U#{unit_id}",
        data={"unit_id": unit_id, "period": period},
    )
    changes.count(item, dict(deltas))


def _count_out(
    changes: Changes, tenant_id: str, period: str, cycle_id: str, unit_id: str, deltas: Mapping[str, int]
) -> None:
    if not deltas:
        return
    changes.count(_excluded_item(tenant_id, period, cycle_id, unit_id), dict(deltas))


def _excluded_item(tenant_id: str, period: str, cycle_id: str, unit_id: str) -> RollupExcludedItem:
    pk, sk = excluded_key(tenant_id, period, cycle_id, unit_id)
    return RollupExcludedItem(
        pk,
        sk,
        GSI1PK=period_pk(tenant_id, period),
        GSI1SK=sk,
        data={"cycle_id": cycle_id, "unit_id": unit_id, "period": period},
    )


def _left_out(sets: Mapping[str, Bucket], active: bool, sign: int) -> dict[str, int]:
    """What one excluded person adds to (``sign`` 1) or takes from (-1) the left-out counters."""
    if not active:
        return {}
    return {k: sign * v for k, v in {"people": 1, **contribution(sets, True)}.items()}


def _status_data(sets: Mapping[str, Bucket], excluded: Iterable[str]) -> dict[str, object]:
    data: dict[str, object] = {"sets": {s: [b, q] for s, (b, q) in sorted(sets.items())}}
    cycles = sorted(set(excluded))
    if cycles:
        data["excluded"] = cycles
    return data


def _sets(item: Item) -> dict[str, Bucket]:
    raw = item.payload().get("sets", {})
    return {s: (str(v[0]), bool(v[1])) for s, v in raw.items()}


def _excluded(item: Item) -> list[str]:
    return [str(c) for c in item.payload().get("excluded", [])]


def leave_out_on_lock(tenant_id: str, period: str, cycle_id: str, person_ids: Iterable[str]) -> int:
    """A cycle locks goals: count the people it leaves out into its left-out counters (each person's status
    item then names the cycle, so later stage and unit changes keep them right) and mark the cycle as
    counted. Reads their statuses and person records (one BatchGetItem per 40 people) and commits one
    transaction per 40. Safe to repeat (a lock retried after a failure): a person whose status already
    names the cycle is not counted again. Returns the number of people counted."""
    from chalicelib.org.store import PersonItem, person_key

    ids = list(dict.fromkeys(person_ids))
    counted = 0
    for start in range(0, len(ids), 40):
        chunk = ids[start : start + 40]
        keys = [status_key(tenant_id, p, period) for p in chunk] + [person_key(tenant_id, p) for p in chunk]
        found = list(Item.batch_get(keys))
        statuses = {i.PK.rsplit("#", 1)[1]: i for i in found if isinstance(i, RollupStatusItem)}
        persons = {i.SK.split("#", 1)[1]: i for i in found if isinstance(i, PersonItem)}
        changes = Changes()
        for person_id in chunk:
            item = statuses.get(person_id)
            if item is not None and cycle_id in _excluded(item):
                continue
            record = persons.get(person_id)
            person = Person.model_validate(record.payload()) if record is not None else None
            if person is None:
                continue
            new = item is None
            if item is None:
                item = RollupStatusItem(*status_key(tenant_id, person_id, period))
            sets = _sets(item)
            item.data = _status_data(sets, [*_excluded(item), cycle_id])
            (changes.create if new else changes.save)(item)
            _count_out(changes, tenant_id, period, cycle_id, person.unit_id, _left_out(sets, is_active(person), 1))
            counted += 1
        changes.commit()
    Changes().put(_excluded_item(tenant_id, period, cycle_id, "")).commit()
    return counted


# ---- reads ------------------------------------------------------------------------------------


@dataclass
class UnitRollup:
    """A unit's labels, headcount and counters of one period (its own people only)."""

    unit: Unit
    people: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def units(tenant_id: str) -> dict[str, UnitRollup]:
    """Every unit with its headcount: one Query of the small label items (no person is read)."""
    out = {}
    for item in query(RollupUnitItem, tenant_key(tenant_id, "ROLLUP"), "U#"):
        payload = item.payload()
        if "unit_id" not in payload:
            continue
        unit = Unit.model_validate(payload)
        out[unit.unit_id] = UnitRollup(unit, int(getattr(item, "people", 0) or 0))
    return out


@dataclass
class PeriodCounters:
    """What the period's one GSI1 Query holds: the unit counters, the sets with a compliance problem, and
    per locked cycle (those counted), the people it leaves out per unit (``people`` and the counters)."""

    counters: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[IndicatorSetSummary] = field(default_factory=list)
    left_out: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)


def period_read(tenant_id: str, period: str) -> PeriodCounters:
    """The period's counters, problem sets and left-out counters: one GSI1 Query (``U#`` … ``V#``)."""
    out = PeriodCounters()
    condition = Item.GSI1SK.between("U#", "V#~")
    for item in Item.gsi1.query(period_pk(tenant_id, period), condition):
        if isinstance(item, RollupCounterItem):
            out.counters[str(item.data["unit_id"])] = {k: int(getattr(item, k, 0) or 0) for k in COUNTERS}
        elif isinstance(item, RollupProblemItem):
            out.problems.append(IndicatorSetSummary.model_validate({**item.payload(), "person_ids": []}))
        elif isinstance(item, RollupExcludedItem):
            units_out = out.left_out.setdefault(str(item.data["cycle_id"]), {})
            unit_id = str(item.data["unit_id"])
            if unit_id:
                units_out[unit_id] = {k: int(getattr(item, k, 0) or 0) for k in ("people", *COUNTERS)}
    return out


def period_counters(tenant_id: str, period: str) -> tuple[dict[str, dict[str, int]], list[IndicatorSetSummary]]:
    """The period's unit counters and its sets with a compliance problem: one GSI1 Query (``U#`` … ``V#``)."""
    found = period_read(tenant_id, period)
    return found.counters, found.problems


def take_out(
    units: dict[str, UnitRollup], counters: dict[str, dict[str, int]], left: Mapping[str, Mapping[str, int]]
) -> None:
    """Take a counted cycle's left-out people (read with the counters) out of the headcounts and counters."""
    for unit_id, values in left.items():
        if unit_id not in units:
            continue
        units[unit_id].people -= values.get("people", 0)
        unit_counts = counters.setdefault(unit_id, {})
        for k in COUNTERS:
            if values.get(k):
                unit_counts[k] = unit_counts.get(k, 0) - values[k]


def leave_out(
    tenant_id: str,
    period: str,
    excluded: Iterable[str],
    units: dict[str, UnitRollup],
    counters: dict[str, dict[str, int]],
) -> None:
    """Take people a cycle leaves out of the headcounts and counters just read (one BatchGetItem per 50
    people: their person records and their stages in the period). Only for a cycle not yet counted by
    ``leave_out_on_lock`` (one still setting goals, or locked before 2026-12-08 and not backfilled)."""
    from chalicelib.org.store import PersonItem, person_key

    ids = list(dict.fromkeys(excluded))
    for start in range(0, len(ids), 50):
        chunk = ids[start : start + 50]
        keys = [status_key(tenant_id, p, period) for p in chunk] + [person_key(tenant_id, p) for p in chunk]
        found = list(Item.batch_get(keys))
        statuses = {i.PK.rsplit("#", 1)[1]: _sets(i) for i in found if isinstance(i, RollupStatusItem)}
        for record in (i for i in found if isinstance(i, PersonItem)):
            person = Person.model_validate(record.payload())
            if not is_active(person) or person.unit_id not in units:
                continue
            units[person.unit_id].people -= 1
            unit_counts = counters.setdefault(person.unit_id, {})
            for k, v in contribution(statuses.get(person.person_id, {}), True).items():
                unit_counts[k] = unit_counts.get(k, 0) - v


# ---- repair -----------------------------------------------------------------------------------


def recompute(
    tenant_id: str,
    unit_list: Iterable[Unit],
    people: Iterable[Person],
    periods: Mapping[str, tuple[list[IndicatorSetSummary], dict[str, dict[str, Bucket]]]],
    locked: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
) -> int:
    """Write every label, headcount, status, counter and problem of these periods as absolute values from
    the sources, dropping what the sources no longer hold (idempotent: a second run writes the same
    values). ``periods``: per period, its set summaries and each person's stage per set; ``locked``: per
    period, its cycles past goal setting and the people each leaves out (their left-out counters and
    "counted" marks). Returns the number of items written or dropped."""
    locked = locked or {}
    by_person = {p.person_id: p for p in people}
    headcount: dict[str, int] = defaultdict(int)
    for p in by_person.values():
        if is_active(p):
            headcount[p.unit_id] += 1
    written = 0
    with Item.batch_write() as batch:
        for unit in unit_list:
            label = RollupUnitItem(*unit_label_key(tenant_id, unit.unit_id), data=stored(unit))
            label.people = headcount.get(unit.unit_id, 0)
            batch.save(label)
            written += 1
        for period in sorted(set(periods) | set(locked)):
            summaries, sets_of = periods.get(period, ([], {}))
            cycles = locked.get(period, {})
            excluded_by: dict[str, list[str]] = defaultdict(list)
            for cycle_id, person_ids in cycles.items():
                for person_id in dict.fromkeys(person_ids):
                    excluded_by[person_id].append(cycle_id)
            counts: dict[str, dict[str, int]] = {}
            left: dict[tuple[str, str], dict[str, int]] = {}
            for person_id, person in by_person.items():
                sets = sets_of.get(person_id, {})
                excluded = excluded_by.get(person_id, [])
                status = RollupStatusItem(*status_key(tenant_id, person_id, period), data=_status_data(sets, excluded))
                if not sets and not excluded:
                    batch.delete(status)
                    continue
                status.version = 1
                batch.save(status)
                written += 1
                unit_counts = counts.setdefault(person.unit_id, {})
                for k, v in contribution(sets, is_active(person)).items():
                    unit_counts[k] = unit_counts.get(k, 0) + v
                for cycle_id in excluded:
                    unit_left = left.setdefault((cycle_id, person.unit_id), {})
                    for k, v in _left_out(sets, is_active(person), 1).items():
                        unit_left[k] = unit_left.get(k, 0) + v
            found = period_read(tenant_id, period)
            old_counters, old_problems = found.counters, found.problems
            for unit_id in set(old_counters) | set(counts):
                counter = RollupCounterItem(
                    *counter_key(tenant_id, period, unit_id),
                    GSI1PK=period_pk(tenant_id, period),
                    GSI1SK=f"U#{unit_id}",
                    data={"unit_id": unit_id, "period": period},
                )
                for k in COUNTERS:
                    setattr(counter, k, counts.get(unit_id, {}).get(k, 0))
                batch.save(counter)
                written += 1
            stale = {(c, u) for c, units_out in found.left_out.items() for u in units_out}
            for cycle_id, unit_id in stale | set(left):
                item = _excluded_item(tenant_id, period, cycle_id, unit_id)
                for k in ("people", *COUNTERS):
                    setattr(item, k, left.get((cycle_id, unit_id), {}).get(k, 0))
                batch.save(item)
                written += 1
            for cycle_id in cycles:
                batch.save(_excluded_item(tenant_id, period, cycle_id, ""))
                written += 1
            problems = {s.set_id: s for s in summaries if has_problem(s)}
            for stale_problem in old_problems:
                if stale_problem.set_id not in problems:
                    batch.delete(RollupProblemItem(*problem_key(tenant_id, stale_problem.set_id)))
                    written += 1
            for summary in problems.values():
                batch.save(
                    RollupProblemItem(
                        *problem_key(tenant_id, summary.set_id),
                        GSI1PK=period_pk(tenant_id, summary.period),
                        GSI1SK=f"V#{summary.set_id}",
                        data=summary.model_dump(mode="json", exclude={"version", "person_ids"}),
                    )
                )
                written += 1
    return written
