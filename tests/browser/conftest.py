"""Browser tests: the real app served on loopback, driven by Debian's Chromium via Playwright.

Playwright's own browser download cannot work here, so it launches /usr/bin/chromium.
"""

import os
import threading
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask, Response
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from app import create_app
from app.demo import load_demo_data
from app.extensions import db
from app.models import StaffUser
from app.notifications import worker
from tests.support.clock import by_morning
from tests.support.login import CODE
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, TwilioStub, start_twilio_stub

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE_JS.read_text(encoding="utf-8")  # 0.5 MB, injected into every page checked
# The live server also serves axe-core, to be cached: Chromium then keeps it compiled, and each
# check on its pages costs 0.1 CPU s less than evaluating the source (0.18 s instead of 0.28).
AXE_PATH = "/__tests__/axe-core.js"
_SERVES_AXE: set[str] = set()  # the origins of the servers with AXE_PATH
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    url: str
    app: Flask
    twilio: TwilioStub

    def __str__(self) -> str:
        return self.url

    def __add__(self, path: str) -> str:
        return self.url + path

    def send_queued_messages(self) -> None:
        """Send what is queued, also the notices that wait for the end of the quiet hours."""
        with self.app.app_context():
            worker.run_once(now=by_morning())
            db.session.remove()


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """Serve the app with demo data on a free loopback port, SMS going to a Twilio stub."""
    database = tmp_path_factory.mktemp("live") / "browser.sqlite"
    twilio = start_twilio_stub()
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM="+4570000000",
        TWILIO_API_BASE_URL=twilio.base_url,
        RATELIMIT_ENABLED=False,
        UPLOAD_DIR=str(database.parent / "uploads"),
    )
    app.add_url_rule(AXE_PATH, "tests_axe_core", _axe_core_to_cache)
    with app.app_context():
        db.create_all()
        load_demo_data()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    _SERVES_AXE.add(origin)
    yield LiveServer(origin, app, twilio)
    _SERVES_AXE.discard(origin)
    server.shutdown()
    twilio.stop()


@pytest.fixture(scope="session")
def live_server(live) -> str:
    return live.url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


PHONE = {"width": 360, "height": 740}  # the `page` fixture's size: where axe always checked


class Tabs:
    """Browser tabs kept for the whole session, one per person a test plays (citizen, helper,
    caseworker), each in a context of its own so each has its own cookies. Between tests a tab
    loses its cookies, routes and page, and gets its size back.

    A new context and tab for every test cost Chromium 0.5 CPU s to set up, and axe-core then
    took a second more to compile in the new tab: 1.7 CPU s per checked page against 0.4 in a
    kept tab (30 visits each way, all Chromium and Playwright processes counted)."""

    def __init__(self, browser):
        self.browser = browser
        self.kept: list = []
        self.in_use = 0

    def take(self, viewport: dict = PHONE):
        """The next tab for this test, cleaned, at `viewport`."""
        if self.in_use == len(self.kept):
            self.kept.append(self._open())
        elif self.kept[self.in_use].is_closed():  # a test closed it, or Chromium lost it
            self.kept[self.in_use] = self._open()
        tab = self.kept[self.in_use]
        self.in_use += 1
        tab.context.clear_cookies()
        tab.csp_errors.clear()
        tab.set_viewport_size(viewport)
        return tab

    def put_back(self) -> None:
        """After a test: nothing it set up stays, and no page of it keeps running (timers). A tab
        that cannot be cleaned (closed, crashed, stuck) is closed; the next test gets a new one."""
        for tab in self.kept[: self.in_use]:
            try:
                tab.unroute_all(behavior="ignoreErrors")
                tab.goto("about:blank")
            except PlaywrightError:
                self._close(tab)
        self.in_use = 0

    def _open(self):
        tab = self.browser.new_context(viewport=PHONE).new_page()
        tab.csp_errors = []
        tab.on("console", lambda m: "Content Security Policy" in m.text and tab.csp_errors.append(m.text))
        return tab

    def close(self) -> None:
        for tab in self.kept:
            self._close(tab)

    @staticmethod
    def _close(tab) -> None:
        with suppress(PlaywrightError):  # already closed, or its browser is gone
            tab.context.close()


@pytest.fixture(scope="session")
def kept_tabs(browser):
    tabs = Tabs(browser)
    yield tabs
    tabs.close()


@pytest.fixture
def new_tab(kept_tabs):
    """new_tab(viewport) gives the test another person's tab (its own cookies); put back after."""
    yield kept_tabs.take
    kept_tabs.put_back()


@pytest.fixture
def page(new_tab):
    return new_tab()


def _axe_core_to_cache() -> Response:
    response = Response(AXE_SOURCE, mimetype="text/javascript")
    response.cache_control.public, response.cache_control.max_age = True, 86400
    return response


def run_axe(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules plus best practices) and return its violations."""
    page.wait_for_load_state("load")  # after a click, check the new page, whole
    if urlsplit(page.url)._replace(path="", query="", fragment="").geturl() in _SERVES_AXE:
        page.add_script_tag(url=AXE_PATH)  # same origin: the pages' CSP allows it
    else:
        page.evaluate(AXE_SOURCE)
    return page.evaluate(
        """async () => (await axe.run(document, {
              runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}
           })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                     nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"""
    )


def page_width(page) -> int:
    """How wide the page's content is, in CSS pixels, once it has loaded.

    A click on a link returns when the navigation has started; measuring then can catch the new
    document before it has an element (CI saw documentElement null), so wait for it first."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")


def log_in_in_browser(page, live: LiveServer, cpr: str, lang: str, next_path: str = "/min-side/") -> None:
    """Log in through the pages, reading the code the Twilio stub received."""
    separator = "&" if "?" in next_path else "?"
    page.goto(f"{live.url}{next_path}{separator}lang={lang}")
    page.locator("#cpr").fill(cpr)
    page.locator("form button[type=submit]").click()
    before = len(live.twilio.received)
    live.send_queued_messages()  # the code goes out first, before any reminder still queued
    code = next(found.group(1) for sms in live.twilio.received[before:] if (found := CODE.search(sms.body)))
    page.locator("#code").fill(code)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state("load")


FRONT_DESK = "frontdesk@koebenhavn.example.dk"
ADMIN = "admin@koebenhavn.example.dk"
CASEWORKER = "caseworker@koebenhavn.example.dk"
PHONES = {FRONT_DESK: "+4520990001", ADMIN: "+4520990002", CASEWORKER: "+4520990003"}


@pytest.fixture(scope="session")
def staff_phone(live):
    """Give demo staff a work phone, so their codes go to the Twilio stub."""
    with live.app.app_context():
        for email, phone in PHONES.items():
            db.session.scalar(select(StaffUser).where(StaffUser.email == email)).phone = phone
        db.session.commit()
        db.session.remove()
    return PHONES[FRONT_DESK]


def staff_log_in(page, live, staff_phone, lang, email=FRONT_DESK):
    staff_phone = PHONES[email]
    page.goto(f"{live.url}/medarbejder/log-ind?lang={lang}")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo-password")
    page.locator("form button[type=submit]").click()
    live.send_queued_messages()
    sms = [r for r in live.twilio.received if r.to == staff_phone][-1]
    code = next(w for w in sms.body.replace(".", " ").split() if w.isdigit() and len(w) == 6)
    page.locator("#code").fill(code)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state("load")
