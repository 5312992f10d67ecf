"""The copy of all a citizen's data (aktindsigt): a ZIP with data.json (valid against
docs/export-schema.json), a PDF in the citizen's language (read back with poppler) and the files
they uploaded; nothing about another citizen. Helpers need the `view` scope, and the citizen is
told; staff make it at the desk, recorded as a look-up.

The citizen is the authorization matrix's citizen A, who has every kind of data the portal holds
(a confirmation, an exemption, two plan versions and a comment, a sickness report, a claim with a
file, helpers, a letter), plus an SMS they sent and a staff look-up."""

import hashlib
import io
import json
import unicodedata
import zipfile
from pathlib import Path

import jsonschema
import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit import record_lookup
from app.demo import load_demo_data
from app.extensions import db
from app.models import AuditEvent, Citizen, InboundSms, Message
from app.models.types import utcnow
from app.rights.export import export_zip
from tests.rights.support import signed_in
from tests.support.poppler import poppler
from tests.test_authorization_matrix import world  # noqa: F401  (fixture)

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "export-schema.json").read_text())
EXPORT = "/min-side/aktivitet/alle-data"


def _sms_and_lookup(people) -> None:
    citizen = people["citizen_a"]
    db.session.add(
        InboundSms(provider_ref="SMexport", sender=citizen.phone, body="JA", citizen_id=citizen.id,
                   outcome="confirmed", received_at=utcnow())
    )  # fmt: skip
    record_lookup(people["staff_a_caseworker"], "citizen_page", citizen)


def _unzipped(response) -> dict[str, bytes]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip" and response.headers["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    return unicodedata.normalize("NFKC", poppler("pdftotext", str(path), "-"))


@pytest.mark.parametrize("language", ["da", "ar"])
def test_the_copy_holds_every_kind_of_data_and_nothing_about_another_citizen(world, language, tmp_path):  # noqa: F811
    app, people, ids = world
    _sms_and_lookup(people)
    files = _unzipped(signed_in(app, people["citizen_a"], language=language).post(EXPORT))
    data = json.loads(files["data.json"])
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    for section in ("exemptions", "job_search_confirmations", "sickness_reports", "inbound_sms", "mandates"):
        assert data[section], section
    assert [plan["number"] for plan in data["plans"]] == [1, 2] and data["plans"][1]["comments"]
    [claim] = data["claims"]
    [upload] = claim["files"]
    assert (
        claim["vendor"] == "DSB"
        and hashlib.sha256(files[upload["path_in_zip"]]).hexdigest() == upload["sha256"]
    )
    assert {m["purpose"] for m in data["messages"]} >= {"access_changed"}  # the print-queue letter
    assert "lookup.citizen_page" in {event["action"] for event in data["audit_events"]}
    assert data["person"]["cpr"] == people["citizen_a"].cpr
    other = people["citizen_b"]
    everything = b"".join(files.values()).decode("latin-1") + _pdf_text(files["borgerportal.pdf"], tmp_path)
    assert other.cpr not in everything and other.name not in everything and other.phone not in everything
    text = _pdf_text(files["borgerportal.pdf"], tmp_path)
    assert people["citizen_a"].name in text and "DSB" in text and "Første mål" in text
    with force_locale(language):
        heading = _("Who has looked at the case")
    word = heading.split()[-1]
    assert word in text or word[::-1] in text, f"{heading!r} not in the {language} PDF:\n{text}"


def test_a_helper_without_view_cannot_take_the_copy(world):  # noqa: F811
    app, people, _ids = world
    mandate = people["helper_report_sickness"]
    response = signed_in(app, mandate.helper, mandate).post(EXPORT)
    assert response.status_code == 403 and response.mimetype != "application/zip"
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "data.exported")).all()


def test_a_helper_with_view_takes_it_without_the_full_cpr_and_the_citizen_is_told(world):  # noqa: F811
    app, people, _ids = world
    mandate, citizen = people["helper_view"], people["citizen_a"]
    data = json.loads(_unzipped(signed_in(app, mandate.helper, mandate).post(EXPORT))["data.json"])
    assert data["person"]["cpr"] != citizen.cpr and citizen.cpr not in json.dumps(data)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "data.exported")).all()
    assert (event.actor_type, event.actor_id, event.citizen_id) == ("helper", mandate.helper.id, citizen.id)
    notice = db.session.scalars(select(Message).where(Message.purpose == "helper_exported_data")).all()
    assert [message.citizen_id for message in notice] == [citizen.id]
    page = signed_in(app, citizen).get("/min-side/aktivitet").get_data(as_text=True)
    assert "A copy of all data was downloaded" in page


def test_staff_make_the_copy_at_the_desk_and_it_is_a_lookup(world):  # noqa: F811
    app, people, ids = world
    staff, citizen = people["staff_a_front_desk"], people["citizen_a"]
    files = _unzipped(signed_in(app, staff).post(f"/medarbejder/borger/{ids['citizen_id']}/alle-data"))
    assert json.loads(files["data.json"])["person"]["cpr"] == citizen.cpr
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "lookup.export")).all()
    assert (event.actor_id, event.citizen_id, event.details["role"]) == (staff.id, citizen.id, "front_desk")
    page = signed_in(app, citizen).get("/min-side/opslag").get_data(as_text=True)
    assert "All data about the case (a copy)" in page
    other = signed_in(app, people["staff_other"]).post(f"/medarbejder/borger/{ids['citizen_id']}/alle-data")
    assert other.status_code == 404


def test_every_demo_citizens_copy_matches_the_schema(app, tmp_path):
    """The demo has what the matrix's citizen lacks: plan activities with hours, helpers named
    by staff, several jobcenters."""
    load_demo_data()
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    for citizen in db.session.scalars(select(Citizen)):
        with app.test_request_context():
            files = _zip_entries(export_zip(citizen, citizen.language))
        validator.validate(json.loads(files["data.json"]))
        assert files["borgerportal.pdf"].startswith(b"%PDF")


def _zip_entries(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}
