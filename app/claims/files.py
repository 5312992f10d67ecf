"""Deciding whether an uploaded file is an invoice we can keep: PDF, JPEG, PNG or HEIC.

The type comes from the bytes, never from the name or the browser's claim. Files that could hurt
staff or the server are refused: encrypted PDFs (nobody could read them), PDFs with active
content (JavaScript, XFA forms, links and actions that open websites or other files, attached
files and media), images that would unpack to gigantic pixel counts (decompression bombs), PDFs
with more parts than any invoice has, and anything that does not decode. HEIC photos from iPhones
become JPEG, which every caseworker's PC can open.

The decoders (Pillow with the HEIC opener, pypdf) are loaded by the first check that decodes
(`load_decoders`), not with this module: the web process reads only the reasons and the cheap
checks here, and importing them cost ~0.1 CPU s in every process that builds the app. The
sandbox loads them once, before it forks a checker per file.

What a header declares (pixels, PDF object counts) is checked from the raw bytes before any
library parses or decodes the file. The web process never calls `inspect` itself:
app.claims.sandbox runs it in a separate process with CPU-time and memory limits, which this
module must therefore stay importable without: no Flask, no database, no `app` imports.
"""

import io
import logging
import re
from dataclasses import dataclass
from functools import cache

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # JPEG and PNG: more than any phone's default photo, and cheap to check
# HEIC is decoded in full to become a JPEG (about 14 bytes of memory per pixel). An iPhone's
# largest default photo is 24 megapixels (5712 x 4284); 48 megapixels is an opt-in "HEIF Max".
MAX_HEIC_PIXELS = 25_000_000
MAX_PDF_OBJECTS = 50_000  # declared or found; invoices have hundreds, long statements thousands
MAX_PDF_NODES = 1_000_000  # dictionaries and arrays walked looking for active content
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}

# Why a file was refused; the routes turn these into translated sentences.
EMPTY, TOO_LARGE, WRONG_TYPE, CORRUPT = "empty", "too_large", "wrong_type", "corrupt"
ENCRYPTED, SCRIPT, BOMB = "encrypted_pdf", "pdf_script", "bomb"
LINK, ATTACHMENT = "pdf_link", "pdf_attachment"
TOO_COMPLEX = "too_complex"  # more parts than an invoice has, or over the sandbox's CPU or memory
REASONS = {EMPTY, TOO_LARGE, WRONG_TYPE, CORRUPT, ENCRYPTED, SCRIPT, BOMB, LINK, ATTACHMENT, TOO_COMPLEX}

# Active content in PDFs, by what it does. Names are compared decoded ("/J#61vaScript").
SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}  # scripts, document scripts, XFA forms (scripted XML)
ATTACHMENT_KEYS = {"/EmbeddedFiles", "/EF", "/RichMediaContent"}
ATTACHMENT_TYPES = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/EmbeddedFile"}
ACTIONS = {
    "/JavaScript": SCRIPT,
    "/Launch": SCRIPT,
    "/URI": LINK,
    "/GoToR": LINK,
    "/GoToE": LINK,
    "/SubmitForm": LINK,
    "/ImportData": LINK,
    "/RichMediaExecute": ATTACHMENT,
    "/Rendition": ATTACHMENT,
    "/Movie": ATTACHMENT,
    "/Sound": ATTACHMENT,
}


class FileRefused(Exception):  # noqa: N818
    # Not a DomainError: the sandbox loads this file by path, without the app package (see
    # app/claims/inspector.py). keep_uploads returns each refusal with its reason instead.
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AcceptedFile:
    data: bytes
    content_type: str
    extension: str
    converted_from: str = ""  # "heic" when the upload was turned into a JPEG


@cache
def load_decoders() -> None:
    """Import Pillow (able to open HEIC) and pypdf into this module's namespace, once."""
    global Image, ImageOps, PdfReader, LimitReachedError, ArrayObject, DictionaryObject, IndirectObject
    from PIL import Image, ImageOps
    from pillow_heif import register_heif_opener
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    register_heif_opener()
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed PDFs are refused, not logged as noise


def read_limited(stream, limit: int = MAX_BYTES) -> bytes:
    """Read at most `limit` bytes; one byte more means the file is too large (refused unread)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(TOO_LARGE)
    if not data:
        raise FileRefused(EMPTY)
    return data


def kind_of(data: bytes) -> str:
    """The file's type, or FileRefused for what is empty, too large or of no accepted type.
    Cheap: the web process calls it before handing the file to the sandbox."""
    if not data:
        raise FileRefused(EMPTY)
    if len(data) > MAX_BYTES:
        raise FileRefused(TOO_LARGE)
    kind = sniff(data)
    if kind is None:
        raise FileRefused(WRONG_TYPE)
    return kind


def inspect(data: bytes) -> AcceptedFile:
    """The file as we will store it, or FileRefused with the reason."""
    kind = kind_of(data)
    if kind == "pdf":
        check_pdf(data)
        return AcceptedFile(data, "application/pdf", "pdf")
    if kind == "jpeg":
        check_image(data, "JPEG")
        return AcceptedFile(data, "image/jpeg", "jpg")
    if kind == "png":
        check_image(data, "PNG")
        return AcceptedFile(data, "image/png", "png")
    return AcceptedFile(heic_to_jpeg(data), "image/jpeg", "jpg", converted_from="heic")


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


# What the headers declare, read from the raw bytes before any decoder sees them.


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the IHDR chunk, which the PNG standard puts first."""
    if data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


SOF_MARKERS = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # start-of-frame, not tables


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame segment (walking segment lengths; real
    files reach it within a few dozen segments)."""
    position = 2
    for _ in range(1000):
        if position + 9 > len(data) or data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker in SOF_MARKERS:
            height = int.from_bytes(data[position + 5 : position + 7], "big")
            return int.from_bytes(data[position + 7 : position + 9], "big"), height
        # a fill byte (0xFF) moves on by one; a segment by its length
        position += 1 if marker == 0xFF else 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return None


def heic_size(data: bytes) -> tuple[int, int] | None:
    """The largest size any `ispe` (image spatial extents) box declares: the whole image, the
    grid it is made of, or a tile."""
    largest, start = None, data.find(b"ispe")
    while start >= 4:
        # box: size (4 bytes), "ispe", version and flags (4), width (4), height (4)
        width = int.from_bytes(data[start + 8 : start + 12], "big")
        height = int.from_bytes(data[start + 12 : start + 16], "big")
        if largest is None or width * height > largest[0] * largest[1]:
            largest = (width, height)
        start = data.find(b"ispe", start + 4)
    return largest


def check_declared_pixels(data: bytes, kind: str) -> None:
    size = {"png": png_size, "jpeg": jpeg_size, "heic": heic_size}[kind](data)
    if size is not None:
        _check_pixels(*size, limit=MAX_HEIC_PIXELS if kind == "heic" else MAX_PIXELS)


OBJECT_HEADER = re.compile(rb"\d+\s+\d+\s+obj\b")
DECLARED_SIZE = re.compile(rb"/Size\s+(\d{1,12})")
OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
STREAM_COUNT = re.compile(rb"/N\s+(\d{1,12})")


def check_pdf_object_count(data: bytes) -> None:
    """Refuse a PDF that claims or holds more objects than an invoice has: the cross-reference
    size in any trailer, or the object headers written out plus the objects packed in object
    streams (the count a reader finds when it rebuilds a damaged cross-reference table)."""
    if max((int(size) for size in DECLARED_SIZE.findall(data)), default=0) > MAX_PDF_OBJECTS:
        raise FileRefused(TOO_COMPLEX)
    written = sum(1 for _ in OBJECT_HEADER.finditer(data))
    packed = 0
    for stream in OBJECT_STREAM.finditer(data):
        # /N sits in the same dictionary as /Type /ObjStm, before or after it
        window = data[max(stream.start() - 200, 0) : stream.end() + 200]
        packed += max((int(count) for count in STREAM_COUNT.findall(window)), default=0)
    if written + packed > MAX_PDF_OBJECTS:
        raise FileRefused(TOO_COMPLEX)


# Decoding, after the declared sizes passed.


def check_image(data: bytes, expected_format: str) -> None:
    """Refuse images that are not what they say, too many pixels, or cut off or damaged."""
    check_declared_pixels(data, expected_format.lower())
    load_decoders()
    try:
        with Image.open(io.BytesIO(data), formats=[expected_format]) as image:
            _check_pixels(image.width, image.height, MAX_PIXELS)
            image.draft("RGB", (image.width // 8 or 1, image.height // 8 or 1))  # JPEG: decode at 1/8 size
            image.load() if expected_format == "JPEG" else image.verify()  # PNG: every chunk's checksum
    except (FileRefused, MemoryError):
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise FileRefused(CORRUPT) from None


def _check_pixels(width: int, height: int, limit: int) -> None:
    if width * height > limit:
        raise FileRefused(BOMB)


def heic_to_jpeg(data: bytes) -> bytes:
    """The photo as an upright JPEG. Turned and converted in place: a second and third copy of
    a 24-megapixel image would double the memory it takes."""
    check_declared_pixels(data, "heic")
    load_decoders()
    try:
        with Image.open(io.BytesIO(data)) as image:
            _check_pixels(image.width, image.height, MAX_HEIC_PIXELS)
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
            upright = image if image.mode == "RGB" else image.convert("RGB")
            out = io.BytesIO()
            upright.save(out, "JPEG", quality=88, optimize=True)
            return out.getvalue()
    except (FileRefused, MemoryError):
        raise
    except (OSError, SyntaxError, ValueError, RuntimeError, Image.DecompressionBombError):
        raise FileRefused(CORRUPT) from None


def check_pdf(data: bytes) -> None:
    """Refuse PDFs with more objects than an invoice has, encrypted PDFs, PDFs with active
    content, and PDFs that do not parse."""
    check_pdf_object_count(data)
    load_decoders()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise FileRefused(ENCRYPTED)
        if len(reader.pages) == 0:
            raise FileRefused(CORRUPT)
        reason = active_content(reader.trailer)
    except (FileRefused, MemoryError):
        raise
    except LimitReachedError:
        raise FileRefused(TOO_COMPLEX) from None
    except Exception:  # noqa: BLE001  (pypdf raises many kinds on damaged files; all mean "corrupt")
        raise FileRefused(CORRUPT) from None
    if reason:
        raise FileRefused(reason)


def active_content(root) -> str | None:
    """Walk every dictionary and array reachable from the trailer (each object once) and return
    the refusal reason for the first thing that runs, opens or hides something, if any."""
    seen, stack, walked = set(), [root], 0
    while stack:
        node = _resolved(stack.pop(), seen)
        if node is None:
            continue
        walked += 1
        if walked > MAX_PDF_NODES or len(seen) > MAX_PDF_OBJECTS:
            raise FileRefused(TOO_COMPLEX)
        if isinstance(node, DictionaryObject):
            reason = _active_in(node)
            if reason:
                return reason
            stack.extend(_containers(node.values()))
        else:
            stack.extend(_containers(node))
    return None


def _containers(values):
    return (value for value in values if isinstance(value, DictionaryObject | ArrayObject | IndirectObject))


def _resolved(node, seen: set):
    """The object behind a reference, or None if it was walked already or is not a container."""
    if isinstance(node, IndirectObject):
        if node.idnum in seen:
            return None
        seen.add(node.idnum)
        node = node.get_object()
    return node if isinstance(node, DictionaryObject | ArrayObject) else None


# "DictionaryObject" in quotes: pypdf is imported by load_decoders, after these are defined.
def _active_in(node: "DictionaryObject") -> str | None:
    keys = set(node.keys())
    if keys & SCRIPT_KEYS:
        return SCRIPT
    if keys & ATTACHMENT_KEYS or _name(node, "/Subtype") in ATTACHMENT_TYPES:
        return ATTACHMENT
    if _name(node, "/Type") == "/EmbeddedFile":
        return ATTACHMENT
    if isinstance(_value(node, "/URI"), str | bytes):  # a link's address, even without its /S
        return LINK
    return ACTIONS.get(_name(node, "/S"))


def _value(node: "DictionaryObject", key: str):
    value = node.get(key)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _name(node: "DictionaryObject", key: str) -> str | None:
    value = _value(node, key)
    return str(value) if isinstance(value, str) else None
