"""A run's reports: the IIT withholding declaration, the contribution lists and the payroll ledger.

Every report is read from the run's stored payslips (one Query) and the people's records, written
with the org import/export's CSV/xlsx writer, and audited (``export``; ``export_sensitive`` when
identity numbers are opened in full, which only the payroll role may ask for). A draft run has no
reports: its payslips may still change.

The IIT declaration follows the import template of the tax bureau's withholding client
(自然人电子税务局（扣缴端）→ 综合所得申报 → 正常工资薪金所得 → 导入模板); see docs/decisions.md.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from chalicelib.core import audit
from chalicelib.core.context import RequestContext, Role
from chalicelib.core.db import Changes
from chalicelib.core.errors import Conflict, Forbidden
from chalicelib.org import store as org_store
from chalicelib.org.transfer import CSV_TYPE, XLSX_TYPE, FileFormat, _write
from chalicelib.payroll import store
from chalicelib.payroll.money import ZERO
from chalicelib.payroll.schemas import FormatQuery, Payslip, ReportFile, ReportQuery, Run, RunStatus

REPORTABLE = (RunStatus.REVIEWED, RunStatus.APPROVED, RunStatus.LOCKED)
ID_TYPES_ZH = {"resident_id": "居民身份证", "passport": "护照"}

IIT_HEADERS = [
    "工号", "姓名", "证件类型", "证件号码", "本期收入", "本期免税收入", "基本养老保险费", "基本医疗保险费",
    "失业保险费", "住房公积金", "累计子女教育", "累计继续教育", "累计住房贷款利息", "累计住房租金",
    "累计赡养老人", "累计3岁以下婴幼儿照护", "累计个人养老金", "其他", "准予扣除的捐赠额", "减免税额", "备注",
]  # fmt: skip
# The declaration's 累计 columns from the payslip's year-to-date items (chalicelib.payroll.deductions).
IIT_ITEMS = {
    "累计子女教育": ("child_education",),
    "累计继续教育": ("continuing_education", "continuing_education_certificate"),
    "累计住房贷款利息": ("housing_loan_interest",),
    "累计住房租金": ("housing_rent",),
    "累计赡养老人": ("elderly_support",),
    "累计3岁以下婴幼儿照护": ("infant_care",),
}
IIT_FUNDS = ("pension", "medical", "unemployment", "housing_fund")
FUNDS = ("pension", "medical", "unemployment", "injury", "maternity", "housing_fund")
FUND_ZH = {
    "pension": "养老保险", "medical": "医疗保险", "unemployment": "失业保险", "injury": "工伤保险",
    "maternity": "生育保险", "housing_fund": "住房公积金",
}  # fmt: skip
CONTRIBUTION_HEADERS_ZH = ["工号", "姓名", "险种", "缴费基数", "个人缴纳", "单位缴纳"]
CONTRIBUTION_HEADERS_EN = ["employee_no", "name", "fund", "base", "employee", "employer"]
LEDGER_TAIL_ZH = ["应发合计", "个人社保公积金", "个人所得税", "实发工资", "单位社保公积金"]
LEDGER_TAIL_EN = ["gross", "employee_contributions", "tax", "net", "employer_contributions"]


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _reportable(ctx: RequestContext, run_id: str) -> tuple[Run, list[Payslip]]:
    run = store.get_run(ctx.tenant_id, run_id)
    if run.status not in REPORTABLE:
        raise Conflict.field("status", "payroll.run_not_reviewed")
    return run, sorted(store.payslips(ctx.tenant_id, run_id), key=lambda s: s.name)


def _file(
    ctx: RequestContext, run: Run, name: str, fmt: str, headers: list[str], rows: list[list[Any]], opened: list[str]
) -> ReportFile:
    """Write the file and its audit record (what was exported, how many rows, which fields in full)."""
    file_format = FileFormat(fmt)
    content = _write(file_format, headers, rows)
    changes = Changes()
    action = "export_sensitive" if opened else "export"
    what = {"report": name, "rows": len(rows), "fields": opened}
    audit.record(changes, ctx, action, "pay_run", run.run_id, None, what)
    changes.commit()
    return ReportFile(
        filename=f"{name}-{run.month}.{file_format.value}",
        content_base64=base64.b64encode(content).decode(),
        content_type=CSV_TYPE if file_format == FileFormat.CSV else XLSX_TYPE,
        rows=len(rows),
    )


def _employee_numbers(ctx: RequestContext, slips: list[Payslip]) -> dict[str, str]:
    people = org_store.people_by_id(ctx.tenant_id, [s.person_id for s in slips])
    return {pid: p.employee_no or "" for pid, p in people.items()}


def _identities(ctx: RequestContext, full: bool) -> Callable[[str], tuple[str, str]]:
    """The person's 证件类型 and 证件号码 (masked unless ``full``) from the person's file."""
    from chalicelib.people import sealing
    from chalicelib.people import store as people

    files = {f.person_id: f for f in people.list_files(ctx.tenant_id)}
    key = people.data_key(ctx.tenant_id) if full else b""

    def identity(person_id: str) -> tuple[str, str]:
        pf = files.get(person_id)
        if pf is None:
            return "", ""
        kind = ID_TYPES_ZH.get(pf.id_type.value, pf.id_type.value)
        if full and "id_number" in pf.sealed:
            aad = sealing.associated_data(ctx.tenant_id, person_id, "id_number")
            return kind, str(sealing.open_sealed(key, pf.sealed["id_number"], aad))
        return kind, str(pf.masks.get("id_number") or "")

    return identity


def _fund_amounts(slip: Payslip) -> dict[str, dict[str, Decimal | None]]:
    """Per fund: the base, the person's amount (positive) and the employer's, from the payslip's lines."""
    funds: dict[str, dict[str, Decimal | None]] = {}
    for line in slip.lines:
        for prefix, side, sign in (("contribution_", "employee", -1), ("employer_", "employer", 1)):
            if line.code.startswith(prefix):
                fund = funds.setdefault(line.code[len(prefix) :], {"base": None, "employee": ZERO, "employer": ZERO})
                fund[side] = line.amount * sign
                fund["base"] = fund["base"] or line.source.base
    return funds


def iit_declaration(ctx: RequestContext, run_id: str, query: ReportQuery) -> ReportFile:
    """个人所得税扣缴申报 综合所得 预扣预缴 (正常工资薪金所得): one row a person, the bureau's columns."""
    if query.full and Role.PAYROLL not in ctx.roles:
        raise Forbidden.field("full", "payroll.full_needs_payroll")
    run, slips = _reportable(ctx, run_id)
    numbers = _employee_numbers(ctx, slips)
    identity = _identities(ctx, query.full)
    rows = []
    for slip in slips:
        funds = _fund_amounts(slip)
        items = {k: Decimal(str(v)) for k, v in (slip.ytd_after.get("additional_items") or {}).items()}
        kind, number = identity(slip.person_id)
        income = Decimal(str(slip.withholding.get("month_income", slip.gross)))
        tax_free = Decimal(str(slip.withholding.get("month_tax_free", ZERO)))
        rows.append(
            [
                numbers.get(slip.person_id, ""),
                slip.name,
                kind,
                number,
                _money(income),
                _money(tax_free),
                *(_money(funds.get(f, {}).get("employee") or ZERO) for f in IIT_FUNDS),
                *(_money(sum((items.get(i, ZERO) for i in IIT_ITEMS[h]), ZERO)) for h in IIT_ITEMS),
                _money(ZERO),  # 累计个人养老金: not declared through payroll here
                _money(Decimal(str(slip.withholding.get("cumulative_other", ZERO)))),
                _money(ZERO),  # 准予扣除的捐赠额
                _money(Decimal(str(slip.withholding.get("cumulative_relief", ZERO)))),
                "",
            ]
        )
    return _file(ctx, run, "iit", query.format, IIT_HEADERS, rows, ["id_number"] if query.full else [])


def contribution_list(ctx: RequestContext, run_id: str, query: FormatQuery) -> ReportFile:
    """社保公积金缴费明细: one row per person per fund — base, the person's and the employer's amounts."""
    run, slips = _reportable(ctx, run_id)
    numbers = _employee_numbers(ctx, slips)
    chinese = ctx.locale.startswith("zh")
    rows = []
    for slip in slips:
        funds = _fund_amounts(slip)
        for fund in sorted(funds, key=lambda f: FUNDS.index(f) if f in FUNDS else len(FUNDS)):
            amounts = funds[fund]
            base = amounts["base"]
            rows.append(
                [
                    numbers.get(slip.person_id, ""),
                    slip.name,
                    FUND_ZH.get(fund, fund) if chinese else fund,
                    _money(base) if base is not None else "",
                    _money(amounts["employee"] or ZERO),
                    _money(amounts["employer"] or ZERO),
                ]
            )
    headers = CONTRIBUTION_HEADERS_ZH if chinese else CONTRIBUTION_HEADERS_EN
    return _file(ctx, run, "contributions", query.format, headers, rows, [])


def ledger(ctx: RequestContext, run_id: str, query: FormatQuery) -> ReportFile:
    """工资台账: one row per person, one column per earning/deduction component, then the totals."""
    run, slips = _reportable(ctx, run_id)
    numbers = _employee_numbers(ctx, slips)
    chinese = ctx.locale.startswith("zh")
    components: dict[str, str] = {}  # code -> header, in order of first appearance
    for slip in slips:
        for line in slip.lines:
            if line.kind in ("earning", "deduction") and line.code not in components:
                components[line.code] = line.name or _component_name(line.code, chinese)
    rows = []
    for slip in slips:
        amounts: dict[str, Decimal] = {}
        for line in slip.lines:
            if line.code in components:
                amounts[line.code] = amounts.get(line.code, ZERO) + line.amount
        rows.append(
            [
                numbers.get(slip.person_id, ""),
                slip.name,
                *(_money(amounts.get(code, ZERO)) for code in components),
                _money(slip.gross),
                _money(slip.employee_contributions),
                _money(slip.tax),
                _money(slip.net),
                _money(slip.employer_contributions),
            ]
        )
    head = ["工号", "姓名"] if chinese else ["employee_no", "name"]
    headers = [*head, *components.values(), *(LEDGER_TAIL_ZH if chinese else LEDGER_TAIL_EN)]
    return _file(ctx, run, "ledger", query.format, headers, rows, [])


COMPONENT_ZH = {
    "base_wage": "基本工资", "performance_pay": "绩效工资", "overtime_workday": "工作日加班费",
    "overtime_restday": "休息日加班费", "overtime_holiday": "法定节假日加班费", "late_deduction": "迟到扣款",
    "absence": "旷工扣款", "adjustment": "补发/扣回", "year_end_bonus": "年终奖",
}  # fmt: skip


def _component_name(code: str, chinese: bool) -> str:
    if not chinese:
        return code
    if code.startswith("unpaid_leave_"):
        return "事假扣款" if code == "unpaid_leave_personal" else "无薪假扣款"
    return COMPONENT_ZH.get(code, code)
