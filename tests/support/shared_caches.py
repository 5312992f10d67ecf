"""What every app a test process builds can share: its static files, its compiled templates, the
URL builders of its routes and its compiled SQL.

Each test builds an app of its own. Each app read, hashed and compressed (brotli at its best
level) every stylesheet, script and font the first page it rendered named, and compiled every
template it rendered: together about a second of CPU in each test that renders a page. Shared,
that is done once per process. Both caches still notice a changed file: the static files by
modification time and size, the templates by a checksum of their source.

The first URL built for a route compiles a small Python function (Werkzeug writes it as source and
compiles it; app/url_rules.py waits for that first URL, where Werkzeug compiled two per route in
`create_app`). The same route gets the same function, so it is compiled once per process, not
in each test that renders a page.

Each app's engine compiled every SQL statement again, and every flush its INSERTs and UPDATEs:
together 40 % of the CPU of typical test modules (tests/auth/test_login.py,
tests/claims/test_handing_in.py and tests/job_search/test_first_views.py: 18.5 CPU s before,
9.8 after).
"""

from flask import Flask
from jinja2 import BytecodeCache
from sqlalchemy.orm import configure_mappers
from sqlalchemy.util import LRUCache
from werkzeug.routing import Rule

from app import models  # noqa: F401 (every mapper, before they are configured)
from app.extensions import db
from app.static_assets import StaticAssets
from config import Testing

_static_files_by_folder: dict[str, dict] = {}


class TemplatesCompiledOnce(BytecodeCache):
    """Jinja's compiled templates kept in memory for every app's template environment."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])  # ignored if the source changed

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def share_caches_between_apps() -> None:
    build = StaticAssets.__init__
    if getattr(build, "shares_cache", False):
        return

    def build_with_shared_cache(self, folder: str) -> None:
        build(self, folder)
        self._loaded = _static_files_by_folder.setdefault(folder, {})

    build_with_shared_cache.shares_cache = True
    StaticAssets.__init__ = build_with_shared_cache
    Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": TemplatesCompiledOnce()}
    share_url_builders()
    share_compiled_sql()


def share_url_builders() -> None:
    """Rule._compile_builder, kept per rule shape.

    A builder is a plain function of the rule it is later bound to; what it contains follows from
    the rule's parsed parts (`_trace`), the names of its defaults and `append_unknown`. Only a
    default that fills a part of the path is turned into text by the rule's own converter at
    compile time: such rules are compiled each time, as before."""
    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}

    def compile_builder_once(rule: Rule, append_unknown: bool = True):
        defaults = rule.defaults or {}
        if any(is_dynamic and part in defaults for is_dynamic, part in rule._trace):
            return compile_builder(rule, append_unknown)
        key = (tuple(rule._trace), tuple(defaults), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    Rule._compile_builder = compile_builder_once


def share_compiled_sql() -> None:
    """Queries are compiled into the engine's cache; an ORM flush's INSERTs and UPDATEs into their
    mapper's, keyed by the engine's dialect too (set after the mappers are configured, which
    empties it)."""
    Testing.SQLALCHEMY_ENGINE_OPTIONS = {
        **Testing.SQLALCHEMY_ENGINE_OPTIONS,
        "execution_options": {"compiled_cache": SqlCompiledOnce()},
    }
    configure_mappers()
    for mapper in db.Model.registry.mappers:
        mapper.__dict__["_compiled_cache"] = SqlCompiledOnce(size=200)


class SqlCompiledOnce:
    """SQLAlchemy's cache of compiled SQL (the `compiled_cache` execution option), for the engines
    of every app the process makes.

    An engine keys each compiled statement by its own dialect object first, so a new app's engine
    never found what the last one compiled. Here the dialect in the key is replaced by what the
    compiled SQL depends on, which is the same for every engine the tests make on one kind of
    database and server version. (Production makes one engine per process and keeps its own.)"""

    def __init__(self, size: int = 1500) -> None:
        self._compiled = LRUCache(size)

    @staticmethod
    def _like_dialects_alike(key: tuple) -> tuple:
        dialect = key[0]
        kind = (type(dialect), dialect.server_version_info, dialect.paramstyle, dialect.label_length)
        return (kind, *key[1:])

    def get(self, key: tuple, default=None):
        return self._compiled.get(self._like_dialects_alike(key), default)

    def __setitem__(self, key: tuple, compiled) -> None:
        self._compiled[self._like_dialects_alike(key)] = compiled
