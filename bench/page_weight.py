"""Page weight: for every citizen, helper and staff page, the HTML and the bytes over the wire
on a first and a repeat visit, as Debian's Chromium loads them from the portal.

Starts the portal on loopback with demo data, gives the demo citizens a year of history (52
confirmations, 200 messages, 20 invoices), signs in as them (Mette in Danish and English, Ahmad
in Arabic, Olena in Ukrainian), and opens each page of their case, and the public pages, in a
fresh browser context (empty cache), then once more in the same context (warm cache). The demo
helper opens her own pages and the case of the citizen she helps (who has a year of history
too), and a caseworker every staff page about Mette, each in all four languages. Bytes are what
Chromium's network layer received (encodedDataLength: headers and the body as sent, compressed
or not). The largest pages are listed at the end.

Run: .venv/bin/python bench/page_weight.py [--html-only]   (--html-only: the HTML alone, from
the Flask test client, no browser: quick)
"""

import argparse
import sys
import threading
from pathlib import Path

from flask import session
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.auth.session_timeout import session_values_for  # noqa: E402
from app.cases import ACTING_FOR  # noqa: E402
from app.demo import load_demo_data  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Citizen, Mandate, StaffUser  # noqa: E402
from app.models.types import utcnow  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from tests.pages import LANGUAGES, citizen_pages, helper_pages, staff_pages  # noqa: E402
from tests.support.history import a_year_of_history  # noqa: E402

CITIZENS = [("0101901234", "da"), ("0101901234", "en"), ("0202851234", "ar"), ("0303951234", "uk")]
PUBLIC_PAGES = ["/", "/log-ind", "/hjaelper/log-ind", "/tilgaengelighed"]
TARGETS = {"html": 15 * 1024, "first": 150 * 1024}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args) -> None:
        pass


def serve():
    database = scratch_dir("weight") / "weight.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        load_demo_data()
        helped = db.session.scalars(select(Mandate.citizen_id)).all()
        with_history = select(Citizen).where(
            Citizen.cpr.in_({c for c, _ in CITIZENS}) | Citizen.id.in_(helped)
        )
        for citizen in db.session.scalars(with_history):
            a_year_of_history(citizen)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, f"http://127.0.0.1:{server.server_port}"


def html_pages(app, pages: list[str], user_key: str, extra: dict) -> list[str]:
    """Those of `pages` that are HTML (not PDFs, CSV files or uploaded files)."""
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie.update(signed_in_session(app, user_key, extra))
    return [path for path in pages if client.get(path).mimetype == "text/html"]


def signed_in_session(app, user_key: str, extra: dict) -> dict:
    """A live session on the server for the user, as the login pages make it (+ `extra`: the
    mandate a helper acts under)."""
    with app.app_context():
        values = session_values_for(user_key, utcnow())
        db.session.commit()
        return {**values, **extra}


def session_cookie(app, user_key: str, extra: dict) -> str:
    with app.test_request_context("/"):
        session.update(signed_in_session(app, user_key, extra))
        return app.session_interface.get_signing_serializer(app).dumps(dict(session))


def plan_visits(app) -> list[tuple]:
    """(path, language, user key, extra session values) for every page to weigh."""
    plan = [(path, "da", None, {}) for path in PUBLIC_PAGES]
    with app.app_context():
        cprs = {cpr for cpr, _ in CITIZENS}
        ids = dict(db.session.execute(select(Citizen.cpr, Citizen.id).where(Citizen.cpr.in_(cprs))).all())
        mandate = db.session.scalar(select(Mandate).order_by(Mandate.id))
        helper, helped = mandate.helper.get_id(), mandate.citizen_id
        caseworker = db.session.scalar(
            select(StaffUser).where(StaffUser.role == "caseworker").order_by(StaffUser.id)
        ).get_id()
        mette = ids[CITIZENS[0][0]]
        users = [(f"citizen:{ids[cpr]}", {}, citizen_pages(app, ids[cpr]), (lang,)) for cpr, lang in CITIZENS]
        acting = {ACTING_FOR: mandate.id}
        users += [
            (helper, {}, helper_pages(app), LANGUAGES),
            (helper, acting, [p for p in citizen_pages(app, helped) if _helper_may_open(p)], LANGUAGES),
            (caseworker, {}, staff_pages(app, mette), LANGUAGES),
        ]
    for user_key, extra, pages, languages in users:
        html = html_pages(app, pages, user_key, extra)
        plan += [(path, lang, user_key, extra) for path in html for lang in languages]
    return plan


def _helper_may_open(path: str) -> bool:
    """The citizen's own pages (contact details, their helpers) are not the helper's."""
    return not path.startswith(("/min-side/kontakt", "/min-side/hjaelpere"))


def visit(page, url: str) -> tuple[int, int, int]:
    """(bytes received, requests over the network, HTML bytes) for one load of `url`, until the
    network is idle. Requests answered from the browser's cache are not counted."""
    received, requests, cached = [], [], []
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    cdp.on("Network.requestWillBeSent", lambda event: requests.append(event["requestId"]))
    cdp.on("Network.requestServedFromCache", lambda event: cached.append(event["requestId"]))
    response = page.goto(url, wait_until="networkidle")
    html = len(response.body())
    cdp.detach()
    return sum(received), len(set(requests) - set(cached)), html


def measure(browser, base: str, path: str, lang: str, cookie: str | None) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    if cookie:
        context.add_cookies([{"name": "session", "value": cookie, "url": base}])
    page = context.new_page()
    first, requests, html = visit(page, page_url(base, path, lang))
    repeat, repeat_requests, _ = visit(page, page_url(base, path, lang))
    context.close()
    return {
        "page": path,
        "lang": lang,
        "html": html,
        "first": first,
        "requests": requests,
        "repeat": repeat,
        "repeat_requests": repeat_requests,
    }


def page_url(base: str, path: str, lang: str) -> str:
    return f"{base}{path}{'&' if '?' in path else '?'}lang={lang}"


def measure_html(app, path: str, lang: str, user_key: str | None, extra: dict) -> dict:
    """The HTML alone, from the test client (--html-only)."""
    client = app.test_client()
    if user_key:
        with client.session_transaction() as cookie:
            cookie.update(signed_in_session(app, user_key, extra))
    html = len(client.get(page_url("", path, lang)).data)
    return {
        "page": path,
        "lang": lang,
        "html": html,
        "first": 0,
        "requests": 0,
        "repeat": 0,
        "repeat_requests": 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html-only", action="store_true", help="HTML sizes only, without a browser")
    args = parser.parse_args()
    app, base = serve()
    plan = plan_visits(app)
    if args.html_only:
        rows = [measure_html(app, path, lang, user, extra) for path, lang, user, extra in plan]
    else:
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for path, lang, user_key, extra in plan:
                cookie = session_cookie(app, user_key, extra) if user_key else None
                rows.append(measure(browser, base, path, lang, cookie))
            browser.close()
    print_table(rows, args.html_only)


def print_table(rows: list[dict], html_only: bool) -> None:
    print("\n| page | lang | HTML KB | first visit KB | requests | repeat visit KB | requests |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['page']} | {r['lang']} | {r['html'] / 1024:.1f} | {r['first'] / 1024:.1f} "
            f"| {r['requests']} | {r['repeat'] / 1024:.1f} | {r['repeat_requests']} |"
        )
    print("\nlargest HTML:")
    for r in sorted(rows, key=lambda r: -r["html"])[:12]:
        print(f"  {r['html'] / 1024:5.1f} KB  {r['page']} ({r['lang']})")
    for key, label in (("html", "HTML"),) if html_only else (("html", "HTML"), ("first", "first visit")):
        worst = max(rows, key=lambda r: r[key])
        verdict = "met" if worst[key] < TARGETS[key] else "MISSED"
        print(
            f"\nlargest {label}: {worst[key] / 1024:.1f} KB ({worst['page']}, {worst['lang']}); "
            f"target under {TARGETS[key] // 1024} KB: {verdict}"
        )


if __name__ == "__main__":
    main()
