"""Meetings in Chromium: an Arabic citizen on a 320 px phone reads a meeting, downloads its
calendar file and says they cannot come; a Danish caseworker books and records a meeting.
Zero axe violations; screenshots in the screenshot folder for a human look."""

import os
from datetime import timedelta
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import expect

from app.models.types import utcnow
from app.rules.dates import danish_today
from tests.browser.conftest import CASEWORKER, log_in_in_browser, page_width, run_axe, staff_log_in

AHMAD = "0202851234"  # demo citizen, Arabic, a phone meeting in 3 days
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/borgerportal-screenshots"))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_arabic_citizen_reads_downloads_and_cannot_come_at_320_px(page, live):
    page.set_viewport_size({"width": 320, "height": 640})
    log_in_in_browser(page, live, AHMAD, "ar")
    assert run_axe(page) == [], "front page with the next meeting in Arabic"
    page.locator("#next-title ~ p a[href*='/min-side/samtaler/']").first.click()
    page.wait_for_load_state("load")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page_width(page) <= 320
    assert run_axe(page) == [], "meeting page in Arabic"
    shot(page, "meeting-ar-320")
    assert AHMAD not in page.content()

    with page.expect_download() as download:
        page.locator("a[href$='.ics']").click()
    [event] = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert (
        str(event["uid"]).startswith("meeting-")
        and str(event.decoded("dtstart").tzinfo) == "Europe/Copenhagen"
    )

    page.locator("form[action$='/kan-ikke-komme'] button").click()  # no reason: the error summary
    expect(page.locator("#error-summary")).to_be_visible()
    assert run_axe(page) == [], "cannot come with errors in Arabic"
    page.locator("label[for='reason-1']").click()  # a job interview or work
    page.locator("#text").fill("عندي مقابلة عمل في نفس الوقت")
    page.locator("label[for='wish-1']").click()  # another day
    page.locator("form[action$='/kan-ikke-komme'] button").click()
    expect(page.locator("#receipt")).to_be_visible()
    expect(page.get_by_text("عندي مقابلة عمل")).to_be_visible()
    assert page_width(page) <= 320
    assert run_axe(page) == [], "receipt in Arabic"
    shot(page, "meeting-receipt-ar-320")

    page.goto(f"{live.url}/min-side/samtaler/?lang=da")  # the list, in Danish, at 320 px too
    assert page_width(page) <= 320
    assert run_axe(page) == [], "the meetings list in Danish"
    page.locator("a[href*='/min-side/samtaler/']").first.click()
    assert page_width(page) <= 320
    shot(page, "meeting-da-320")


def test_a_danish_caseworker_books_and_records_a_meeting(page, live, staff_phone):
    staff_log_in(page, live, staff_phone, "da", email=CASEWORKER)
    page.goto(f"{live.url}/medarbejder/?lang=da")
    page.locator("#q").fill("Mette Hansen")
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name="Mette Hansen").first.click()
    page.locator("a[href*='/borger/'][href$='/samtaler']").click()  # the booking form has a page of its own
    page.wait_for_load_state("load")
    day = (danish_today(utcnow()) + timedelta(days=50)).isoformat()  # after her deadline: a warning
    page.locator("#meeting-day").fill(day)
    page.locator("#meeting-clock").fill("10:30")
    page.locator("#meeting-agenda").fill("Vi taler om dit CV.")
    page.locator("form[action$='/samtaler'] button").click()
    expect(page.locator(".alert-warning")).to_be_visible()
    assert run_axe(page) == [], "booking warnings in Danish"
    page.locator("form[action$='/samtaler'] button").click()  # book anyway
    expect(page.locator(".alert-success")).to_be_visible()
    assert run_axe(page) == [], "the booked meeting for staff"
    shot(page, "staff-meeting-da")
    page.locator("label[for='outcome-outcome-2']").click()  # cancelled by the jobcenter
    page.locator("#outcome-note").fill("Sagsbehandler på kursus.")
    page.locator("form[action$='/udfald'] button").click()
    expect(page.get_by_text("Aflyst af jobcentret").first).to_be_visible()
    page.goto(f"{live.url}/medarbejder/rettidighed?lang=da")
    assert run_axe(page) == [], "timeliness report in Danish"
    shot(page, "timeliness-da")
