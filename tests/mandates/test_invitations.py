"""The citizen invites a helper by SMS; the helper logs in with their own phone and accepts.
Links that are forged, expired, reused, withdrawn or opened by someone else grant nothing."""

from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner

from app.extensions import db
from app.mandates import invitations
from app.models import Helper, Mandate
from app.models.types import utcnow
from app.notifications import worker
from app.rules.dates import danish_today
from app.rules.mandates import default_end, latest_end
from tests.factories import make_citizen, make_helper, make_jobcenter
from tests.mandates.support import audited, in_english, invitation_link, log_in_helper
from tests.support.forms import submit
from tests.support.login import log_in, signed_in_as

INVITE = "/min-side/hjaelpere/inviter"
FATIMA_PHONE = "+4522334455"


@pytest.fixture
def peter(app):
    citizen = make_citizen(make_jobcenter(), name="Peter Nielsen", language="da", phone="+4520123456")
    db.session.commit()
    return citizen


def invite(client, **fields):
    data = {
        "name": "Fatima Nielsen",
        "phone": "22 33 44 55",
        "scopes": ["view", "report_sickness"],
        "ends_on": default_end(danish_today(utcnow())).isoformat(),
        **fields,
    }
    return submit(client, INVITE, data)


def test_an_invited_helper_logs_in_with_their_own_phone_and_accepts(app, client, twilio, peter):
    signed_in_as(client, peter)
    assert invite(client).status_code == 302
    [mandate] = db.session.query(Mandate).all()
    assert (mandate.status, mandate.scopes, mandate.helper.phone) == (
        "invited",
        ["view", "report_sickness"],
        FATIMA_PHONE,
    )
    worker.run_once()
    sms = twilio.received[-1]
    assert sms.to == FATIMA_PHONE and "Peter Nielsen" in sms.body  # in the citizen's language: Danish
    link = invitation_link(twilio)

    helper_client = app.test_client()
    page = helper_client.get(link).get_data(as_text=True)
    assert "/hjaelper/log-ind?next=" in page  # log in first; opening the link grants nothing
    assert db.session.get(Mandate, mandate.id).status == "invited"
    assert log_in_helper(helper_client, twilio, FATIMA_PHONE, next_page=link).location.endswith(link)
    answered = submit(helper_client, link, {"answer": "accept"})
    assert answered.status_code == 302 and answered.location.endswith("/hjaelper/")
    db.session.expire_all()
    assert (mandate.status, mandate.accepted_at is not None) == ("active", True)
    [event] = audited("mandate.accepted")
    assert (event.actor_type, event.actor_label, event.citizen_id) == ("helper", "Fatima Nielsen", peter.id)
    assert "Peter Nielsen" in helper_client.get("/hjaelper/").get_data(as_text=True)


def test_the_invitation_form_keeps_what_was_typed_and_says_what_is_wrong(client, twilio, peter):
    signed_in_as(client, peter)
    too_late = (latest_end(danish_today(utcnow())) + timedelta(days=1)).isoformat()
    response = invite(client, name="", phone="12", scopes=[], ends_on=too_late)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("name", "phone", "scopes", "ends_on"):
        assert f'href="#{field}"' in page  # each problem is linked from the error summary
    assert 'value="12"' in page and f'value="{too_late}"' in page
    assert db.session.query(Mandate).count() == 0


def test_own_phone_and_a_second_invitation_are_refused_with_a_reason(client, twilio, peter):
    log_in(in_english(client), twilio, peter)
    own = invite(client, phone=peter.phone)
    assert own.status_code == 422 and "your own phone number" in own.get_data(as_text=True).lower()
    assert invite(client).status_code == 302
    again = invite(client)
    assert again.status_code == 422 and db.session.query(Mandate).count() == 1


def test_confirming_job_search_is_offered_only_where_the_jobcenter_allows_it(client, twilio, peter):
    signed_in_as(client, peter)
    assert 'value="confirm_job_search"' not in client.get(INVITE).get_data(as_text=True)
    assert invite(client, scopes=["confirm_job_search"]).status_code == 422  # not even when posted
    peter.jobcenter.settings = {"mandates": {"helpers_may_confirm_job_search": True}}
    db.session.commit()
    assert 'value="confirm_job_search"' in client.get(INVITE).get_data(as_text=True)
    assert invite(client, scopes=["confirm_job_search"]).status_code == 302


@pytest.fixture
def invited(app, client, twilio, peter):
    """Peter has invited Fatima; returns (the mandate, the link in her SMS)."""
    signed_in_as(client, peter)
    invite(client)
    worker.run_once()
    return db.session.query(Mandate).one(), invitation_link(twilio)


def answer_as(app, twilio, phone: str, link: str, answer="accept"):
    helper_client = in_english(app.test_client())
    log_in_helper(helper_client, twilio, phone)
    return helper_client, submit(helper_client, link, {"answer": answer})


def still_invited(mandate) -> bool:
    db.session.expire_all()
    return mandate.status == "invited" and not audited("mandate.accepted")


def test_a_forged_link_gets_a_clear_page_and_grants_nothing(app, twilio, invited):
    mandate, link = invited
    forged = link[:-3] + ("xyz" if not link.endswith("xyz") else "abc")
    other_salt = TimestampSigner(app.config["SECRET_KEY"], salt="job-search-link").sign(str(mandate.id))
    other_salt = other_salt.decode()
    for path in (forged, f"/h/{other_salt}", "/h/not-a-token", f"/h/{mandate.id}"):
        _, response = answer_as(app, twilio, FATIMA_PHONE, path)
        assert response.status_code == 404 and "This link does not work" in response.get_data(as_text=True)
        assert app.test_client().get(path).status_code == 404
    assert still_invited(mandate)


def test_an_expired_invitation_gets_a_clear_page_and_grants_nothing(app, twilio, invited):
    mandate, link = invited
    mandate.created_at = utcnow() - timedelta(days=15)  # the invitation lasts 14 days
    db.session.commit()
    _, response = answer_as(app, twilio, FATIMA_PHONE, link)
    assert response.status_code == 410 and "The invitation has expired" in response.get_data(as_text=True)
    old_token = _token_signed_days_ago(app, mandate, 15)
    _, response = answer_as(app, twilio, FATIMA_PHONE, f"/h/{old_token}")
    assert response.status_code == 410
    assert still_invited(mandate)


def _token_signed_days_ago(app, mandate, days: int) -> str:
    class OldSigner(TimestampSigner):
        def get_timestamp(self):
            return int((utcnow() - timedelta(days=days)).timestamp())

    return OldSigner(app.config["SECRET_KEY"], salt=invitations.SALT).sign(str(mandate.id)).decode()


def test_a_used_link_cannot_be_used_again(app, twilio, invited):
    mandate, link = invited
    helper_client, accepted = answer_as(app, twilio, FATIMA_PHONE, link)
    assert accepted.status_code == 302
    again = submit(helper_client, link, {"answer": "decline"}, form_page="/hjaelper/bed-om-adgang")
    assert again.status_code == 409 and "already been answered" in again.get_data(as_text=True)
    db.session.expire_all()
    assert mandate.status == "active"  # the second answer changed nothing


def test_the_wrong_person_cannot_accept_someone_elses_invitation(app, twilio, invited):
    mandate, link = invited
    make_helper(phone="+4599887766", name="Ukendt")
    db.session.commit()
    helper_client, response = answer_as(app, twilio, "+4599887766", link)
    assert response.status_code == 403 and "for someone else" in response.get_data(as_text=True)
    assert helper_client.get(link).status_code == 403
    assert still_invited(mandate)


def test_a_withdrawn_invitation_grants_nothing(app, client, twilio, invited):
    mandate, link = invited
    submit(client, f"/min-side/hjaelpere/{mandate.id}/tilbagekald", {}, form_page="/min-side/hjaelpere/")
    _, response = answer_as(app, twilio, FATIMA_PHONE, link)
    assert response.status_code == 410 and "withdrawn" in response.get_data(as_text=True)
    db.session.expire_all()
    assert mandate.status == "revoked"


def test_the_helper_may_say_no(app, twilio, invited):
    mandate, link = invited
    _, response = answer_as(app, twilio, FATIMA_PHONE, link, answer="decline")
    assert response.status_code == 302
    db.session.expire_all()
    assert mandate.status == "declined" and audited("mandate.declined")


def test_a_new_helper_chooses_their_name_at_the_first_login(app, client, twilio):
    response = log_in_helper(in_english(client), twilio, "+4531313131")
    assert "/hjaelper/navn" in response.location
    assert submit(client, "/hjaelper/navn", {"name": ""}).status_code == 422
    assert submit(client, "/hjaelper/navn", {"name": "Ali Hassan"}).location.endswith("/hjaelper/")
    helper = db.session.query(Helper).filter_by(phone="+4531313131").one()
    assert (helper.name, helper.phone_verified_at is not None) == ("Ali Hassan", True)
    assert "You cannot help anyone yet" in client.get("/hjaelper/").get_data(as_text=True)


def test_a_wrong_helper_code_is_refused_and_five_pause_the_login(client, twilio):
    submit(in_english(client), "/hjaelper/log-ind", {"phone": "31 31 31 32"})
    worker.run_once()
    for _ in range(4):
        response = submit(client, "/hjaelper/log-ind/kode", {"code": "000000"})
        assert response.status_code == 422 and "The code is wrong" in response.get_data(as_text=True)
    assert submit(client, "/hjaelper/log-ind/kode", {"code": "000000"}).status_code == 429
    assert client.get("/hjaelper/").status_code == 302  # still not logged in
