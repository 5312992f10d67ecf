"""Digits of every script become ASCII before a CPR number, code or phone number is used."""

import pytest

from app.rules.contact import normalise_phone
from app.rules.cpr import normalise
from app.rules.digits import ascii_digits
from app.rules.login import code_matches, hash_code, shown, typed_code

pytestmark = pytest.mark.engine_independent

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
FULL_WIDTH = "０１２３４５６７８９"
DEVANAGARI = "०१२३४५६७८९"


@pytest.mark.parametrize("digits", [ARABIC_INDIC, PERSIAN, FULL_WIDTH, DEVANAGARI, "0123456789"])
def test_every_scripts_digits_become_ascii(digits):
    assert ascii_digits(digits) == "0123456789"


def test_dashes_become_hyphens_and_direction_marks_disappear():
    assert ascii_digits("\u200f٠٢٠٢٨٥\u2013١٢٣٤\u200e") == "020285-1234"
    assert ascii_digits("020285\uff0d1234") == "020285-1234"  # full-width hyphen
    assert ascii_digits("²½ and letters") == "²½ and letters", "only decimal digits are digits"
    assert ascii_digits(None) == ""


@pytest.mark.parametrize("raw", ["٠٢٠٢٨٥-١٢٣٤", "۰۲۰۲۸۵۱۲۳۴", "０２０２８５－１２３４", "\u200f٠٢٠٢٨٥-١٢٣٤"])
def test_a_cpr_number_in_any_script_is_the_ascii_number(raw):
    assert normalise(raw) == "0202851234"


def test_a_cpr_number_with_other_digit_like_signs_is_refused():
    assert normalise("02028５-123²") is None


def test_a_phone_number_in_any_script_is_stored_as_e164():
    assert normalise_phone("٢٠ ١٢ ٣٤ ٠١") == "+4520123401"
    assert normalise_phone("+٤٥ ۲۰۱۲۳۴۰۱") == "+4520123401"


def test_a_typed_code_in_any_script_matches():
    stored = hash_code("708410", "secret")
    for typed in ("٧٠٨٤١٠", "۷۰۸۴۱۰", "７０８４１０", " 708 410 ", "708-410"):
        assert typed_code(typed) == "708410"
        assert code_matches(typed, stored, "secret")
    assert not code_matches("708411", stored, "secret")


def test_a_long_code_is_shown_in_two_groups_and_typed_either_way():
    assert shown("1234567890") == "12345 67890" and shown("123456") == "123456"
    stored = hash_code("1234567890", "secret")
    assert code_matches("12345 67890", stored, "secret") and code_matches("١٢٣٤٥٦٧٨٩٠", stored, "secret")
