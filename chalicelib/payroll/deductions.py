"""Special additional deductions (专项附加扣除) a person declares, checked against the standards.

Standards are dated values in :mod:`tables` (amounts since 2023-01-01 per 国发〔2023〕13号). A
declaration is what the person's own screen stores; HR sees the totals; the payroll uses
:func:`monthly_total`. 大病医疗 is settled only at the annual reconciliation, so it is not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from chalicelib.core.errors import Invalid
from chalicelib.payroll.money import ZERO
from chalicelib.payroll.tables import ValueKind, value_for

FULL = Decimal("1")
HALF = Decimal("0.5")
Housing = Literal["loan", "rent_tier_1", "rent_tier_2", "rent_tier_3"]


@dataclass(frozen=True)
class Declaration:
    children_education: tuple[Decimal, ...] = ()
    """The person's share (1 or 0.5) for each child in education."""
    infant_care: tuple[Decimal, ...] = ()
    """The person's share (1 or 0.5) for each child under 3."""
    elderly_only_child: bool = False
    elderly_sibling_share: Decimal = ZERO
    """The monthly amount agreed among siblings (at most the sibling cap)."""
    housing: Housing | None = None
    continuing_education_degree: bool = False
    certificates: tuple[date, ...] = field(default=())
    """Dates vocational certificates were obtained: 3,600 once a year, in the month of the first."""


@dataclass(frozen=True)
class Line:
    item: str
    amount: Decimal


def _per_child(kind: ValueKind, shares: tuple[Decimal, ...], on: date) -> Decimal:
    for share in shares:
        if share not in (FULL, HALF):
            raise Invalid.field(kind, "payroll.deduction_share_invalid")
    return value_for(kind, on) * sum(shares, ZERO)


def lines(declaration: Declaration, on: date) -> list[Line]:
    """Each deduction the declaration gives in the month of ``on``, checked against its cap."""
    result = [
        Line("child_education", _per_child("child_education", declaration.children_education, on)),
        Line("infant_care", _per_child("infant_care", declaration.infant_care, on)),
    ]
    if declaration.elderly_only_child:
        result.append(Line("elderly_support", value_for("elderly_support_only_child", on)))
    elif declaration.elderly_sibling_share:
        cap = value_for("elderly_support_sibling_cap", on)
        if declaration.elderly_sibling_share > cap:
            raise Invalid.field("elderly_sibling_share", "payroll.deduction_over_cap", item="赡养老人", cap=cap)
        result.append(Line("elderly_support", declaration.elderly_sibling_share))
    if declaration.housing == "loan":
        result.append(Line("housing_loan_interest", value_for("housing_loan_interest", on)))
    elif declaration.housing is not None:
        result.append(Line("housing_rent", value_for(f"housing_{declaration.housing}", on)))  # type: ignore[arg-type]
    if declaration.continuing_education_degree:
        result.append(Line("continuing_education", value_for("continuing_education_degree", on)))
    this_year = sorted(got for got in declaration.certificates if got.year == on.year)
    if this_year and (this_year[0].year, this_year[0].month) == (on.year, on.month):  # once a year
        result.append(Line("continuing_education_certificate", value_for("continuing_education_certificate", on)))
    return [line for line in result if line.amount]


def monthly_total(declaration: Declaration, on: date) -> Decimal:
    """The 专项附加扣除 to withhold with in the month of ``on``."""
    return sum((line.amount for line in lines(declaration, on)), ZERO)
