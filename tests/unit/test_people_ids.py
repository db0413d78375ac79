"""Resident ID numbers (GB 11643): check digit, birth date, gender, mask; the demo's made-up numbers validate."""

from __future__ import annotations

import random
from datetime import date

import pytest

from chalicelib.people import idnumbers
from local.demo.people import file_for


@pytest.mark.parametrize("number,born,gender", [
    ("11010519491231002X", date(1949, 12, 31), "female"),  # the standard's own example
    ("110105199001011232", date(1990, 1, 1), "male"),  # sequence 123: odd, a man
])
def test_a_valid_number_gives_its_birth_date_and_gender(number, born, gender):
    assert idnumbers.problem(number) == ""
    assert idnumbers.birth_date(number) == born
    assert idnumbers.gender(number) == gender


def test_every_wrong_check_character_is_refused():
    # Given a valid number, When its last character is any other, Then the check digit is refused
    number = "11010519491231002X"
    for other in "0123456789":
        assert idnumbers.problem(number[:17] + other) == "peoplefile.id_check_digit"


@pytest.mark.parametrize("number,code", [
    ("11010519491231002", "peoplefile.id_format"),
    ("11010519491231002x", "peoplefile.id_format"),
    ("1101051949123100AX", "peoplefile.id_format"),
    ("110105194902300020", "peoplefile.id_birth_date"),
])
def test_a_malformed_number_names_what_is_wrong(number, code):
    assert idnumbers.problem(number) == code


def test_the_mask_keeps_the_region_and_the_last_four_only():
    assert idnumbers.mask("11010519491231002X") == "110105********002X"
    assert idnumbers.mask("E12345678") == "E****5678"


def test_the_demo_invents_numbers_that_validate_and_agree_with_nothing_but_themselves():
    rng = random.Random(7)
    numbers = [file_for(rng, {"name": "王芳"})["id_number"] for _ in range(300)]
    assert [n for n in numbers if idnumbers.problem(n)] == []
    assert len(set(numbers)) == len(numbers)
