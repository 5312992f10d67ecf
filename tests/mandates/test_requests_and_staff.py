"""A helper asks for access and the citizen answers; staff register a signed paper form and
revoke mandates. Each step is audited and the people concerned are told."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Mandate
from app.models.types import utcnow
from app.notifications import worker
from app.rules.dates import danish_today
from app.rules.mandates import default_end
from tests.factories import make_citizen, make_helper, make_jobcenter, make_staff
from tests.mandates.support import act_for, audited, in_english, log_in_helper, messages
from tests.support.clock import by_morning
from tests.support.forms import submit
from tests.support.login import log_in, signed_in_as, staff_log_in

REQUEST = "/hjaelper/bed-om-adgang"


@pytest.fixture
def people(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    peter = make_citizen(jobcenter, name="Peter Nielsen", cpr="0101801234", phone="+4520123456")
    fatima = make_helper(name="Fatima", phone="+4522334455")
    db.session.commit()
    return peter, fatima


def ask(client, cpr: str, scopes=("view", "report_sickness")):
    return submit(client, REQUEST, {"cpr": cpr, "scopes": list(scopes)})


def test_a_request_for_an_unknown_cpr_number_looks_the_same_and_creates_nothing(app, client, twilio, people):
    _, fatima = people
    log_in_helper(in_english(client), twilio, fatima.phone)
    sent_before = len(twilio.received)
    unknown, known = ask(client, "020202-0202"), ask(client, "010180-1234")
    assert unknown.status_code == known.status_code == 302
    assert unknown.location == known.location
    assert db.session.query(Mandate).count() == 1  # only the registered citizen's
    worker.run_once(now=by_morning())
    assert len(twilio.received) == sent_before + 1  # Peter was asked; nobody else was texted
    bad = ask(client, "12345")
    assert bad.status_code == 422 and "10 digits" in bad.get_data(as_text=True)


def test_the_citizen_approves_a_request_with_their_own_choice_of_scopes(app, client, twilio, people):
    peter, fatima = people
    helper_client = in_english(app.test_client())
    log_in_helper(helper_client, twilio, fatima.phone)
    ask(helper_client, "0101801234")
    worker.run_once(now=by_morning())
    # The name Fatima chose herself is not in a message from the portal: her phone's last digits are.
    asked = twilio.received[-1]
    assert asked.to == peter.phone and "4455" in asked.body and "Fatima" not in asked.body
    [mandate] = db.session.query(Mandate).all()
    assert mandate.status == "requested" and act_for(helper_client, mandate).location.endswith("/hjaelper/")

    log_in(in_english(client), twilio, peter)
    assert "People who ask to help you" in client.get("/min-side/hjaelpere/").get_data(as_text=True)
    ends_on = (danish_today(utcnow()) + timedelta(days=30)).isoformat()
    approved = submit(
        client, f"/min-side/hjaelpere/{mandate.id}/godkend", {"scopes": ["view"], "ends_on": ends_on}
    )
    assert approved.status_code == 302
    db.session.expire_all()
    assert (mandate.status, mandate.scopes, mandate.ends_on.isoformat()) == ("active", ["view"], ends_on)
    assert [e.actor_type for e in audited("mandate.approved")] == ["citizen"]
    worker.run_once()
    assert twilio.received[-1].to == fatima.phone  # "you can now help Peter Nielsen"
    assert act_for(helper_client, mandate).location.endswith("/min-side/")


def test_the_citizen_refuses_a_request(app, client, twilio, people):
    peter, fatima = people
    helper_client = in_english(app.test_client())
    log_in_helper(helper_client, twilio, fatima.phone)
    ask(helper_client, "0101801234")
    [mandate] = db.session.query(Mandate).all()
    signed_in_as(client, peter)
    submit(client, f"/min-side/hjaelpere/{mandate.id}/afvis", {}, form_page="/min-side/hjaelpere/")
    db.session.expire_all()
    assert mandate.status == "refused" and messages("helper_request_refused")
    assert act_for(helper_client, mandate).location.endswith("/hjaelper/")


@pytest.fixture
def front_desk(app, smtp, people):
    peter, _ = people
    staff = make_staff(peter.jobcenter, "front_desk", name="Lise Skranke")
    db.session.commit()
    return staff


def register(client, citizen, **fields):
    today = danish_today(utcnow())
    data = {
        "name": "Fatima",
        "phone": "22 33 44 55",
        "scopes": ["view", "upload_claims"],
        "ends_on": default_end(today).isoformat(),
        "signed_on": today.isoformat(),
        "checked": "y",
        **fields,
    }
    return submit(client, f"/medarbejder/borger/{citizen.id}/fuldmagt", data)


def test_staff_register_a_signed_paper_form_and_both_people_are_told(
    app, client, smtp, twilio, people, front_desk
):
    peter, fatima = people
    staff_log_in(in_english(client), smtp, front_desk)
    tomorrow = (danish_today(utcnow()) + timedelta(days=1)).isoformat()
    unchecked = register(client, peter, checked="", signed_on=tomorrow)
    page = unchecked.get_data(as_text=True)
    assert unchecked.status_code == 422 and 'href="#checked"' in page and 'href="#signed_on"' in page
    assert register(client, peter).status_code == 302
    [mandate] = db.session.query(Mandate).all()
    assert (mandate.status, mandate.origin, mandate.paper_checked_by_id) == ("active", "paper", front_desk.id)
    assert mandate.paper_signed_on == danish_today(utcnow()) and mandate.helper_id == fatima.id
    [event] = audited("mandate.registered_from_paper")
    assert (event.actor_type, event.actor_label, event.citizen_id) == ("staff", "Lise Skranke", peter.id)
    assert {m.purpose for m in messages("helper_access_granted") + messages("mandate_registered")} == {
        "helper_access_granted",
        "mandate_registered",
    }
    citizen_page = client.get(f"/medarbejder/borger/{peter.id}").get_data(as_text=True)
    assert "Fatima" in citizen_page and "Lise Skranke" in citizen_page  # who checked the form


def test_staff_revoke_a_mandate_and_other_jobcenters_cannot(app, client, smtp, twilio, people, front_desk):
    peter, fatima = people
    signed_in_as(client, front_desk)
    register(client, peter)
    [mandate] = db.session.query(Mandate).all()
    stranger = make_staff(make_jobcenter(), "admin")
    db.session.commit()
    other_client = app.test_client()
    signed_in_as(other_client, stranger)
    assert other_client.post(f"/medarbejder/fuldmagt/{mandate.id}/tilbagekald").status_code in (400, 404)
    assert (
        submit(
            other_client, f"/medarbejder/fuldmagt/{mandate.id}/tilbagekald", {}, form_page="/medarbejder/"
        ).status_code
        == 404
    )
    assert (
        submit(
            client,
            f"/medarbejder/fuldmagt/{mandate.id}/tilbagekald",
            {},
            form_page=f"/medarbejder/borger/{peter.id}",
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert (mandate.status, mandate.ended_by) == ("revoked", front_desk.name)
    [event] = audited("mandate.revoked")
    assert (event.actor_type, event.citizen_id) == ("staff", peter.id)
