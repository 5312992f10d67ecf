import pytest

from app.rules.sms import segments

pytestmark = pytest.mark.engine_independent


def test_plain_danish_text_is_gsm7():
    assert segments("Æ" * 160) == 1
    assert segments("a" * 161) == 2
    assert segments("a" * 306) == 2
    assert segments("a" * 307) == 3


def test_extended_characters_count_twice():
    assert segments("€" * 80) == 1
    assert segments("€" * 81) == 2


def test_arabic_and_ukrainian_are_ucs2():
    assert segments("ب" * 70) == 1
    assert segments("ب" * 71) == 2
    assert segments("ї" * 134) == 2
    assert segments("ї" * 135) == 3
