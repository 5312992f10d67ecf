"""Citizen login with CPR number and a one-time code, through the real pages and providers."""

import re
from datetime import timedelta

import pytest

from app.auth import services
from app.extensions import db
from app.models import AuditEvent, Message, OneTimeCode
from app.models.types import utcnow
from app.notifications import worker
from tests.factories import make_citizen
from tests.support.forms import submit
from tests.support.login import last_code, log_in, request_code


def test_a_citizen_logs_in_with_a_code_sent_by_sms(app, client, twilio):
    citizen = make_citizen(name="Mette Hansen", phone="+4520123401")
    db.session.commit()
    response = request_code(client, f"{citizen.cpr[:6]}-{citizen.cpr[6:]}")  # as people write it
    assert response.status_code == 302 and response.headers["Location"] == "/log-ind/kode"
    worker.run_once()
    assert twilio.received[-1].to == "+4520123401"
    response = submit(client, "/log-ind/kode", {"code": last_code(twilio)})
    assert response.headers["Location"] == "/min-side/"
    assert "Mette Hansen" in client.get("/min-side/").get_data(as_text=True)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="citizen.logged_in"))
    assert (event.citizen_id, event.actor_type) == (citizen.id, "citizen")


def test_the_code_can_be_sent_by_email(app, client, twilio, smtp):
    citizen = make_citizen(email="m@example.dk", email_verified_at=utcnow())
    db.session.commit()
    request_code(client, citizen.cpr, channel="email")
    worker.run_once()
    [mail] = smtp.messages
    assert mail["To"] == "m@example.dk"
    code = re.search(r"\b(\d{6})\b", mail.get_content()).group(1)
    assert submit(client, "/log-ind/kode", {"code": code}).headers["Location"] == "/min-side/"
    assert twilio.received == []


def test_the_code_is_stored_hashed(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    request_code(client, citizen.cpr)
    worker.run_once()
    stored = db.session.scalar(db.select(OneTimeCode))
    assert last_code(twilio) not in stored.code_hash


def test_an_unknown_cpr_number_gets_the_same_answer_and_no_message(app, client, twilio):
    known = make_citizen()
    db.session.commit()
    for cpr in (known.cpr, "3112999999"):
        response = request_code(client, cpr)
        assert (response.status_code, response.headers["Location"]) == (302, "/log-ind/kode")
    pages = {client.get("/log-ind/kode").get_data(as_text=True).split("csrf_token")[0]}
    assert len(pages) == 1
    worker.run_once()  # the worker looks the numbers up and sends what it can
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 1


def test_a_malformed_cpr_number_is_explained_and_kept(app, client):
    response = submit(client, "/log-ind", {"cpr": "12345", "channel": "sms"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-summary"' in page and 'href="#cpr"' in page
    assert 'value="12345"' in page
    assert "<title>Fejl:" in page


def test_a_wrong_code_is_refused_with_a_clear_message(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    request_code(client, citizen.cpr)
    response = submit(client, "/log-ind/kode", {"code": "000000"})
    assert response.status_code == 422
    assert 'href="#code"' in response.get_data(as_text=True)
    assert client.get("/min-side/").status_code == 302


def test_a_code_works_only_once(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    code = last_code(twilio)
    submit(client, "/log-ud", {}, form_page="/min-side/")
    request_code(client, citizen.cpr)  # a new code; the old one must not work
    assert submit(client, "/log-ind/kode", {"code": code}).status_code == 422


def test_five_wrong_codes_pause_login_for_15_minutes(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    request_code(client, citizen.cpr)
    worker.run_once()
    good = last_code(twilio)
    for _ in range(4):
        assert submit(client, "/log-ind/kode", {"code": "000000"}).status_code == 422
    response = submit(client, "/log-ind/kode", {"code": "000000"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert app.config["PORTAL_CONTACT_PHONE"] in page, "says what else the citizen can do"
    assert submit(client, "/log-ind/kode", {"code": good}).status_code == 429
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="citizen.login_paused"))


def test_the_pause_ends_after_15_minutes(app):
    citizen = make_citizen()
    db.session.commit()
    now = utcnow()
    for _ in range(4):
        with pytest.raises(services.WrongCode):
            services.log_in_with_code(citizen.cpr, "browser", "123456", now)
    with pytest.raises(services.LoginPaused) as paused:
        services.log_in_with_code(citizen.cpr, "browser", "123456", now)
    assert paused.value.until == now + timedelta(minutes=15)
    with pytest.raises(services.LoginPaused):
        services.log_in_with_code(citizen.cpr, "browser", "123456", now + timedelta(minutes=14))
    with pytest.raises(services.WrongCode):
        services.log_in_with_code(citizen.cpr, "browser", "123456", now + timedelta(minutes=16))


def test_a_code_expires_after_10_minutes(app, twilio):
    citizen = make_citizen()
    db.session.commit()
    now = utcnow()
    services.request_login_code(citizen.cpr, "sms", "browser", now)
    worker.run_once(now=now)
    with pytest.raises(services.WrongCode):
        services.log_in_with_code(
            citizen.cpr, "browser", last_code(twilio), now + timedelta(minutes=10, seconds=1)
        )


def test_asking_too_often_for_one_cpr_number_is_limited(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    statuses = [request_code(client, citizen.cpr).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]


def test_login_starts_a_fresh_session(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    log_in(client, twilio, citizen)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_after_login_the_citizen_lands_on_the_page_they_asked_for(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    response = client.get("/min-side/aktivitet")
    assert response.headers["Location"] == "/log-ind?next=/min-side/aktivitet"
    response = log_in(client, twilio, citizen, next_page="/min-side/aktivitet")
    assert response.headers["Location"] == "/min-side/aktivitet"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_next_never_leads_off_the_site(app, client, twilio, target):
    citizen = make_citizen()
    db.session.commit()
    response = log_in(client, twilio, citizen, next_page=target)
    assert response.headers["Location"] == "/min-side/"


def test_log_out(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    response = submit(client, "/log-ud", {}, form_page="/min-side/")
    assert response.headers["Location"] == "/"
    assert client.get("/min-side/").status_code == 302


def test_an_idle_session_times_out_and_login_returns_to_the_same_page(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    with client.session_transaction() as session:
        session["last_active"] -= 31 * 60
    response = client.get("/min-side/beskeder")
    assert response.headers["Location"] == "/log-ind?next=/min-side/beskeder"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "logget ud" in page or "logged out" in page
    response = log_in(client, twilio, citizen, next_page="/min-side/beskeder")
    assert response.headers["Location"] == "/min-side/beskeder"


def test_every_signed_in_page_says_when_the_session_ends_and_is_not_cached(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    response = client.get("/min-side/?lang=en")
    assert "you will be logged out at" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_stay_logged_in_renews_the_session(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    with client.session_transaction() as session:
        session["last_active"] -= 25 * 60
    response = submit(client, "/session/forny", {"back": "/min-side/aktivitet"}, form_page="/min-side/")
    assert response.headers["Location"] == "/min-side/aktivitet"
    with client.session_transaction() as session:
        assert utcnow().timestamp() - session["last_active"] < 60


def test_a_citizen_can_ask_for_a_letter_and_log_in_with_its_code_days_later(app, client, twilio):
    citizen = make_citizen(phone=None, address="Islevbrovej 10\n2610 Rødovre")
    db.session.commit()
    response = request_code(client, citizen.cpr, channel="letter")
    assert response.headers["Location"] == "/log-ind/kode"
    assert "within 5 working days" in client.get("/log-ind/kode?lang=en").get_data(as_text=True)
    worker.run_once()
    letter = db.session.scalar(db.select(Message).filter_by(purpose="code_letter"))
    assert (letter.channel, letter.status) == ("letter", "queued")
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="access.letter_requested"))
    later = app.test_client()  # days later, another session
    assert request_code(later, citizen.cpr, channel="have_code").headers["Location"] == "/log-ind/kode"
    response = submit(later, "/log-ind/kode", {"code": services.letter_code(letter)})
    assert response.headers["Location"] == "/min-side/"


def test_a_letter_for_an_unknown_cpr_number_looks_the_same_and_queues_nothing(app, client):
    response = request_code(client, "3112999999", channel="letter")
    assert response.headers["Location"] == "/log-ind/kode"
    worker.run_once()
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0
