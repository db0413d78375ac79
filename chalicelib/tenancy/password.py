"""The one password policy: the Cognito user pool's (infra/auth.yaml), checked before Cognito sees it.

The pool is the authority, but a password it refuses after the tenant's records are half written
costs a rollback and shows the user a generic error. So the API checks the same rules first and
names the `password` field. The web app mirrors them in static_site/src/validation.ts; the local
and test pools are created with :data:`POLICY` so moto enforces them too, and
tests/unit/test_password_policy.py fails if this drifts from infra/auth.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.core.errors import input_error
from chalicelib.core.messages import Text, text

# Cognito's own list of "special characters" (a space counts only inside the password):
# https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html
SYMBOLS = frozenset("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
MAX_LENGTH = 128  # ours (Cognito allows 256): long enough for any passphrase manager


@dataclass(frozen=True)
class PasswordPolicy:
    minimum_length: int = 12
    require_lowercase: bool = True
    require_uppercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True
    temporary_password_validity_days: int = 7

    def as_cognito(self) -> dict[str, int | bool]:
        """The ``PasswordPolicy`` block of CreateUserPool / AWS::Cognito::UserPool."""
        return {
            "MinimumLength": self.minimum_length,
            "RequireLowercase": self.require_lowercase,
            "RequireUppercase": self.require_uppercase,
            "RequireNumbers": self.require_numbers,
            "RequireSymbols": self.require_symbols,
            "TemporaryPasswordValidityDays": self.temporary_password_validity_days,
        }


POLICY = PasswordPolicy()

# What each broken rule adds to the message (catalog codes ``password.rule.<rule>``).
_RULE_PARAMS: dict[str, dict[str, int]] = {
    "length": {"length": POLICY.minimum_length},
    "too_long": {"length": MAX_LENGTH},
}


def broken_rules(password: str, policy: PasswordPolicy = POLICY) -> list[str]:
    """The rules ``password`` breaks, in a fixed order; empty when Cognito would accept it.

    Letters and digits are the basic Latin ones, as Cognito counts them.
    """
    broken: list[str] = []
    if len(password) < policy.minimum_length:
        broken.append("length")
    if len(password) > MAX_LENGTH:
        broken.append("too_long")
    if policy.require_lowercase and not any("a" <= c <= "z" for c in password):
        broken.append("lowercase")
    if policy.require_uppercase and not any("A" <= c <= "Z" for c in password):
        broken.append("uppercase")
    if policy.require_numbers and not any("0" <= c <= "9" for c in password):
        broken.append("number")
    if policy.require_symbols and not any(c in SYMBOLS for c in password.strip(" ")):
        broken.append("symbol")
    if password != password.strip():
        broken.append("edges")
    return broken


def describe(broken: list[str]) -> Text:
    """The message for a 400 detail: the whole rule, then what is missing."""
    if not broken:
        return text("password.policy", length=POLICY.minimum_length)
    missing = [text(f"password.rule.{rule}", **_RULE_PARAMS.get(rule, {})) for rule in broken]
    return text("password.policy_not_met", length=POLICY.minimum_length, missing=missing)


def check_password(password: str) -> str:
    """A pydantic field validator: the password unchanged, or a 400 naming ``password``."""
    broken = broken_rules(password)
    if broken:
        message = describe(broken)
        raise input_error(message.code, **message.params)
    return password
