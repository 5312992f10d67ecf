"""Static files: versioned URLs kept a year by the browser, and sent compressed.

Every `url_for("static", ...)` carries `?v=<content hash>`. A request with the current hash may
be kept for a year ("immutable"): a changed file gets a new URL, so nobody sees a stale one.
Fonts and icons named inside a stylesheet get their hash too, written into the stylesheet as it
is served. Text files go out brotli- or gzip-compressed, compressed once per worker at the best
level (the DKFDS stylesheet takes about 0.3 s once; that saves 4 KB on every first visit, which
matters more on a slow phone connection). A file is compressed when it is first asked for in
that coding, not when its version is looked up for a link: each `flask` command, and each test's
app, looks up versions without ever serving a file.

Pages are not compressed: a signed-in page carries the CSRF token next to what the user typed,
which compression would leak through the response size (the BREACH attack).
"""

import gzip
import hashlib
import mimetypes
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field

import brotli
from flask import Flask, Response, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600
UNVERSIONED_MAX_AGE = 3600  # a URL without the current hash: keep it an hour, then ask again
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".map", ".txt"}  # fonts and images are compressed already
COMPRESSORS = {  # content codings in order of preference
    "br": lambda body: brotli.compress(body, quality=11),
    "gzip": lambda body: gzip.compress(body, compresslevel=9, mtime=0),
}
CSS_URL = re.compile(rb"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass(frozen=True)
class Asset:
    version: str
    mimetype: str
    body: bytes  # as sent uncompressed (a stylesheet with its references versioned)
    compressible: bool
    _compressed: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    @property
    def codings(self) -> tuple[str, ...]:
        return tuple(COMPRESSORS) if self.compressible else ()

    def body_in(self, coding: str) -> bytes:
        """The bytes to send in content coding `coding` ("identity" or one of `codings`)."""
        if coding == "identity":
            return self.body
        if coding not in self._compressed:  # two threads may both compress once; same bytes
            self._compressed[coding] = COMPRESSORS[coding](self.body)
        return self._compressed[coding]


class StaticAssets:
    """The files of one static folder, read, versioned and compressed once per file change."""

    def __init__(self, folder: str):
        self.folder = folder
        self._loaded: dict[str, tuple[tuple[int, int], Asset]] = {}  # filename -> (mtime, size), asset

    def asset(self, filename: str) -> Asset | None:
        """The file `filename` inside the folder, or None (missing, a folder, or outside)."""
        path = safe_join(self.folder, filename)
        try:
            info = os.stat(path) if path else None
        except (OSError, ValueError):  # ValueError: a null character in the name
            return None
        if info is None or not stat.S_ISREG(info.st_mode):
            return None
        seen = (info.st_mtime_ns, info.st_size)
        loaded = self._loaded.get(filename)
        if loaded is None or loaded[0] != seen:
            loaded = (seen, self._load(filename, path))
            self._loaded[filename] = loaded
        return loaded[1]

    def version(self, filename: str) -> str | None:
        asset = self.asset(filename)
        return asset.version if asset else None

    def _load(self, filename: str, path: str) -> Asset:
        with open(path, "rb") as file:
            body = file.read()
        extension = posixpath.splitext(filename)[1].lower()
        if extension == ".css":
            body = self._version_references(filename, body)
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return Asset(hashlib.sha256(body).hexdigest()[:12], mimetype, body, extension in COMPRESSIBLE)

    def _version_references(self, filename: str, css: bytes) -> bytes:
        """Add `?v=<hash>` to every url(...) in a stylesheet that names a file in this folder."""
        folder = posixpath.dirname(filename)

        def versioned(match: re.Match) -> bytes:
            quote, reference = match.group(1), match.group(2).decode("utf-8", "replace").strip()
            target, _, fragment = reference.partition("#")
            if "?" in target or "//" in target or ":" in target or target.startswith("/") or not target:
                return match.group(0)  # external, data: or already versioned: leave it
            version = self.version(posixpath.normpath(posixpath.join(folder, target)))
            if version is None:
                return match.group(0)
            fragment = f"#{fragment}" if fragment else ""
            return b"url(" + quote + f"{target}?v={version}{fragment}".encode() + quote + b")"

        return CSS_URL.sub(versioned, css)


def serve_static(filename: str):
    """Flask's "static" endpoint: the file, compressed if the browser accepts it, with caching."""
    asset = current_app.extensions["static_assets"].asset(filename) or abort(404)
    coding = next((c for c in asset.codings if request.accept_encodings[c]), "identity")
    etag = f"{asset.version}-{coding}"
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(asset.body_in(coding), mimetype=asset.mimetype)
        if coding != "identity":
            response.headers["Content-Encoding"] = coding
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    if request.args.get("v") == asset.version:
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = UNVERSIONED_MAX_AGE
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that static files never carry the session: every
    response read it (Flask-Login looks after each request), so each got `Vary: Cookie`, and a
    shared cache would have kept a copy of the stylesheet per visitor."""

    def save_session(self, app: Flask, session, response) -> None:
        if request.endpoint != "static":
            super().save_session(app, session, response)


def register_static_assets(app: Flask) -> None:
    assets = StaticAssets(app.static_folder)
    app.extensions["static_assets"] = assets
    app.view_functions["static"] = serve_static
    app.session_interface = SessionInterface()

    @app.url_defaults
    def add_static_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            version = assets.version(values.get("filename", ""))
            if version:
                values["v"] = version
