"""Handing in claims through the pages, as a browser sends the multipart form."""

import io

from sqlalchemy import select

from app.extensions import db
from app.models import Claim, ClaimFile
from tests.claims import samples
from tests.support.forms import csrf_token

NEW = "/min-side/udlaeg/ny"
FIELDS = {
    "category": "work_clothes",
    "amount": "499,00",
    "invoice_date": "2026-11-02",
    "vendor": "Bauhaus Rødovre",
    "invoice_number": "FA-2026-001",
    "description": "Sikkerhedssko til praktikken",
}


def hand_in(client, files=None, photo=None, **fields):
    """POST the claim form. `files`: [(bytes, filename)]; fields override FIELDS (None drops one)."""
    data = {key: value for key, value in {**FIELDS, **fields}.items() if value is not None}
    data["files"] = [(io.BytesIO(content), name) for content, name in (files or [])]
    if photo:
        data["photo"] = (io.BytesIO(photo[0]), photo[1])
    return client.post(
        NEW, data={**data, "csrf_token": csrf_token(client, NEW)}, content_type="multipart/form-data"
    )


def a_jpeg_and_a_pdf():
    return [(samples.jpeg(), "kvittering.jpg"), (samples.pdf(), "faktura.pdf")]


def claims() -> list[Claim]:
    return list(db.session.scalars(select(Claim).order_by(Claim.id)))


def stored_files() -> list[ClaimFile]:
    return list(db.session.scalars(select(ClaimFile).order_by(ClaimFile.id)))
