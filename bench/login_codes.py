"""Attacks on logging in with a code, against gunicorn in its production configuration.

1. Wrong codes at once: one browser asks for a code, then sends N wrong codes at the same moment
   (N threads). Prints how many were checked (answered "wrong code", or the one that started the
   pause) and how many were turned away by the pause. At most 5 may be checked.
2. The right code among 59 wrong ones sent at once, for 10 citizens: how often it logged in (it
   may happen only when the right one is among the first 5 checked: about 5 times in 60).
3. "Send me a code" for a registered and an unknown CPR number: the median answer time of each.

The database is a fresh SQLite file, or PostgreSQL when DATABASE_URL is set. Rate limits are off,
so what is measured is the portal's own rule, not Flask-Limiter's per-process count.
Run: .venv/bin/python bench/login_codes.py [--wrong 200] [--workers 4] [--rounds 40]
     scripts/with-postgres.sh sh -c 'DATABASE_URL=$TEST_DATABASE_URL .venv/bin/python bench/login_codes.py'
"""

import argparse
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import AuditEvent  # noqa: E402
from app.notifications import worker  # noqa: E402
from app.notifications.providers import Provider  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from tests.factories import make_citizen  # noqa: E402
from tests.support.login import CODE  # noqa: E402
from tests.support.serving import Browser, served  # noqa: E402

SECRET = "bench-login-codes-" + "k" * 32


class Captured(Provider):
    """Keeps what the worker sends, so the benchmark can read the codes."""

    def __init__(self):
        self.sent = []

    def send(self, outgoing) -> str:
        self.sent.append(outgoing)
        return f"bench-{len(self.sent)}"


def deliver(app, phone: str) -> str:
    """Let the worker do what is queued; return the code in the newest SMS to `phone`."""
    provider = Captured()
    with app.app_context():
        worker.run_once(providers={"sms": provider, "email": provider})
        db.session.remove()
    return next(CODE.search(m.body).group(1) for m in reversed(provider.sent) if m.recipient == phone)


def ask_for_code(base: str, cpr: str) -> Browser:
    browser = Browser(base)
    browser.post("/log-ind", {"cpr": cpr, "channel": "sms"})
    return browser


def at_once(browser: Browser, codes: list[str]) -> list[int]:
    """Post every code in `codes` at the same moment from the same browser; their statuses."""
    token, start = browser.token("/log-ind/kode"), threading.Barrier(len(codes))

    def post(code: str) -> int:
        start.wait()
        return browser.post("/log-ind/kode", {"code": code}, token=token, keep_cookie=False).status_code

    with ThreadPoolExecutor(len(codes)) as pool:
        return list(pool.map(post, codes))


def wrong_codes(right: str, count: int) -> list[str]:
    return [f"{(int(right) + 1 + n) % 10**6:06d}" for n in range(count)]


def pauses(app, citizen_id: int) -> int:
    with app.app_context():
        found = db.session.scalar(
            db.select(db.func.count(AuditEvent.id)).filter_by(
                action="citizen.login_paused", citizen_id=citizen_id
            )
        )
        db.session.remove()
        return found


def race(app, base: str, citizen, count: int) -> None:
    browser = ask_for_code(base, citizen["cpr"])
    right = deliver(app, citizen["phone"])
    statuses = at_once(browser, wrong_codes(right, count))
    started_pause = pauses(app, citizen["id"])
    checked = statuses.count(422) + started_pause
    print(
        f"{count} wrong codes at once: {checked} checked ({statuses.count(422)} answered 'wrong', "
        f"{started_pause} started a pause), {statuses.count(429) - started_pause} turned away by the pause, "
        f"other answers: {sorted(s for s in statuses if s not in (422, 429))}"
    )


def right_among_wrong(app, base: str, citizens) -> None:
    """Once per citizen. With the count taken before each check, the right code can only win when
    it happens to be among the first 5 checked: about 5 times in 60."""
    logged_in = 0
    for citizen in citizens:
        browser = ask_for_code(base, citizen["cpr"])
        right = deliver(app, citizen["phone"])
        logged_in += 302 in at_once(browser, [*wrong_codes(right, 59), right])
    print(f"the right code among 59 wrong ones, at once: logged in {logged_in} times of {len(citizens)}")


def answer_times(base: str, known: str, rounds: int) -> None:
    times = {"registered": [], "unknown": []}
    for _ in range(rounds):
        for kind, cpr in (("registered", known), ("unknown", "3112999999")):
            browser = Browser(base)
            token = browser.token("/log-ind")
            started = time.perf_counter()
            answer = browser.post("/log-ind", {"cpr": cpr, "channel": "sms"}, token=token)
            times[kind].append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 302, answer.status_code
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    print(
        f"'send me a code', median of {rounds}: registered {medians['registered']:.1f} ms, "
        f"unknown {medians['unknown']:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wrong", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--right-among-wrong", type=int, default=10, dest="right_rounds")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch_dir('codes') / 'codes.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET)
    with app.app_context():
        db.drop_all()
        db.create_all()
        citizens = [make_citizen() for _ in range(2 + args.right_rounds)]
        db.session.commit()
        people = [{"id": c.id, "cpr": c.cpr, "phone": c.phone} for c in citizens]
        db.session.remove()
    print(f"database: {url.split(':')[0]}, {args.workers} workers")
    with served(url, SECRET, workers=args.workers) as base:
        race(app, base, people[0], args.wrong)
        answer_times(base, people[1]["cpr"], args.rounds)
        right_among_wrong(app, base, people[2:])
    with app.app_context():
        db.drop_all()


if __name__ == "__main__":
    main()
