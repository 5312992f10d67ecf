"""Login-code latency while a big reminder sweep runs and while its messages are sent.

A worker process (this checkout's, and with --baseline DIR that checkout's too, one after the
other in the same run) loops as `flask worker` does (`run_forever`, the production sending
settings, polling every 5 s) over N citizens seeded as bench/reminder_sweep.py seeds them. Its
first round sweeps; meanwhile, and then while the queued reminders go out, a citizen without
reminders asks for a code every --every seconds (what the login page records: a CodeRequest).
Printed: p50/p95/max seconds from the request until the code is at the loopback Twilio stub
(answering in --twilio-latency s), during the sweep and during the sending, with the load.

Run:
    .venv/bin/python bench/code_latency.py --citizens 100000 --baseline /tmp/base
    scripts/with-postgres.sh .venv/bin/python bench/code_latency.py --citizens 1000000 --baseline /tmp/base
The database: --database, else TEST_DATABASE_URL (scripts/with-postgres.sh), else DATABASE_URL,
else a fresh SQLite file. The sweep is run for today 09:00 Danish time (the worker's sweep is
given that moment), so the reminders are due now whatever the time of day.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

import bench.reminder_sweep as sweep_bench  # noqa: E402
from app.auth.services import request_login_code  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Citizen, Message  # noqa: E402
from app.models.types import utcnow  # noqa: E402
from app.rules.dates import DANISH_TIME  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from tests.support.twilio_stub import start_twilio_stub  # noqa: E402
from tests.support.workers import wait_for  # noqa: E402

CODE = re.compile(r"\b\d{6}\b")

# The worker, run with the checkout measured first on sys.path. Its sweep is given today 09:00
# (the seeded deadlines are around today) and marks its start and end in files for the bench.
WORKER = """
import json, os, signal, sys, threading
from datetime import datetime
settings = json.loads(os.environ["BENCH_WORKER"])
sys.path.insert(0, settings["checkout"])
from app import create_app, periodic
from app.notifications import worker
from config import Production
sending = {k: getattr(Production, k) for k in dir(Production) if k.startswith(("OUTBOX_", "SMS_"))}
app = create_app("testing", SQLALCHEMY_DATABASE_URI=settings["url"], **sending, **settings["config"])
nine = datetime.fromisoformat(settings["nine"])

def sweep_at_nine(_now):
    open(settings["swept"] + ".started", "w").close()
    periodic.run_all(nine)
    open(settings["swept"] + ".ended", "w").close()

worker.sweep_reminders = sweep_at_nine
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
with app.app_context():
    worker.run_forever(interval=5.0, stop=stop)
"""


def nine_today() -> datetime:
    """The latest 09:00 in Denmark: the reminders the sweep queues for it are due now."""
    now = datetime.now(DANISH_TIME)
    nine = now.replace(hour=9, minute=0, second=0, microsecond=0)
    return nine if nine <= now else nine - timedelta(days=1)


def seed(app, count: int, nine: datetime) -> None:
    sweep_bench.TODAY = nine.date()  # its seeding reads the module's TODAY
    with app.app_context():
        sweep_bench.seed(count)
        db.session.remove()
        db.engine.dispose()


def start_worker(checkout: Path, url: str, stub_url: str, nine: datetime, swept: Path) -> subprocess.Popen:
    config = {
        "TWILIO_ACCOUNT_SID": sweep_bench.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": sweep_bench.AUTH_TOKEN,
        "TWILIO_FROM": "+4570000000",
        "TWILIO_API_BASE_URL": stub_url,
        "REMINDER_SWEEP_SECONDS": 86400,
        "RATELIMIT_ENABLED": False,
    }
    settings = {
        "checkout": str(checkout),
        "url": url,
        "config": config,
        "nine": nine.isoformat(),
        "swept": str(swept),
    }
    return subprocess.Popen(
        [sys.executable, "-c", WORKER],
        cwd=checkout,
        env={**os.environ, "BENCH_WORKER": json.dumps(settings)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def reminders_left() -> int:
    db.session.remove()
    return db.session.scalar(
        select(func.count(Message.id)).where(
            Message.purpose != "login_code", Message.status.in_(("queued", "sending"))
        )
    )


def measure(app, checkout: Path, url: str, stub, args) -> dict[str, list[float]]:
    nine = nine_today()
    seed(app, args.citizens, nine)
    stub.received.clear()
    swept = scratch_dir("code-latency") / "swept"
    process = start_worker(checkout, url, stub.base_url, nine, swept)
    asked = []  # (phone, moment, phase)
    try:
        with app.app_context():
            # Citizens without a duty (every fifth): no reminder of theirs is mistaken for the code.
            people = db.session.execute(
                select(Citizen.cpr, Citizen.phone).where(Citizen.id % 5 == 1).limit(1000)
            ).all()
            wait_for(lambda: Path(f"{swept}.started").exists(), 300, "the sweep to start")
            sending = 0
            while sending < args.codes:
                phase = "sending" if Path(f"{swept}.ended").exists() else "sweep"
                if phase == "sending" and reminders_left() == 0:
                    break
                cpr, phone = people[len(asked)]
                moment = datetime.now(UTC)
                request_login_code(cpr, "sms", "bench", utcnow())
                db.session.commit()  # as the login route does
                asked.append((phone, moment, phase))
                sending += phase == "sending"
                time.sleep(args.every)
            wait_for(lambda: all(_received(stub, phone) for phone, *_ in asked), 600, "every code")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=300)
    found = {"sweep": [], "sending": []}
    for phone, moment, phase in asked:
        found[phase].append((_received(stub, phone) - moment).total_seconds())
    return found


def _received(stub, phone: str) -> datetime | None:
    return next(
        (sms.created for sms in list(stub.received) if sms.to == phone and CODE.search(sms.body)), None
    )


def summary(seconds: list[float]) -> str:
    if not seconds:
        return "no code asked for in this phase"
    if len(seconds) == 1:
        return f"{seconds[0]:.2f} s (n=1)"
    p95 = statistics.quantiles(seconds, n=20, method="inclusive")[18]
    p50, worst = statistics.median(seconds), max(seconds)
    return f"p50 {p50:.2f} s, p95 {p95:.2f} s, max {worst:.2f} s (n={len(seconds)})"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--codes", type=int, default=20, help="codes asked for while the reminders are sent")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between two requests for a code")
    parser.add_argument("--twilio-latency", type=float, default=0.1, help="seconds Twilio takes per SMS")
    parser.add_argument("--database", help="SQLAlchemy URL (default: TEST_DATABASE_URL, DATABASE_URL)")
    parser.add_argument("--baseline", type=Path, help="a checkout of main whose worker to measure after")
    args = parser.parse_args()
    url = (
        args.database
        or os.environ.get("TEST_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or f"sqlite:///{scratch_dir('code-latency')}/codes.sqlite"
    )
    stub = start_twilio_stub()
    stub.latency = args.twilio_latency
    app = sweep_bench.make_app(url, stub.base_url)
    print(
        f"database: {url.split('@')[-1]}, {args.citizens:,} citizens, a code asked for every {args.every} s, "
        f"Twilio answering in {args.twilio_latency * 1000:.0f} ms, {load()}"
    )
    checkouts = {"this": ROOT} | ({"baseline": args.baseline} if args.baseline else {})
    for name, checkout in checkouts.items():
        found = measure(app, checkout, url, stub, args)
        print(f"{name:8} during the sweep:   {summary(found['sweep'])} ({load()})")
        print(f"{name:8} during the sending: {summary(found['sending'])}")
    stub.stop()


if __name__ == "__main__":
    main()
