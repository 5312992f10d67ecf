import pytest

from app.rules.claims import AmountNotUnderstood, ClaimSettings, invoice_key, needs_manager, parse_amount

pytestmark = pytest.mark.engine_independent


@pytest.mark.parametrize(
    "typed, ore",
    [
        ("1234", 123400),
        ("1.234,50", 123450),
        ("1234,5", 123450),
        ("1 234 kr.", 123400),
        ("kr. 99,95", 9995),
        ("12.50", 1250),
        ("1.234", 123400),
        ("123.456", 12345600),
        ("٣٠٠", 30000),  # Arabic-Indic digits from an Arabic keyboard
        ("250,-", 25000),
        ("DKK 0,01", 1),
    ],
)
def test_amounts_are_read_as_people_write_them(typed, ore):
    assert parse_amount(typed) == ore


@pytest.mark.parametrize(
    "typed", ["", "abc", "0", "-5", "1,234,5", "12,345", "1.2345", "2000000", "1e3", "1.234.567"]
)
def test_amounts_that_are_not_understood_are_refused(typed):
    with pytest.raises(AmountNotUnderstood):
        parse_amount(typed)


def test_the_manager_approves_above_the_limit_only():
    settings = ClaimSettings()
    assert not needs_manager(100000, settings)  # exactly 1,000 kr
    assert needs_manager(100001, settings)
    assert not needs_manager(150000, ClaimSettings.from_settings({"claims": {"approval_limit_kr": 2000}}))


def test_the_same_invoice_whatever_the_spelling():
    assert invoice_key(" Bauhaus  Rødovre", "FA-2026/001", 5000) == invoice_key(
        "bauhaus rødovre", "fa 2026001", 5000
    )
    assert invoice_key("Bauhaus", "1", 5000) != invoice_key("Bauhaus", "1", 5001)


@pytest.mark.parametrize(
    "typed, decimal_sign, ore",
    [
        ("1,234.50", ".", 123450),  # English and Arabic
        ("1,234", ".", 123400),
        ("1234.5", ".", 123450),
        ("12,50", ".", 1250),  # one sign before two digits is a decimal sign in any language
        ("1.234,50", ".", 123450),  # both signs in the Danish order: unmistakable
        ("١٬٢٣٤٫٥٠", ".", 123450),  # Arabic-Indic digits with the Arabic signs
        ("١٢٣٤٫٥", ".", 123450),
        ("٣٠٠ kr.", ".", 30000),
        ("۱۲۳۴", ".", 123400),  # Persian digits
        ("1.234,50", ",", 123450),  # Danish and Ukrainian
        ("1 234,50", ",", 123450),  # Ukrainian spacing (a no-break space)
        ("1.234", ",", 123400),
        ("1,234.50", ",", 123450),  # both signs in the English order
        ("١٬٢٣٤٫٥٠", ",", 123450),
    ],
)
def test_amounts_are_read_as_the_active_language_writes_them(typed, decimal_sign, ore):
    assert parse_amount(typed, decimal_sign) == ore


@pytest.mark.parametrize(
    "typed, decimal_sign",
    [
        ("1.234", "."),  # English: 1.234 kr. has three decimals; 1234 kr. is written 1,234
        ("1,234", ","),  # Danish: 1,234 is not 1234 kr.
        ("1,234,50", "."),
        ("1.234.50", ","),
        ("1,23,456", "."),
        ("1,2,3", "."),
    ],
)
def test_ambiguous_amounts_are_refused_rather_than_guessed(typed, decimal_sign):
    with pytest.raises(AmountNotUnderstood):
        parse_amount(typed, decimal_sign)
