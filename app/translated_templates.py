"""Templates compiled once per language, with their fixed sentences already translated.

Most sentences on a page have nothing to fill in: `{{ _("Log out") }}`. Drawn by the page's `_`
(i18n.template_translations), each one is a Jinja call, a catalogue lookup and a Markup, on
every page, for a text that depends only on the language. So each template is compiled once per
language, and such a call is replaced, while the template is read, by the sentence it would
give: `("Log ud"|safe)`, the same Markup the call returns, which Jinja then writes into the page
as plain text. Calls that fill in values (`_("Hello %(name)s", name=...)`), `ngettext` and
`{% trans %}` blocks are left to the page's `_` at render time.

A template is compiled for the language of the page that asks for it (Flask-Babel's locale, so a
text drawn under `force_locale` gets its own language). Outside a request (the worker, the CLI),
and in a template that does not escape HTML, every call is kept. So is every call in a template
that gives `_` or `gettext` a value of its own (`{% set _ = … %}`, a loop or macro argument of
that name: the call would not be the translation), or that switches escaping with
`{% autoescape %}` (there the call gives text, not Markup). A view passing its own `_` to
`render_template` would not be noticed: none does, and none should. A bytecode cache (the tests share
one between apps) keeps each language's compiled code under its own key.
"""

import weakref
from contextvars import ContextVar

from flask import has_request_context
from flask.templating import Environment
from flask_babel import get_locale, get_translations
from jinja2 import BytecodeCache
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup

TRANSLATING_CALLS = ("_", "gettext")

# The language whose sentences a template being compiled gets, and its catalogue (None, None: it is
# compiled as written). Set while the loader compiles.
_compiling_for: ContextVar = ContextVar("compiling_for", default=(None, None))


class TranslatedEnvironment(Environment):
    """Flask's template environment, caching each template once per language."""

    def __init__(self, app, **options):
        # Each template is kept once per language and once without: room for them all.
        options.setdefault("cache_size", 2000)
        if options.get("bytecode_cache"):
            options["bytecode_cache"] = BytecodePerLanguage(options["bytecode_cache"])
        super().__init__(app, **options)
        self.add_extension(FixedSentences)

    def _load_template(self, name, globals):
        """Jinja's own, with the page's language in the cache key (jinja2.Environment)."""
        if self.loader is None:
            raise TypeError("no loader for this environment specified")
        locale = get_locale() if has_request_context() else None
        language = str(locale) if locale else None
        key = (weakref.ref(self.loader), name, language)
        template = self.cache.get(key) if self.cache is not None else None
        if template is not None and (not self.auto_reload or template.is_up_to_date):
            if globals:
                template.globals.update(globals)
            return template
        compiling = _compiling_for.set((language, get_translations() if language else None))
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _compiling_for.reset(compiling)
        if self.cache is not None:
            self.cache[key] = template
        return template


class BytecodePerLanguage(BytecodeCache):
    """A bytecode cache whose keys name the language the code was compiled for (None: as written).

    The key names the language, not the catalogue's version: fit for a cache in memory (the
    tests'), which goes with the process as Flask-Babel's catalogues do. One kept on disk would
    serve the old sentences after a catalogue changed."""

    def __init__(self, cache: BytecodeCache):
        self.cache = cache

    def get_cache_key(self, name, filename=None) -> str:
        language, _ = _compiling_for.get()
        return f"{self.cache.get_cache_key(name, filename)}:{language}"

    def load_bytecode(self, bucket) -> None:
        self.cache.load_bytecode(bucket)

    def dump_bytecode(self, bucket) -> None:
        self.cache.dump_bytecode(bucket)

    def clear(self) -> None:
        self.cache.clear()


class FixedSentences(Extension):
    """Replaces `_("…")` and `gettext("…")` (one string, nothing to fill in) by the translation."""

    def filter_stream(self, stream):
        _, catalogue = _compiling_for.get()
        escapes = self.environment.autoescape
        escaped = escapes(stream.name) if callable(escapes) else escapes
        if catalogue is None or not escaped:
            return stream
        tokens = list(stream)
        return tokens if _translating_calls_may_differ(tokens) else _folded(tokens, catalogue)


def _translating_calls_may_differ(tokens: list[Token]) -> bool:
    """Whether `_("…")` in this template may not give the Markup of the page's `_`: the template
    names `_` or `gettext` other than to call it (it sets, loops over, takes or imports a value
    of that name), or it switches escaping with `{% autoescape %}`."""
    for at, token in enumerate(tokens[:-1]):
        following = tokens[at + 1]
        if token.type == "block_begin" and following.type == "name" and following.value == "autoescape":
            return True
        named = token.type == "name" and token.value in TRANSLATING_CALLS
        if named and following.type != "lparen" and not _is_attribute(tokens, at):
            return True
    return False


def _is_attribute(tokens: list[Token], at: int) -> bool:
    """Whether the name at `at` follows a dot (`x._`): an attribute, not the page's `_`."""
    return at > 0 and tokens[at - 1].type == "dot"


def _folded(tokens: list[Token], catalogue) -> list[Token]:
    folded, at = [], 0
    while at < len(tokens):
        sentence = _fixed_sentence(tokens, at, catalogue)
        if sentence is None:
            folded.append(tokens[at])
            at += 1
            continue
        line = tokens[at].lineno
        folded += [
            Token(line, "lparen", "("),
            Token(line, "string", sentence),
            Token(line, "pipe", "|"),
            Token(line, "name", "safe"),
            Token(line, "rparen", ")"),
        ]
        at += 4
    return folded


def _fixed_sentence(tokens: list[Token], at: int, catalogue) -> str | None:
    """The translation if tokens[at:at + 4] are `_ ( "…" )`, not a method (`x._("…")`)."""
    call = tokens[at : at + 4]
    if [token.type for token in call] != ["name", "lparen", "string", "rparen"]:
        return None
    if call[0].value not in TRANSLATING_CALLS or _is_attribute(tokens, at):
        return None
    try:  # what the page's `_` gives with nothing to fill in: "%%" becomes "%"
        return str(Markup(catalogue.ugettext(call[2].value)) % {})
    except (KeyError, ValueError, TypeError):  # a sentence that wants values: left to the call
        return None
