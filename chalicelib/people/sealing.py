"""Field-level encryption of the file's sensitive values: AES-256-GCM under the tenant's data key.

The associated data is ``tenant|person|field``: a ciphertext copied to another person, another
field or another tenant's row fails authentication instead of decrypting. ``cryptography`` is
imported inside the functions (cold start: ``tests/unit/test_import_weight.py``).
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

PREFIX = "v1:"


class Unreadable(Exception):
    """A ciphertext that does not authenticate under this key and associated data."""


def associated_data(tenant_id: str, person_id: str, field: str) -> bytes:
    return "|".join(("luodi-people", tenant_id, person_id, field)).encode()


def seal(key: bytes, value: Any, aad: bytes) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return PREFIX + base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plain, aad)).decode()


def open_sealed(key: bytes, sealed: str, aad: bytes) -> Any:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not sealed.startswith(PREFIX):
        raise Unreadable("unknown format")
    raw = base64.b64decode(sealed[len(PREFIX) :])
    try:
        plain = AESGCM(key).decrypt(raw[:12], raw[12:], aad)
    except InvalidTag:
        raise Unreadable("does not authenticate") from None
    return json.loads(plain)
