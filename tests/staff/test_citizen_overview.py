"""The staff citizen page is an overview (facts, what needs attention, short lists with links);
each form is on a sub-page of its own. Issue 23: no page over 15 KB of HTML for a citizen with a
year of history, in any language. The sub-pages are look-ups like the overview, refuse other
jobcenters (and the front desk where the overview's form did), and a failed form keeps what was
typed, with the error summary that takes the focus."""

import re

import pytest
from sqlalchemy import select

from app.demo import load_demo_data
from app.extensions import db
from app.models import AuditEvent, Citizen, StaffUser
from tests.auth.test_kept_forms import field_value, switch_form
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.pages import LANGUAGES
from tests.support.forms import submit
from tests.support.history import a_year_of_history
from tests.support.login import signed_in_as

MOST_HTML = 15 * 1024  # bytes (issue 23)

SUB_PAGES = {  # below /medarbejder/borger/<id>: the look-up it records
    "/send-kode": "lookup.login_help",
    "/kontakt": "lookup.contact_form",
    "/beskeder": "lookup.citizen_messages",
    "/fritagelse": "lookup.exemptions",
    "/sanktionsmarkering": "lookup.do_not_sanction_form",
    "/afgoerelse": "lookup.decision_form",
    "/samtaler": "lookup.booking_form",
    "/sygedagpenge-kategori": "lookup.category_form",
}
CASEWORKERS_ONLY = {
    "/fritagelse",
    "/sanktionsmarkering",
    "/afgoerelse",
    "/samtaler",
    "/sygedagpenge-kategori",
}
FORM_FIELDS = ("contact-phone", "exemption-kind", "meeting-day", "channel", "dns-reason", "category-category")


@pytest.fixture
def office(app):
    jobcenter = make_jobcenter(phone="70 12 34 56", address="Rødovre Parkvej 150, 2610 Rødovre")
    people = {
        "citizen": make_citizen(jobcenter, name="Mette Jensen", target_group="sygedagpenge"),
        "caseworker": make_staff(jobcenter, role="caseworker", name="Karin Sagsbehandler"),
        "front_desk": make_staff(jobcenter, role="front_desk"),
        "stranger": make_staff(make_jobcenter(), role="caseworker"),
    }
    db.session.commit()
    return people


def overview(citizen) -> str:
    return f"/medarbejder/borger/{citizen.id}"


def lookups(citizen_id: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.citizen_id == citizen_id, AuditEvent.action.like("lookup.%"))
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_the_overview_of_a_citizen_with_a_year_of_history_is_at_most_15_kb_in_every_language(app, client):
    """As bench/page_weight.py weighs it: the demo data, Mette with a year of history, a caseworker."""
    load_demo_data()
    mette = db.session.scalar(select(Citizen).where(Citizen.cpr == "0101901234"))
    a_year_of_history(mette)
    caseworker = db.session.scalar(
        select(StaffUser).where(StaffUser.jobcenter_id == mette.jobcenter_id, StaffUser.role == "caseworker")
    )
    db.session.commit()
    signed_in_as(client, caseworker)
    for language in LANGUAGES:
        response = client.get(f"{overview(mette)}?lang={language}")
        assert response.status_code == 200
        assert len(response.data) <= MOST_HTML, (language, len(response.data))


def test_the_overview_links_to_the_forms_instead_of_holding_them(client, office):
    citizen = office["citizen"]
    signed_in_as(client, office["caseworker"])
    page = client.get(overview(citizen)).text
    for field in FORM_FIELDS:
        assert f'name="{field}"' not in page, field
    shown_when_needed = {"/afgoerelse", "/beskeder"}  # a missed deadline; messages to list
    for sub_page in SUB_PAGES.keys() - shown_when_needed:
        assert f'href="{overview(citizen)}{sub_page}"' in page, sub_page


@pytest.mark.parametrize("sub_page", SUB_PAGES)
def test_each_sub_page_is_a_lookup_of_the_citizen(client, office, sub_page):
    citizen, caseworker = office["citizen"], office["caseworker"]
    signed_in_as(client, caseworker)
    response = client.get(f"{overview(citizen)}{sub_page}")
    assert response.status_code == 200
    assert citizen.name in response.text and f'href="{overview(citizen)}' in response.text  # the way back
    [event] = lookups(citizen.id)
    assert (event.action, event.actor_type, event.actor_id) == (SUB_PAGES[sub_page], "staff", caseworker.id)


@pytest.mark.parametrize("sub_page", SUB_PAGES)
def test_staff_of_another_jobcenter_cannot_open_or_post_a_sub_page(client, office, sub_page):
    citizen = office["citizen"]
    signed_in_as(client, office["stranger"])
    assert client.get(f"{overview(citizen)}{sub_page}").status_code == 404
    if sub_page != "/beskeder":
        answer = submit(client, f"{overview(citizen)}{sub_page}", {}, form_page="/medarbejder/")
        assert answer.status_code == 404
    assert lookups(citizen.id) == []


@pytest.mark.parametrize("sub_page", sorted(CASEWORKERS_ONLY))
def test_the_front_desk_cannot_open_the_caseworkers_sub_pages(client, office, sub_page):
    citizen = office["citizen"]
    signed_in_as(client, office["front_desk"])
    assert client.get(f"{overview(citizen)}{sub_page}").status_code == 403
    assert f"{overview(citizen)}{sub_page}" not in client.get(overview(citizen)).text


def assert_failed_and_focused(response):
    assert response.status_code == 422
    page = response.text
    assert re.search(r"<title>Fejl: ", page), "the title says the form failed"
    assert 'id="error-summary"' in page and "autofocus" in page


def test_a_failed_contact_form_keeps_what_was_typed(client, office):
    citizen = office["citizen"]
    signed_in_as(client, office["caseworker"])
    typed = {"contact-phone": "12 34", "contact-email": "ny.adresse@example.dk"}  # and no ID chosen
    response = submit(client, f"{overview(citizen)}/kontakt?lang=da", typed)
    assert_failed_and_focused(response)
    assert 'value="12 34"' in response.text and 'value="ny.adresse@example.dk"' in response.text
    db.session.refresh(citizen)
    assert citizen.email != "ny.adresse@example.dk"


def test_a_failed_exemption_keeps_the_note(client, office):
    citizen = office["citizen"]
    signed_in_as(client, office["caseworker"])
    typed = {"exemption-starts_on": "2027-03-01", "exemption-note": "Lægeerklæring kommer"}  # no kind
    response = submit(client, f"{overview(citizen)}/fritagelse?lang=da", typed)
    assert_failed_and_focused(response)
    assert "Lægeerklæring kommer</textarea>" in response.text and 'value="2027-03-01"' in response.text


def test_a_failed_booking_keeps_the_agenda(client, office):
    citizen = office["citizen"]
    signed_in_as(client, office["caseworker"])
    # no day
    typed = {"meeting-clock": "10:30", "meeting-minutes": "45", "meeting-agenda": "Medbring dit CV."}
    response = submit(client, f"{overview(citizen)}/samtaler?lang=da", typed)
    assert_failed_and_focused(response)
    assert "Medbring dit CV.</textarea>" in response.text and 'value="10:30"' in response.text


def test_a_saved_form_returns_to_the_overview_with_its_message(client, office):
    citizen = office["citizen"]
    signed_in_as(client, office["caseworker"])
    typed = {"contact-phone": "+4520304050", "contact-email": "", "contact-id_seen": "passport"}
    response = submit(client, f"{overview(citizen)}/kontakt?lang=en", typed)
    assert response.status_code == 302 and response.location.endswith(overview(citizen))
    assert "The contact details are saved" in client.get(response.location).text
    db.session.refresh(citizen)
    assert citizen.phone == "+4520304050" and citizen.email is None


def test_switching_language_on_a_failed_sub_page_returns_to_it_filled_in(client, office):
    """The sub-page is the form's own address (GET and POST), so the language switch and a
    time-out come back to it, not to the overview (app/drafts.py)."""
    citizen = office["citizen"]
    signed_in_as(client, office["caseworker"])
    page = f"{overview(citizen)}/fritagelse"
    typed = {"exemption-starts_on": "2027-03-01", "exemption-note": "Lægeerklæring kommer"}
    fields = switch_form(submit(client, f"{page}?lang=da", typed).text)
    assert fields["switch_back"] == page
    switched = client.post("/sprog", data={**fields, "switch_to": "ar"})
    assert switched.status_code == 303 and switched.location == page
    again = client.get(page)
    assert again.status_code == 422 and '<html lang="ar" dir="rtl">' in again.text
    assert field_value(again.text, "exemption-note") == "Lægeerklæring kommer"
    assert 'id="error-summary"' in again.text
