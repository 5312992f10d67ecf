"""A copy with more uploaded files than DATA_EXPORT_FILES_IN_REQUEST is built by the worker, not
in the request: the page says it is being prepared, one worker cycle (`flask worker --once`)
builds the ZIP into the upload storage (folder, or an S3 bucket) and sends the citizen an SMS
through the Twilio stub; the activity page then offers it to the citizen only, until it expires;
the retention job deletes it. The limit is lowered here so the matrix's citizen (one file) is
"large"; the code path is the same for 300 files."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.claims.storage import current_storage
from app.extensions import db
from app.models import AuditEvent, ClaimFile, DataExport
from app.models.types import utcnow
from app.notifications.worker import run_cycle
from app.rights import retention
from tests.factories import make_helper, make_mandate
from tests.rights.support import signed_in
from tests.support.s3_server import s3_server
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, start_twilio_stub
from tests.test_authorization_matrix import world  # noqa: F401  (fixture)

EXPORT = "/min-side/aktivitet/alle-data"
READY_LINK = EXPORT + "/klar"
PREPARING = "We are preparing your copy. We will send you a message when you can download it here."


@pytest.fixture
def twilio(world):  # noqa: F811  (the matrix's app, not the `app` fixture's)
    stub = start_twilio_stub()
    world[0].config.update(
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM="+4570000000",
        TWILIO_API_BASE_URL=stub.base_url,
    )
    yield stub
    stub.stop()


def _ask_and_build(app, people, twilio):
    app.config["DATA_EXPORT_FILES_IN_REQUEST"] = 0
    citizen = people["citizen_a"]
    client = signed_in(app, citizen)
    asked = client.post(EXPORT)
    assert asked.status_code == 302 and asked.mimetype != "application/zip", asked.location
    assert PREPARING in client.get("/min-side/aktivitet").get_data(as_text=True)
    [export] = db.session.scalars(select(DataExport)).all()
    assert export.ready_at is None
    run_cycle(now=utcnow())
    db.session.refresh(export)
    assert export.stored_name and export.size > 0
    [notice] = [sms for sms in twilio.received if "/min-side/aktivitet" in sms.body]
    assert notice.to == citizen.phone and citizen.cpr not in notice.body
    return client, export


def _zip_of(response) -> dict[str, bytes]:
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _actions() -> list[str]:
    query = select(AuditEvent.action).where(AuditEvent.action.like("data.%")).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def test_a_large_copy_goes_through_the_worker_to_the_citizen(world, twilio):  # noqa: F811
    app, people, _ids = world
    client, export = _ask_and_build(app, people, twilio)
    page = client.get("/min-side/aktivitet").get_data(as_text=True)
    assert READY_LINK in page and PREPARING not in page
    files = _zip_of(client.get(READY_LINK))
    assert json.loads(files["data.json"])["person"]["cpr"] == people["citizen_a"].cpr
    assert any(name.startswith("files/") for name in files)
    assert _actions() == ["data.export_requested", "data.export_ready", "data.exported"]


def test_another_citizen_or_a_helper_cannot_fetch_it(world, twilio):  # noqa: F811
    app, people, _ids = world
    _client, export = _ask_and_build(app, people, twilio)
    helper = people["helper_view"]  # may read the case, but the citizen's copy has the full CPR
    for other in (signed_in(app, people["citizen_b"]), signed_in(app, helper.helper, helper)):
        response = other.get(READY_LINK)  # nothing of theirs is ready: back to the activity page
        assert response.status_code == 302 and response.location.endswith("/min-side/aktivitet#all-data")
    assert "data.exported" not in _actions()


def test_an_expired_copy_is_refused_in_the_citizens_language_then_deleted(world, twilio):  # noqa: F811
    app, people, _ids = world
    _client, export = _ask_and_build(app, people, twilio)
    name = export.stored_name
    export.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = signed_in(app, people["citizen_a"], language="da").get(READY_LINK)
    with force_locale("da"):
        title = _("This copy of your data has expired")
    assert response.status_code == 410 and title in response.get_data(as_text=True)
    assert title != "This copy of your data has expired"  # translated, not the English source
    assert retention.apply_retention(utcnow())["data_exports"] == 1
    assert db.session.scalars(select(DataExport)).all() == []
    assert not _exists(name)


def _exists(name: str) -> bool:
    try:
        current_storage().open(name)[0].close()
    except FileNotFoundError:
        return False
    return True


def test_the_worker_builds_it_into_an_s3_bucket(world, twilio, monkeypatch):  # noqa: F811
    app, people, _ids = world
    uploads = {row.stored_name: _read(row.stored_name) for row in db.session.scalars(select(ClaimFile))}
    with s3_server() as s3:
        for variable, value in s3.environment("exports").items():
            monkeypatch.setenv(variable, value)
        app.config["UPLOAD_STORAGE_URL"] = f"s3://{s3.bucket}/exports"
        app.extensions.pop("upload_storage", None)
        try:
            for name, data in uploads.items():  # the matrix's file, moved into the bucket
                current_storage().save(name, data)
            client, export = _ask_and_build(app, people, twilio)
            assert f"exports/{export.stored_name}" in s3.object_keys()
            assert "data.json" in _zip_of(client.get(READY_LINK))
        finally:
            app.extensions.pop("upload_storage", None)


def _read(name: str) -> bytes:
    stream, _size = current_storage().open(name)
    with stream:
        return stream.read()


def test_a_copy_that_cannot_be_built_says_so_and_the_sweep_goes_on(world, twilio):  # noqa: F811
    app, people, _ids = world
    app.config["DATA_EXPORT_FILES_IN_REQUEST"] = 0
    client = signed_in(app, people["citizen_a"])
    client.post(EXPORT)
    client.get("/min-side/aktivitet")  # where the "preparing" notice is shown once
    for row in db.session.scalars(select(ClaimFile)):
        current_storage().delete(row.stored_name)  # the stored file is gone
    assert run_cycle(now=utcnow()) >= 0  # the sweep did not stop at the broken copy
    [export] = db.session.scalars(select(DataExport)).all()
    assert export.failed_at is not None and export.stored_name is None
    page = client.get("/min-side/aktivitet").get_data(as_text=True)
    assert "We could not prepare the copy." in page and PREPARING not in page
    assert not [sms for sms in twilio.received if "/min-side/aktivitet" in sms.body]


HELPER_PREPARING = "We are preparing the copy. We will send you an SMS when you can download it here."


def test_a_helpers_large_copy_is_announced_to_that_helper_by_sms_in_their_language(world, twilio):  # noqa: F811
    """The helper's own phone, the helper's language (Arabic here, the citizen's is Danish), no
    CPR number; only that helper downloads it: not the citizen, not another helper with `view`."""
    app, people, _ids = world
    app.config["DATA_EXPORT_FILES_IN_REQUEST"] = 0
    mandate = people["helper_view"]
    mandate.helper.language = "ar"
    other_helper = make_mandate(people["citizen_a"], make_helper(), ("view",))
    client = signed_in(app, mandate.helper, mandate)
    assert client.post(EXPORT).status_code == 302
    assert HELPER_PREPARING in client.get("/min-side/aktivitet").get_data(as_text=True)
    run_cycle(now=utcnow())
    [notice] = [sms for sms in twilio.received if "/hjaelper/" in sms.body]
    assert notice.to == mandate.helper.phone and "ready" not in notice.body
    assert any("\u0600" <= character <= "\u06ff" for character in notice.body)  # Arabic
    assert people["citizen_a"].cpr not in notice.body
    assert not [
        sms
        for sms in twilio.received
        if sms.to == people["citizen_a"].phone and "/min-side/aktivitet" in sms.body
    ]
    files = _zip_of(client.get(READY_LINK))
    assert json.loads(files["data.json"])["person"]["cpr"] != people["citizen_a"].cpr  # masked for a helper
    for someone_else in (
        signed_in(app, people["citizen_a"]),
        signed_in(app, other_helper.helper, other_helper),
    ):
        response = someone_else.get(READY_LINK)
        assert response.status_code == 302 and response.location.endswith("/min-side/aktivitet#all-data")
    assert _actions().count("data.exported") == 1


DESK_PREPARING = "We are preparing the copy. You can download it on this page when it is ready."


def _desk_ask(app, people):
    app.config["DATA_EXPORT_FILES_IN_REQUEST"] = 0
    staff, citizen = people["staff_a_front_desk"], people["citizen_a"]
    client = signed_in(app, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    asked = client.post(page + "/alle-data")
    assert asked.status_code == 302 and asked.location.endswith(page + "#all-data")
    assert DESK_PREPARING in client.get(page).get_data(as_text=True)
    return client, page


def test_a_large_desk_copy_is_built_by_the_worker_and_served_to_that_staff_member(world, twilio):  # noqa: F811
    app, people, _ids = world
    client, page = _desk_ask(app, people)
    run_cycle(now=utcnow())
    shown = client.get(page).get_data(as_text=True)
    assert page + "/alle-data/klar" in shown and DESK_PREPARING not in shown
    assert not [
        sms for sms in twilio.received if "/min-side/aktivitet" in sms.body
    ]  # handed over at the desk
    files = _zip_of(client.get(page + "/alle-data/klar"))
    assert json.loads(files["data.json"])["person"]["cpr"] == people["citizen_a"].cpr
    lookups = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "lookup.export")).all()
    assert [(e.actor_id, e.citizen_id) for e in lookups] == [
        (people["staff_a_front_desk"].id, people["citizen_a"].id)
    ]
    colleague = signed_in(app, people["staff_a_caseworker"]).get(page + "/alle-data/klar")
    assert colleague.status_code == 302 and colleague.location.endswith(page + "#all-data")
    other_jobcenter = signed_in(app, people["staff_other"]).get(page + "/alle-data/klar")
    assert other_jobcenter.status_code == 404
    assert _actions() == ["data.export_requested", "data.export_ready"]


def test_a_desk_copy_that_cannot_be_built_says_so_on_the_staff_page(world, twilio):  # noqa: F811
    app, people, _ids = world
    client, page = _desk_ask(app, people)
    for row in db.session.scalars(select(ClaimFile)):
        current_storage().delete(row.stored_name)
    run_cycle(now=utcnow())
    shown = client.get(page).get_data(as_text=True)
    assert "We could not prepare the copy. Try again, or tell the IT support." in shown
    assert DESK_PREPARING not in shown
