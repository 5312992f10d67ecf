"""One cache of the static files for every app a test process builds.

Each test builds an app of its own, and each app read, hashed and compressed (brotli at its best
level) every stylesheet, script and font the first page it rendered named: about a second of CPU
in each test that renders a page. Shared, that is done once per process. The shared cache still
notices a changed file (by its modification time and size), as each app's own does.
"""

from app.static_assets import StaticAssets

_by_folder: dict[str, dict] = {}


def share_static_files_between_apps() -> None:
    build = StaticAssets.__init__
    if getattr(build, "shares_cache", False):
        return

    def build_with_shared_cache(self, folder: str) -> None:
        build(self, folder)
        self._loaded = _by_folder.setdefault(folder, {})

    build_with_shared_cache.shares_cache = True
    StaticAssets.__init__ = build_with_shared_cache
