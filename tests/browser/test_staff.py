"""Front-desk staff help a citizen: find them, send a code, print a letter. Zero axe violations."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN, run_axe, staff_log_in


@pytest.mark.parametrize("lang", ["da", "en", "ar", "uk"])
def test_front_desk_helps_a_citizen_with_no_accessibility_violations(page, live, staff_phone, lang):
    staff_log_in(page, live, staff_phone, lang)
    page.locator("#q").fill("Ahmad")
    page.locator("form[role=search] button").click()
    assert run_axe(page) == [], f"search in {lang}"
    page.get_by_role("link", name="Ahmad Al-Sayed").click()
    assert run_axe(page) == [], f"citizen page in {lang}"
    page.locator("#channel-0").check()
    page.locator("form[action$='/send-kode'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator("form[action$='/kontakt'] button").click()  # no ID chosen: the error summary shows
    expect(page.locator("#error-summary")).to_be_visible()
    assert run_axe(page) == [], f"citizen page with errors in {lang}"
    page.locator("form[action$='/kodebrev'] button").click()
    page.wait_for_url("**/medarbejder/udskrifter")
    assert run_axe(page) == [], f"print queue in {lang}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("form[action$='/log-ud'] button").click()


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_admin_staff_page_has_no_accessibility_violations(page, live, staff_phone, lang):
    staff_log_in(page, live, staff_phone, lang, email=ADMIN)
    page.goto(f"{live.url}/medarbejder/medarbejdere?lang={lang}")
    assert run_axe(page) == [], f"staff list in {lang}"
    page.locator("form[novalidate] button[type=submit]").last.click()  # empty: errors show
    expect(page.locator("#error-summary")).to_be_visible()
    assert run_axe(page) == [], f"staff list with errors in {lang}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
