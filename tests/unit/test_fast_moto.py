"""bench/_fast_moto.py (over local/moto_patches.py) answers exactly as moto as shipped.

The same seeded sequence of writes — Puts with and without index keys, Updates that move, add or
remove an item's index keys, Deletes, batch writes, transactions with Put / Update / Delete /
ConditionCheck, some cancelled — runs twice: once on moto as shipped (every speed patch taken off),
once with the bench's fast moto. After each write, the same reads: table Queries (whole partition,
begins_with, between, backwards, paged by Limit and ExclusiveStartKey), index Queries for every index
hash value in use (the same variants), and a Scan. Every answer (or error) must be the same.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

TABLE = "fast-moto-check"
PARTITIONS = [f"T#a#P#{n}" for n in range(4)]
INDEX_VALUES = {"GSI1": ["T#a#UNIT#1", "T#a#UNIT#2", "T#a#UNIT#3"], "GSI2": ["T#a#C#1", "T#a#C#2"]}


@contextmanager
def _as_shipped() -> Iterator[None]:
    """moto's own Query, all_items, DynamoType methods and transaction backups for the block."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    patched: list[tuple[Any, str]] = [
        (Table, "query"),
        (Table, "all_items"),
        (DynamoDBBackend, "transact_write_items"),
        (DynamoType, "__hash__"),
        (DynamoType, "__eq__"),
        (DynamoType, "__lt__"),
    ]
    saved = {(cls, name): cls.__dict__[name] for cls, name in patched}
    deepcopy = Table.__dict__.get("__deepcopy__")
    try:
        for cls, name in patched:
            setattr(cls, name, inspect.unwrap(saved[(cls, name)]))
        if deepcopy is not None:
            del Table.__deepcopy__  # type: ignore[attr-defined]
        yield
    finally:
        for (cls, name), method in saved.items():
            setattr(cls, name, method)
        if deepcopy is not None:
            Table.__deepcopy__ = deepcopy  # type: ignore[attr-defined]


def _client() -> Any:
    client = boto3.client("dynamodb", region_name="us-east-1")
    names = ("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK")
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in names],
        GlobalSecondaryIndexes=[
            {
                "IndexName": index,
                "KeySchema": [
                    {"AttributeName": f"{index}PK", "KeyType": "HASH"},
                    {"AttributeName": f"{index}SK", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for index in ("GSI1", "GSI2")
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return client


def _item(rng: random.Random) -> dict[str, Any]:
    item: dict[str, Any] = {
        "PK": {"S": rng.choice(PARTITIONS)},
        "SK": {"S": f"{rng.choice(['R', 'S', 'RS'])}#{rng.randrange(12):02d}"},
        "n": {"N": str(rng.randrange(100))},
        "kind": {"S": rng.choice(["result", "cycle"])},
    }
    for index, values in INDEX_VALUES.items():
        roll = rng.random()
        if roll < 0.6:
            item[f"{index}PK"] = {"S": rng.choice(values)}
            if roll < 0.5:  # else: the hash key without the range key (not in the index)
                item[f"{index}SK"] = {"S": f"{rng.choice(['a', 'b'])}#{rng.randrange(8)}"}
    return item


def _key(rng: random.Random) -> dict[str, Any]:
    return {"PK": {"S": rng.choice(PARTITIONS)}, "SK": {"S": f"{rng.choice(['R', 'S', 'RS'])}#{rng.randrange(12):02d}"}}


def _update(rng: random.Random) -> dict[str, Any]:
    roll = rng.random()
    index = rng.choice(list(INDEX_VALUES))
    if roll < 0.4:
        return {
            "UpdateExpression": f"SET {index}PK = :h, {index}SK = :r, n = :n",
            "ExpressionAttributeValues": {
                ":h": {"S": rng.choice(INDEX_VALUES[index])},
                ":r": {"S": f"b#{rng.randrange(8)}"},
                ":n": {"N": str(rng.randrange(100))},
            },
        }
    if roll < 0.6:
        return {"UpdateExpression": f"REMOVE {index}PK"}
    return {"UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}


def _write(client: Any, rng: random.Random) -> None:
    roll = rng.random()
    if roll < 0.35:
        client.put_item(TableName=TABLE, Item=_item(rng))
    elif roll < 0.55:
        client.update_item(TableName=TABLE, Key=_key(rng), **_update(rng))
    elif roll < 0.65:
        client.delete_item(TableName=TABLE, Key=_key(rng))
    elif roll < 0.75:
        items = {(i["PK"]["S"], i["SK"]["S"]): i for i in (_item(rng) for _ in range(rng.randrange(1, 8)))}
        client.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": i}} for i in items.values()]})
    else:
        ops: list[dict[str, Any]] = []
        used: set[tuple[str, str]] = set()
        for _ in range(rng.randrange(1, 6)):
            kind = rng.choice(["Put", "Update", "Delete", "ConditionCheck"])
            item = _item(rng) if kind == "Put" else _key(rng)
            key = (item["PK"]["S"], item["SK"]["S"])
            if key in used:
                continue
            used.add(key)
            if kind == "Put":
                ops.append({"Put": {"TableName": TABLE, "Item": item}})
            elif kind == "Update":
                ops.append({"Update": {"TableName": TABLE, "Key": item, **_update(rng)}})
            elif kind == "Delete":
                ops.append({"Delete": {"TableName": TABLE, "Key": item}})
            else:  # sometimes fails, and the whole transaction is cancelled (and rolled back)
                ops.append(
                    {"ConditionCheck": {"TableName": TABLE, "Key": item, "ConditionExpression": "attribute_exists(PK)"}}
                )
        client.transact_write_items(TransactItems=ops)


def _pages(call: Callable[..., dict[str, Any]], **kwargs: Any) -> list[Any]:
    out: list[Any] = []
    start = None
    while True:
        reply = call(**kwargs, **({"ExclusiveStartKey": start} if start else {}))
        out.append((reply["Items"], reply.get("LastEvaluatedKey")))
        start = reply.get("LastEvaluatedKey")
        if not start:
            return out


def _reads(client: Any, full: bool) -> list[Any]:
    """Every index hash value and partition; with ``full``, also every key condition, both directions and
    small pages (kept for every 5th write: the test's time)."""
    table_variants = ((True, 100), (False, 100), (True, 3), (False, 2)) if full else ((True, 100),)
    index_variants = ((True, 100), (False, 3)) if full else ((True, 100),)
    answers: list[Any] = []
    for pk in PARTITIONS:
        for condition, values in (
            ("PK = :h", {}),
            ("PK = :h AND begins_with(SK, :p)", {":p": {"S": "R"}}),
            ("PK = :h AND SK BETWEEN :lo AND :hi", {":lo": {"S": "R#03"}, ":hi": {"S": "S#05"}}),
        )[: 3 if full else 1]:
            for forward, limit in table_variants:
                answers.append(
                    _pages(
                        client.query,
                        TableName=TABLE,
                        KeyConditionExpression=condition,
                        ExpressionAttributeValues={":h": {"S": pk}, **values},
                        ScanIndexForward=forward,
                        Limit=limit,
                    )
                )
    for index, hashes in INDEX_VALUES.items():
        for value in hashes:
            for condition, values in (
                (f"{index}PK = :h", {}),
                (f"{index}PK = :h AND begins_with({index}SK, :p)", {":p": {"S": "b#"}}),
                (f"{index}PK = :h AND {index}SK BETWEEN :lo AND :hi", {":lo": {"S": "a#2"}, ":hi": {"S": "b#4"}}),
            )[: 3 if full else 1]:
                for forward, limit in index_variants:
                    answers.append(
                        _pages(
                            client.query,
                            TableName=TABLE,
                            IndexName=index,
                            KeyConditionExpression=condition,
                            ExpressionAttributeValues={":h": {"S": value}, **values},
                            ScanIndexForward=forward,
                            Limit=limit,
                        )
                    )
    answers.append(_pages(client.scan, TableName=TABLE, Limit=7))
    return answers


def _run(seed: int, writes: int) -> list[Any]:
    rng = random.Random(seed)
    log: list[Any] = []
    with mock_aws():
        client = _client()
        for n in range(writes):
            try:
                _write(client, rng)
                log.append("ok")
            except ClientError as error:
                log.append(error.response["Error"]["Code"])
            log.append(_reads(client, full=n % 5 == 4))
    return log


@pytest.fixture
def fast_moto() -> Iterator[None]:
    from bench import _fast_moto

    undo = _fast_moto.apply()
    yield
    undo()


@pytest.mark.parametrize("seed", [1, 2])
def test_given_the_same_writes_when_read_back_then_fast_moto_answers_as_moto_as_shipped(fast_moto, seed):
    # Given a seeded sequence of writes (some transactions cancelled), read back after each one
    with _as_shipped():
        shipped = _run(seed, writes=40)
    fast = _run(seed, writes=40)

    # Then every answer is the same, and the sequence did exercise cancelled transactions
    assert "TransactionCanceledException" in shipped
    first_difference = next((n for n, (a, b) in enumerate(zip(fast, shipped, strict=True)) if a != b), None)
    assert first_difference is None, f"fast moto answers differently from step {first_difference // 2}"


def test_given_an_index_query_for_one_value_when_another_value_is_queried_then_it_finds_its_items(fast_moto):
    # The divergence found on 2026-12-08: the first index Query's candidates were cached as "the table"
    with mock_aws():
        client = _client()
        for n, unit in enumerate(["T#a#UNIT#1", "T#a#UNIT#1", "T#a#UNIT#2", "T#a#UNIT#2"]):
            item = {"PK": {"S": "T#a"}, "SK": {"S": f"R#{n}"}, "GSI1PK": {"S": unit}, "GSI1SK": {"S": f"a#{n}"}}
            client.put_item(TableName=TABLE, Item=item)

        def unit(value: str) -> int:
            reply = client.query(
                TableName=TABLE,
                IndexName="GSI1",
                KeyConditionExpression="GSI1PK = :h",
                ExpressionAttributeValues={":h": {"S": value}},
            )
            return len(reply["Items"])

        assert (unit("T#a#UNIT#1"), unit("T#a#UNIT#2"), len(client.scan(TableName=TABLE)["Items"])) == (2, 2, 4)
