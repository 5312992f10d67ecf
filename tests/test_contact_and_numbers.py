"""Whose contact details a page shows, numbers kept left to right in Arabic, and the favicon."""

from app.auth.session_timeout import session_values_for
from app.extensions import db
from app.models.types import utcnow
from app.notifications.texts import render
from tests.factories import make_citizen, make_jobcenter, make_staff

LRI, PDI = "\u2066", "\u2069"


def signed_in(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_values_for(user.get_id(), utcnow()))
        db.session.commit()
    return client


def test_a_signed_in_citizen_and_staff_see_their_own_jobcenter(app, client):
    roedovre = make_jobcenter(name="Jobcenter Rødovre", phone="36 37 70 00", email="jc@rk.example.dk")
    koebenhavn = make_jobcenter(name="Jobcenter København", phone="33 66 33 66", email="jc@kk.example.dk")
    citizen, staff = make_citizen(roedovre), make_staff(koebenhavn)
    db.session.commit()
    citizen_page = signed_in(app, citizen).get("/min-side/?lang=da").get_data(as_text=True)
    assert "36 37 70 00" in citizen_page and "jc@rk.example.dk" in citizen_page
    assert app.config["PORTAL_CONTACT_PHONE"] not in citizen_page
    staff_page = signed_in(app, staff).get("/medarbejder/?lang=da").get_data(as_text=True)
    assert "33 66 33 66" in staff_page and "Jobcenter København" in staff_page
    anonymous = client.get("/?lang=da").get_data(as_text=True)
    assert app.config["PORTAL_CONTACT_PHONE"] in anonymous and "36 37 70 00" not in anonymous


def test_numbers_in_arabic_pages_are_isolated_and_danish_pages_are_untouched(app, client):
    phone = app.config["PORTAL_CONTACT_PHONE"]
    arabic = client.get("/log-ind?lang=ar").get_data(as_text=True)
    assert f"{LRI}{phone}{PDI}" in arabic  # footer and "call …" text
    assert f"{LRI}010190-1234{PDI}" in arabic  # the CPR example in the hint
    danish = client.get("/log-ind?lang=da").get_data(as_text=True)
    assert LRI not in danish and phone in danish


def test_arabic_messages_isolate_phone_numbers_but_not_links_or_codes(app):
    context = {"phone": "70 12 34 56", "url": "https://borgerportal.example.dk/j/1ekf-12.3", "yes": "نعم"}
    _, arabic = render("sms_help", "sms", "ar", context)
    assert f"{LRI}70 12 34 56{PDI}" in arabic
    _, danish = render("sms_help", "sms", "da", context)
    assert LRI not in danish, "a Danish SMS stays in GSM-7"
    _, code = render("login_code", "sms", "ar", {"code": "123456"})
    assert LRI not in code, "a one-group code costs nothing extra"

    from app.i18n import ltr_numbers  # here, so the other tests run on code without it

    assert ltr_numbers("https://x.dk/j/ab1-2c", "da") == "https://x.dk/j/ab1-2c"


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_landing_page_links_to_the_citizen_login(client):
    page = client.get("/?lang=da").get_data(as_text=True)
    assert '<a class="button button-primary" href="/log-ind">Log ind</a>' in page
