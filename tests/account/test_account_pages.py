"""The citizen's own pages show their own messages and activity, and nobody else's."""

from app import audit
from app.extensions import db
from app.notifications.outbox import enqueue
from tests.factories import make_citizen
from tests.support.login import log_in


def test_messages_page_lists_each_message_with_its_status_but_never_a_login_code(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    page = client.get("/min-side/beskeder?lang=en").get_data(as_text=True)
    assert "Login code" in page and "Sent" in page
    assert twilio.received[-1].body not in page
    code = [word for word in twilio.received[-1].body.split() if word.rstrip(".").isdigit()][0].rstrip(".")
    assert code not in page


def test_activity_page_shows_who_did_what(app, client, twilio):
    citizen = make_citizen()
    audit.record("citizen.imported", actor_type="system", citizen_id=citizen.id)
    db.session.commit()
    log_in(client, twilio, citizen)
    page = client.get("/min-side/aktivitet?lang=en").get_data(as_text=True)
    assert "Logged in" in page and "You" in page
    assert "Registered from the jobcenter&#39;s records" in page


def test_a_citizen_never_sees_another_citizens_messages_or_activity(app, client, twilio):
    alice, bob = make_citizen(name="Alice"), make_citizen(name="Bob")
    enqueue("login_code", bob, {"code": "424242"})
    audit.record("exemption.created", actor_type="staff", citizen_id=bob.id)
    db.session.commit()
    log_in(client, twilio, alice)
    messages = client.get("/min-side/beskeder?lang=en").get_data(as_text=True)
    activity = client.get("/min-side/aktivitet?lang=en").get_data(as_text=True)
    assert messages.count("Login code") == 1  # Alice's own
    assert "Exemption registered" not in activity
    assert "Bob" not in messages + activity


def test_signed_in_pages_require_login(app, client):
    for path in ("/min-side/", "/min-side/beskeder", "/min-side/aktivitet"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/log-ind?next=")
    assert client.post("/session/forny").status_code in (302, 400)
