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
  Arabic/Latin/digit runs are ordered by the Unicode bidi algorithm.
- Fonts come from Debian packages (fonts-dejavu-core; fonts-noto-core for Arabic). A missing font
  raises RuntimeError naming the package to install.
"""

import os
import re
import unicodedata
from dataclasses import dataclass

from fpdf import FPDF

MARGIN = 20  # mm, all sides
WINDOW_TOP = 50  # mm; top of the address window of Danish window envelopes
BODY_TOP = 95  # mm; just below the window, so nothing else shows through it
SENDER_WIDTH = 80  # mm
RECIPIENT_WIDTH = 85  # mm; the window is about 90 mm wide
SMALL_PT, BODY_PT, TITLE_PT, HIGHLIGHT_PT = 10, 11, 14, 20
LINE_SPACING = 1.5  # times the font size; Arabic marks above and below need the room
PT_TO_MM = 25.4 / 72

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
    pdf = _LetterPDF(letter)
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


def first_strong_direction(text: str) -> str | None:
    """ "rtl" or "ltr" after the first letter with a strong direction (Unicode bidi), else None."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def _line_height(size_pt: float) -> float:
    return size_pt * PT_TO_MM * LINE_SPACING


class _LetterPDF(FPDF):
    """One letter being laid out; knows its fonts and reading direction."""

    def __init__(self, letter: Letter) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.rtl = letter.language in RTL_LANGUAGES
        self.body_direction = "rtl" if self.rtl else "ltr"
        self.start_align = "R" if self.rtl else "L"  # where lines begin in the reading direction
        self.end_align = "L" if self.rtl else "R"
        self.main_family = self._add_fonts(letter.language)
        self._set_metadata(letter)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.c_margin = 0  # text starts exactly at the margin (and the envelope window)
        self.add_page()

    def _add_fonts(self, language: str) -> str:
        main, *fallbacks = fonts_for(language)
        for choice in (main, *fallbacks):
            regular, bold = find_font(choice)
            self.add_font(choice.family, "", regular)
            self.add_font(choice.family, "B", bold)
        self.set_fallback_fonts([choice.family for choice in fallbacks])
        return main.family

    def _set_metadata(self, letter: Letter) -> None:
        self.set_title(letter.title)
        self.set_creator("Borgerportal")
        self.set_lang(letter.language)
        if letter.sender_lines:
            self.set_author(letter.sender_lines[0])

    def _direction(self, direction: str | None) -> None:
        # None: each call takes its direction from its first strong letter (addresses may mix
        # Arabic names with Danish street names); "rtl"/"ltr": force the paragraph direction.
        self.set_text_shaping(True, direction=direction)

    def _lines(self, lines: list[str], x: float, width: float, align: str, size: float) -> None:
        height = _line_height(size)
        # One multi_cell per line, so the bidi algorithm sees each line as a paragraph of its own.
        for line in (part for text in lines for part in text.split("\n")):
            self.set_x(x)
            text = isolate_number_groups(line) if self.rtl else line
            self.multi_cell(width, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def write_sender(self, lines: list[str]) -> None:
        x = self.l_margin if self.rtl else self.w - self.r_margin - SENDER_WIDTH
        self.set_font(self.main_family, size=SMALL_PT)
        self._direction(None)
        self.set_y(MARGIN)
        self._lines(lines, x, SENDER_WIDTH, self.end_align, SMALL_PT)

    def write_recipient(self, lines: list[str]) -> None:
        # The window is on the left of the envelope, so the address is too, even in Arabic.
        self.set_font(self.main_family, size=BODY_PT)
        self._direction(None)
        self.set_y(max(self.get_y(), WINDOW_TOP))
        self._lines(lines, self.l_margin, RECIPIENT_WIDTH, "L", BODY_PT)

    def write_date(self, text: str) -> None:
        self.set_font(self.main_family, size=BODY_PT)
        self._direction(self.body_direction)
        self.set_y(max(self.get_y() + 5, BODY_TOP))
        self._lines([text], self.l_margin, self.epw, self.end_align, BODY_PT)

    def write_title(self, text: str) -> None:
        self.set_font(self.main_family, "B", TITLE_PT)
        self._direction(self.body_direction)
        self.ln(_line_height(BODY_PT))
        self._lines([text], self.l_margin, self.epw, self.start_align, TITLE_PT)
        self.ln(_line_height(BODY_PT) / 2)

    def write_body(self, paragraphs: list[str], highlight: str | None) -> None:
        # The highlight follows the first paragraph, which introduces it ("Here is your code").
        for paragraph in paragraphs[:1]:
            self.write_paragraph(paragraph)
        if highlight:
            self.write_highlight(highlight)
        for paragraph in paragraphs[1:]:
            self.write_paragraph(paragraph)

    def write_paragraph(self, paragraph: "str | Block") -> None:
        block = paragraph if isinstance(paragraph, Block) else Block(paragraph)
        direction = self.body_direction
        if block.as_written:
            direction = first_strong_direction(block.text) or self.body_direction
        self.set_font(self.main_family, "B" if block.bold else "", BODY_PT)
        self._direction(direction)
        align = "R" if direction == "rtl" else "L"
        self._lines([block.text], self.l_margin, self.epw, align, BODY_PT)
        self.ln(_line_height(BODY_PT) / (4 if block.bold else 2))

    def write_highlight(self, text: str) -> None:
        # Latin font and forced left-to-right: a code must read the same in every language.
        self.set_font(LATIN.family, "B", HIGHLIGHT_PT)
        self._direction("ltr")
        width = min(self.get_string_width(text) + 16, self.epw)
        self.set_x(self.l_margin + (self.epw - width) / 2)
        self.cell(
            width, _line_height(HIGHLIGHT_PT) + 4, text, border=1, align="C", new_x="LMARGIN", new_y="NEXT"
        )
        self.ln(_line_height(BODY_PT) / 2)
