"""Static files: versioned URLs with a year's cache, brotli/gzip compression, 304s, no escapes."""

import gzip
import os
import re
from pathlib import Path

import brotli
import pytest
from flask import url_for

from app.static_assets import ONE_YEAR, UNVERSIONED_MAX_AGE, StaticAssets

pytestmark = pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py

APP_CSS = Path(__file__).resolve().parent.parent / "app/static/css/app.css"


def versioned_url(app, filename: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


def test_pages_link_to_versioned_static_files(client):
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'href="/static/css/app\.css\?v=[0-9a-f]{12}"', page)


def test_a_versioned_url_is_kept_a_year_and_an_old_one_an_hour(app, client):
    current = client.get(versioned_url(app, "css/app.css"))
    assert current.status_code == 200
    assert current.cache_control.max_age == ONE_YEAR and current.cache_control.immutable
    assert current.cache_control.public
    for stale in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(stale)
        assert response.status_code == 200 and response.cache_control.max_age == UNVERSIONED_MAX_AGE
        assert not response.cache_control.immutable


@pytest.mark.parametrize(
    ("accepted", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("", None),
        ("identity", None),
    ],
)
def test_text_files_are_sent_compressed_as_the_browser_accepts(app, client, accepted, coding):
    response = client.get(versioned_url(app, "css/app.css"), headers={"Accept-Encoding": accepted})
    body = response.get_data()
    assert response.headers.get("Content-Encoding") == coding
    assert "Accept-Encoding" in response.vary
    plain = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding](body)
    assert plain == app.extensions["static_assets"].asset("css/app.css").body
    assert len(plain) >= len(APP_CSS.read_bytes())  # the same, with versions added to its url(...)s
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    if coding:
        assert len(body) < len(plain) / 2


def test_static_files_are_the_same_for_everyone_so_shared_caches_may_keep_one_copy(app, client):
    assert "Cookie" in client.get("/").vary  # pages depend on the session
    response = client.get(versioned_url(app, "css/app.css"))
    assert "Cookie" not in response.vary and "Set-Cookie" not in response.headers


def test_an_unchanged_file_is_answered_304_without_a_body(app, client):
    url = versioned_url(app, "css/app.css")
    first = client.get(url, headers={"Accept-Encoding": "br"})
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.cache_control.max_age == ONE_YEAR
    etag = first.headers["ETag"]
    other_coding = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert other_coding.status_code == 200 and other_coding.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize(
    "path",
    [
        "/static/../config.py",
        "/static/%2e%2e/config.py",
        "/static/css",
        "/static/css/",
        "/static/nope.css",
        "/static/css/app.css%00.png",
        "/static//etc/passwd",
    ],
)
def test_nothing_outside_the_static_folder_or_missing_is_served(client, path):
    assert client.get(path, follow_redirects=True).status_code == 404


def test_a_changed_file_gets_a_new_version_and_stylesheets_version_what_they_name(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "fonts").mkdir()
    font = tmp_path / "fonts/plex.woff2"
    font.write_bytes(b"font one")
    (tmp_path / "css/site.css").write_text(
        'a{background:url(../fonts/plex.woff2)} b{src:url("../fonts/plex.woff2#x")} '
        "c{background:url(data:image/png;base64,AAAA)} d{background:url(../fonts/missing.woff2)} "
        "e{background:url(https://example.org/x.png)} f{background:url('/static/x.png')}"
    )
    assets = StaticAssets(str(tmp_path))
    font_version = assets.version("fonts/plex.woff2")
    css = assets.asset("css/site.css").body.decode()
    assert f"url(../fonts/plex.woff2?v={font_version})" in css
    assert f'url("../fonts/plex.woff2?v={font_version}#x")' in css
    for untouched in (
        "url(data:image/png;base64,AAAA)",
        "url(../fonts/missing.woff2)",
        "url(https://example.org/x.png)",
        "url('/static/x.png')",
    ):
        assert untouched in css
    assert assets.asset("fonts/plex.woff2").codings == ()  # woff2 is compressed already

    font.write_bytes(b"font two, longer")
    os.utime(font, ns=(1, 1))  # a different modification time, as after a deploy
    assert assets.version("fonts/plex.woff2") != font_version
    (tmp_path / "css/site.css").write_text("a{background:url(../fonts/plex.woff2)}")
    assert assets.version("fonts/plex.woff2") in assets.asset("css/site.css").body.decode()


def test_a_file_is_compressed_when_first_asked_for_in_that_coding_not_when_linked(tmp_path):
    """Each flask command and each gunicorn worker links to the stylesheet before it serves it,
    if ever: compressing at the best level when the version was looked up cost each 0.3 s."""
    (tmp_path / "site.css").write_text("body { color: black; } " * 200)
    assets = StaticAssets(str(tmp_path))
    assert assets.version("site.css")
    asset = assets.asset("site.css")
    assert asset._compressed == {} and asset.codings == ("br", "gzip")
    gzipped = asset.body_in("gzip")
    assert gzip.decompress(gzipped) == asset.body and set(asset._compressed) == {"gzip"}
    assert asset.body_in("gzip") is gzipped, "compressed once"
    assert brotli.decompress(asset.body_in("br")) == asset.body
