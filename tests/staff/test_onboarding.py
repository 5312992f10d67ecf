"""First start without demo data: a jobcenter and its first admin from the command line, who sets
a password with a one-time link; admins add colleagues the same way in the back office."""

import re
from datetime import timedelta

import pytest
import time_machine

from app import create_app
from app.extensions import db
from app.models import AuditEvent, Jobcenter, StaffUser
from app.models.types import utcnow
from tests.factories import make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.login import staff_log_in

LINK = re.compile(r"https?://[^/\s]+(/medarbejder/adgangskode/[\w.-]+)")
PASSWORD = "a long password I remember"


def add_first_admin(cli) -> str:
    """What the README tells an operator to run; returns the link's path."""
    added = cli.invoke(
        args=[
            "jobcenter",
            "add",
            "koebenhavn",
            "Jobcenter København",
            "--phone",
            "70 12 34 56",
            "--email",
            "jc@kk.dk",
        ]
    )
    assert added.exit_code == 0, added.output
    staff = cli.invoke(
        args=[
            "staff",
            "add",
            "Anna@KK.dk",
            "--name",
            "Anna Admin",
            "--role",
            "admin",
            "--jobcenter",
            "koebenhavn",
        ]
    )
    assert staff.exit_code == 0, staff.output
    return LINK.search(staff.output).group(1)


def set_password(client, link_path: str, password: str = PASSWORD, repeat: str | None = None):
    opened = client.get(link_path)
    assert opened.status_code == 302 and opened.headers["Location"] == "/medarbejder/adgangskode"
    return submit(
        client, "/medarbejder/adgangskode?lang=en", {"password": password, "repeat": repeat or password}
    )


def test_the_first_admin_sets_a_password_with_the_printed_link_and_logs_in(app, client, cli, smtp):
    link_path = add_first_admin(cli)
    admin = db.session.scalar(db.select(StaffUser).filter_by(email="anna@kk.dk"))
    assert (admin.role, admin.jobcenter.code, admin.password_hash) == ("admin", "koebenhavn", None)
    assert db.session.scalar(db.select(Jobcenter).filter_by(code="koebenhavn")).phone == "70 12 34 56"

    page = client.get(client.get(link_path).headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Set your password" in page and "anna@kk.dk" in page and 'autocomplete="new-password"' in page
    saved = submit(client, "/medarbejder/adgangskode", {"password": PASSWORD, "repeat": PASSWORD})
    assert saved.headers["Location"] == "/medarbejder/log-ind"
    assert staff_log_in(client, smtp, admin, password=PASSWORD).status_code == 302
    assert client.get("/medarbejder/medarbejdere").status_code == 200
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"jobcenter.created", "staff.created", "staff.password_set"} <= actions


def test_the_link_works_once(app, client, cli):
    link_path = add_first_admin(cli)
    assert set_password(client, link_path).status_code == 302
    again = app.test_client()
    reused = again.get(link_path + "?lang=en")
    assert reused.status_code == 410 and "Ask an administrator" in reused.get_data(as_text=True)
    assert again.get("/medarbejder/adgangskode").headers["Location"] == "/medarbejder/log-ind"


def test_the_link_expires_after_three_days(app, client, cli):
    link_path = add_first_admin(cli)
    with time_machine.travel(utcnow() + timedelta(days=3, minutes=1)):
        assert client.get(link_path).status_code == 410


def test_a_forged_or_cut_link_is_refused(app, client, cli):
    link_path = add_first_admin(cli)
    assert client.get(link_path[:-3]).status_code == 410
    assert client.get("/medarbejder/adgangskode/eyJzdGFmZiI6MX0.x.y").status_code == 410


def test_a_deactivated_staff_member_cannot_use_the_link(app, client, cli):
    link_path = add_first_admin(cli)
    db.session.scalar(db.select(StaffUser)).active = False
    db.session.commit()
    assert client.get(link_path).status_code == 410


def test_passwords_that_are_short_or_differ_are_explained_and_nothing_is_saved(app, client, cli):
    link_path = add_first_admin(cli)
    short = set_password(client, link_path, password="short")
    assert short.status_code == 422 and "at least 12 characters" in short.get_data(as_text=True)
    differ = submit(
        client, "/medarbejder/adgangskode?lang=en", {"password": PASSWORD, "repeat": PASSWORD + "!"}
    )
    assert differ.status_code == 422 and "not the same" in differ.get_data(as_text=True)
    assert db.session.scalar(db.select(StaffUser)).password_hash is None
    assert set_password(app.test_client(), link_path).status_code == 302  # the link still works


@pytest.mark.parametrize(
    "args, problem",
    [
        (["jobcenter", "add", "Bad Code!", "X", "--phone", "1", "--email", "a@b.dk"], "lower-case"),
        (["staff", "add", "a@b.dk", "--name", "A", "--role", "admin", "--jobcenter", "nope"], "No jobcenter"),
        (
            ["staff", "add", "not-mail", "--name", "A", "--role", "admin", "--jobcenter", "kbh"],
            "not an e-mail",
        ),
        (["staff", "add", "a@b.dk", "--name", "A", "--role", "boss", "--jobcenter", "kbh"], "boss"),
        (
            [
                "staff",
                "add",
                "a@b.dk",
                "--name",
                "A",
                "--role",
                "admin",
                "--jobcenter",
                "kbh",
                "--phone",
                "12",
            ],
            "phone",
        ),
    ],
)
def test_the_commands_explain_bad_input(app, cli, args, problem):
    make_jobcenter("kbh")
    db.session.commit()
    result = cli.invoke(args=args)
    assert result.exit_code != 0 and problem in result.output
    assert db.session.query(StaffUser).count() == 0


def test_the_same_email_or_jobcenter_code_twice_is_refused(app, cli):
    add_first_admin(cli)
    again = cli.invoke(
        args=["staff", "add", "anna@kk.dk", "--name", "B", "--role", "admin", "--jobcenter", "koebenhavn"]
    )
    assert again.exit_code != 0 and "already uses" in again.output
    centre = cli.invoke(args=["jobcenter", "add", "koebenhavn", "Y", "--phone", "1", "--email", "a@b.dk"])
    assert centre.exit_code != 0 and "exists already" in centre.output


def test_an_admin_adds_a_colleague_who_sets_a_password_with_the_link_shown(app, client, smtp):
    centre = make_jobcenter("kbh")
    admin = make_staff(centre, "admin")
    db.session.commit()
    staff_log_in(client, smtp, admin)
    answer = submit(
        client,
        "/medarbejder/medarbejdere?lang=en",
        {"name": "Ny Kollega", "email": "ny@kbh.example", "phone": "", "role": "caseworker"},
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Give Ny Kollega this link" in page
    link_path = LINK.search(page).group(1)
    newcomer = db.session.scalar(db.select(StaffUser).filter_by(email="ny@kbh.example"))
    assert (newcomer.role, newcomer.jobcenter_id, newcomer.password_hash) == ("caseworker", centre.id, None)

    other_browser = app.test_client()
    assert set_password(other_browser, link_path).status_code == 302
    assert staff_log_in(other_browser, smtp, newcomer, password=PASSWORD).status_code == 302


def test_an_admin_makes_a_new_link_for_a_colleague_who_lost_theirs(app, client, smtp):
    centre = make_jobcenter("kbh")
    admin = make_staff(centre, "admin")
    colleague = make_staff(centre, "front_desk")
    db.session.commit()
    staff_log_in(client, smtp, admin)
    answer = submit(
        client,
        f"/medarbejder/medarbejdere/{colleague.id}/adgangskode-link?lang=en",
        {},
        form_page="/medarbejder/medarbejdere",
    )
    link_path = LINK.search(answer.get_data(as_text=True)).group(1)
    assert set_password(app.test_client(), link_path).status_code == 302
    assert staff_log_in(app.test_client(), smtp, colleague, password=PASSWORD).status_code == 302
    made = db.session.scalar(db.select(AuditEvent).filter_by(action="staff.password_link_made"))
    assert made.actor_id == admin.id


def test_demo_data_is_refused_with_the_production_configuration(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "production-test-" + "k" * 40)
    app = create_app("production", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite'}")
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code != 0 and "refused in production" in result.output
        assert db.session.query(StaffUser).count() == 0
        db.session.remove()
