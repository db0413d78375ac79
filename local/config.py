"""Ports, names and paths of one local run; the environment handed to the API process."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
ACCOUNT_ID = "123456789012"  # moto's default account
POOL_NAME = "luodi-local"
CLIENT_NAME = "luodi-local-web"
TABLE = "luodi"
DOCUMENTS_BUCKET = "luodi-documents"
REMINDERS_QUEUE = "luodi-reminders"
MAIL_SENDER = "noreply@luodi.example.com"
MAIL_EVENTS_TOPIC = "luodi-mail-events"  # SES bounces/complaints -> SNS -> the app (not emitted by moto)


@dataclass
class LocalConfig:
    moto_port: int = 4566
    api_port: int = 8000
    web_port: int = 8080
    host: str = "127.0.0.1"
    state_dir: Path = field(default_factory=lambda: ROOT / ".local")
    dist_dir: Path = field(default_factory=lambda: ROOT / "static_site" / "dist")
    seed: bool = True
    demo_size: str = "full"  # "small": every unit and position, ~60 people (browser tests)
    demo_steps: tuple[str, ...] = ()  # only these demo steps (empty: all)
    tick_seconds: float = 300.0  # how often the scheduled handlers (daily in AWS) run locally
    snapshot_seconds: float = 10.0

    @property
    def moto_url(self) -> str:
        return f"http://{self.host}:{self.moto_port}"

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    @property
    def snapshot_file(self) -> Path:
        return self.state_dir / "snapshot.json"

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"


def aws_environment(cfg: LocalConfig) -> dict[str, str]:
    """Fake credentials and the endpoint that sends boto3 and PynamoDB to moto."""
    return {
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ENDPOINT_URL": cfg.moto_url,
        # Stable pool/client ids for the same pool/client definition, across restarts.
        "MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY": "HASH",
        "MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY": "HASH",
    }


def app_environment(cfg: LocalConfig, pool_id: str, client_id: str) -> dict[str, str]:
    """The LUODI_* settings (chalicelib/core/settings.py) for the API process."""
    return {
        "LUODI_STAGE": "local",
        "LUODI_TABLE": TABLE,
        "LUODI_USER_POOL_ID": pool_id,
        "LUODI_APP_CLIENT_ID": client_id,
        "LUODI_JWKS_URL": f"{cfg.moto_url}/{pool_id}/.well-known/jwks.json",
        "LUODI_COGNITO_ENDPOINT": f"{cfg.moto_url}/",
        "LUODI_WEB_ORIGIN": cfg.web_url,
        "LUODI_DOCUMENTS_BUCKET": DOCUMENTS_BUCKET,
        "LUODI_REMINDERS_QUEUE": REMINDERS_QUEUE,
        "LUODI_MAIL_SENDER": MAIL_SENDER,
        "LUODI_MAIL_EVENTS_TOPIC": MAIL_EVENTS_TOPIC,
        "LUODI_API_URL": cfg.api_url,
        "POWERTOOLS_LOG_LEVEL": "INFO",
    }
