"""Special additional deductions (专项附加扣除) declared by a person, checked against the 2023 standards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.core.errors import Invalid
from chalicelib.payroll.deductions import FULL, HALF, Declaration, lines, monthly_total

D = Decimal
MAY_2026 = date(2026, 5, 1)


def test_two_children_one_shared_half_and_an_only_child_supporting_parents():
    declaration = Declaration(children_education=(FULL, HALF), elderly_only_child=True)

    assert monthly_total(declaration, MAY_2026) == D("6000")  # 2,000 + 1,000 + 3,000


def test_infant_care_housing_rent_by_city_tier_and_a_degree_course():
    declaration = Declaration(infant_care=(FULL,), housing="rent_tier_2", continuing_education_degree=True)

    assert [(line.item, line.amount) for line in lines(declaration, MAY_2026)] == [
        ("infant_care", D("2000")), ("housing_rent", D("1100")), ("continuing_education", D("400")),
    ]


def test_a_housing_loan_gives_1000():
    assert monthly_total(Declaration(housing="loan"), MAY_2026) == D("1000")


def test_a_certificate_gives_3600_once_in_the_month_of_the_years_first_certificate():
    declaration = Declaration(certificates=(date(2026, 5, 20), date(2026, 9, 1)))

    assert monthly_total(declaration, MAY_2026) == D("3600")
    assert monthly_total(declaration, date(2026, 9, 1)) == D("0")
    assert monthly_total(declaration, date(2026, 6, 1)) == D("0")


def test_a_sibling_share_of_elderly_support_above_1500_is_refused_naming_the_field():
    with pytest.raises(Invalid) as refused:
        monthly_total(Declaration(elderly_sibling_share=D("1600")), MAY_2026)

    assert refused.value.details[0].field == "elderly_sibling_share"
    assert refused.value.text.render("zh-CN") == "赡养老人 每月最多扣除 1500 元"


def test_a_share_other_than_all_or_half_is_refused():
    with pytest.raises(Invalid) as refused:
        monthly_total(Declaration(children_education=(D("0.3"),)), MAY_2026)

    assert refused.value.text.code == "payroll.deduction_share_invalid"


def test_before_2023_the_new_standards_do_not_apply_and_no_old_figure_is_guessed():
    with pytest.raises(Invalid) as refused:
        monthly_total(Declaration(children_education=(FULL,)), date(2022, 12, 1))

    assert refused.value.text.code == "payroll.rule_not_in_force"
