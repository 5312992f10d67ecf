"""Nothing a third party typed appears in a message from the portal as if the jobcenter wrote it.

A helper chooses their own name. It was put verbatim into SMS to citizens ("Borgerportal:
evil.example/jc asks to help you …"). Messages to a citizen now name a helper by the name the
citizen (invitation) or staff (paper form) wrote, or by the last digits of the helper's phone;
and names that look like a link, an e-mail address or a phone number are refused everywhere a
helper's name is typed.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.mandates import reminders
from app.mandates.services import Grant, NewHelper, invite
from app.models import Helper, Mandate, Message
from app.models.types import utcnow
from app.notifications import worker
from app.rules.contact import looks_like_an_address
from app.rules.mandates import default_end
from tests.factories import make_citizen, make_helper, make_jobcenter, make_mandate, make_staff
from tests.mandates.support import act_for, in_english, log_in_helper, messages
from tests.support.clock import by_morning, today
from tests.support.forms import submit
from tests.support.login import log_in, staff_log_in

HOSTILE = "evil.example/jc"


@pytest.fixture
def peter(app):
    citizen = make_citizen(
        make_jobcenter(phone="70 12 34 56"), name="Peter Nielsen", cpr="0101801234", phone="+4520123456"
    )
    db.session.commit()
    return citizen


@pytest.fixture
def stranger(app):
    """A helper who chose a link as their name (before names were checked, or straight in the
    database): what the portal says must not depend on what they chose."""
    helper = make_helper(name=HOSTILE, phone="+4522334455")
    db.session.commit()
    return helper


def sent_texts() -> list[str]:
    return [f"{m.subject}\n{m.body}" for m in db.session.scalars(select(Message).order_by(Message.id))]


def test_a_request_for_access_names_the_helper_by_the_last_digits_of_their_phone(
    app, client, twilio, peter, stranger
):
    log_in_helper(in_english(client), twilio, stranger.phone)
    submit(client, "/hjaelper/bed-om-adgang", {"cpr": "0101801234", "scopes": ["view"]})
    worker.run_once(now=by_morning())
    [asked] = messages("helper_access_requested")
    assert asked.recipient == peter.phone
    assert HOSTILE not in twilio.received[-1].body and "4455" in twilio.received[-1].body
    assert twilio.received[-1].body.startswith(
        "Borgerportal: En person med et telefonnummer, der ender på 4455"
    )


def helper_reports_sick(app, twilio, helper, mandate):
    """The helper logs in, acts for the citizen and reports them sick: the notice the citizen gets."""
    helper_client = in_english(app.test_client())
    log_in_helper(helper_client, twilio, helper.phone)
    act_for(helper_client, mandate)
    submit(
        helper_client,
        "/min-side/sygdom/meld-syg",
        {"first_day": today().isoformat()},
        form_page="/min-side/sygdom/",
    )
    [notice] = messages("helper_reported_sick")
    return notice


def test_notices_of_what_a_helper_did_use_the_name_the_citizen_wrote(app, twilio, peter, stranger):
    """Peter invited "Mona" to a phone whose helper has chosen another name: Peter hears of Mona."""
    mandate = make_mandate(peter, stranger, ["report_sickness"], helper_name="Mona")
    db.session.commit()
    notice = helper_reports_sick(app, twilio, stranger, mandate)
    assert "Din hjælper Mona har indsendt en sygemelding" in notice.body and HOSTILE not in notice.body


def test_notices_for_a_helper_nobody_named_use_the_phones_last_digits(app, twilio, peter, stranger):
    mandate = make_mandate(peter, stranger, ["report_sickness"], origin="request")
    db.session.commit()
    notice = helper_reports_sick(app, twilio, stranger, mandate)
    assert "telefonnummeret, der ender på 4455" in notice.body and HOSTILE not in notice.body
    worker.run_once(now=by_morning())
    assert HOSTILE not in twilio.received[-1].body


@pytest.mark.parametrize(("origin", "expected"), [("invitation", "Mona"), ("request", "4455")])
def test_the_expiry_notice_names_the_helper_the_same_way(app, peter, stranger, origin, expected):
    make_mandate(
        peter,
        stranger,
        origin=origin,
        helper_name="Mona" if origin == "invitation" else "",
        ends_on=today() + timedelta(days=3),
    )
    db.session.commit()
    at_nine = utcnow().replace(hour=8, minute=0)  # 09:00 or 10:00 Danish time: the reminder hour
    reminders.sweep(at_nine)
    [notice] = messages("mandate_expiring")
    assert expected in notice.body and HOSTILE not in notice.body


def test_a_paper_mandate_is_announced_with_the_name_staff_wrote(app, client, smtp, twilio, peter, stranger):
    staff = make_staff(peter.jobcenter, "front_desk")
    db.session.commit()
    staff_log_in(in_english(client), smtp, staff)
    data = {
        "name": "Fatima Nielsen",
        "phone": "22 33 44 55",
        "scopes": ["view"],
        "ends_on": default_end(today()).isoformat(),
        "signed_on": today().isoformat(),
        "checked": "y",
    }
    assert submit(client, f"/medarbejder/borger/{peter.id}/fuldmagt", data).status_code == 302
    [notice] = messages("mandate_registered")
    assert "Fatima Nielsen" in notice.body and HOSTILE not in notice.body


def test_an_invitation_keeps_the_name_the_citizen_wrote(app, peter):
    mandate = invite(
        peter, NewHelper("Mona", "+4522334455"), Grant(("view",), default_end(today())), utcnow()
    )
    assert db.session.get(Mandate, mandate.id).helper_name == "Mona"


def test_no_message_to_a_citizen_carries_a_name_the_helper_chose(app, twilio, peter, stranger):
    """Every purpose that names a helper, sent to the citizen: none repeats the helper's own choice."""
    for origin in ("request", "invitation"):
        mandate = make_mandate(peter, stranger, ["report_sickness"], origin=origin, helper_name="")
        db.session.commit()
        from app.audit import Actor
        from app.case_events import tell_citizen
        from app.notifications.purposes import actions_with_helper_notice

        notices = actions_with_helper_notice()
        for action in notices:
            tell_citizen(Actor.of_helper(stranger), peter, action, utcnow())
        mandate.status = "revoked"
        db.session.commit()
    assert len(notices) >= 9 and len(sent_texts()) == 2 * len(notices)
    assert not [text for text in sent_texts() if HOSTILE in text]


@pytest.mark.parametrize(
    "name",
    [
        HOSTILE,
        "www.jobcenter-hjælp.dk",
        "https://x.dk",
        "Mona@evil.dk",
        "Ring 70 12 34 56",
        "bit.ly",
        "evil。example",
    ],
)
def test_a_helper_cannot_choose_a_name_that_looks_like_a_link(app, client, twilio, name):
    helper = make_helper(name="", phone="+4522334455")
    db.session.commit()
    log_in_helper(in_english(client), twilio, helper.phone)
    response = submit(client, "/hjaelper/navn", {"name": name})
    assert response.status_code == 422
    assert "Write only a name, without a web address" in response.get_data(as_text=True)
    assert db.session.get(Helper, helper.id).name == ""


def test_a_citizen_cannot_invite_a_helper_under_a_name_that_looks_like_a_link(app, client, twilio, peter):
    log_in(in_english(client), twilio, peter)
    data = {
        "name": HOSTILE,
        "phone": "22 33 44 55",
        "scopes": ["view"],
        "ends_on": default_end(today()).isoformat(),
    }
    response = submit(client, "/min-side/hjaelpere/inviter", data)
    assert response.status_code == 422 and "without a web address" in response.get_data(as_text=True)
    assert db.session.query(Mandate).count() == 0


@pytest.mark.parametrize(
    "name", ["Mona Nielsen", "J. Hansen", "Anne-Marie Sørensen", "محمد علي", "Олена Коваленко"]
)
def test_ordinary_names_are_names(name):
    assert not looks_like_an_address(name)
