"""Global search over what the caller may open, read from the indexes the list screens already use.

Reads per search (each bounded by the tenant's size, never a table Scan):

* people and units: the org tree, one GSI1 Query (``T#<t>#TREE``), the same the org chart reads;
* indicator sets (HR, admins, executives; managers those of the units they head): the tenant's set
  summaries, one Query (``ISETSUM#``), the same the set list reads — a manager's scope is checked
  against the units of the tree already read;
* the caller's own published indicators: their performance file entries (one Query) and the
  latest locked version of each set (one BatchGetItem of at most ``OWN_SETS`` keys);
* the caller's tasks: assigned (one GSI1 Query) and created (one GSI1 Query + one BatchGetItem).

Matching is on names only (plus the employee number for those who see it): the words are compared
after NFKC (full-width digits and letters from a Chinese keyboard match) and case folding; exact
matches rank first, then prefixes, then the rest by name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from chalicelib.collab import store as collab_store
from chalicelib.core.context import RequestContext
from chalicelib.indicators import store as indicator_store
from chalicelib.org import store as org_store
from chalicelib.org.schemas import Person, Unit, UnitStatus
from chalicelib.org.service import can_manage
from chalicelib.search.schemas import SearchGroup, SearchHit, SearchKind, SearchQuery, SearchResult

OWN_SETS = 12  # the newest sets of the caller's own file whose indicators are searched

T = TypeVar("T")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def rank(words: str, *names: str | None) -> int | None:
    """0 exact, 1 prefix, 2 contains, None no match: the best over the given names."""
    best: int | None = None
    for name in names:
        if not name:
            continue
        n = normalize(name)
        r = 0 if n == words else 1 if n.startswith(words) else 2 if words in n else None
        if r is not None and (best is None or r < best):
            best = r
    return best


def _group(kind: SearchKind, found: Iterable[tuple[int, SearchHit]], limit: int) -> SearchGroup | None:
    ordered = sorted(found, key=lambda pair: (pair[0], normalize(pair[1].title), pair[1].id))
    if not ordered:
        return None
    return SearchGroup(kind=kind, items=[hit for _, hit in ordered[:limit]], more=len(ordered) > limit)


def _matches(
    items: Iterable[T], words: str, names: Callable[[T], tuple[str | None, ...]], hit: Callable[[T], SearchHit]
) -> list[tuple[int, SearchHit]]:
    out = []
    for item in items:
        r = rank(words, *names(item))
        if r is not None:
            out.append((r, hit(item)))
    return out


def search(ctx: RequestContext, query: SearchQuery) -> SearchResult:
    words = normalize(query.q)
    if not words:
        return SearchResult(q=query.q, groups=[])
    units, _, people = org_store.whole_tree(ctx.tenant_id)
    units_by_id = {u.unit_id: u for u in units}
    unit_name = {u.unit_id: u.name for u in units}

    def person_names(p: Person) -> tuple[str | None, ...]:
        return (p.name, p.employee_no) if ctx.sees_whole_company else (p.name,)

    groups = [
        _group(
            SearchKind.PERSON,
            _matches(
                people,
                words,
                person_names,
                lambda p: SearchHit(
                    kind=SearchKind.PERSON,
                    id=p.person_id,
                    title=p.name,
                    subtitle=unit_name.get(p.unit_id, ""),
                    unit_id=p.unit_id,
                ),
            ),
            query.limit,
        ),
        _group(
            SearchKind.UNIT,
            _matches(
                [u for u in units if u.status == UnitStatus.ACTIVE],
                words,
                lambda u: (u.name,),
                lambda u: SearchHit(
                    kind=SearchKind.UNIT,
                    id=u.unit_id,
                    title=u.name,
                    subtitle=unit_name.get(u.parent_id or "", ""),
                    unit_id=u.unit_id,
                ),
            ),
            query.limit,
        ),
        _group(SearchKind.INDICATOR_SET, _sets(ctx, words, units_by_id), query.limit),
        _group(SearchKind.INDICATOR, _own_indicators(ctx, words), query.limit),
        _group(SearchKind.TASK, _tasks(ctx, words), query.limit),
    ]
    return SearchResult(q=query.q, groups=[g for g in groups if g is not None])


def _sets(ctx: RequestContext, words: str, units: dict[str, Unit]) -> list[tuple[int, SearchHit]]:
    """Set titles the caller may open: the whole company's, or (managers) those of units they head."""
    if not (ctx.sees_whole_company or ctx.managed_unit_ids):
        return []
    summaries = indicator_store.list_summaries(ctx.tenant_id, None)
    shown = [
        s for s in summaries if ctx.sees_whole_company or (s.unit_id in units and can_manage(ctx, units[s.unit_id]))
    ]
    return _matches(
        shown,
        words,
        lambda s: (s.title,),
        lambda s: SearchHit(
            kind=SearchKind.INDICATOR_SET,
            id=s.set_id,
            title=s.title or s.period,
            subtitle=_join(units[s.unit_id].name if s.unit_id in units else "", s.period),
            unit_id=s.unit_id,
            period=s.period,
            state=s.state.value,
        ),
    )


def _own_indicators(ctx: RequestContext, words: str) -> list[tuple[int, SearchHit]]:
    """The caller's own published indicators: the latest revision of each of their newest sets."""
    if not ctx.person_id:
        return []
    latest: dict[str, tuple[str, int]] = {}
    for e in indicator_store.file_entries(ctx.tenant_id, ctx.person_id):
        if e.set_id not in latest or e.revision > latest[e.set_id][1]:
            latest[e.set_id] = (e.period, e.revision)
    newest = sorted(latest.items(), key=lambda kv: (kv[1][0], kv[0]), reverse=True)[:OWN_SETS]
    versions = indicator_store.get_versions(ctx.tenant_id, [(s, rev) for s, (_, rev) in newest])
    found: list[tuple[int, SearchHit]] = []
    for version in versions.values():
        for indicator in version.indicators:
            r = rank(words, indicator.name)
            if r is not None:
                found.append(
                    (
                        r,
                        SearchHit(
                            kind=SearchKind.INDICATOR,
                            id=indicator.indicator_id,
                            title=indicator.name,
                            subtitle=version.period,
                            set_id=version.set_id,
                            period=version.period,
                        ),
                    )
                )
    return found


def _tasks(ctx: RequestContext, words: str) -> list[tuple[int, SearchHit]]:
    """The caller's tasks: assigned to them and created by them."""
    found = {t.task_id: t for t in collab_store.tasks_created_by(ctx.tenant_id, ctx.person_id or ctx.user_id)}
    if ctx.person_id:
        found.update((t.task_id, t) for t in collab_store.tasks_assigned_to(ctx.tenant_id, ctx.person_id))
    return _matches(
        found.values(),
        words,
        lambda t: (t.title,),
        lambda t: SearchHit(
            kind=SearchKind.TASK, id=t.task_id, title=t.title, subtitle=t.deadline.isoformat(), state=t.status.value
        ),
    )


def _join(*parts: str) -> str:
    return " · ".join(p for p in parts if p)
