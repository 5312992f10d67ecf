"""Language choice order: ?lang= -> session -> signed-in user -> Accept-Language -> Danish."""

import re

import pytest

from app.access import public
from app.auth.session_timeout import start_session
from tests.factories import make_citizen


def html_lang_dir(response) -> tuple[str, str]:
    match = re.search(r'<html lang="([a-z]+)" dir="(ltr|rtl)">', response.get_data(as_text=True))
    assert match, "the page has no <html lang dir>"
    return match.group(1), match.group(2)


def test_danish_is_the_default(client):
    assert html_lang_dir(client.get("/")) == ("da", "ltr")


def test_accept_language_is_used_when_nothing_else_is_chosen(client):
    response = client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert html_lang_dir(response) == ("uk", "ltr")


def test_query_parameter_wins_and_is_remembered_in_the_session(client):
    response = client.get("/?lang=ar", headers={"Accept-Language": "en"})
    assert html_lang_dir(response) == ("ar", "rtl")
    assert html_lang_dir(client.get("/", headers={"Accept-Language": "en"})) == ("ar", "rtl")


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


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("da", "Din side hos jobcentret"), ("en", "Your page at the jobcenter")],
)
def test_pages_are_translated(client, lang, heading):
    assert heading in client.get(f"/?lang={lang}").get_data(as_text=True)


def test_language_switcher_names_each_language_in_its_own_script_and_keeps_the_page(client):
    page = client.get("/tilgaengelighed?lang=en&x=1").get_data(as_text=True)
    for code, name in [("da", "Dansk"), ("en", "English"), ("ar", "العربية"), ("uk", "Українська")]:
        assert f'href="/tilgaengelighed?lang={code}&amp;x=1" lang="{code}" hreflang="{code}"' in page
        assert f">{name}</a>" in page
    assert 'lang="en" hreflang="en"\n               aria-current="true"' in page
