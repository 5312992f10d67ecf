"""A helper acts for a citizen: only within the mandate's scopes, always visibly, never with the
full CPR number, and never after the mandate was revoked or has expired, even mid-session."""

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Message, SicknessReport
from app.models.types import utcnow
from app.notifications import worker
from app.rules.dates import danish_today
from tests.factories import make_citizen, make_helper, make_jobcenter, make_mandate
from tests.mandates.support import act_for, audited, in_english, log_in_helper, messages
from tests.support.clock import by_morning
from tests.support.forms import csrf_token, submit
from tests.support.login import signed_in_as

SICK = "/min-side/sygdom/meld-syg"


@pytest.fixture
def case(app):
    """Peter (Arabic-speaking, reached by SMS) and his daughter Fatima, his helper."""
    jobcenter = make_jobcenter(phone="70 12 34 56")
    peter = make_citizen(
        jobcenter, name="Peter Nielsen", cpr="0101801234", language="ar", phone="+4520123456"
    )
    fatima = make_helper(name="Fatima", phone="+4522334455")
    db.session.commit()
    return peter, fatima


def helping(app, twilio, fatima, mandate):
    """Fatima's browser: logged in with her own phone, acting for the mandate's citizen."""
    client = in_english(app.test_client())
    log_in_helper(client, twilio, fatima.phone)
    assert act_for(client, mandate).location.endswith("/min-side/")
    return client


def report_sick(client):
    today = danish_today(utcnow()).isoformat()
    return submit(client, SICK, {"first_day": today}, form_page="/min-side/sygdom/")


def test_a_helper_reports_sickness_and_the_citizen_is_told_in_their_language(app, twilio, case):
    peter, fatima = case
    mandate = make_mandate(peter, fatima, ["report_sickness"])
    db.session.commit()
    client = helping(app, twilio, fatima, mandate)
    page = client.get("/min-side/").get_data(as_text=True)
    assert "I am helping: Peter Nielsen" in page and "Stop helping" in page

    assert report_sick(client).status_code == 302
    [report] = db.session.query(SicknessReport).all()
    assert (report.actor_type, report.actor_label, report.citizen_id) == ("helper", "Fatima", peter.id)
    [event] = audited("sickness.reported")
    assert (event.actor_type, event.actor_id, event.citizen_id) == ("helper", fatima.id, peter.id)
    [notice] = messages("helper_reported_sick")
    worker.run_once(now=by_morning())
    sms = twilio.received[-1]
    assert sms.to == peter.phone and notice.language == "ar" and "Fatima" in sms.body
    assert re.search(r"[\u0600-\u06FF]", sms.body)  # Arabic, Peter's language

    peters = in_english(app.test_client())
    signed_in_as(peters, peter)
    assert "Fatima" in peters.get("/min-side/").get_data(as_text=True)  # what your helpers did
    assert "Your helper Fatima" in peters.get("/min-side/aktivitet").get_data(as_text=True)


def test_outside_the_scopes_the_server_refuses_even_a_valid_form(app, twilio, case):
    peter, fatima = case
    mandate = make_mandate(peter, fatima, ["view"])
    db.session.commit()
    client = helping(app, twilio, fatima, mandate)
    assert 'action="/min-side/sygdom/meld-syg"' not in client.get("/min-side/sygdom/").get_data(as_text=True)
    refused = report_sick(client)
    assert refused.status_code == 403 and "does not include this" in refused.get_data(as_text=True)
    assert db.session.query(SicknessReport).count() == 0 and not messages("helper_reported_sick")
    assert client.get("/min-side/udlaeg/ny").status_code == 403
    assert client.get("/min-side/kontakt").status_code == 403  # only Peter changes his contact details
    assert client.get("/min-side/hjaelpere/").status_code == 403  # nor who may help him


def test_revoking_works_at_once_also_for_a_helper_in_the_middle_of_a_session(app, twilio, case):
    peter, fatima = case
    mandate = make_mandate(peter, fatima, ["view", "report_sickness"])
    db.session.commit()
    client = helping(app, twilio, fatima, mandate)
    token = csrf_token(client, "/min-side/sygdom/")  # Fatima has the form open

    peters = app.test_client()
    signed_in_as(peters, peter)
    submit(peters, f"/min-side/hjaelpere/{mandate.id}/tilbagekald", {}, form_page="/min-side/hjaelpere/")
    [revoked] = audited("mandate.revoked")
    assert (revoked.actor_type, revoked.citizen_id) == ("citizen", peter.id)

    response = client.post(SICK, data={"first_day": danish_today(utcnow()).isoformat(), "csrf_token": token})
    assert response.status_code == 302 and response.location.endswith("/hjaelper/")
    assert db.session.query(SicknessReport).count() == 0
    home = client.get("/hjaelper/").get_data(as_text=True)
    assert "can no longer help this person" in home and "Taken back" in home
    assert act_for(client, mandate).location.endswith("/hjaelper/")  # cannot choose it again


def test_an_expired_mandate_stops_working_on_its_end_date(app, twilio, case):
    peter, fatima = case
    mandate = make_mandate(peter, fatima, ["view"], ends_on=danish_today(utcnow()))
    db.session.commit()
    client = helping(app, twilio, fatima, mandate)
    assert client.get("/min-side/").status_code == 200  # the end date itself still counts
    mandate.ends_on = danish_today(utcnow()) - timedelta(days=1)
    db.session.commit()
    assert client.get("/min-side/").location.endswith("/hjaelper/")
    assert "Ended on its end date" in client.get("/hjaelper/").get_data(as_text=True)


def test_a_helper_cannot_reach_another_citizen_by_changing_an_id(app, twilio, case):
    peter, fatima = case
    other = make_citizen(peter.jobcenter, name="Anden Borger")
    mandate = make_mandate(peter, fatima, ["view", "report_sickness"])
    others_report = SicknessReport(
        citizen_id=other.id,
        exemption_id=_exemption(other),
        actor_type="citizen",
        first_day=danish_today(utcnow()),
        actor_label=other.name,
    )
    others_mandate = make_mandate(other, make_helper(), ["view"])
    db.session.add(others_report)
    db.session.commit()
    client = helping(app, twilio, fatima, mandate)
    assert client.get(f"/min-side/sygdom/{others_report.id}").status_code == 404
    assert client.get(f"/min-side/sygdom/{others_report.id}.pdf").status_code == 404
    assert act_for(client, others_mandate).status_code == 404  # someone else's mandate
    assert "Anden Borger" not in client.get("/min-side/").get_data(as_text=True)


def _exemption(citizen) -> int:
    from app.models import Exemption

    exemption = Exemption(citizen_id=citizen.id, kind="sickness", starts_on=danish_today(utcnow()))
    db.session.add(exemption)
    db.session.flush()
    return exemption.id


def test_helpers_never_see_the_full_cpr_number_nor_the_text_of_messages(app, twilio, case):
    peter, fatima = case
    mandate = make_mandate(peter, fatima, ["view", "report_sickness", "upload_claims", "acknowledge_plan"])
    db.session.add(
        Message(
            citizen_id=peter.id,
            purpose="job_search_due",
            channel="sms",
            language="ar",
            recipient=peter.phone,
            body="Bekræft her: https://x/j/secret-one-tap-link",
        )
    )
    db.session.commit()
    client = helping(app, twilio, fatima, mandate)
    report_sick(client)
    pages = [
        "/hjaelper/",
        "/min-side/",
        "/min-side/sygdom/",
        "/min-side/plan/",
        "/min-side/beskeder",
        "/min-side/aktivitet",
        "/min-side/udlaeg/",
        "/min-side/kvitteringer",
        "/min-side/udlaeg/ny",
    ]
    for path in pages:
        response = client.get(path)
        text = response.get_data(as_text=True)
        assert "0101801234" not in text and "010180-1234" not in text, path
    assert "secret-one-tap-link" not in client.get("/min-side/beskeder").get_data(as_text=True)
    act_for(client, mandate)
    [report] = db.session.query(SicknessReport).all()
    assert b"0101801234" not in client.get(f"/min-side/sygdom/{report.id}.pdf").data


def test_stopping_goes_back_to_the_helpers_own_page(app, twilio, case):
    peter, fatima = case
    mandate = make_mandate(peter, fatima, ["view"])
    db.session.commit()
    client = helping(app, twilio, fatima, mandate)
    stop = submit(client, "/hjaelper/stop", {}, form_page="/min-side/")
    assert stop.location.endswith("/hjaelper/")
    assert client.get("/min-side/").location.endswith("/hjaelper/")  # no longer acting for Peter
    [opened] = audited("mandate.case_opened")
    assert (opened.actor_label, opened.citizen_id) == ("Fatima", peter.id)


def test_a_helper_confirms_job_search_only_where_allowed_and_the_receipt_says_so(app, twilio, case):
    peter, fatima = case
    mandate = make_mandate(peter, fatima, ["confirm_job_search"])
    db.session.commit()
    client = helping(app, twilio, fatima, mandate)
    response = submit(client, "/min-side/bekraeft-jobsoegning", {}, form_page="/min-side/")
    assert response.status_code == 302
    [event] = audited("job_search.confirmed")
    assert (event.actor_type, event.details["channel"]) == ("helper", "helper")
    assert messages("helper_confirmed_job_search")


def test_a_helper_who_is_also_a_citizen_keeps_the_two_logins_apart(app, twilio, case):
    peter, _ = case
    mette = make_citizen(peter.jobcenter, name="Mette Hansen", phone="+4520998877")
    mette_as_helper = make_helper(name="Mette Hansen", phone=mette.phone)
    mandate = make_mandate(peter, mette_as_helper, ["view"])
    db.session.commit()
    client = in_english(app.test_client())
    log_in_helper(client, twilio, mette.phone)
    assert client.get("/min-side/").location.endswith("/hjaelper/")  # not her own case by phone
    act_for(client, mandate)
    assert "Peter Nielsen" in client.get("/min-side/").get_data(as_text=True)
    signed_in_as(client, mette)  # her own login, with her CPR number
    own = client.get("/min-side/").get_data(as_text=True)
    assert "Hello Mette Hansen" in own and "I am helping" not in own
