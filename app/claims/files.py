"""Deciding whether an uploaded file is an invoice we can keep: PDF, JPEG, PNG or HEIC.

The type comes from the bytes, never from the name or the browser's claim. Files that could hurt
staff or the server are refused: encrypted PDFs (nobody could read them), PDFs that carry
JavaScript or launch actions, images that would unpack to gigantic pixel counts (decompression
bombs), and anything that does not decode. HEIC photos from iPhones become JPEG, which every
caseworker's PC can open. No Flask and no database here.
"""

import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageOps
from pillow_heif import register_heif_opener
from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

register_heif_opener()
logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed PDFs are refused, not logged as noise

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # 50 megapixels: more than any phone's default photo
MAX_PDF_OBJECTS = 200_000  # walking more than this is an attack, not an invoice
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
SCRIPT_KEYS = {"/JS", "/JavaScript"}
SCRIPT_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm"}

# Why a file was refused; the routes turn these into translated sentences.
EMPTY, TOO_LARGE, WRONG_TYPE, CORRUPT = "empty", "too_large", "wrong_type", "corrupt"
ENCRYPTED, SCRIPT, BOMB = "encrypted_pdf", "pdf_script", "bomb"


class FileRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AcceptedFile:
    data: bytes
    content_type: str
    extension: str
    converted_from: str = ""  # "heic" when the upload was turned into a JPEG


def read_limited(stream, limit: int = MAX_BYTES) -> bytes:
    """Read at most `limit` bytes; one byte more means the file is too large (refused unread)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(TOO_LARGE)
    if not data:
        raise FileRefused(EMPTY)
    return data


def inspect(data: bytes) -> AcceptedFile:
    """The file as we will store it, or FileRefused with the reason."""
    if not data:
        raise FileRefused(EMPTY)
    if len(data) > MAX_BYTES:
        raise FileRefused(TOO_LARGE)
    kind = sniff(data)
    if kind == "pdf":
        check_pdf(data)
        return AcceptedFile(data, "application/pdf", "pdf")
    if kind == "jpeg":
        check_image(data, "JPEG")
        return AcceptedFile(data, "image/jpeg", "jpg")
    if kind == "png":
        check_image(data, "PNG")
        return AcceptedFile(data, "image/png", "png")
    if kind == "heic":
        return AcceptedFile(heic_to_jpeg(data), "image/jpeg", "jpg", converted_from="heic")
    raise FileRefused(WRONG_TYPE)


def sniff(data: bytes) -> str | None:
    """The file type by its first bytes (PDF readers accept the header within the first 1 KB)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[4:8] == b"ftyp" and data[8:12] in HEIC_BRANDS:
        return "heic"
    return None


def check_image(data: bytes, expected_format: str) -> None:
    """Refuse images that are not what they say, too many pixels, or cut off or damaged."""
    try:
        with Image.open(io.BytesIO(data), formats=[expected_format]) as image:
            _check_pixels(image)
            image.draft("RGB", (image.width // 8 or 1, image.height // 8 or 1))  # JPEG: decode at 1/8 size
            image.load() if expected_format == "JPEG" else image.verify()  # PNG: every chunk's checksum
    except FileRefused:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise FileRefused(CORRUPT) from None


def _check_pixels(image: Image.Image) -> None:
    if image.width * image.height > MAX_PIXELS:
        raise FileRefused(BOMB)


def heic_to_jpeg(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as image:
            _check_pixels(image)
            upright = ImageOps.exif_transpose(image).convert("RGB")
            out = io.BytesIO()
            upright.save(out, "JPEG", quality=88, optimize=True)
            return out.getvalue()
    except FileRefused:
        raise
    except (OSError, SyntaxError, ValueError, RuntimeError, Image.DecompressionBombError):
        raise FileRefused(CORRUPT) from None


def check_pdf(data: bytes) -> None:
    """Refuse encrypted PDFs, PDFs with JavaScript or launch actions, and PDFs that do not parse."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise FileRefused(ENCRYPTED)
        if len(reader.pages) == 0:
            raise FileRefused(CORRUPT)
        if _carries_script(reader.trailer):
            raise FileRefused(SCRIPT)
    except FileRefused:
        raise
    except LimitReachedError:
        raise FileRefused(BOMB) from None
    except Exception:  # noqa: BLE001  (pypdf raises many kinds on damaged files; all mean "corrupt")
        raise FileRefused(CORRUPT) from None


def _carries_script(root) -> bool:
    """Walk every object reachable from the trailer (each once) looking for scripts or actions
    that run something. Names are compared decoded, so "/J#61vaScript" is caught too."""
    seen, stack, visited = set(), [root], 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise FileRefused(BOMB)
        if isinstance(node, DictionaryObject):
            if SCRIPT_KEYS & set(node.keys()) or node.get("/S") in SCRIPT_ACTIONS:
                return True
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False
