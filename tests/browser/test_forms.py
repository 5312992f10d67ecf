"""Failed forms in Chromium: the error summary takes the focus and shows on screen, with and
without JavaScript, also far down the long staff citizen page."""

from playwright.sync_api import expect

from tests.browser.conftest import staff_log_in


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_the_error_summary_takes_the_focus_far_down_the_staff_citizen_page(page, live, staff_phone):
    staff_log_in(page, live, staff_phone, "da")
    page.locator("#q").fill("Ahmad")
    page.locator("form[role=search] button").click()
    page.get_by_role("link", name="Ahmad Al-Sayed").click()
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
