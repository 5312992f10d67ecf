"""Uploads in S3-compatible object storage (UPLOAD_STORAGE_URL=s3://bucket/prefix): the real
boto3 client, configured only by its standard AWS_* variables, against an S3 server on loopback.

The files are checked in the sandbox before anything reaches the bucket, served only through the
download routes (streamed, `no-store`), and deleted from the bucket by the abandoned-upload
clean-up, the same as in the local folder."""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from app.claims import services
from app.claims.storage import S3Storage, current_storage, download_response
from app.extensions import db
from app.models.types import utcnow
from app.notifications import worker
from tests.claims import samples
from tests.claims.support import a_jpeg_and_a_pdf, claims, hand_in, stored_files
from tests.factories import make_citizen, make_jobcenter
from tests.support.login import signed_in_as
from tests.support.s3_server import s3_server


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        yield server


@pytest.fixture
def bucket(app, s3, monkeypatch):
    """The app stores its uploads under a prefix of its own in the bucket."""
    prefix = f"uploads-{utcnow():%H%M%S%f}"
    for name, value in s3.environment(prefix).items():
        monkeypatch.setenv(name, value)
    app.config["UPLOAD_STORAGE_URL"] = f"s3://{s3.bucket}/{prefix}"
    app.extensions.pop("upload_storage", None)
    yield prefix
    app.extensions.pop("upload_storage", None)


@pytest.fixture
def citizens(app):
    jobcenter = make_jobcenter()
    people = {"citizen": make_citizen(jobcenter), "neighbour": make_citizen(jobcenter)}
    db.session.commit()
    return people


def objects(s3, prefix: str) -> list[str]:
    return [key for key in s3.object_keys() if key.startswith(prefix + "/")]


def test_handed_in_files_go_to_the_bucket_and_come_back_only_through_the_portal(
    app, client, twilio, s3, bucket, citizens
):
    assert isinstance(current_storage(), S3Storage)
    signed_in_as(client, citizens["citizen"])
    hand_in(client, files=a_jpeg_and_a_pdf())
    [claim] = claims()
    keys = objects(s3, bucket)
    assert sorted(keys) == sorted(f"{bucket}/{row.stored_name}" for row in claim.files)
    for row in claim.files:
        assert hashlib.sha256(s3.read(f"{bucket}/{row.stored_name}")).hexdigest() == row.sha256
    assert not Path(app.config["UPLOAD_DIR"]).exists(), "nothing on the local disk"

    pdf = claim.files[1]
    download = client.get(f"/min-side/udlaeg/fil/{pdf.id}")
    assert download.status_code == 200 and download.data == s3.read(f"{bucket}/{pdf.stored_name}")
    with app.test_request_context():
        streamed = download_response(pdf)
        assert streamed.direct_passthrough and streamed.is_streamed, "block by block, not read whole"
        streamed.close()
    assert download.headers["Cache-Control"] == "no-store"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Length"] == str(pdf.size)
    assert download.mimetype == "application/pdf"

    neighbour = app.test_client()
    signed_in_as(neighbour, citizens["neighbour"])
    assert neighbour.get(f"/min-side/udlaeg/fil/{pdf.id}").status_code == 404


def test_a_refused_file_never_reaches_the_bucket(client, twilio, s3, bucket, citizens):
    signed_in_as(client, citizens["citizen"])
    response = hand_in(client, files=[(samples.pdf_with_javascript(), "script.pdf")])
    assert response.status_code == 422
    assert stored_files() == [] and objects(s3, bucket) == []


def test_a_heic_photo_is_stored_as_the_jpeg_the_sandbox_made(client, twilio, s3, bucket, citizens):
    signed_in_as(client, citizens["citizen"])
    hand_in(client, photo=(samples.heic(), "IMG_0001.HEIC"))
    [row] = stored_files()
    assert s3.read(f"{bucket}/{row.stored_name}").startswith(b"\xff\xd8\xff")


def test_the_sweep_deletes_abandoned_uploads_from_the_bucket(client, twilio, s3, bucket, citizens):
    signed_in_as(client, citizens["citizen"])
    hand_in(client, files=[(samples.jpeg(), "glemt.jpg")], amount="")
    hand_in(client, files=a_jpeg_and_a_pdf())  # handed in: stays
    assert len(objects(s3, bucket)) == 3
    worker.sweep_reminders(utcnow() + timedelta(days=1))
    assert len(objects(s3, bucket)) == 3
    worker.sweep_reminders(utcnow() + timedelta(days=3))
    [claim] = claims()
    assert objects(s3, bucket) == sorted(f"{bucket}/{row.stored_name}" for row in claim.files)
    assert len(stored_files()) == 2


def test_removing_an_upload_that_is_already_gone_from_the_bucket_is_no_error(app, s3, bucket, citizens):
    row = services.keep_upload(citizens["citizen"], "a.jpg", samples.jpeg(), utcnow())
    s3.client().delete_object(Bucket=s3.bucket, Key=f"{bucket}/{row.stored_name}")
    services.drop_uploads([row])
    assert stored_files() == []


def test_the_storage_url_must_name_a_bucket():
    with pytest.raises(ValueError):
        S3Storage("s3:///uploads")
    storage = S3Storage("s3://kommune-bucket/borgerportal/uploads/")
    assert (storage.bucket, storage.key_of("abc.pdf")) == ("kommune-bucket", "borgerportal/uploads/abc.pdf")
