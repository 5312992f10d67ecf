"""Logging in on a phone, the time-out warning, and coming back after a time-out."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, log_in_in_browser, page_width, run_axe

AHMAD = "0202851234"  # demo citizen, Arabic
METTE = "0101901234"  # demo citizen, Danish
SIGNED_IN_PAGES = ["/min-side/", "/min-side/beskeder", "/min-side/aktivitet", "/min-side/kontakt"]


def test_log_in_with_a_code_in_arabic_on_a_360_px_phone(page, live):
    log_in_in_browser(page, live, AHMAD, "ar")
    assert urlsplit(page.url).path == "/min-side/"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert "Ahmad Al-Sayed" in page.locator("h1").inner_text()
    assert page_width(page) <= 360
    assert run_axe(page) == []


@pytest.mark.parametrize("lang", ["da", "en", "ar", "uk"])
def test_login_and_signed_in_pages_have_no_accessibility_violations(page, live, lang):
    page.goto(f"{live.url}/log-ind?lang={lang}")
    page.locator("form button[type=submit]").click()  # empty form: the error summary shows
    expect(page.locator("#error-summary")).to_be_visible()
    assert run_axe(page) == [], f"login with errors in {lang}"
    log_in_in_browser(page, live, METTE, lang)
    for path in SIGNED_IN_PAGES:
        page.goto(f"{live.url}{path}?lang={lang}")
        assert run_axe(page) == [], f"{path} in {lang}"
        assert page_width(page) <= 360, f"{path} in {lang}"
        assert page.csp_errors == []


@pytest.fixture
def tab_with_a_fake_clock(browser):
    """A context of its own: Playwright's fake clock stays in a context for good, and the kept
    tabs (conftest.Tabs) serve the tests after this one."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.clock.install()
    yield page
    context.close()


def test_the_time_out_warning_appears_and_stay_logged_in_works(tab_with_a_fake_clock, live):
    page = tab_with_a_fake_clock
    log_in_in_browser(page, live, METTE, "da")
    page.wait_for_load_state("load")  # the deferred script has set its timer
    dialog = page.locator("#session-dialog")
    assert not dialog.is_visible()
    page.clock.fast_forward("28:01")
    expect(dialog).to_be_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-session-stay')")
    assert run_axe(page) == []
    with page.expect_response(lambda r: r.url.endswith("/session/forny")) as renewal:
        page.locator("[data-session-stay]").click()
    assert renewal.value.status == 200 and renewal.value.json()["seconds_left"] > 29 * 60
    expect(dialog).to_be_hidden()
    page.clock.fast_forward("01:00")
    assert not dialog.is_visible(), "the next warning comes 28 minutes after renewing, not at once"


def test_a_timed_out_citizen_returns_to_the_same_page_after_logging_in(page, live):
    log_in_in_browser(page, live, METTE, "en")
    live.app.config["SESSION_IDLE_MINUTES"] = 0
    try:
        page.goto(f"{live.url}/min-side/aktivitet")
    finally:
        live.app.config["SESSION_IDLE_MINUTES"] = 30
    assert urlsplit(page.url).path == "/log-ind"
    assert "next=/min-side/aktivitet" in page.url
    assert "logged out" in page.locator("main").inner_text()
    log_in_in_browser(page, live, METTE, "en", next_path=page.url.removeprefix(live.url))
    assert urlsplit(page.url).path == "/min-side/aktivitet"
