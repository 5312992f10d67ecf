"""The citizen chooses the language of our messages, which channel we try first, and whether we
send SMS at all, on the contact page; the outbox follows the choices (the real worker sends to
the Twilio stub and the SMTP server); staff see them; a reminder link opens in that language."""

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.job_search.links import token_for
from app.models import AuditEvent
from app.models.types import utcnow
from app.notifications import worker
from app.notifications.outbox import enqueue
from app.rules.dates import danish_today
from tests.factories import make_citizen, make_staff
from tests.rights.support import signed_in
from tests.support.forms import submit

CONTACT = "/min-side/kontakt"


def _choose(client, language: str, first: str, sms: str):
    data = {"prefs-message_language": language, "prefs-first_channel": first, "prefs-sms": sms}
    return submit(client, CONTACT + "/valg", data, form_page=CONTACT)


def _send_a_notice(citizen) -> None:
    enqueue("contact_changed", citizen, {"phone": "70 12 34 56", "date": "1.3.2027"})  # sent at any hour
    db.session.commit()
    worker.run_once()


def _citizen_with_phone_and_email():
    return make_citizen(email="borger@example.dk", email_verified_at=utcnow(), language="da")


def test_e_mail_first_in_ukrainian_changes_what_the_outbox_sends(app, twilio, smtp):
    citizen = _citizen_with_phone_and_email()
    db.session.commit()
    _send_a_notice(citizen)
    assert len(twilio.received) == 1 and not smtp.messages  # before: SMS, in Danish
    assert _choose(signed_in(app, citizen), "uk", "email", "on").status_code == 302
    _send_a_notice(citizen)
    assert len(twilio.received) == 1 and len(smtp.messages) == 1
    assert "Borgerportal" in smtp.messages[-1].get_content() and "змін" in smtp.messages[-1].get_content()
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "citizen.preferences_changed"))
    assert event.details == {"message_language": "uk", "first_channel": "email"}


def test_stopping_sms_on_the_page_sends_by_e_mail_and_restarting_sends_sms_again(app, twilio, smtp):
    citizen = _citizen_with_phone_and_email()
    db.session.commit()
    client = signed_in(app, citizen)
    _choose(client, "da", "sms", "off")
    _send_a_notice(citizen)
    assert not twilio.received and len(smtp.messages) == 1
    _choose(client, "da", "sms", "on")
    _send_a_notice(citizen)
    assert len(twilio.received) == 1 and len(smtp.messages) == 1


def test_e_mail_first_without_an_e_mail_is_refused_and_explained(app):
    citizen = make_citizen(language="da")
    db.session.commit()
    response = _choose(signed_in(app, citizen), "ar", "email", "on")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "You have no confirmed e-mail yet" in page
    assert 'value="ar" checked' in page or 'checked value="ar"' in page or "checked" in page
    db.session.refresh(citizen)
    assert (citizen.language, citizen.preferred_channel) == ("da", "sms")


def test_staff_see_the_choices(app):
    citizen = _citizen_with_phone_and_email()
    staff = make_staff(citizen.jobcenter, "front_desk")
    db.session.commit()
    _choose(signed_in(app, citizen), "uk", "email", "off")
    page = signed_in(app, staff).get(f"/medarbejder/borger/{citizen.id}").get_data(as_text=True)
    assert "Українська" in page and "Stopped since" in page


def test_a_reminder_link_opens_in_the_message_language(app):
    citizen = make_citizen(language="uk")
    db.session.commit()
    token = token_for(citizen.id, danish_today(utcnow()) + timedelta(days=2))
    page = app.test_client().get(f"/j/{token}").get_data(as_text=True)
    assert '<html lang="uk"' in page
    chosen = app.test_client().get(f"/j/{token}?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in chosen
