"""Amounts in Chinese capital numerals (大写金额) for printed payslips and transfer forms.

Follows the writing rules of the 支付结算办法 (中国人民银行, 附件一《正确填写票据和结算凭证的基本规定》):
a zero between digits is written 零, and a run of zeros once; 拾 is always preceded by its digit
(壹拾); an amount ending at the yuan is followed by 整; nothing follows 角 or 分; when the yuan
digit is 0 and the jiao is not, 零 is written after 元 (the first form the rules allow).
"""

from __future__ import annotations

from decimal import Decimal

from chalicelib.core.errors import Invalid
from chalicelib.payroll.money import to_fen

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("仟", "佰", "拾", "")
LIMIT = Decimal("10") ** 16
WAN, YI = 10**4, 10**8


def _group(n: int) -> str:
    """0 < n < 10,000, zeros inside collapsed to one 零 and none at the end."""
    out, pending_zero = "", False
    for digit, place in zip(str(n).rjust(4, "0"), PLACES, strict=True):
        if digit == "0":
            pending_zero = bool(out)
            continue
        out += ("零" if pending_zero else "") + DIGITS[int(digit)] + place
        pending_zero = False
    return out


def _below_yi(n: int) -> str:
    high, low = divmod(n, WAN)
    out = _group(high) + "万" if high else ""
    if low:
        out += ("零" if high and low < 1000 else "") + _group(low)
    return out


def _yuan(n: int) -> str:
    high, low = divmod(n, YI)
    if not high:
        return _below_yi(n)
    out = _below_yi(high) + "亿"
    if low:
        out += ("零" if low < 10**7 else "") + _below_yi(low)
    return out


def in_capitals(amount: Decimal) -> str:
    """``Decimal("1409.50")`` → ``壹仟肆佰零玖元伍角``; ``Decimal("0")`` → ``零元整``."""
    value = to_fen(amount)
    sign = "负" if value < 0 else ""
    value = abs(value)
    if value >= LIMIT:
        raise Invalid.field("amount", "payroll.amount_too_large")
    fen_total = int(value * 100)
    whole, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    out = _yuan(whole) + "元" if whole else ""
    if not jiao and not fen:
        return sign + out + "整"
    if jiao:
        out += ("零" if whole and whole % 10 == 0 else "") + DIGITS[jiao] + "角"
    elif whole:
        out += "零"
    if fen:
        out += DIGITS[fen] + "分"
    return sign + out
