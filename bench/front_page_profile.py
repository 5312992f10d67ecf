"""Where the signed-in front page's time goes: N requests in-process (the Flask test client, no
network), CPU ms per request, SQL statements per request, and the top of cProfile's table.

    .venv/bin/python bench/front_page_profile.py [--requests 300] [--path /min-side/]
    scripts/with-postgres.sh .venv/bin/python bench/front_page_profile.py
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Citizen  # noqa: E402
from bench.load import (  # noqa: E402
    BROWSER,
    FRONT_PAGE_CITIZENS,
    SECRET,
    counted_statements,
    give_variety,
    seed,
    signed_in_cookies,
)
from bench.scratch import scratch_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--path", default="/min-side/")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()
    folder = scratch_dir("profile")
    database = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{folder / 'profile.sqlite'}"
    os.environ.update(SECRET_KEY=SECRET, DATABASE_URL=database, UPLOAD_DIR=str(folder / "uploads"))
    app = create_app("production", SQLALCHEMY_DATABASE_URI=database, RATELIMIT_ENABLED=False)
    with app.app_context():
        db.create_all()
        seed(1000)
        ids = list(
            db.session.scalars(select(Citizen.id).order_by(Citizen.id.desc()).limit(FRONT_PAGE_CITIZENS))
        )
        give_variety(ids)
        browsers = [{"Cookie": cookie, **BROWSER} for cookie, _ in signed_in_cookies(app, ids).values()]
        db.session.remove()
    client = app.test_client(use_cookies=False)
    for browser in browsers:  # warm: templates compiled, translations loaded, pool filled
        assert client.get(args.path, headers=browser).status_code == 200
    with app.app_context(), counted_statements() as statements:
        client.get(args.path, headers=browsers[0])
    profile = cProfile.Profile()
    started = time.process_time()
    profile.enable()
    for n in range(args.requests):
        client.get(args.path, headers=browsers[n % len(browsers)])
    profile.disable()
    cpu_ms = 1000 * (time.process_time() - started) / args.requests
    print(f"{args.path}: {len(statements)} SQL statements, {cpu_ms:.1f} CPU ms per request under cProfile")
    started = time.process_time()
    for n in range(args.requests):
        client.get(args.path, headers=browsers[n % len(browsers)])
    plain_ms = 1000 * (time.process_time() - started) / args.requests
    print(f"without the profiler: {plain_ms:.1f} CPU ms per request")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
