"""Formula salary components: checked on save by name, computed to the fen, traced to their formula."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from chalicelib.core.errors import Invalid
from chalicelib.payroll import formulas
from chalicelib.payroll.formulas import FormulaComponentIn
from tests.unit.test_payroll_payslip import SETTINGS, Summary, _by_code, _slip

D = Decimal


def _with(*components: FormulaComponentIn, **summary: object):  # type: ignore[no-untyped-def]
    return _slip(settings=replace(SETTINGS, formula_components=components), attendance=Summary(**summary))  # type: ignore[arg-type]


def test_a_formula_over_attendance_and_structure_is_a_line_to_the_fen_naming_its_formula():
    prorated = FormulaComponentIn(
        "meal_days", "餐补（按出勤）", "allowance_meal / scheduled_days * present_days", taxable=False
    )
    full = FormulaComponentIn("full_attendance", "全勤奖", "max(0, 300 - late_count * 100)")
    plain = _slip()
    result = _with(prorated, full)
    lines = _by_code(result)
    # 500 / 21 × 20 = 476.190476… → 476.19 (to the fen); 300 − 2 × 100 = 100
    assert lines["formula_meal_days"]["amount"] == D("476.19")
    assert lines["formula_meal_days"]["taxable"] is False and lines["formula_meal_days"]["name"] == "餐补（按出勤）"
    assert lines["formula_full_attendance"]["amount"] == D("100.00")
    source = lines["formula_meal_days"]["source"]
    assert source["kind"] == "formula" and source["formula"] == "allowance_meal / scheduled_days * present_days"
    assert "allowance_meal = 500" in source["detail"] and "present_days = 20" in source["detail"]
    assert source["ref"] == "settings v2"
    assert result.gross == plain.gross + D("576.19")
    assert result.tax_free == plain.tax_free + D("476.19")
    assert result.anomalies == plain.anomalies


def test_a_deduction_component_is_negative_and_an_allowance_the_person_lacks_counts_as_zero():
    component = FormulaComponentIn("phone_back", "话费扣回", "allowance_phone + late_count * 10", kind="deduction")
    line = _by_code(_with(component, late_count=3))["formula_phone_back"]
    assert (line["kind"], line["amount"]) == ("deduction", D("-30.00"))


def test_a_division_by_zero_gives_zero_and_an_anomaly_naming_why_not_a_failed_run():
    component = FormulaComponentIn("prorated", "按天", "base_wage / scheduled_days * present_days")
    result = _with(component, scheduled_days=D("0"))
    line = _by_code(result)["formula_prorated"]
    assert line["amount"] == D("0.00")
    assert line["source"]["error"].startswith("division_by_zero")
    assert "formula_failed" in result.anomalies


def test_a_result_beyond_any_wage_is_refused_for_the_person_not_rounded_into_an_error():
    component = FormulaComponentIn("huge", "过大", "base_wage * 100000000000000000000")
    result = _with(component)
    line = _by_code(result)["formula_huge"]
    assert line["amount"] == D("0.00") and line["source"]["error"].startswith("out_of_range")
    assert "formula_failed" in result.anomalies


def test_without_attendance_a_formula_using_it_is_missing_its_input():
    component = FormulaComponentIn("full_attendance", "全勤奖", "max(0, 300 - late_count * 100)")
    result = _slip(settings=replace(SETTINGS, formula_components=(component,)), attendance=None)
    line = _by_code(result)["formula_full_attendance"]
    assert line["amount"] == D("0.00") and line["source"]["error"].startswith("missing_value")
    assert {"attendance_missing", "formula_failed"} <= set(result.anomalies)


def test_an_unknown_input_is_refused_naming_the_formula_field_and_the_name():
    formulas.check(["base_wage * performance_coefficient", "allowance_anything * 2"])
    with pytest.raises(Invalid) as refused:
        formulas.check(["base_wage * 0.1", "base_wage * bonus_rate + overtime_hours_workday"])
    (detail,) = refused.value.details
    assert detail.field == "formula_components.1.formula"
    assert "bonus_rate" in detail.text.render("zh-CN") and "bonus_rate" in detail.text.render("en")


@pytest.mark.parametrize(
    "text",
    ["base_wage / 0", "__import__('os')", "base_wage ** 2", "base_wage.real", "300", ""],
)
def test_unsafe_code_a_constant_zero_divisor_and_a_formula_without_input_are_refused(text):
    assert formulas.problems(text)
