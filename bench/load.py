"""Load on the portal under gunicorn, side by side with a bare Flask "hello world" under the same
gunicorn settings, driven by wrk from a second process on loopback.

Scenarios: the signed-in front page (GET), confirming job search (POST with a CSRF token, spread
over many citizens), asking for a login code (POST), and a static asset. For each: requests/s,
p50/p95/p99 latency, errors (connection errors and answers other than 2xx/3xx), and the ratio of
requests/s to the bare baseline. Production configuration; rate limits off (one address sends
everything). Run through bench/run; DATABASE_URL chooses the database (SQLite file by default).
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from flask import session  # noqa: E402
from flask_wtf.csrf import generate_csrf  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.session_timeout import session_values_for  # noqa: E402
from app.demo import load_demo_data  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Citizen, Jobcenter  # noqa: E402
from app.models.types import utcnow  # noqa: E402
from app.notifications import worker  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from tests.support.smtp_server import free_port  # noqa: E402

SECRET = "bench-only-secret-key-0123456789abcdef"
SIGNED_IN_CITIZENS = 200  # distinct sessions the POST scenarios rotate through
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def bench_cpr(n: int) -> str:
    """A distinct, well-formed CPR number for the n-th seeded citizen (day 1-28, serial from 5000,
    which the demo citizens do not use)."""
    day, month, year = n % 28 + 1, n // 28 % 12 + 1, n // 336 % 100
    return f"{day:02d}{month:02d}{year:02d}{5000 + n // 33600:04d}"


def seed(citizens: int) -> None:
    load_demo_data()
    jobcenter_id = db.session.scalar(select(Jobcenter.id).order_by(Jobcenter.id))
    have = db.session.query(Citizen).count()
    rows = [
        {
            "cpr": bench_cpr(n),
            "name": f"Borger {n}",
            "phone": f"+4550{n % 1000000:06d}",
            "phone_verified_at": utcnow(),
            "language": "da",
            "preferred_channel": "sms",
            "target_group": "dagpenge",
            "jobcenter_id": jobcenter_id,
            "registered_on": date(2026, 1, 5),
            "address": "",
        }
        for n in range(have, citizens)
    ]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Citizen), rows[start : start + 5000])
    db.session.commit()
    # What the worker does within minutes of an import: each citizen gets a job-search status
    # row. Without it every front page computed one afresh (4 more queries, and writes).
    worker.sweep_reminders(utcnow())


def signed_in_requests(app, citizen_ids: list[int]) -> tuple[list[dict], list[dict]]:
    """(front-page GETs, job-search POSTs), one of each per citizen, with a session cookie and a
    CSRF token made with the portal's own signing, as a browser would hold them."""
    serializer = app.session_interface.get_signing_serializer(app)
    gets, posts = [], []
    for citizen_id in citizen_ids:
        # A fresh app context each time: Flask-WTF keeps the token it made in `g`, and would
        # otherwise hand every later session the first citizen's token.
        with app.app_context(), app.test_request_context("/"):
            # A live session on the server, idle-stamped an hour ahead so none times out mid-run.
            session.update(
                session_values_for(f"citizen:{citizen_id}", utcnow()), last_active=time.time() + 3600
            )
            db.session.commit()
            token = generate_csrf()
            cookie = {"Cookie": f"session={serializer.dumps(dict(session))}"}
        gets.append({"method": "GET", "path": "/min-side/", "headers": cookie})
        posts.append(
            {
                "method": "POST",
                "path": "/min-side/bekraeft-jobsoegning",
                "body": f"csrf_token={token}",
                "headers": {**cookie, **FORM},
            }
        )
    return gets, posts


def login_requests(base_url: str, citizen_cprs: list[str]) -> list[dict]:
    """One anonymous browser session per CPR number: the cookie and CSRF token of the login page."""
    planned = []
    for cpr in citizen_cprs:
        browser = requests.Session()
        page = browser.get(f"{base_url}/log-ind").text
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
        body = f"cpr={cpr}&channel=sms&csrf_token={token}"
        planned.append(
            {"method": "POST", "path": "/log-ind", "body": body, "headers": {"Cookie": cookie, **FORM}}
        )
    return planned


def lua_table(planned: list[dict]) -> str:
    def quote(text):
        return json.dumps(text, ensure_ascii=True)

    rows = []
    for r in planned:
        headers = ", ".join(f"[{quote(k)}] = {quote(v)}" for k, v in r["headers"].items())
        body = quote(r["body"]) if r.get("body") else "nil"
        rows.append(
            f"{{method = {quote(r['method'])}, path = {quote(r['path'])}, headers = {{{headers}}}, "
            f"body = {body}}}"
        )
    return "return {\n" + ",\n".join(rows) + "\n}\n"


def start_gunicorn(module: str, port: int, env: dict, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        module,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            subprocess.run(
                ["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{port}/"], check=True, timeout=2
            )
            return process
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            time.sleep(0.1)
    raise RuntimeError(f"{module} did not start")


def wrk(url: str, planned: list[dict] | None, seconds: int, connections: int, workdir: Path) -> dict:
    env = dict(os.environ)
    if planned:
        path = workdir / f"requests-{abs(hash(url))}.lua"
        path.write_text(lua_table(planned))
        env["BENCH_REQUESTS"] = str(path)
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench/wrk_report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    workdir = scratch_dir("load")
    database = (
        os.environ.get("DATABASE_URL")
        or os.environ.get("TEST_DATABASE_URL")  # with-postgres.sh
        or f"sqlite:///{workdir / 'load.sqlite'}"
    )
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "production",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database,
        "RATELIMIT_ENABLED": "false",
        "UPLOAD_DIR": str(workdir / "uploads"),
    }
    os.environ.update({k: env[k] for k in ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_ENABLED")})
    app = create_app("production", SQLALCHEMY_DATABASE_URI=database)
    with app.app_context():
        db.create_all()
        seed(args.citizens)
        newest = (
            select(Citizen.id, Citizen.cpr)
            .where(Citizen.target_group == "dagpenge")
            .order_by(Citizen.id.desc())
            .limit(SIGNED_IN_CITIZENS)
        )
        citizens = db.session.execute(newest).all()
        gets, posts = signed_in_requests(app, [c.id for c in citizens])
        db.session.remove()

    portal_port, bare_port = free_port(), free_port()
    servers = [
        start_gunicorn("wsgi:app", portal_port, env, args.workers),
        start_gunicorn("bench.bare_app:app", bare_port, env, args.workers),
    ]
    try:
        logins = login_requests(f"http://127.0.0.1:{portal_port}", [c.cpr for c in citizens][:50])
        run = {"seconds": args.seconds, "connections": args.connections, "workdir": workdir}
        baseline = wrk(f"http://127.0.0.1:{bare_port}/", None, **run)
        results = {
            "bare Flask hello world": baseline,
            "signed-in front page (GET)": wrk(f"http://127.0.0.1:{portal_port}/min-side/", gets, **run),
            "confirm job search (POST)": wrk(f"http://127.0.0.1:{portal_port}/", posts, **run),
            "ask for a login code (POST)": wrk(f"http://127.0.0.1:{portal_port}/", logins, **run),
            "static asset (app.css)": wrk(f"http://127.0.0.1:{portal_port}/static/css/app.css", None, **run),
        }
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
    print_table(results, baseline, args, database)


def print_table(results: dict, baseline: dict, args, database: str) -> None:
    kind = database.split(":")[0].split("+")[0]
    print(
        f"\n{kind}, {args.citizens:,} citizens, gunicorn {args.workers} workers as in gunicorn.conf.py, "
        f"wrk 2 threads x {args.connections} connections x {args.seconds} s, loopback\n"
    )
    print("| scenario | requests/s | p50 ms | p95 ms | p99 ms | errors | vs bare Flask |")
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
            f"| {r['errors']} | {r['rps'] / baseline['rps']:.0%} |"
        )


if __name__ == "__main__":
    main()
