"""The one custom authorizer: verify the Cognito ID token, then load roles from the tenant.

Chalice local and ``chalice.test.Client`` enforce custom authorizers (they do not verify
Cognito authorizers), so this is the same check in tests, locally and in AWS.
"""

from __future__ import annotations

from typing import Any

from chalice import AuthResponse, Blueprint
from chalice.app import AuthRequest

from chalicelib.core.errors import Unauthorized
from chalicelib.core.gateway import usage_key
from chalicelib.core.observability import logger
from chalicelib.core.settings import settings

auth_blueprint = Blueprint(__name__)

# API Gateway caches the policy per token for this long: role changes take effect within it.
AUTH_CACHE_SECONDS = 300


class TenantAuthResponse(AuthResponse):
    """An Allow that also names the tenant's usage key: API Gateway (API key source AUTHORIZER)
    meters it against the tenant's usage plan, so each tenant is throttled on its own."""

    def __init__(self, *, usage_key: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.usage_key = usage_key

    def to_dict(self, request: AuthRequest) -> dict[str, Any]:
        return {**super().to_dict(request), "usageIdentifierKey": self.usage_key}


@auth_blueprint.authorizer(ttl_seconds=AUTH_CACHE_SECONDS)
def jwt_authorizer(auth_request):  # type: ignore[no-untyped-def]
    logger.clear_state()  # a warm container must not carry the previous request's tenant into this one
    # Imported here: PyJWT pulls in cryptography (~100 ms), which only the authorizer needs.
    from chalicelib.core.auth import verify_id_token
    from chalicelib.core.members import context_for  # the table layer (and pydantic): not at import app

    try:
        identity = verify_id_token(auth_request.token or "")
    except Unauthorized as exc:
        logger.info("token rejected", extra={"reason": exc.message})
        return AuthResponse(routes=[], principal_id="anonymous")
    ctx = context_for(identity.tenant_id, identity.user_id)
    if ctx is None:
        logger.info("no active membership", extra={"tenant_id": identity.tenant_id})
        return AuthResponse(routes=[], principal_id=identity.user_id)
    return TenantAuthResponse(
        routes=["*"],
        principal_id=identity.user_id,
        context=ctx.to_authorizer_context(),
        usage_key=usage_key(settings().stage, identity.tenant_id),
    )
