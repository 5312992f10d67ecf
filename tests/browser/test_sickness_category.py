"""A caseworker sets the category of a sygedagpenge case on the citizen page, in Danish and Arabic,
at 320 px and on a desktop: the hint names the rhythms, axe finds nothing, nothing is wider than
the screen. Screenshots in the screenshot folder for a human look."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Citizen, Jobcenter
from tests.browser.conftest import CASEWORKER, page_width, run_axe, staff_log_in
from tests.factories import make_citizen

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/borgerportal-screenshots"))


@pytest.fixture
def sick_citizen(live) -> int:
    with live.app.app_context():
        koebenhavn = db.session.query(Jobcenter).filter(Jobcenter.name.like("%København%")).first()
        citizen = make_citizen(koebenhavn, name="Sofie Syg", target_group="sygedagpenge")
        db.session.commit()
        yield citizen.id
        db.session.delete(db.session.get(Citizen, citizen.id))
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize(("lang", "width"), [("da", 320), ("da", 1280), ("ar", 320)])
def test_a_caseworker_sets_category_3(page, live, staff_phone, sick_citizen, lang, width):
    page.set_viewport_size({"width": width, "height": 900})
    staff_log_in(page, live, staff_phone, lang, email=CASEWORKER)
    page.goto(f"{live.url}/medarbejder/borger/{sick_citizen}?lang={lang}")
    page.locator("a[href$='/sygedagpenge-kategori']").click()  # the form has a page of its own
    assert run_axe(page) == [], f"the category page in {lang}"
    assert page_width(page) <= width
    page.locator("label[for='category-category-3']").click()
    page.locator("form[action$='/sygedagpenge-kategori'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()  # back on the overview
    expect(page.locator("#sickness-category")).to_contain_text("3")
    assert run_axe(page) == [], f"the citizen page with the category in {lang}"
    assert page_width(page) <= width
    page.locator("#sickness-category").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sickness-category-{lang}-{width}.png"))
