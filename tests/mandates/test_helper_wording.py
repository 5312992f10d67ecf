"""A helper reads about the citizen in the third person on every page (issue 17: a helper was
greeted "Hej Mette Hansen / Det skal du gøre nu" and told "Du er registreret som rask igen"
after reporting Mette well). The citizen still reads "du" on the same pages."""

import re
from datetime import date, timedelta

import pytest

from app.audit import Actor
from app.extensions import db
from app.job_search import services as job_search
from app.models.types import utcnow
from app.plan import services as plan
from app.plan.services import ActivityContent, PlanContent
from app.rules.dates import danish_today
from app.rules.mandates import SCOPES
from app.sickness import services as sickness
from app.sickness.services import SickReport
from tests.factories import make_citizen, make_helper, make_jobcenter, make_mandate, make_staff
from tests.mandates.support import act_for, log_in_helper
from tests.meetings.support import at, book
from tests.support.forms import submit
from tests.support.login import log_in

# What only the citizen may read about themselves; none of it on a helper's page.
CITIZEN_VOICE = [
    "Hej Mette",
    "Det skal du gøre nu",
    "Du har gjort alt",
    "Bekræft din jobsøgning",
    "Du er meldt syg",
    "Du er registreret som rask igen",
    "Din plan",
    "Dine kvitteringer",
    "Dit udlæg",
    "Dine udlæg",
    "Beskeder til dig",
    "Aktivitet i din sag",
    "Hvorfor du deltager",
    "Pligt: du skal deltage",
    "Meld dig rask",
    "Hvad har du betalt for?",
    "Jobcentret giver dig besked",
    "Jobcentret ringer til dig",
    "Hvorfor kan du ikke komme",
    "Er du syg",
    "Send: Jeg kan ikke komme",
    "Jobcentret ved nu, at du ikke kan komme",
    "kontakter dig om en ny tid",
    "Jeg er syg",
]


@pytest.fixture
def mette(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    citizen = make_citizen(jobcenter, name="Mette Hansen", registered_on=danish_today(utcnow()))
    helper = make_helper(name="Peter Hansen", phone="+4522334455")
    mandate = make_mandate(citizen, helper, SCOPES)
    caseworker = make_staff(jobcenter, role="caseworker", name="Kim Larsen")
    db.session.commit()
    content = PlanContent(
        goals="Job som lagerarbejder",
        contact_person="Kim",
        activities=(ActivityContent("Truckkørekort", purpose="Certifikat", starts_on=date(2030, 3, 8)),),
    )
    plan.publish(caseworker, citizen, content, utcnow())
    return citizen, helper, mandate


def _helping(app, twilio, helper, mandate):
    client = app.test_client()
    client.get("/?lang=da")
    log_in_helper(client, twilio, helper.phone)
    act_for(client, mandate)
    return client


def _main(page: str) -> str:
    """The page's own content, without the banner a helper sees and the footer."""
    main = re.search(r"<main[^>]*>(.*)</main>", page, re.S).group(1)
    return re.sub(r"<[^>]+>", " ", main)


def _assert_about_mette(text: str, *expected: str) -> None:
    for phrase in expected:
        assert phrase in text, f"missing {phrase!r}"
    for phrase in CITIZEN_VOICE:
        assert phrase not in text, f"{phrase!r} addresses the helper as if they were Mette"


def test_every_page_a_helper_sees_speaks_of_mette(app, twilio, mette):
    citizen, helper, mandate = mette
    client = _helping(app, twilio, helper, mandate)

    front = _main(client.get("/min-side/").get_data(as_text=True))
    _assert_about_mette(
        front, "Siden for Mette Hansen", "Det skal Mette gøre nu:", "Mette skal bekræfte jobsøgning"
    )
    _assert_about_mette(
        _main(client.get("/min-side/plan/").get_data(as_text=True)),
        "Planen for Mette",
        "Hvorfor Mette deltager",
    )
    _assert_about_mette(_main(client.get("/min-side/udlaeg/").get_data(as_text=True)), "Udlæg for Mette")
    _assert_about_mette(
        _main(client.get("/min-side/udlaeg/ny").get_data(as_text=True)), "Hvad har Mette betalt for?"
    )
    _assert_about_mette(
        _main(client.get("/min-side/kvitteringer").get_data(as_text=True)), "Kvitteringer for Mette"
    )
    _assert_about_mette(_main(client.get("/min-side/beskeder").get_data(as_text=True)), "Beskeder til Mette")
    _assert_about_mette(
        _main(client.get("/min-side/aktivitet").get_data(as_text=True)), "Aktivitet i sagen for Mette"
    )

    confirmed = submit(
        client, "/min-side/bekraeft-jobsoegning", {}, form_page="/min-side/", follow_redirects=True
    )
    _assert_about_mette(
        _main(confirmed.get_data(as_text=True)),
        "Tak. Jobsøgningen for Mette er bekræftet.",
        "Jobsøgningen blev bekræftet i dag",
    )

    today = danish_today(utcnow())
    sick = submit(
        client,
        "/min-side/sygdom/meld-syg",
        {"first_day": today.isoformat()},
        form_page="/min-side/sygdom/",
        follow_redirects=True,
    )
    _assert_about_mette(_main(sick.get_data(as_text=True)), "Tak. Vi har modtaget sygemeldingen for Mette.")
    front = _main(client.get("/min-side/").get_data(as_text=True))
    _assert_about_mette(front, "Mette er meldt syg fra", "Meld Mette rask")
    sickness = _main(client.get("/min-side/sygdom/").get_data(as_text=True))
    _assert_about_mette(sickness, "Mette er meldt syg", "Første dag, Mette er rask igen")

    report_id = re.search(
        r"/min-side/sygdom/(\d+)/rask", client.get("/min-side/sygdom/").get_data(as_text=True)
    ).group(1)
    well = submit(
        client,
        f"/min-side/sygdom/{report_id}/rask",
        {"recovered_on": today.isoformat()},
        form_page="/min-side/sygdom/",
        follow_redirects=True,
    )
    text = _main(well.get_data(as_text=True))
    assert "Skriv en dag efter første sygedag for Mette" in text  # the same day is refused, about Mette


def test_the_recovery_flash_names_mette(app, twilio, mette):
    citizen, helper, mandate = mette
    yesterday = danish_today(utcnow()) - timedelta(days=1)
    sickness.report_sick(Actor.of_citizen(citizen), citizen, SickReport(first_day=yesterday), utcnow())
    client = _helping(app, twilio, helper, mandate)
    page = client.get("/min-side/sygdom/").get_data(as_text=True)
    report_id = re.search(r"/min-side/sygdom/(\d+)/rask", page).group(1)
    well = submit(
        client,
        f"/min-side/sygdom/{report_id}/rask",
        {"recovered_on": danish_today(utcnow()).isoformat()},
        form_page="/min-side/sygdom/",
        follow_redirects=True,
    )
    text = _main(well.get_data(as_text=True))
    _assert_about_mette(
        text, "Tak. Mette er registreret som rask igen.", "Mette skal bekræfte jobsøgning igen fra"
    )


def test_the_meeting_pages_speak_of_mette(app, twilio, mette):
    citizen, helper, mandate = mette
    client = _helping(app, twilio, helper, mandate)
    _assert_about_mette(
        _main(client.get("/min-side/samtaler/").get_data(as_text=True)),
        "Der er ingen samtaler booket for Mette lige nu.",
    )
    caseworker = make_staff(citizen.jobcenter, role="caseworker")
    meeting = book(caseworker, citizen, at(3), form="phone", place="")
    page = f"/min-side/samtaler/{meeting.id}"
    _assert_about_mette(
        _main(client.get(page).get_data(as_text=True)),
        "Jobcentret ringer til Mette",
        "Hvorfor kan Mette ikke komme?",
        "Er Mette syg, registrerer vi også, at Mette er syg fra i dag.",
        "Mette er syg",
        "Mette har et sygt barn",
        "Send: Mette kan ikke komme",
    )
    unexplained = submit(client, f"{page}/kan-ikke-komme", {"reason": "other"}, form_page=page)
    _assert_about_mette(_main(unexplained.get_data(as_text=True)), "Skriv, hvorfor Mette ikke kan komme.")
    sent = submit(client, f"{page}/kan-ikke-komme", {"reason": "job"}, form_page=page, follow_redirects=True)
    _assert_about_mette(
        _main(sent.get_data(as_text=True)),
        "Tak. Jobcentret ved nu, at Mette ikke kan komme.",
        "Jobcentret kontakter Mette om en ny tid.",
    )


def test_the_citizen_still_reads_du(app, twilio, mette):
    citizen, _helper, _mandate = mette
    client = app.test_client()
    client.get("/?lang=da")
    log_in(client, twilio, citizen)
    front = _main(client.get("/min-side/").get_data(as_text=True))
    assert "Hej Mette Hansen" in front and "Det skal du gøre nu:" in front
    job_search.confirm(citizen, "web", Actor.of_citizen(citizen), utcnow())
    assert "Du bekræftede i dag" in _main(client.get("/min-side/").get_data(as_text=True))
