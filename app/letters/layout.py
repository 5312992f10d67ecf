"""How a letter is laid out on A4 pages with fpdf2 (app/letters/pdf.py describes the contract and
imports this module when it first renders a letter)."""

from fpdf import FPDF

from app.letters.fonts import add_font
from app.letters.pdf import (
    LATIN,
    RTL_LANGUAGES,
    Block,
    Letter,
    find_font,
    first_strong_direction,
    fonts_for,
    isolate_number_groups,
    needs_shaping,
)

MARGIN = 20  # mm, all sides
WINDOW_TOP = 50  # mm; top of the address window of Danish window envelopes
BODY_TOP = 95  # mm; just below the window, so nothing else shows through it
SENDER_WIDTH = 80  # mm
RECIPIENT_WIDTH = 85  # mm; the window is about 90 mm wide
SMALL_PT, BODY_PT, TITLE_PT, HIGHLIGHT_PT = 10, 11, 14, 20
LINE_SPACING = 1.5  # times the font size; Arabic marks above and below need the room
PT_TO_MM = 25.4 / 72


def _line_height(size_pt: float) -> float:
    return size_pt * PT_TO_MM * LINE_SPACING


class LetterPDF(FPDF):
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
            add_font(self, choice.family, "", regular)
            add_font(self, choice.family, "B", bold)
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
        self.direction = direction

    def _shaping_for(self, text: str) -> None:
        """HarfBuzz and the bidi algorithm where the text needs them: in a right-to-left letter,
        and on any line with right-to-left or joining letters. A left-to-right line of Latin or
        Cyrillic letters is laid out with the font's own widths: shaping it cost 17 ms a line
        (fpdf measures each line break by shaping again), seconds for a citizen's data copy."""
        self.set_text_shaping(self.rtl or needs_shaping(text), direction=self.direction)

    def _lines(self, lines: list[str], x: float, width: float, align: str, size: float) -> None:
        height = _line_height(size)
        # One multi_cell per line, so the bidi algorithm sees each line as a paragraph of its own.
        for line in (part for text in lines for part in text.split("\n")):
            self.set_x(x)
            text = isolate_number_groups(line) if self.rtl else line
            self._shaping_for(text)
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
        self._shaping_for(text)
        width = min(self.get_string_width(text) + 16, self.epw)
        self.set_x(self.l_margin + (self.epw - width) / 2)
        self.cell(
            width, _line_height(HIGHLIGHT_PT) + 4, text, border=1, align="C", new_x="LMARGIN", new_y="NEXT"
        )
        self.ln(_line_height(BODY_PT) / 2)
