"""Confirming job search on a 360 px phone in Danish and Arabic, the receipt, and the staff
follow-up pages: zero axe violations."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN, log_in_in_browser, page_width, run_axe, staff_log_in

# Citizens of their own: a helper in test_mandates confirms for the demo citizens, and the
# browser tests share one live server, so a demo citizen's button may already be gone.
NEW_CITIZENS = {"da": "1505881234", "ar": "1606871234"}


def _citizen_who_has_not_confirmed(live, lang: str) -> str:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Citizen
    from tests.factories import make_citizen

    cpr = NEW_CITIZENS[lang]
    with live.app.app_context():
        if db.session.scalar(select(Citizen.id).where(Citizen.cpr == cpr)) is None:
            demo = db.session.scalar(select(Citizen).where(Citizen.cpr == "0101901234"))
            make_citizen(jobcenter=demo.jobcenter, cpr=cpr, language=lang, phone=f"+452077{cpr[:4]}")
            db.session.commit()
        db.session.remove()
    return cpr


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_confirm_with_the_button_and_open_the_receipt(page, live, lang):
    log_in_in_browser(page, live, _citizen_who_has_not_confirmed(live, lang), lang)
    button = page.locator("form[action$='/bekraeft-jobsoegning'] button")
    expect(button).to_be_visible()
    assert run_axe(page) == [], f"front page in {lang}"
    button.click()
    page.wait_for_url("**/min-side/kvitteringer/*")
    expect(page.locator(".alert-success")).to_be_visible()
    assert "JS-" in page.locator(".receipt-facts").inner_text()
    assert run_axe(page) == [], f"receipt in {lang}"
    assert page_width(page) <= 360
    if lang == "ar":
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    with page.expect_download() as download:
        page.locator("a[href$='.pdf']").click()
    assert download.value.suggested_filename.startswith("kvittering-JS-")
    page.goto(f"{live.url}/min-side/?lang={lang}")
    expect(page.locator(".duty-card--done")).to_be_visible()  # the plan may still be waiting
    expect(page.locator("form[action$='/bekraeft-jobsoegning']")).to_have_count(0)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live.url}/min-side/kvitteringer?lang={lang}")
    assert run_axe(page) == [], f"receipt list in {lang}"
    assert page_width(page) <= 320


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_staff_follow_up_list_and_exemption_form(page, live, staff_phone, lang):
    staff_log_in(page, live, staff_phone, lang, email=ADMIN)
    page.goto(f"{live.url}/medarbejder/opfoelgning?lang={lang}")
    assert run_axe(page) == [], f"follow-up list in {lang}"
    assert page_width(page) <= 360
    page.goto(f"{live.url}/medarbejder/?lang={lang}")
    page.locator("#q").fill("Olena")
    page.locator("form[role=search] button").click()
    page.get_by_role("link", name="Olena Kovalenko").click()
    page.locator("a[href$='/fritagelse']").click()  # the exemptions have a page of their own
    assert run_axe(page) == [], f"exemptions page in {lang}"
    assert page_width(page) <= 360
    page.locator("form[action$='/fritagelse'] button").click()  # empty: the error summary shows
    expect(page.locator("#error-summary")).to_be_focused()
    assert run_axe(page) == [], f"exemptions page with errors in {lang}"
    page.locator("#exemption-kind-2").check()
    page.locator("#exemption-starts_on").fill("2026-12-01")
    page.locator("#exemption-ends_on").fill("2026-11-01")
    page.locator("form[action$='/fritagelse'] button").click()
    expect(page.locator("#exemption-ends_on-error")).to_be_visible()
    assert page.locator("#exemption-starts_on").input_value() == "2026-12-01"  # nothing typed is lost


def test_the_one_tap_link_in_arabic_on_a_320_px_phone(page, live):
    """Olena has not confirmed in the other tests; her link page, receipt and a forged link."""
    from sqlalchemy import select

    from app.extensions import db
    from app.job_search import services
    from app.job_search.links import token_for
    from app.models import Citizen
    from app.models.types import utcnow
    from app.rules.dates import danish_today

    with live.app.app_context():
        olena = db.session.scalar(select(Citizen).where(Citizen.cpr == "0303951234"))
        token = token_for(olena.id, services.status_of(olena, danish_today(utcnow())).due_on)
        db.session.commit()
        db.session.remove()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live.url}/j/{token}?lang=ar")
    assert run_axe(page) == [], "link page in Arabic"
    assert page_width(page) <= 320
    page.locator("form button[type=submit]").click()
    expect(page.locator(".receipt-facts")).to_be_visible()
    assert run_axe(page) == [], "link receipt in Arabic"
    assert page_width(page) <= 320
    page.goto(f"{live.url}/j/{token[:-3]}abc?lang=ar")
    expect(page.locator("h1")).to_be_visible()
    assert run_axe(page) == [], "forged link page in Arabic"
    assert page_width(page) <= 320
