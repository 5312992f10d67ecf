"""The five staff lists share one macro (macros/staff_list.html): each is a heading, a table in a
scrollable region named by that heading, and one cell per column in every row; or a sentence when
the list is empty. Read from the demo data, which has a row in each list."""

import html5lib

from app.extensions import db
from app.models import Citizen, Message, StaffUser
from app.models.types import utcnow
from app.sickness import services
from app.sickness.services import SickReport
from tests.notifications.conftest import smtp, twilio  # noqa: F401  (shared fixtures)
from tests.support.login import signed_in_as

NS = {"h": "http://www.w3.org/1999/xhtml"}
LISTS = [
    "/medarbejder/opfoelgning",
    "/medarbejder/opfoelgning/planer",
    "/medarbejder/opfoelgning/sygdom",
    "/medarbejder/udlaeg/",
]


def regions(page: str) -> list:
    document = html5lib.parse(page, namespaceHTMLElements=True)
    return [region for region in document.iterfind(".//h:div[@class='journal']", NS)]


def check_table(document_text: str, region) -> int:
    """The region is named by a heading on the page; every row has a cell per column."""
    document = html5lib.parse(document_text)
    headings = {h.get("id") for h in document.iterfind(".//h:h2", NS)}
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    assert region.get("aria-labelledby") in headings
    columns = len(region.findall(".//h:thead/h:tr/h:th", NS))
    rows = region.findall(".//h:tbody/h:tr", NS)
    assert columns >= 3 and rows
    assert all(len(row.findall("h:td", NS)) == columns for row in rows)
    return len(rows)


def report_sickness_unread(jobcenter_id: int) -> None:
    people = db.session.scalars(db.select(Citizen).filter_by(jobcenter_id=jobcenter_id, closed_on=None))
    citizen = next(person for person in people if services.open_report(person) is None)
    report = SickReport(first_day=utcnow().date(), expected_return_on=None)
    services.report_sick(services.Actor.of_citizen(citizen), citizen, report, utcnow())
    db.session.commit()


def test_each_staff_list_is_a_named_table_with_a_cell_per_column(app, cli, client):
    assert cli.invoke(args=["demo"]).exit_code == 0
    caseworker = db.session.scalar(db.select(StaffUser).filter_by(name="Kim Larsen"))
    report_sickness_unread(caseworker.jobcenter_id)  # the demo's sickness is already read
    signed_in_as(client, caseworker)
    for path in LISTS:
        page = client.get(path).get_data(as_text=True)
        [region] = regions(page)
        assert check_table(page, region) >= 1, path
    sickness = client.get("/medarbejder/opfoelgning/sygdom").get_data(as_text=True)
    assert 'class="flag flag--' in sickness  # the flags' include sees the row inside the macro
    richest = db.session.scalar(
        db.select(Citizen)
        .join(Message)
        .where(Citizen.jobcenter_id == caseworker.jobcenter_id)
        .group_by(Citizen.id)
        .order_by(db.func.count(Message.id).desc())
    )
    page = client.get(f"/medarbejder/borger/{richest.id}").get_data(as_text=True)
    journal = [region for region in regions(page) if region.get("id") == "journal"]
    assert len(journal) == 1 and check_table(page, journal[0]) >= 1


def test_an_empty_list_says_so_in_a_sentence_instead_of_a_table(app, cli, client):
    assert cli.invoke(args=["demo"]).exit_code == 0
    other = db.session.scalar(db.select(StaffUser).filter_by(name="Fatima Nasser"))  # Rødovre
    signed_in_as(client, other)
    page = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    assert regions(page) == []
    assert "Ingen har brug for opfølgning lige nu." in page
