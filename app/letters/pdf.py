"""Render a letter to a citizen as an A4 PDF that jobcenter staff print and post.

Contract:
- `render_letter(Letter) -> bytes` returns a complete PDF (A4, 20 mm margins, one page or more).
- The caller passes finished text: translated, with dates and codes formatted. This module knows
  nothing of Flask, gettext or the database, and reads nothing but the system fonts.
- Languages: "da", "en", "uk" are laid out left to right; "ar" right to left (text right-aligned,
  sender top left). The recipient always sits in the window of a Danish window envelope
  (20 mm from the left, 50 mm from the top), whatever the language. Other languages: ValueError.
- The highlight (e.g. a one-time code) is printed large and bold in a centred box after the first
  paragraph, always left to right, so the digits of a code read the same in every language.
- In Arabic, space-separated digit groups (phone numbers) are kept left to right as a whole.
- A paragraph may be a `Block`: bold (a sub-heading), and/or `as_written` (text a person typed,
  such as a caseworker's plan in Danish inside an Arabic letter): such text takes its reading
  direction and alignment from its own first strong letter instead of the letter's language.
- Text that does not fit continues on the next page.
- Text is shaped with HarfBuzz (the uharfbuzz package), so Arabic letters join and mixed
  Arabic/Latin/digit runs are ordered by the Unicode bidi algorithm: in right-to-left letters,
  and on any line that needs it (`needs_shaping`); other lines use the font's own widths.
- Fonts come from Debian packages (fonts-dejavu-core; fonts-noto-core for Arabic). A missing font
  raises RuntimeError naming the package to install. Each file is parsed once per process
  (app/letters/fonts.py).
"""

import os
import re
import unicodedata
from dataclasses import dataclass

# Phone numbers like "+45 33 17 33 17": in right-to-left text the bidi algorithm would print the
# groups in reverse visual order ("17 33 17 33 45+"), so they are isolated as left-to-right.
NUMBER_GROUPS = re.compile(r"\+?\d+(?: \d+)+")
LEFT_TO_RIGHT_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2066", "\u2069"

RTL_LANGUAGES = frozenset({"ar"})
LANGUAGES = frozenset({"da", "en", "uk"}) | RTL_LANGUAGES


@dataclass(frozen=True)
class Block:
    """A paragraph with a style: bold, and/or as the person who typed it wrote it."""

    text: str
    bold: bool = False
    as_written: bool = False


@dataclass(frozen=True)
class Letter:
    language: str  # "da", "en", "ar" or "uk"
    sender_lines: list[str]  # jobcenter name, address, phone: top right (top left in Arabic)
    recipient_lines: list[str]  # citizen name and postal address: in the envelope window
    date_text: str  # already formatted, e.g. "23. november 2026"
    title: str  # bold heading
    paragraphs: list["str | Block"]  # body text; a paragraph may contain "\n" line breaks
    highlight: str | None = None  # e.g. the one-time code: large, bold, boxed, left to right


def sender_lines(jobcenter) -> list[str]:
    """The jobcenter's name, address and phone, the lines it has."""
    return [line for line in (jobcenter.name, jobcenter.address, jobcenter.phone) if line]


def recipient_lines(citizen) -> list[str]:
    return [citizen.name, *citizen.address.splitlines()]


@dataclass(frozen=True)
class FontChoice:
    family: str
    package: str  # the Debian package that provides the first candidate
    candidates: tuple[tuple[str, str], ...]  # (regular, bold) paths; the first complete pair wins


# DejaVu Sans covers Latin (æøå) and Cyrillic; Noto Sans is a fallback from fonts-noto-core.
LATIN = FontChoice(
    "Latin",
    "fonts-dejavu-core",
    (
        (
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        ),
        (
            "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
            "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        ),
    ),
)
# DejaVu has Arabic glyphs too, but they print poorly; Noto is made for Arabic.
ARABIC = FontChoice(
    "Arabic",
    "fonts-noto-core",
    (
        (
            "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
            "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
        ),
        (
            "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
            "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf",
        ),
    ),
)


def render_letter(letter: Letter) -> bytes:
    """Return the PDF (A4) as bytes."""
    # Imported here: fpdf, fontTools and HarfBuzz take 0.4 s to import, which every process (each
    # gunicorn worker, each `flask` command) paid at its start, though few ever render a letter.
    from app.letters.layout import LetterPDF

    pdf = LetterPDF(letter)
    pdf.write_sender(letter.sender_lines)
    pdf.write_recipient(letter.recipient_lines)
    pdf.write_date(letter.date_text)
    pdf.write_title(letter.title)
    pdf.write_body(letter.paragraphs, letter.highlight)
    return bytes(pdf.output())


def find_font(choice: FontChoice) -> tuple[str, str]:
    """The (regular, bold) paths of the first installed candidate."""
    for regular, bold in choice.candidates:
        if os.path.isfile(regular) and os.path.isfile(bold):
            return regular, bold
    tried = ", ".join(path for pair in choice.candidates for path in pair)
    raise RuntimeError(
        f"No {choice.family} font for PDF letters. Install the Debian package {choice.package} "
        f"(apt-get install {choice.package}). Looked for: {tried}"
    )


def fonts_for(language: str) -> tuple[FontChoice, ...]:
    """The main font first, then fallbacks for characters it lacks (Latin names in Arabic)."""
    if language not in LANGUAGES:
        raise ValueError(f"Unsupported letter language {language!r}; expected one of {sorted(LANGUAGES)}")
    return (ARABIC, LATIN) if language in RTL_LANGUAGES else (LATIN,)


def isolate_number_groups(text: str) -> str:
    """Wrap space-separated digit groups in a left-to-right isolate (Unicode bidi, UAX #9)."""
    return NUMBER_GROUPS.sub(
        lambda match: f"{LEFT_TO_RIGHT_ISOLATE}{match[0]}{POP_DIRECTIONAL_ISOLATE}", text
    )


# Bidi classes that need the bidi algorithm and HarfBuzz: right-to-left letters (Hebrew, Arabic)
# and Arabic digits, combining marks, and the explicit direction marks (U+202A-202E, U+2066-2069).
NEEDS_SHAPING_BIDI = frozenset(
    {"R", "AL", "AN", "NSM", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)
FIRST_COMPLEX_CODE_POINT = 0x0590  # Hebrew; below it Latin, Greek, Cyrillic and Armenian
LAID_OUT_BY_THE_FONT = range(0x1E00, 0x20D0)  # Latin and Greek extended, punctuation, currency


def needs_shaping(text: str) -> bool:
    """True unless every letter is one the font lays out by itself, left to right (Latin, Greek,
    Cyrillic, digits, punctuation): nothing to join, reorder or combine."""
    return any(
        (ord(character) >= FIRST_COMPLEX_CODE_POINT and ord(character) not in LAID_OUT_BY_THE_FONT)
        or unicodedata.bidirectional(character) in NEEDS_SHAPING_BIDI
        for character in text
    )


def first_strong_direction(text: str) -> str | None:
    """ "rtl" or "ltr" after the first letter with a strong direction (Unicode bidi), else None."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None
