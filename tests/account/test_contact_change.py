"""A citizen changes phone or e-mail: a code to the new address, and a notice to the old one."""

import re

import pytest

from app.extensions import db
from app.models import AuditEvent, Message, OneTimeCode
from app.models.types import utcnow
from app.notifications import worker
from tests.factories import make_citizen
from tests.support.forms import submit
from tests.support.login import log_in, signed_in_as


def code_sent_to(twilio, number: str) -> str:
    body = [r.body for r in twilio.received if r.to == number][-1]
    return re.search(r"\b(\d{6})\b", body).group(1)


def test_a_new_phone_number_is_used_only_after_its_code_is_entered(app, client, twilio):
    citizen = make_citizen(phone="+4520111111")
    db.session.commit()
    signed_in_as(client, citizen)
    response = submit(
        client, "/min-side/kontakt/telefon", {"phone-phone": "20 22 22 22"}, form_page="/min-side/kontakt"
    )
    assert response.headers["Location"] == "/min-side/kontakt/bekraeft"
    worker.run_once()
    db.session.refresh(citizen)
    assert citizen.phone == "+4520111111", "nothing changes before the code is entered"
    [code_row] = db.session.scalars(db.select(OneTimeCode).filter_by(purpose="verify"))
    assert (code_row.citizen_id, code_row.helper_id) == (citizen.id, None)  # the citizen's own code
    code = code_sent_to(twilio, "+4520222222")
    response = submit(client, "/min-side/kontakt/bekraeft", {"code": code})
    assert response.headers["Location"] == "/min-side/kontakt"
    db.session.refresh(citizen)
    assert citizen.phone == "+4520222222" and citizen.phone_verified_at is not None
    notice = db.session.scalar(db.select(Message).filter_by(purpose="contact_changed"))
    assert notice.recipient == "+4520111111"
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="citizen.contact_changed"))


def test_a_new_email_is_confirmed_by_a_code_sent_to_it(app, client, twilio, smtp):
    citizen = make_citizen()
    db.session.commit()
    signed_in_as(client, citizen)
    submit(client, "/min-side/kontakt/email", {"email-email": "Ny@Example.dk"}, form_page="/min-side/kontakt")
    worker.run_once()
    [mail] = smtp.messages
    assert mail["To"] == "Ny@example.dk"
    code = re.search(r"\b(\d{6})\b", mail.get_content()).group(1)
    submit(client, "/min-side/kontakt/bekraeft", {"code": code})
    db.session.refresh(citizen)
    assert citizen.email == "Ny@example.dk" and citizen.email_verified_at is not None


def test_a_bad_phone_number_is_explained_and_kept(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    signed_in_as(client, citizen)
    response = submit(
        client, "/min-side/kontakt/telefon?lang=en", {"phone-phone": "12 34"}, form_page="/min-side/kontakt"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write a phone number like" in page and 'value="12 34"' in page


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("telefon", "phone-phone", "Write your new phone number."),
        ("email", "email-email", "Write your new e-mail address."),
    ],
)
def test_only_spaces_or_a_line_break_count_as_nothing_written(app, client, twilio, path, field, message):
    """A lone "\r" passed InputRequired, then was stripped to "": a code was queued to no address
    and the page crashed (found by the fuzzing)."""
    citizen = make_citizen(email=None)
    db.session.commit()
    signed_in_as(client, citizen)
    before = db.session.query(Message).count()
    response = submit(
        client, f"/min-side/kontakt/{path}?lang=en", {field: " \r\n"}, form_page="/min-side/kontakt"
    )
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.query(Message).count() == before


def test_a_login_code_cannot_confirm_a_contact_change(app, client, twilio):
    citizen = make_citizen(phone="+4520333333", email="a@example.dk", email_verified_at=utcnow())
    db.session.commit()
    log_in(client, twilio, citizen)  # a login code of its own was sent and used: it is no contact code
    submit(client, "/min-side/kontakt/telefon", {"phone-phone": "20 44 44 44"}, form_page="/min-side/kontakt")
    response = submit(client, "/min-side/kontakt/bekraeft", {"code": "000000"})
    assert response.status_code == 422
    db.session.refresh(citizen)
    assert citizen.phone == "+4520333333"
