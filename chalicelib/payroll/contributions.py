"""Social insurance and housing fund (五险一金): per-city, dated rule sets.

Rates, base floors and ceilings differ by city and change every year (usually in July), so a
rule set is data a tenant's HR enters for each contribution city with its validity dates and
source — the product ships no city's figures as constants. A person's contribution base is
clamped to the fund's floor and ceiling, multiplied by the employee and the employer rate, and
rounded by the city's rule (cities differ: to the fen, the jiao, or up to the yuan).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from chalicelib.core.errors import Invalid
from chalicelib.payroll.money import ZERO, Rounding, rounded, to_fen

Fund = Literal["pension", "medical", "unemployment", "injury", "maternity", "housing_fund"]


@dataclass(frozen=True)
class FundRule:
    fund: Fund
    employee_rate: Decimal
    employer_rate: Decimal
    base_floor: Decimal
    base_ceiling: Decimal
    rounding: Rounding = "fen_half_up"

    def __post_init__(self) -> None:
        for name in ("employee_rate", "employer_rate"):
            if not Decimal(0) <= getattr(self, name) <= Decimal(1):
                raise Invalid.field(name, "payroll.contribution_rate_invalid")
        if self.base_floor > self.base_ceiling:
            raise Invalid.field("base_floor", "payroll.contribution_base_range")


@dataclass(frozen=True)
class CityRules:
    city: str
    valid_from: date
    valid_to: date | None
    funds: tuple[FundRule, ...]
    source: str


@dataclass(frozen=True)
class ContributionLine:
    fund: Fund
    base: Decimal
    employee: Decimal
    employer: Decimal


@dataclass(frozen=True)
class Contributions:
    city: str
    lines: tuple[ContributionLine, ...]

    @property
    def employee_total(self) -> Decimal:
        """The person's share: the 专项扣除 the income tax deducts."""
        return sum((line.employee for line in self.lines), ZERO)

    @property
    def employer_total(self) -> Decimal:
        return sum((line.employer for line in self.lines), ZERO)


def rules_for(city: str, on: date, rule_sets: Sequence[CityRules]) -> CityRules:
    """The city's rule set in force on ``on``; 400 ``payroll.rule_not_in_force`` if none is."""
    for rules in rule_sets:
        if rules.city == city and rules.valid_from <= on and (rules.valid_to is None or on <= rules.valid_to):
            return rules
    raise Invalid("payroll.rule_not_in_force", rule=city, on=on.isoformat())


def contributions(rules: CityRules, base_wage: Decimal, overrides: dict[Fund, Decimal] | None = None) -> Contributions:
    """Each fund's contribution for a person whose declared base is ``base_wage``.

    ``overrides`` holds a base HR set for one fund (e.g. a housing-fund base chosen lower than the
    wage, within the city's range); it is clamped like any base.
    """
    if base_wage < 0:
        raise Invalid.field("base_wage", "payroll.amount_negative")
    lines = []
    for rule in rules.funds:
        wanted = (overrides or {}).get(rule.fund, base_wage)
        base = to_fen(min(max(wanted, rule.base_floor), rule.base_ceiling))
        lines.append(
            ContributionLine(
                fund=rule.fund,
                base=base,
                employee=rounded(base * rule.employee_rate, rule.rounding),
                employer=rounded(base * rule.employer_rate, rule.rounding),
            )
        )
    return Contributions(city=rules.city, lines=tuple(lines))
