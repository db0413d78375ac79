"""Payroll fixtures: a payroll run in tenant A for the isolation suite."""

from __future__ import annotations

from tests.support.isolation import id_source
from tests.support.world import Company


@id_source("run_id")
def _payroll_run(company: Company) -> str:
    reply = company.admin.post("/payroll/runs", {"month": "2026-09"})
    assert reply.status == 201, reply.body
    return reply.body["run_id"]
