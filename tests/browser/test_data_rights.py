"""Data rights in Chromium: a citizen downloads all their data on a 320 px phone, and the new
pages (messages, who has looked, activity with the download, contact choices, the staff citizen
page) have zero axe violations in all four languages and fit 320 px."""

import json
import zipfile

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Citizen
from tests.browser.conftest import log_in_in_browser, page_width, run_axe, staff_log_in

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
