"""Which files are accepted for an invoice, decided from their bytes."""

import io

import pytest
from PIL import Image

from app.claims import files
from app.claims.files import FileRefused, inspect, read_limited
from tests.claims import samples


@pytest.mark.parametrize(
    "make, content_type",
    [(samples.jpeg, "image/jpeg"), (samples.png, "image/png"), (samples.pdf, "application/pdf")],
    ids=["jpeg", "png", "pdf"],
)
def test_good_files_are_kept_as_they_are(make, content_type):
    data = make()
    accepted = inspect(data)
    assert (accepted.content_type, accepted.data, accepted.converted_from) == (content_type, data, "")


def test_a_heic_photo_becomes_a_jpeg_of_the_same_size():
    accepted = inspect(samples.heic((640, 480)))
    assert (accepted.content_type, accepted.extension, accepted.converted_from) == (
        "image/jpeg",
        "jpg",
        "heic",
    )
    with Image.open(io.BytesIO(accepted.data)) as image:
        assert (image.format, image.size) == ("JPEG", (640, 480))


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", files.EMPTY),
        (b"PK\x03\x04 a word document", files.WRONG_TYPE),
        (b"<html><script>alert(1)</script></html>", files.WRONG_TYPE),
        (b"GIF89a" + b"\x00" * 100, files.WRONG_TYPE),
        (samples.truncated_jpeg(), files.CORRUPT),
        (samples.damaged_pdf(), files.CORRUPT),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, files.CORRUPT),
        (samples.encrypted_pdf(), files.ENCRYPTED),
        (samples.pdf_with_javascript(), files.SCRIPT),
        (samples.pdf_with_hidden_javascript_name(), files.SCRIPT),
        (samples.png_bomb(), files.BOMB),
    ],
    ids=[
        "empty",
        "docx",
        "html",
        "gif",
        "truncated-jpeg",
        "damaged-pdf",
        "damaged-png",
        "encrypted-pdf",
        "pdf-javascript",
        "pdf-escaped-javascript",
        "png-bomb",
    ],
)
def test_bad_files_are_refused_with_their_reason(data, reason):
    with pytest.raises(FileRefused) as refused:
        inspect(data)
    assert refused.value.reason == reason


def test_a_jpeg_renamed_pdf_is_still_a_jpeg_and_a_pdf_named_jpg_is_still_a_pdf():
    assert inspect(samples.jpeg()).content_type == "image/jpeg"  # names play no part at all
    assert files.sniff(samples.pdf()) == "pdf"


def test_reading_stops_one_byte_after_the_limit():
    stream = io.BytesIO(b"x" * (files.MAX_BYTES + 5000))
    with pytest.raises(FileRefused) as refused:
        read_limited(stream)
    assert refused.value.reason == files.TOO_LARGE and stream.tell() == files.MAX_BYTES + 1
