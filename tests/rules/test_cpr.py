import pytest

from app.rules.cpr import masked, normalise

pytestmark = pytest.mark.engine_independent


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("010190-1234", "0101901234"), ("0101901234", "0101901234"), (" 290200-1111 ", "2902001111")],
)
def test_normalise_accepts_both_written_forms(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw", ["", "123", "320190-1234", "011390-1234", "010190-12345", "abcdefghij", None])
def test_normalise_refuses_what_is_not_a_cpr_number(raw):
    assert normalise(raw) is None


def test_masked_shows_only_the_birth_date():
    assert masked("0101901234") == "010190-XXXX"
