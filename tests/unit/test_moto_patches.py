"""local/moto_patches.py: moto's DynamoDB reads answer the same with and without the fast path."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.dynamodb.responses import DynamoResult

from local import moto_patches

TABLE = "patch-check"
ITEM = {
    "PK": {"S": "T#a"},
    "SK": {"S": "R#1"},
    "GSI1PK": {"S": "T#a#IDX"},
    "n": {"N": "8.25"},
    "flag": {"BOOL": True},
    "nothing": {"NULL": True},
    "tags": {"SS": ["甲", "乙"]},
    "counts": {"NS": ["1", "2.5"]},
    "data": {"M": {"indicators": {"L": [{"M": {"name": {"S": "客户转化率"}, "points": {"M": {"1": {"N": "8"}}}}}]}}},
}


@pytest.fixture
def ddb() -> Iterator[Any]:
    moto_patches.apply()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("PK", "SK", "GSI1PK")],
            GlobalSecondaryIndexes=[{"IndexName": "GSI1", "KeySchema": [{"AttributeName": "GSI1PK", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.put_item(TableName=TABLE, Item=ITEM)
        client.put_item(TableName=TABLE, Item={**ITEM, "SK": {"S": "R#2"}})
        yield client


def _both(call: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    fast = DynamoResult.execute_result
    assert getattr(fast, "_luodi_fast", False)
    with_patch = call()
    DynamoResult.execute_result = fast.__wrapped__  # type: ignore[attr-defined]
    try:
        without = call()
    finally:
        DynamoResult.execute_result = fast  # type: ignore[method-assign]
    for reply in (with_patch, without):
        reply.pop("ResponseMetadata")
    return with_patch, without


@pytest.mark.parametrize("read", [
    lambda c: c.query(TableName=TABLE, KeyConditionExpression="PK = :p AND begins_with(SK, :s)",
                      ExpressionAttributeValues={":p": {"S": "T#a"}, ":s": {"S": "R#"}}, Limit=1,
                      ReturnConsumedCapacity="TOTAL"),
    lambda c: c.query(TableName=TABLE, IndexName="GSI1", KeyConditionExpression="GSI1PK = :p",
                      ExpressionAttributeValues={":p": {"S": "T#a#IDX"}}),
    lambda c: c.scan(TableName=TABLE, FilterExpression="flag = :t", ExpressionAttributeValues={":t": {"BOOL": True}}),
    lambda c: c.get_item(TableName=TABLE, Key={"PK": {"S": "T#a"}, "SK": {"S": "R#1"}}),
    lambda c: c.get_item(TableName=TABLE, Key={"PK": {"S": "T#a"}, "SK": {"S": "missing"}}),
    lambda c: c.batch_get_item(RequestItems={TABLE: {"Keys": [{"PK": {"S": "T#a"}, "SK": {"S": "R#1"}},
                                                              {"PK": {"S": "T#a"}, "SK": {"S": "R#2"}}]}}),
    lambda c: c.transact_get_items(TransactItems=[{"Get": {"TableName": TABLE,
                                                           "Key": {"PK": {"S": "T#a"}, "SK": {"S": "R#1"}}}}]),
], ids=["query-paged", "query-index", "scan-filter", "get", "get-missing", "batch-get", "transact-get"])
def test_given_a_read_when_served_by_the_fast_path_then_the_client_sees_the_same_reply(ddb, read):
    with_patch, without = _both(lambda: read(ddb))

    assert with_patch == without


def test_given_reads_and_transactions_when_they_are_done_then_moto_keeps_no_copies(ddb):
    # moto lists every object of a model class for its dashboard; without the weak tracking each Query
    # copy of an item and each transaction's table backup stayed listed (and in memory) for good.
    from moto.dynamodb.models.dynamo_type import Item
    from moto.dynamodb.models.table import Table

    def live() -> tuple[int, int]:
        gc.collect()
        return len(Table.instances_tracked), len(Item.instances_tracked)

    tables, items = live()
    for n in range(20):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": TABLE, "Item": {**ITEM, "SK": {"S": f"X#{n}"}}}}])
        ddb.query(TableName=TABLE, KeyConditionExpression="PK = :p", ExpressionAttributeValues={":p": {"S": "T#a"}})

    assert live() == (tables, items + 20)  # the 20 new items, no backups, no query copies


def test_given_weak_instances_then_they_list_the_live_objects_only():
    class Thing:
        pass

    keep, drop = Thing(), Thing()
    listed = moto_patches.WeakInstances([keep, drop])
    del drop
    gc.collect()

    assert list(listed) == [keep] and len(listed) == 1


@pytest.fixture
def many(ddb):
    # Items in three partitions, written out of key order, two sharing an index key
    for n in (7, 3, 9, 1, 5):
        for pk in ("T#b", "T#a", "T#c"):
            ddb.put_item(TableName=TABLE, Item={"PK": {"S": pk}, "SK": {"S": f"R#{n}"}, "n": {"N": str(n)},
                                                "GSI1PK": {"S": "T#a#IDX" if n % 2 else "T#a#OTHER"}})
    return ddb


def _unpatched(call: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    from moto.dynamodb.models.table import Table

    fast_query, fast_all = Table.query, Table.all_items
    assert getattr(fast_query, "_luodi_fast", False)
    with_patch = call()
    Table.query, Table.all_items = fast_query.__wrapped__, fast_all.__wrapped__  # type: ignore[attr-defined]
    try:
        without = call()
    finally:
        Table.query, Table.all_items = fast_query, fast_all  # type: ignore[method-assign]
    for reply in (with_patch, without):
        reply.pop("ResponseMetadata")
    return with_patch, without


@pytest.mark.parametrize("params", [
    {"KeyConditionExpression": "PK = :p", "ExpressionAttributeValues": {":p": {"S": "T#a"}}},
    {"KeyConditionExpression": "PK = :p", "ExpressionAttributeValues": {":p": {"S": "T#a"}}, "Limit": 2,
     "ScanIndexForward": False},
    {"KeyConditionExpression": "PK = :p AND SK > :s", "ExpressionAttributeValues": {":p": {"S": "T#c"},
                                                                                    ":s": {"S": "R#3"}},
     "FilterExpression": "n < :m", "ExpressionAttributeValues_m": {":m": {"N": "9"}}},
    {"KeyConditionExpression": "PK = :p", "ExpressionAttributeValues": {":p": {"S": "T#none"}}},
    {"IndexName": "GSI1", "KeyConditionExpression": "GSI1PK = :p",
     "ExpressionAttributeValues": {":p": {"S": "T#a#IDX"}}},
    {"IndexName": "GSI1", "KeyConditionExpression": "GSI1PK = :p",
     "ExpressionAttributeValues": {":p": {"S": "T#a#IDX"}}, "Limit": 4, "ScanIndexForward": False},
], ids=["table", "table-paged-reverse", "table-range-filter", "table-empty", "index", "index-paged-reverse"])
def test_given_a_query_when_served_from_the_partition_then_pages_are_the_same(many, params):
    params = dict(params)
    extra = params.pop("ExpressionAttributeValues_m", {})
    params["ExpressionAttributeValues"] = {**params["ExpressionAttributeValues"], **extra}

    def walk() -> dict[str, Any]:
        pages, start = [], None
        while True:
            reply = many.query(TableName=TABLE, **params, **({"ExclusiveStartKey": start} if start else {}))
            pages.append(reply["Items"])
            start = reply.get("LastEvaluatedKey")
            if not start:
                return {"pages": pages, "ResponseMetadata": {}}

    with_patch, without = _unpatched(walk)

    assert with_patch == without and with_patch["pages"][0] is not None
