"""What axe cannot see, measured in Chromium on every citizen, helper and staff page, in Danish
and Arabic, at 320 px and 1280 px:

- every visible checkbox and radio sits on the first line of its label, at most 48 px from the
  label's text, on the left in Danish and on the right in Arabic;
- no list is indented more in Arabic than in Danish (the browser's 40 px default padding sits on
  the right in right-to-left pages and must be reset there too);
- every number made of several digit groups ("70 12 34 56", "010190-1234") is drawn with its
  groups left to right in Arabic, measured on the rendered text, not read from the markup.

Each role logs in once; the page is measured at both widths without reloading it.
Set GEOMETRY_SCREENSHOTS=/some/folder to also save full-page screenshots of the main pages.
"""

import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Citizen, Claim, PlanVersion
from tests.browser.conftest import CASEWORKER, log_in_in_browser, staff_log_in
from tests.pages import citizen_pages, public_pages

LANGUAGES = ("da", "ar")
WIDTHS = (320, 1280)
MAX_GAP = 48  # px between a checkbox or radio and its label's text
NOT_HTML = re.compile(r"\.(pdf|csv)$|/fil/|/adgangskode|/udskrifter/|^/j/|^/h/")
SCREENSHOT_DIR = os.environ.get("GEOMETRY_SCREENSHOTS")
SCREENSHOT_PAGES = {  # path → file name
    "/": "landing",
    "/log-ind": "login",
    "/min-side/": "front",
    "/min-side/plan/": "plan",
    "/min-side/udlaeg/ny": "invoice",
    "/min-side/sygdom/": "sickness",
    "/medarbejder/fuldmagt": "staff-paper-mandate",
    "/medarbejder/citizen": "staff-citizen",
}

MEASURE = (Path(__file__).parent / "geometry.js").read_text(encoding="utf-8")


def measure(page, path: str) -> list[str]:
    """Visit `path` in Danish and Arabic at both widths; return what is wrong, one line each."""
    problems, indents = [], {}
    for lang in LANGUAGES:
        separator = "&" if "?" in path else "?"
        page.set_viewport_size({"width": WIDTHS[0], "height": 700})
        page.goto(f"{page.base_url}{path}{separator}lang={lang}")
        page.wait_for_load_state("load")
        if urlsplit(page.url).path != urlsplit(path).path:
            return []  # sent elsewhere (to log in, or a list's own page): measured where it lands
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 700})
            found = page.evaluate(MEASURE, [lang == "ar", MAX_GAP])
            problems += [f"{path} {lang} {width}px: {problem}" for problem in found["problems"]]
            indents[lang, width] = found["lists"]
            page.seen.update(controls=found["controls"], lists=len(found["lists"]))
            page.seen.update(numbers=len(found["numbers"]) if lang == "ar" else 0)
            _screenshot(page, path, lang, width)
    for width in WIDTHS:
        for key, rtl_indent in indents["ar", width].items():
            ltr_indent = indents["da", width].get(key)
            if ltr_indent is not None and rtl_indent > ltr_indent + 1:
                problems.append(
                    f"{path} {width}px: list {key} is indented {rtl_indent:.0f} px in Arabic, "
                    f"{ltr_indent:.0f} px in Danish"
                )
    return problems


def _screenshot(page, path: str, lang: str, width: int) -> None:
    name = SCREENSHOT_PAGES.get(getattr(page, "screenshot_as", {}).get(path, path))
    if SCREENSHOT_DIR and name:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOT_DIR}/{name}-{lang}-{width}.png", full_page=True)


def tour(page, paths: list[str]) -> Counter:
    """Measure every page in `paths`; return how many controls, lists and numbers were seen."""
    page.seen = Counter()
    problems = [problem for path in paths for problem in measure(page, path)]
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)
    return page.seen


@pytest.fixture
def page_at(new_tab, live):
    def new_page():
        page = new_tab({"width": WIDTHS[0], "height": 700})
        page.base_url, page.screenshot_as = live.url, {}
        return page

    return new_page


def _ids(live, cpr: str) -> dict:
    with live.app.app_context():
        citizen = db.session.scalar(select(Citizen).where(Citizen.cpr == cpr))
        newest = {
            name: db.session.scalar(
                select(model.id).where(model.citizen_id == citizen.id).order_by(model.id.desc()).limit(1)
            )
            for name, model in (("version_id", PlanVersion), ("claim_id", Claim))
        }
        pages = citizen_pages(live.app, citizen.id)
        db.session.remove()
    return {"citizen_id": citizen.id, "pages": [p for p in pages if not NOT_HTML.search(p)], **newest}


def test_public_pages(page_at, live):
    page = page_at()
    seen = tour(page, [path for path in public_pages(live.app) if not NOT_HTML.search(path)])
    assert seen["controls"] and seen["lists"] and seen["numbers"], seen  # the login page's radios, phone


def test_citizen_pages(page_at, live):
    page = page_at()
    olena = "0303951234"  # a plan to confirm and an invoice
    log_in_in_browser(page, live, olena, "da")
    assert "/min-side/" in page.url, page.locator("main").inner_text()
    seen = tour(page, _ids(live, olena)["pages"])
    assert seen["controls"] >= 10 and seen["numbers"], seen
    page.goto(f"{live.url}/min-side/plan/?lang=ar")
    page.locator("#text").focus()
    page.keyboard.press("Tab")  # from the comment to "I disagree": the page must not jump to the top
    assert page.evaluate("document.activeElement.id") == "disagrees"
    assert page.evaluate("window.scrollY") > 0
    assert page.locator("#disagrees").evaluate("e => e.getBoundingClientRect().top") > 0


def test_helper_pages(page_at, live):
    page = page_at()
    page.goto(f"{live.url}/hjaelper/log-ind?lang=da")
    page.locator("#phone").fill("+4520123499")  # the demo helper of Peter Nielsen
    page.locator("form[novalidate] button[type=submit]").click()
    live.send_queued_messages()
    sms = [sms for sms in live.twilio.received if sms.to == "+4520123499"][-1]
    page.locator("#code").fill(re.search(r"\b(\d{6})\b", sms.body).group(1))
    page.locator("form[novalidate] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert tour(page, ["/hjaelper/", "/hjaelper/bed-om-adgang", "/hjaelper/navn"])["controls"]
    page.goto(f"{live.url}/hjaelper/?lang=da")
    page.locator("form[action*='/hjaelper/hjaelp/'] button").first.click()
    page.wait_for_load_state("load")
    peters = _ids(live, "0505881234")["pages"]
    page.screenshot_as = dict.fromkeys(peters)  # the screenshots show the citizen's own pages
    seen = tour(page, peters)
    assert seen["controls"] and seen["numbers"], seen


def test_staff_pages(page_at, live, staff_phone):
    page = page_at()
    staff_log_in(page, live, staff_phone, "da", email=CASEWORKER)
    olena = _ids(live, "0303951234")
    paths = []
    for rule in live.app.url_map.iter_rules():
        if (
            "GET" in rule.methods
            and rule.rule.startswith("/medarbejder")
            and set(rule.arguments) <= olena.keys()
        ):
            path = rule.build({name: olena[name] for name in rule.arguments}, append_unknown=False)[1]
            if not NOT_HTML.search(path):
                paths.append(path)
    page.screenshot_as = {
        f"/medarbejder/borger/{olena['citizen_id']}": "/medarbejder/citizen",
        f"/medarbejder/borger/{olena['citizen_id']}/fuldmagt": "/medarbejder/fuldmagt",
    }
    seen = tour(page, sorted(set(paths)))
    assert seen["controls"] >= 10 and seen["numbers"], seen
