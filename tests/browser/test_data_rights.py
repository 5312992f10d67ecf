"""Data rights in Chromium: a citizen downloads all their data on a 320 px phone, and the new
pages (messages, who has looked, activity with the download, contact choices, the staff citizen
page) have zero axe violations in all four languages and fit 320 px; so does the activity page
with a large copy preparing, ready and failed, in Danish and Arabic."""

import json
import os
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.extensions import db
from app.models import Citizen, DataExport, StaffUser
from app.models.types import utcnow
from app.rights import large
from tests.browser.conftest import FRONT_DESK, log_in_in_browser, page_width, run_axe, staff_log_in

OLENA = "0303951234"  # demo citizen with a plan and an invoice with a file, Ukrainian
PAGES = ["/min-side/beskeder", "/min-side/opslag", "/min-side/aktivitet", "/min-side/kontakt"]


def test_a_citizen_downloads_all_their_data_at_320_px(page, live):
    page.set_viewport_size({"width": 320, "height": 640})
    log_in_in_browser(page, live, OLENA, "uk", next_path="/min-side/aktivitet")
    assert page_width(page) <= 320
    button = page.locator("form[action$='/alle-data'] button")
    button.scroll_into_view_if_needed()
    with page.expect_download() as download:
        button.click()
    path = download.value.path()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
        pdf = archive.read("borgerportal.pdf")
    assert data["person"]["name"] == "Olena Kovalenko" and pdf.startswith(b"%PDF")
    assert [claim["files"][0]["path_in_zip"] in names for claim in data["claims"]] == [True]
    assert download.value.suggested_filename == "borgerportal-data.zip"


@pytest.mark.parametrize("lang", ["da", "en", "ar", "uk"])
def test_the_new_citizen_pages_pass_axe_and_fit_320_px(page, live, lang):
    page.set_viewport_size({"width": 320, "height": 640})
    log_in_in_browser(page, live, OLENA, lang)
    for path in PAGES:
        page.goto(f"{live.url}{path}?lang={lang}")
        assert run_axe(page) == [], f"{path} in {lang}"
        assert page_width(page) <= 320, f"{path} in {lang}"


def test_the_contact_choices_with_an_error_pass_axe(page, live):
    log_in_in_browser(page, live, "0202851234", "ar", next_path="/min-side/kontakt")  # Ahmad: no e-mail
    page.locator("#prefs-first_channel-1").check()  # e-mail first, without an e-mail
    page.locator("form[action$='/kontakt/valg'] button").click()
    assert page.locator("#error-summary").is_visible()
    assert run_axe(page) == [], "contact choices with an error in Arabic"


def test_the_staff_citizen_page_with_the_journal_and_the_copy_passes_axe(page, live, staff_phone):
    with live.app.app_context():
        citizen_id = db.session.scalar(select(Citizen.id).where(Citizen.cpr == OLENA))
        db.session.remove()
    staff_log_in(page, live, staff_phone, "da")
    page.goto(f"{live.url}/medarbejder/borger/{citizen_id}?lang=da")
    assert page.locator("form[action$='/alle-data']").count() == 1
    assert run_axe(page) == [], "staff citizen page"


# Demo citizens no other browser test uses, so their copies disturb nothing else.
COPY_STATES = {"da": "0404921234", "ar": "0808001234"}
SCREENSHOTS = os.environ.get("DATA_RIGHTS_SCREENSHOTS")  # a folder: keep the screenshots there
STATE_TEXTS = {
    "preparing": "We are preparing your copy. We will send you a message when you can download it here.",
    "ready": "You can download it until %(date)s.",
    "failed": "We could not prepare the copy. Ask for it again, or call the jobcenter.",
}


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_the_activity_page_shows_a_large_copy_preparing_ready_and_failed_at_320_px(
    page, live, lang, tmp_path
):
    """The request only records the wish (every copy is "large" here), the worker builds it, and a
    copy that could not be built says so: each state passes axe and fits 320 px, right to left in
    Arabic, in the page's language."""
    limit = live.app.config["DATA_EXPORT_FILES_IN_REQUEST"]
    live.app.config["DATA_EXPORT_FILES_IN_REQUEST"] = -1
    try:
        page.set_viewport_size({"width": 320, "height": 640})
        log_in_in_browser(page, live, COPY_STATES[lang], lang, next_path="/min-side/aktivitet")
        page.locator("form[action$='/alle-data'] button").click()
        _check_state(page, live, lang, "preparing", tmp_path)
        _in_the_worker(live, large.build_pending)
        page.goto(f"{live.url}/min-side/aktivitet?lang={lang}")
        _check_state(page, live, lang, "ready", tmp_path)
        with page.expect_download() as download:
            page.locator("a[href$='/alle-data/klar']").click()
        assert download.value.suggested_filename == "borgerportal-data.zip"
        _in_the_worker(live, lambda now: _a_failed_copy(COPY_STATES[lang], now))
        page.goto(f"{live.url}/min-side/aktivitet?lang={lang}")
        _check_state(page, live, lang, "failed", tmp_path)
    finally:
        live.app.config["DATA_EXPORT_FILES_IN_REQUEST"] = limit
        _in_the_worker(live, lambda now: _forget_copies(COPY_STATES[lang]))


def _check_state(page, live, lang: str, state: str, folder) -> None:
    page.wait_for_load_state("load")
    english = STATE_TEXTS[state]
    with live.app.test_request_context(), force_locale(lang):
        expected = gettext(english).split("%(date)s")[0].strip()
    assert expected != english.split("%(date)s")[0].strip()  # translated
    copies = page.locator("ul.bordered-list").last
    assert expected in copies.inner_text(), f"{state} in {lang}"
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert run_axe(page) == [], f"activity page, copy {state}, in {lang}"
    assert page_width(page) <= 320, f"activity page, copy {state}, in {lang}"
    for where in filter(None, (folder, SCREENSHOTS)):
        Path(where).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{where}/activity-copy-{state}-{lang}-320.png", full_page=True)


def _in_the_worker(live, job) -> None:
    with live.app.app_context():
        job(utcnow())
        db.session.commit()
        db.session.remove()


def _a_failed_copy(cpr: str, now) -> None:
    citizen = db.session.scalar(select(Citizen).where(Citizen.cpr == cpr))
    db.session.add(
        DataExport(citizen_id=citizen.id, asked_by_type="citizen", asked_by_id=citizen.id, language="da",
                   failed_at=now, expires_at=now + timedelta(days=7))
    )  # fmt: skip


def _forget_copies(cpr: str, now=None) -> None:
    citizen_id = db.session.scalar(select(Citizen.id).where(Citizen.cpr == cpr))
    for export in db.session.scalars(select(DataExport).where(DataExport.citizen_id == citizen_id)):
        db.session.delete(export)


DESK_STATES = {
    "preparing": "We are preparing the copy. You can download it on this page when it is ready.",
    "ready": "You can download it until %(date)s.",
    "failed": "We could not prepare the copy. Try again, or tell the IT support.",
}


def test_the_staff_citizen_page_shows_a_desk_copy_preparing_ready_and_failed(page, live, staff_phone):
    with live.app.app_context():
        citizen_id = db.session.scalar(select(Citizen.id).where(Citizen.cpr == OLENA))
        db.session.remove()
    staff_log_in(page, live, staff_phone, "da")
    try:
        for state, english in DESK_STATES.items():
            _in_the_worker(live, lambda now, state=state: _a_desk_copy(citizen_id, state, now))
            page.goto(f"{live.url}/medarbejder/borger/{citizen_id}?lang=da")
            with live.app.test_request_context(), force_locale("da"):
                expected = gettext(english).split("%(date)s")[0].strip()
            assert expected in page.locator("main").inner_text(), state
            assert run_axe(page) == [], f"staff citizen page, desk copy {state}"
    finally:
        _in_the_worker(live, lambda now: _forget_copies(OLENA))


def _a_desk_copy(citizen_id: int, state: str, now) -> None:
    """The newest desk copy of the demo front-desk user (the page lists only the newest)."""
    staff_id = db.session.scalar(select(StaffUser.id).where(StaffUser.email == FRONT_DESK))
    copy = DataExport(citizen_id=citizen_id, asked_by_type="staff", asked_by_id=staff_id, language="uk")
    if state == "ready":
        copy.stored_name, copy.ready_at, copy.expires_at = "not-fetched.zip", now, now + timedelta(days=7)
    if state == "failed":
        copy.failed_at, copy.expires_at = now, now + timedelta(days=7)
    db.session.add(copy)
