"""Verifying Cognito ID tokens against the pool's JWKS.

One code path everywhere: in AWS the JWKS comes from Cognito, locally and in tests from moto's
cognito-idp. The URL comes from settings (moto's ``iss`` claim names real AWS, so the URL cannot
be derived from the token).
"""

from __future__ import annotations

import json
import time
import urllib.request
from dataclasses import dataclass
from functools import lru_cache

import jwt

from chalicelib.core.errors import Unauthorized
from chalicelib.core.settings import settings

TENANT_CLAIM = "custom:tenant"


@dataclass(frozen=True)
class Identity:
    user_id: str  # Cognito ``sub``
    tenant_id: str
    email: str


class _KeySet:
    """The pool's signing keys, fetched once per container and again when an unknown ``kid`` shows up.

    ``PyJWKClient`` only fetches http(s); tests point the URL at a file holding moto's key set,
    so the fetch is a plain ``urlopen`` (which reads both) and the parsing is PyJWT's.
    """

    REFRESH_SECONDS = 3600

    def __init__(self, url: str) -> None:
        self.url = url
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = 0.0

    def key_for(self, token: str) -> jwt.PyJWK:
        kid = jwt.get_unverified_header(token).get("kid", "")
        stale = time.monotonic() - self._fetched_at > self.REFRESH_SECONDS
        if kid not in self._keys or stale:
            self._fetch()
        if kid not in self._keys:
            raise jwt.InvalidTokenError("unknown signing key")
        return self._keys[kid]

    def _fetch(self) -> None:
        if not self.url.startswith(("https://", "http://", "file://")):
            raise jwt.InvalidTokenError("JWKS URL must be http(s) or file")
        with urllib.request.urlopen(self.url, timeout=5) as response:  # noqa: S310 - scheme checked above
            data = json.loads(response.read())
        self._keys = {k.key_id: k for k in jwt.PyJWKSet.from_dict(data).keys if k.key_id}
        self._fetched_at = time.monotonic()


@lru_cache(maxsize=4)
def _jwks_client(url: str) -> _KeySet:
    return _KeySet(url)


def verify_id_token(token: str) -> Identity:
    """Signature, expiry, issuer, audience and token use; then the tenant claim."""
    cfg = settings()
    if token.lower().startswith("bearer "):
        token = token[7:]
    token = token.strip()
    if not token:
        raise Unauthorized("auth.token_missing")
    try:
        key = _jwks_client(cfg.jwks_url).key_for(token)
        claims = jwt.decode(
            token,
            key.key,
            algorithms=["RS256"],
            audience=cfg.app_client_id,
            issuer=cfg.issuer,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            leeway=30,
        )
    except (jwt.PyJWTError, OSError, ValueError) as exc:
        raise Unauthorized("auth.token_invalid", reason=exc.__class__.__name__) from None
    if claims.get("token_use") != "id":
        raise Unauthorized("auth.id_token_required")
    tenant = claims.get(TENANT_CLAIM)
    if not tenant:
        raise Unauthorized("auth.token_no_tenant")
    return Identity(user_id=claims["sub"], tenant_id=tenant, email=claims.get("email", ""))
