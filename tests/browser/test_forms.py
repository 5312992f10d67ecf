"""Forms in Chromium: the error summary takes the focus and shows on screen (with and without
JavaScript, also far down the long staff citizen page), switching language keeps what was typed,
and "Stay logged in" renews the session and shows the new time."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import log_in_in_browser, staff_log_in


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_the_error_summary_takes_the_focus_on_a_staff_form(page, live, staff_phone):
    """The staff forms live on sub-pages of the citizen overview (issue 23: the overview with every
    form on it was 24-29 KB); a failed one comes back with its summary on screen and focused."""
    staff_log_in(page, live, staff_phone, "da")
    page.locator("#q").fill("Ahmad")
    page.locator("form[role=search] button").click()
    page.get_by_role("link", name="Ahmad Al-Sayed").click()
    page.get_by_role("link", name="Skift telefon eller e-mail").click()
    page.locator("form[action$='/kontakt'] button").click()  # no ID chosen
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.title().startswith("Fejl: ")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    assert in_view(page, "#error-summary"), "the summary of the contact form is on screen"
    following = page.locator("#error-summary + form").get_attribute("action")
    assert following.endswith("/kontakt"), "the summary sits at the top of the form that failed"


def test_without_javascript_autofocus_moves_the_focus(browser, live):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live.url}/log-ind?lang=ar")
    page.locator("form[novalidate] button[type=submit], form button[type=submit]").last.click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.title().startswith("خطأ")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    context.close()


METTE = "0101901234"  # demo citizen, Danish


def test_switching_language_on_a_failed_invoice_keeps_what_was_typed(page, live):
    log_in_in_browser(page, live, METTE, "da", next_path="/min-side/udlaeg/ny")
    page.locator("#vendor").fill("Bauhaus Rødovre")
    page.locator("#amount").fill("1.234,50")
    page.locator("form[action$='/ny'] button[type=submit]").click()  # no category, date or file
    expect(page.locator("#error-summary")).to_be_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/min-side/udlaeg/ny")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#vendor").input_value() == "Bauhaus Rødovre"
    assert page.locator("#amount").input_value() == "1.234,50"
    expect(page.locator("#error-summary")).to_contain_text("Choose what you paid for")
    assert page.title().startswith("Error: ")


def test_stay_logged_in_renews_the_session_and_shows_the_new_time(page, live):
    log_in_in_browser(page, live, METTE, "da")
    soon = (datetime.now(UTC) + timedelta(seconds=123)).isoformat()  # the dialog comes in 3 s

    def ends_soon(route):
        response = route.fetch()
        html = re.sub(r'data-session-ends="[^"]+"', f'data-session-ends="{soon}"', response.text())
        route.fulfill(response=response, body=html)

    page.route("**/min-side/", ends_soon)
    page.goto(f"{live.url}/min-side/")
    page.evaluate("document.querySelector('.session-ends-at').textContent = '00.00'")
    dialog = page.locator("#session-dialog")
    expect(dialog).to_be_visible(timeout=15_000)
    dialog.get_by_role("button").click()
    expect(dialog).to_be_hidden()
    renewed = page.evaluate("document.body.dataset.sessionEnds")
    assert datetime.fromisoformat(renewed) > datetime.now(UTC) + timedelta(minutes=29)
    shown = page.locator(".session-ends-at").inner_text()
    assert re.fullmatch(r"\d{2}[.:]\d{2}", shown) and shown != "00.00"
    page.unroute("**/min-side/")
    page.reload()
    assert page.locator(".session-ends-at").inner_text() == shown  # the server agrees
