"""One person's payslip, computed purely: every line with its source, the totals the sums of the lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from chalicelib.payroll.contributions import CityRules, FundRule
from chalicelib.payroll.deductions import Declaration
from chalicelib.payroll.iit import YearToDate
from chalicelib.payroll.payslip import (
    AdjustmentIn,
    AllowanceIn,
    RatingIn,
    RuleSetIn,
    SettingsIn,
    StructureIn,
    compute,
    year_to_date,
)

D = Decimal

# Test figures only: the product ships no city's rates (HR enters them with their official source).
RULES = RuleSetIn(
    "rs1",
    CityRules(
        city="示例市",
        valid_from=date(2026, 1, 1),
        valid_to=None,
        source="test data",
        funds=(
            FundRule("pension", D("0.08"), D("0.16"), D("5000"), D("30000")),
            FundRule("medical", D("0.02"), D("0.10"), D("5000"), D("30000")),
            FundRule("unemployment", D("0.005"), D("0.005"), D("5000"), D("30000")),
            FundRule("housing_fund", D("0.12"), D("0.12"), D("5000"), D("30000")),
        ),
    ),
)
STRUCTURE = StructureIn(
    version=3,
    base_wage=D("12000"),
    performance_target=D("3000"),
    contribution_base=D("12000"),
    city="示例市",
    allowances=(AllowanceIn("meal", "餐补", D("500"), True),),
)
SETTINGS = SettingsIn(version=2, rating_coefficients={"A": D("1.2"), "B": D("1")}, late_deduction_each=D("50"))


@dataclass
class Summary:
    person_id: str = "p1"
    month: str = "2026-01"
    scheduled_days: Decimal = D("21")
    present_days: Decimal = D("20")
    late_count: int = 2
    absent_days: Decimal = D("0")
    leave_days: dict[str, Decimal] = field(default_factory=lambda: {"personal": D("1")})
    overtime_hours: dict[str, Decimal] = field(default_factory=lambda: {"workday": D("6")})
    locked: bool = True


def _slip(**changes):  # type: ignore[no-untyped-def]
    args = {
        "month": "2026-01",
        "structure": STRUCTURE,
        "settings": SETTINGS,
        "attendance": Summary(),
        "rating": RatingIn("cycle1", "A"),
        "rule_set": RULES,
        "declaration": Declaration(children_education=(D("1"),)),
        "before": YearToDate(2026),
    }
    args.update(changes)
    return compute(**args)


def _by_code(result):  # type: ignore[no-untyped-def]
    return {line["code"]: line for line in result.lines}


def test_the_story_month_each_component_traced_to_its_source():
    # Given rating A, 2 late arrivals, 6 h of workday overtime and 1 day of personal leave
    result = _slip()
    lines = _by_code(result)
    # Then each component has its amount and names where it came from
    assert lines["base_wage"]["amount"] == D("12000.00") and lines["base_wage"]["source"]["ref"] == "structure v3"
    assert lines["performance_pay"]["amount"] == D("3600.00")
    assert (
        lines["performance_pay"]["source"]["kind"] == "review" and lines["performance_pay"]["source"]["ref"] == "cycle1"
    )
    # 12,000 ÷ 21.75 ÷ 8 = 68.9655… × 6 h × 150 % = 620.69
    assert lines["overtime_workday"]["amount"] == D("620.69")
    assert "劳社部发〔2008〕3号" in lines["overtime_workday"]["source"]["detail"]
    assert lines["late_deduction"]["amount"] == D("-100.00")
    assert lines["late_deduction"]["source"]["kind"] == "attendance"
    # 12,000 ÷ 21.75 = 551.72 a day
    assert lines["unpaid_leave_personal"]["amount"] == D("-551.72")
    assert result.gross == D("16068.97")
    # 8 % + 2 % + 0.5 % + 12 % of 12,000
    assert result.employee_contributions == D("2700.00")
    assert lines["contribution_pension"]["source"] == {
        "kind": "rule_set",
        "ref": "示例市 rs1",
        "detail": "base 12000.00",
        "as_of": "2026-01-01",
        "base": D("12000.00"),
    }
    # (16,068.97 − 5,000 − 2,700 − 2,000) × 3 % = 191.07
    assert result.tax == D("191.07") and lines["iit"]["amount"] == D("-191.07")
    assert result.net == D("13177.90") == result.gross - result.employee_contributions - result.tax
    assert result.net_in_capitals == "壹万叁仟壹佰柒拾柒元玖角"
    assert sum((line["amount"] for line in result.lines if line["kind"] != "employer_contribution"), D(0)) == result.net
    assert result.anomalies == []


def test_the_next_month_withholds_cumulatively_from_the_stored_year_to_date():
    january = _slip()
    february = _slip(
        month="2026-02",
        attendance=Summary(month="2026-02", late_count=0, leave_days={}, overtime_hours={}),
        before=year_to_date(january.ytd_after, 2026),
        previous_net=january.net,
    )
    assert february.withholding["cumulative_income"] == january.gross + february.gross
    assert january.tax + february.tax == february.withholding["cumulative_tax"]


def test_a_person_without_a_rating_gets_the_default_coefficient_and_says_so():
    lines = _by_code(_slip(rating=RatingIn("cycle1", None)))
    assert lines["performance_pay"]["amount"] == D("3000.00")
    assert "default coefficient" in lines["performance_pay"]["source"]["detail"]


def test_an_adjustment_is_a_line_naming_the_corrected_month():
    result = _slip(adjustments=[AdjustmentIn("adj1", "2025-12", D("300"), True, "加班漏计")])
    line = _by_code(result)["adjustment"]
    assert line["amount"] == D("300.00") and line["source"]["ref"] == "adj1" and "2025-12" in line["source"]["detail"]
    assert result.gross == D("16368.97")


def test_missing_or_unlocked_attendance_and_a_big_change_are_flagged():
    assert "attendance_missing" in _slip(attendance=None).anomalies
    assert "attendance_not_locked" in _slip(attendance=Summary(locked=False)).anomalies
    assert "change_over_30_percent" in _slip(previous_net=D("5000")).anomalies


def test_a_year_end_bonus_follows_the_rating_and_shows_both_taxes():
    # Given a bonus target of 30,000 and rating A (1.2): a bonus of 36,000, taxed separately at 3 % (36,000 ÷ 12)
    structure = StructureIn(**{**STRUCTURE.__dict__, "annual_bonus_target": D("30000")})
    result = _slip(structure=structure, year_end_bonus=True)
    lines = _by_code(result)
    assert lines["year_end_bonus"]["amount"] == D("36000.00") and lines["year_end_bonus"]["source"]["kind"] == "review"
    assert lines["iit_bonus"]["amount"] == D("-1080.00")
    bonus = result.withholding["year_end_bonus"]
    assert bonus["chosen"] == "separate" and bonus["total_tax_separate"] == D("191.07") + D("1080.00")
    assert bonus["total_tax_merged"] > bonus["total_tax_separate"]  # merged into January's wages it costs more here
    assert result.tax == D("1271.07") and result.ytd_after["bonus_separate_used"] is True
    # When the separate rule was already used this year, the bonus is merged (and says why)
    again = _slip(structure=structure, year_end_bonus=True, bonus_used=True)
    assert "iit_bonus" not in _by_code(again)
    assert again.withholding["year_end_bonus"]["separate_unavailable"] == "payroll.bonus_used"
    assert again.tax == again.withholding["year_end_bonus"]["total_tax_merged"]


def test_the_declaration_items_accumulate_by_item_through_the_year():
    # Given January with one child, then February with a child and a rented home
    january = _slip()
    february = _slip(
        month="2026-02",
        declaration=Declaration(children_education=(D("1"),), housing="rent_tier_1"),
        before=year_to_date(january.ytd_after, 2026),
        additional_before=january.ytd_after["additional_items"],
    )
    # Then the 累计 items are the sums by item, and this month's income is what was withheld on
    assert january.ytd_after["additional_items"] == {"child_education": D("2000.00")}
    assert february.ytd_after["additional_items"] == {"child_education": D("4000.00"), "housing_rent": D("1500.00")}
    assert february.withholding["month_income"] == february.gross
    assert february.withholding["month_tax_free"] == D("0")
