"""Language choice order: ?lang= -> session -> signed-in user -> Accept-Language -> Danish."""

import html
import re
from datetime import UTC, date, datetime

import pytest
from flask import render_template_string
from flask_babel import Domain, force_locale, format_date, format_time

from app.access import public
from app.auth.session_timeout import start_session
from app.i18n import format_hours
from tests.factories import make_citizen


def html_lang_dir(response) -> tuple[str, str]:
    match = re.search(r'<html lang="([a-z]+)" dir="(ltr|rtl)">', response.get_data(as_text=True))
    assert match, "the page has no <html lang dir>"
    return match.group(1), match.group(2)


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_danish_is_the_default(client):
    assert html_lang_dir(client.get("/")) == ("da", "ltr")


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_accept_language_is_used_when_nothing_else_is_chosen(client):
    response = client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert html_lang_dir(response) == ("uk", "ltr")


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_query_parameter_wins_and_is_remembered_in_the_session(client):
    response = client.get("/?lang=ar", headers={"Accept-Language": "en"})
    assert html_lang_dir(response) == ("ar", "rtl")
    assert html_lang_dir(client.get("/", headers={"Accept-Language": "en"})) == ("ar", "rtl")


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_unknown_language_falls_back_instead_of_failing(client):
    assert html_lang_dir(client.get("/?lang=xx")) == ("da", "ltr")


def test_signed_in_users_stored_language_comes_before_accept_language(app):
    citizen = make_citizen(language="uk")

    @app.get("/test-login")
    @public
    def test_login():
        start_session(citizen)  # as the login pages do: with a session on the server
        return "ok"

    client = app.test_client()
    client.get("/test-login")
    assert html_lang_dir(client.get("/", headers={"Accept-Language": "en"})) == ("uk", "ltr")
    # An explicit choice in this session still wins over the stored language.
    assert html_lang_dir(client.get("/?lang=en")) == ("en", "ltr")


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
@pytest.mark.parametrize(
    ("lang", "heading"),
    [("da", "Din side hos jobcentret"), ("en", "Your page at the jobcenter")],
)
def test_pages_are_translated(client, lang, heading):
    assert heading in client.get(f"/?lang={lang}").get_data(as_text=True)


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_language_switcher_names_each_language_in_its_own_script_and_keeps_the_page(client):
    page = client.get("/tilgaengelighed?lang=en&x=1").get_data(as_text=True)
    for code, name in [("da", "Dansk"), ("en", "English"), ("ar", "العربية"), ("uk", "Українська")]:
        assert f'href="/tilgaengelighed?lang={code}&amp;x=1" lang="{code}" hreflang="{code}"' in page
        assert f">{name}</a>" in page
    assert 'lang="en" hreflang="en"\n               aria-current="true"' in page


LANGUAGE_LINK = re.compile(r'<a href="([^"]*)" lang="([a-z]+)" hreflang="')


def language_hrefs(response) -> dict[str, str]:
    page = response.get_data(as_text=True)
    return {code: html.unescape(href) for href, code in LANGUAGE_LINK.findall(page)}


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
@pytest.mark.parametrize(
    "path",
    ["/%5Cevil.example/", "/%5C%5Cevil.example/x", "/%09/evil.example/", "/%2F%2Fevil.example"],
)
def test_language_links_on_a_page_that_does_not_exist_go_to_the_front_page(client, path):
    """`/%5Cevil.example/` used to give links to `/\\evil.example/?lang=en`, which browsers read
    as another site (and a tab in a link is dropped, so `/\\t/evil.example` became `//evil.example`)."""
    response = client.get(path + "?lang=en&x=1")
    assert response.status_code == 404
    hrefs = language_hrefs(response)
    assert hrefs == {code: f"/?lang={code}" for code in ("da", "en", "ar", "uk")}


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_language_links_are_built_from_the_route_with_its_arguments(app, client):
    @app.get("/test-things/<int:thing_id>")
    @public
    def test_thing(thing_id):
        from flask import render_template_string

        return render_template_string("{% extends 'base.html' %}{% block title %}x{% endblock %}")

    hrefs = language_hrefs(client.get("/test-things/7?lang=en&x=%2F%2Fevil"))
    assert hrefs["ar"] == "/test-things/7?lang=ar&x=%2F%2Fevil"


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_language_links_of_a_form_that_failed_go_to_the_front_page(client):
    """A POST-only address answered with an error page has no page to switch language on."""
    response = client.post("/log-ud")  # no CSRF token: the 400 page
    assert response.status_code == 400
    assert language_hrefs(response)["en"] == "/?lang=en"


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_hours_are_written_as_each_language_writes_numbers(app):
    with app.test_request_context(), force_locale("da"):
        assert (format_hours(12.0), format_hours(7.5)) == ("12", "7,5")
    with app.test_request_context(), force_locale("en"):
        assert format_hours(7.5) == "7.5"


TRANSLATED = (
    '{{ _("See the meeting") }}|{% trans %}See the meeting{% endtrans %}|'
    '{{ ngettext("%(num)d meeting", "%(num)d meetings", 3) }}|{{ _("Hello %(name)s", name="<b>") }}'
)


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_templates_translate_in_the_language_of_each_render(app):
    with app.test_request_context("/?lang=da"):
        danish = render_template_string(TRANSLATED)
        with force_locale("uk"):
            ukrainian = render_template_string(TRANSLATED)
    assert danish.split("|") == ["Se samtalen", "Se samtalen", "3 samtaler", "Hej &lt;b&gt;"]
    assert ukrainian.split("|")[:2] == ["Переглянути зустріч"] * 2


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_a_render_looks_the_catalogue_up_once_not_for_every_text(app, monkeypatch):
    """Flask-Babel's Jinja gettext looked it up (through `g` and the locale) for every text: a
    tenth of the front page's CPU."""
    lookups = []
    original = Domain.get_translations

    def counted(domain):
        lookups.append(domain)
        return original(domain)

    monkeypatch.setattr(Domain, "get_translations", counted)
    with app.test_request_context("/?lang=ar"):
        page = render_template_string(TRANSLATED * 10)
    assert page.startswith("اعرض الموعد|اعرض الموعد|")
    assert len(lookups) <= 2


DATES = (
    '{{ format_date(day, "long") }}|{{ format_date(moment, "full") }}|{{ format_date(naive, "short") }}|'
    '{{ format_time(moment, "short") }}|{{ format_time(moment, "HH:mm") }}|{{ format_long_date(day) }}|'
    "{{ format_date(moment) }}|{{ format_time(naive) }}"
)


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
@pytest.mark.parametrize("language", ["da", "en", "ar", "uk"])
def test_templates_write_dates_as_flask_babel_does_in_each_language(app, language):
    """The page's date and time formatting is bound once per render (app/i18n.template_dates),
    with the locale's patterns parsed once per process; the text is Flask-Babel's, the time in
    Danish time (23:30 UTC on 31 March is 1 April in Copenhagen)."""
    values = {
        "day": date(2026, 3, 31),
        "moment": datetime(2026, 3, 31, 23, 30, tzinfo=UTC),
        "naive": datetime(2026, 12, 31, 23, 30),  # stored naive: UTC
    }
    with app.test_request_context(f"/?lang={language}"):
        page = render_template_string(DATES, **values)
        expected = [
            format_date(values["day"], "long"),
            format_date(values["moment"], "full"),
            format_date(values["naive"], "short"),
            format_time(values["moment"], "short"),
            format_time(values["moment"], "HH:mm"),
            format_date(values["day"], "long"),
            format_date(values["moment"]),
            format_time(values["naive"]),
        ]
    assert page.split("|") == expected
    assert page.split("|")[4] == "01:30"
