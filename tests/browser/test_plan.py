"""Min Plan in Chromium: citizens read and confirm their plan in Ukrainian and Arabic on a 360 px
phone (and 320 px), and a caseworker writes and publishes a plan; zero axe violations."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN, log_in_in_browser, page_width, run_axe, staff_log_in

# Demo citizens with a new plan to confirm: Olena (one version), Ahmad (two versions).
CITIZENS = {"uk": "0303951234", "ar": "0202851234"}


def fits(page, width: int) -> None:
    assert page_width(page) <= width


@pytest.mark.parametrize("lang", ["uk", "ar"])
def test_the_citizen_reads_and_confirms_the_plan_on_a_phone(page, live, lang):
    log_in_in_browser(page, live, CITIZENS[lang], lang)
    page.locator("a[href$='/min-side/plan/']").first.click()
    page.wait_for_url("**/min-side/plan/**")
    expect(page.locator(".plan-activity").first).to_be_visible()
    assert run_axe(page) == [], f"plan page in {lang}"
    fits(page, 360)
    if lang == "ar":
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.locator(".plan-text").first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    page.locator("form[action$='/bekraeft'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("form[action$='/bekraeft']")).to_have_count(0)
    assert run_axe(page) == [], f"plan page after confirming in {lang}"
    page.set_viewport_size({"width": 320, "height": 640})
    fits(page, 320)


def test_the_citizen_sees_what_changed_and_writes_a_comment_in_arabic(page, live):
    log_in_in_browser(page, live, CITIZENS["ar"], "ar", next_path="/min-side/plan/")
    page.set_viewport_size({"width": 320, "height": 640})
    page.locator("a[href$='/aendringer']").click()
    expect(page.locator("ins").first).to_be_visible()
    assert run_axe(page) == [], "changes page in Arabic"
    fits(page, 320)
    page.goto(f"{live.url}/min-side/plan/versioner?lang=ar")
    assert run_axe(page) == [], "versions page in Arabic"
    fits(page, 320)
    page.goto(f"{live.url}/min-side/plan/?lang=ar")
    page.locator("form[action$='/kommentar'] button").click()  # empty: the error summary shows
    expect(page.locator("#error-summary")).to_be_visible()
    assert run_axe(page) == [], "comment error in Arabic"
    page.locator("#text").fill("لا أستطيع قيادة الرافعة بسبب ظهري")
    page.locator("#disagrees").check()
    page.locator("form[action$='/kommentar'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_text("لا أستطيع قيادة الرافعة")).to_be_visible()


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_a_caseworker_writes_and_publishes_a_plan(page, live, staff_phone, lang):
    staff_log_in(page, live, staff_phone, lang, email=ADMIN)
    page.goto(f"{live.url}/medarbejder/?lang={lang}")
    page.locator("#q").fill("Mette")
    page.locator("form[role=search] button").click()
    page.get_by_role("link", name="Mette Hansen").click()
    page.locator("a[href$='/plan']").click()
    assert run_axe(page) == [], f"staff plan page in {lang}"
    page.locator("a[href$='/plan/ny']").click()
    fits(page, 360)
    page.locator("#goals").fill("")  # the second run starts from the first run's version
    page.locator("button[value=publish]").click()  # no goals: the error summary links to the field
    expect(page.locator("#error-summary")).to_be_visible()
    assert run_axe(page) == [], f"plan editor with errors in {lang}"
    # each run writes something new: publishing the version in force word for word is refused
    page.locator("#goals").fill(f"Fast job som sygeplejerske i Region Hovedstaden ({lang}).")
    page.locator("#activities-0-title").fill("Sprogkursus")
    page.locator("button[value=add]").click()  # without JavaScript's help: the page adds a row
    expect(page.locator("#activities-1-title")).to_be_visible()
    assert page.locator("#activities-0-title").input_value() == "Sprogkursus"  # nothing typed is lost
    page.locator("#activities-0-purpose").fill("Dansk på niveau 3 til autorisationen.")
    page.locator("#activities-0-starts_on").fill("2027-01-04")
    page.locator("#activities-0-hours_per_week").fill("7,5")
    page.locator("#contact_person").fill("Kim Hansen, 33 66 33 66")
    page.locator("button[value=publish]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_text("Dansk på niveau 3 til autorisationen.")).to_be_visible()
    assert run_axe(page) == [], f"published plan for staff in {lang}"
    fits(page, 360)
    page.goto(f"{live.url}/medarbejder/opfoelgning/planer?lang={lang}")
    expect(page.get_by_role("link", name="Mette Hansen")).to_be_visible()
    assert run_axe(page) == [], f"plans to follow up in {lang}"
    fits(page, 360)
