"""The paged receipts of a citizen with a year of history, on a 320 px phone in Danish and
Arabic: zero axe violations, and the paging links work."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Citizen
from tests.browser.conftest import log_in_in_browser, page_width, run_axe
from tests.job_search.test_receipt_pages import a_year_of_confirmations

CITIZENS = {"da": "0404921234", "ar": "0202851234"}  # demo citizens Sara and Ahmad


@pytest.fixture
def year_of_history(live, lang):
    with live.app.app_context():
        citizen = db.session.scalar(select(Citizen).where(Citizen.cpr == CITIZENS[lang]))
        assert citizen is not None, "the demo citizen is missing"
        a_year_of_confirmations(citizen)
        db.session.remove()


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_older_and_newer_receipts(page, live, lang, year_of_history):
    log_in_in_browser(page, live, CITIZENS[lang], lang, next_path="/min-side/kvitteringer")
    page.set_viewport_size({"width": 320, "height": 640})
    nav = page.locator("nav.receipt-pages")
    expect(nav).to_be_visible()
    nav.locator("a[rel=next]").click()
    page.wait_for_url("**/min-side/kvitteringer?side=2*")
    assert run_axe(page) == [], f"receipts page 2 in {lang}"
    assert page_width(page) <= 320
    page.locator("nav.receipt-pages a[rel=prev]").click()
    expect(page.locator("nav.receipt-pages a[rel=prev]")).to_have_count(0)
