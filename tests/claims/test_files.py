"""Which files are accepted for an invoice, decided from their bytes."""

import io

import pytest
from PIL import Image

from app.claims import files
from app.claims.files import FileRefused, inspect, read_limited
from tests.claims import samples

pytestmark = pytest.mark.engine_independent  # pure file checks, no database


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


BAD_FILES = {
    "empty": (b"", files.EMPTY),
    "docx": (b"PK\x03\x04 a word document", files.WRONG_TYPE),
    "html": (b"<html><script>alert(1)</script></html>", files.WRONG_TYPE),
    "gif": (b"GIF89a" + b"\x00" * 100, files.WRONG_TYPE),
    "truncated-jpeg": (samples.truncated_jpeg(), files.CORRUPT),
    "damaged-pdf": (samples.damaged_pdf(), files.CORRUPT),
    "damaged-png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, files.CORRUPT),
    "encrypted-pdf": (samples.encrypted_pdf(), files.ENCRYPTED),
    "png-bomb": (samples.png_bomb(), files.BOMB),
}
# Files made to harm: each costs far more to open than to send, or carries active content.
HOSTILE_FILES = {
    "heic-bomb-header": (samples.heic_bomb_header, files.BOMB),
    "heic-7000x7000": (samples.heic_7000, files.BOMB),
    "heic-claiming-7000x7000": (lambda: samples.heic_declaring(7000, 7000), files.BOMB),
    "pdf-150000-objects": (samples.pdf_with_objects, files.TOO_COMPLEX),
    "pdf-150000-objects-damaged-xref": (
        lambda: samples.pdf_with_objects(150_000, damaged_xref=True),
        files.TOO_COMPLEX,
    ),
    "pdf-object-stream-of-60000": (
        lambda: samples.pdf_with_object_stream_claiming(60_000),
        files.TOO_COMPLEX,
    ),
    "pdf-deeply-nested": (samples.deeply_nested_pdf, files.CORRUPT),
    "pdf-deeply-nested-page-tree": (samples.deeply_nested_page_tree_pdf, files.TOO_COMPLEX),
    "pdf-javascript": (samples.pdf_with_javascript, files.SCRIPT),
    "pdf-escaped-javascript": (samples.pdf_with_hidden_javascript_name, files.SCRIPT),
    "pdf-javascript-in-names": (samples.pdf_with_javascript_in_names, files.SCRIPT),
    "pdf-form-field-script": (samples.pdf_with_form_field_script, files.SCRIPT),
    "pdf-xfa": (samples.pdf_with_xfa, files.SCRIPT),
    "pdf-launch": (samples.pdf_with_launch, files.SCRIPT),
    "pdf-uri": (samples.pdf_with_uri, files.LINK),
    "pdf-uri-on-open": (samples.pdf_with_open_action_uri, files.LINK),
    "pdf-goto-remote": (samples.pdf_with_goto_remote, files.LINK),
    "pdf-goto-embedded": (samples.pdf_with_goto_embedded, files.LINK),
    "pdf-submit-form": (samples.pdf_with_submit_form, files.LINK),
    "pdf-import-data": (samples.pdf_with_import_data, files.LINK),
    "pdf-embedded-file": (samples.pdf_with_embedded_file, files.ATTACHMENT),
    "pdf-file-attachment": (samples.pdf_with_file_attachment_annotation, files.ATTACHMENT),
    "pdf-rich-media": (samples.pdf_with_rich_media, files.ATTACHMENT),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_are_refused_with_their_reason(case):
    data, reason = BAD_FILES[case]
    with pytest.raises(FileRefused) as refused:
        inspect(data)
    assert refused.value.reason == reason


@pytest.mark.parametrize("case", HOSTILE_FILES, ids=list(HOSTILE_FILES))
def test_hostile_files_are_refused_with_their_reason(case):
    make, reason = HOSTILE_FILES[case]
    data = make()
    assert len(data) <= files.MAX_BYTES  # every one would be sent
    with pytest.raises(FileRefused) as refused:
        inspect(data)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "make",
    [samples.pdf_with_plain_form, samples.pdf_with_internal_link],
    ids=["plain-form", "internal-link"],
)
def test_forms_without_scripts_and_links_within_the_document_are_fine(make):
    assert inspect(make()).content_type == "application/pdf"


def test_declared_sizes_are_read_from_the_headers():
    assert files.jpeg_size(samples.jpeg((1200, 1600))) == (1200, 1600)
    turned = Image.new("RGB", (300, 200))
    exif = turned.getexif()
    exif[0x0112] = 6  # orientation: as phones write it, in an APP1 segment before the frame
    progressive = io.BytesIO()
    turned.save(progressive, "JPEG", exif=exif, progressive=True)
    assert files.jpeg_size(progressive.getvalue()) == (300, 200)
    assert files.png_size(samples.png((800, 600))) == (800, 600)
    assert files.heic_size(samples.heic((640, 480))) == (640, 480)
    assert files.heic_size(samples.heic_bomb_header()) == (65_000, 65_000)


def test_a_heic_claiming_too_many_pixels_is_refused_before_any_decoder_reads_it():
    """libheif itself calls this file damaged (its header does not match the image): refused as
    a bomb shows the raw header was read first, so no decoder ever saw it."""
    with pytest.raises(FileRefused) as refused:
        files.heic_to_jpeg(samples.heic_bomb_header())
    assert refused.value.reason == files.BOMB


def test_a_pdf_just_under_the_object_limit_is_read():
    assert inspect(samples.pdf_with_objects(files.MAX_PDF_OBJECTS - 10)).content_type == "application/pdf"


def test_a_jpeg_renamed_pdf_is_still_a_jpeg_and_a_pdf_named_jpg_is_still_a_pdf():
    assert inspect(samples.jpeg()).content_type == "image/jpeg"  # names play no part at all
    assert files.sniff(samples.pdf()) == "pdf"


def test_reading_stops_one_byte_after_the_limit():
    stream = io.BytesIO(b"x" * (files.MAX_BYTES + 5000))
    with pytest.raises(FileRefused) as refused:
        read_limited(stream)
    assert refused.value.reason == files.TOO_LARGE and stream.tell() == files.MAX_BYTES + 1
