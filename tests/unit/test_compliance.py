"""The compliance check, rule by rule (pure: no AWS)."""

from __future__ import annotations

from typing import Any

from chalicelib.indicators import compliance
from chalicelib.indicators.schemas import DataSource, Indicator, IndicatorSet, Measure

MEASURES = [Measure(key="converted_customers"), Measure(key="qualified_leads")]


def indicator(**overrides: Any) -> Indicator:
    """A compliant 客户转化率 (target 10 %, threshold 6, stretch 12, weight 100)."""
    fields: dict[str, Any] = dict(
        indicator_id="i1", name="客户转化率", formula="converted_customers / qualified_leads * 100",
        measures=MEASURES, unit="percent", direction="higher_is_better", target=10, threshold=6, stretch=12,
        weight=100, goal_id="g1", data_source=DataSource(unit_id="u-sales", system="CRM", owner_person_id="p1"),
    )
    fields.update(overrides)
    return Indicator(**fields)


def a_set(*indicators: Indicator, person_ids: tuple[str, ...] = ("p9",), set_id: str = "s1",
          period: str = "2026") -> IndicatorSet:
    return IndicatorSet(set_id=set_id, period=period, unit_id="u-sales", person_ids=list(person_ids),
                        indicators=list(indicators))


GOALS = compliance.Context(goals={"g1": "active"})


def rules(findings: list[compliance.Finding], severity: str = "error") -> set[tuple[str, str]]:
    return {(f.rule, f.field) for f in findings if f.severity == severity}


def test_a_compliant_set_has_no_findings():
    assert compliance.check(a_set(indicator()), GOALS) == []


def test_an_empty_set_is_not_measurable():
    assert rules(compliance.check(a_set(), GOALS)) == {("measurable", "indicators")}


def test_no_formula_is_not_measurable():
    assert rules(compliance.check(a_set(indicator(formula=None)), GOALS)) == {("measurable", "formula")}


def test_a_formula_over_undefined_measures_is_not_measurable():
    findings = compliance.check(a_set(indicator(formula="converted / qualified_leads * 100")), GOALS)
    assert rules(findings) == {("measurable", "formula")}
    assert findings[0].code == "formula.unknown_measures"
    assert findings[0].message == {"zh-CN": "未定义的指标项：converted", "en": "Unknown measure(s): converted"}


def test_no_target_is_not_measurable():
    assert rules(compliance.check(a_set(indicator(target=None, stretch=None)), GOALS)) == {("measurable", "target")}


def test_a_band_indicator_needs_its_band():
    findings = compliance.check(a_set(indicator(direction="target_band", target=8000, threshold=1000,
                                                stretch=None)), GOALS)
    assert ("measurable", "band_low") in rules(findings)


def test_a_band_indicator_with_its_band_is_fine():
    ok = indicator(direction="target_band", target=8000, threshold=1000, stretch=None, band_low=5000, band_high=12000)
    assert compliance.check(a_set(ok), GOALS) == []


def test_no_data_source_and_no_owner_are_two_findings():
    findings = compliance.check(a_set(indicator(data_source=DataSource())), GOALS)
    assert rules(findings) == {("data_source", "data_source"), ("data_source", "data_source.owner_person_id")}


def test_a_system_without_an_accountable_owner_is_a_finding():
    findings = compliance.check(a_set(indicator(data_source=DataSource(system="CRM"))), GOALS)
    assert rules(findings) == {("data_source", "data_source.owner_person_id")}


def test_no_goal_link_is_a_warning_not_an_error():
    findings = compliance.check(a_set(indicator(goal_id=None)), GOALS)
    assert rules(findings) == set()
    assert rules(findings, "warning") == {("goal_link", "goal_id")}
    assert compliance.blocking(findings) == []


def test_a_link_to_a_goal_that_is_gone_is_an_error():
    findings = compliance.check(a_set(indicator(goal_id="gone")), GOALS)
    assert rules(findings) == {("goal_link", "goal_id")}


def test_a_link_to_a_dropped_goal_is_a_warning():
    findings = compliance.check(a_set(indicator()), compliance.Context(goals={"g1": "dropped"}))
    assert rules(findings, "warning") == {("goal_link", "goal_id")}


def test_weights_of_90_are_a_set_level_error():
    findings = compliance.check(a_set(indicator(weight=50), indicator(indicator_id="i2", name="回款率",
                                                                       formula="collected / due * 100",
                                                                       measures=[Measure(key="collected"),
                                                                                 Measure(key="due")],
                                                                       weight=40)), GOALS)
    weights = [f for f in findings if f.rule == "weights"]
    assert len(weights) == 1 and weights[0].indicator_id is None and "90" in weights[0].message["zh-CN"]


def test_weights_may_be_fractional_if_they_add_up():
    a = indicator(weight=33.3)
    b = indicator(indicator_id="i2", name="回款率", formula="collected / due * 100", template_code=None,
                  measures=[Measure(key="collected"), Measure(key="due")], weight=33.3)
    c = indicator(indicator_id="i3", name="逾期率", formula="overdue / due * 100", direction="lower_is_better",
                  target=2, threshold=3, stretch=1, measures=[Measure(key="overdue"), Measure(key="due")],
                  weight=33.4)
    assert [f for f in compliance.check(a_set(a, b, c), GOALS) if f.rule == "weights"] == []


def test_an_indicator_weighing_zero_is_an_error():
    findings = compliance.check(a_set(indicator(weight=100), indicator(indicator_id="i2", name="回款率", weight=0,
                                                                        formula="x", measures=[Measure(key="x")])),
                                GOALS)
    assert ("weights", "weight") in rules(findings)


def test_higher_is_better_with_threshold_above_target_is_inconsistent():
    findings = compliance.check(a_set(indicator(threshold=12, stretch=None)), GOALS)
    assert rules(findings) == {("direction", "threshold")}


def test_lower_is_better_with_stretch_above_target_is_inconsistent():
    findings = compliance.check(a_set(indicator(direction="lower_is_better", target=2, threshold=3, stretch=4)),
                                GOALS)
    assert rules(findings) == {("direction", "stretch")}


def test_no_threshold_cannot_be_scored():
    assert rules(compliance.check(a_set(indicator(threshold=None)), GOALS)) == {("direction", "threshold")}


def test_the_same_indicator_twice_in_a_set_is_a_duplicate():
    findings = compliance.check(a_set(indicator(weight=50), indicator(indicator_id="i2", weight=50)), GOALS)
    dupes = [f for f in findings if f.rule == "duplicate"]
    assert [f.indicator_id for f in dupes] == ["i2"]


def test_same_formula_under_another_name_is_a_duplicate():
    twin = indicator(indicator_id="i2", name="转化率（线上）", weight=50,
                     formula="converted_customers/qualified_leads*100")
    findings = compliance.check(a_set(indicator(weight=50), twin), GOALS)
    assert ("duplicate", "name") in rules(findings)


def test_an_indicator_another_set_already_gives_the_same_person_is_a_duplicate():
    other = a_set(indicator(indicator_id="x1"), set_id="s2", person_ids=("p9", "p10"))
    findings = compliance.check(a_set(indicator()), compliance.Context(goals={"g1": "active"}, other_sets=(other,)))
    assert rules(findings) == {("duplicate", "name")}


def test_another_set_for_other_people_or_another_period_is_no_duplicate():
    others = (a_set(indicator(indicator_id="x1"), set_id="s2", person_ids=("p10",)),
              a_set(indicator(indicator_id="x2"), set_id="s3", period="2027"))
    assert compliance.check(a_set(indicator()), compliance.Context(goals={"g1": "active"}, other_sets=others)) == []


def test_findings_carry_their_code_and_both_languages():
    findings = compliance.check(a_set(indicator(data_source=DataSource())), GOALS)
    assert findings and all(f.code.startswith("finding.") for f in findings)
    expected = {"zh-CN": "“客户转化率”没有数据来源", "en": "'客户转化率' has no data source"}
    assert expected in [f.message for f in findings]


def test_a_finding_stored_before_codes_reads_as_both_languages():
    # Given a finding stored as one "中文 / English" string (sets saved before 2026-12-06)
    stored = {"rule": "weights", "severity": "error", "field": "weight", "message": "权重合计为 90，应为 100 / weights "
              "add up to 90, not 100"}
    # When it is read, Then its message has both languages apart
    assert compliance.Finding.model_validate(stored).message == {"zh-CN": "权重合计为 90，应为 100",
                                                                  "en": "weights add up to 90, not 100"}
