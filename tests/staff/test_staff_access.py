"""Staff log in, find their own jobcenter's citizens, and restore a citizen's access."""

import pytest

from app.extensions import db
from app.models import AuditEvent, Message
from app.models.types import utcnow
from app.notifications import worker
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.login import (
    OPEN_CODE,
    code_in_pdf,
    request_code,
    send_and_read_code,
    signed_in_as,
    staff_log_in,
)


@pytest.fixture
def centre(app):
    return make_jobcenter("kbh", phone="33 66 33 66")


def test_staff_log_in_with_password_and_a_code(app, client, smtp, centre):
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    response = staff_log_in(client, smtp, staff)
    assert response.headers["Location"] == "/medarbejder/"
    assert client.get("/medarbejder/").status_code == 200


@pytest.mark.parametrize("email", ["known", "nobody@example.dk"])
def test_a_wrong_password_or_unknown_email_gets_the_same_answer(app, client, smtp, centre, email):
    staff = make_staff(centre)
    db.session.commit()
    address = staff.email if email == "known" else email
    response = submit(client, "/medarbejder/log-ind?lang=en", {"email": address, "password": "wrong"})
    assert response.status_code == 422
    assert "The e-mail or password is wrong." in response.get_data(as_text=True)
    assert smtp.messages == []


def test_staff_pages_need_a_staff_login(app, client, twilio, centre):
    citizen = make_citizen(centre)
    db.session.commit()
    assert client.get("/medarbejder/").headers["Location"].startswith("/medarbejder/log-ind")

    signed_in_as(client, citizen)  # a citizen is not staff
    response = client.get(f"/medarbejder/borger/{citizen.id}")
    assert response.headers["Location"].startswith("/medarbejder/log-ind")


def test_search_finds_only_own_jobcenters_citizens(app, client, smtp, centre):
    other = make_jobcenter("rdo")
    mine = make_citizen(centre, name="Anna Mine", phone="+4520111111")
    make_citizen(other, name="Anna Other")
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    signed_in_as(client, staff)
    for query in ("Anna", mine.cpr, "20 11 11 11"):
        page = submit(client, "/medarbejder/", {"q": query}, follow_redirects=True).get_data(as_text=True)
        assert "Anna Mine" in page and "Anna Other" not in page


def test_another_jobcenters_citizen_is_not_found(app, client, smtp, centre):
    stranger = make_citizen(make_jobcenter("rdo"))
    staff = make_staff(centre, "admin")
    db.session.commit()
    signed_in_as(client, staff)
    assert client.get(f"/medarbejder/borger/{stranger.id}").status_code == 404
    response = submit(
        client, f"/medarbejder/borger/{stranger.id}/send-kode", {"channel": "sms"}, form_page="/medarbejder/"
    )
    assert response.status_code == 404


def test_front_desk_sends_a_new_code_and_the_citizen_is_told(app, client, smtp, twilio, centre):
    citizen = make_citizen(centre, phone="+4520222222", email="c@example.dk", email_verified_at=utcnow())
    staff = make_staff(centre, "front_desk", name="Front Desk Frida")
    db.session.commit()
    signed_in_as(client, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    response = submit(client, f"{page}/send-kode", {"channel": "sms"}, form_page=page)
    assert response.headers["Location"] == page
    worker.run_once()
    purposes = sorted(
        (m.purpose, m.channel)
        for m in db.session.scalars(db.select(Message).where(Message.citizen_id == citizen.id))
    )
    assert purposes == [("access_changed", "email"), ("access_changed", "sms"), ("login_code", "sms")]
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="access.code_sent"))
    assert (event.actor_type, event.actor_id, event.citizen_id) == ("staff", staff.id, citizen.id)
    # The citizen can log in with that code, in any browser: nobody asked for it on a page, so it
    # is an open code, 10 digits long.
    sms = next(r for r in twilio.received if r.to == "+4520222222" and OPEN_CODE.search(r.body))
    citizen_client = app.test_client()
    request_code(citizen_client, citizen.cpr, channel="have_code")
    code = OPEN_CODE.search(sms.body).group()
    assert submit(citizen_client, "/log-ind/kode", {"code": code}).headers["Location"] == "/min-side/"


def test_front_desk_unlocks_a_paused_login(app, client, smtp, twilio, centre):
    citizen = make_citizen(centre)
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    paused = app.test_client()  # the citizen typed 5 wrong codes in their own browser
    request_code(paused, citizen.cpr)
    code = send_and_read_code(twilio, citizen.phone)
    for _ in range(5):
        submit(paused, "/log-ind/kode", {"code": "000000"})
    assert submit(paused, "/log-ind/kode", {"code": code}).status_code == 429
    signed_in_as(client, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    facts = client.get(f"{page}?lang=en").get_data(as_text=True)
    assert "in the browser where wrong codes were typed" in facts
    submit(client, f"{page}/laas-op", {}, form_page=page)
    assert "Unlock the login" not in client.get(f"{page}?lang=en").get_data(as_text=True)
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="access.unlocked"))
    assert submit(paused, "/log-ind/kode", {"code": code}).headers["Location"] == "/min-side/"


def test_changing_contact_details_needs_the_id_check_and_tells_the_old_phone(app, client, smtp, centre):
    citizen = make_citizen(centre, phone="+4520333333")
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    signed_in_as(client, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    missing_id = submit(
        client, f"{page}/kontakt", {"contact-phone": "20 44 44 44", "contact-email": ""}, form_page=page
    )
    assert missing_id.status_code == 422
    assert 'value="+4520444444"' in missing_id.get_data(as_text=True), "what staff typed is kept"
    submit(
        client,
        f"{page}/kontakt",
        {"contact-phone": "20 44 44 44", "contact-email": "", "contact-id_seen": "passport"},
        form_page=page,
    )
    db.session.refresh(citizen)
    assert citizen.phone == "+4520444444" and citizen.phone_verified_at is not None
    told = {m.recipient for m in db.session.scalars(db.select(Message).filter_by(purpose="access_changed"))}
    assert told == {"+4520444444", "+4520333333"}
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="access.contact_changed"))
    assert event.details["id_seen"] == "passport"


def test_a_bad_phone_number_is_explained(app, client, smtp, centre):
    citizen = make_citizen(centre)
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    signed_in_as(client, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    response = submit(
        client,
        f"{page}/kontakt?lang=en",
        {"contact-phone": "12", "contact-email": "x", "contact-id_seen": "passport"},
        form_page=page,
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write a phone number like" in text and "Write an e-mail address like" in text


def test_a_code_letter_goes_to_the_print_queue_and_its_code_logs_in(app, client, smtp, centre):
    citizen = make_citizen(centre, phone=None, address="Vej 1\n2610 Rødovre")
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    signed_in_as(client, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    response = submit(client, f"{page}/kodebrev", {}, form_page=page)
    assert response.headers["Location"] == "/medarbejder/udskrifter"
    letter = db.session.scalar(db.select(Message).filter_by(purpose="code_letter"))
    assert letter.channel == "letter" and letter.status == "queued"
    queue = client.get("/medarbejder/udskrifter").get_data(as_text=True)
    assert citizen.name in queue
    pdf = client.get(f"/medarbejder/udskrifter/{letter.id}.pdf")
    assert pdf.data.startswith(b"%PDF") and pdf.headers["Cache-Control"] == "no-store"
    code = code_in_pdf(pdf.data)
    submit(client, f"/medarbejder/udskrifter/{letter.id}/sendt", {}, form_page="/medarbejder/udskrifter")
    db.session.refresh(letter)
    assert letter.status == "sent" and "code" not in letter.context
    citizen_client = app.test_client()
    request_code(citizen_client, citizen.cpr)  # no phone: nothing is sent, but the form goes on
    response = submit(citizen_client, "/log-ind/kode", {"code": code})
    assert response.headers["Location"] == "/min-side/"


def test_staff_see_the_citizens_messages_and_activity_on_the_citizen_page(app, client, smtp, twilio, centre):
    citizen = make_citizen(centre)
    staff = make_staff(centre, "front_desk", name="Frida Skranke")
    db.session.commit()
    signed_in_as(client, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    submit(client, f"{page}/send-kode", {"channel": "sms"}, form_page=page)
    twilio.fail_next(500)
    worker.run_once()
    html = client.get(f"{page}?lang=en").get_data(as_text=True)
    assert "Login code" in html and "Frida Skranke" in html
    assert "Delayed: we will try again" in html, "delays are visible to staff"
