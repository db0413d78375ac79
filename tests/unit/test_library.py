"""The built-in industry indicator library (JSON data + loader)."""

from __future__ import annotations

import re

import pytest

from chalicelib.indicators.formula import evaluate, parse, validate
from chalicelib.indicators.library import (
    CATEGORIES,
    DIRECTIONS,
    FREQUENCIES,
    UNITS,
    categories,
    get_template,
    load_library,
)

LIBRARY = load_library()
CODE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\Z")
HAN = re.compile(r"[\u4e00-\u9fff]")


def by_code(template):
    return template["code"]


each_template = pytest.mark.parametrize("template", LIBRARY, ids=by_code)


def test_given_the_library_when_loaded_then_it_has_at_least_48_templates():
    assert len(LIBRARY) >= 48


def test_given_the_library_when_loaded_then_at_least_40_templates_are_distinct():
    assert len({template["name"]["zh-CN"] for template in LIBRARY}) >= 40
    assert len({template["formula"] for template in LIBRARY}) >= 40


def test_given_the_library_when_loaded_then_every_category_is_present():
    assert {template["category"] for template in LIBRARY} == set(CATEGORIES)
    assert categories() == list(CATEGORIES)


def test_given_the_library_when_loaded_then_finance_templates_come_first():
    assert LIBRARY[0]["industry"] == "finance"


def test_given_the_library_when_loaded_then_codes_are_unique():
    codes = [template["code"] for template in LIBRARY]

    assert len(codes) == len(set(codes))


@each_template
def test_given_a_template_then_its_code_is_upper_snake_case(template):
    assert CODE.match(template["code"])


@each_template
def test_given_a_template_then_its_formula_validates_against_its_own_measures(template):
    keys = [measure["key"] for measure in template["measures"]]

    assert validate(template["formula"], keys) == []


@each_template
def test_given_a_template_then_it_declares_exactly_the_measures_its_formula_uses(template):
    keys = [measure["key"] for measure in template["measures"]]

    assert len(keys) == len(set(keys))
    assert parse(template["formula"]).measures == frozenset(keys)


@each_template
def test_given_a_template_then_names_and_definitions_exist_in_both_languages(template):
    for field in ("name", "definition"):
        assert HAN.search(template[field]["zh-CN"]), field
        assert template[field]["en"].isascii() and template[field]["en"].strip(), field


@each_template
def test_given_a_template_then_each_measure_is_named_in_both_languages_with_a_known_unit(template):
    for measure in template["measures"]:
        assert HAN.search(measure["name"]["zh-CN"]), measure["key"]
        assert measure["name"]["en"].strip(), measure["key"]
        assert measure["unit"] in UNITS, measure["key"]


@each_template
def test_given_a_template_then_category_unit_direction_and_frequency_are_in_the_allowed_sets(template):
    assert template["category"] in CATEGORIES
    assert template["unit"] in UNITS
    assert template["direction"] in DIRECTIONS
    assert template["frequency"] in FREQUENCIES


@each_template
def test_given_a_template_then_it_suggests_a_data_source_in_both_languages(template):
    source = template["suggested_data_source"]

    for part in ("unit", "system"):
        assert HAN.search(source[part]["zh-CN"]), part
        assert source[part]["en"].strip(), part


@each_template
def test_given_a_template_then_its_target_and_threshold_agree_with_its_direction(template):
    target = template["suggested_target"]
    threshold = template["suggested_threshold"]

    if template["direction"] == "higher_is_better":
        assert threshold <= target
    elif template["direction"] == "lower_is_better":
        assert threshold >= target
    else:
        assert threshold is None


@pytest.mark.parametrize("template", [t for t in LIBRARY if t["direction"] == "target_band"], ids=by_code)
def test_given_a_band_template_then_its_band_contains_the_target(template):
    band = template["suggested_band"]

    assert band["low"] < band["high"]
    assert band["low"] <= template["suggested_target"] <= band["high"]


def test_given_the_library_then_some_templates_are_managed_within_a_band():
    assert any(template["direction"] == "target_band" for template in LIBRARY)


@pytest.mark.parametrize("template", [t for t in LIBRARY if t["unit"] == "percent"], ids=by_code)
def test_given_a_percent_template_then_its_suggested_values_are_on_a_0_to_100_plus_scale(template):
    # Convention: percent formulas yield percentage points (x 100), so 8 means 8 %, not 800 %.
    values = [template["suggested_target"], template["suggested_threshold"]]
    values += list(template.get("suggested_band", {}).values())

    assert all(0 <= value <= 200 for value in values if value is not None)
    assert "100" in template["formula"]


def test_given_a_known_code_when_fetched_then_the_template_is_returned():
    template = get_template("SALES_CONVERSION_RATE")

    assert template is not None
    assert template["name"]["zh-CN"] == "客户转化率"
    assert template["unit"] == "percent"


def test_given_an_unknown_code_when_fetched_then_none_is_returned():
    assert get_template("NO_SUCH_TEMPLATE") is None


def test_given_a_caller_changes_a_loaded_template_when_loading_again_then_the_library_is_unchanged():
    mine = load_library()
    mine[0]["name"]["zh-CN"] = "changed"
    fetched = get_template(mine[0]["code"])
    fetched["measures"].clear()

    assert load_library()[0]["name"]["zh-CN"] != "changed"
    assert get_template(mine[0]["code"])["measures"]


@each_template
def test_given_a_template_with_every_measure_at_ten_when_evaluated_then_it_yields_a_number(template):
    values = {measure["key"]: 10 for measure in template["measures"]}

    assert evaluate(template["formula"], values).is_finite()
