"""Page weight: bytes of each page's HTML and of a first visit in total, as Chromium loads them.

Starts the portal on loopback with demo data, opens each page in Debian's Chromium with an
empty cache, records every response, and prints raw and gzip-compressed sizes (what a
compressing proxy sends; woff2 fonts are already compressed). Run: .venv/bin/python bench/page_weight.py
"""

import gzip
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.demo import load_demo_data  # noqa: E402
from app.extensions import db  # noqa: E402

PAGES = ["/", "/tilgaengelighed"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def serve() -> str:
    database = Path(tempfile.mkdtemp()) / "weight.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        db.create_all()
        load_demo_data()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def compressed_size(url: str, body: bytes) -> int:
    return len(body) if url.endswith((".woff2", ".woff", ".png")) else len(gzip.compress(body, 6))


def measure(browser, base: str, path: str, lang: str) -> list[tuple[str, int, int]]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    loaded = []
    page.on("requestfinished", lambda r: loaded.append(r))
    page.goto(f"{base}{path}?lang={lang}", wait_until="networkidle")
    rows = []
    for request in loaded:
        body = request.response().body()
        rows.append((request.url.removeprefix(base), len(body), compressed_size(request.url, body)))
    context.close()
    return rows


def main() -> None:
    base = serve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for path in PAGES:
            for lang in ("da", "ar"):
                rows = measure(browser, base, path, lang)
                total_raw, total_gz = sum(r[1] for r in rows), sum(r[2] for r in rows)
                print(f"\n{path} ({lang}): {len(rows)} requests, "
                      f"{total_raw:,} B raw, {total_gz:,} B compressed")
                for url, raw, gz in sorted(rows, key=lambda r: -r[2]):
                    print(f"  {gz:>9,} B compressed {raw:>9,} B raw  {url.split('?')[0]}")
        browser.close()


if __name__ == "__main__":
    main()
