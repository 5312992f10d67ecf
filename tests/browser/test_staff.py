"""Front-desk staff help a citizen: find them, send a code, print a letter. Zero axe violations."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN, page_width, run_axe, staff_log_in


@pytest.mark.parametrize("lang", ["da", "en", "ar", "uk"])
def test_front_desk_helps_a_citizen_with_no_accessibility_violations(page, live, staff_phone, lang):
    staff_log_in(page, live, staff_phone, lang)
    page.locator("#q").fill("Ahmad")
    page.locator("form[role=search] button").click()
    assert run_axe(page) == [], f"search in {lang}"
    page.get_by_role("link", name="Ahmad Al-Sayed").click()
    assert run_axe(page) == [], f"citizen page in {lang}"
    page.locator("a[href$='/send-kode']").first.click()  # each form is on a page of its own
    assert run_axe(page) == [], f"login help page in {lang}"
    page.locator("form[action$='/send-kode'] button").click()  # no way chosen: the error summary shows
    expect(page.locator("#error-summary")).to_be_focused()
    assert run_axe(page) == [], f"login help page with errors in {lang}"
    page.locator("#channel-0").check()
    page.locator("form[action$='/send-kode'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()  # back on the overview
    page.locator("a[href$='/kontakt']").first.click()
    page.locator("form[action$='/kontakt'] button").click()  # no ID chosen: the error summary shows
    expect(page.locator("#error-summary")).to_be_focused()
    assert run_axe(page) == [], f"contact page with errors in {lang}"
    assert page_width(page) <= 360
    page.get_by_role("link", name="Ahmad Al-Sayed").first.click()  # the way back to the overview
    page.locator("a[href$='/send-kode']").first.click()
    page.locator("form[action$='/kodebrev'] button").click()
    page.wait_for_url("**/medarbejder/udskrifter")
    assert run_axe(page) == [], f"print queue in {lang}"
    assert page_width(page) <= 360
    page.locator("form[action$='/log-ud'] button").click()


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_admin_staff_page_has_no_accessibility_violations(page, live, staff_phone, lang):
    staff_log_in(page, live, staff_phone, lang, email=ADMIN)
    page.goto(f"{live.url}/medarbejder/medarbejdere?lang={lang}")
    assert run_axe(page) == [], f"staff list in {lang}"
    page.locator("form[novalidate] button[type=submit]").last.click()  # empty: errors show
    expect(page.locator("#error-summary")).to_be_visible()
    assert run_axe(page) == [], f"staff list with errors in {lang}"
    assert page_width(page) <= 360


@pytest.mark.parametrize(("lang", "helper_phone"), [("da", "+4540223301"), ("ar", "+4540223302")])
def test_front_desk_registers_a_paper_mandate_and_takes_it_back(page, live, staff_phone, lang, helper_phone):
    staff_log_in(page, live, staff_phone, lang)
    page.locator("#q").fill("Ivan")
    page.locator("form[role=search] button").click()
    page.get_by_role("link", name="Ivan Petrenko").click()
    page.locator("a[href$='/fuldmagt']").click()
    page.locator("form[novalidate] button[type=submit]").click()  # empty: errors show
    expect(page.locator("#error-summary")).to_be_visible()
    assert run_axe(page) == [], f"paper mandate form with errors in {lang}"
    page.locator("#name").fill("Oksana Petrenko")
    page.locator("#phone").fill(helper_phone)
    page.locator("#signed_on").fill("2026-11-20")
    page.locator("#checked").check()
    page.locator("form[novalidate] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#mandates + ul")).to_contain_text("Oksana Petrenko")
    assert run_axe(page) == [], f"citizen page with a mandate in {lang}"
    page.locator("form[action$='/tilbagekald'] button").first.click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("form[action$='/tilbagekald']")).to_have_count(0)
    assert page_width(page) <= 360


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_a_new_colleague_sets_a_password_with_the_link_the_admin_got(new_tab, page, live, staff_phone, lang):
    staff_log_in(page, live, staff_phone, lang, email=ADMIN)
    page.goto(f"{live.url}/medarbejder/medarbejdere?lang={lang}")
    page.locator("#name").fill("Ny Kollega")
    page.locator("#email").fill(f"ny-{lang}@koebenhavn.example.dk")
    page.locator("#role-1").check()
    page.locator("form[novalidate] button[type=submit]").last.click()
    link = page.locator("#password-link-value").input_value()
    assert "/medarbejder/adgangskode/" in link
    assert run_axe(page) == [], f"staff list with a new link in {lang}"

    newcomer = new_tab()
    newcomer.goto(live.url + link[link.index("/medarbejder/") :] + f"?lang={lang}")
    newcomer.wait_for_url(re.compile(r".*/medarbejder/adgangskode(\?.*)?$"))
    newcomer.locator("#password").fill("a long password of mine")
    newcomer.locator("#repeat").fill("another one")
    newcomer.locator("form[novalidate] button[type=submit]").click()
    expect(newcomer.locator("#error-summary")).to_be_visible()
    assert run_axe(newcomer) == [], f"set-password page with errors in {lang}"
    assert page_width(newcomer) <= 360
    newcomer.locator("#password").fill("a long password of mine")
    newcomer.locator("#repeat").fill("a long password of mine")
    newcomer.locator("form[novalidate] button[type=submit]").click()
    newcomer.wait_for_url("**/medarbejder/log-ind")
    expect(newcomer.locator(".alert-success")).to_be_visible()
