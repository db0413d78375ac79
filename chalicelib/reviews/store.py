"""Reviews storage: cycles, results, reviews, actuals, idempotency records, 360 feedback.

Access patterns (see docs/data-model.md, "Reviews"):

* a cycle: GetItem ``T#<t>`` / ``CYCLE#<id>``; all cycles: Query ``T#<t>`` begins_with ``CYCLE#``;
  the cycles of a period: Query GSI1 ``T#<t>#CYCLES#<period>``.
* **one partition per cycle** ``T#<t>#CYCLE#<id>`` holds everything about it: each participant's
  result ``R#<person>`` (locked indicators, each measure's period value, scores, total, rating,
  calibration), its per-step points ``S#<person>#<indicator>`` (one item per indicator, so the result
  does not grow with the steps of the period), reviews ``V#<person>#SELF|MGR|ACK``, 360 requests
  ``FQ#<reviewee>#<rater>``, anonymous answers ``F#<reviewee>#<random>`` and their duplicate guards ``FG#<digest>``.
  The results page of a cycle is one GetItem + one Query on ``R#`` (paged past 1 MB).
* a person's results across cycles: Query GSI1 ``T#<t>#RHIST#<person>`` (sorted by period start).
* **trend read model**: one item per cycle ``T#<t>#TREND`` / ``<start>#<cycle>`` (name, period, stage,
  and once the cycle is closed its score/attainment sums per unit), written with every write of the
  cycle item; the director's trend over the last cycles is one Query of it.
* a rater's 360 inbox: Query GSI1 ``T#<t>#FBIN#<rater>``.
* **one partition per period** ``T#<t>#ACT#<period>`` holds the actuals: the current value of a
  measure for a period unit ``P#<person>#I#<indicator>#M#<measure>#U<nn>`` and every earlier value
  ``H#P#<person>#I#<indicator>#M#<measure>#U<nn>#R<rev>``; a person's actuals are one Query.
* idempotency of pushed actuals: guard ``T#<t>#IDEMP`` / ``G#<digest>`` plus the stored reply
  ``R#<digest>`` (kept 7 days).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from pynamodb.attributes import NumberAttribute

from chalicelib.core.db import (
    Changes,
    GuardItem,
    Item,
    find,
    get,
    load,
    load_all,
    query,
    query_page,
    set_index_keys,
    stored,
    tenant_key,
    try_load,
)
from chalicelib.core.errors import Internal
from chalicelib.core.paging import Page, PageRequest
from chalicelib.indicators import store as indicator_store
from chalicelib.indicators.schemas import Indicator
from chalicelib.org.store import tree_prefix
from chalicelib.reviews import scorecards, summaries
from chalicelib.reviews.schemas import (
    ActualValue,
    Cycle,
    FeedbackRequest,
    IndicatorResult,
    PersonResult,
    Review,
    ReviewKind,
    ReviewSettings,
)

IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600


class CycleItem(Item, discriminator="review_cycle"):
    pass


class ReviewSettingsItem(Item, discriminator="review_settings"):
    pass


class ResultItem(Item, discriminator="review_result"):
    pass


class CycleTrendItem(Item, discriminator="cycle_trend"):
    """Read model of one cycle's trend point; derived from the cycle and its results."""


class CycleUnitSummaryItem(Item, discriminator="cycle_unit_summary"):
    """Read model: one unit's counters in one cycle (``reviews.summaries``), kept in top-level number
    attributes so that writers add to them with ``ADD`` (``Changes.count``) instead of rewriting them."""

    participants = NumberAttribute(null=True)
    actuals_complete = NumberAttribute(null=True)
    self_reviews = NumberAttribute(null=True)
    manager_reviews = NumberAttribute(null=True)
    acknowledged = NumberAttribute(null=True)
    score_sum = NumberAttribute(null=True)
    score_n = NumberAttribute(null=True)
    attainment_sum = NumberAttribute(null=True)
    attainment_n = NumberAttribute(null=True)


class StepsItem(Item, discriminator="review_steps"):
    """One participant's values per step of one indicator in a cycle (``{measure: {step: value}}``): the
    per-step points kept out of the result item, so that the result's size does not grow with the steps
    of the period (2026-12-08). In the unit slice, so that a unit's page reads them with its results."""


class ReferenceItem(Item, discriminator="review_reference"):
    """One participant's previous-period measure values, fixed when goals are locked (the forecast's
    reference), in the unit slice so that a unit's page reads no other period."""


class ReviewItem(Item, discriminator="review"):
    pass


class AcknowledgementItem(Item, discriminator="review_acknowledgement"):
    pass


class ActualItem(Item, discriminator="review_actual"):
    pass


class ActualHistoryItem(Item, discriminator="review_actual_history"):
    pass


class IdempotencyItem(Item, discriminator="idempotency_record"):
    pass


class FeedbackRequestItem(Item, discriminator="feedback_request"):
    pass


class FeedbackItem(Item, discriminator="feedback_response"):
    pass


# ---- keys ---------------------------------------------------------------------------------------


def cycle_key(tenant_id: str, cycle_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"CYCLE#{cycle_id}"


def cycles_of_period_pk(tenant_id: str, period: str) -> str:
    return tenant_key(tenant_id, "CYCLES", period)


def trend_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "TREND")


def trend_key(tenant_id: str, cycle: Cycle) -> tuple[str, str]:
    """Sorted by the period start, then the (time-ordered) cycle id: the cycles' chronological order."""
    return trend_pk(tenant_id), f"{cycle.start.isoformat()}#{cycle.cycle_id}"


def unit_summary_key(tenant_id: str, cycle_start: str, cycle_id: str, unit_id: str) -> tuple[str, str]:
    """Beside the cycle's trend item, so that one Query of the trend partition returns the last cycles
    with their units' summaries (descending, a cycle's unit summaries come just before its trend item)."""
    return trend_pk(tenant_id), f"{cycle_start}#{cycle_id}#U#{unit_id}"


def steps_key(tenant_id: str, cycle_id: str, person_id: str, indicator_id: str) -> tuple[str, str]:
    """Outside the ``R#`` range, so that the results page and whole-cycle reads do not read the points."""
    return cycle_pk(tenant_id, cycle_id), f"S#{person_id}#{indicator_id}"


def reference_key(tenant_id: str, cycle_id: str, person_id: str) -> tuple[str, str]:
    return cycle_pk(tenant_id, cycle_id), f"REF#{person_id}"


def settings_key(tenant_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), "REVIEWSETTINGS"


def cycle_pk(tenant_id: str, cycle_id: str) -> str:
    return tenant_key(tenant_id, "CYCLE", cycle_id)


def result_key(tenant_id: str, cycle_id: str, person_id: str) -> tuple[str, str]:
    return cycle_pk(tenant_id, cycle_id), f"R#{person_id}"


def cycle_unit_pk(tenant_id: str, cycle_id: str) -> str:
    """GSI2 partition of a cycle's results and reviews, sorted by the participant's unit path."""
    return tenant_key(tenant_id, "CYCLEUNIT", cycle_id)


def cycle_unit_sk(unit_path: list[str], person_id: str = "", suffix: str = "") -> str:
    """``/<root>/…/<unit>/#P#<person>#<suffix>``, or a prefix of it: with only a path, the prefix of
    every participant of that unit and the units below it (``org.store.tree_prefix``'s format)."""
    sk = tree_prefix(unit_path)
    if person_id:
        sk += f"#P#{person_id}#{suffix}"
    return sk


def person_history_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "RHIST", person_id)


_REVIEW_SUFFIX = {ReviewKind.SELF: "SELF", ReviewKind.MANAGER: "MGR"}


def review_key(tenant_id: str, cycle_id: str, person_id: str, kind: ReviewKind) -> tuple[str, str]:
    return cycle_pk(tenant_id, cycle_id), f"V#{person_id}#{_REVIEW_SUFFIX[kind]}"


def acknowledgement_key(tenant_id: str, cycle_id: str, person_id: str) -> tuple[str, str]:
    return cycle_pk(tenant_id, cycle_id), f"V#{person_id}#ACK"


def actuals_pk(tenant_id: str, period: str) -> str:
    return tenant_key(tenant_id, "ACT", period)


def actual_sk(person_id: str, indicator_id: str = "", measure: str = "", unit_index: int | None = None) -> str:
    """The sort key of a current value, or a prefix of it when the trailing parts are left out."""
    sk = f"P#{person_id}#"
    if indicator_id:
        sk += f"I#{indicator_id}#"
        if measure:
            sk += f"M#{measure}#"
            if unit_index is not None:
                sk += f"U{unit_index:02d}"
    return sk


def actual_key(
    tenant_id: str, period: str, person_id: str, indicator_id: str, measure: str, unit_index: int
) -> tuple[str, str]:
    return actuals_pk(tenant_id, period), actual_sk(person_id, indicator_id, measure, unit_index)


def actual_history_sk(value: ActualValue) -> str:
    return f"H#{actual_sk(value.person_id, value.indicator_id, value.measure, value.unit_index)}#R{value.revision:04d}"


def idempotency_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "IDEMP")


def idempotency_guard_sk(digest: str) -> str:
    return f"G#{digest}"


def idempotency_record_sk(digest: str) -> str:
    return f"R#{digest}"


def feedback_request_key(tenant_id: str, cycle_id: str, reviewee_id: str, rater_id: str) -> tuple[str, str]:
    return cycle_pk(tenant_id, cycle_id), f"FQ#{reviewee_id}#{rater_id}"


def feedback_inbox_pk(tenant_id: str, rater_id: str) -> str:
    return tenant_key(tenant_id, "FBIN", rater_id)


def feedback_guard_key(tenant_id: str, cycle_id: str, digest: str) -> tuple[str, str]:
    return cycle_pk(tenant_id, cycle_id), f"FG#{digest}"


def feedback_key(tenant_id: str, cycle_id: str, reviewee_id: str, token: str) -> tuple[str, str]:
    return cycle_pk(tenant_id, cycle_id), f"F#{reviewee_id}#{token}"


# ---- settings -----------------------------------------------------------------------------------


def find_settings(tenant_id: str) -> ReviewSettings | None:
    item = find(ReviewSettingsItem, *settings_key(tenant_id))
    return load(ReviewSettings, item) if item else None


def add_settings(changes: Changes, tenant_id: str, settings: ReviewSettings) -> None:
    item = ReviewSettingsItem(*settings_key(tenant_id), data=settings.model_dump(mode="json", exclude={"version"}))
    item.at_version(settings.version)
    (changes.save if settings.version else changes.create)(item)


# ---- cycles -------------------------------------------------------------------------------------


def add_cycle(
    changes: Changes, tenant_id: str, cycle: Cycle, *, new: bool, unit_sums: dict[str, dict[str, Any]] | None = None
) -> None:
    """The cycle and, in the same transaction, its trend item (``unit_sums``: given when it closes).

    The participants are not stored in the cycle item (their results are the list, one each): only
    their count, so the item does not grow with the company. A cycle locked before 2026-12-06 still
    has its embedded list when read; its next write keeps the count and drops the list."""
    if cycle.participants and not cycle.participant_count:
        cycle = cycle.model_copy(update={"participant_count": len(cycle.participants)})
    item = CycleItem(
        *cycle_key(tenant_id, cycle.cycle_id),
        GSI1PK=cycles_of_period_pk(tenant_id, cycle.period),
        GSI1SK=f"CYCLE#{cycle.cycle_id}",
        data=stored(cycle, exclude={"participants"}),
    )
    item.at_version(cycle.version)
    (changes.create if new else changes.save)(item)
    put_trend(changes, tenant_id, cycle, unit_sums)


def put_trend(changes: Changes, tenant_id: str, cycle: Cycle, unit_sums: dict[str, dict[str, Any]] | None) -> None:
    """The trend item carries the cycle itself (without its participants and stage history, which grow),
    so that the director reads the period's cycle from the trend partition instead of the cycle items."""
    changes.put(
        CycleTrendItem(
            *trend_key(tenant_id, cycle),
            data={
                "cycle_id": cycle.cycle_id,
                "name": cycle.name,
                "period": cycle.period,
                "start": cycle.start.isoformat(),
                "stage": cycle.stage.value,
                "units": unit_sums,
                "cycle": stored(cycle, exclude={"participants", "history"}),
            },
        )
    )


def count_unit(
    changes: Changes,
    tenant_id: str,
    cycle_start: str,
    cycle_id: str,
    unit_id: str,
    unit_path: list[str],
    deltas: Mapping[str, Decimal],
) -> None:
    """Add ``deltas`` to a unit's summary in the cycle, in the caller's transaction (nothing when empty)."""
    if not deltas:
        return
    item = CycleUnitSummaryItem(
        *unit_summary_key(tenant_id, cycle_start, cycle_id, unit_id),
        data={"cycle_id": cycle_id, "unit_id": unit_id, "path": list(unit_path)},
    )
    changes.count(item, dict(deltas))


def _summary(item: CycleUnitSummaryItem) -> summaries.UnitSummary:
    payload = item.payload()
    out = summaries.UnitSummary(str(payload.get("unit_id", "")), list(payload.get("path") or []))
    for name in summaries.COUNTERS:
        value = getattr(item, name) or 0
        setattr(out, name, float(value) if name.endswith("_sum") else int(value))
    return out


def trend_window(
    tenant_id: str, upto: str, count: int
) -> list[tuple[dict[str, Any], dict[str, summaries.UnitSummary]]]:
    """The trend items of the ``count`` latest cycles starting on or before ``upto`` (an ISO date), oldest
    first, each with its units' summaries: one Query of the trend partition, read newest first and
    stopped at the ``count``-th cycle (a cycle's unit summaries sort just before its trend item)."""
    out: list[tuple[dict[str, Any], dict[str, summaries.UnitSummary]]] = []
    units: dict[str, dict[str, summaries.UnitSummary]] = {}
    for item in Item.query(trend_pk(tenant_id), Item.SK <= f"{upto}#~", scan_index_forward=False, consistent_read=True):
        if isinstance(item, CycleUnitSummaryItem):
            summary = _summary(item)
            units.setdefault(str(item.payload().get("cycle_id", "")), {})[summary.unit_id] = summary
        elif isinstance(item, CycleTrendItem):
            head = item.payload()
            out.append((head, units.pop(str(head.get("cycle_id", "")), {})))
            if len(out) >= count:
                break
    return list(reversed(out))


def unit_summaries(tenant_id: str, cycle: Cycle) -> dict[str, summaries.UnitSummary]:
    """A cycle's unit summaries as stored (one Query of its range of the trend partition)."""
    prefix = f"{cycle.start.isoformat()}#{cycle.cycle_id}#U#"
    return {s.unit_id: s for s in (_summary(i) for i in query(CycleUnitSummaryItem, trend_pk(tenant_id), prefix))}


def replace_unit_summaries(tenant_id: str, cycle: Cycle, fresh: Mapping[str, summaries.UnitSummary]) -> int:
    """Overwrite a cycle's unit summaries with ``fresh`` (recomputed from its items), zeroing the stored ones
    no longer in it: absolute values, so repeating it changes nothing (``reviews.service.refresh_summaries``).
    One UpdateItem per summary, outside any transaction: a write landing meanwhile may be lost, so run
    it when the cycle is quiet, or run it again."""
    start = cycle.start.isoformat()
    current = unit_summaries(tenant_id, cycle)
    rows = [*fresh.values(), *(summaries.UnitSummary(u, current[u].path) for u in set(current) - set(fresh))]
    for row in rows:
        item = CycleUnitSummaryItem(*unit_summary_key(tenant_id, start, cycle.cycle_id, row.unit_id))
        actions = [
            Item.kind.set(CycleUnitSummaryItem),
            Item.data.set({"cycle_id": cycle.cycle_id, "unit_id": row.unit_id, "path": list(row.path)}),
        ]
        actions += [getattr(CycleUnitSummaryItem, name).set(getattr(row, name)) for name in summaries.COUNTERS]
        Item._get_connection().update_item(item.PK, range_key=item.SK, actions=actions)
    return len(rows)


def get_cycle(tenant_id: str, cycle_id: str) -> Cycle:
    return load(Cycle, get(CycleItem, *cycle_key(tenant_id, cycle_id)))


def list_cycles(tenant_id: str) -> list[Cycle]:
    return load_all(Cycle, query(CycleItem, tenant_key(tenant_id), "CYCLE#"))


def cycles_page(tenant_id: str, period: str | None, page: PageRequest) -> Page[Cycle]:
    """A page of cycles, newest first: of one period (GSI1) or of the tenant."""

    def convert(item: CycleItem) -> Cycle:
        return Cycle.model_validate(item.payload())

    if period:
        return query_page(
            CycleItem,
            cycles_of_period_pk(tenant_id, period),
            index="GSI1",
            page=page,
            newest_first=True,
            convert=convert,
        )
    return query_page(CycleItem, tenant_key(tenant_id), "CYCLE#", page=page, newest_first=True, convert=convert)


def cycles_of_period(tenant_id: str, period: str) -> list[Cycle]:
    return load_all(Cycle, query(CycleItem, cycles_of_period_pk(tenant_id, period), index="GSI1"))


# ---- results ------------------------------------------------------------------------------------


# A stored result has no per-step points (``measures[].value`` keeps each measure's period value): they
# live in one ``StepsItem`` per indicator, so the result's size is bounded by indicators × measures. Nor
# the scoring rule in words, which is derived from the indicator's own fields and put back when read (11 KB
# of 65 at 30 indicators × 12 measures).
_NOT_STORED: dict[str, Any] = {
    "version": True,
    "indicators": {"__all__": {"rule": True, "measures": {"__all__": {"points"}}}},
}

# indicator id -> measure key -> step ("1", "2", …) -> value
Points = dict[str, dict[str, dict[str, float]]]


def result_item(tenant_id: str, result: PersonResult, period_start: str) -> ResultItem:
    item = ResultItem(
        *result_key(tenant_id, result.cycle_id, result.person_id),
        GSI1PK=person_history_pk(tenant_id, result.person_id),
        GSI1SK=f"{period_start}#{result.cycle_id}",
        GSI2PK=cycle_unit_pk(tenant_id, result.cycle_id),
        GSI2SK=cycle_unit_sk(result.unit_path, result.person_id, "R"),
        data=result.model_dump(mode="json", exclude=_NOT_STORED),
    )
    item.at_version(result.version)
    return item


def steps_item(tenant_id: str, result: PersonResult, indicator: IndicatorResult) -> StepsItem:
    """The indicator's per-step points as ``result`` carries them, keyed beside the result in the unit slice."""
    return StepsItem(
        *steps_key(tenant_id, result.cycle_id, result.person_id, indicator.indicator_id),
        GSI2PK=cycle_unit_pk(tenant_id, result.cycle_id),
        GSI2SK=cycle_unit_sk(result.unit_path, result.person_id, f"S#{indicator.indicator_id}"),
        data={
            "person_id": result.person_id,
            "indicator_id": indicator.indicator_id,
            "points": {m.key: dict(m.points) for m in indicator.measures if m.points},
        },
    )


def with_points(indicators: Iterable[IndicatorResult]) -> list[IndicatorResult]:
    """The indicators whose per-step points ``add_result`` writes: those carrying any."""
    return [i for i in indicators if any(m.points for m in i.measures)]


def result_writes(result: PersonResult) -> int:
    """Items ``add_result`` writes for ``result`` besides its unit's summary (for chunking transactions)."""
    return 1 + len(with_points(result.indicators))


def add_result(
    changes: Changes, tenant_id: str, result: PersonResult, period_start: str, *, new: bool, before: PersonResult | None
) -> None:
    """Write a result (``period_start``: the cycle's start) and, in the same transaction, what it changes
    in its unit's summary (``before``: the stored result it replaces, None when there is none).

    The per-step points go to one steps item per indicator that carries points in ``result`` (written
    whatever is stored: the result's version check serialises every writer of a participant's points).
    A writer passes the indicators it rebuilt from the actuals (the actual writer: the ones it wrote;
    locking and a refresh: all); an indicator read without points writes nothing and keeps its item."""
    (changes.create if new else changes.save)(result_item(tenant_id, result, period_start))
    for indicator in with_points(result.indicators):
        changes.put(steps_item(tenant_id, result, indicator))
    count_result(changes, tenant_id, period_start, before, result)


def _points_of(item: StepsItem) -> tuple[str, str, dict[str, dict[str, float]]]:
    payload = item.payload()
    points = payload.get("points") or {}
    return (
        str(payload.get("person_id", "")),
        str(payload.get("indicator_id", "")),
        {str(m): {str(k): v for k, v in (steps or {}).items()} for m, steps in points.items()},
    )


def _try_result(item: Item) -> PersonResult | None:
    """A stored result as the domain object (None, logged, if it no longer validates), with each indicator's
    rule in words derived again (a result written before 2026-12-08 still holds it)."""
    result = try_load(PersonResult, item)
    if result is None or all(i.rule for i in result.indicators):
        return result
    indicators = [i if i.rule else i.model_copy(update={"rule": scorecards.rule_text(i)}) for i in result.indicators]
    return result.model_copy(update={"indicators": indicators})


def _load_result(item: Item) -> PersonResult:
    result = _try_result(item)
    if result is None:
        raise Internal("record.damaged")
    return result


def _load_results(items: Iterable[Item]) -> list[PersonResult]:
    return [r for r in (_try_result(i) for i in items) if r is not None]


def attach_points(result: PersonResult, points: Points) -> PersonResult:
    """``result`` with each indicator's per-step points from its steps item. An indicator without one keeps
    what the result item holds: the points of a result written before 2026-12-08 (until
    ``infra/backfill_result_points.py`` moves them out), or none."""
    if not points:
        return result
    indicators = []
    for indicator in result.indicators:
        found = points.get(indicator.indicator_id)
        if found is not None:
            measures = [m.model_copy(update={"points": dict(found.get(m.key, {}))}) for m in indicator.measures]
            indicator = indicator.model_copy(update={"measures": measures})
        indicators.append(indicator)
    return result.model_copy(update={"indicators": indicators})


def person_points(tenant_id: str, cycle_id: str, person_id: str) -> Points:
    """One participant's per-step points in a cycle: one Query of their steps items."""
    out: Points = {}
    for item in query(StepsItem, cycle_pk(tenant_id, cycle_id), f"S#{person_id}#"):
        _, indicator_id, points = _points_of(item)
        out[indicator_id] = points
    return out


def cycle_points(tenant_id: str, cycle_id: str) -> dict[str, Points]:
    """Every participant's per-step points in a cycle (person -> points): one Query (repairs, backfills)."""
    out: dict[str, Points] = {}
    for item in query(StepsItem, cycle_pk(tenant_id, cycle_id), "S#"):
        person_id, indicator_id, points = _points_of(item)
        out.setdefault(person_id, {})[indicator_id] = points
    return out


def count_result(
    changes: Changes, tenant_id: str, cycle_start: str, before: PersonResult | None, after: PersonResult | None
) -> None:
    """The change of one participant's contribution to their unit's summary."""
    if before is not None and after is not None and before.unit_id == after.unit_id:
        count_unit(
            changes,
            tenant_id,
            cycle_start,
            after.cycle_id,
            after.unit_id,
            after.unit_path,
            summaries.change(summaries.of_result(before), summaries.of_result(after)),
        )
        return
    if before is not None:
        count_unit(
            changes,
            tenant_id,
            cycle_start,
            before.cycle_id,
            before.unit_id,
            before.unit_path,
            summaries.change(summaries.of_result(before), {}),
        )
    if after is not None:
        count_unit(
            changes,
            tenant_id,
            cycle_start,
            after.cycle_id,
            after.unit_id,
            after.unit_path,
            summaries.change({}, summaries.of_result(after)),
        )


def results(tenant_id: str, cycle_id: str) -> list[PersonResult]:
    """Every participant's result in one Query of the cycle partition."""
    return _load_results(query(ResultItem, cycle_pk(tenant_id, cycle_id), "R#"))


def results_page(
    tenant_id: str, cycle_id: str, page: PageRequest, keep: Callable[[PersonResult], bool]
) -> Page[PersonResult]:
    """A page of the cycle's results (by person id) that ``keep`` accepts."""
    return query_page(
        ResultItem,
        cycle_pk(tenant_id, cycle_id),
        "R#",
        page=page,
        keep=keep,
        convert=_try_result,
    )


def unit_results_page(
    tenant_id: str,
    cycle_id: str,
    unit_path: list[str],
    page: PageRequest,
    keep: Callable[[PersonResult], bool] | None = None,
) -> Page[PersonResult]:
    """A page of the results of one unit and the units below it (by unit path, then person id): one
    GSI2 Query of that slice, which also holds the slice's reviews (small; skipped here)."""
    return query_page(
        ResultItem,
        cycle_unit_pk(tenant_id, cycle_id),
        cycle_unit_sk(unit_path),
        index="GSI2",
        page=page,
        keep=keep,
        filtered=True,
        convert=_try_result,
    )


def unit_slice(
    tenant_id: str, cycle_id: str, unit_path: list[str]
) -> tuple[list[PersonResult], list[Review], dict[str, dict[str, Any]]]:
    """Everything about one unit's (and its subunits') participants in a cycle — results, reviews and
    acknowledgements — in one GSI2 Query: read units proportional to the unit, not the company."""
    return unit_slice_with_references(tenant_id, cycle_id, unit_path)[:3]  # type: ignore[return-value]


def add_reference(changes: Changes, tenant_id: str, result: PersonResult, values: list[dict[str, Any]]) -> None:
    """The participant's previous-period values ``[{indicator (name), measures: {key: {sum, count, last}}}]``
    (before 2026-12-08 ``[{indicator, measure, values}]``, every step's value; both are read), written
    with their result when goals are locked (unconditional: a repeated lock rewrites it)."""
    changes.put(
        ReferenceItem(
            *reference_key(tenant_id, result.cycle_id, result.person_id),
            GSI2PK=cycle_unit_pk(tenant_id, result.cycle_id),
            GSI2SK=cycle_unit_sk(result.unit_path, result.person_id, "REF"),
            data={"person_id": result.person_id, "values": values},
        )
    )


def references_of_cycle(tenant_id: str, cycle_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every participant's previous-period reference entries in a cycle (person -> entries): one Query."""
    out: dict[str, list[dict[str, Any]]] = {}
    for item in query(ReferenceItem, cycle_pk(tenant_id, cycle_id), "REF#"):
        payload = item.payload()
        out[str(payload.get("person_id", ""))] = list(payload.get("values") or [])
    return out


def unit_slice_with_references(
    tenant_id: str, cycle_id: str, unit_path: list[str]
) -> tuple[list[PersonResult], list[Review], dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """``unit_slice`` and the participants' previous-period values (person -> entries; a participant of a
    cycle locked before 2026-12-07 has none), still one Query. The results carry their per-step points
    (the steps items sort beside each result in the slice)."""
    results: list[PersonResult] = []
    reviews: list[Review] = []
    acks: dict[str, dict[str, Any]] = {}
    references: dict[str, list[dict[str, Any]]] = {}
    points: dict[str, Points] = {}
    for item in query(Item, cycle_unit_pk(tenant_id, cycle_id), cycle_unit_sk(unit_path), index="GSI2"):
        if isinstance(item, ReferenceItem):
            payload = item.payload()
            references[str(payload.get("person_id", ""))] = list(payload.get("values") or [])
        elif isinstance(item, StepsItem):
            person_id, indicator_id, found = _points_of(item)
            points.setdefault(person_id, {})[indicator_id] = found
        elif isinstance(item, ResultItem):
            result = _try_result(item)
            if result is not None:
                results.append(result)
        elif isinstance(item, ReviewItem):
            reviews.append(Review.model_validate(item.payload()))
        elif isinstance(item, AcknowledgementItem):
            payload = item.payload()
            acks[payload["person_id"]] = payload
    results = [attach_points(r, points.get(r.person_id, {})) for r in results]
    return results, reviews, acks, references


def get_result(tenant_id: str, cycle_id: str, person_id: str, *, points: bool = False) -> PersonResult:
    """One result (GetItem); with ``points``, also its per-step points (+ one Query of its steps items)."""
    result = _load_result(get(ResultItem, *result_key(tenant_id, cycle_id, person_id)))
    return attach_points(result, person_points(tenant_id, cycle_id, person_id)) if points else result


def find_results(tenant_id: str, cycle_id: str, person_ids: Iterable[str]) -> dict[str, PersonResult]:
    """Some people's results in a cycle: BatchGetItem, 100 keys a call."""
    keys = [result_key(tenant_id, cycle_id, p) for p in dict.fromkeys(person_ids)]
    items = ResultItem.batch_get(keys) if keys else []
    results = _load_results(i for i in items if isinstance(i, ResultItem))
    return {r.person_id: r for r in results}


def find_result(tenant_id: str, cycle_id: str, person_id: str, *, points: bool = False) -> PersonResult | None:
    item = find(ResultItem, *result_key(tenant_id, cycle_id, person_id))
    if item is None:
        return None
    result = _load_result(item)
    return attach_points(result, person_points(tenant_id, cycle_id, person_id)) if points else result


# ---- reviews and acknowledgements ---------------------------------------------------------------


def add_review(
    changes: Changes, tenant_id: str, review: Review, result: PersonResult, cycle_start: str, *, before: Review | None
) -> None:
    """A review of ``result``'s participant (whose unit path is the unit slice's sort key), and, in the same
    transaction, a first submission counted in their unit's summary (``before``: the stored review)."""
    unit_path = result.unit_path
    count_unit(
        changes,
        tenant_id,
        cycle_start,
        review.cycle_id,
        result.unit_id,
        unit_path,
        summaries.change(summaries.of_review(before), summaries.of_review(review)),
    )
    item = ReviewItem(
        *review_key(tenant_id, review.cycle_id, review.person_id, review.kind),
        GSI2PK=cycle_unit_pk(tenant_id, review.cycle_id),
        GSI2SK=cycle_unit_sk(unit_path, review.person_id, f"V#{_REVIEW_SUFFIX[review.kind]}"),
        data=review.model_dump(mode="json", exclude={"version"}),
    )
    item.at_version(review.version)
    (changes.save if review.version else changes.create)(item)


def find_review(tenant_id: str, cycle_id: str, person_id: str, kind: ReviewKind) -> Review | None:
    item = find(ReviewItem, *review_key(tenant_id, cycle_id, person_id, kind))
    return load(Review, item) if item else None


def add_acknowledgement(
    changes: Changes, tenant_id: str, result: PersonResult, cycle_start: str, data: dict[str, Any]
) -> None:
    """The participant's acknowledgement (created once: a second one conflicts) and its count."""
    cycle_id, person_id, unit_path = result.cycle_id, result.person_id, result.unit_path
    count_unit(changes, tenant_id, cycle_start, cycle_id, result.unit_id, unit_path, {"acknowledged": Decimal(1)})
    changes.create(
        AcknowledgementItem(
            *acknowledgement_key(tenant_id, cycle_id, person_id),
            GSI2PK=cycle_unit_pk(tenant_id, cycle_id),
            GSI2SK=cycle_unit_sk(unit_path, person_id, "V#ACK"),
            data=data,
        )
    )


def index_cycle_by_unit(tenant_id: str, cycle_id: str) -> int:
    """Give a cycle's results, reviews and acknowledgements written before 2026-12-06 their unit-slice
    keys (GSI2), from each participant's result: one UpdateItem per item lacking them, which sets the
    two keys only (no version change). ``infra/backfill_unit_slices.py``; safe to repeat."""
    paths: dict[str, list[str]] = {}
    pending: list[tuple[Item, str, str]] = []
    for item in query(Item, cycle_pk(tenant_id, cycle_id)):
        payload = item.payload()
        if isinstance(item, ResultItem):
            paths[payload["person_id"]] = list(payload.get("unit_path") or [])
            if not item.GSI2PK:
                pending.append((item, payload["person_id"], "R"))
        elif isinstance(item, ReviewItem | AcknowledgementItem) and not item.GSI2PK:
            pending.append((item, payload["person_id"], "V#" + item.SK.rsplit("#", 1)[1]))
        elif isinstance(item, StepsItem) and not item.GSI2PK:
            pending.append((item, payload["person_id"], f"S#{payload['indicator_id']}"))
    written = 0
    for item, person_id, tag in pending:
        if person_id not in paths:
            continue
        set_index_keys(
            item.PK, item.SK, gsi2=(cycle_unit_pk(tenant_id, cycle_id), cycle_unit_sk(paths[person_id], person_id, tag))
        )
        written += 1
    return written


def reviews_of_cycle(tenant_id: str, cycle_id: str) -> tuple[list[Review], dict[str, dict[str, Any]]]:
    """All reviews and acknowledgements of a cycle (one Query): reviews, and person -> acknowledgement."""
    reviews: list[Review] = []
    acks: dict[str, dict[str, Any]] = {}
    for item in query(Item, cycle_pk(tenant_id, cycle_id), "V#"):
        if isinstance(item, ReviewItem):
            reviews.append(Review.model_validate(item.payload()))
        elif isinstance(item, AcknowledgementItem):
            payload = item.payload()
            acks[payload["person_id"]] = payload
    return reviews, acks


def reviews_of_person(
    tenant_id: str, cycle_id: str, person_id: str
) -> tuple[dict[ReviewKind, Review], dict[str, Any] | None]:
    """One person's reviews and acknowledgement in a cycle (one Query)."""
    reviews: dict[ReviewKind, Review] = {}
    ack: dict[str, Any] | None = None
    for item in query(Item, cycle_pk(tenant_id, cycle_id), f"V#{person_id}#"):
        if isinstance(item, ReviewItem):
            review = Review.model_validate(item.payload())
            reviews[review.kind] = review
        elif isinstance(item, AcknowledgementItem):
            ack = item.payload()
    return reviews, ack


# ---- actuals ------------------------------------------------------------------------------------


def actual_item(tenant_id: str, value: ActualValue, version: int) -> ActualItem:
    item = ActualItem(
        *actual_key(tenant_id, value.period, value.person_id, value.indicator_id, value.measure, value.unit_index),
        data=value.model_dump(mode="json"),
    )
    item.at_version(version)
    return item


def add_actual(changes: Changes, tenant_id: str, value: ActualValue, *, version: int) -> None:
    """A new value (version 0) or a correction of the stored one (its version)."""
    (changes.save if version else changes.create)(actual_item(tenant_id, value, version))


def add_actual_history(changes: Changes, tenant_id: str, previous: ActualValue) -> None:
    changes.create(
        ActualHistoryItem(
            actuals_pk(tenant_id, previous.period), actual_history_sk(previous), data=previous.model_dump(mode="json")
        )
    )


def actuals(tenant_id: str, period: str, person_id: str = "", indicator_id: str = "") -> list[tuple[ActualValue, int]]:
    """Current values with their item versions: a whole period, a person, or one indicator (one Query)."""
    prefix = actual_sk(person_id, indicator_id) if person_id else "P#"
    return [
        (_actual(i.payload()), int(i.version or 0)) for i in query(ActualItem, actuals_pk(tenant_id, period), prefix)
    ]


def actual_history(tenant_id: str, period: str, person_id: str, indicator_id: str = "") -> list[ActualValue]:
    return [
        _actual(i.payload())
        for i in query(ActualHistoryItem, actuals_pk(tenant_id, period), "H#" + actual_sk(person_id, indicator_id))
    ]


def _actual(payload: dict[str, Any]) -> ActualValue:
    return ActualValue.model_validate({k: v for k, v in payload.items() if k != "version"})


# ---- idempotency --------------------------------------------------------------------------------


def claim_idempotency(changes: Changes, tenant_id: str, digest: str, request_hash: str, reply: Any) -> None:
    """Reserve the key (a guard: a second writer's transaction fails) and keep the reply for replays."""
    changes.claim(idempotency_pk(tenant_id), idempotency_guard_sk(digest))
    changes.create(
        IdempotencyItem(
            idempotency_pk(tenant_id),
            idempotency_record_sk(digest),
            data={"request_hash": request_hash, "reply": reply},
            expires_at=int(time.time()) + IDEMPOTENCY_TTL_SECONDS,
        )
    )


def find_idempotency(tenant_id: str, digest: str) -> dict[str, Any] | None:
    item = find(IdempotencyItem, idempotency_pk(tenant_id), idempotency_record_sk(digest))
    return item.payload() if item else None


def idempotency_guard_exists(tenant_id: str, digest: str) -> bool:
    return find(GuardItem, idempotency_pk(tenant_id), idempotency_guard_sk(digest)) is not None


def person_history_page(
    tenant_id: str, person_id: str, page: PageRequest, keep: Callable[[PersonResult], bool]
) -> Page[PersonResult]:
    """A page of a person's results, oldest period first: one GSI1 Query."""
    return query_page(
        ResultItem,
        person_history_pk(tenant_id, person_id),
        index="GSI1",
        page=page,
        keep=keep,
        convert=_try_result,
    )


# ---- 360 feedback -------------------------------------------------------------------------------


def add_feedback_request(changes: Changes, tenant_id: str, request: FeedbackRequest) -> None:
    item = FeedbackRequestItem(
        *feedback_request_key(tenant_id, request.cycle_id, request.reviewee_id, request.rater_id),
        GSI1PK=feedback_inbox_pk(tenant_id, request.rater_id),
        GSI1SK=f"{request.cycle_id}#{request.reviewee_id}",
        data=request.model_dump(mode="json"),
    )
    changes.create(item)


def find_feedback_request(tenant_id: str, cycle_id: str, reviewee_id: str, rater_id: str) -> FeedbackRequest | None:
    item = find(FeedbackRequestItem, *feedback_request_key(tenant_id, cycle_id, reviewee_id, rater_id))
    return _request(item.payload()) if item else None


def feedback_requests_for(tenant_id: str, cycle_id: str, reviewee_id: str) -> list[FeedbackRequest]:
    return [
        _request(i.payload()) for i in query(FeedbackRequestItem, cycle_pk(tenant_id, cycle_id), f"FQ#{reviewee_id}#")
    ]


def feedback_requests_page(tenant_id: str, cycle_id: str, reviewee_id: str, page: PageRequest) -> Page[FeedbackRequest]:
    return query_page(
        FeedbackRequestItem,
        cycle_pk(tenant_id, cycle_id),
        f"FQ#{reviewee_id}#",
        page=page,
        convert=lambda i: _request(i.payload()),
    )


def feedback_inbox_page(tenant_id: str, rater_id: str, page: PageRequest) -> Page[FeedbackRequest]:
    return query_page(
        FeedbackRequestItem,
        feedback_inbox_pk(tenant_id, rater_id),
        index="GSI1",
        page=page,
        convert=lambda i: _request(i.payload()),
    )


def _request(payload: dict[str, Any]) -> FeedbackRequest:
    return FeedbackRequest.model_validate({k: v for k, v in payload.items() if k != "version"})


def add_feedback(
    changes: Changes,
    tenant_id: str,
    cycle_id: str,
    reviewee_id: str,
    guard_digest: str,
    token: str,
    answer: dict[str, Any],
) -> None:
    """The answer (no author in it) and, separately, a guard keyed by a digest of who answered whom."""
    changes.claim(*feedback_guard_key(tenant_id, cycle_id, guard_digest))
    changes.create(FeedbackItem(*feedback_key(tenant_id, cycle_id, reviewee_id, token), data=answer))


def feedback_guard_exists(tenant_id: str, cycle_id: str, guard_digest: str) -> bool:
    return find(GuardItem, *feedback_guard_key(tenant_id, cycle_id, guard_digest)) is not None


def feedback_answers(tenant_id: str, cycle_id: str, reviewee_id: str) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in i.payload().items() if k != "version"}
        for i in query(FeedbackItem, cycle_pk(tenant_id, cycle_id), f"F#{reviewee_id}#")
    ]


# ---- indicators (owned by the indicators domain; read only) -------------------------------------


def published_indicators(
    tenant_id: str, period: str, person_ids: Iterable[str] | None = None
) -> dict[str, list[Indicator]]:
    """Each person's locked indicators for a period: the latest published revision of every set
    published to them. One GSI1 Query (the period's rollout partition) + one BatchGetItem."""
    _, entries = indicator_store.rollout_partition(tenant_id, period)
    wanted = set(person_ids) if person_ids is not None else None
    latest: dict[tuple[str, str], int] = {}
    for entry in entries:
        if wanted is not None and entry.person_id not in wanted:
            continue
        key = (entry.person_id, entry.set_id)
        latest[key] = max(latest.get(key, 0), entry.revision)
    versions = indicator_store.get_versions(tenant_id, {(s, r) for (_, s), r in latest.items()})
    out: dict[str, list[Indicator]] = {}
    for (person_id, set_id), revision in sorted(latest.items()):
        version = versions.get((set_id, revision))
        if version is not None:
            out.setdefault(person_id, []).extend(version.indicators)
    return out


def published_indicators_of(tenant_id: str, person_id: str, period: str) -> list[Indicator]:
    """One person's locked indicators for a period: their performance file (one Query) + one BatchGetItem."""
    latest: dict[str, int] = {}
    for entry in indicator_store.file_entries(tenant_id, person_id):
        if entry.period == period:
            latest[entry.set_id] = max(latest.get(entry.set_id, 0), entry.revision)
    versions = indicator_store.get_versions(tenant_id, latest.items())
    out: list[Indicator] = []
    for set_id, revision in sorted(latest.items()):
        version = versions.get((set_id, revision))
        if version is not None:
            out.extend(version.indicators)
    return out
