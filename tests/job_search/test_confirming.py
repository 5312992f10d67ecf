"""Confirming with the button, the one-tap link and in person: once per period, with a receipt."""

from datetime import date, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.job_search import services
from app.job_search.links import base36, token_for
from app.models import AuditEvent, JobSearchConfirmation
from app.models.types import utcnow
from app.rules.dates import DANISH_TIME, danish_today
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.forms import csrf_token, submit
from tests.support.login import signed_in_as

MONDAY = datetime(2027, 3, 1, 10, tzinfo=DANISH_TIME)


def confirmations_of(citizen) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(JobSearchConfirmation)
        .where(JobSearchConfirmation.citizen_id == citizen.id)
    )


def test_the_front_page_shows_the_deadline_and_the_button(app, client, twilio):
    citizen = make_citizen(registered_on=danish_today(utcnow()))
    db.session.commit()
    signed_in_as(client, citizen)
    page = client.get("/min-side/?lang=en").get_data(as_text=True)
    assert "Confirm your job search by" in page
    assert "Confirm job search</button>" in page


def test_the_button_confirms_once_even_when_pressed_twice(app, client, twilio):
    citizen = make_citizen(registered_on=danish_today(utcnow()))
    db.session.commit()
    signed_in_as(client, citizen)
    token = csrf_token(client, "/min-side/")
    first = client.post("/min-side/bekraeft-jobsoegning", data={"csrf_token": token})
    second = client.post(
        "/min-side/bekraeft-jobsoegning?lang=en", data={"csrf_token": token}, follow_redirects=True
    )
    assert first.status_code == 302
    assert "You had already confirmed your job search" in second.get_data(as_text=True)
    assert confirmations_of(citizen) == 1
    receipt = client.get(first.location + "?lang=en").get_data(as_text=True)
    assert "Receipt: job search confirmed" in receipt and "JS-" in receipt
    page = client.get("/min-side/?lang=en").get_data(as_text=True)
    assert "You have done everything you need to right now." in page
    assert "Confirm job search</button>" not in page
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "job_search.confirmed")
        )
        == 1
    )


def test_the_receipt_downloads_as_a_pdf_in_the_citizens_language(app, client, twilio, tmp_path):
    citizen = make_citizen(registered_on=danish_today(utcnow()), language="uk", address="Vej 1\n2610 Rødovre")
    db.session.commit()
    signed_in_as(client, citizen)
    response = submit(client, "/min-side/bekraeft-jobsoegning", {}, form_page="/min-side/")
    pdf = client.get(response.location + ".pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    import subprocess

    (tmp_path / "r.pdf").write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True).stdout
    reference = db.session.scalars(select(JobSearchConfirmation)).one().reference
    assert reference in text and "Rødovre" in text
    assert any("\u0400" <= ch <= "\u04ff" for ch in text)  # Ukrainian


def test_another_citizens_receipt_is_not_found(app, client, twilio):
    today = danish_today(utcnow())
    alice, bob = make_citizen(registered_on=today), make_citizen(registered_on=today)
    db.session.commit()
    bobs = services.confirm(bob, "web", services.Actor.of_citizen(bob), datetime.now(DANISH_TIME))
    signed_in_as(client, alice)
    assert client.get(f"/min-side/kvitteringer/{bobs.confirmation.id}").status_code == 404
    assert client.get(f"/min-side/kvitteringer/{bobs.confirmation.id}.pdf").status_code == 404


def test_a_citizen_on_barsel_sees_why_and_until_when(app, client, twilio):
    citizen = make_citizen(registered_on=danish_today(utcnow()))
    today = danish_today(utcnow())
    services.add_exemption(
        services.Actor("system", None, ""),
        citizen,
        "parental_leave",
        today - timedelta(days=3),
        date(today.year + 1, 3, 14),
        datetime.now(DANISH_TIME),
    )
    signed_in_as(client, citizen)
    page = client.get("/min-side/?lang=da").get_data(as_text=True)
    assert "barsel" in page and "14. marts" in page
    assert "skal du ikke bekræfte" in page
    response = submit(client, "/min-side/bekraeft-jobsoegning", {}, form_page="/min-side/")
    assert response.status_code == 302 and confirmations_of(citizen) == 0


def test_a_group_without_the_duty_is_told_so(app, client, twilio):
    citizen = make_citizen(target_group="kontanthjaelp_aktivitetsparat")
    db.session.commit()
    signed_in_as(client, citizen)
    page = client.get("/min-side/?lang=en").get_data(as_text=True)
    assert "Your benefit group does not have this duty." in page
    assert "You have done everything you need to right now." in page


def test_one_tap_link_shows_a_button_confirms_once_and_logs_nobody_in(app, client):
    citizen = make_citizen(registered_on=MONDAY.date())
    db.session.commit()
    with time_machine.travel(MONDAY + timedelta(days=5), tick=False):
        due = services.status_of(citizen, MONDAY.date()).due_on
        path = f"/j/{token_for(citizen.id, due)}?lang=en"
        assert "Confirm job search</button>" in client.get(path).get_data(as_text=True)
        assert confirmations_of(citizen) == 0  # opening the link (or a link preview) changes nothing
        token = csrf_token(client, path)
        first = client.post(path, data={"csrf_token": token})
        again = client.post(path, data={"csrf_token": token})  # a second tap, or the link reused
        assert "already confirmed" in client.get(path).get_data(as_text=True)
        assert "Thank you. Your job search is confirmed." in first.get_data(as_text=True)
        assert "already confirmed" in again.get_data(as_text=True)
        assert confirmations_of(citizen) == 1
        assert client.get("/min-side/").status_code == 302  # still not logged in
        confirmation = db.session.scalars(select(JobSearchConfirmation)).one()
        assert confirmation.channel == "link" and confirmation.due_on == due


def test_a_forged_or_tampered_link_confirms_nothing(app, client):
    citizen = make_citizen(registered_on=MONDAY.date())
    db.session.commit()
    good = token_for(citizen.id, MONDAY.date() + timedelta(days=7))
    payload, signature = good.rsplit(".", 1)
    day = payload.split("-")[1]
    tampered = f"{base36(citizen.id + 1)}-{day}.{signature}"  # another citizen, the same signature
    for token in ("nonsense", good[:-2] + "xx", tampered, "1-zzzzzzzzzzzzzz.abc"):
        response = client.get(f"/j/{token}?lang=en")
        assert response.status_code == 404
        page = response.get_data(as_text=True)
        assert "The link is not complete or not valid. Nothing was confirmed." in page
    assert confirmations_of(citizen) == 0


def test_an_expired_link_says_so(app, client):
    citizen = make_citizen(registered_on=MONDAY.date())
    db.session.commit()
    with time_machine.travel(MONDAY + timedelta(days=8), tick=False):
        token = token_for(citizen.id, MONDAY.date() + timedelta(days=7))
        services.status_of(citizen, MONDAY.date())
        response = client.get(f"/j/{token}?lang=en")
        assert response.status_code == 410
        assert "The link has expired." in response.get_data(as_text=True)
        assert confirmations_of(citizen) == 0


def test_a_link_opened_by_another_signed_in_citizen_confirms_nothing(app, client, twilio):
    today = danish_today(utcnow())
    alice, bob = make_citizen(registered_on=today), make_citizen(registered_on=today)
    db.session.commit()
    due = services.status_of(alice, danish_today(utcnow())).due_on
    db.session.commit()
    signed_in_as(client, bob)
    path = f"/j/{token_for(alice.id, due)}?lang=en"
    response = client.get(path)
    assert response.status_code == 403 and "belongs to someone else" in response.get_data(as_text=True)
    assert confirmations_of(alice) == confirmations_of(bob) == 0


def test_front_desk_confirms_in_person_and_it_is_audited(app, client, smtp):
    jobcenter = make_jobcenter()
    citizen = make_citizen(jobcenter, registered_on=danish_today(utcnow()))
    staff = make_staff(jobcenter, role="front_desk")
    db.session.commit()
    signed_in_as(client, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    response = submit(client, f"{page}/bekraeft-jobsoegning", {}, form_page=page)
    assert response.status_code == 302
    confirmation = db.session.scalars(select(JobSearchConfirmation)).one()
    recorded = (confirmation.channel, confirmation.actor_type, confirmation.actor_id)
    assert recorded == ("in_person", "staff", staff.id)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "job_search.confirmed")).one()
    assert (event.actor_id, event.citizen_id) == (staff.id, citizen.id)
