"""Project-wide rules: every route declares who may use it; every page is valid HTML with a title."""

import re

import html5lib
import pytest

from app.access import access_rule
from tests.pages import LANGUAGES, public_pages

pytestmark = pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py


def test_every_route_declares_who_may_use_it(app):
    undeclared = [endpoint for endpoint, view in app.view_functions.items() if access_rule(view) is None]
    assert undeclared == [], f"routes without an access rule (@public, ...): {undeclared}"


def test_each_blueprint_is_named_after_its_package(app):
    """An endpoint says where its view lives: `plan.current` in app/plan, `plan_staff.x` in
    app/plan/staff_routes.py (the package, then what sets the blueprint apart)."""
    misnamed = []
    for name, blueprint in app.blueprints.items():
        package = blueprint.import_name.split(".")[1]
        if name != package and not name.startswith(f"{package}_"):
            misnamed.append(f"{name} ({blueprint.import_name})")
    assert misnamed == []


def test_the_page_list_covers_the_landing_page_and_the_accessibility_statement(app):
    assert {"/", "/tilgaengelighed"} <= set(public_pages(app))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_a_title_and_is_valid_html(app, lang):
    client = app.test_client()
    for path in public_pages(app):
        page = client.get(f"{path}?lang={lang}").get_data(as_text=True)
        title = re.search(r"<title>([^<]+)</title>", page)
        assert title and title.group(1).strip(), f"{path} has no <title> in {lang}"
        _assert_valid_html(page, path)


def _assert_valid_html(page: str, path: str) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(page)
    except html5lib.html5parser.ParseError as error:
        line = page.splitlines()[parser.errors[0][0][0] - 1] if parser.errors else ""
        pytest.fail(f"{path}: invalid HTML ({error}) near: {line.strip()}")
