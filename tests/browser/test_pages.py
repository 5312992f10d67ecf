"""Every page, in every language: zero axe violations, usable at 320 px, right-to-left in Arabic."""

import os
from pathlib import Path

import pytest
from werkzeug.exceptions import NotFound

from app import create_app
from app.access import access_rule
from tests.browser.conftest import PHONE, page_width, run_axe
from tests.pages import LANGUAGES, public_pages


def what_a_visitor_sees(app) -> list[str]:
    """The public pages, the page for an unknown address, and one page behind each kind of login.
    Every other page behind a login shows a visitor who is not logged in the same login page and
    notice: 31 of the 45 visits per language were the same three login pages again. The pages
    behind the logins are checked by the tests that log in (test_login, test_staff ...)."""
    urls = app.url_map.bind("localhost")
    pages, logins_seen = [], set()
    for path in public_pages(app):
        kind = _behind(app, urls, path)
        if kind == "public" or kind not in logins_seen:
            pages.append(path)
            logins_seen.add(kind)
    return pages


def _behind(app, urls, path: str) -> str:
    """The kind of login the page is behind ("case", "citizen", "helper", "staff"), or "public"."""
    try:
        rule = urls.match(path, return_rule=True)[0]
    except NotFound:
        return "public"  # the page for an unknown address
    return access_rule(app.view_functions[rule.endpoint]).split(":")[0]


PAGES = what_a_visitor_sees(create_app("testing"))
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/borgerportal-screenshots"))
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def one_page(browser):
    """One browser page for the module's visits to the public pages: they need no cookies, so a
    page per visit (a new context each, 0.7 s) bought nothing. Cookies are cleared before each."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text))
    yield page
    context.close()


@pytest.fixture
def public_page(one_page):
    one_page.context.clear_cookies()
    one_page.csp_errors.clear()
    return one_page


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_page_fits_320_px_and_has_no_accessibility_violations(public_page, live_server, path, lang):
    """One visit per page and language (it was two, each in a new context): measured at 320 px,
    then widened to 360 px and checked by axe, without loading it again."""
    page = public_page
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server}{path}?lang={lang}")
    width = page_width(page)
    if path in ("/", "/tilgaengelighed"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = path.strip("/") or "landing"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{lang}-320.png"), full_page=True)
    page.set_viewport_size(PHONE)
    violations = run_axe(page)
    assert width <= 320, f"{path} in {lang} is {width}px wide at 320px"
    assert violations == [], f"{path} in {lang}: {violations}"
    assert page.csp_errors == [], f"{path} in {lang} breaks the CSP: {page.csp_errors}"


def test_arabic_mirrors_the_layout(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/?lang=ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    item = page.locator(".task-list > li").first
    assert item.evaluate("e => getComputedStyle(e).borderRightWidth") == "4px"
    assert item.evaluate("e => getComputedStyle(e).borderLeftWidth") == "0px"
    heading = page.locator("h1").bounding_box()
    assert heading["x"] + heading["width"] > 1280 / 2, "the heading should start at the right"
    page.screenshot(path=str(SCREENSHOTS / "landing-ar-1280.png"), full_page=True)


def test_skip_link_moves_focus_to_the_main_content(page, live_server):
    page.goto(f"{live_server}/?lang=ar")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skipnav"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_language_switcher_keeps_the_page(page, live_server):
    page.goto(f"{live_server}/tilgaengelighed?lang=da")
    page.get_by_role("link", name="Українська").click()
    page.wait_for_url("**/tilgaengelighed?lang=uk")
    assert page.evaluate("document.documentElement.lang") == "uk"


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server}/?lang=en")
    assert page.locator("h1").inner_text() == "Your page at the jobcenter"
    context.close()


def test_the_axe_harness_reports_a_real_violation(page):
    """Guards the guard: a page with an unlabeled field and an image without alt text must fail."""
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input></main></html>')
    found = {violation["id"] for violation in run_axe(page)}
    assert {"image-alt", "label"} <= found


def test_the_visits_cover_every_public_page_and_each_login():
    app = create_app("testing")
    urls = app.url_map.bind("localhost")
    public = [path for path in public_pages(app) if _behind(app, urls, path) == "public"]
    assert set(public) <= set(PAGES) and {"/", "/tilgaengelighed", "/this-page-does-not-exist"} <= set(PAGES)
    assert {"/min-side/", "/hjaelper/", "/medarbejder/"} <= set(PAGES)  # case, helper, staff logins
    assert len(PAGES) == len(public) + 4  # and the citizen's own pages' login
