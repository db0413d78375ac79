"""Storage of the person's file: files, change requests, custom field definitions, the tenant's
wrapped data key, and the KMS calls that unwrap it.

Access patterns (see docs/data-model.md):

* a person's file: GetItem ``T#<t>`` / ``PFILE#<person>``
* the tenant's wrapped data key: GetItem ``T#<t>`` / ``PKEY#people``
* a change request: GetItem ``T#<t>`` / ``PFCR#<request>``
* a person's change requests, newest first: Query GSI1 ``T#<t>#PFCR#<person>``
* the requests in a status (HR's inbox), newest first: Query GSI2 ``T#<t>#PFCR#<status>``
* every file of the tenant (roster export/import): Query ``T#<t>`` begins_with ``PFILE#``
* the custom field definitions: Query ``T#<t>`` begins_with ``PFIELD#`` (at most 50)
* every person's birth month (age bands in the analytics): Query ``T#<t>`` begins_with ``PBIRTH#``, a
  lean item beside each file holding only ``yyyy-mm`` (a read costs what it shows, not the sealed file)
* a person's legal hold (PIPL erasure exception): GetItem ``T#<t>`` / ``PHOLD#<person>``
* files due for erasure: date-keyed items ``T#<t>#PERASE`` / ``<erase on>#<person>``, written when a departure
  takes effect; the daily job reads only those due (SK <= today) and deletes each once handled
"""

from __future__ import annotations

import time
from datetime import date
from functools import lru_cache
from typing import Any

from chalicelib.core.db import Changes, Item, find, get, load, load_all, query, query_page, stored, tenant_key
from chalicelib.core.errors import Conflict
from chalicelib.core.paging import Page, PageRequest
from chalicelib.core.settings import settings
from chalicelib.people.schemas import ChangeRequest, ChangeStatus, CustomField, PersonFile

DATA_KEY_SECONDS = 300  # how long a container keeps a tenant's plaintext data key


class FileItem(Item, discriminator="person_file"):
    pass


class FileChangeItem(Item, discriminator="person_file_change"):
    pass


class FieldDefItem(Item, discriminator="person_field"):
    pass


class TenantKeyItem(Item, discriminator="tenant_data_key"):
    pass


class BirthItem(Item, discriminator="person_birth"):
    pass


class HoldItem(Item, discriminator="person_legal_hold"):
    pass


class EraseDueItem(Item, discriminator="person_erase_due"):
    pass


# ---- keys -------------------------------------------------------------------------------------


def file_key(tenant_id: str, person_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PFILE#{person_id}"


def data_key_key(tenant_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), "PKEY#people"


def change_key(tenant_id: str, request_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PFCR#{request_id}"


def person_changes_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "PFCR", person_id)


def status_changes_pk(tenant_id: str, status: str) -> str:
    return tenant_key(tenant_id, "PFCR", status)


def field_key(tenant_id: str, field_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PFIELD#{field_id}"


def birth_key(tenant_id: str, person_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PBIRTH#{person_id}"


def hold_key(tenant_id: str, person_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PHOLD#{person_id}"


def erase_due_key(tenant_id: str, day: date, person_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id, "PERASE"), f"{day.isoformat()}#{person_id}"


# ---- files ------------------------------------------------------------------------------------


def find_file(tenant_id: str, person_id: str) -> PersonFile | None:
    item = find(FileItem, *file_key(tenant_id, person_id))
    return load(PersonFile, item) if item else None


def list_files(tenant_id: str) -> list[PersonFile]:
    """Every file of the tenant (the roster export and import): one Query, paged by DynamoDB."""
    return load_all(PersonFile, query(FileItem, tenant_key(tenant_id), "PFILE#"))


def add_file(changes: Changes, tenant_id: str, person_file: PersonFile, *, new: bool) -> None:
    item = FileItem(*file_key(tenant_id, person_file.person_id), data=stored(person_file))
    item.at_version(person_file.version)
    (changes.create if new else changes.save)(item)


def stage_birth(changes: Changes, tenant_id: str, person_id: str, born: date | None) -> None:
    """Keep the person's birth month item in step with the file (same transaction); none deletes it."""
    if born is None:
        changes.release(*birth_key(tenant_id, person_id))
    else:
        changes.put(
            BirthItem(
                *birth_key(tenant_id, person_id), data={"person_id": person_id, "birth_month": born.strftime("%Y-%m")}
            )
        )


def birth_months(tenant_id: str) -> dict[str, str]:
    """person id -> ``yyyy-mm`` for every person whose file has a birth date: one Query of lean items."""
    out = {}
    for item in query(BirthItem, tenant_key(tenant_id), "PBIRTH#"):
        data = item.payload()
        out[str(data["person_id"])] = str(data["birth_month"])
    return out


# ---- legal holds and erasure due dates -------------------------------------------------------


def find_hold(tenant_id: str, person_id: str) -> dict[str, Any] | None:
    item = find(HoldItem, *hold_key(tenant_id, person_id))
    return item.payload() if item else None


def put_hold(changes: Changes, tenant_id: str, hold: dict[str, Any]) -> None:
    changes.put(HoldItem(*hold_key(tenant_id, str(hold["person_id"])), data=hold))


def drop_hold(changes: Changes, tenant_id: str, person_id: str) -> None:
    changes.release(*hold_key(tenant_id, person_id))


def stage_erase_due(changes: Changes, tenant_id: str, day: date, person_id: str) -> None:
    changes.put(
        EraseDueItem(
            *erase_due_key(tenant_id, day, person_id), data={"person_id": person_id, "erase_on": day.isoformat()}
        )
    )


def has_erase_due(tenant_id: str, day: date, person_id: str) -> bool:
    return find(EraseDueItem, *erase_due_key(tenant_id, day, person_id)) is not None


def drop_erase_due(changes: Changes, tenant_id: str, day: date, person_id: str) -> None:
    changes.release(*erase_due_key(tenant_id, day, person_id))


def erase_due(tenant_id: str, day: date) -> list[tuple[date, str]]:
    """(erase on, person) of every file due for erasure on or before ``day``, oldest first: one Query."""
    condition = Item.SK <= f"{day.isoformat()}#~"
    out = []
    for item in Item.query(tenant_key(tenant_id, "PERASE"), condition, consistent_read=True):
        if isinstance(item, EraseDueItem):
            data = item.payload()
            out.append((date.fromisoformat(str(data["erase_on"])), str(data["person_id"])))
    return out


def person_changes(tenant_id: str, person_id: str) -> list[ChangeRequest]:
    """Every change request of a person, newest first (export, erasure): one Query of GSI1."""
    return load_all(
        ChangeRequest, query(FileChangeItem, person_changes_pk(tenant_id, person_id), index="GSI1", newest_first=True)
    )


def delete_change(changes: Changes, tenant_id: str, request: ChangeRequest) -> None:
    changes.delete(_change_item(tenant_id, request))


# ---- change requests --------------------------------------------------------------------------


def _change_item(tenant_id: str, request: ChangeRequest) -> FileChangeItem:
    item = FileChangeItem(
        *change_key(tenant_id, request.request_id),
        GSI1PK=person_changes_pk(tenant_id, request.person_id),
        GSI1SK=request.request_id,
        GSI2PK=status_changes_pk(tenant_id, request.status),
        GSI2SK=request.request_id,
        data=stored(request),
    )
    item.at_version(request.version)
    return item


def add_change(changes: Changes, tenant_id: str, request: ChangeRequest, *, new: bool) -> None:
    (changes.create if new else changes.save)(_change_item(tenant_id, request))


def get_change(tenant_id: str, request_id: str) -> ChangeRequest:
    return load(ChangeRequest, get(FileChangeItem, *change_key(tenant_id, request_id)))


def person_changes_page(tenant_id: str, person_id: str, page: PageRequest) -> Page[ChangeRequest]:
    return query_page(
        FileChangeItem,
        person_changes_pk(tenant_id, person_id),
        index="GSI1",
        newest_first=True,
        page=page,
        convert=lambda i: load(ChangeRequest, i),
    )


def status_changes_page(tenant_id: str, status: ChangeStatus, page: PageRequest) -> Page[ChangeRequest]:
    return query_page(
        FileChangeItem,
        status_changes_pk(tenant_id, status),
        index="GSI2",
        newest_first=True,
        page=page,
        convert=lambda i: load(ChangeRequest, i),
    )


# ---- custom fields ----------------------------------------------------------------------------


def list_fields(tenant_id: str) -> list[CustomField]:
    return load_all(CustomField, query(FieldDefItem, tenant_key(tenant_id), "PFIELD#"))


def fields_page(tenant_id: str, page: PageRequest) -> Page[CustomField]:
    return query_page(FieldDefItem, tenant_key(tenant_id), "PFIELD#", page=page, convert=lambda i: load(CustomField, i))


def get_field(tenant_id: str, field_id: str) -> CustomField:
    return load(CustomField, get(FieldDefItem, *field_key(tenant_id, field_id)))


def add_field(changes: Changes, tenant_id: str, definition: CustomField, *, new: bool) -> None:
    item = FieldDefItem(*field_key(tenant_id, definition.field_id), data=stored(definition))
    item.at_version(definition.version)
    (changes.create if new else changes.save)(item)


# ---- the tenant's data key (KMS envelope) -----------------------------------------------------


@lru_cache(maxsize=1)
def _kms() -> Any:
    import boto3

    return boto3.client("kms", region_name=settings().region)


_plain_keys: dict[str, tuple[bytes, float]] = {}


def forget_data_keys() -> None:
    """Drop every cached plaintext key (tests; a key rotation)."""
    _plain_keys.clear()


def data_key(tenant_id: str) -> bytes:
    """The tenant's 256-bit data key in plaintext, kept in this container for a few minutes.

    The first call for a tenant asks KMS for a new data key and stores only its wrapped form
    (``CiphertextBlob``) in the table; later calls unwrap that with KMS Decrypt. The KMS
    encryption context names the tenant, so one tenant's wrapped key does not unwrap as another's.
    """
    cached = _plain_keys.get(tenant_id)
    now = time.monotonic()
    if cached and cached[1] > now:
        return cached[0]
    context = {"tenant": tenant_id, "purpose": "luodi-people"}
    item = find(TenantKeyItem, *data_key_key(tenant_id))
    if item is None:
        made = _kms().generate_data_key(KeyId=settings().people_kms_key, KeySpec="AES_256", EncryptionContext=context)
        changes = Changes().create(
            TenantKeyItem(
                *data_key_key(tenant_id),
                data={"wrapped": bytes(made["CiphertextBlob"]).hex(), "kms_key_id": made["KeyId"]},
            )
        )
        try:
            changes.commit()
            plain = bytes(made["Plaintext"])
        except Conflict:  # another request made the tenant's key first: use theirs
            item = get(TenantKeyItem, *data_key_key(tenant_id))
    if item is not None:
        wrapped = bytes.fromhex(str(item.payload()["wrapped"]))
        plain = bytes(_kms().decrypt(CiphertextBlob=wrapped, EncryptionContext=context)["Plaintext"])
    _plain_keys[tenant_id] = (plain, now + DATA_KEY_SECONDS)
    return plain
