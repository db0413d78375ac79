"""The bank transfer file of an approved or locked run: name, bank, salary card, net pay.

Card numbers live sealed in the person's file (人事档案); the file shows their masks unless the
payroll role asks for the full numbers, which opens them and writes one audit record
(``export_sensitive``) — the same rule as the roster export. Written with the org import/export's
CSV/xlsx writer (text cells, never formulas).
"""

from __future__ import annotations

import base64

from chalicelib.core import audit
from chalicelib.core.context import RequestContext
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict
from chalicelib.org.transfer import CSV_TYPE, XLSX_TYPE, FileFormat, _write
from chalicelib.payroll import store
from chalicelib.payroll.money import ZERO
from chalicelib.payroll.schemas import BankFile, BankFileQuery, RunStatus

HEADERS_ZH = ["姓名", "开户行", "账号", "金额", "用途"]
HEADERS_EN = ["name", "bank", "account", "amount", "purpose"]


def bank_file(ctx: RequestContext, run_id: str, query: BankFileQuery) -> BankFile:
    run = store.get_run(ctx.tenant_id, run_id)
    if run.status not in (RunStatus.APPROVED, RunStatus.LOCKED):
        raise Conflict.field("status", "payroll.run_not_approved")
    from chalicelib.people import sealing
    from chalicelib.people import store as people

    files = {f.person_id: f for f in people.list_files(ctx.tenant_id)}
    key = people.data_key(ctx.tenant_id) if query.full else b""
    rows, total = [], ZERO
    for slip in sorted(store.payslips(ctx.tenant_id, run_id), key=lambda s: s.name):
        pf = files.get(slip.person_id)
        account = ""
        if pf is not None and query.full and "bank_account" in pf.sealed:
            aad = sealing.associated_data(ctx.tenant_id, pf.person_id, "bank_account")
            account = str(sealing.open_sealed(key, pf.sealed["bank_account"], aad))
        elif pf is not None:
            account = str(pf.masks.get("bank_account") or "")
        purpose = f"{run.month} 工资" if ctx.locale.startswith("zh") else f"wages {run.month}"
        rows.append([slip.name, (pf.bank_name if pf else "") or "", account, f"{slip.net:.2f}", purpose])
        total += slip.net
    fmt = FileFormat(query.format)
    content = _write(fmt, HEADERS_ZH if ctx.locale.startswith("zh") else HEADERS_EN, rows)
    if query.full:
        changes = Changes()
        audit.record(
            changes, ctx, "export_sensitive", "pay_run", run_id, None, {"rows": len(rows), "fields": ["bank_account"]}
        )
        changes.commit()
    return BankFile(
        filename=f"bank-{run.month}.{fmt.value}",
        content_base64=base64.b64encode(content).decode(),
        content_type=CSV_TYPE if fmt == FileFormat.CSV else XLSX_TYPE,
        rows=len(rows),
        total=total,
    )
