"""Indicator storage: sets, their summaries, locked versions, performance-file entries, templates.

Access patterns (see docs/data-model.md, "Indicators"):

* a set by id: GetItem ``T#<t>`` / ``ISET#<id>`` (the whole document: indicators, findings,
  comments, questions, history)
* every set of a period, or the rollout of a period: one Query on GSI1 ``T#<t>#IROLL#<period>``.
  The partition holds a small summary per set (``S#<set>``: state, revision, assignees) and one
  small entry per person and published revision (``F#<person>#<set>#R<rev>``: confirmation
  state), so counting not started / drafting / in review / returned / approved / confirmed for a
  whole company reads a few hundred small items, never the set documents.
* a published revision (the locked version): GetItem ``T#<t>`` / ``ISETV#<set>#R<rev>``;
  all revisions of a set: Query begins_with ``ISETV#<set>#``
* a person's performance file: Query ``T#<t>`` begins_with ``IFILE#<person>#`` (one entry per set
  revision published to them; the indicators come from the locked version)
* tenant templates: Query ``T#<t>`` begins_with ``ITPL#`` (latest of each); a template's versions:
  Query begins_with ``ITPLV#<code>#``

The set document and its summary always change in the same transaction, so their versions move
in lockstep and a stale version on either refuses the write (409).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from chalicelib.core.db import Changes, Item, find, get, load, load_all, query, query_page, stored, tenant_key, try_load
from chalicelib.core.paging import Page, PageRequest
from chalicelib.dashboards import desk
from chalicelib.indicators import rollup
from chalicelib.indicators.compliance import blocking
from chalicelib.indicators.schemas import (
    FileEntry,
    IndicatorSet,
    IndicatorSetSummary,
    SetState,
    SetVersion,
    Template,
)


class IndicatorSetItem(Item, discriminator="indicator_set"):
    pass


class SetSummaryItem(Item, discriminator="indicator_set_summary"):
    pass


class SetVersionItem(Item, discriminator="indicator_set_version"):
    pass


class FileEntryItem(Item, discriminator="performance_file_entry"):
    pass


class TemplateItem(Item, discriminator="indicator_template"):
    pass


class TemplateVersionItem(Item, discriminator="indicator_template_version"):
    pass


# ---- keys -------------------------------------------------------------------------------------


def set_key(tenant_id: str, set_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"ISET#{set_id}"


def summary_key(tenant_id: str, set_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"ISETSUM#{set_id}"


def rollout_pk(tenant_id: str, period: str) -> str:
    return tenant_key(tenant_id, "IROLL", period)


def summary_sk(set_id: str) -> str:
    return f"S#{set_id}"


def _rev(revision: int) -> str:
    return f"R{revision:04d}"


def version_key(tenant_id: str, set_id: str, revision: int) -> tuple[str, str]:
    return tenant_key(tenant_id), f"ISETV#{set_id}#{_rev(revision)}"


def file_key(tenant_id: str, person_id: str, period: str, set_id: str, revision: int) -> tuple[str, str]:
    return tenant_key(tenant_id), f"IFILE#{person_id}#{period}#{set_id}#{_rev(revision)}"


def file_rollout_sk(person_id: str, set_id: str, revision: int) -> str:
    return f"F#{person_id}#{set_id}#{_rev(revision)}"


def template_key(tenant_id: str, code: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"ITPL#{code}"


def template_version_key(tenant_id: str, code: str, template_version: int) -> tuple[str, str]:
    return tenant_key(tenant_id), f"ITPLV#{code}#V{template_version:04d}"


def goal_key(tenant_id: str, goal_id: str) -> tuple[str, str]:
    """The goals domain's key for a goal (``chalicelib.goals.store.goal_key``), read here to check links."""
    return tenant_key(tenant_id), f"GOAL#{goal_id}"


# ---- sets -------------------------------------------------------------------------------------


def summarize(indicator_set: IndicatorSet) -> IndicatorSetSummary:
    return IndicatorSetSummary(
        set_id=indicator_set.set_id,
        period=indicator_set.period,
        unit_id=indicator_set.unit_id,
        position_id=indicator_set.position_id,
        person_ids=indicator_set.person_ids,
        title=indicator_set.title,
        state=indicator_set.state,
        revision=indicator_set.revision,
        published_revision=indicator_set.published_revision,
        indicator_count=len(indicator_set.indicators),
        total_weight=indicator_set.total_weight,
        blocking_findings=len(blocking(indicator_set.findings)),
        open_questions=sum(1 for q in indicator_set.questions if q.answer is None),
        updated_at=indicator_set.updated_at,
        version=indicator_set.version,
    )


def add_set(changes: Changes, tenant_id: str, indicator_set: IndicatorSet, *, new: bool) -> None:
    """Stage the set document and its summary (in the rollout partition) together."""
    data = stored(indicator_set, exclude={"assignees"})
    document = IndicatorSetItem(*set_key(tenant_id, indicator_set.set_id), data=data)
    summary = SetSummaryItem(
        *summary_key(tenant_id, indicator_set.set_id),
        GSI1PK=rollout_pk(tenant_id, indicator_set.period),
        GSI1SK=summary_sk(indicator_set.set_id),
        data=summarize(indicator_set).model_dump(mode="json", exclude={"version"}),
    )
    for item in (document, summary):
        item.at_version(indicator_set.version)
        (changes.create if new else changes.save)(item)
    rollup.stage_problem(changes, tenant_id, summarize(indicator_set))
    desk.stage_set(changes, tenant_id, indicator_set.set_id, desk_entry(tenant_id, indicator_set))


DESK_STATES = (SetState.IN_REVIEW, SetState.RETURNED)


def desk_entry(tenant_id: str, indicator_set: IndicatorSet) -> dict[str, Any] | None:
    """What the HR desk shows of a set it has work on (in review, returned, open questions), named: the
    unit's and the askers' names are read here (one BatchGetItem), at the write, so the desk reads none.
    None when HR has nothing to do on the set."""
    from chalicelib.org.store import PersonItem, UnitItem, person_key, unit_key

    open_questions = [q for q in indicator_set.questions if q.answer is None]
    if indicator_set.state not in DESK_STATES and not open_questions:
        return None
    askers = list(dict.fromkeys(q.person_id for q in open_questions if q.person_id))
    keys = [unit_key(tenant_id, indicator_set.unit_id)] + [person_key(tenant_id, p) for p in askers]
    names: dict[str, str] = {}
    for item in Item.batch_get(keys):
        if isinstance(item, UnitItem | PersonItem):
            payload = item.payload()
            names[str(payload.get("unit_id") if isinstance(item, UnitItem) else payload.get("person_id"))] = str(
                payload.get("name", "")
            )
    summary = summarize(indicator_set).model_dump(mode="json", exclude={"version", "person_ids"})
    return {
        **summary,
        "unit_name": names.get(indicator_set.unit_id, ""),
        "questions": [
            {
                **q.model_dump(mode="json", include={"question_id", "person_id", "indicator_id", "text", "at"}),
                "person_name": names.get(q.person_id, ""),
            }
            for q in open_questions
        ],
    }


def get_set(tenant_id: str, set_id: str) -> IndicatorSet:
    return load(IndicatorSet, get(IndicatorSetItem, *set_key(tenant_id, set_id)))


def find_set(tenant_id: str, set_id: str) -> IndicatorSet | None:
    item = find(IndicatorSetItem, *set_key(tenant_id, set_id))
    return load(IndicatorSet, item) if item else None


def get_sets(tenant_id: str, set_ids: Iterable[str]) -> list[IndicatorSet]:
    """Several set documents in one BatchGetItem (missing ones are left out)."""
    keys = [set_key(tenant_id, s) for s in dict.fromkeys(set_ids)]
    if not keys:
        return []
    return load_all(IndicatorSet, (i for i in IndicatorSetItem.batch_get(keys) if isinstance(i, IndicatorSetItem)))


def list_summaries(tenant_id: str, period: str | None) -> list[IndicatorSetSummary]:
    """A period's set summaries (one GSI1 Query), or every summary of the tenant (one table Query)."""
    if period:
        items: Iterable[Item] = query(SetSummaryItem, rollout_pk(tenant_id, period), "S#", index="GSI1")
    else:
        items = query(SetSummaryItem, tenant_key(tenant_id), "ISETSUM#")
    return load_all(IndicatorSetSummary, items)


def summaries_page(
    tenant_id: str, period: str | None, page: PageRequest, keep: Callable[[IndicatorSetSummary], bool]
) -> Page[IndicatorSetSummary]:
    """A page of set summaries, newest first: of a period (one GSI1 Query) or of the tenant (one Query)."""

    def convert(item: SetSummaryItem) -> IndicatorSetSummary:
        return IndicatorSetSummary.model_validate(item.payload())

    if period:
        return query_page(
            SetSummaryItem,
            rollout_pk(tenant_id, period),
            "S#",
            index="GSI1",
            page=page,
            newest_first=True,
            convert=convert,
            keep=keep,
        )
    return query_page(
        SetSummaryItem, tenant_key(tenant_id), "ISETSUM#", page=page, newest_first=True, convert=convert, keep=keep
    )


def rollout_partition(tenant_id: str, period: str) -> tuple[list[IndicatorSetSummary], list[FileEntry]]:
    """Every set summary and file entry of a period: one GSI1 Query (paged only past 1 MB)."""
    summaries: list[IndicatorSetSummary] = []
    entries: list[FileEntry] = []
    for item in query(Item, rollout_pk(tenant_id, period), index="GSI1"):
        if isinstance(item, SetSummaryItem):
            summaries.append(IndicatorSetSummary.model_validate(item.payload()))
        elif isinstance(item, FileEntryItem):
            entries.append(_entry(item.payload()))
    return summaries, entries


# ---- locked versions and the performance file ---------------------------------------------------


def add_version(changes: Changes, tenant_id: str, version: SetVersion) -> None:
    changes.create(
        SetVersionItem(*version_key(tenant_id, version.set_id, version.revision), data=version.model_dump(mode="json"))
    )


def set_versions_page(tenant_id: str, set_id: str, page: PageRequest) -> Page[SetVersion]:
    return query_page(
        SetVersionItem,
        tenant_key(tenant_id),
        f"ISETV#{set_id}#",
        page=page,
        convert=lambda i: SetVersion.model_validate(_without_version(i.payload())),
    )


def get_versions(tenant_id: str, refs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], SetVersion]:
    """Locked versions by (set_id, revision), one BatchGetItem."""
    keys = [version_key(tenant_id, s, r) for s, r in dict.fromkeys(refs)]
    out: dict[tuple[str, int], SetVersion] = {}
    if not keys:
        return out
    for item in SetVersionItem.batch_get(keys):
        if isinstance(item, SetVersionItem):
            version = SetVersion.model_validate(_without_version(item.payload()))
            out[(version.set_id, version.revision)] = version
    return out


def add_file_entry(changes: Changes, tenant_id: str, entry: FileEntry, *, new: bool) -> None:
    data = entry.model_dump(mode="json", exclude={"version", "indicators", "superseded", "locked"})
    item = FileEntryItem(
        *file_key(tenant_id, entry.person_id, entry.period, entry.set_id, entry.revision),
        GSI1PK=rollout_pk(tenant_id, entry.period),
        GSI1SK=file_rollout_sk(entry.person_id, entry.set_id, entry.revision),
        data=data,
    )
    item.at_version(entry.version)
    (changes.create if new else changes.save)(item)


def find_file_entry(tenant_id: str, person_id: str, period: str, set_id: str, revision: int) -> FileEntry | None:
    item = find(FileEntryItem, *file_key(tenant_id, person_id, period, set_id, revision))
    return _entry(item.payload()) if item else None


def file_entries(tenant_id: str, person_id: str) -> list[FileEntry]:
    """A person's whole performance file (without the indicators: see :func:`get_versions`)."""
    return [_entry(i.payload()) for i in query(FileEntryItem, tenant_key(tenant_id), f"IFILE#{person_id}#")]


def _entry(payload: dict[str, Any]) -> FileEntry:
    return FileEntry.model_validate({**payload, "indicators": []})


def _without_version(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != "version"}


# ---- goals (owned by the goals domain; read only) -----------------------------------------------


def goal_status(tenant_id: str, goal_id: str) -> str | None:
    """The goal's status ("active", "achieved", "dropped"), or None when there is no such goal.

    Reads the goals domain's item by its key; importing the goals store registers its item class
    so the stored discriminator can be read (tolerates the goals domain being absent).
    """
    try:
        import chalicelib.goals.store  # noqa: F401
    except ImportError:  # pragma: no cover - goals domain not deployed
        pass
    try:
        item = find(Item, *goal_key(tenant_id, goal_id))
    except ValueError:  # an item of a kind this deployment does not know: treat as existing
        return "active"
    if item is None:
        return None
    return str(item.payload().get("status") or "active")


# ---- templates --------------------------------------------------------------------------------


def add_template(changes: Changes, tenant_id: str, template: Template, *, new: bool) -> None:
    """Stage the template's latest version (head item) and its immutable version record."""
    data = stored(template)
    head = TemplateItem(*template_key(tenant_id, template.code), data=data)
    head.at_version(template.version)
    (changes.create if new else changes.save)(head)
    changes.create(
        TemplateVersionItem(*template_version_key(tenant_id, template.code, template.template_version), data=data)
    )


def find_template(tenant_id: str, code: str) -> Template | None:
    item = find(TemplateItem, *template_key(tenant_id, code))
    return load(Template, item) if item else None


def list_templates(tenant_id: str) -> list[Template]:
    return load_all(Template, query(TemplateItem, tenant_key(tenant_id), "ITPL#"))


def template_versions_page(tenant_id: str, code: str, page: PageRequest) -> Page[Template]:
    return query_page(
        TemplateVersionItem, tenant_key(tenant_id), f"ITPLV#{code}#", page=page, convert=lambda i: try_load(Template, i)
    )
