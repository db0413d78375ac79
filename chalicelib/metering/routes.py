"""The tenant admin's usage view."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import Field

from chalicelib.core.api import endpoint
from chalicelib.core.context import ADMIN_ONLY, RequestContext
from chalicelib.core.deferred import BaseModel
from chalicelib.metering import service
from chalicelib.metering.schemas import Usage

bp = Blueprint(__name__)


class UsageQuery(BaseModel):
    # The service checks the format (its own message); the pattern here only tells OpenAPI clients.
    month: str = Field(
        default_factory=service.this_month,
        description="YYYY-MM; this month by default",
        json_schema_extra={"pattern": service.MONTH.pattern},
    )


@endpoint(bp, "/usage", roles=ADMIN_ONLY, query=UsageQuery, response=Usage, tag="metering")
def get_usage(ctx: RequestContext, query: UsageQuery) -> dict[str, Any]:
    """This month's (or another month's) usage and its estimated AWS cost."""
    return service.usage(ctx, query.month)
