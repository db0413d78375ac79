"""Amounts in Chinese capital numerals, checked on the 支付结算办法's own examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.core.errors import Invalid
from chalicelib.payroll.capitals import in_capitals


@pytest.mark.parametrize(("amount", "capitals"), [
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
    ("107000.53", "壹拾万柒仟元零伍角叁分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
])
def test_the_published_examples(amount, capitals):
    assert in_capitals(Decimal(amount)) == capitals


@pytest.mark.parametrize(("amount", "capitals"), [
    ("0", "零元整"),
    ("0.05", "伍分"),
    ("10", "壹拾元整"),
    ("10010", "壹万零壹拾元整"),
    ("100010001", "壹亿零壹万零壹元整"),
    ("1000000005.60", "壹拾亿零伍元陆角"),
    ("-12.30", "负壹拾贰元叁角"),
    ("12345.675", "壹万贰仟叁佰肆拾伍元陆角捌分"),
])
def test_zeros_tens_rounding_and_sign(amount, capitals):
    assert in_capitals(Decimal(amount)) == capitals


def test_an_amount_beyond_wan_yi_is_refused():
    with pytest.raises(Invalid):
        in_capitals(Decimal("1e16"))
