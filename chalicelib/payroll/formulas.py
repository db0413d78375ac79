"""Tenant-defined salary components whose amount is a formula over the month's named inputs.

A component (``code``, ``name``, ``formula``, ``taxable``, ``kind``) lives in the tenant's payroll
settings. Its formula is the indicator formula language (:mod:`chalicelib.indicators.formula`: parsed
with :mod:`ast` into a whitelist of ``+ - * /``, ``min``/``max``/``abs``, numbers and names; never
``eval``), checked when the settings are saved: an unknown input is a 400 naming the component's
``formula`` field and the name.

The inputs (:data:`INPUTS`) are what a payslip already knows about the person's month: the pay
structure (``base_wage``, ``performance_target``, ``contribution_base``, each allowance as
``allowance_<code>``), the review's ``performance_coefficient`` and the locked attendance month.
An allowance the person's structure does not have counts as 0 (the formula is the tenant's, the
allowances are each person's). Without an attendance month the attendance inputs are missing, and
so is a formula using one.

A formula that cannot be computed for a person (a division by zero, a missing input) gives a line of
0.00 whose source names the formula and the reason (also a result beyond ±100,000,000 yuan), and the payslip an anomaly
``formula_failed`` for HR to check before review — the run does not stop for one person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Protocol

from chalicelib.core.errors import Detail, Invalid
from chalicelib.core.messages import Text
from chalicelib.indicators import formula as engine
from chalicelib.payroll.money import to_fen

ALLOWANCE_PREFIX = "allowance_"
LIMIT = Decimal("100000000")  # what any one wage line can be (schemas.Money)
STRUCTURE_INPUTS = ("base_wage", "performance_target", "contribution_base")
ATTENDANCE_INPUTS = (
    "late_count",
    "absent_days",
    "present_days",
    "scheduled_days",
    "overtime_hours_workday",
    "overtime_hours_restday",
    "overtime_hours_holiday",
)
INPUTS = frozenset((*STRUCTURE_INPUTS, "performance_coefficient", *ATTENDANCE_INPUTS))


class _Structure(Protocol):
    @property
    def base_wage(self) -> Decimal: ...
    @property
    def performance_target(self) -> Decimal: ...
    @property
    def contribution_base(self) -> Decimal: ...


@dataclass(frozen=True)
class FormulaComponentIn:
    code: str
    name: str
    formula: str
    taxable: bool = True
    kind: Literal["earning", "deduction"] = "earning"


def problems(text: str) -> list[Text]:
    """What is wrong with ``text`` as a component formula (empty when it can be used)."""
    try:
        parsed = engine.parse(text)
    except engine.FormulaError as exc:
        return [exc.text]
    allowances = {name for name in parsed.measures if name.startswith(ALLOWANCE_PREFIX)}
    return engine.validate(text, INPUTS | allowances)


def check(texts: list[str], field: str = "formula_components") -> None:
    """400 ``formula.invalid`` naming ``<field>.<i>.formula`` for each component with a problem."""
    details = [Detail(f"{field}.{index}.formula", p) for index, text in enumerate(texts) for p in problems(text)]
    if details:
        raise Invalid("formula.invalid", details, count=len(details))


def inputs(
    structure: _Structure,
    allowances: Mapping[str, Decimal],
    coefficient: Decimal,
    attendance: Any | None,
) -> dict[str, Decimal]:
    """The named values a formula may use for one person's month (attendance ones only when there is one)."""
    values = {name: Decimal(getattr(structure, name)) for name in STRUCTURE_INPUTS}
    values["performance_coefficient"] = coefficient
    values.update({f"{ALLOWANCE_PREFIX}{code}": amount for code, amount in allowances.items()})
    if attendance is not None:
        values["late_count"] = Decimal(attendance.late_count)
        values["absent_days"] = Decimal(attendance.absent_days)
        for name in ("present_days", "scheduled_days"):
            value = getattr(attendance, name, None)
            if value is not None:
                values[name] = Decimal(value)
        for kind in ("workday", "restday", "holiday"):
            values[f"overtime_hours_{kind}"] = Decimal(attendance.overtime_hours.get(kind, 0))
    return values


def amount(component: FormulaComponentIn, values: Mapping[str, Decimal]) -> tuple[Decimal, str | None]:
    """The component's amount to the fen (negative for a deduction) and, when it failed, why (English)."""
    parsed = engine.parse(component.formula)
    known = dict(values)
    for name in parsed.measures:
        if name.startswith(ALLOWANCE_PREFIX):
            known.setdefault(name, Decimal("0"))
    try:
        result = engine.evaluate(parsed, known)
    except engine.FormulaError as exc:
        return Decimal("0.00"), f"{exc.code}: {exc.message}"
    if not abs(result) <= LIMIT:
        return Decimal("0.00"), f"out_of_range: {result:.2E} is beyond ±{LIMIT} yuan"
    result = to_fen(result)
    return (-result if component.kind == "deduction" else result), None


def used_values(component: FormulaComponentIn, values: Mapping[str, Decimal]) -> str:
    """``name = value`` for each input the formula uses, for the line's source."""
    parsed = engine.parse(component.formula)
    shown = []
    for name in sorted(parsed.measures):
        value = values.get(name, Decimal("0") if name.startswith(ALLOWANCE_PREFIX) else None)
        shown.append(f"{name} = {value if value is not None else '—'}")
    return ", ".join(shown)
