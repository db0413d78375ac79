"""Chinese resident ID numbers (居民身份证号码, GB 11643-1999): check digit, birth date, gender.

Pure functions, no I/O. The check digit is ISO 7064 MOD 11-2 over the first 17 digits.
"""

from __future__ import annotations

from datetime import date

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_CHECK = "10X98765432"


def check_char(first17: str) -> str:
    """The 18th character for these 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def problem(number: str) -> str:
    """'' when ``number`` is a valid resident ID, else the catalog code of what is wrong."""
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "peoplefile.id_format"
    if check_char(number[:17]) != number[17]:
        return "peoplefile.id_check_digit"
    try:
        born = birth_date(number)
    except ValueError:
        return "peoplefile.id_birth_date"
    if born.year < 1900:
        return "peoplefile.id_birth_date"
    return ""


def birth_date(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender(number: str) -> str:
    """The 17th digit: odd for men, even for women."""
    return "male" if int(number[16]) % 2 else "female"


def mask(number: str) -> str:
    """``110105********002X``: the region code and the last four, nothing of the birth date."""
    if len(number) <= 4:
        return "*" * len(number)
    keep = 6 if len(number) == 18 else 1
    return number[:keep] + "*" * (len(number) - keep - 4) + number[-4:]
