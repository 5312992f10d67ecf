"""When the database is down, the error page still renders, in the visitor's language, and says
that nothing was saved.

Before, the 500 handler rendered the page template, which loads the signed-in user (from the
database) to show their name: the handler failed too, and the visitor got a bare "Internal Server
Error" in English, with no word on whether their form was saved.
"""

import os
import re
from contextlib import contextmanager

import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.auth.services import handle_code_requests
from app.auth.session_timeout import session_values_for
from app.extensions import db
from app.models import Message
from app.models.types import utcnow
from tests.factories import make_citizen, make_jobcenter
from tests.support.forms import csrf_token
from tests.support.gunicorn import running_gunicorn
from tests.support.postgres import _run, binaries, start_cluster
from tests.support.smtp_server import free_port

NOTHING_SAVED = {
    "da": "intet af det, du sendte, er gemt",
    "en": "nothing you sent was saved",
    "ar": "لم يُحفظ أي شيء مما أرسلته",
    "uk": "нічого з надісланого не збережено",
}


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([a-z]+)"', page).group(1)


@pytest.fixture
def unreachable(app):
    """The app with its database on a loopback port where nothing listens."""
    nowhere = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/gone"
    broken = create_app("testing", SQLALCHEMY_DATABASE_URI=nowhere)
    broken.test_client_class = app.test_client_class
    return broken


def test_a_form_sent_while_the_database_is_down_says_nothing_was_saved_in_the_chosen_language(unreachable):
    client = unreachable.test_client()
    token = csrf_token(client, "/log-ind?lang=uk")  # the login page needs no database
    response = client.post("/log-ind", data={"cpr": "010190-1234", "channel": "sms", "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and "Retry-After" in response.headers
    assert html_lang(page) == "uk" and NOTHING_SAVED["uk"] in page
    assert "Traceback" not in page and "psycopg" not in page


@pytest.mark.parametrize("language", ["da", "en", "ar", "uk"])
def test_the_browsers_language_is_used_when_nothing_else_is_known(unreachable, language):
    client = unreachable.test_client()
    token = csrf_token(client, "/log-ind")
    response = client.post(
        "/log-ind",
        data={"cpr": "010190-1234", "channel": "sms", "csrf_token": token},
        headers={"Accept-Language": f"{language},en;q=0.5"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and html_lang(page) == language and NOTHING_SAVED[language] in page


def test_a_signed_in_citizen_gets_the_page_in_their_own_language_without_the_database(app, unreachable):
    """The citizen's language is in their account; it is kept in the session while the database
    is up, so the page needs no database to speak it."""
    citizen = make_citizen(make_jobcenter(), language="ar", name="Ahmad Al-Sayed")
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_values_for(citizen.get_id(), utcnow()))
        db.session.commit()
    client.get("/min-side/")  # the database is up: the language is read from the account
    with client.session_transaction() as session:
        cookie = dict(session)
    down = unreachable.test_client()
    with down.session_transaction() as session:
        session.update(cookie)
    response = down.get("/min-side/")
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and html_lang(page) == "ar" and NOTHING_SAVED["ar"] in page
    assert "Ahmad" not in page  # no name: nobody's account was loaded for the page


@pytest.mark.engine_independent  # a cluster of its own, which it stops
@pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed")
def test_postgresql_stopped_while_gunicorn_serves(tmp_path):
    """As in production: gunicorn workers with a PostgreSQL that goes away mid-test."""
    cluster = start_cluster()
    try:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=cluster.url)
        with app.app_context():
            db.create_all()
            make_citizen(make_jobcenter(), cpr="0101901234", language="ar", phone="+4520123401")
            db.session.commit()
        # One gunicorn worker: which of two answers a request is up to the kernel, so a second
        # worker's first (503) answer could come at any point of the twelve.
        with _gunicorn(cluster.url, workers=1) as base:
            citizen = requests.Session()
            _post(citizen, base, "/log-ind", {"cpr": "010190-1234", "channel": "sms"})
            with app.app_context():
                handle_code_requests(utcnow())  # what the worker does first in every round
                code = re.search(r"\d{6}", db.session.scalars(select(Message.body)).one()).group(0)
                db.engine.dispose()
            assert _post(citizen, base, "/log-ind/kode", {"code": code}).url == f"{base}/min-side/"
            stranger = requests.Session()
            stranger.headers["Accept-Language"] = "uk"
            token_page = stranger.get(f"{base}/log-ind", timeout=20).text

            cluster.stop()

            mine = citizen.get(f"{base}/min-side/", timeout=30)
            assert (
                mine.status_code == 503 and html_lang(mine.text) == "ar" and NOTHING_SAVED["ar"] in mine.text
            )
            token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', token_page).group(1)
            sent = stranger.post(
                f"{base}/log-ind",
                data={"cpr": "010190-1234", "channel": "sms", "csrf_token": token},
                timeout=30,
            )
            assert (
                sent.status_code == 503 and html_lang(sent.text) == "uk" and NOTHING_SAVED["uk"] in sent.text
            )
            assert requests.get(f"{base}/healthz", timeout=30).status_code == 503
    finally:
        cluster.remove()


@pytest.mark.engine_independent  # a cluster of its own, which it restarts
@pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed")
def test_after_postgresql_restarts_the_portal_is_back_at_once_without_a_ping_per_request(tmp_path):
    """No pre-ping round trip per request (config.py): after a restart, a request that meets a
    dead connection gets the "try again" page and SQLAlchemy discards that worker's whole pool,
    so within a request or two per worker every page works again."""
    cluster = start_cluster()
    try:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=cluster.url)
        with app.app_context():
            db.create_all()
            make_citizen(make_jobcenter(), cpr="0101901234", phone="+4520123401")
            db.session.commit()
        # One gunicorn worker: which of two answers a request is up to the kernel, so a second
        # worker's first (503) answer could come at any point of the twelve.
        with _gunicorn(cluster.url, workers=1) as base:
            citizen = requests.Session()
            _post(citizen, base, "/log-ind", {"cpr": "010190-1234", "channel": "sms"})
            with app.app_context():
                handle_code_requests(utcnow())
                code = re.search(r"\d{6}", db.session.scalars(select(Message.body)).one()).group(0)
                db.engine.dispose()
            assert _post(citizen, base, "/log-ind/kode", {"code": code}).url == f"{base}/min-side/"
            assert all(citizen.get(f"{base}/min-side/", timeout=20).ok for _ in range(6))  # pools filled

            cluster.stop()
            options = f"-h 127.0.0.1 -p {cluster.port} -k {cluster.folder} -c fsync=off"
            data = str(cluster.folder / "data")
            _run("pg_ctl", "-D", data, "-l", str(cluster.folder / "log"), "-w", "-o", options, "start")

            answers = [citizen.get(f"{base}/min-side/", timeout=20).status_code for _ in range(12)]
            assert answers.count(503) <= 1, answers  # at most the worker's first request
            assert set(answers[1:]) == {200}, answers
    finally:
        cluster.remove()


@contextmanager
def _gunicorn(url: str, workers: int = 2):
    # The testing configuration: production's session cookie is for HTTPS only.
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "testing",
        "TEST_DATABASE_URL": url,
        "WEB_CONCURRENCY": str(workers),
    }
    with running_gunicorn(env, "--log-level", "warning") as server:
        yield server.base


def _post(browser, base: str, path: str, data: dict):
    page = browser.get(base + path, timeout=20).text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    return browser.post(base + path, data={**data, "csrf_token": token}, timeout=20)
