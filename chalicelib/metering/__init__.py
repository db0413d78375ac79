"""Per-tenant usage metering for pay-per-use billing: cheap counters, read by the tenant admin."""
