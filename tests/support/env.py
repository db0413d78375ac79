"""Test environment: fake AWS credentials and Luodi settings, set before any app import.

The JWKS is moto's cognito-idp public key set written to a file, so tokens issued by moto's
user pool are verified by the same code (PyJWT + JWKS URL from settings) as in AWS.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

POOL_NAME = "luodi-test-pool"
CLIENT_NAME = "luodi-web"
SENDER = "noreply@luodi.test"


def configure() -> None:
    import moto

    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update({
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "LUODI_TABLE": "luodi-test",
        "LUODI_MAIL_SENDER": SENDER,
        "LUODI_STAGE": "test",
        "MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY": "HASH",
        "MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY": "HASH",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    })
    resources = Path(moto.__file__).parent / "cognitoidp" / "resources" / "jwks-public.json.gz"
    jwks = Path(tempfile.gettempdir()) / "luodi-test-jwks.json"
    jwks.write_bytes(gzip.decompress(resources.read_bytes()))
    os.environ["LUODI_JWKS_URL"] = jwks.as_uri()


def reuse_moto_signing_key() -> None:
    """moto parses the same RSA private key for every user pool (~0.4 s each); parse it once.

    Test-speed only: the tokens are still RS256-signed by moto and verified by our JWKS check.
    """
    from types import SimpleNamespace

    from joserfc import jwk
    from moto.cognitoidp import models

    parsed: dict[str, object] = {}

    def import_key(data, *args, **kwargs):  # type: ignore[no-untyped-def]
        key = repr(data)
        if key not in parsed:
            parsed[key] = jwk.RSAKey.import_key(data, *args, **kwargs)
        return parsed[key]

    models.jwk = SimpleNamespace(RSAKey=SimpleNamespace(import_key=import_key))  # type: ignore[attr-defined]


def fast_moto_transactions() -> None:
    """moto backs up the whole table per transaction item; the local run's patch makes it cheap.

    Same cancellation semantics (see local/moto_patches.py); only the cost of the backup drops.
    """
    from local import moto_patches

    moto_patches.apply()


def create_user_pool() -> tuple[str, str]:
    """Create the pool and web client (inside an active mock); ids are stable (HASH strategy)."""
    import boto3

    from chalicelib.tenancy.password import POLICY

    idp = boto3.client("cognito-idp", region_name="us-east-1")
    pool = idp.create_user_pool(
        PoolName=POOL_NAME,
        Schema=[{"Name": "tenant", "AttributeDataType": "String", "Mutable": False}],
        UsernameAttributes=["email"],
        Policies={"PasswordPolicy": POLICY.as_cognito()},  # infra/auth.yaml's: moto enforces it
    )["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName=CLIENT_NAME,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ReadAttributes=["email", "custom:tenant", "locale", "name"],
        WriteAttributes=["email", "locale", "name"],
    )["UserPoolClient"]["ClientId"]
    return pool, client


def create_usage_plans() -> None:
    """The stage's usage plans (inside an active mock), as infra/ and the local run create them."""
    import boto3

    from local.aws import create_usage_plans

    create_usage_plans(boto3.client("apigateway", region_name="us-east-1"), os.environ["LUODI_STAGE"])


def create_people_key() -> None:
    """The KMS key that wraps each tenant's data key for the person's file (infra/data.yaml PeopleKey)."""
    import boto3

    from chalicelib.core.settings import settings

    kms = boto3.client("kms", region_name="us-east-1")
    alias = settings().people_kms_key
    if any(a["AliasName"] == alias for a in kms.list_aliases()["Aliases"]):
        return  # a nested mock (a module's world, then a test's own `api`) shares the first one's key
    key_id = kms.create_key(Description="luodi person's file data keys")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
