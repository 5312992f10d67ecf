"""Real files of every kind the claim form meets, made on the spot: good invoices and bad ones."""

import io

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
    from_pillow(Image.new("RGB", size, (200, 10, 10))).save(out, quality=60)
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
