"""Structured logging, named apart from the Chalice app so lines are not printed twice.

Tracing (X-Ray) is left out on purpose: the SDK adds cold-start time and package size that a
pay-per-use tenant would pay for on every request; see docs/decisions.md.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger

logger = Logger(service="luodi-api")


def bind_tenant(tenant_id: str, user_id: str = "") -> None:
    """Every log line of this request carries the tenant and the user (never personal data)."""
    logger.append_keys(tenant_id=tenant_id, user_id=user_id)
