"""Wrong staff passwords are audited and pause the account; admins (or `flask staff deactivate`)
deactivate staff, whose sessions end at once."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from app.extensions import db
from app.models import AuditEvent, LoginSession
from app.models.types import utcnow
from tests.factories import make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.login import staff_log_in

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/medarbejder/log-ind?lang=en"


def try_password(client, staff, password: str):
    return submit(client, LOGIN, {"email": staff.email, "password": password})


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).filter_by(action=action)))


def test_wrong_passwords_are_audited_and_pause_the_account(app, client, smtp):
    staff = make_staff(make_jobcenter("kbh"))
    db.session.commit()
    statuses = [try_password(client, staff, "wrong-password").status_code for _ in range(5)]
    assert statuses == [422] * 5
    assert [e.object_id for e in events("staff.password_wrong")] == [str(staff.id)] * 5
    assert events("staff.login_paused")[0].object_id == str(staff.id)
    refused = try_password(client, staff, "secret-password")  # even the right one, while paused
    assert refused.status_code == 429
    assert "Too many wrong passwords" in refused.get_data(as_text=True)
    assert len(events("staff.password_wrong")) == 5, "nothing checked while paused"
    db.session.refresh(staff)
    staff.password_paused_until = utcnow() - timedelta(seconds=1)  # the 15 minutes have passed
    db.session.commit()
    assert try_password(client, staff, "secret-password").headers["Location"] == "/medarbejder/log-ind/kode"


def test_a_right_password_starts_the_count_again(app, client, smtp):
    staff = make_staff(make_jobcenter("kbh"))
    db.session.commit()
    for _ in range(4):
        try_password(client, staff, "wrong-password")
    assert try_password(client, staff, "secret-password").status_code == 302
    for _ in range(4):
        assert try_password(app.test_client(), staff, "wrong-password").status_code == 422
    assert not events("staff.login_paused")


def test_the_number_of_tries_is_a_setting(app, client, smtp):
    app.config["STAFF_PASSWORD_TRIES"] = 2
    staff = make_staff(make_jobcenter("kbh"))
    db.session.commit()
    assert [try_password(client, staff, "wrong").status_code for _ in range(3)] == [422, 422, 429]


def test_an_unknown_email_pauses_nothing_and_says_the_same(app, client):
    response = submit(client, LOGIN, {"email": "nobody@example.dk", "password": "x"})
    assert response.status_code == 422 and "The e-mail or password is wrong." in response.get_data(
        as_text=True
    )


def test_an_admin_deactivates_a_colleague_whose_sessions_end_at_once(app, client, smtp):
    centre = make_jobcenter("kbh")
    admin = make_staff(centre, "admin")
    colleague = make_staff(centre, "caseworker", name="Kim Kollega")
    db.session.commit()
    their_browser = app.test_client()
    staff_log_in(their_browser, smtp, colleague)
    assert their_browser.get("/medarbejder/").status_code == 200
    staff_log_in(client, smtp, admin)
    page = client.get("/medarbejder/medarbejdere?lang=en").get_data(as_text=True)
    assert f"/medarbejder/medarbejdere/{colleague.id}/deaktiver" in page
    assert f"/medarbejder/medarbejdere/{admin.id}/deaktiver" not in page, "no button for oneself"
    response = submit(client, f"/medarbejder/medarbejdere/{colleague.id}/deaktiver", {}, form_page=LIST)
    assert response.headers["Location"] == LIST
    assert their_browser.get("/medarbejder/").headers["Location"].startswith("/medarbejder/log-ind")
    db.session.refresh(colleague)
    assert colleague.active is False
    session = db.session.scalar(db.select(LoginSession).filter_by(user_key=colleague.get_id()))
    assert session.end_reason == "deactivated"
    [event] = events("staff.deactivated")
    assert (event.actor_id, event.object_id) == (admin.id, str(colleague.id))
    assert try_password(app.test_client(), colleague, "secret-password").status_code == 422


LIST = "/medarbejder/medarbejdere"


def test_an_admin_cannot_deactivate_themselves_or_staff_of_another_jobcenter(app, client, smtp):
    admin = make_staff(make_jobcenter("kbh"), "admin")
    stranger = make_staff(make_jobcenter("rdo"), "admin")
    db.session.commit()
    staff_log_in(client, smtp, admin)
    client.get("/?lang=en")
    response = submit(client, f"{LIST}/{admin.id}/deaktiver", {}, form_page=LIST, follow_redirects=True)
    assert "You cannot deactivate yourself" in response.get_data(as_text=True)
    assert submit(client, f"{LIST}/{stranger.id}/deaktiver", {}, form_page=LIST).status_code == 404
    db.session.refresh(admin)
    db.session.refresh(stranger)
    assert admin.active and stranger.active


def test_flask_staff_deactivate(app, cli, smtp):
    staff = make_staff(make_jobcenter("kbh"), email="kim@kbh.example")
    db.session.commit()
    browser = app.test_client()
    staff_log_in(browser, smtp, staff)
    result = cli.invoke(args=["staff", "deactivate", "Kim@KBH.example"])
    assert result.exit_code == 0, result.output
    assert "deactivated" in result.output
    assert browser.get("/medarbejder/").status_code == 302
    assert events("staff.deactivated")[0].actor_label == "command line"
    missing = cli.invoke(args=["staff", "deactivate", "nobody@kbh.example"])
    assert missing.exit_code != 0 and "No staff member" in missing.output


@pytest.mark.engine_independent
def test_starting_the_portal_hashes_no_password_until_an_unknown_email_is_checked():
    """The dummy hash (it keeps an unknown e-mail's answer as slow as a known one's) costs about
    0.18 s of CPU; every process that starts the app (CLI commands, gunicorn workers, tests)
    paid it at import. Measured in a fresh process, as a worker starts."""
    check = (
        "from app import create_app; from app.staff import passwords; create_app('testing');"
        "assert passwords._dummy_hash.cache_info().currsize == 0, 'hashed at start';"
        "assert passwords.matches(passwords._dummy_hash(), 'x') is False"
    )
    subprocess.run([sys.executable, "-c", check], cwd=ROOT, check=True, timeout=120)
