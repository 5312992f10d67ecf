"""The first views of a newly imported citizen, served as in production: gunicorn with two
worker processes, each request with its own database session, against an SQLite file or
PostgreSQL. The failure of issue 17 lived exactly there (a page view's savepoint committed on
its own on SQLite, the due date computed after it was rolled back with the request)."""

import os
import re
from datetime import timedelta

import pytest
import requests
from babel.dates import format_date

from app import create_app
from app.citizens.importer import import_citizens
from app.extensions import db
from app.models import JobSearchConfirmation
from app.models.types import utcnow
from app.notifications import worker
from app.rules.dates import danish_today
from tests.conftest import database_url_for, is_postgres
from tests.factories import make_jobcenter
from tests.support.gunicorn import running_gunicorn
from tests.support.login import CODE
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN

CSV = (
    "cpr,name,phone,email,language,target_group,jobcenter\n"
    "010190-1234,Mette Hansen,20 12 34 01,,en,dagpenge,kbh\n"
)


@pytest.fixture
def served(tmp_path, worker_id_safe, twilio):
    url = (
        database_url_for(worker_id_safe, "served") if is_postgres() else f"sqlite:///{tmp_path}/served.sqlite"
    )
    stub = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_FROM": "+4570000000"}
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, TWILIO_API_BASE_URL=twilio.base_url, **stub)
    with app.app_context():
        db.drop_all()
        db.create_all()
        make_jobcenter("kbh")
        db.session.commit()
        assert import_citizens(CSV.encode(), today=danish_today(utcnow())).created == 1
        env = {
            **os.environ,
            "BORGERPORTAL_CONFIG": "development",
            "DATABASE_URL": url,
            "WEB_CONCURRENCY": "2",
            # The same key as this process: the worker here opens the code requests the portal sealed.
            "SECRET_KEY": app.config["SECRET_KEY"],
        }
        try:
            with running_gunicorn(env, "--log-level", "warning") as server:
                yield app, server.base
        finally:
            db.session.remove()
            db.drop_all()


def _post(browser, base, path, data, form_page=None, follow=True):
    page = browser.get(f"{base}{form_page or path}", timeout=20).text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    data = {**data, "csrf_token": token}
    return browser.post(f"{base}{path}", data=data, timeout=20, allow_redirects=follow)


def test_a_newly_imported_dagpenge_citizen_is_asked_to_confirm_on_every_view(served, twilio):
    app, base = served
    browser = requests.Session()
    _post(browser, base, "/log-ind?lang=en", {"cpr": "010190-1234", "channel": "sms"})
    worker.run_once()  # the code goes out as the worker process would send it
    code = CODE.search(twilio.received[-1].body).group(1)
    assert _post(browser, base, "/log-ind/kode", {"code": code}, follow=False).status_code == 302
    due = format_date(danish_today(utcnow()) + timedelta(days=7), "long", locale="en")
    for view in ("first", "second", "third", "fourth"):
        page = browser.get(f"{base}/min-side/?lang=en", timeout=20).text
        assert f"Confirm your job search by {due}" in page, f"{view} view"
        assert "does not have this duty" not in page, f"{view} view"
    answer = _post(browser, base, "/min-side/bekraeft-jobsoegning", {}, form_page="/min-side/?lang=en")
    assert "Thank you. Your job search is confirmed." in answer.text
    assert db.session.query(JobSearchConfirmation).count() == 1
