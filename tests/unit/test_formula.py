"""Safe KPI formulas: parse, validate, evaluate."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.indicators.formula import (
    MAX_LENGTH,
    Formula,
    FormulaError,
    evaluate,
    parse,
    validate,
)

# --- parse ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("converted_customers / visitors", {"converted_customers", "visitors"}),
        ("(revenue - cost) / revenue", {"revenue", "cost"}),
        ("1 - overdue_amount / loan_balance", {"overdue_amount", "loan_balance"}),
        ("sum_x * 100", {"sum_x"}),
        ("max(a, b) - min(c, d, e) + abs(f)", {"a", "b", "c", "d", "e", "f"}),
        ("-m1 + +m2", {"m1", "m2"}),
    ],
)
def test_given_a_valid_formula_when_parsed_then_measures_are_the_names_it_uses(text, measures):
    formula = parse(text)

    assert isinstance(formula, Formula)
    assert formula.text == text
    assert formula.measures == frozenset(measures)


def test_given_full_width_operators_when_parsed_then_they_read_as_ascii():
    formula = parse("（revenue－cost）÷revenue×100")

    assert evaluate(formula, {"revenue": 200, "cost": 50}) == Decimal(75)


def test_given_a_function_name_when_parsed_then_it_is_not_a_measure():
    assert parse("max(a, 0)").measures == frozenset({"a"})


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "__import__('os').system('ls')",
        "open('/etc/passwd')",
        "eval('1')",
        "a.__class__",
        "(1).__class__.__bases__",
        "lambda: 1",
        "(lambda x: x)(a)",
        "[c for c in ()]",
        "a[0]",
        "a if b else c",
        "a and b",
        "not a",
        "~a",
        "a := 1",
    ],
)
def test_given_an_injection_attempt_when_parsed_then_it_is_rejected(text):
    with pytest.raises(FormulaError):
        parse(text)


@pytest.mark.parametrize("text", ["9 ** 9 ** 9", "a ** 2", "a // b", "a % b", "a << 2", "a | b"])
def test_given_an_operator_off_the_whitelist_when_parsed_then_it_is_rejected(text):
    with pytest.raises(FormulaError) as caught:
        parse(text)

    assert caught.value.code == "unsupported"


@pytest.mark.parametrize("text", ["a < b", "a == b", "'abc'", "b'x'", "f'{a}'", "True + a", "None", "1j"])
def test_given_comparisons_strings_or_odd_constants_when_parsed_then_they_are_rejected(text):
    with pytest.raises(FormulaError):
        parse(text)


def test_given_a_call_to_another_function_when_parsed_then_the_error_names_it():
    with pytest.raises(FormulaError) as caught:
        parse("round(a)")

    assert "round" in caught.value.message


@pytest.mark.parametrize("text", ["min(a)", "max()", "abs(a, b)", "max(a, key=b)"])
def test_given_allowed_functions_with_wrong_arguments_when_parsed_then_they_are_rejected(text):
    with pytest.raises(FormulaError):
        parse(text)


@pytest.mark.parametrize("text", ["Visitors", "visitorCount", "_hidden", "客户数", "min + 1"])
def test_given_a_measure_name_that_is_not_snake_case_when_parsed_then_it_is_rejected(text):
    with pytest.raises(FormulaError) as caught:
        parse(text)

    assert caught.value.code == "invalid_name"


def test_given_a_syntax_error_when_parsed_then_the_error_has_a_position():
    with pytest.raises(FormulaError) as caught:
        parse("a + * b")

    assert caught.value.code == "syntax"
    assert caught.value.position == 4
    assert caught.value.message_zh == "公式语法错误（第 5 个字符附近）"
    assert caught.value.message == caught.value.message_en == "Syntax error near character 5"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_given_blank_text_when_parsed_then_it_is_rejected_as_empty(text):
    with pytest.raises(FormulaError) as caught:
        parse(text)

    assert caught.value.code == "empty"


def test_given_text_longer_than_the_limit_when_parsed_then_it_is_rejected():
    text = "a + " * (MAX_LENGTH // 4) + "a"

    with pytest.raises(FormulaError) as caught:
        parse(text)

    assert caught.value.code == "too_long"


@pytest.mark.parametrize("text", ["(" * 30 + "a" + ")" * 30, "-" * 30 + "a", "abs(" * 25 + "a" + ")" * 25])
def test_given_deeply_nested_text_when_parsed_then_it_is_rejected(text):
    with pytest.raises(FormulaError) as caught:
        parse(text)

    assert caught.value.code == "too_deep"


def test_given_a_long_flat_sum_within_the_length_limit_when_parsed_then_it_is_accepted():
    text = "+".join(["a"] * 250)

    assert evaluate(text, {"a": 1}) == Decimal(250)


def test_given_text_that_is_not_a_string_when_parsed_then_formula_error_is_raised():
    with pytest.raises(FormulaError):
        parse(42)  # type: ignore[arg-type]


# --- validate -------------------------------------------------------------------------------------


def test_given_a_formula_over_defined_measures_when_validated_then_there_are_no_problems():
    assert validate("(revenue - cost) / revenue * 100", ["revenue", "cost"]) == []


def test_given_an_unknown_measure_when_validated_then_the_problem_names_it():
    problems = validate("converted / visitorz", ["converted", "visitors"])

    assert len(problems) == 1
    assert problems[0].render("en") == "Unknown measure(s): visitorz"


@pytest.mark.parametrize("text", ["x / 0", "x / (1 - 1)", "x / (2 * 0.0)", "x / -0"])
def test_given_division_by_a_constant_zero_when_validated_then_it_is_reported(text):
    problems = validate(text, ["x"])

    assert len(problems) == 1
    assert problems[0].render("zh-CN").startswith("除数恒为零")


def test_given_division_by_a_nonzero_constant_when_validated_then_there_are_no_problems():
    assert validate("x / (1 - 0.5)", ["x"]) == []


def test_given_a_formula_without_measures_when_validated_then_it_is_reported():
    problems = validate("1 + 2", ["x"])

    assert [p.both() for p in problems] == [{"zh-CN": "公式未引用任何指标项", "en": "Formula does not use any measure"}]


def test_given_bad_syntax_when_validated_then_the_syntax_error_is_the_only_problem():
    problems = validate("a +", ["a"])

    assert len(problems) == 1
    assert "Syntax error" in problems[0].render("en")


def test_given_a_disallowed_construct_when_validated_then_it_is_reported_not_raised():
    problems = validate("__import__('os')", [])

    assert len(problems) == 1
    assert "__import__" in problems[0].render("en")


# --- evaluate -------------------------------------------------------------------------------------


def test_given_a_conversion_formula_when_evaluated_then_the_result_is_a_decimal():
    result = evaluate("converted_customers / visitors * 100", {"converted_customers": 8, "visitors": 100})

    assert result == Decimal(8)
    assert isinstance(result, Decimal)


def test_given_float_values_when_evaluated_then_there_is_no_binary_float_noise():
    assert evaluate("a + b", {"a": 0.1, "b": 0.2}) == Decimal("0.3")


def test_given_a_formula_string_when_evaluated_then_it_is_parsed_first():
    result = evaluate("1 - overdue / balance", {"overdue": Decimal(25), "balance": Decimal(1000)})

    assert result == Decimal("0.975")


def test_given_min_max_abs_when_evaluated_then_they_behave_like_python():
    values = {"a": 3, "b": -7}

    assert evaluate("max(a, b) + min(a, b) * 10 + abs(b) * 100", values) == Decimal(3 - 70 + 700)


def test_given_a_missing_value_when_evaluated_then_the_error_names_the_measure():
    with pytest.raises(FormulaError) as caught:
        evaluate("collected / due", {"collected": 10})

    assert caught.value.code == "missing_value"
    assert "due" in caught.value.message


def test_given_a_none_value_when_evaluated_then_it_counts_as_missing():
    with pytest.raises(FormulaError) as caught:
        evaluate("a + b", {"a": 1, "b": None})  # type: ignore[dict-item]

    assert caught.value.code == "missing_value"


@pytest.mark.parametrize("value", ["12", True, float("nan"), float("inf"), Decimal("NaN")])
def test_given_a_value_that_is_not_a_finite_number_when_evaluated_then_it_is_rejected(value):
    with pytest.raises(FormulaError) as caught:
        evaluate("a + 1", {"a": value})

    assert caught.value.code == "invalid_value"


def test_given_a_zero_measure_as_divisor_when_evaluated_then_the_error_names_it():
    with pytest.raises(FormulaError) as caught:
        evaluate("converted / visitors", {"converted": 5, "visitors": 0})

    assert caught.value.code == "division_by_zero"
    assert "visitors" in caught.value.message


def test_given_a_zero_expression_as_divisor_when_evaluated_then_the_error_shows_it_and_its_zero_measures():
    with pytest.raises(FormulaError) as caught:
        evaluate("profit / (revenue - cost) * refunds", {"profit": 1, "revenue": 0, "cost": 0, "refunds": 2})

    assert caught.value.code == "division_by_zero"
    assert "revenue - cost" in caught.value.message
    assert "cost" in caught.value.message_en


def test_given_a_result_beyond_decimal_range_when_evaluated_then_formula_error_is_raised():
    with pytest.raises(FormulaError) as caught:
        evaluate("a * a", {"a": Decimal("1e999999")})

    assert caught.value.code == "overflow"


# --- properties -----------------------------------------------------------------------------------

_amounts = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
)


@given(a=_amounts, b=_amounts)
def test_given_any_two_amounts_when_a_plus_b_is_evaluated_then_it_equals_their_decimal_sum(a, b):
    assert evaluate("a + b", {"a": a, "b": b}) == Decimal(a) + Decimal(b)


@given(text=st.text(max_size=80))
def test_given_any_text_when_parsed_then_only_formula_error_can_be_raised(text):
    with contextlib.suppress(FormulaError):
        parse(text)


@given(
    text=st.lists(
        st.sampled_from([*"ab01 +-*/().,_x", "min", "max", "abs", "**", "__", "1e999", "'"]),
        max_size=40,
    ).map("".join)
)
def test_given_formula_like_text_when_parsed_then_only_formula_error_can_be_raised(text):
    with contextlib.suppress(FormulaError):
        parse(text)
