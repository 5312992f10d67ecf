"""Sessions end on the server: a copied cookie dies with the session, nothing lives past the
absolute lifetime, staff and the citizen can log the citizen out everywhere, and the cookie holds
nothing a reader could use."""

import base64
import json
import zlib
from datetime import UTC, datetime, timedelta

from flask.sessions import SecureCookieSessionInterface

from app.extensions import db
from app.models import AuditEvent, LoginSession
from app.models.types import utcnow
from tests.factories import make_citizen, make_helper, make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.login import log_in, request_code, send_and_read_code, staff_log_in


def copy_of(app, client):
    """A second browser holding a copy of `client`'s session cookie, as an attacker would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def signed_in(client) -> bool:
    return client.get("/min-side/").status_code == 200


def test_a_copied_cookie_stops_working_when_the_citizen_logs_out(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    thief = copy_of(app, client)
    assert signed_in(thief), "the copy works while the session is live"
    submit(client, "/log-ud", {}, form_page="/min-side/")
    assert not signed_in(thief)
    assert client.get("/min-side/").status_code == 302
    record = db.session.scalar(db.select(LoginSession))
    assert (record.user_key, record.end_reason) == (citizen.get_id(), "logout")


def test_an_idle_time_out_ends_the_session_on_the_server_too(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    thief = copy_of(app, client)
    with client.session_transaction() as session:
        session["last_active"] -= 31 * 60
    client.get("/min-side/")
    assert not signed_in(thief)


def stamp_of(client) -> float:
    with client.session_transaction() as session:
        return session["last_active"]


def move_stamp(client, seconds: float) -> float:
    with client.session_transaction() as session:
        session["last_active"] += seconds
        return session["last_active"]


def test_pages_within_a_minute_of_the_idle_stamp_leave_the_cookie_as_it_was(app, client, twilio):
    """The idle stamp is written at most once a minute: the pages in between send no cookie, and
    the time-out and the end each page shows still count from the stamp."""
    log_in(client, twilio, make_citizen())
    client.get("/min-side/")
    stamp = move_stamp(client, -50)
    page = client.get("/min-side/")
    assert "Set-Cookie" not in page.headers
    assert stamp_of(client) == stamp
    ends = datetime.fromtimestamp(stamp, UTC) + timedelta(minutes=30)
    assert f'data-session-ends="{ends.isoformat()}"' in page.get_data(as_text=True)
    move_stamp(client, -20)  # 70 seconds old: this page writes a new one
    assert "Set-Cookie" in client.get("/min-side/").headers
    assert stamp_of(client) > stamp + 40


def test_stay_logged_in_renews_a_stamp_younger_than_a_minute(app, client, twilio):
    log_in(client, twilio, make_citizen())
    stamp = move_stamp(client, -50)
    submit(client, "/session/forny", {"back": "/min-side/"}, form_page="/min-side/")
    assert stamp_of(client) > stamp + 40


def test_no_session_lives_longer_than_the_absolute_limit_however_active(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    record = db.session.scalar(db.select(LoginSession))
    record.created_at -= timedelta(hours=11, minutes=50)  # busy all day, never idle
    db.session.commit()
    page = client.get("/min-side/?lang=en").get_data(as_text=True)
    ends = record.created_at + timedelta(hours=12)  # sooner than the idle end: the page says so
    assert f'data-session-ends="{ends.isoformat()}"' in page
    record.created_at -= timedelta(minutes=11)
    db.session.commit()
    response = client.get("/min-side/?lang=en")
    assert response.headers["Location"].startswith("/log-ind")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "logged out after 12 hours" in page


def test_the_absolute_limit_is_a_setting(app, client, twilio):
    app.config["SESSION_ABSOLUTE_HOURS"] = 1
    citizen = make_citizen()
    db.session.commit()
    log_in(client, twilio, citizen)
    db.session.scalar(db.select(LoginSession)).created_at -= timedelta(minutes=61)
    db.session.commit()
    assert not signed_in(client)


def test_a_cookie_signed_with_the_key_but_without_a_server_session_opens_nothing(app, client):
    """Someone who knows SECRET_KEY (the public development key, before) could sign a cookie
    for any staff id and open the admin page. Without a live session row it is worthless."""
    admin = make_staff(make_jobcenter("kbh"), "admin")
    db.session.commit()
    forged = (
        SecureCookieSessionInterface()
        .get_signing_serializer(app)
        .dumps(
            {"_user_id": admin.get_id(), "_fresh": True, "last_active": utcnow().timestamp(), "sid": "guess"}
        )
    )
    client.set_cookie("session", forged)
    response = client.get("/medarbejder/medarbejdere")
    assert response.status_code == 302 and response.headers["Location"].startswith("/medarbejder/log-ind")


def test_staff_log_a_citizen_out_everywhere(app, client, twilio, smtp):
    centre = make_jobcenter("kbh")
    citizen = make_citizen(centre, email="c@example.dk", email_verified_at=utcnow())
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, twilio, citizen)
    log_in(laptop, twilio, citizen)
    staff_log_in(client, smtp, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    response = submit(client, f"{page}/log-ud-overalt", {}, form_page=page)
    assert response.headers["Location"] == page
    assert not signed_in(phone) and not signed_in(laptop)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="access.logged_out_everywhere"))
    assert (event.actor_id, event.citizen_id) == (staff.id, citizen.id)
    assert client.get(page).status_code == 200, "the staff member stays logged in"


def test_staff_changing_the_contact_details_logs_the_citizen_out_everywhere(app, client, twilio, smtp):
    centre = make_jobcenter("kbh")
    citizen = make_citizen(centre, phone="+4520111111")
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    phone = app.test_client()
    log_in(phone, twilio, citizen)
    staff_log_in(client, smtp, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    data = {"contact-phone": "+4520222222", "contact-email": "", "contact-id_seen": "passport"}
    assert submit(client, f"{page}/kontakt", data, form_page=page).status_code == 302
    assert not signed_in(phone)


def test_a_citizen_logs_out_on_every_device(app, client, twilio):
    citizen = make_citizen()
    other = make_citizen()
    db.session.commit()
    laptop, someone_else = app.test_client(), app.test_client()
    log_in(client, twilio, citizen)
    log_in(laptop, twilio, citizen)
    log_in(someone_else, twilio, other)
    response = submit(client, "/log-ud/overalt", {}, form_page="/min-side/kontakt")
    assert response.headers["Location"] == "/"
    assert not signed_in(client) and not signed_in(laptop)
    assert signed_in(someone_else)
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="citizen.logged_out_everywhere"))


def cookie_contents(client) -> str:
    """What anyone holding the cookie can read: Flask's cookie is signed, not encrypted."""
    payload = client.get_cookie("session").value.split(".")
    compressed = payload[0] == ""
    data = base64.urlsafe_b64decode(payload[int(compressed)] + "==")
    return json.dumps(json.loads(zlib.decompress(data) if compressed else data))


def test_the_cookie_never_holds_the_cpr_number_during_login(app, client, twilio):
    citizen = make_citizen(cpr="0101901234")
    db.session.commit()
    request_code(client, "010190-1234")
    assert "0101901234" not in cookie_contents(client) and "010190" not in cookie_contents(client)
    code = send_and_read_code(twilio, citizen.phone)
    assert submit(client, "/log-ind/kode", {"code": code}).headers["Location"] == "/min-side/"


def test_the_cookie_never_holds_the_helper_phone_during_login(app, client, twilio):
    make_helper(phone="+4530123456")
    db.session.commit()
    submit(client, "/hjaelper/log-ind", {"phone": "30 12 34 56"})
    assert "30123456" not in cookie_contents(client)
    assert client.get("/hjaelper/log-ind/kode").status_code == 200, "the code page knows the phone"


def test_a_tampered_pending_login_starts_again(app, client):
    with client.session_transaction() as session:
        session["login_cpr"] = "0101901234"  # not sealed by the portal
    assert client.get("/log-ind/kode").headers["Location"] == "/log-ind"


def test_the_sweep_forgets_old_sessions_and_finished_limit_windows(app):
    from app.models import RateCounter
    from app.notifications.worker import sweep_reminders

    now = utcnow()
    db.session.add_all(
        [
            LoginSession(token_hash="a" * 64, user_key="citizen:1", created_at=now - timedelta(hours=1)),
            LoginSession(token_hash="b" * 64, user_key="citizen:1", created_at=now - timedelta(days=2)),
            LoginSession(
                token_hash="c" * 64, user_key="citizen:1", created_at=now, ended_at=now - timedelta(days=2)
            ),
            RateCounter(key="live", count=1, expires_at=now.timestamp() + 60),
            RateCounter(key="over", count=5, expires_at=now.timestamp() - 1),
        ]
    )
    db.session.commit()
    sweep_reminders(now)
    assert db.session.scalars(db.select(LoginSession.token_hash)).all() == ["a" * 64]
    assert db.session.scalars(db.select(RateCounter.key)).all() == ["live"]
