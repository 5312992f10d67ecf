"""Templates are compiled once per language with their fixed sentences already translated
(app/translated_templates.py): every page is the same, in every language, as when each sentence
was translated while the page was drawn."""

import re

import flask.templating
import pytest
from flask import render_template
from flask_babel import force_locale
from jinja2 import DictLoader
from sqlalchemy import select

from app import create_app
from app.auth.session_timeout import session_values_for
from app.demo import load_demo_data
from app.extensions import db
from app.models import Mandate, StaffUser
from app.models.types import utcnow
from app.translated_templates import TranslatedEnvironment
from tests.conftest import FreshRequestClient, create_tables
from tests.pages import LANGUAGES, citizen_pages, helper_pages, public_pages, staff_pages
from tests.support.shared_caches import TemplatesCompiledOnce

# Its own in-memory SQLite database: what is compared is the templates, not the engine.
pytestmark = pytest.mark.engine_independent

# What differs between two requests of the same page whatever the templates: the CSRF token is
# signed with the second it was made in, the script nonce is new for each answer, and the time of
# the automatic log-out moves when the session is stamped again (at most once a minute).
VARYING = [
    (re.compile(r'(csrf_token"[^>]*value=")[^"]*'), r"\1…"),
    (re.compile(r'(nonce=")[^"]*'), r"\1…"),
    (re.compile(r'(data-session-ends=")[^"]*'), r"\1…"),
    (re.compile(r'(<time class="session-ends-at">)[^<]*'), r"\1…"),
]


@pytest.fixture
def demo_app(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", UPLOAD_DIR=str(tmp_path / "uploads"))
    app.test_client_class = FreshRequestClient
    with app.app_context():
        create_tables()
        load_demo_data()
        yield app
        db.session.remove()


def signed_in(app, user_id: str, acting_for: int | None = None):
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_values_for(user_id, utcnow()))
        if acting_for:
            session["acting_for"] = acting_for
    db.session.commit()
    return client


def visits(app) -> list[tuple[object, str]]:
    """Every public page; every page of the citizen who has a helper, as the citizen and as the
    helper; the helper's own pages; every staff page about that citizen, as their caseworker."""
    mandate = db.session.scalar(select(Mandate).order_by(Mandate.id))
    citizen = mandate.citizen
    caseworker = db.session.scalar(
        select(StaffUser).where(
            StaffUser.jobcenter_id == citizen.jobcenter_id, StaffUser.role == "caseworker"
        )
    )
    as_citizen = signed_in(app, citizen.get_id())
    as_helper = signed_in(app, mandate.helper.get_id(), acting_for=mandate.id)
    as_staff = signed_in(app, caseworker.get_id())
    own_pages_only = ("/min-side/kontakt", "/min-side/hjaelpere")
    # A helper's every visit is a look-up that "who has looked" lists: the page changes between
    # two visits whatever the templates. The citizen's visits (before the helper's) compare it.
    not_for_helper = (*own_pages_only, "/min-side/opslag")
    return [
        *[(app.test_client(), path) for path in public_pages(app)],
        *[(as_citizen, path) for path in citizen_pages(app, citizen.id)],
        *[
            (as_helper, path)
            for path in citizen_pages(app, citizen.id)
            if not path.startswith(not_for_helper)
        ],
        *[(as_helper, path) for path in helper_pages(app)],
        *[(as_staff, path) for path in staff_pages(app, citizen.id)],
    ]


def page(client, path: str, language: str) -> str | None:
    """The page's HTML without what varies by request; None for a file (a PDF, an upload)."""
    response = client.get(path, query_string={"lang": language})
    if response.mimetype != "text/html":
        return None
    html = response.get_data(as_text=True)
    for pattern, replacement in VARYING:
        html = pattern.sub(replacement, html)
    return f"{response.status_code} {html}"


def test_every_page_is_the_same_in_every_language_as_with_sentences_translated_when_drawn(demo_app):
    folded = demo_app.jinja_env
    # Flask's own environment as it was: the same globals, filters, extensions and loader, one
    # compiled template for every language, each sentence translated as the page is drawn.
    as_written = folded.overlay()
    as_written.__class__ = flask.templating.Environment
    as_written.cache.clear()
    differences, compared = [], 0
    for client, path in visits(demo_app):
        for language in LANGUAGES:
            demo_app.jinja_env = folded
            first = page(client, path, language)
            demo_app.jinja_env = as_written
            second = page(client, path, language)
            compared += first is not None
            if first != second:
                differences.append(f"{path} ({language}): {_first_difference(first, second)}")
    demo_app.jinja_env = folded
    assert differences == []
    assert compared >= 4 * 100  # about 105 HTML pages in each language


def _first_difference(first: str, second: str) -> str:
    at = next((n for n, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), 0)
    return f"{first[at - 60 : at + 60]!r} / {second[at - 60 : at + 60]!r}"


def environment_of(app, templates: dict[str, str]) -> TranslatedEnvironment:
    """An environment of the templates given, with a bytecode cache as the tests' apps share one."""
    environment = TranslatedEnvironment(
        app, loader=DictLoader(templates), autoescape=True, bytecode_cache=TemplatesCompiledOnce()
    )
    environment.globals.update(app.jinja_env.globals)
    return environment


def compiled_code(app, source: str, language: str) -> str:
    """The constants of the compiled template: the text it writes without a call."""
    environment = environment_of(app, {"page.html": source})
    with app.app_context(), app.test_request_context("/", query_string={"lang": language}):
        template = environment.get_template("page.html")
    return repr(template.root_render_func.__code__.co_consts)


def rendered(app, source: str, language: str, **context) -> str:
    environment = environment_of(app, {"page.html": source})
    app.jinja_env, kept = environment, app.jinja_env
    try:
        with app.app_context(), app.test_request_context("/", query_string={"lang": language}):
            return render_template("page.html", **context)
    finally:
        app.jinja_env = kept


@pytest.fixture
def bare_app(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", UPLOAD_DIR=str(tmp_path / "uploads"))
    with app.app_context():
        yield app


def test_a_fixed_sentence_is_in_the_compiled_code_of_each_language_and_one_with_values_is_not(bare_app):
    source = '{{ _("Log out") }} | {{ _("Hello %(name)s", name=who) }}'
    danish, english = compiled_code(bare_app, source, "da"), compiled_code(bare_app, source, "en")
    assert "Log ud" in danish and "Log out" not in danish
    assert "Log out" in english
    assert "Hej" not in danish  # filled in when drawn, by the page's `_`
    assert rendered(bare_app, source, "da", who="Peter") == "Log ud | Hej Peter"
    assert rendered(bare_app, source, "ar", who="Peter").startswith("تسجيل الخروج")


def test_each_language_gets_its_own_compiled_template(bare_app):
    environment = environment_of(bare_app, {"page.html": '{{ _("Log out") }}'})
    bare_app.jinja_env, kept = environment, bare_app.jinja_env
    try:
        drawn = {}
        for language in LANGUAGES:
            with bare_app.app_context(), bare_app.test_request_context("/", query_string={"lang": language}):
                drawn[language] = render_template("page.html")
        with bare_app.app_context(), bare_app.test_request_context("/", query_string={"lang": "da"}):
            drawn["da"] = render_template("page.html")
            with force_locale("en"):
                drawn["en inside a Danish page"] = render_template("page.html")
    finally:
        bare_app.jinja_env = kept
    assert drawn["da"] == "Log ud" and drawn["en"] == "Log out"
    assert drawn["en inside a Danish page"] == "Log out"
    assert len(set(drawn[language] for language in LANGUAGES)) == 4
    assert len(environment.cache) == 4


def test_a_sentence_the_page_writes_as_markup_stays_markup_and_a_method_named_like_it_is_left(bare_app):
    source = '{{ (_("Log out") if yes else "x") ~ "<b>" }} {{ thing._("Log out") }} {{ _("Log out")|length }}'

    class Thing:
        def _(self, text):
            return f"method: {text}"

    assert rendered(bare_app, source, "da", yes=True, thing=Thing()) == "Log ud&lt;b&gt; method: Log out 6"


@pytest.mark.parametrize(
    "source",
    [
        '{% set _ = upper %}{{ _("Log out") }}',
        '{% for gettext in [lower] %}{{ gettext("Log out") }}{% endfor %}',
        '{% macro m(_) %}{{ _("Log out") }}{% endmacro %}{{ m(upper) }}',
        '{% autoescape false %}{{ _("Log out") + "<b>" }}{% endautoescape %}',
    ],
)
def test_a_template_that_names_its_own_translator_or_switches_escaping_keeps_its_calls(bare_app, source):
    """There `_("Log out")` is not the page's Markup sentence, so it stays a call."""
    assert "Log ud" not in compiled_code(bare_app, source, "da")
    drawn = rendered(bare_app, source, "da", upper=str.upper, lower=str.lower)
    assert drawn in ("LOG OUT", "log out", "Log ud<b>")


def test_outside_a_request_every_call_is_kept(bare_app):
    """The worker draws texts under force_locale without a request: drawn by the calls, right."""
    environment = environment_of(bare_app, {"page.html": '{{ _("Log out") }}'})
    with force_locale("da"):
        template = environment.get_template("page.html")
        assert template.render() == "Log ud"
    assert "Log ud" not in repr(template.root_render_func.__code__.co_consts)
