"""Cursor paging for every list: ``limit`` and an opaque ``cursor`` in, ``{"items", "next_cursor"}`` out.

A cursor is a position in one list of one tenant. It carries the tenant, a digest of the list's
scope (its name, path ids and filters) and the position: the DynamoDB key of the last item of the
page (lists read with one Query, see ``core.db.query_page``) or the sort key of the last item
(lists computed in Python, see :func:`page_of`). It is signed with HMAC-SHA256, so a client can
neither forge a position nor move a cursor to another tenant or list: any mismatch is a 400 naming
``cursor``, never data. ``core.db`` also checks the key's partition against the query's own, so
even a leaked signing key could not read another tenant's partition.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from chalicelib.core import deferred
from chalicelib.core.errors import Invalid
from chalicelib.core.settings import settings

MAX_CURSOR = 2048  # characters: a GSI key of a deep org path, base64-encoded, is well under 1,000
_VERSION = 1

T = TypeVar("T")
U = TypeVar("U")


def limit_field(default: int, maximum: int) -> Any:
    """The ``limit`` query parameter of a list: 1 to ``maximum`` items per page, ``default`` when omitted."""
    return Field(
        default=default, ge=1, le=maximum, description=f"items per page: 1 to {maximum} ({default} when omitted)"
    )


def cursor_field() -> Any:
    """The ``cursor`` query parameter: the previous page's ``next_cursor``."""
    return Field(
        default=None,
        min_length=1,
        max_length=MAX_CURSOR,
        description="the next_cursor of the previous page (omit for the first page); "
        "valid only for the same list, filters and company",
    )


class Paged(deferred.BaseModel):
    """Base of every paged list response: ``items`` (declared by the subclass) and ``next_cursor``."""

    next_cursor: str | None = Field(
        default=None, description="pass as cursor to get the next page; null on the last page"
    )


@dataclass(frozen=True)
class Page(Generic[T]):
    """What stores and services return for one page of a list."""

    items: list[T]
    next_cursor: str | None = None

    def map(self, fn: Callable[[T], U]) -> Page[U]:
        return Page([fn(i) for i in self.items], self.next_cursor)


@dataclass(frozen=True)
class PageRequest:
    """One request for a page: the tenant, the list's scope, the limit and the decoded start position."""

    tenant_id: str
    scope: str
    limit: int
    start: Any = None

    def cursor(self, position: Any) -> str:
        """The signed cursor that resumes this list after ``position``."""
        payload = _b64(
            json.dumps(
                {"v": _VERSION, "t": self.tenant_id, "s": _digest(self.scope), "p": position},
                separators=(",", ":"),
                ensure_ascii=False,
            ).encode()
        )
        return f"{payload}.{_sign(payload)}"


def page_request(tenant_id: str, scope: str, query: BaseModel) -> PageRequest:
    """The page ``query`` (a model with ``limit`` and ``cursor``) asks for, in the list named ``scope``.

    ``scope`` names the list and its path ids (``"reviews.results:<cycle>"``); the query's other
    fields (its filters) are added, so a cursor is refused when the filters change.
    """
    filters = query.model_dump(mode="json")
    limit = int(filters.pop("limit"))
    cursor = filters.pop("cursor", None)
    full_scope = f"{scope}?{json.dumps(filters, sort_keys=True, separators=(',', ':'))}"
    start = decode(cursor, tenant_id, full_scope) if cursor else None
    return PageRequest(tenant_id, full_scope, limit, start)


def first_page(tenant_id: str, scope: str, limit: int) -> PageRequest:
    """A first page without a query model (internal callers, tests)."""
    return PageRequest(tenant_id, scope, limit)


def decode(cursor: str, tenant_id: str, scope: str) -> Any:
    """The position a cursor holds; 400 ``cursor`` unless it was issued for this tenant and list."""
    payload, _, signature = cursor.partition(".")
    if not payload or not hmac.compare_digest(signature.encode(), _sign(payload).encode()):
        raise bad_cursor()
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        raise bad_cursor() from None
    if (
        not isinstance(data, dict)
        or data.get("v") != _VERSION
        or data.get("t") != tenant_id
        or data.get("s") != _digest(scope)
        or "p" not in data
    ):
        raise bad_cursor()
    return data["p"]


def bad_cursor() -> Invalid:
    """The one answer to every unusable cursor (it does not say why: the cursor is opaque)."""
    return Invalid.field("cursor", "cursor.invalid")


def page_of(
    items: Iterable[T], key: Callable[[T], Sequence[str | int]], page: PageRequest, *, reverse: bool = False
) -> Page[T]:
    """Page a list computed in Python (several reads, merged or filtered) by a stable sort key.

    ``key`` must be unique per item and must not change while a client walks the pages (an id,
    or a date followed by an id), so every item is returned exactly once; ``reverse`` orders it
    descending. The cursor holds the last returned item's key.
    """
    ordered = sorted(items, key=lambda i: tuple(key(i)), reverse=reverse)
    if page.start is not None:
        if not isinstance(page.start, list) or not all(isinstance(v, str | int) for v in page.start):
            raise bad_cursor()
        after = tuple(page.start)
        try:
            ordered = [i for i in ordered if (tuple(key(i)) < after if reverse else tuple(key(i)) > after)]
        except TypeError:
            raise bad_cursor() from None
    if len(ordered) <= page.limit:
        return Page(ordered)
    shown = ordered[: page.limit]
    return Page(shown, page.cursor(list(key(shown[-1]))))


def _digest(scope: str) -> str:
    return hashlib.sha256(scope.encode()).hexdigest()[:16]


def _sign(payload: str) -> str:
    mac = hmac.new(settings().cursor_secret.encode(), payload.encode(), hashlib.sha256).digest()
    return _b64(mac[:16])


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
