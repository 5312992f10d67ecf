"""The citizen hands in an invoice: files stored safely, refusals explained with nothing lost,
duplicates shown before sending, and files served to nobody else."""

import hashlib
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.claims import services
from app.extensions import db
from app.models import AuditEvent
from app.models.types import utcnow
from tests.claims import samples
from tests.claims.support import a_jpeg_and_a_pdf, claims, hand_in, stored_files
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.login import signed_in_as


@pytest.fixture
def home(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    people = {
        "citizen": make_citizen(jobcenter, name="Mette Udlæg"),
        "neighbour": make_citizen(jobcenter, name="Nabo Borger"),
        "front_desk": make_staff(jobcenter, role="front_desk"),
        "other_staff": make_staff(make_jobcenter(), role="caseworker"),
    }
    db.session.commit()
    return people


def upload_dir(app) -> Path:
    return Path(app.config["UPLOAD_DIR"])


def files_on_disk(app) -> list[Path]:
    directory = upload_dir(app)
    return sorted(directory.iterdir()) if directory.exists() else []


def test_a_jpeg_and_a_pdf_are_handed_in_and_stored_under_random_names(app, client, twilio, home):
    signed_in_as(client, home["citizen"])
    response = hand_in(client, files=a_jpeg_and_a_pdf())
    [claim] = claims()
    assert response.status_code == 302 and response.location.endswith(f"/min-side/udlaeg/{claim.id}")
    assert (claim.amount_ore, claim.status, claim.duplicate_reason) == (49900, "submitted", "")
    assert [f.original_name for f in claim.files] == ["kvittering.jpg", "faktura.pdf"]
    on_disk = files_on_disk(app)
    assert len(on_disk) == 2 and not any("kvittering" in p.name or "faktura" in p.name for p in on_disk)
    assert "static" not in str(upload_dir(app))
    for row in claim.files:
        assert hashlib.sha256((upload_dir(app) / row.stored_name).read_bytes()).hexdigest() == row.sha256
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.submitted"))
    assert (event.actor_id, event.citizen_id) == (home["citizen"].id, home["citizen"].id)

    page = client.get(response.location).get_data(as_text=True)
    assert claim.reference in page and "Bauhaus Rødovre" in page
    download = client.get(f"/min-side/udlaeg/fil/{claim.files[1].id}")
    assert download.status_code == 200 and download.data == samples_pdf_bytes(claim.files[1], app)
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/pdf"


def samples_pdf_bytes(row, app) -> bytes:
    return (upload_dir(app) / row.stored_name).read_bytes()


def test_a_photo_from_the_camera_input_is_enough(client, twilio, home):
    signed_in_as(client, home["citizen"])
    hand_in(client, photo=(samples.heic(), "IMG_0001.HEIC"))
    [claim] = claims()
    assert [(f.original_name, f.content_type, f.converted_from) for f in claim.files] == [
        ("IMG_0001.jpg", "image/jpeg", "heic")
    ]


BAD_FILES = {
    "empty": (b"", "tom.pdf", "is empty"),
    "wrong-type": (b"PK\x03\x04 word", "faktura.docx", "is not a PDF, JPEG, PNG or HEIC file"),
    "corrupt": (samples.truncated_jpeg(), "halv.jpg", "could not be opened"),
    "encrypted": (samples.encrypted_pdf(), "laast.pdf", "is locked with a password"),
    "javascript": (samples.pdf_with_javascript(), "script.pdf", "contains a program"),
    "bomb": (samples.png_bomb(), "bombe.png", "has too many pixels"),
    "too-large": (b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "stor.pdf", "is larger than 10 MB"),
    "heic-7000": (samples.heic_7000, "IMG_7000.HEIC", "has too many pixels"),  # made when used
    "link": (samples.pdf_with_uri(), "link.pdf", "contains links that open websites or other files"),
    "attachment": (
        samples.pdf_with_embedded_file(),
        "bilag.pdf",
        "has other files or media hidden inside it",
    ),
    "too-complex": (samples.pdf_with_objects, "dele.pdf", "is too complicated for us to open safely"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_each_bad_file_is_refused_with_its_message_and_nothing_is_stored(app, client, twilio, home, case):
    content, name, message = BAD_FILES[case]
    content = content() if callable(content) else content
    home["citizen"].language = "en"
    db.session.commit()
    signed_in_as(client, home["citizen"])
    response = hand_in(client, files=[(content, name)], vendor="Min egen tekst")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f"{name} {message}" in page
    assert "error-summary" in page and 'value="Min egen tekst"' in page  # what was typed is kept
    assert stored_files() == [] and claims() == [] and files_on_disk(app) == []


def test_more_than_five_files_are_refused_and_none_is_stored(app, client, twilio, home):
    home["citizen"].language = "en"
    db.session.commit()
    signed_in_as(client, home["citizen"])
    response = hand_in(client, files=[(samples.jpeg(), f"side{n}.jpg") for n in range(6)])
    assert response.status_code == 422 and "at most 5 files" in response.get_data(as_text=True)
    assert stored_files() == [] and files_on_disk(app) == []


def test_a_good_file_next_to_a_refused_one_is_kept_for_the_next_try(client, twilio, home):
    signed_in_as(client, home["citizen"])
    response = hand_in(client, files=[(samples.jpeg(), "god.jpg"), (b"junk", "daarlig.txt")])
    page = response.get_data(as_text=True)
    [kept] = stored_files()
    assert response.status_code == 422 and f'name="kept" value="{kept.id}"' in page and kept.claim_id is None
    again = hand_in(client, files=[(samples.pdf(), "ny.pdf")], kept=str(kept.id))
    [claim] = claims()
    assert again.status_code == 302 and [f.original_name for f in claim.files] == ["god.jpg", "ny.pdf"]


def test_bad_fields_are_explained_and_the_uploaded_file_is_not_lost(client, twilio, home):
    signed_in_as(client, home["citizen"])
    response = hand_in(client, files=[(samples.jpeg(), "god.jpg")], amount="mange penge", category=None)
    [kept] = stored_files()
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'value="{kept.id}"' in page and claims() == []
    assert 'href="#amount"' in page and 'href="#category"' in page


def test_no_file_at_all_is_refused(client, twilio, home):
    signed_in_as(client, home["citizen"])
    response = hand_in(client)
    assert response.status_code == 422 and claims() == []


def test_removing_an_added_file_deletes_it(app, client, twilio, home):
    signed_in_as(client, home["citizen"])
    hand_in(client, files=[(samples.jpeg(), "forkert.jpg")], amount="")
    [wrong] = stored_files()
    hand_in(client, files=[(samples.pdf(), "rigtig.pdf")], kept=str(wrong.id), remove=str(wrong.id))
    [claim] = claims()
    assert [f.original_name for f in claim.files] == ["rigtig.pdf"]
    assert len(files_on_disk(app)) == 1


def test_someone_elses_waiting_upload_cannot_be_attached(client, twilio, home):
    signed_in_as(client, home["neighbour"])
    hand_in(client, files=[(samples.jpeg(), "nabo.jpg")], amount="")
    [theirs] = stored_files()
    own = client.application.test_client()
    signed_in_as(own, home["citizen"])
    response = hand_in(own, files=[(samples.pdf(), "min.pdf")], kept=str(theirs.id))
    [claim] = claims()
    assert response.status_code == 302 and [f.original_name for f in claim.files] == ["min.pdf"]
    db.session.refresh(theirs)
    assert theirs.claim_id is None


def test_the_same_file_twice_is_shown_before_sending_and_flagged_after(client, twilio, home):
    signed_in_as(client, home["citizen"])
    same = samples.jpeg()
    hand_in(client, files=[(same, "kvittering.jpg")])
    warned = hand_in(
        client, files=[(same, "kvittering-igen.jpg")], vendor="Et andet navn", invoice_number="X"
    )
    page = warned.get_data(as_text=True)
    [first] = claims()
    assert warned.status_code == 409 and first.reference in page and 'name="send_anyway"' in page
    kept = re.search(r'name="kept" value="(\d+)"', page).group(1)
    sent = hand_in(client, kept=kept, vendor="Et andet navn", invoice_number="X", send_anyway="y")
    second = claims()[1]
    assert sent.status_code == 302 and (second.duplicate_reason, second.duplicate_of_id) == (
        "same_file",
        first.id,
    )


def test_the_same_vendor_number_and_amount_is_a_duplicate_whatever_the_file(client, twilio, home):
    signed_in_as(client, home["citizen"])
    hand_in(client, files=[(samples.pdf("e-faktura"), "a.pdf")])
    warned = hand_in(
        client,
        files=[(samples.jpeg(), "print.jpg")],
        vendor=" bauhaus  rødovre ",
        invoice_number="fa 2026 001",
        amount="499",
    )
    assert warned.status_code == 409 and len(claims()) == 1


def test_files_are_served_to_nobody_else(app, client, smtp, twilio, home):
    signed_in_as(client, home["citizen"])
    hand_in(client, files=a_jpeg_and_a_pdf())
    [claim] = claims()
    path = f"/min-side/udlaeg/fil/{claim.files[0].id}"
    neighbour = app.test_client()
    signed_in_as(neighbour, home["neighbour"])
    assert neighbour.get(path).status_code == 404
    assert neighbour.get(f"/min-side/udlaeg/{claim.id}").status_code == 404
    assert app.test_client().get(path).status_code == 302  # to the login page
    other = app.test_client()
    signed_in_as(other, home["other_staff"])
    assert other.get(f"/medarbejder/udlaeg/fil/{claim.files[0].id}").status_code == 404
    assert other.get(f"/medarbejder/udlaeg/{claim.id}").status_code == 404
    own_staff = app.test_client()
    signed_in_as(own_staff, home["front_desk"])
    download = own_staff.get(f"/medarbejder/udlaeg/fil/{claim.files[0].id}")
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment")


def test_staff_never_see_uploads_that_were_not_handed_in(app, client, smtp, twilio, home):
    signed_in_as(client, home["citizen"])
    hand_in(client, files=[(samples.jpeg(), "kladde.jpg")], amount="")
    [waiting] = stored_files()
    staff = app.test_client()
    signed_in_as(staff, home["front_desk"])
    assert staff.get(f"/medarbejder/udlaeg/fil/{waiting.id}").status_code == 404


def test_uploads_never_handed_in_are_deleted_after_two_days(app, client, twilio, home):
    signed_in_as(client, home["citizen"])
    hand_in(client, files=[(samples.jpeg(), "glemt.jpg")], amount="")
    assert services.delete_abandoned_uploads(utcnow() + timedelta(days=1)) == 0
    assert services.delete_abandoned_uploads(utcnow() + timedelta(days=3)) == 1
    assert stored_files() == [] and files_on_disk(app) == []


def test_a_request_over_the_size_limit_gets_a_clear_page(app, client, twilio, home):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    home["citizen"].language = "en"
    db.session.commit()
    signed_in_as(client, home["citizen"])
    response = hand_in(client, files=[(samples.jpeg((3000, 3000)) + b"0" * 1024 * 1024, "stor.jpg")])
    assert response.status_code == 413 and "The files are too large" in response.get_data(as_text=True)
    assert stored_files() == []


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30, "-1", ""])
def test_a_file_number_that_is_no_number_is_ignored_and_the_kept_file_stays(client, twilio, home, value):
    signed_in_as(client, home["citizen"])
    hand_in(client, files=[(samples.jpeg(), "god.jpg")], amount="")
    [kept] = stored_files()
    response = hand_in(client, kept=[str(kept.id), value], remove=value, amount="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'name="kept" value="{kept.id}"' in page and claims() == []
