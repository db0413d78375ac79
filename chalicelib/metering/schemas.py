"""Output model for the tenant admin's usage view."""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.deferred import BaseModel


class Usage(BaseModel):
    """A month's counters and the AWS cost they are estimated to have caused."""

    month: str = Field(description="YYYY-MM")
    api_requests: int
    emails_sent: int
    storage_bytes: int
    reminder_jobs: int
    active_people: int = Field(description="people not marked as left")
    estimated_cost_usd: dict[str, float] = Field(
        description="USD per line item (api_gateway, lambda_compute, dynamodb_reads, ...) and their total"
    )
    prices_as_of: str
