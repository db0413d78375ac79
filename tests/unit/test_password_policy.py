"""One password policy: the API's check is the user pool's (infra/auth.yaml), rule for rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from cfnlint.decode import decode
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.tenancy.password import MAX_LENGTH, POLICY, SYMBOLS, broken_rules, check_password, describe

AUTH_TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "auth.yaml"


def infra_password_policy() -> dict[str, object]:
    template, matches = decode(str(AUTH_TEMPLATE))
    assert not matches, matches
    assert template is not None
    return dict(template["Resources"]["UserPool"]["Properties"]["Policies"]["PasswordPolicy"])


def test_the_api_policy_is_the_user_pool_policy_in_infra() -> None:
    # Given the production pool's PasswordPolicy as deployed
    infra = infra_password_policy()
    # Then the API checks exactly that policy (and creates local/test pools with it)
    assert POLICY.as_cognito() == infra


def test_a_password_meeting_every_rule_passes_unchanged() -> None:
    assert broken_rules("Luodi-Test-2026") == []
    assert check_password("Luodi-Test-2026") == "Luodi-Test-2026"


@pytest.mark.parametrize(("password", "broken"), [
    ("", ["length", "lowercase", "uppercase", "number", "symbol"]),
    ("Abcdefg-123", ["length"]),
    ("ABCDEFG-1234", ["lowercase"]),
    ("abcdefg-1234", ["uppercase"]),
    ("Abcdefg-hijk", ["number"]),
    ("Abcdefgh1234", ["symbol"]),
    ("Abcdefgh1234€", ["symbol"]),  # not one of Cognito's special characters
    ("ÀBCDÉFGH-1234", ["lowercase"]),  # Cognito counts basic Latin letters only
    (" Abcdefg-1234", ["edges"]),
    ("Abcdefgh1234 ", ["symbol", "edges"]),  # a space counts as a symbol only inside
    ("Abcdefgh 1234", []),
    ("Aa1-" + "x" * (MAX_LENGTH - 3), ["too_long"]),
])
def test_each_broken_rule_is_named(password: str, broken: list[str]) -> None:
    assert broken_rules(password) == broken


def test_the_message_says_the_rule_and_what_is_missing_in_both_languages() -> None:
    message = describe(["symbol"])
    assert message.render("zh-CN") == "密码至少 12 位，须含大写字母、小写字母、数字和符号（不符：符号（如 - ! @ #））"
    assert message.render("en").endswith("(not met: a symbol (such as - ! @ #))")


@given(st.text(alphabet="aA1-", min_size=POLICY.minimum_length, max_size=40))
def test_any_password_with_every_class_and_enough_length_passes(body: str) -> None:
    password = "aA1-" + body
    assert broken_rules(password) == []


def test_every_symbol_counts_as_one() -> None:
    for symbol in SYMBOLS - {" "}:
        assert broken_rules(f"Abcdefgh123{symbol}") == []
