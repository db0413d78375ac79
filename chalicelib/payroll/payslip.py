"""One person's payslip for one month: pure — every input passed in, every line with its source.

The run (``runs.py``) gathers the inputs (pay structure, the locked attendance summary, the review
rating, the tenant's settings, the city's rule set, the declaration, the year to date and any
adjustments) and stores what this returns. Nothing here reads the clock or the database, so a
payslip can be recomputed to the fen from what it names.

Wage rules: the daily wage is the monthly base ÷ 21.75 and the hourly wage the daily ÷ 8
(劳社部发〔2008〕3号); overtime is paid at 150 / 200 / 300 % of the hourly wage (劳动法 第四十四条);
all three are dated values in :mod:`tables`. Lines are rounded to the fen one by one, and the
totals are the sums of the rounded lines, so the slip always adds up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, Protocol

from chalicelib.payroll import bonus as bonus_tax
from chalicelib.payroll import deductions
from chalicelib.payroll import formulas as formula_components
from chalicelib.payroll.capitals import in_capitals
from chalicelib.payroll.contributions import CityRules, contributions
from chalicelib.payroll.iit import BasicDeduction, MonthIncome, YearToDate, withhold
from chalicelib.payroll.money import ZERO, to_fen
from chalicelib.payroll.tables import dated_value

OVERTIME_KINDS = ("workday", "restday", "holiday")


class MonthSummary(Protocol):
    """What the attendance domain's locked month gives payroll (``chalicelib.attendance.monthly``).

    Read-only members, so the attendance domain's frozen dataclass satisfies it."""

    @property
    def person_id(self) -> str: ...
    @property
    def month(self) -> str: ...
    @property
    def scheduled_days(self) -> Decimal: ...
    @property
    def present_days(self) -> Decimal: ...
    @property
    def late_count(self) -> int: ...
    @property
    def absent_days(self) -> Decimal: ...
    @property
    def leave_days(self) -> Mapping[str, Decimal]: ...
    @property
    def overtime_hours(self) -> Mapping[str, Decimal]: ...
    @property
    def locked(self) -> bool: ...


@dataclass(frozen=True)
class AllowanceIn:
    code: str
    name: str
    amount: Decimal
    taxable: bool


@dataclass(frozen=True)
class StructureIn:
    version: int
    base_wage: Decimal
    performance_target: Decimal
    contribution_base: Decimal
    city: str
    allowances: tuple[AllowanceIn, ...] = ()
    basic_rule: BasicDeduction = "months_employed"
    has_bank_account: bool = True
    annual_bonus_target: Decimal = ZERO
    bonus_taxation: Literal["separate", "merged"] = "separate"


@dataclass(frozen=True)
class SettingsIn:
    version: int
    rating_coefficients: Mapping[str, Decimal]
    default_coefficient: Decimal = Decimal("1")
    late_free_count: int = 0
    late_deduction_each: Decimal = ZERO
    unpaid_leave_types: tuple[str, ...] = ("personal",)
    deduct_absence: bool = True
    formula_components: tuple[formula_components.FormulaComponentIn, ...] = ()


@dataclass(frozen=True)
class RatingIn:
    """The person's published result in the run's cycle (``rating`` None: no result there)."""

    cycle_id: str
    rating: str | None


@dataclass(frozen=True)
class AdjustmentIn:
    adjustment_id: str
    month: str
    amount: Decimal
    taxable: bool
    reason: str


@dataclass(frozen=True)
class RuleSetIn:
    rule_set_id: str
    rules: CityRules


@dataclass
class Computed:
    lines: list[dict[str, Any]]
    gross: Decimal
    tax_free: Decimal
    employee_contributions: Decimal
    employer_contributions: Decimal
    additional_deductions: Decimal
    tax: Decimal
    net: Decimal
    net_in_capitals: str
    withholding: dict[str, Any]
    ytd_after: dict[str, Any]
    anomalies: list[str] = field(default_factory=list)


def _line(
    code: str, kind: str, amount: Decimal, source: dict[str, Any], *, name: str = "", taxable: bool = True
) -> dict[str, Any]:
    return {"code": code, "name": name, "kind": kind, "amount": to_fen(amount), "taxable": taxable, "source": source}


def _coefficient(rating: RatingIn | None, settings: SettingsIn) -> tuple[Decimal, str, str]:
    """The performance coefficient for the person's rating, how it was found, and the cycle it came from."""
    ref = rating.cycle_id if rating else "none"
    if rating and rating.rating is not None and rating.rating in settings.rating_coefficients:
        return settings.rating_coefficients[rating.rating], f"rating {rating.rating}", ref
    if rating and rating.rating is not None:
        return settings.default_coefficient, f"rating {rating.rating} not in the table: default coefficient", ref
    return settings.default_coefficient, "no rating: default coefficient", ref


def _table(kind: Any, on: date) -> tuple[Decimal, dict[str, Any]]:
    entry = dated_value(kind, on)
    return entry.amount, {"kind": "table", "ref": entry.source, "as_of": entry.valid_from.isoformat()}


class AttendanceAdjustment(Protocol):
    """A late correction of a locked attendance month, carried by this month's summary
    (``chalicelib.attendance.monthly.Adjustment``)."""

    @property
    def month(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def delta(self) -> Decimal: ...
    @property
    def was(self) -> Decimal: ...
    @property
    def reason(self) -> str: ...
    @property
    def correction_id(self) -> str: ...


def _attendance_adjustment_lines(
    adjustments: Sequence[AttendanceAdjustment],
    structure: StructureIn,
    settings: SettingsIn,
    base_wages: Mapping[str, Decimal],
    settings_ref: str,
) -> list[dict[str, Any]]:
    """One line per adjustment that moves pay, priced as its own month would have priced it: that
    month's base wage, divisor (21.75 / 8) and overtime rates, this run's settings. A figure with no
    pay rule (present days, late minutes…) gives no line."""
    lines: list[dict[str, Any]] = []
    for a in adjustments:
        year, mon = (int(part) for part in a.month.split("-"))
        on = date(year, mon, 1)
        base = base_wages.get(a.month, structure.base_wage)
        paid_days, days_source = _table("monthly_paid_days", on)
        hours, _ = _table("daily_hours", on)
        daily = base / paid_days
        group, _, sub = a.field.partition(".")
        amount: Decimal | None = None
        working = ""
        as_of = days_source["as_of"]
        if a.field == "absent_days" and settings.deduct_absence:
            amount = -(a.delta * daily)
            working = f"{a.delta:+} d × −{to_fen(daily)} ({base} ÷ {paid_days}; {days_source['ref']})"
        elif group == "leave_days" and sub in settings.unpaid_leave_types:
            amount = -(a.delta * daily)
            working = f"{a.delta:+} d × −{to_fen(daily)} ({base} ÷ {paid_days}; {days_source['ref']})"
        elif group == "overtime_hours" and sub in OVERTIME_KINDS:
            rate, rate_source = _table(f"overtime_{sub}", on)
            hourly = daily / hours
            amount = a.delta * hourly * rate
            as_of = rate_source["as_of"]
            working = (
                f"{a.delta:+} h × {to_fen(hourly)} ({base} ÷ {paid_days} ÷ {hours}) × {rate * 100:.0f}% "
                f"({rate_source['ref']}; {days_source['ref']})"
            )
        elif a.field == "late_count" and settings.late_deduction_each:
            free = settings.late_free_count
            before = max(Decimal(0), a.was - free)
            after = max(Decimal(0), a.was + a.delta - free)
            amount = -(after - before) * settings.late_deduction_each
            working = f"late beyond {free} free: {before} → {after}, × −{settings.late_deduction_each}"
        if amount is None or not to_fen(amount):
            continue
        lines.append(
            _line(
                "attendance_adjustment",
                "earning" if amount > 0 else "deduction",
                amount,
                {
                    "kind": "attendance",
                    "ref": f"attendance {a.month} correction {a.correction_id}",
                    "as_of": as_of,
                    "detail": f"{a.field} {a.delta:+} (was {a.was}): {working} ({settings_ref}); {a.reason}",
                },
            )
        )
    return lines


def compute(
    month: str,
    structure: StructureIn,
    settings: SettingsIn,
    attendance: MonthSummary | None,
    rating: RatingIn | None,
    rule_set: RuleSetIn,
    declaration: deductions.Declaration,
    before: YearToDate,
    adjustments: Sequence[AdjustmentIn] = (),
    previous_net: Decimal | None = None,
    year_end_bonus: bool = False,
    bonus_used: bool = False,
    additional_before: Mapping[str, Decimal] | None = None,
    base_wages: Mapping[str, Decimal] | None = None,
) -> Computed:
    """The month's payslip for one person (see the module's doc for the rules).

    ``additional_before``: the year's 专项附加扣除 so far by item (the IIT declaration's 累计 columns);
    ``base_wages``: the base wage in force in each earlier month an attendance adjustment corrects
    (default: this month's)."""
    year, mon = (int(part) for part in month.split("-"))
    on = date(year, mon, 1)
    structure_ref = f"structure v{structure.version}"
    settings_ref = f"settings v{settings.version}"
    lines: list[dict[str, Any]] = [
        _line("base_wage", "earning", structure.base_wage, {"kind": "structure", "ref": structure_ref}),
    ]
    for allowance in structure.allowances:
        lines.append(
            _line(
                f"allowance_{allowance.code}",
                "earning",
                allowance.amount,
                {"kind": "structure", "ref": structure_ref},
                name=allowance.name,
                taxable=allowance.taxable,
            )
        )

    coefficient, detail, ref = _coefficient(rating, settings)
    if structure.performance_target:
        lines.append(
            _line(
                "performance_pay",
                "earning",
                structure.performance_target * coefficient,
                {
                    "kind": "review",
                    "ref": ref,
                    "detail": f"{structure.performance_target} × {coefficient} ({detail}; {settings_ref})",
                },
            )
        )

    paid_days, days_source = _table("monthly_paid_days", on)
    hours, _ = _table("daily_hours", on)
    daily = structure.base_wage / paid_days
    hourly = daily / hours
    anomalies: list[str] = []
    if attendance is None:
        anomalies.append("attendance_missing")
    else:
        att_ref = f"attendance {attendance.month}" + ("" if attendance.locked else " (not locked)")
        if not attendance.locked:
            anomalies.append("attendance_not_locked")
        for kind in OVERTIME_KINDS:
            worked = Decimal(attendance.overtime_hours.get(kind, 0))
            if worked:
                rate, rate_source = _table(f"overtime_{kind}", on)
                lines.append(
                    _line(
                        f"overtime_{kind}",
                        "earning",
                        worked * hourly * rate,
                        {
                            "kind": "attendance",
                            "ref": att_ref,
                            "as_of": rate_source["as_of"],
                            "detail": f"{worked} h × {to_fen(hourly)} ({structure.base_wage} ÷ {paid_days} ÷ {hours}) "
                            f"× {rate * 100:.0f}% ({rate_source['ref']}; {days_source['ref']})",
                        },
                    )
                )
        late = max(0, attendance.late_count - settings.late_free_count)
        if late and settings.late_deduction_each:
            lines.append(
                _line(
                    "late_deduction",
                    "deduction",
                    -(late * settings.late_deduction_each),
                    {
                        "kind": "attendance",
                        "ref": att_ref,
                        "detail": f"({attendance.late_count} − {settings.late_free_count} free) × "
                        f"{settings.late_deduction_each} ({settings_ref})",
                    },
                )
            )
        for leave_type in settings.unpaid_leave_types:
            days = Decimal(attendance.leave_days.get(leave_type, 0))
            if days:
                lines.append(
                    _line(
                        f"unpaid_leave_{leave_type}",
                        "deduction",
                        -(days * daily),
                        {
                            "kind": "attendance",
                            "ref": att_ref,
                            "as_of": days_source["as_of"],
                            "detail": f"{days} d × {to_fen(daily)} ({structure.base_wage} ÷ {paid_days}; "
                            f"{days_source['ref']}; {settings_ref})",
                        },
                    )
                )
        absent = Decimal(attendance.absent_days)
        if absent and settings.deduct_absence:
            lines.append(
                _line(
                    "absence",
                    "deduction",
                    -(absent * daily),
                    {
                        "kind": "attendance",
                        "ref": att_ref,
                        "as_of": days_source["as_of"],
                        "detail": f"{absent} d × {to_fen(daily)} ({days_source['ref']}; {settings_ref})",
                    },
                )
            )

        lines.extend(
            _attendance_adjustment_lines(
                getattr(attendance, "adjustments", ()), structure, settings, base_wages or {}, settings_ref
            )
        )

    _formula_lines(lines, anomalies, structure, settings, coefficient, attendance, settings_ref)

    for adjustment in adjustments:
        lines.append(
            _line(
                "adjustment",
                "earning",
                adjustment.amount,
                {
                    "kind": "adjustment",
                    "ref": adjustment.adjustment_id,
                    "detail": f"correction of {adjustment.month}: {adjustment.reason}",
                },
                taxable=adjustment.taxable,
            )
        )

    gross = sum((line["amount"] for line in lines), ZERO)
    tax_free = sum((line["amount"] for line in lines if not line["taxable"]), ZERO)
    if gross < 0:
        anomalies.append("negative_gross")

    paid = contributions(rule_set.rules, structure.contribution_base)
    rules_ref = f"{rule_set.rules.city} {rule_set.rule_set_id}"
    for c in paid.lines:
        detail = f"base {c.base}"
        if c.employee:
            lines.append(
                _line(
                    f"contribution_{c.fund}",
                    "contribution",
                    -c.employee,
                    {
                        "kind": "rule_set",
                        "ref": rules_ref,
                        "detail": detail,
                        "as_of": rule_set.rules.valid_from.isoformat(),
                        "base": c.base,
                    },
                )
            )
        if c.employer:
            lines.append(
                _line(
                    f"employer_{c.fund}",
                    "employer_contribution",
                    c.employer,
                    {
                        "kind": "rule_set",
                        "ref": rules_ref,
                        "detail": detail,
                        "as_of": rule_set.rules.valid_from.isoformat(),
                        "base": c.base,
                    },
                )
            )

    additional_lines = deductions.lines(declaration, on)
    additional = sum((line.amount for line in additional_lines), ZERO)
    items = {k: Decimal(str(v)) for k, v in (additional_before or {}).items()}
    for item in additional_lines:
        items[item.item] = items.get(item.item, ZERO) + item.amount
    income = max(gross, ZERO)
    wages = MonthIncome(
        income=income, tax_free=min(max(tax_free, ZERO), income), special=paid.employee_total, additional=additional
    )
    bonus_amount = to_fen(structure.annual_bonus_target * coefficient) if year_end_bonus else ZERO
    bonus_info: dict[str, Any] | None = None
    separate_tax = ZERO
    if bonus_amount:
        lines.append(
            _line(
                "year_end_bonus",
                "earning",
                bonus_amount,
                {
                    "kind": "review",
                    "ref": ref,
                    "detail": f"{structure.annual_bonus_target} × {coefficient} ({detail}; {settings_ref})",
                },
            )
        )
        gross += bonus_amount
        choice = bonus_tax.compare(
            bonus_amount,
            mon,
            wages,
            before,
            already_used=bonus_used,
            basic_rule=structure.basic_rule,
        )
        separate = structure.bonus_taxation == "separate" and choice.separate is not None
        withholding = choice.wages_only if separate else choice.merged
        if separate and choice.separate is not None:
            separate_tax = choice.separate.tax
            lines.append(
                _line(
                    "iit_bonus",
                    "tax",
                    -separate_tax,
                    {
                        "kind": "calculation",
                        "ref": "财税〔2018〕164号; 财政部 税务总局公告2023年第30号",
                        "detail": f"{bonus_amount} × {choice.separate.rate} − {choice.separate.quick_deduction} "
                        f"(rate from {choice.separate.monthly_average} a month)",
                        "as_of": on.isoformat(),
                    },
                )
            )
        bonus_info = {
            "amount": bonus_amount,
            "chosen": "separate" if separate else "merged",
            "separate_unavailable": choice.separate_unavailable,
            "total_tax_separate": choice.total_separate,
            "total_tax_merged": choice.total_merged,
        }
    else:
        withholding = withhold(mon, wages, before, basic_rule=structure.basic_rule)
    lines.append(
        _line(
            "iit",
            "tax",
            -withholding.this_month,
            {
                "kind": "calculation",
                "ref": "国家税务总局公告2018年第56号",
                "detail": f"({withholding.taxable_income} × {withholding.rate} − {withholding.quick_deduction}) − "
                f"{withholding.withheld_before} withheld before",
                "as_of": on.isoformat(),
            },
        )
    )

    tax = withholding.this_month + separate_tax
    net = to_fen(gross - paid.employee_total - tax)
    if net < 0:
        anomalies.append("negative_net")
    if previous_net and abs(net - previous_net) > previous_net * Decimal("0.3"):
        anomalies.append("change_over_30_percent")
    if not structure.has_bank_account:
        anomalies.append("missing_bank_account")
    working = asdict(withholding)
    ytd_after = working.pop("after")
    ytd_after["bonus_separate_used"] = bool(separate_tax) or bonus_used
    if bonus_info is not None:
        working["year_end_bonus"] = bonus_info
    # This month's figures as the IIT declaration (综合所得 预扣预缴) reports them: a bonus taxed
    # separately is declared apart (全年一次性奖金收入), so it is not in 本期收入.
    working["month_income"] = wages.income + (bonus_amount if bonus_info and bonus_info["chosen"] == "merged" else ZERO)
    working["month_tax_free"] = wages.tax_free
    ytd_after["additional_items"] = {k: to_fen(v) for k, v in items.items()}
    return Computed(
        lines=lines,
        gross=to_fen(gross),
        tax_free=to_fen(tax_free),
        employee_contributions=paid.employee_total,
        employer_contributions=paid.employer_total,
        additional_deductions=to_fen(additional),
        tax=tax,
        net=net,
        net_in_capitals=in_capitals(net) if net >= 0 else "",
        withholding=working,
        ytd_after=ytd_after,
        anomalies=anomalies,
    )


def _formula_lines(
    lines: list[dict[str, Any]],
    anomalies: list[str],
    structure: StructureIn,
    settings: SettingsIn,
    coefficient: Decimal,
    attendance: MonthSummary | None,
    settings_ref: str,
) -> None:
    """The tenant's formula components (:mod:`formulas`), each a line whose source names its formula."""
    if not settings.formula_components:
        return
    allowances = {a.code: a.amount for a in structure.allowances}
    values = formula_components.inputs(structure, allowances, coefficient, attendance)
    for component in settings.formula_components:
        amount, failed = formula_components.amount(component, values)
        source: dict[str, Any] = {
            "kind": "formula",
            "ref": settings_ref,
            "formula": component.formula,
            "detail": f"{component.formula} with {formula_components.used_values(component, values)}",
        }
        if failed:
            source["error"] = failed
            if "formula_failed" not in anomalies:
                anomalies.append("formula_failed")
        lines.append(
            _line(
                f"formula_{component.code}",
                component.kind,
                amount,
                source,
                name=component.name,
                taxable=component.taxable,
            )
        )


def year_to_date(data: Mapping[str, Any] | None, tax_year: int) -> YearToDate:
    """A stored ``ytd_after`` back as :class:`YearToDate` (a fresh year when none or another year)."""
    if not data or int(data.get("tax_year", 0)) != tax_year:
        return YearToDate(tax_year)
    money_fields = ("income", "tax_free", "special", "additional", "other", "relief", "withheld")
    return YearToDate(
        tax_year=tax_year,
        last_month=int(data["last_month"]),
        months_employed=int(data["months_employed"]),
        **{name: Decimal(str(data[name])) for name in money_fields},
    )
