"""What every app a test process builds can share: its static files and its compiled templates.

Each test builds an app of its own. Each app read, hashed and compressed (brotli at its best
level) every stylesheet, script and font the first page it rendered named, and compiled every
template it rendered: together about a second of CPU in each test that renders a page. Shared,
that is done once per process. Both caches still notice a changed file: the static files by
modification time and size, the templates by a checksum of their source.
"""

from flask import Flask
from jinja2 import BytecodeCache

from app.static_assets import StaticAssets

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
