"""Every SMS text, in every language, fits in two segments (three with a one-tap link) and
carries no sensitive data."""

import pytest

from app import create_app
from app.notifications.texts import render
from app.rules.sms import NAME_ROOM, segments
from tests.notifications.declared import PURPOSES
from tests.pages import LANGUAGES

pytestmark = pytest.mark.engine_independent

# The longest values each placeholder can take.
WORST_CASE = {
    "code": "999999",
    "date": "30.11.2026",
    "phone": "+45 70 12 34 56",
    "url": "https://borgerportal.example.dk",
    "valid_until": "30.11.2026",
    "start": "30.11.2026",
    "link": "https://borgerportal.example.dk/j/1ekf-fv7j.Mw5y0vVGOCyyy6rDPpJBV3AXv5A",
    "time": "30.11.2026 23:59",
    "clock": "23:59",
    "reference": "JS-0123456",
    "yes": "ТАК",
    "helper": "Anna-Sofie Kristensen-Mortensens",
    "citizen": "Mohammad Abdulrahman Al-Hassanii",
    "digits": "3499",
}
assert all(len(WORST_CASE[name]) == NAME_ROOM for name in ("helper", "citizen"))  # short_name's limit
SMS_PURPOSES = sorted(name for name, purpose in PURPOSES.items() if purpose.text.sms is not None)


@pytest.fixture(scope="module")
def texts_app():
    """Rendering a text reads and writes no database: one app serves the hundreds of cases here
    (an app and a database of its own for each took most of this module's time)."""
    app = create_app("testing")
    with app.app_context():
        yield app


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("purpose", SMS_PURPOSES)
def test_sms_fits_in_two_segments(texts_app, purpose, lang):
    subject, body = render(purpose, "sms", lang, WORST_CASE)
    assert subject == ""
    limit = 3 if WORST_CASE["link"] in body else 2  # a link takes a third of the room
    assert segments(body) <= limit, f"{purpose} in {lang} is {segments(body)} segments: {body!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("purpose", sorted(PURPOSES))
def test_texts_are_rendered_in_the_recipients_language(texts_app, purpose, lang):
    english = render(purpose, "email", "en", WORST_CASE)
    translated = render(purpose, "email", lang, WORST_CASE)
    assert all(translated)
    assert (translated != english) == (lang != "en")


UNNAMED = sorted(name for name, purpose in PURPOSES.items() if purpose.text.unnamed is not None)
WITHOUT_NAME = {key: value for key, value in WORST_CASE.items() if key != "helper"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("purpose", UNNAMED)
def test_a_helper_nobody_named_is_named_by_the_phones_last_digits(texts_app, purpose, lang):
    """The texts for a helper who named themselves: the phone's last digits instead of a name."""
    _, sms = render(purpose, "sms", lang, WITHOUT_NAME)
    subject, email = render(purpose, "email", lang, WITHOUT_NAME)
    assert "3499" in sms and "3499" in email and subject
    assert segments(sms) <= 3, f"{purpose} in {lang} is {segments(sms)} segments: {sms!r}"
    assert sms != render(purpose, "sms", lang, WORST_CASE)[1]
