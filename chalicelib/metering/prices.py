"""Public AWS list prices (us-east-1, on-demand) used to estimate what a tenant costs.

Prices as published on aws.amazon.com/<service>/pricing, as we last read them (2025-06); check them
before quoting a customer. Amounts in USD.
"""

from __future__ import annotations

from dataclasses import dataclass

PRICES_AS_OF = "2025-06 (us-east-1, on-demand list prices)"

API_GATEWAY_REST_PER_MILLION = 3.50  # REST API, first 333 million requests/month
API_GATEWAY_HTTP_PER_MILLION = 1.00  # HTTP API, first 300 million requests/month (for comparison)
LAMBDA_PER_MILLION_REQUESTS = 0.20
LAMBDA_PER_GB_SECOND = 0.0000166667  # x86
DYNAMODB_PER_MILLION_WRITE_UNITS = 0.625  # on-demand, after the Nov 2024 price cut
DYNAMODB_PER_MILLION_READ_UNITS = 0.125
DYNAMODB_STORAGE_PER_GB_MONTH = 0.25
SES_PER_THOUSAND_EMAILS = 0.10
SQS_PER_MILLION_REQUESTS = 0.40
S3_STORAGE_PER_GB_MONTH = 0.023
COGNITO_PER_MAU_ESSENTIALS = 0.015  # beyond the 10,000 MAU free tier; a small company stays inside it
# Cognito user pools bill monthly active users (a user who signs in or refreshes a token in the
# month) per pool, i.e. across every tenant of a deployment. (tier ceiling in MAU, price per MAU)
COGNITO_MAU_TIERS: dict[str, tuple[tuple[float, float], ...]] = {
    "LITE": ((10_000, 0.0), (100_000, 0.0055), (1_000_000, 0.0046), (10_000_000, 0.00325), (float("inf"), 0.0025)),
    "ESSENTIALS": ((10_000, 0.0), (float("inf"), COGNITO_PER_MAU_ESSENTIALS)),
    "PLUS": ((float("inf"), 0.02),),  # no free tier
}
CLOUDWATCH_LOGS_PER_GB_INGESTED = 0.50  # standard log class
CLOUDWATCH_LOGS_PER_GB_STORED = 0.03  # per GB-month (compressed), after retention
CLOUDWATCH_ALARM_PER_MONTH = 0.10  # standard-resolution metric alarm


def cognito_monthly(mau: float, plan: str = "LITE") -> float:
    """One user pool's monthly bill for ``mau`` monthly active users on ``plan`` (graduated tiers)."""
    total, floor = 0.0, 0.0
    for ceiling, price in COGNITO_MAU_TIERS[plan]:
        if mau <= floor:
            break
        total += (min(mau, ceiling) - floor) * price
        floor = ceiling
    return total


@dataclass(frozen=True)
class Usage:
    api_requests: int = 0
    authorizer_invocations: int = 0
    lambda_gb_seconds: float = 0.0
    read_units: float = 0.0
    write_units: float = 0.0
    table_gb: float = 0.0
    emails: int = 0
    sqs_requests: int = 0
    storage_gb: float = 0.0


def monthly_cost(usage: Usage, *, http_api: bool = False) -> dict[str, float]:
    """Cost per line item and total, in USD, for one tenant-month."""
    api_price = API_GATEWAY_HTTP_PER_MILLION if http_api else API_GATEWAY_REST_PER_MILLION
    lines = {
        "api_gateway": usage.api_requests / 1e6 * api_price,
        "lambda_requests": (usage.api_requests + usage.authorizer_invocations) / 1e6 * LAMBDA_PER_MILLION_REQUESTS,
        "lambda_compute": usage.lambda_gb_seconds * LAMBDA_PER_GB_SECOND,
        "dynamodb_reads": usage.read_units / 1e6 * DYNAMODB_PER_MILLION_READ_UNITS,
        "dynamodb_writes": usage.write_units / 1e6 * DYNAMODB_PER_MILLION_WRITE_UNITS,
        "dynamodb_storage": usage.table_gb * DYNAMODB_STORAGE_PER_GB_MONTH,
        "ses": usage.emails / 1000 * SES_PER_THOUSAND_EMAILS,
        "sqs": usage.sqs_requests / 1e6 * SQS_PER_MILLION_REQUESTS,
        "s3_storage": usage.storage_gb * S3_STORAGE_PER_GB_MONTH,
    }
    lines["total"] = sum(lines.values())
    return {k: round(v, 6) for k, v in lines.items()}
