"""Load on the portal under gunicorn, side by side with two references under the same gunicorn
settings, driven by wrk from a second process on loopback.

References: a bare Flask "hello world", and the "signed-in reference" (bench/reference_app.py:
Flask + a signed cookie session + one indexed query + one small template with one gettext), the
honest limit for a signed-in page. Scenarios: the signed-in front page (GET, citizens with plans,
sickness, helpers, exemptions and a history), confirming job search (POST; every request is a
real confirmation by a citizen who has not confirmed today, checked by counting the rows it
wrote), asking for a login code (POST), and a static asset.

Honest figures: every answer is checked (status and Location: a 302 to the login page or a CSRF
failure is an error, not a success); every server is warmed up first; each scenario runs
--repeats times (order reversed every other round) and the median is shown; the machine's load
is printed; CPU ms per request is the CPU time gunicorn's processes used divided by the requests
they answered; queries per request are counted in-process for one request of each kind.
Production configuration; rate limits off (one address sends everything). DATABASE_URL (or
TEST_DATABASE_URL, which scripts/with-postgres.sh sets) chooses the database, else a SQLite file.
"""

import argparse
import hashlib
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from flask_login.utils import _create_identifier as browser_mark  # noqa: E402
from itsdangerous import URLSafeTimedSerializer  # noqa: E402
from sqlalchemy import bindparam, delete, event, func, insert, select, update  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.server_sessions import open_session  # noqa: E402
from app.demo import _ensure_exemption, _ensure_helper, _ensure_plan, load_demo_data  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Citizen, Jobcenter, JobSearchConfirmation, JobSearchStatus, StaffUser  # noqa: E402
from app.models.types import utcnow  # noqa: E402
from app.notifications import worker  # noqa: E402
from app.rules.dates import danish_today  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from tests.support.smtp_server import free_port  # noqa: E402

SECRET = "bench-only-secret-key-0123456789abcdef"
FRONT_PAGE_CITIZENS = 200  # distinct signed-in sessions the GET scenario rotates through
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
BROWSER = {"User-Agent": "borgerportal-bench"}  # every signed-in request: the session's `_id` names it
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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
            "language": ("da", "en", "ar", "uk")[n % 4],
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


def give_variety(citizen_ids: list[int]) -> None:
    """The front-page citizens get what real ones have: a history of confirmations (up to a
    year), and in turn a plan, a sickness, a holiday, a helper."""
    caseworker = db.session.scalar(select(StaffUser).where(StaffUser.role == "caseworker"))
    today = danish_today(utcnow())
    for position, citizen_id in enumerate(citizen_ids):
        citizen = db.session.get(Citizen, citizen_id)
        history = [
            {
                "citizen_id": citizen_id,
                "due_on": today - timedelta(weeks=week),
                "confirmed_at": utcnow() - timedelta(weeks=week),
                "confirmed_on": today - timedelta(weeks=week),
                "channel": "web",
                "actor_type": "citizen",
                "actor_id": citizen_id,
                "actor_label": citizen.name,
            }
            for week in range(1, 1 + position % 53)
        ]
        if history:
            db.session.execute(insert(JobSearchConfirmation), history)
        if position % 3 == 0:
            _ensure_plan(citizen, 1 + position % 2, caseworker)
        if position % 5 == 1:
            _ensure_exemption(citizen, "sickness", today)
        if position % 7 == 2:
            _ensure_exemption(citizen, "holiday", today)
        db.session.commit()
        if position % 4 == 3:
            _ensure_helper(citizen, (f"Hjælper {position}", f"+4561{position:06d}"), today)


def signed_in_cookies(app, citizen_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Citizen id -> (Cookie header, CSRF token), made with the portal's own signing, as a
    browser would hold them after their first page: a live session on the server, idle-stamped
    an hour ahead so none times out mid-run, Flask-Login's mark of the browser that logged in
    (`_id`, for requests from 127.0.0.1 with the BROWSER headers) and the citizen's language.
    Without the last two every request changed the session, so every answer signed and sent the
    cookie again, which a signed-in browser does not see."""
    sessions = app.session_interface.get_signing_serializer(app)
    with app.test_request_context(headers=BROWSER, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        mark = browser_mark()
    chosen = select(Citizen.id, Citizen.language).where(Citizen.id.in_(citizen_ids))
    languages = {row.id: row.language for row in db.session.execute(chosen)}
    csrf = URLSafeTimedSerializer(app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key, "wtf-csrf-token")
    made = {}
    for citizen_id in citizen_ids:
        user_key = f"citizen:{citizen_id}"
        raw = hashlib.sha1(os.urandom(64)).hexdigest()
        values = {
            "_user_id": user_key,
            "_fresh": True,
            "_id": mark,
            "sid": open_session(user_key, utcnow()),
            "last_active": time.time() + 3600,
            "csrf_token": raw,
            "user_lang": languages[citizen_id],
        }
        made[citizen_id] = (f"session={sessions.dumps(values)}", csrf.dumps(raw))
    db.session.commit()
    return made


def front_page_requests(cookies: dict) -> list[dict]:
    return [
        {"method": "GET", "path": "/min-side/", "headers": {"Cookie": c, **BROWSER}}
        for c, _ in cookies.values()
    ]


def confirm_requests(cookies: dict) -> list[dict]:
    return [
        {
            "method": "POST",
            "path": "/min-side/bekraeft-jobsoegning",
            "body": f"csrf_token={token}",
            "headers": {"Cookie": cookie, **FORM, **BROWSER},
        }
        for cookie, token in cookies.values()
    ]


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


class Confirmations:
    """Counts the confirmations a run wrote, and undoes them (rows and status) before the next
    run, so that every POST of every run is a first confirmation of the day."""

    def __init__(self, app, citizen_ids: list[int]):
        self.app, self.ids = app, citizen_ids
        with app.app_context():
            columns = JobSearchStatus.__table__.columns
            query = select(*columns).where(JobSearchStatus.citizen_id.in_(citizen_ids))
            self.statuses = [dict(row._mapping) for row in db.session.execute(query)]

    def written(self) -> int:
        with self.app.app_context():
            query = select(func.count(JobSearchConfirmation.id)).where(
                JobSearchConfirmation.citizen_id.in_(self.ids)
            )
            return db.session.scalar(query)

    def undo(self) -> None:
        with self.app.app_context():
            db.session.execute(
                delete(JobSearchConfirmation).where(JobSearchConfirmation.citizen_id.in_(self.ids))
            )
            table = JobSearchStatus.__table__
            keys = [c.key for c in table.columns if c.key != "citizen_id"]
            restore = (
                update(table)
                .where(table.c.citizen_id == bindparam("b_citizen_id"))
                .values({key: bindparam(f"b_{key}") for key in keys})
            )
            db.session.execute(restore, [{f"b_{k}": v for k, v in s.items()} for s in self.statuses])
            db.session.commit()


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def queries_per_request(app, planned: dict) -> dict[str, int]:
    """SQL statements of one request of each kind, in-process, each after a fresh session (as in
    production: nothing cached from the request before). Also checks the request is accepted."""
    counts = {}
    for name, (request, expect) in planned.items():
        client = app.test_client(use_cookies=False)
        with app.app_context():
            db.session.remove()
            with counted_statements() as statements:
                response = client.open(
                    request["path"],
                    method=request["method"],
                    headers=request["headers"],
                    data=request.get("body"),
                )
            location = response.headers.get("Location", "")
            assert response.status_code == expect[0] and expect[1] in location, (
                name,
                response.status,
                location,
            )
            counts[name] = len(statements)
            db.session.rollback()
    return counts


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


def start_gunicorn(
    module: str, port: int, env: dict, workers: int, log: Path, folder: Path = ROOT
) -> subprocess.Popen:
    """The portal logs every request as JSON on stdout, as in production; to a file here.
    `folder` is the checkout whose code gunicorn imports (another one for --baseline)."""
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
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, cwd=folder, env=env, start_new_session=True, stdout=output, stderr=subprocess.STDOUT
        )
    for _ in range(300):
        try:
            subprocess.run(
                ["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{port}/"], check=True, timeout=2
            )
            return process
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            time.sleep(0.1)
    raise RuntimeError(f"{module} did not start")


def cpu_seconds(root_pid: int) -> float:
    """User + system CPU of a process and all its descendants (gunicorn's master and workers)."""
    parents, times = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    family, total = {root_pid}, 0.0
    for pid in sorted(parents):  # children have higher pids than their parents here
        if pid in family or parents[pid] in family:
            family.add(pid)
            total += times[pid]
    return total


class Scenario:
    def __init__(self, name, url, planned, expect, server, workdir, after=None):
        self.name, self.url, self.planned, self.server = name, url, planned, server
        self.status, self.location = expect
        self.after = after  # called after each run: checks and undoes what the run wrote
        self.script = None
        if planned:
            self.script = workdir / f"requests-{abs(hash(name))}.lua"
            self.script.write_text(lua_table(planned))
        self.runs: list[dict] = []

    def run(self, seconds: int, connections: int, record: bool = True) -> None:
        env = {
            **os.environ,
            "BENCH_STATUS": str(self.status),
            "BENCH_LOCATION": self.location,
            "BENCH_REQUESTS": str(self.script or ""),
        }
        cpu_before = cpu_seconds(self.server.pid)
        command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "5s"]
        command += ["-s", str(ROOT / "bench/wrk_report.lua"), self.url]
        out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        figures["rps"] = figures["requests"] / figures["seconds"]
        figures["cpu_ms"] = 1000 * (cpu_seconds(self.server.pid) - cpu_before) / max(1, figures["requests"])
        if self.after:
            figures.update(self.after(figures))
        if record:
            self.runs.append(figures)

    def median(self, key: str) -> float:
        return statistics.median(run[key] for run in self.runs)


def machine_load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per scenario")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--confirmers",
        type=int,
        default=8000,
        help="citizens the POST rotates through (>= requests of a run)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of the portal (e.g. `git worktree add /tmp/base main`, with its "
        "translations compiled): its front page is measured in the same run, on the same database",
    )
    parser.add_argument(
        "--front-page-only",
        action="store_true",
        help="only the references and the front page (and the baseline's), for quick comparisons",
    )
    return parser.parse_args()


def main() -> None:
    args = arguments()
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
    os.environ.update({k: env[k] for k in ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_ENABLED", "UPLOAD_DIR")})
    print(f"start: {machine_load()}", flush=True)
    app = create_app("production", SQLALCHEMY_DATABASE_URI=database, RATELIMIT_ENABLED=False)
    with app.app_context():
        db.create_all()
        seed(max(args.citizens, FRONT_PAGE_CITIZENS + args.confirmers + 100))
        newest = select(Citizen.id, Citizen.cpr).where(Citizen.target_group == "dagpenge")
        citizens = db.session.execute(newest.order_by(Citizen.id.desc())).all()
        viewers = [c.id for c in citizens[:FRONT_PAGE_CITIZENS]]
        confirmers = [c.id for c in citizens[FRONT_PAGE_CITIZENS : FRONT_PAGE_CITIZENS + args.confirmers]]
        give_variety(viewers)
        gets = front_page_requests(signed_in_cookies(app, viewers))
        posts = confirm_requests(signed_in_cookies(app, confirmers))
        cprs = [c.cpr for c in citizens[-50:]]
        queries = queries_per_request(
            app, {"front page": (gets[0], (200, "")), "confirm": (posts[-1], (302, "/kvitteringer/"))}
        )
        db.session.remove()
    confirmations = Confirmations(app, confirmers)
    confirmations.undo()  # the query count above confirmed once
    servers = start_servers(args, env, workdir)
    try:
        logins = login_requests(servers["portal"].url, cprs)
        scenarios = scenarios_for(args, servers, workdir, gets, posts, logins, confirmations)
        run_rounds(scenarios, args)
    finally:
        for server in servers.values():
            os.killpg(server.process.pid, signal.SIGTERM)
            server.process.wait()
    print_table(scenarios, args, database, queries)


@dataclass
class Server:
    process: subprocess.Popen
    url: str

    @property
    def pid(self) -> int:
        return self.process.pid


def start_servers(args, env: dict, workdir: Path) -> dict[str, Server]:
    """The portal, the two references and (with --baseline) the other checkout's portal."""
    apps = {"portal": "wsgi:app", "bare": "bench.bare_app:app", "reference": "bench.reference_app:app"}
    folders = {name: ROOT for name in apps}
    if args.baseline:
        apps["baseline"], folders["baseline"] = "wsgi:app", args.baseline
    servers = {}
    for name, module in apps.items():
        port = free_port()
        process = start_gunicorn(module, port, env, args.workers, workdir / f"{name}.log", folders[name])
        servers[name] = Server(process, f"http://127.0.0.1:{port}")
    return servers


def scenarios_for(args, servers, workdir, gets, posts, logins, confirmations) -> list["Scenario"]:
    def real_confirmations(figures: dict) -> dict:
        written = confirmations.written()
        confirmations.undo()
        return {"real": written}

    portal = servers["portal"]
    planned = [
        ("bare Flask hello world", servers["bare"], "/", None, (200, ""), None),
        ("signed-in reference (GET)", servers["reference"], "/min-side/", gets, (200, ""), None),
        ("signed-in front page (GET)", portal, "/min-side/", gets, (200, ""), None),
    ]
    if args.baseline:
        name = f"front page, baseline {args.baseline.name} (GET)"
        planned.append((name, servers["baseline"], "/min-side/", gets, (200, ""), None))
    if not args.front_page_only:
        planned += [
            (
                "confirm job search (POST)",
                portal,
                "/",
                posts,
                (302, "/min-side/kvitteringer/"),
                real_confirmations,
            ),
            ("ask for a login code (POST)", portal, "/", logins, (302, "/log-ind/kode"), None),
            ("static asset (app.css)", portal, "/static/css/app.css", None, (200, ""), None),
        ]
    return [
        Scenario(name, server.url + path, requests, expect, server, workdir, after)
        for name, server, path, requests, expect, after in planned
    ]


def run_rounds(scenarios: list["Scenario"], args) -> None:
    """Warm every server up, then repeat each scenario, every other round in reverse order (so no
    scenario always runs right after the same neighbour)."""
    for scenario in scenarios:
        scenario.run(args.warmup, args.connections, record=False)
    for round_number in range(args.repeats):
        print(f"round {round_number + 1}: {machine_load()}", flush=True)
        for scenario in scenarios if round_number % 2 == 0 else reversed(scenarios):
            scenario.run(args.seconds, args.connections)
    print(f"end: {machine_load()}")


def print_table(scenarios: list[Scenario], args, database: str, queries: dict) -> None:
    kind = database.split(":")[0].split("+")[0]
    bare, reference = scenarios[0].median("rps"), scenarios[1].median("rps")
    print(
        f"\n{kind}, {args.citizens:,} citizens, gunicorn {args.workers} workers, wrk 2 threads x "
        f"{args.connections} connections, median of {args.repeats} x {args.seconds} s, loopback\n"
    )
    print(
        "| scenario | requests/s | p50 ms | p95 ms | p99 ms | CPU ms/req | errors | vs bare | vs reference |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for s in scenarios:
        wrong = sum(run["errors"] + run["unexpected"] for run in s.runs)
        example = next((f" ({run['example']})" for run in s.runs if run["example"]), "")
        print(
            f"| {s.name} | {s.median('rps'):.0f} | {s.median('p50'):.1f} | {s.median('p95'):.1f} "
            f"| {s.median('p99'):.1f} | {s.median('cpu_ms'):.1f} | {wrong}{example} "
            f"| {s.median('rps') / bare:.0%} | {s.median('rps') / reference:.0%} |"
        )
        if "real" in s.runs[0]:
            real = ", ".join(f"{run['real']}/{run['requests']}" for run in s.runs)
            # Requests still in flight when wrk stops are finished by the server but not counted
            # by wrk, so a run may write a few more rows than it counted answers.
            print(f"|  real confirmations written / answers counted, each run: {real} | | | | | | | | |")
    print(f"\nSQL statements per request: {', '.join(f'{k} {v}' for k, v in queries.items())}")


if __name__ == "__main__":
    main()
