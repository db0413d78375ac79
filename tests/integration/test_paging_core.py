"""core.db.query_page against moto: pages of the table and of a GSI, filters, foreign cursors."""

from __future__ import annotations

import pytest

from chalicelib.core.db import Item, query_page, tenant_key
from chalicelib.core.errors import Invalid
from chalicelib.core.paging import PageRequest, first_page


class Thing(Item, discriminator="paging_test_thing"):
    pass


def things(tenant: str, n: int) -> None:
    with Thing.batch_write() as batch:
        for i in range(n):
            batch.save(Thing(tenant_key(tenant), f"THING#{i:03d}", GSI1PK=tenant_key(tenant, "BYCOLOUR"),
                             GSI1SK=f"{'red' if i % 2 else 'blue'}#{i:03d}", data={"n": i}))


def walk(pk: str, prefix: str, req: PageRequest, **kwargs) -> list[list[int]]:
    pages = []
    while True:
        page = query_page(Thing, pk, prefix, page=req, convert=lambda i: int(i.payload()["n"]), **kwargs)
        pages.append(page.items)
        if page.next_cursor is None:
            return pages
        from chalicelib.core.paging import decode

        req = PageRequest(req.tenant_id, req.scope, req.limit, decode(page.next_cursor, req.tenant_id, req.scope))


@pytest.mark.parametrize("newest_first", [False, True])
def test_walking_table_pages_returns_each_item_once(aws, newest_first):
    things("t1", 7)
    pages = walk(tenant_key("t1"), "THING#", first_page("t1", "things", 3), newest_first=newest_first)
    assert [len(p) for p in pages] == [3, 3, 1]
    flat = [n for p in pages for n in p]
    assert flat == sorted(range(7), reverse=newest_first)


def test_an_exact_multiple_ends_without_an_empty_page(aws):
    things("t1", 6)
    assert [len(p) for p in walk(tenant_key("t1"), "THING#", first_page("t1", "things", 3))] == [3, 3]


def test_gsi_pages_with_a_filter_are_full_and_complete(aws):
    things("t1", 20)
    pages = walk(tenant_key("t1", "BYCOLOUR"), "", first_page("t1", "colours", 4), index="GSI1",
                 keep=lambda n: n % 3 == 0)
    assert [len(p) for p in pages] == [4, 3]
    assert sorted(n for p in pages for n in p) == [0, 3, 6, 9, 12, 15, 18]


def test_a_key_from_another_partition_is_refused_even_when_signed(aws):
    # Given tenant t2's own valid position in *its* list...
    things("t1", 3)
    things("t2", 3)
    position = {"PK": tenant_key("t1"), "SK": "THING#000"}
    req = PageRequest("t2", "things", 2, position)
    # When it is used on t2's partition / Then 400 naming cursor, never t1's data
    with pytest.raises(Invalid) as err:
        query_page(Thing, tenant_key("t2"), "THING#", page=req, convert=lambda i: i.payload())
    assert err.value.details[0].field == "cursor"


def test_a_position_outside_the_prefix_or_of_the_wrong_shape_is_refused(aws):
    for position in ({"PK": tenant_key("t1"), "SK": "OTHER#1"}, {"PK": tenant_key("t1")}, ["THING#001"],
                     {"PK": tenant_key("t1"), "SK": 5}):
        with pytest.raises(Invalid):
            query_page(Thing, tenant_key("t1"), "THING#", page=PageRequest("t1", "s", 2, position),
                       convert=lambda i: i)
