"""The single table and the one way to write to it.

Every entity is a subclass of :class:`Item` (PynamoDB polymorphism, ``kind`` discriminator).
The entity's fields live in ``data`` (a native DynamoDB map), the keys in PK/SK and the two
overloaded GSIs. Every key starts with ``T#<tenant>`` (see :func:`tenant_key`).

All writes go through :class:`Changes`: one ``TransactWriteItems`` call carrying the entity
writes, their uniqueness guards and the audit record, so a change and its audit entry land
together or not at all. Stale versions and duplicate keys surface as :class:`Conflict`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pynamodb.attributes import (
    DiscriminatorAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)
from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core.errors import Conflict, Internal, NotFound
from chalicelib.core.observability import logger
from chalicelib.core.paging import Page, PageRequest, bad_cursor
from chalicelib.core.settings import settings

MAX_TRANSACTION_ITEMS = 100
_INDEX_KEYS = ("GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK")


def tenant_key(tenant_id: str, *parts: str) -> str:
    """``T#<tenant>`` followed by ``#``-joined parts: the start of every key in the table."""
    if not tenant_id:
        raise ValueError("tenant_id is required for every key")
    return "#".join(("T", tenant_id, *parts))


class Gsi1(GlobalSecondaryIndex["Item"]):
    class Meta:
        index_name = "GSI1"
        projection = AllProjection()

    GSI1PK = UnicodeAttribute(hash_key=True)
    GSI1SK = UnicodeAttribute(range_key=True)


class Gsi2(GlobalSecondaryIndex["Item"]):
    class Meta:
        index_name = "GSI2"
        projection = AllProjection()

    GSI2PK = UnicodeAttribute(hash_key=True)
    GSI2SK = UnicodeAttribute(range_key=True)


class Item(Model):
    class Meta:
        table_name = settings().table_name
        region = settings().region
        billing_mode = "PAY_PER_REQUEST"

    PK = UnicodeAttribute(hash_key=True)
    SK = UnicodeAttribute(range_key=True)
    GSI1PK = UnicodeAttribute(null=True)
    GSI1SK = UnicodeAttribute(null=True)
    GSI2PK = UnicodeAttribute(null=True)
    GSI2SK = UnicodeAttribute(null=True)
    kind = DiscriminatorAttribute()
    version = VersionAttribute()
    data = MapAttribute(default=dict)  # type: ignore[var-annotated]
    expires_at = NumberAttribute(null=True)

    gsi1 = Gsi1()
    gsi2 = Gsi2()

    def at_version(self, version: int | None) -> Item:
        """Set the version the stored item must still have for a save to succeed (0/None: new)."""
        if version:
            self.version = version
        return self

    def payload(self) -> dict[str, Any]:
        """The entity's fields as plain Python values, with the version added."""
        raw = self.data.as_dict() if isinstance(self.data, MapAttribute) else dict(self.data or {})
        return {**_plain(raw), "version": int(self.version or 0)}


class GuardItem(Item, discriminator="guard"):
    """Marks a value as taken (unit code, employee number, idempotency key) within a tenant."""


def _plain(value: Any) -> Any:
    """DynamoDB returns Decimals and MapAttributes; give callers JSON-ready values."""
    from decimal import Decimal

    if isinstance(value, MapAttribute):
        value = value.as_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


M = TypeVar("M", bound=Item)
E = TypeVar("E", bound=BaseModel)
T = TypeVar("T")


def stored(entity: BaseModel, exclude: set[str] | None = None) -> dict[str, Any]:
    """The ``data`` to write for ``entity``, validated first: a row a read cannot load is never written.

    ``model_copy(update=...)`` does not validate, so a service bug (or a null that slipped through)
    would otherwise reach the table and break every later read of it.
    """
    try:
        checked = type(entity).model_validate(entity.model_dump())
    except ValidationError as exc:
        logger.error(
            "refused to write an invalid entity",
            extra={"entity": type(entity).__name__, "fields": _failing_fields(exc)},
        )
        raise Internal("record.invalid_write") from exc
    return checked.model_dump(mode="json", exclude=(exclude or set()) | {"version"})


def load(model: type[E], item: Item) -> E:
    """One stored row as its domain object; a row that no longer validates is logged and refused (500)
    without its content — an admin can repair it (``infra/repair_rows.py``)."""
    loaded = try_load(model, item)
    if loaded is None:
        raise Internal("record.damaged")
    return loaded


def load_all(model: type[E], items: Iterable[Item]) -> list[E]:
    """Rows as domain objects, skipping (and logging) the ones that no longer validate: one damaged
    row must not take a whole list down."""
    return [e for e in (try_load(model, i) for i in items) if e is not None]


def try_load(model: type[E], item: Item) -> E | None:
    """The row as ``model``, or None (logged) when it no longer validates."""
    try:
        return model.model_validate(item.payload())
    except ValidationError as exc:
        logger.error(
            "unreadable row skipped",
            extra={"pk": item.PK, "sk": item.SK, "entity": model.__name__, "fields": _failing_fields(exc)},
        )
        return None


def _failing_fields(exc: ValidationError) -> list[str]:
    return [".".join(str(p) for p in err["loc"]) for err in exc.errors(include_url=False)]


def get(model: type[M], pk: str, sk: str) -> M:
    """One GetItem (strongly consistent); NotFound if missing or of another kind."""
    try:
        item = model.get(pk, sk, consistent_read=True)
    except DoesNotExist:
        raise NotFound("record.not_found") from None
    if not isinstance(item, model):
        raise NotFound("record.not_found")
    return item


def find(model: type[M], pk: str, sk: str) -> M | None:
    try:
        return get(model, pk, sk)
    except NotFound:
        return None


def query(
    model: type[M], pk: str, prefix: str = "", *, index: str = "", newest_first: bool = False, limit: int | None = None
) -> Iterator[M]:
    """Query the table or a GSI by partition and sort-key prefix; yields only ``model`` items."""
    kwargs: dict[str, Any] = {"scan_index_forward": not newest_first}
    if limit:
        kwargs["limit"] = limit
    for item in _query(pk, prefix, index, **kwargs):
        if isinstance(item, model):
            yield item


# The key attributes of an item as read from the table or from each GSI (a page's resume point).
_KEY_NAMES = {"": ("PK", "SK"), "GSI1": ("PK", "SK", "GSI1PK", "GSI1SK"), "GSI2": ("PK", "SK", "GSI2PK", "GSI2SK")}


def query_page(
    model: type[M],
    pk: str,
    prefix: str = "",
    *,
    page: PageRequest,
    convert: Callable[[M], T | None],
    index: str = "",
    newest_first: bool = False,
    keep: Callable[[T], bool] | None = None,
    filtered: bool | None = None,
) -> Page[T]:
    """One page of a Query: up to ``page.limit`` ``model`` items (converted, then filtered by ``keep``;
    ``convert`` may return None to drop an item), resuming after the cursor's key.

    Reads one item past the page to learn whether another page exists, so the first page of an
    unfiltered list is one round trip of ``limit + 1`` items. A filtered list (``keep``, or
    ``filtered=True`` when ``convert`` drops items) reads DynamoDB's own pages (up to 1 MB) as the
    unpaged read did, so its first page costs no more round trips than before paging; reading stops
    at the page that completes it. The cursor is the key of the last item *returned*
    (not DynamoDB's LastEvaluatedKey, which may lie past items dropped by ``keep``), so walking
    the pages returns each item exactly once. A cursor whose key is not in this partition is 400.
    """
    kwargs: dict[str, Any] = {"scan_index_forward": not newest_first}
    if not (keep is not None if filtered is None else filtered):
        kwargs["page_size"] = page.limit + 1
    if page.start is not None:
        kwargs["last_evaluated_key"] = _start_key(page.start, pk, prefix, index)
    kept: list[tuple[M, T]] = []
    for item in _query(pk, prefix, index, **kwargs):
        if not isinstance(item, model):
            continue
        value = convert(item)
        if value is not None and (keep is None or keep(value)):
            kept.append((item, value))
            if len(kept) > page.limit:
                break
    if len(kept) <= page.limit:
        return Page([v for _, v in kept])
    last = kept[page.limit - 1][0]
    position = {name: getattr(last, name) for name in _KEY_NAMES[index]}
    return Page([v for _, v in kept[: page.limit]], page.cursor(position))


def _start_key(position: Any, pk: str, prefix: str, index: str) -> dict[str, dict[str, str]]:
    names = _KEY_NAMES[index]
    hash_name, range_name = (f"{index}PK", f"{index}SK") if index else ("PK", "SK")
    if (
        not isinstance(position, dict)
        or set(position) != set(names)
        or not all(isinstance(position[n], str) for n in names)
        or position[hash_name] != pk
        or not position[range_name].startswith(prefix)
    ):
        raise bad_cursor()
    return {name: {"S": position[name]} for name in names}


def _query(pk: str, prefix: str, index: str, **kwargs: Any) -> Iterable[Item]:
    if index == "GSI1":
        condition = Item.GSI1SK.startswith(prefix) if prefix else None
        return Item.gsi1.query(pk, condition, **kwargs)
    if index == "GSI2":
        condition = Item.GSI2SK.startswith(prefix) if prefix else None
        return Item.gsi2.query(pk, condition, **kwargs)
    condition = Item.SK.startswith(prefix) if prefix else None
    return Item.query(pk, condition, consistent_read=True, **kwargs)


def query_many(pk: str, prefix: str = "", *, index: str = "") -> list[Item]:
    """All items of any kind under a partition/prefix (for read models that mix kinds)."""
    return list(query(Item, pk, prefix, index=index))


def set_index_keys(pk: str, sk: str, *, gsi2: tuple[str, str]) -> None:
    """Set an existing item's GSI2 keys and nothing else — no version bump, so nobody holding the
    item gets a stale-version conflict (for backfills of a new index). A missing item is skipped."""
    try:
        Item._get_connection().update_item(
            pk, range_key=sk, condition=Item.PK.exists(), actions=[Item.GSI2PK.set(gsi2[0]), Item.GSI2SK.set(gsi2[1])]
        )
    except UpdateError as exc:
        if not _is_conflict(exc):
            raise


@lru_cache(maxsize=1)
def transaction_connection() -> Connection:
    """One connection (and botocore client) per container: building a client costs ~70 ms."""
    return Connection(region=settings().region)


class Changes:
    """One atomic write: creates, versioned updates, deletes, guards and audit records."""

    def __init__(self) -> None:
        self._creates: list[Item] = []
        self._saves: list[Item] = []
        self._deletes: list[Item] = []
        self._guards_added: list[tuple[str, str]] = []
        self._guards_removed: list[tuple[str, str]] = []
        self._checks: list[tuple[str, str]] = []
        self._absent: list[tuple[str, str]] = []
        self._puts: list[Item] = []
        self._counts: dict[tuple[str, str], tuple[Item, dict[str, Decimal]]] = {}
        self._drops: list[Item] = []

    def create(self, item: Item) -> Changes:
        """Put a new item; conflicts if an item with the same key exists."""
        self._creates.append(item)
        return self

    def save(self, item: Item) -> Changes:
        """Write an existing (loaded) item; conflicts if someone saved it since we read it."""
        self._saves.append(item)
        return self

    def delete(self, item: Item) -> Changes:
        self._deletes.append(item)
        return self

    def put(self, item: Item) -> Changes:
        """Write a read-model item whatever is stored (no version check): it is derived, and every
        writer holds the version of the entity it derives from. Its index keys are set when given.
        Only ``data``, the kind, the index keys and ``expires_at`` (when given) are set (an UpdateItem): a
        counter kept on the same item by :meth:`count` stays, and a count on the same key in this
        transaction joins the update."""
        self._puts.append(item)
        return self

    def drop(self, item: Item) -> Changes:
        """Delete a read-model item if it exists (no version check; a missing item is fine)."""
        self._drops.append(item)
        return self

    def count(self, item: Item, deltas: dict[str, int | float | Decimal]) -> Changes:
        """Add ``deltas`` to top-level number attributes of a counter item (a read model such as a
        unit's cycle summary) with one UpdateItem ``ADD``, creating the item if missing, and set its
        ``data`` (its labels) and index keys as given (an empty ``data`` leaves the stored one). No
        version check: concurrent writers each add their own change, so nobody overwrites another's.
        Several counts on one key in a transaction are merged (a transaction may touch an item once);
        a key whose deltas sum to zero is not written. Sums are kept as decimals
        (``Decimal(str(x))``) so that 0.1 + 0.2 adds 0.3 to the item, not 0.30000000000000004."""
        key = (item.PK, item.SK)
        _, merged = self._counts.setdefault(key, (item, {}))
        for name, delta in deltas.items():
            merged[name] = merged.get(name, Decimal(0)) + Decimal(str(delta))
        return self

    def _live_counts(self) -> list[tuple[Item, dict[str, float]]]:
        return [
            (item, {k: float(v) for k, v in deltas.items() if v})
            for item, deltas in self._counts.values()
            if any(deltas.values())
        ]

    def claim(self, pk: str, sk: str) -> Changes:
        """Reserve a unique value (e.g. a unit code); conflicts if already taken."""
        self._guards_added.append((pk, sk))
        return self

    def release(self, pk: str, sk: str) -> Changes:
        self._guards_removed.append((pk, sk))
        return self

    def require(self, pk: str, sk: str) -> Changes:
        """Abort unless this item still exists (e.g. the parent unit of a new unit)."""
        self._checks.append((pk, sk))
        return self

    def forbid(self, pk: str, sk: str) -> Changes:
        """Abort unless this item is absent (e.g. the lock of the month a punch belongs to)."""
        if (pk, sk) not in self._absent:
            self._absent.append((pk, sk))
        return self

    def __len__(self) -> int:
        return (
            len(self._creates)
            + len(self._saves)
            + len(self._deletes)
            + len(self._guards_added)
            + len(self._guards_removed)
            + len(self._checks)
            + len(self._absent)
            + len(self._drops)
            + len({(i.PK, i.SK) for i in self._puts} | {(i.PK, i.SK) for i, _ in self._live_counts()})
        )

    def commit(self) -> None:
        if not len(self):
            return
        if len(self) > MAX_TRANSACTION_ITEMS:
            raise Conflict("record.too_many_changes", count=len(self), limit=MAX_TRANSACTION_ITEMS)
        try:
            with TransactWrite(connection=transaction_connection()) as tx:
                for item in self._creates:
                    tx.save(item, condition=Item.PK.does_not_exist())
                for item in self._saves:
                    tx.save(item)
                for item in self._deletes:
                    tx.delete(item)
                for pk, sk in self._guards_added:
                    tx.save(GuardItem(pk, sk), condition=Item.PK.does_not_exist())
                for pk, sk in self._guards_removed:
                    tx.delete(GuardItem(pk, sk), add_version_condition=False)
                for pk, sk in self._checks:
                    tx.condition_check(Item, pk, sk, condition=Item.PK.exists())
                for pk, sk in self._absent:
                    tx.condition_check(Item, pk, sk, condition=Item.PK.does_not_exist())
                for item in self._drops:
                    tx.delete(item, add_version_condition=False)
                counted = {(item.PK, item.SK): (item, deltas) for item, deltas in self._live_counts()}
                for item in self._puts:
                    _, deltas = counted.pop((item.PK, item.SK), (item, {}))
                    tx.update(item, actions=_derived_actions(item, deltas), add_version_condition=False)
                for item, deltas in counted.values():
                    tx.update(item, actions=_derived_actions(item, deltas), add_version_condition=False)
        except (TransactWriteError, PutError, UpdateError) as exc:
            if _is_conflict(exc):
                raise Conflict.field("version", "record.stale") from None
            raise


def _derived_actions(item: Item, deltas: dict[str, float]) -> list[Any]:
    """The UpdateItem actions of a read-model write: its kind, its ``data`` unless empty, its index keys
    when given, and an ``ADD`` per counter."""
    model = type(item)
    actions: list[Any] = [Item.kind.set(model)]
    data = item.data.as_dict() if isinstance(item.data, MapAttribute) else item.data
    if data:
        actions.append(Item.data.set(item.data))
    actions += [getattr(Item, name).set(getattr(item, name)) for name in _INDEX_KEYS if getattr(item, name)]
    if item.expires_at:  # a read model that expires (the HR desk's copies of due dates)
        actions.append(Item.expires_at.set(item.expires_at))
    actions += [getattr(model, name).add(value) for name, value in deltas.items()]
    return actions


def _is_conflict(exc: Exception) -> bool:
    text = f"{exc} {getattr(exc, 'cause_response_code', '')} {getattr(exc, 'cancellation_reasons', '')}"
    return "ConditionalCheckFailed" in text or "TransactionCanceled" in text


def ensure_table() -> None:
    """Create the table when missing (tests, local run). In AWS, infra/data.yaml owns it."""
    if not Item.exists():
        Item.create_table(wait=True)
