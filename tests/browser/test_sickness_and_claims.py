"""Sickness and invoices in Chromium: a citizen reports sick and well again in Arabic, hands in
a JPEG and a PDF on a 360 px phone, and a caseworker approves; zero axe violations."""

from datetime import timedelta

from playwright.sync_api import expect

from app.models.types import utcnow
from app.rules.dates import danish_today
from tests.browser.conftest import CASEWORKER, log_in_in_browser, page_width, run_axe, staff_log_in
from tests.claims import samples

FATIMA = "0808001234"  # demo citizen, Arabic


def fits(page, width: int) -> None:
    assert page_width(page) <= width


def day(days_from_today: int) -> str:
    return (danish_today(utcnow()) + timedelta(days=days_from_today)).isoformat()


def test_a_citizen_reports_sick_and_well_again_in_arabic(page, live):
    page.set_viewport_size({"width": 320, "height": 640})
    log_in_in_browser(page, live, FATIMA, "ar")
    page.locator("a[href$='/min-side/sygdom/']").first.click()
    assert run_axe(page) == [], "sickness form in Arabic"
    fits(page, 320)
    page.locator("form[action$='/meld-syg'] button").click()  # no first day: the error summary shows
    expect(page.locator("#error-summary")).to_be_visible()
    assert run_axe(page) == [], "sickness form with errors in Arabic"
    page.locator("#first_day").fill(day(-1))
    page.locator("#partial_hours").fill("7,5")
    page.locator("#note").fill("لا أستطيع الحضور إلى الاجتماع يوم الخميس")
    page.locator("form[action$='/meld-syg'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_text("لا أستطيع الحضور")).to_be_visible()
    assert run_axe(page) == [], "sickness receipt in Arabic"
    fits(page, 320)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    page.goto(f"{live.url}/min-side/sygdom/?lang=ar")
    page.locator("#recovered_on").fill(day(0))
    page.locator("form[action$='/rask'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert run_axe(page) == [], "receipt after recovery in Arabic"
    page.goto(f"{live.url}/min-side/?lang=ar")
    expect(page.locator("a[href$='/min-side/sygdom/']")).to_be_visible()  # not sick any more: "report sick"
    assert run_axe(page) == [], "front page in Arabic"


def test_a_citizen_hands_in_a_jpeg_and_a_pdf_and_a_caseworker_approves(new_tab, live, staff_phone):
    page = new_tab()
    log_in_in_browser(page, live, FATIMA, "ar", next_path="/min-side/udlaeg/ny")
    assert run_axe(page) == [], "claim form in Arabic"
    fits(page, 360)
    files = [
        {"name": "kvittering.jpg", "mimeType": "image/jpeg", "buffer": samples.jpeg()},
        {"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": samples.pdf()},
    ]
    page.locator("#files").set_input_files(files)
    page.locator("#vendor").fill("Bauhaus Rødovre")
    page.locator("#amount").fill("349,95")
    page.locator("form[action$='/ny'] button[type=submit]").click()  # no category, date or number yet
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("input[name=kept]")).to_have_count(2)  # the files are not lost
    assert page.locator("#vendor").input_value() == "Bauhaus Rødovre"
    assert run_axe(page) == [], "claim form with errors in Arabic"
    fits(page, 360)
    page.locator("#category-2").check()
    page.locator("#invoice_date").fill(day(-3))
    page.locator("#invoice_number").fill("FA-88812")
    page.locator("form[action$='/ny'] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("a[href*='/min-side/udlaeg/fil/']")).to_have_count(2)
    assert run_axe(page) == [], "claim page in Arabic"
    fits(page, 360)
    reference, claim_page = page.locator("h1").inner_text().split()[-1], page.url
    page.set_viewport_size({"width": 320, "height": 640})
    fits(page, 320)
    for path in ("/min-side/udlaeg/?lang=ar", "/min-side/udlaeg/ny?lang=ar"):
        page.goto(f"{live.url}{path}")
        assert run_axe(page) == [], path
        fits(page, 320)

    desk = new_tab({"width": 1280, "height": 720})  # Playwright's default size, as before
    staff_log_in(desk, live, staff_phone, "da", email=CASEWORKER)
    desk.goto(f"{live.url}/medarbejder/udlaeg/")
    assert run_axe(desk) == [], "review queue"
    desk.get_by_role("row").filter(has_text=reference).get_by_role("link").click()
    assert run_axe(desk) == [], "claim for review"
    desk.locator("form[action$='/godkend'] button").click()
    expect(desk.locator(".alert-success")).to_be_visible()
    expect(desk.get_by_text(reference)).to_have_count(0)
    page.goto(claim_page)
    expect(page.locator(".alert-success")).to_be_visible()  # the citizen sees the approval
