"""Staff search by CPR number without the CPR number in a URL or an access log.

Before, the search was GET /medarbejder/?q=0101901234: in gunicorn's access log, the proxy's
logs, the browser history and bookmarks. Now the form is posted, the results are shown on their
own page (post, redirect, get: the back button shows them again without "resend the form?"),
and only the ids of the citizens found are kept in the session, never the query.
"""

import os
import re

import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import AuditEvent, Message
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.gunicorn import running_gunicorn
from tests.support.login import signed_in_as

CPR = "0101901234"


@pytest.fixture
def people(app):
    jobcenter = make_jobcenter("kbh")
    mette = make_citizen(jobcenter, name="Mette Hansen", cpr=CPR, phone="+4520111111")
    staff = make_staff(jobcenter, "front_desk", name="Lise Skranke")
    db.session.commit()
    return mette, staff


def searched(client, query: str):
    return submit(client, "/medarbejder/", {"q": query})


def test_a_search_by_cpr_number_is_posted_and_no_address_holds_the_number(app, client, smtp, people):
    mette, staff = people
    signed_in_as(client, staff)
    for query in (CPR, "010190-1234"):
        response = searched(client, query)
        assert response.status_code == 303
        assert response.location == "/medarbejder/soegeresultat"
        page = client.get(response.location).get_data(as_text=True)
        assert "Mette Hansen" in page
        hrefs = re.findall(r'(?:href|action)="([^"]*)"', page)
        assert not [href for href in hrefs if "010190" in href or CPR in href]
    assert CPR not in str(client.get_cookie("session").value)  # signed, but readable: ids only


def test_a_cpr_number_in_the_address_searches_nothing(app, client, smtp, people):
    """An old bookmark or a link with ?q= must not search: the number would be in the logs."""
    mette, staff = people
    signed_in_as(client, staff)
    page = client.get(f"/medarbejder/?q={CPR}").get_data(as_text=True)
    assert "Mette Hansen" not in page


def test_the_back_button_shows_the_results_again_and_each_showing_is_audited(app, client, smtp, people):
    mette, staff = people
    signed_in_as(client, staff)
    searched(client, CPR)
    for _ in range(2):  # the results page, then again after the citizen's page ("back")
        assert "Mette Hansen" in client.get("/medarbejder/soegeresultat").get_data(as_text=True)
        client.get(f"/medarbejder/borger/{mette.id}")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "lookup.search_results")).all()
    assert [(e.citizen_id, e.actor_id, e.details) for e in events] == [
        (mette.id, staff.id, {"role": staff.role, "jobcenter_id": staff.jobcenter_id, "by": "cpr"})
    ] * 2
    assert not [e for e in db.session.scalars(select(AuditEvent)) if CPR in str(e.details)]


def test_the_results_page_without_a_search_goes_back_to_the_form(app, client, smtp, people):
    _, staff = people
    signed_in_as(client, staff)
    assert client.get("/medarbejder/soegeresultat").location == "/medarbejder/"


def test_an_empty_search_says_what_to_write(app, client, smtp, people):
    _, staff = people
    signed_in_as(client, staff)
    response = searched(client, "  ")
    assert response.status_code == 422
    assert "Skriv et CPR-nummer, et navn eller et telefonnummer." in response.get_data(as_text=True)


@pytest.mark.engine_independent  # an SQLite file of its own
def test_no_cpr_number_in_gunicorns_access_log(tmp_path):
    """As in production: gunicorn writes every request line to its access log."""
    database = f"sqlite:///{tmp_path / 'search.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database)
    with app.app_context():
        db.create_all()
        jobcenter = make_jobcenter("kbh")
        make_citizen(jobcenter, name="Mette Hansen", cpr=CPR)
        make_staff(jobcenter, "front_desk", email="lise@kbh.example.dk")
        db.session.commit()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "testing",
        "TEST_DATABASE_URL": database,
        "WEB_CONCURRENCY": "2",
    }
    with running_gunicorn(env, "--access-logfile", str(log)) as server:
        browser, base = requests.Session(), server.base
        _post(
            browser,
            base,
            "/medarbejder/log-ind",
            {"email": "lise@kbh.example.dk", "password": "secret-password"},
        )
        with app.app_context():
            code = re.search(r"\d{6}", db.session.scalars(select(Message.body)).one()).group(0)
        _post(browser, base, "/medarbejder/log-ind/kode", {"code": code})
        results = _post(browser, base, "/medarbejder/", {"q": "010190-1234"})
        assert results.url == f"{base}/medarbejder/soegeresultat" and "Mette Hansen" in results.text
    lines = log.read_text()
    assert "/medarbejder/soegeresultat" in lines and "POST /medarbejder/ " in lines
    assert CPR not in lines and "010190" not in lines


def _post(browser, base: str, path: str, data: dict):
    page = browser.get(base + path, timeout=20).text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    return browser.post(base + path, data={**data, "csrf_token": token}, timeout=20)
