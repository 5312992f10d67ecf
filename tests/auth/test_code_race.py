"""Wrong codes sent at the same moment, against gunicorn with 2 workers (processes, each serving
many requests at once) in the production configuration, on a SQLite file or on PostgreSQL
(scripts/with-postgres.sh): the count of wrong codes is taken in the database before a code is
compared, so no more than 5 are ever checked per pause, however many arrive at once.
bench/login_codes.py prints the same figures.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from app import create_app
from app.extensions import db
from app.models import AuditEvent, CodeTries
from app.notifications import worker
from app.notifications.providers import Provider
from tests.conftest import database_url_for, is_postgres
from tests.factories import make_citizen
from tests.support.login import CODE
from tests.support.serving import Browser, served

SECRET = "race-test-" + "k" * 32
AT_ONCE = 200


class Captured(Provider):
    def __init__(self):
        self.sent = []

    def send(self, outgoing) -> str:
        self.sent.append(outgoing)
        return f"captured-{len(self.sent)}"


@pytest.fixture
def portal(tmp_path, worker_id_safe):
    """(app, base URL): gunicorn serving a database this test process also reads and writes."""
    url = (
        database_url_for(worker_id_safe, "race") if is_postgres() else f"sqlite:///{tmp_path / 'race.sqlite'}"
    )
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET)
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.session.remove()
    try:
        with served(url, SECRET, workers=2) as base:
            yield app, base
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def deliver(app, phone: str) -> str:
    """What the worker does: handle the code requests and send; the code in the SMS to `phone`."""
    provider = Captured()
    with app.app_context():
        worker.run_once(providers={"sms": provider, "email": provider})
        db.session.remove()
    return next(CODE.search(m.body).group(1) for m in reversed(provider.sent) if m.recipient == phone)


def at_once(browser: Browser, codes: list[str]) -> list[int]:
    """Post every code from the same browser (the same session cookie) at the same moment."""
    token, start = browser.token("/log-ind/kode"), threading.Barrier(len(codes))

    def post(code: str) -> int:
        start.wait()
        return browser.post("/log-ind/kode", {"code": code}, token=token, keep_cookie=False).status_code

    with ThreadPoolExecutor(len(codes)) as pool:
        return list(pool.map(post, codes))


def test_wrong_codes_sent_at_once_are_checked_at_most_five_times(portal):
    app, base = portal
    with app.app_context():
        citizen = make_citizen()
        db.session.commit()
        cpr, phone, citizen_id = citizen.cpr, citizen.phone, citizen.id
        db.session.remove()
    attacker = Browser(base)
    attacker.post("/log-ind", {"cpr": cpr, "channel": "sms"})
    right = deliver(app, phone)
    wrong = [f"{(int(right) + 1 + n) % 10**6:06d}" for n in range(AT_ONCE)]

    statuses = at_once(attacker, wrong)

    assert set(statuses) <= {422, 429}, f"every answer is 'wrong' or 'paused': {sorted(set(statuses))}"
    with app.app_context():
        pauses = db.session.scalar(
            db.select(db.func.count(AuditEvent.id)).filter_by(
                action="citizen.login_paused", citizen_id=citizen_id
            )
        )
        tries = db.session.scalar(db.select(CodeTries.tries))
        db.session.remove()
    checked = statuses.count(422) + pauses  # answered "wrong", or the wrong code that started the pause
    assert (checked, pauses, tries) == (5, 1, 5)
    assert attacker.post("/log-ind/kode", {"code": right}).status_code == 429, (
        "paused, even for the right code"
    )

    citizen_browser = Browser(base)  # the citizen, meanwhile, in their own browser
    citizen_browser.post("/log-ind", {"cpr": cpr, "channel": "sms"})
    answer = citizen_browser.post("/log-ind/kode", {"code": deliver(app, phone)})
    assert (answer.status_code, answer.headers["Location"]) == (302, "/min-side/")
