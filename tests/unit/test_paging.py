"""Cursors: signed, bound to one tenant and one list; computed lists page by a stable key."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from chalicelib.core import paging
from chalicelib.core.errors import Invalid
from chalicelib.core.paging import cursor_field, limit_field, page_of, page_request


class Query(BaseModel):
    status: str = ""
    limit: int = limit_field(2, 10)
    cursor: str | None = cursor_field()


def walk(items, key, tenant="t1", scope="things", **query):
    """Every page of ``items`` in order, following next_cursor."""
    pages, cursor = [], None
    while True:
        page = page_of(items, key, page_request(tenant, scope, Query(cursor=cursor, **query)))
        pages.append(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return pages


def test_walking_a_computed_list_returns_every_item_once_in_key_order():
    items = [{"id": f"{n:02d}"} for n in (5, 1, 4, 2, 3)]
    pages = walk(items, lambda i: (i["id"],))
    assert pages == [[{"id": "01"}, {"id": "02"}], [{"id": "03"}, {"id": "04"}], [{"id": "05"}]]


def test_a_list_that_fits_one_page_has_no_next_cursor():
    page = page_of([3, 1], lambda i: (i,), page_request("t1", "things", Query()))
    assert page.items == [1, 3] and page.next_cursor is None


def test_reverse_order_pages_newest_first():
    pages = walk(list(range(5)), lambda i: (i,))
    assert [i for p in pages for i in p] == [0, 1, 2, 3, 4]
    page = page_of(list(range(5)), lambda i: (i,), page_request("t1", "things", Query()), reverse=True)
    rest = page_of(list(range(5)), lambda i: (i,), page_request("t1", "things", Query(cursor=page.next_cursor)),
                   reverse=True)
    assert page.items == [4, 3] and rest.items == [2, 1]


def test_a_cursor_of_another_tenant_is_refused():
    # Given a cursor issued to tenant 1
    cursor = page_of([1, 2, 3], lambda i: (i,), page_request("t1", "things", Query())).next_cursor
    # When tenant 2 sends it to the same list / Then 400 naming cursor
    with pytest.raises(Invalid) as err:
        page_request("t2", "things", Query(cursor=cursor))
    assert [(d.field, d.text.code) for d in err.value.details] == [("cursor", "cursor.invalid")]


@pytest.mark.parametrize("scope,query", [("other", {}), ("things", {"status": "done"})])
def test_a_cursor_of_another_list_or_other_filters_is_refused(scope, query):
    cursor = page_of([1, 2, 3], lambda i: (i,), page_request("t1", "things", Query())).next_cursor
    with pytest.raises(Invalid):
        page_request("t1", scope, Query(cursor=cursor, **query))


def test_a_tampered_cursor_is_refused():
    req = page_request("t1", "things", Query())
    cursor = req.cursor(["02"])
    payload, _, signature = cursor.partition(".")
    forged = paging._b64(paging.base64.urlsafe_b64decode(payload + "==").replace(b"t1", b"t2")) + "." + signature
    for bad in (forged, payload, "x", cursor + "x", "." + signature):
        with pytest.raises(Invalid):
            page_request("t1", "things", Query(cursor=bad))


def test_a_signed_cursor_whose_position_is_not_a_sort_key_is_refused():
    req = page_request("t1", "things", Query())
    with pytest.raises(Invalid):
        page_of([1, 2, 3], lambda i: (i,), page_request("t1", "things", Query(cursor=req.cursor({"PK": "x"}))))


@pytest.mark.parametrize("limit", [0, 11, -1])
def test_limit_outside_its_bounds_is_invalid(limit):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as err:
        Query(limit=limit)
    assert err.value.errors()[0]["loc"] == ("limit",)
