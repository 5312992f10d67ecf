"""Min Plan end to end through the pages: a caseworker publishes, the citizen is told, reads
and confirms receipt (or marks as read), comments; staff record delivery by letter."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Message, PlanComment, PlanDelivery, PlanReceipt
from app.notifications import worker
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.plan.support import DANISH, TRUCK, publish, today_iso, versions_of
from tests.support.clock import by_morning
from tests.support.forms import csrf_token, submit
from tests.support.login import signed_in_as, staff_log_in


@pytest.fixture
def home(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    people = {
        "mette": make_citizen(jobcenter, name="Mette Dagpenge", target_group="dagpenge"),
        "ali": make_citizen(
            jobcenter,
            name="Ali Aktivitetsparat",
            target_group="kontanthjaelp_aktivitetsparat",
            address="Vej 2\n2610 Rødovre",
        ),
        "caseworker": make_staff(jobcenter, role="caseworker"),
        "front_desk": make_staff(jobcenter, role="front_desk"),
        "other_caseworker": make_staff(make_jobcenter(), role="caseworker"),
    }
    db.session.commit()
    return people


def audited(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def receipts(version, kind: str) -> list[PlanReceipt]:
    return list(
        db.session.scalars(
            select(PlanReceipt).where(PlanReceipt.version_id == version.id, PlanReceipt.kind == kind)
        )
    )


def test_publish_notify_and_acknowledge_for_a_citizen_who_must_confirm(app, client, smtp, twilio, home):
    mette = home["mette"]
    signed_in_as(client, home["caseworker"])
    response = publish(client, mette)
    [version] = versions_of(mette)
    assert response.status_code == 302 and (version.number, version.status) == (1, "published")
    assert [(a.title, a.is_duty, float(a.hours_per_week)) for a in version.activities] == [
        ("Truckkørekort", True, 30.0)
    ]
    assert audited("plan.published") == 1

    worker.run_once(now=by_morning())
    [sms] = [m for m in twilio.received if m.to == mette.phone]
    assert "plan" in sms.body and "/min-side/plan" in sms.body
    assert "lagerarbejder" not in sms.body and "Truck" not in sms.body  # no plan content on lock screens

    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/medarbejder/")})
    signed_in_as(client, mette)
    overview = client.get("/min-side/?lang=da").get_data(as_text=True)
    assert "modtaget din nye plan" in overview
    page = client.get("/min-side/plan/?lang=da").get_data(as_text=True)
    assert "Bekræft modtagelse" in page and "Markér som læst" not in page
    assert "Job som lagerarbejder inden sommer." in page and "Du får et certifikat" in page
    client.get("/min-side/plan/")
    assert len(receipts(version, "viewed")) == 1 and audited("plan.viewed") == 1  # the first view only

    first = submit(client, f"/min-side/plan/{version.id}/bekraeft", {}, form_page="/min-side/plan/")
    again = submit(
        client,
        f"/min-side/plan/{version.id}/bekraeft?lang=en",
        {},
        form_page="/min-side/plan/",
        follow_redirects=True,
    )
    assert first.status_code == 302
    assert "You already confirmed that you received this plan" in again.get_data(as_text=True)
    [receipt] = receipts(version, "acknowledged")
    assert (receipt.channel, receipt.actor_type, receipt.actor_id) == ("web", "citizen", mette.id)
    assert audited("plan.acknowledged") == 1
    overview = client.get("/min-side/?lang=en").get_data(as_text=True)
    assert "You have done everything you need to right now." not in overview  # job search is still due
    assert "received your new plan" not in overview


def test_letter_delivery_then_mark_as_read_for_an_aktivitetsparat_citizen(app, client, smtp, twilio, home):
    ali = home["ali"]
    signed_in_as(client, home["caseworker"])
    publish(client, ali)
    [version] = versions_of(ali)
    plan_page = client.get(f"/medarbejder/borger/{ali.id}/plan?lang=en").get_data(as_text=True)
    assert "Not yet validly delivered" in plan_page
    listed = client.get("/medarbejder/opfoelgning/planer?lang=en").get_data(as_text=True)
    assert ali.name in listed and home["mette"].name not in listed

    letter = client.get(f"/medarbejder/borger/{ali.id}/plan/{version.id}.pdf")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF")
    response = submit(
        client,
        f"/medarbejder/borger/{ali.id}/plan/{version.id}/levering",
        {"delivery-channel": "letter", "delivery-delivered_on": today_iso()},
        form_page=f"/medarbejder/borger/{ali.id}/plan",
    )
    assert response.status_code == 302
    [delivery] = db.session.scalars(select(PlanDelivery)).all()
    assert (delivery.channel, delivery.staff_user_id) == ("letter", home["caseworker"].id)
    assert "Validly delivered" in client.get(f"/medarbejder/borger/{ali.id}/plan?lang=en").get_data(
        as_text=True
    )
    assert ali.name not in client.get("/medarbejder/opfoelgning/planer").get_data(as_text=True)
    assert audited("plan.delivery_recorded") == 1

    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/medarbejder/")})
    signed_in_as(client, ali)
    page = client.get("/min-side/plan/?lang=da").get_data(as_text=True)
    assert "Markér som læst" in page and "Bekræft" not in page and "bekræft" not in page
    refused = submit(client, f"/min-side/plan/{version.id}/bekraeft", {}, form_page="/min-side/plan/")
    assert refused.status_code == 409 and receipts(version, "acknowledged") == []
    submit(client, f"/min-side/plan/{version.id}/laest", {}, form_page="/min-side/plan/")
    submit(client, f"/min-side/plan/{version.id}/laest", {}, form_page="/min-side/plan/")
    [read] = receipts(version, "read")
    assert read.actor_id == ali.id and audited("plan.read") == 1


def test_a_second_version_shows_what_changed_and_the_first_can_no_longer_be_acknowledged(
    app, client, smtp, twilio, home
):
    mette = home["mette"]
    signed_in_as(client, home["caseworker"])
    publish(client, mette, activities=(TRUCK, {**DANISH, "title": "Praktik i Netto"}))
    changed_truck = {**TRUCK, "hours_per_week": "15", "is_duty": "voluntary"}
    publish(client, mette, goals="Job som chauffør.", activities=(changed_truck, DANISH))
    first, second = versions_of(mette)
    assert (first.status, second.status, second.number) == ("superseded", "published", 2)
    assert first.goals == "Job som lagerarbejder inden sommer."  # a published version is never edited

    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/medarbejder/")})
    signed_in_as(client, mette)
    page = client.get(f"/min-side/plan/{second.id}/aendringer?lang=en").get_data(as_text=True)
    assert "What changed in version 2" in page
    for expected in (
        "Job som lagerarbejder inden sommer.",
        "Job som chauffør.",
        "New activity:",
        "Dansk for voksne",
        "Activity taken out:",
        "Praktik i Netto",
        "Activity changed:",
        "30",
        "15",
        "Voluntary: you choose",
    ):
        assert expected in page, expected
    assert "Søg 2 job om ugen." not in page  # unchanged text is not repeated
    old_page = client.get(f"/min-side/plan/{first.id}?lang=en").get_data(as_text=True)
    assert "This is an earlier version of your plan." in old_page and "Confirm receipt" not in old_page
    refused = submit(client, f"/min-side/plan/{first.id}/bekraeft?lang=en", {}, form_page="/min-side/plan/")
    assert refused.status_code == 409 and "Read your newest plan" in refused.get_data(as_text=True)
    assert receipts(first, "acknowledged") == []
    assert client.get(f"/min-side/plan/{first.id}/aendringer").status_code == 404  # nothing before version 1
    versions = client.get("/min-side/plan/versioner?lang=en").get_data(as_text=True)
    assert "Version 2 (your newest plan)" in versions and "Version 1" in versions


def test_another_citizens_plan_and_other_jobcenters_are_refused(app, client, smtp, twilio, home):
    signed_in_as(client, home["caseworker"])
    publish(client, home["mette"])
    [version] = versions_of(home["mette"])
    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/medarbejder/")})
    signed_in_as(client, home["ali"])
    assert client.get(f"/min-side/plan/{version.id}").status_code == 404
    assert client.get(f"/min-side/plan/{version.id}.pdf").status_code == 404
    token = csrf_token(client, "/min-side/plan/")
    for action in ("bekraeft", "laest", "kommentar"):
        response = client.post(
            f"/min-side/plan/{version.id}/{action}", data={"csrf_token": token, "text": "x"}
        )
        assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(PlanReceipt)) == 0
    assert db.session.scalar(select(func.count()).select_from(PlanComment)) == 0

    client.post("/log-ud", data={"csrf_token": token})
    signed_in_as(client, home["other_caseworker"])
    assert client.get(f"/medarbejder/borger/{home['mette'].id}/plan").status_code == 404
    assert client.get(f"/medarbejder/borger/{home['mette'].id}/plan/{version.id}.pdf").status_code == 404


def test_front_desk_staff_can_read_the_plan_but_not_write_it(app, client, smtp, home):
    signed_in_as(client, home["front_desk"])
    citizen = home["mette"]
    assert client.get(f"/medarbejder/borger/{citizen.id}/plan").status_code == 200
    assert client.get(f"/medarbejder/borger/{citizen.id}/plan/ny").status_code == 403
    token = csrf_token(client, f"/medarbejder/borger/{citizen.id}/plan")
    assert (
        client.post(f"/medarbejder/borger/{citizen.id}/plan/ny", data={"csrf_token": token}).status_code
        == 403
    )
    assert versions_of(citizen) == []


def test_the_citizen_comments_and_may_disagree_and_staff_see_it(app, client, smtp, twilio, home):
    mette = home["mette"]
    signed_in_as(client, home["caseworker"])
    publish(client, mette)
    [version] = versions_of(mette)
    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/medarbejder/")})
    signed_in_as(client, mette)
    path = f"/min-side/plan/{version.id}/kommentar"
    empty = submit(client, path + "?lang=en", {"text": "   ", "disagrees": "y"}, form_page="/min-side/plan/")
    assert empty.status_code == 422 and "Write your comment." in empty.get_data(as_text=True)
    too_long = submit(client, path + "?lang=en", {"text": "ا" * 2001}, form_page="/min-side/plan/")
    assert too_long.status_code == 422 and "ا" * 2001 in too_long.get_data(as_text=True)  # kept
    submit(
        client,
        path,
        {"text": "Jeg kan ikke køre truck pga. min ryg.", "disagrees": "y"},
        form_page="/min-side/plan/",
    )
    [comment] = db.session.scalars(select(PlanComment)).all()
    assert comment.disagrees and comment.actor_type == "citizen" and audited("plan.commented") == 1
    assert "min ryg" in client.get("/min-side/plan/").get_data(as_text=True)

    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/min-side/")})
    signed_in_as(client, home["caseworker"])
    staff_page = client.get(f"/medarbejder/borger/{mette.id}/plan?lang=en").get_data(as_text=True)
    assert "Disagrees with the plan" in staff_page and "min ryg" in staff_page
    listed = client.get("/medarbejder/opfoelgning/planer?lang=en").get_data(as_text=True)
    assert mette.name in listed and "Disagrees with the plan" in listed


def test_drafts_are_saved_hidden_from_the_citizen_and_published_later(app, client, smtp, twilio, home):
    mette = home["mette"]
    staff_log_in(client, smtp, home["caseworker"])  # its code is the one message counted below
    saved = publish(client, mette, action="save")
    [draft] = versions_of(mette)
    assert saved.status_code == 302 and (draft.status, draft.number) == ("draft", None)
    editor = client.get(f"/medarbejder/borger/{mette.id}/plan/ny").get_data(as_text=True)
    assert "Job som lagerarbejder inden sommer." in editor and "Truckkørekort" in editor
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1  # only the login code

    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/medarbejder/")})
    signed_in_as(client, mette)
    assert client.get(f"/min-side/plan/{draft.id}").status_code == 404
    assert "lagerarbejder" not in client.get("/min-side/plan/").get_data(as_text=True)
