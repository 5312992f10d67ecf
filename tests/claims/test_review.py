"""Staff review: approve or reject with a reason; above the approval limit a caseworker's
approval waits for a manager's. The citizen sees the decision and is told."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Message
from tests.claims.support import a_jpeg_and_a_pdf, claims, hand_in
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.login import signed_in_as


@pytest.fixture
def home(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    people = {
        "citizen": make_citizen(jobcenter, name="Mette Udlæg"),
        "caseworker": make_staff(jobcenter, role="caseworker"),
        "second_caseworker": make_staff(jobcenter, role="caseworker"),
        "manager": make_staff(jobcenter, role="manager"),
        "front_desk": make_staff(jobcenter, role="front_desk"),
    }
    db.session.commit()
    return people


@pytest.fixture
def claim_of(app, client, twilio, home):
    def handed_in(amount: str):
        signed_in_as(client, home["citizen"])
        hand_in(client, files=a_jpeg_and_a_pdf(), amount=amount, invoice_number=amount)
        return claims()[-1]

    return handed_in


def as_staff(app, smtp, staff):
    client = app.test_client()
    signed_in_as(client, staff)
    return client


def approve(client, claim):
    return submit(
        client, f"/medarbejder/udlaeg/{claim.id}/godkend", {}, form_page=f"/medarbejder/udlaeg/{claim.id}"
    )


def decided_messages(citizen) -> list[Message]:
    query = select(Message).where(Message.citizen_id == citizen.id, Message.purpose == "claim_decided")
    return list(db.session.scalars(query))


def test_a_caseworker_approves_a_claim_within_the_limit(app, smtp, home, claim_of):
    claim = claim_of("1.000,00")  # exactly the limit
    caseworker = as_staff(app, smtp, home["caseworker"])
    assert claim.reference in caseworker.get("/medarbejder/udlaeg/").get_data(as_text=True)
    assert approve(caseworker, claim).status_code == 302
    db.session.refresh(claim)
    assert (claim.status, claim.decided_by_id) == ("approved", home["caseworker"].id)
    [message] = decided_messages(home["citizen"])
    assert f"/min-side/udlaeg/{claim.id}" in message.body and "1.000" not in message.body
    assert claim.reference not in caseworker.get("/medarbejder/udlaeg/").get_data(as_text=True)


def test_over_the_limit_one_caseworker_cannot_approve_alone(app, smtp, home, claim_of):
    claim = claim_of("1.000,01")
    first, second = as_staff(app, smtp, home["caseworker"]), as_staff(app, smtp, home["second_caseworker"])
    approve(first, claim)
    db.session.refresh(claim)
    assert (claim.status, claim.first_approved_by_id) == ("awaiting_manager", home["caseworker"].id)
    assert decided_messages(home["citizen"]) == []  # nothing is decided yet
    approve(first, claim)
    approve(second, claim)
    db.session.refresh(claim)
    assert claim.status == "awaiting_manager" and claim.decided_at is None
    approve(as_staff(app, smtp, home["manager"]), claim)
    db.session.refresh(claim)
    assert (claim.status, claim.decided_by_id) == ("approved", home["manager"].id)
    changes = (
        select(AuditEvent.action)
        .where(AuditEvent.object_type == "Claim", AuditEvent.action.not_like("lookup.%"))
        .order_by(AuditEvent.id)  # PostgreSQL returns rows in any order without one
    )
    assert list(db.session.scalars(changes)) == ["claim.submitted", "claim.first_approved", "claim.approved"]
    assert len(decided_messages(home["citizen"])) == 1


def test_a_rejection_needs_a_reason_and_the_citizen_sees_it(app, client, smtp, home, claim_of):
    claim = claim_of("250")
    caseworker = as_staff(app, smtp, home["caseworker"])
    page = f"/medarbejder/udlaeg/{claim.id}"
    blank = submit(caseworker, f"{page}/afvis", {"reason": "   "}, form_page=page)
    assert blank.status_code == 422 and "error-summary" in blank.get_data(as_text=True)
    submit(caseworker, f"{page}/afvis", {"reason": "Skoene er ikke en del af din plan."}, form_page=page)
    db.session.refresh(claim)
    assert (claim.status, claim.reason) == ("rejected", "Skoene er ikke en del af din plan.")
    citizen_page = client.get(f"/min-side/udlaeg/{claim.id}").get_data(as_text=True)
    assert "Skoene er ikke en del af din plan." in citizen_page
    assert len(decided_messages(home["citizen"])) == 1
    assert approve(caseworker, claim).status_code == 302  # already decided: nothing changes
    db.session.refresh(claim)
    assert claim.status == "rejected"


def test_front_desk_can_read_but_not_decide(app, smtp, home, claim_of):
    claim = claim_of("250")
    front_desk = as_staff(app, smtp, home["front_desk"])
    page = front_desk.get(f"/medarbejder/udlaeg/{claim.id}").get_data(as_text=True)
    assert claim.reference in page and "godkend" not in page
    assert approve(front_desk, claim).status_code == 403
    db.session.refresh(claim)
    assert claim.status == "submitted"


def test_the_staff_page_flags_a_duplicate(app, client, smtp, home, claim_of):
    first = claim_of("250")
    hand_in(client, files=a_jpeg_and_a_pdf(), amount="250", invoice_number="250", send_anyway="y")
    second = claims()[-1]
    page = (
        as_staff(app, smtp, home["caseworker"]).get(f"/medarbejder/udlaeg/{second.id}").get_data(as_text=True)
    )
    assert second.duplicate_of_id == first.id and first.reference in page


def test_the_citizen_page_lists_the_invoices_for_staff(app, smtp, home, claim_of):
    claim = claim_of("250")
    page = as_staff(app, smtp, home["front_desk"]).get(f"/medarbejder/borger/{home['citizen'].id}")
    assert f"/medarbejder/udlaeg/{claim.id}" in page.get_data(as_text=True)


def test_a_decision_made_meanwhile_by_a_colleague_is_not_overwritten(app, home, claim_of):
    from sqlalchemy import update
    from sqlalchemy.orm.attributes import set_committed_value

    from app.claims import services
    from app.models import Claim
    from app.models.types import utcnow

    claim = claim_of("250")  # this page still shows "submitted" ...
    db.session.execute(update(Claim).where(Claim.id == claim.id).values(status="rejected", reason="Nej"))
    db.session.commit()  # ... while a colleague rejected it
    set_committed_value(claim, "status", "submitted")  # what this request read before that
    with pytest.raises(services.AlreadyDecided):
        services.approve(home["caseworker"], claim, utcnow())
    db.session.refresh(claim)
    assert (claim.status, claim.reason) == ("rejected", "Nej") and decided_messages(home["citizen"]) == []
