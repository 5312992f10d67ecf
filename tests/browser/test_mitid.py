"""Logging in with MitID in Chromium: the portal on loopback, a real OpenID Connect provider
beside it (tests/support/oidc_provider.py), the button, the provider's page, and back."""

import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests.browser.conftest import page_width, run_axe
from tests.factories import make_citizen
from tests.support.oidc_provider import mitid_settings, start_oidc_provider

METTE = "0101901234"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "instance" / "screenshots"


@pytest.fixture(scope="module")
def provider():
    provider = start_oidc_provider()
    provider.add_person("mette-sub", METTE)
    provider.add_person("stranger", "0202021234")
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def portal(tmp_path_factory, provider):
    """The portal with MitID pointed at the provider; its public address is the one served."""
    database = tmp_path_factory.mktemp("mitid") / "portal.sqlite"
    app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", **mitid_settings(provider.url)
    )
    with app.app_context():
        db.create_all()
        make_citizen(cpr=METTE, name="Mette Hansen")
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app.config["PUBLIC_BASE_URL"]
    server.shutdown()


@pytest.fixture
def phone(new_tab):
    return new_tab({"width": 320, "height": 640})


@pytest.mark.parametrize("lang", ["da", "en", "ar", "uk"])
def test_the_login_page_with_the_mitid_button_is_accessible_at_320_px(phone, portal, lang):
    phone.goto(f"{portal}/log-ind?lang={lang}")
    button = phone.locator("#mitid-login")
    assert button.is_visible()
    assert run_axe(phone) == [], f"login with MitID in {lang}"
    assert page_width(phone) <= 320
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    if lang in ("da", "ar"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / f"login-mitid-{lang}-320.png"), full_page=True)


def test_a_citizen_logs_in_with_mitid_and_out_again_in_chromium(phone, portal, provider):
    phone.goto(f"{portal}/min-side/aktivitet?lang=da")  # not signed in: sent to the login page
    assert urlsplit(phone.url).path == "/log-ind"
    phone.locator("#mitid-login").click()
    phone.wait_for_load_state("load")
    assert phone.url.startswith(provider.url + "/oauth2/authorize")
    phone.locator("input[name=sub]").fill("mette-sub")
    phone.get_by_role("button", name="Authorize").click()
    phone.wait_for_load_state("load")
    assert urlsplit(phone.url).path == "/min-side/aktivitet"  # where the citizen was going
    main = phone.locator("main").inner_text()
    assert "Logget ind med MitID" in main
    assert run_axe(phone) == []

    phone.goto(f"{portal}/min-side/?lang=da")
    phone.locator("form.logout-form button").first.click()
    phone.wait_for_load_state("load")
    assert phone.url.startswith(provider.url + "/oauth2/end_session")  # the broker's session ends too
    phone.get_by_role("button", name="End session").click()
    phone.wait_for_load_state("load")
    assert urlsplit(phone.url).path == "/" and phone.url.startswith(portal)
    assert "Du er logget ud" in phone.locator("main").inner_text()
    phone.goto(f"{portal}/min-side/")
    assert urlsplit(phone.url).path == "/log-ind"


def sign_in_at_provider(phone, sub: str) -> None:
    phone.locator("input[name=sub]").fill(sub)
    phone.get_by_role("button", name="Authorize").click()
    phone.wait_for_load_state("load")


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_the_page_for_an_unknown_cpr_number_is_accessible_at_320_px(phone, portal, lang):
    phone.goto(f"{portal}/log-ind?lang={lang}")
    phone.locator("#mitid-login").click()
    sign_in_at_provider(phone, "stranger")
    assert urlsplit(phone.url).path == "/log-ind/mitid/svar"
    assert phone.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    assert run_axe(phone) == [] and page_width(phone) <= 320
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"mitid-unknown-{lang}-320.png"), full_page=True)
    phone.locator("main a.button").click()  # the code login instead
    assert urlsplit(phone.url).path == "/log-ind"


@pytest.mark.parametrize("lang", ["da", "en", "ar", "uk"])
def test_the_helper_login_page_with_the_mitid_button_is_accessible_at_320_px(phone, portal, lang):
    phone.goto(f"{portal}/hjaelper/log-ind?lang={lang}")
    assert phone.locator("#mitid-login").is_visible()
    assert run_axe(phone) == [] and page_width(phone) <= 320
