"""Admins create staff of their own jobcenter and set roles; nobody else can."""

from app.extensions import db
from app.models import AuditEvent, StaffUser
from tests.factories import make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.login import signed_in_as

NEW = {
    "name": "Ny Kollega",
    "email": "Ny@Jobcenter.example",
    "phone": "",
    "role": "front_desk",
}


def test_an_admin_adds_a_staff_member_of_their_own_jobcenter(app, client, smtp):
    centre = make_jobcenter("kbh")
    admin = make_staff(centre, "admin")
    db.session.commit()
    signed_in_as(client, admin)
    response = submit(client, "/medarbejder/medarbejdere", NEW)
    assert response.status_code == 200  # the answer shows the new colleague's set-password link
    user = db.session.scalar(db.select(StaffUser).filter_by(email="ny@jobcenter.example"))
    assert (user.jobcenter_id, user.role) == (centre.id, "front_desk")
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="staff.created")).actor_id == admin.id


def test_a_bad_or_used_email_is_explained_and_the_rest_kept(app, client, smtp):
    admin = make_staff(make_jobcenter("kbh"), "admin", email="admin@kbh.example")
    db.session.commit()
    signed_in_as(client, admin)
    bad = submit(client, "/medarbejder/medarbejdere?lang=en", {**NEW, "email": "no-at-sign"})
    assert bad.status_code == 422
    assert "Write an e-mail address like" in bad.get_data(as_text=True)
    assert 'value="Ny Kollega"' in bad.get_data(as_text=True)
    taken = submit(client, "/medarbejder/medarbejdere?lang=en", {**NEW, "email": "admin@kbh.example"})
    assert "Someone already uses that e-mail." in taken.get_data(as_text=True)


def test_only_admins_manage_staff_and_only_their_own(app, client, smtp):
    centre = make_jobcenter("kbh")
    caseworker = make_staff(centre, "caseworker")
    stranger = make_staff(make_jobcenter("rdo"), "front_desk")
    db.session.commit()
    signed_in_as(client, caseworker)
    assert client.get("/medarbejder/medarbejdere").status_code == 403
    admin_client = app.test_client()
    admin = make_staff(centre, "admin")
    db.session.commit()
    signed_in_as(admin_client, admin)
    response = submit(
        admin_client,
        f"/medarbejder/medarbejdere/{stranger.id}/rolle",
        {"role": "admin"},
        form_page="/medarbejder/medarbejdere",
    )
    assert response.status_code == 404
    db.session.refresh(stranger)
    assert stranger.role == "front_desk"
    submit(
        admin_client,
        f"/medarbejder/medarbejdere/{caseworker.id}/rolle",
        {"role": "manager"},
        form_page="/medarbejder/medarbejdere",
    )
    db.session.refresh(caseworker)
    assert caseworker.role == "manager"


def test_a_deactivated_staff_member_is_logged_out_at_once(app, client, smtp):
    user = make_staff(make_jobcenter("kbh"), "front_desk")
    db.session.commit()
    signed_in_as(client, user)
    assert client.get("/medarbejder/").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/medarbejder/").headers["Location"].startswith("/medarbejder/log-ind")


def test_a_name_or_email_of_only_spaces_is_asked_for_again(app, client, smtp):
    admin = make_staff(make_jobcenter("kbh"), "admin")
    db.session.commit()
    signed_in_as(client, admin)
    response = submit(client, "/medarbejder/medarbejdere?lang=en", {**NEW, "name": "  ", "email": " \r\n"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Write the name." in page and "Enter the work e-mail." in page
    assert db.session.query(StaffUser).count() == 1
