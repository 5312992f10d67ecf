"""Which typed numbers may get a text message: mobile numbers of allowed countries only."""

import pytest

from app.rules.contact import sms_number

pytestmark = pytest.mark.engine_independent

EU = {"DK", "GL", "FO", "DE", "SE", "PL"}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("20 12 34 01", "+4520123401"),
        ("+45 2012-3401", "+4520123401"),
        ("004520123401", "+4520123401"),
        ("٢٠١٢٣٤٠١", "+4520123401"),  # Arabic-Indic digits are digits
        ("+49 151 12345678", "+4915112345678"),
        ("+299 55 12 34", "+299551234"),  # Greenland
    ],
)
def test_spellings_of_a_mobile_number_become_one_e164_number(raw, expected):
    assert sms_number(raw, EU) == (expected, None)


@pytest.mark.parametrize(
    "raw, problem",
    [
        ("12345", "invalid"),
        ("telefon", "invalid"),
        ("+881 6 3123 4567", "country"),  # Iridium satellite
        ("+44 7911 123456", "country"),  # not in the allowed list
        ("+1 201 555 0123", "country"),
        ("90 12 34 56", "not_mobile"),  # Danish premium rate
        ("80 12 34 56", "not_mobile"),  # Danish toll free
        ("+49 30 123456", "not_mobile"),  # a Berlin landline
    ],
)
def test_other_numbers_are_refused_with_the_reason(raw, problem):
    assert sms_number(raw, EU) == (None, problem)
