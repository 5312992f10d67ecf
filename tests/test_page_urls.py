"""Templates' url_for remembers the addresses that never vary by request (app/page_urls.py), and
still gives the address Flask would build: where the portal is mounted, a static file's new
version, an address with values."""

import re

import pytest
from flask import render_template_string, url_for

pytestmark = pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py

TEMPLATE = (
    "{{ url_for('public.landing') }} {{ url_for('static', filename='css/app.css') }} "
    "{{ url_for('public.landing', lang='en') }} {{ url_for('public.landing', _anchor='top') }}"
)


def rendered(app, script_root: str = "") -> str:
    with app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
        return render_template_string(TEMPLATE)


def built_by_flask(app, script_root: str = "") -> str:
    with app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
        return " ".join(
            [
                url_for("public.landing"),
                url_for("static", filename="css/app.css"),
                url_for("public.landing", lang="en"),
                url_for("public.landing", _anchor="top"),
            ]
        )


def test_addresses_are_built_once_and_are_what_flask_builds(app):
    built = []  # every address Flask builds passes its url_defaults hooks
    app.url_default_functions.setdefault(None, []).append(lambda endpoint, values: built.append(endpoint))
    first = rendered(app)
    assert len(built) == 4
    second = rendered(app)
    assert len(built) == 6  # again only the address with values and the one with an anchor
    assert first == second == built_by_flask(app)


def test_an_address_follows_where_the_portal_is_mounted(app):
    assert rendered(app) == built_by_flask(app)
    mounted = rendered(app, "/borger")
    assert mounted == built_by_flask(app, "/borger")
    assert mounted.startswith("/borger/")


def test_a_changed_static_file_gets_its_new_version_on_the_next_page(app, tmp_path):
    (tmp_path / "site.css").write_text("a{color:red}")
    assets = app.extensions["static_assets"]
    assets.folder = str(tmp_path)
    template = "{{ url_for('static', filename='site.css') }}"
    with app.test_request_context("/"):
        before = render_template_string(template)
        (tmp_path / "site.css").write_text("a{color:blue;background:none}")
        after = render_template_string(template)
    versions = [re.search(r"v=([0-9a-f]{12})", url).group(1) for url in (before, after)]
    assert versions[0] != versions[1]


def test_a_page_reads_where_the_portal_is_mounted_once_and_builds_the_same_addresses(app):
    """A page's context has the templates' url_for bound to this request's script root."""
    with app.test_request_context("/", base_url="http://localhost/borger/"):
        bound = render_template_string(TEMPLATE)
        from_macro = render_template_string("{% macro links() %}" + TEMPLATE + "{% endmacro %}{{ links() }}")
    assert bound == from_macro == built_by_flask(app, "/borger")
