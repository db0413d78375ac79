"""The one custom authorizer: verify the Cognito ID token, then load roles from the tenant.

Chalice local and ``chalice.test.Client`` enforce custom authorizers (they do not verify
Cognito authorizers), so this is the same check in tests, locally and in AWS.
"""

from __future__ import annotations

from chalice import AuthResponse, Blueprint

from chalicelib.core.errors import Unauthorized
from chalicelib.core.members import context_for
from chalicelib.core.observability import logger

auth_blueprint = Blueprint(__name__)

# API Gateway caches the policy per token for this long: role changes take effect within it.
AUTH_CACHE_SECONDS = 300


@auth_blueprint.authorizer(ttl_seconds=AUTH_CACHE_SECONDS)
def jwt_authorizer(auth_request):  # type: ignore[no-untyped-def]
    logger.clear_state()  # a warm container must not carry the previous request's tenant into this one
    # Imported here: PyJWT pulls in cryptography (~100 ms), which only the authorizer needs.
    from chalicelib.core.auth import verify_id_token

    try:
        identity = verify_id_token(auth_request.token or "")
    except Unauthorized as exc:
        logger.info("token rejected", extra={"reason": exc.message})
        return AuthResponse(routes=[], principal_id="anonymous")
    ctx = context_for(identity.tenant_id, identity.user_id)
    if ctx is None:
        logger.info("no active membership", extra={"tenant_id": identity.tenant_id})
        return AuthResponse(routes=[], principal_id=identity.user_id)
    return AuthResponse(routes=["*"], principal_id=identity.user_id, context=ctx.to_authorizer_context())
