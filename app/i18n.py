"""Language choice: ?lang= -> session -> signed-in user's language -> Accept-Language -> Danish."""

import re
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlencode

import flask_babel
from babel import dates
from flask import current_app, g, request, session, url_for
from flask_babel import force_locale, format_decimal, get_locale, get_timezone, get_translations, refresh
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

# Each language is named in its own script in the switcher.
LANGUAGE_NAMES = {"da": "Dansk", "en": "English", "ar": "العربية", "uk": "Українська"}
RTL_LANGUAGES = {"ar"}

# A number of several digit groups: phone numbers, CPR numbers, letter codes, numeric dates.
GROUPED_NUMBER = re.compile(r"\+?\d+(?:[ \u00a0.,\-/:]\d+)+")
LEFT_TO_RIGHT_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2066", "\u2069"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    if session.get("lang") in languages:
        return session["lang"]
    stored = _stored_language()
    if stored in languages:
        return stored
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


USER_LANGUAGE = "user_lang"  # session: the signed-in user's stored language, for pages without a database


def _stored_language() -> str | None:
    """The signed-in user's own language. Kept in the session too, so the error page shown when
    the database cannot be reached (errors._handle_database_down) still speaks it."""
    if g.get("database_down"):
        return session.get(USER_LANGUAGE)
    language = getattr(current_user, "language", None) if _signed_in() else None
    if language and session.get(USER_LANGUAGE) != language:
        session[USER_LANGUAGE] = language
    return language


def speak_language_of(person) -> None:
    """A page opened from a message (the reminder's link) speaks the language the message was
    written in, the person's message language, unless the reader chose one in this browser."""
    if request.args.get("lang") or session.get("lang"):
        return
    if person.language in current_app.config["LANGUAGES"]:
        session["lang"] = person.language
        refresh()  # the locale of this request was already chosen


def _signed_in() -> bool:
    return getattr(current_user, "is_authenticated", False)


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LANGUAGES else "ltr"


def language_links() -> list[dict]:
    """The switcher's links: the current page in each language."""
    path, args = _this_page()
    links = []
    for code, name in LANGUAGE_NAMES.items():
        url = f"{path}?{urlencode({**args, 'lang': code})}"
        links.append({"code": code, "name": name, "url": url})
    return links


def _this_page() -> tuple[str, dict]:
    """The path of this page built from the route that answered it, and its query arguments.

    Never the raw request path: on a 404, `/%5Cevil.example/` is the path `/\\evil.example/`,
    which browsers read as another site. Without a route to build from (no page here, or a form's
    POST-only address), the links go to the front page.
    """
    rule = request.url_rule
    if rule is not None and "GET" in rule.methods and request.endpoint:
        path = url_for(request.endpoint, **(request.view_args or {}))
        if path.startswith("/") and path[1:2] not in ("/", "\\"):
            return path, request.args.to_dict(flat=True)
    return url_for("public.landing"), {}


def template_translations() -> dict:
    """The page's `_`, `gettext` and `ngettext`, bound to the catalogue of the language the page
    is drawn in. A sentence with nothing to fill in never gets here: it is translated when the
    template is compiled for the page's language (app/translated_templates.py).

    Flask-Babel's own (Jinja globals) look the catalogue up again on every call, through `g` and
    the locale, and `_` reaches them through a second call: ~60 times a front page, a tenth of
    its CPU. Names in the render context come before globals, and `{% trans %}` reads
    "gettext"/"ngettext" there too. Same escaping and %-formatting as Jinja's i18n extension.
    Bound at each render, so a locale changed earlier in the request (`refresh`,
    `force_locale`) is the one used. Macros imported without context keep the globals, which
    give the same text. They take the evaluation context, not the whole context: Jinja copies
    the context for a function that takes it inside a block that sets variables (40 copies a
    front page), and only the autoescape flag is needed."""
    catalogue = get_translations()
    translate, translate_plural = catalogue.ugettext, catalogue.ungettext

    @pass_eval_context
    def gettext(eval_ctx, text, **variables):
        found = translate(text)
        return (Markup(found) if eval_ctx.autoescape else found) % variables

    @pass_eval_context
    def ngettext(eval_ctx, singular, plural, num, **variables):
        variables.setdefault("num", num)
        found = translate_plural(singular, plural, num)
        return (Markup(found) if eval_ctx.autoescape else found) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def template_dates() -> dict:
    """The page's `format_date` and `format_time`, bound to the locale and time zone the page is
    drawn in: the same text as Flask-Babel's, which look the locale, the time zone and the
    locale's pattern up again on every call (five dates cost a front page half a millisecond).
    Bound at each render, like template_translations. A format left out (None) goes to
    Flask-Babel's own, which knows the configured default."""
    locale, zone = get_locale(), get_timezone()

    def format_date(value=None, format=None, rebase=True):
        if format is None:
            return flask_babel.format_date(value, format, rebase)
        if rebase and isinstance(value, datetime):
            value = _in_zone(value, zone)
        return dates.format_date(value, _pattern("date", format, locale), locale=locale)

    def format_time(value=None, format=None, rebase=True):
        if format is None:
            return flask_babel.format_time(value, format, rebase)
        pattern = _pattern("time", format, locale)
        return dates.format_time(value, pattern, tzinfo=zone if rebase else None, locale=locale)

    return {
        "format_date": format_date,
        "format_time": format_time,
        "format_long_date": lambda day: format_date(day, "long"),
    }


def _in_zone(value: datetime, zone) -> datetime:
    """Flask-Babel's to_user_timezone, for a zone already looked up."""
    return zone.normalize((value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone))


@lru_cache(maxsize=256)
def _pattern(kind: str, format: str, locale) -> dates.DateTimePattern:
    """A locale's named pattern ("long") or a written one ("HH:mm"), parsed once per process: the
    locale data does not change while it runs, and templates name a handful of formats."""
    if format in ("full", "long", "medium", "short"):
        named = dates.get_date_format if kind == "date" else dates.get_time_format
        return named(format, locale=locale)
    return dates.parse_pattern(format)


def in_language(text, language: str) -> str:
    """A (lazy) translated text in `language`, whatever the current request's language is."""
    with force_locale(language):
        return str(text)


def label(table: dict, key: str) -> str:
    """The label for `key` in a table of stored codes, or the key itself so a new code is never hidden."""
    return str(table.get(key, key))


def format_hours(hours) -> str:
    """12 rather than 12.0; 7.5 as the locale writes it (7,5 in Danish)."""
    return format_decimal(hours)


def ltr(value, language: str | None = None) -> str:
    """`value` (a phone number, CPR number, code, amount or date) to put inside translated text,
    kept left to right as one piece. In Arabic the bidi algorithm would draw "70 12 34 56" as
    "56 34 12 70" and "010190-1234." as "1234-010190.": Unicode isolates (LRI … PDI) prevent it
    in pages, SMS, e-mails and letters alike. Nothing is added in left-to-right languages, so a
    Danish SMS keeps the GSM-7 alphabet. `language` defaults to the page's."""
    language = language or str(get_locale())
    if language not in RTL_LANGUAGES or value is None or value == "":
        return value
    return f"{LEFT_TO_RIGHT_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def ltr_numbers(text, language: str | None = None) -> str:
    """`ltr` for every grouped number inside an already translated text, e.g. the example
    "010190-1234" written in a hint. Only for text without links: a token may hold "1-2"."""
    if text is None:
        return text
    return GROUPED_NUMBER.sub(lambda found: ltr(found.group(0), language), str(text))


def ltr_values(context: dict, language: str) -> dict:
    """A message's placeholder values with each number of several digit groups isolated (`ltr`);
    links and names stay as they are, and a one-group code gains nothing."""
    if language not in RTL_LANGUAGES:  # `ltr` adds nothing: skip the matching (a sweep renders 200,000)
        return context
    return {
        key: ltr(value, language) if isinstance(value, str) and GROUPED_NUMBER.fullmatch(value) else value
        for key, value in context.items()
    }
