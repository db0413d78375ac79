"""Local data that survives a restart: a snapshot of moto's state written to ``.local/``.

moto keeps nothing across restarts. We save the DynamoDB table (Scan, raw attribute values),
the Cognito users of the pool (read from moto's in-process backend, because the Cognito API
never returns passwords and a re-created user would get a new ``sub`` — the user id every
member record is keyed by), the documents bucket's objects, the latest sent mail (SES in moto) and
the demo marker; and restore
them on start into freshly provisioned resources. See docs/decisions.md (local persistence).

The file is written atomically (temp file + rename), periodically while something changed
and once more at shutdown, after the API process has stopped.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from local.aws import client
from local.config import ACCOUNT_ID, DOCUMENTS_BUCKET, REGION, TABLE

FORMAT = 1


def _pool(pool_id: str) -> Any:
    from moto.cognitoidp.models import cognitoidp_backends

    return cognitoidp_backends[ACCOUNT_ID][REGION].user_pools[pool_id]


# ---- capture -----------------------------------------------------------------------------------


def _table_items() -> list[dict[str, Any]]:
    ddb = client("dynamodb")
    items: list[dict[str, Any]] = []
    for page in ddb.get_paginator("scan").paginate(TableName=TABLE, ConsistentRead=True):
        items.extend(page["Items"])
    items.sort(key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
    return items


def _users(pool_id: str) -> dict[str, Any]:
    pool = _pool(pool_id)
    users = [
        {
            "id": u.id,
            "username": u.username,
            "password": u.password,
            "status": u.status,
            "enabled": u.enabled,
            "attributes": u.attributes,
            "created": u.create_date.isoformat(),
            "modified": u.last_modified_date.isoformat(),
        }
        for u in list(pool.users.values())
    ]
    return {
        "users": users,
        "refresh_tokens": {k: list(v) if v else None for k, v in list(pool.refresh_tokens.items())},
        "access_tokens": {k: list(v) for k, v in list(pool.access_tokens.items())},
    }


def _objects() -> list[dict[str, Any]]:
    s3 = client("s3")
    out = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=DOCUMENTS_BUCKET):
        for obj in page.get("Contents", []):
            got = s3.get_object(Bucket=DOCUMENTS_BUCKET, Key=obj["Key"])
            out.append(
                {
                    "key": obj["Key"],
                    "content_type": got.get("ContentType", "application/octet-stream"),
                    "body": base64.b64encode(got["Body"].read()).decode("ascii"),
                }
            )
    return out


MAX_MAIL = 500  # sent mail kept across restarts (newest), so `python -m local.mail` still shows it


def _ses_backend() -> Any:
    from moto.ses.models import ses_backends

    return ses_backends[ACCOUNT_ID][REGION]


def _mail() -> list[dict[str, Any]]:
    from moto.ses.models import Message, RawMessage

    out: list[dict[str, Any]] = []
    for m in list(_ses_backend().sent_messages)[-MAX_MAIL:]:
        if isinstance(m, RawMessage):
            out.append(
                {"raw": True, "id": m.id, "source": m.source, "destinations": m.destinations, "raw_data": m.raw_data}
            )
        elif isinstance(m, Message):
            out.append(
                {
                    "raw": False,
                    "id": m.id,
                    "source": m.source,
                    "subject": m.subject,
                    "body": m.body,
                    "destinations": m.destinations,
                }
            )
    return out


def _kms_backend() -> Any:
    from moto.kms.models import kms_backends

    return kms_backends[ACCOUNT_ID][REGION]


def _kms_keys() -> list[dict[str, str]]:
    """Every KMS key's id and material: the wrapped data keys in the table need them after a restart."""
    return [{"id": key_id, "material": base64.b64encode(key.key_material).decode()}
            for key_id, key in sorted(_kms_backend().keys.items())]


def _restore_kms_keys(saved: list[dict[str, str]]) -> None:
    """Put back the keys of the previous run under their old ids (new tenants use the new key)."""
    import copy

    backend = _kms_backend()
    template = next(iter(backend.keys.values()), None)
    for entry in saved:
        if template is None or entry["id"] in backend.keys:
            continue
        key = copy.copy(template)
        key.id = entry["id"]
        key.arn = template.arn.rsplit("/", 1)[0] + "/" + entry["id"]
        key.key_material = base64.b64decode(entry["material"])
        backend.keys[entry["id"]] = key


def capture(pool_id: str, meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "kms": _kms_keys(),
        "format": FORMAT,
        "dynamodb": _table_items(),
        "cognito": _users(pool_id),
        "s3": _objects(),
        "mail": _mail(),
        "meta": meta,
    }


def fingerprint(state: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def write(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".snapshot-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({**state, "saved_at": datetime.now().isoformat(timespec="seconds")}, fh, ensure_ascii=False)
    os.replace(tmp, path)


def read(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    state = json.loads(path.read_text(encoding="utf-8"))
    if state.get("format") != FORMAT:
        raise SystemExit(f"{path}: unknown snapshot format {state.get('format')!r}; delete it to start afresh")
    return state


# ---- restore -----------------------------------------------------------------------------------


def restore(state: dict[str, Any], pool_id: str) -> None:
    """Put everything back into freshly provisioned (empty) resources."""
    _restore_items(state.get("dynamodb", []))
    _restore_kms_keys(state.get("kms", []))
    _restore_users(pool_id, state.get("cognito", {}))
    _restore_mail(state.get("mail", []))
    s3 = client("s3")
    for obj in state.get("s3", []):
        s3.put_object(
            Bucket=DOCUMENTS_BUCKET, Key=obj["key"], Body=base64.b64decode(obj["body"]), ContentType=obj["content_type"]
        )


def _restore_items(items: list[dict[str, Any]]) -> None:
    ddb = client("dynamodb")
    for start in range(0, len(items), 25):
        pending: dict[str, Any] = {TABLE: [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]}
        while pending:
            pending = ddb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}


def _restore_mail(mail: list[dict[str, Any]]) -> None:
    from moto.ses.models import Message, RawMessage

    backend = _ses_backend()
    for m in mail:
        if m["raw"]:
            backend.sent_messages.append(RawMessage(m["id"], m["source"], m["destinations"], m["raw_data"]))
        else:
            backend.sent_messages.append(Message(m["id"], m["source"], m["subject"], m["body"], m["destinations"]))


def _restore_users(pool_id: str, data: dict[str, Any]) -> None:
    from moto.cognitoidp.models import CognitoIdpUser

    pool = _pool(pool_id)
    for saved in data.get("users", []):
        user = CognitoIdpUser(pool_id, saved["username"], saved["password"], saved["status"], saved["attributes"])
        user.id = saved["id"]
        user.update_attributes([{"Name": "sub", "Value": saved["id"]}])
        user.enabled = saved["enabled"]
        user.create_date = datetime.fromisoformat(saved["created"])
        user.last_modified_date = datetime.fromisoformat(saved["modified"])
        pool.users[user.username] = user
    pool.refresh_tokens.update({k: tuple(v) if v else None for k, v in data.get("refresh_tokens", {}).items()})
    pool.access_tokens.update({k: tuple(v) for k, v in data.get("access_tokens", {}).items()})
