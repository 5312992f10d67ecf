"""Nothing typed is lost: switching language on a page with a failed form, and sending a form after
the session timed out, both show the form again filled in; what is kept is sealed and never holds
a CPR number, a code or a password. "Stay logged in" renews the session and says until when."""

import re
from datetime import timedelta
from html import unescape

from sqlalchemy import select

from app.extensions import db
from app.models import FormDraft
from app.models.types import utcnow
from tests.factories import make_citizen, make_jobcenter
from tests.support.forms import csrf_token, submit
from tests.support.login import log_in, request_code, send_and_read_code

PAGE = "/min-side/sygdom/"
NOTE = "Jeg kan ikke komme til mødet på torsdag"


def citizen():
    person = make_citizen(make_jobcenter(), name="Mette Syg", language="da")
    db.session.commit()
    return person


def failed_sick_report(client):
    """The sickness form sent without its first day (its page is another address than the POST)."""
    token = csrf_token(client, PAGE)
    return client.post(
        f"{PAGE}meld-syg",
        data={"csrf_token": token, "first_day": "", "note": NOTE, "partial_hours": "7,5"},
        headers={"Referer": f"http://localhost{PAGE}"},
    )


def switch_form(page: str) -> dict:
    """The fields the page's language switch sends (a form on a page with a failed form)."""
    form = re.search(r'<form method="post" action="/sprog">(.*?)</form>', page, re.S)
    assert form, "the language switch is a form on a page with a failed form"
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(1))
    return {name: unescape(value) for name, value in fields}


def field_value(page: str, name: str) -> str:
    textarea = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\s*(.*?)</textarea>', page, re.S)
    if textarea:
        return unescape(textarea.group(1))
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return unescape(found.group(1)) if found else ""


def test_switching_language_on_a_failed_form_keeps_what_was_typed(app, client, twilio):
    log_in(client, twilio, citizen())
    failed = failed_sick_report(client)
    assert failed.status_code == 422
    fields = switch_form(failed.get_data(as_text=True))
    assert fields["switch_back"] == PAGE and fields["note"] == NOTE

    switched = client.post("/sprog", data={**fields, "switch_to": "ar"})
    assert switched.status_code == 303 and switched.location == PAGE
    page = client.get(PAGE).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert field_value(page, "note") == NOTE and field_value(page, "partial_hours") == "7,5"
    assert re.search(r"<title>خطأ: ", page) and 'id="error-summary"' in page  # the errors again
    assert field_value(client.get(PAGE).get_data(as_text=True), "note") == ""  # used once


def test_the_switch_of_a_failed_login_never_carries_the_cpr_number(app, client):
    failed = submit(client, "/log-ind", {"cpr": "0101901234", "channel": ""})
    assert failed.status_code == 422
    page = failed.get_data(as_text=True)
    assert "0101901234" not in switch_form(page).values()
    switched = client.post("/sprog", data={**switch_form(page), "switch_to": "uk"})
    assert switched.status_code == 303 and switched.location == "/log-ind"
    assert client.get("/log-ind").status_code == 200  # no 405, no form lost
    assert "0101901234" not in client.get("/log-ind").get_data(as_text=True)


def test_a_form_sent_after_the_time_out_is_filled_in_again_after_logging_in(app, client, twilio):
    mette = citizen()
    log_in(client, twilio, mette)
    token = csrf_token(client, PAGE)
    with client.session_transaction() as session:
        session["last_active"] -= 31 * 60
    timed_out = client.post(
        f"{PAGE}meld-syg",
        data={"csrf_token": token, "first_day": "2026-12-01", "note": NOTE},
        headers={"Referer": f"http://localhost{PAGE}"},
    )
    assert timed_out.status_code == 302 and timed_out.location.startswith("/log-ind")
    [draft] = db.session.scalars(select(FormDraft))
    assert draft.owner == mette.get_id() and NOTE not in draft.sealed_fields  # sealed

    client.get(timed_out.location)  # the login page, as the browser follows the redirect
    request_code(client, mette.cpr, next_page=PAGE)
    logged_in = submit(client, "/log-ind/kode", {"code": send_and_read_code(twilio, mette.phone)})
    assert logged_in.location == PAGE
    page = client.get(PAGE).get_data(as_text=True)
    assert field_value(page, "note") == NOTE and field_value(page, "first_day") == "2026-12-01"
    assert "Det, du skrev, er udfyldt igen" in page
    assert db.session.scalars(select(FormDraft)).all() == []


def test_another_person_never_gets_the_kept_form(app, client, twilio):
    mette, other = citizen(), citizen()
    log_in(client, twilio, mette)
    token = csrf_token(client, PAGE)
    with client.session_transaction() as session:
        session["last_active"] -= 31 * 60
    client.post(f"{PAGE}meld-syg", data={"csrf_token": token, "note": NOTE}, headers={"Referer": PAGE})
    stranger = app.test_client()
    log_in(stranger, twilio, other)
    assert field_value(stranger.get(PAGE).get_data(as_text=True), "note") == ""


def test_a_kept_form_is_gone_after_ten_minutes(app, client, twilio):
    log_in(client, twilio, citizen())
    fields = switch_form(failed_sick_report(client).get_data(as_text=True))
    client.post("/sprog", data={**fields, "switch_to": "en"})
    for draft in db.session.scalars(select(FormDraft)):
        draft.created_at = utcnow() - timedelta(minutes=11)
    db.session.commit()
    assert field_value(client.get(PAGE).get_data(as_text=True), "note") == ""


def test_stay_logged_in_renews_the_session_and_says_until_when(app, client, twilio):
    log_in(client, twilio, citizen())
    with client.session_transaction() as session:
        session["last_active"] -= 20 * 60
    token = csrf_token(client, "/min-side/")
    renewed = client.post(
        "/session/forny",
        data={"csrf_token": token, "back": "/min-side/"},
        headers={"X-Requested-With": "fetch"},
    )
    assert renewed.status_code == 200
    ends_at = renewed.get_json()["ends_at"]
    assert ends_at > (utcnow() + timedelta(minutes=29)).isoformat()
    assert renewed.get_json()["ends_at_text"] in client.get("/min-side/").get_data(as_text=True)
    with client.session_transaction() as session:
        assert utcnow().timestamp() - session["last_active"] < 60  # idle time starts again


def test_the_switch_returns_to_the_form_without_the_old_language_in_the_address(app, client):
    failed = submit(
        client, "/log-ind?lang=da&next=/min-side/", {"cpr": "", "channel": ""}, form_page="/log-ind"
    )
    assert switch_form(failed.get_data(as_text=True))["switch_back"] == "/log-ind?next=%2Fmin-side%2F"


def test_a_switch_keeps_at_most_a_long_form_and_one_address_cannot_fill_the_database(app):
    """Each switch from a new browser keeps a draft row: cheap to send, so it is capped."""
    hundred_long_fields = {f"field{n}": "x" * 10_000 for n in range(100)}
    browser = app.test_client()
    token = csrf_token(browser, "/log-ind")
    kept = browser.post(
        "/sprog", data={**hundred_long_fields, "csrf_token": token, "switch_back": "/log-ind"}
    )
    assert kept.status_code == 303
    [draft] = db.session.scalars(select(FormDraft)).all()
    assert len(draft.sealed_fields) < 200_000  # 100,000 characters kept, sealed; not 1 MB
    answers = []
    for _ in range(120):
        browser = app.test_client()  # a new browser each time: a new session and draft owner
        token = csrf_token(browser, "/log-ind")
        answers.append(browser.post("/sprog", data={"note": "x", "csrf_token": token}).status_code)
    assert answers[:119] == [303] * 119 and answers[119] == 429
    assert len(db.session.scalars(select(FormDraft)).all()) == 120
