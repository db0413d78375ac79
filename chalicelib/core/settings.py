"""One typed settings object, read from the environment once.

Services receive values from here; nothing else reads ``os.environ``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    region: str
    table_name: str
    user_pool_id: str
    app_client_id: str
    jwks_url: str
    cognito_endpoint: str
    web_origin: str
    documents_bucket: str
    reminders_queue: str
    mail_sender: str
    stage: str
    # Reminders: the API's public base URL (for one-click unsubscribe links in emails), the key that
    # signs those links, and the SNS topic SES publishes bounces and complaints to.
    api_url: str = "http://127.0.0.1:8000"
    unsubscribe_secret: str = "local-only-unsubscribe-secret"
    mail_events_topic: str = "luodi-mail-events"
    # Signs list cursors (core.paging). Set LUODI_CURSOR_SECRET in every deployed stage; the
    # cursor's tenant and partition are checked on every page whatever the key.
    cursor_secret: str = "local-only-cursor-secret"
    # The KMS key (id, ARN or alias) that wraps each tenant's data key for the person's file
    # (chalicelib/people): GenerateDataKey once per tenant, Decrypt on a cold container.
    people_kms_key: str = "alias/luodi-people"

    @property
    def issuer(self) -> str:
        """The ``iss`` claim Cognito (and moto) put in tokens of this pool."""
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"


@lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
    pool = env.get("LUODI_USER_POOL_ID", "")
    endpoint = env.get("AWS_ENDPOINT_URL", "")
    default_jwks = (
        f"{endpoint.rstrip('/')}/{pool}/.well-known/jwks.json"
        if endpoint
        else f"https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json"
    )
    return Settings(
        region=region,
        table_name=env.get("LUODI_TABLE", "luodi"),
        user_pool_id=pool,
        app_client_id=env.get("LUODI_APP_CLIENT_ID", ""),
        jwks_url=env.get("LUODI_JWKS_URL", default_jwks),
        cognito_endpoint=env.get("LUODI_COGNITO_ENDPOINT")
        or (endpoint.rstrip("/") + "/" if endpoint else f"https://cognito-idp.{region}.amazonaws.com/"),
        web_origin=env.get("LUODI_WEB_ORIGIN", "http://127.0.0.1:8080"),
        documents_bucket=env.get("LUODI_DOCUMENTS_BUCKET", "luodi-documents"),
        reminders_queue=env.get("LUODI_REMINDERS_QUEUE", "luodi-reminders"),
        mail_sender=env.get("LUODI_MAIL_SENDER", "noreply@luodi.example.com"),
        stage=env.get("LUODI_STAGE", "local"),
        api_url=env.get("LUODI_API_URL", "http://127.0.0.1:8000"),
        unsubscribe_secret=env.get("LUODI_UNSUBSCRIBE_SECRET", "local-only-unsubscribe-secret"),
        mail_events_topic=env.get("LUODI_MAIL_EVENTS_TOPIC", "luodi-mail-events"),
        cursor_secret=env.get("LUODI_CURSOR_SECRET", "local-only-cursor-secret"),
        people_kms_key=env.get("LUODI_PEOPLE_KMS_KEY", "alias/luodi-people"),
    )
