"""The letters' fonts, parsed once per process instead of once per letter.

fpdf's `add_font` parses the whole TrueType file with fontTools (widths and glyph ids of every
character: 30-40 ms a file, two to four files a letter), which made font parsing nearly half the
CPU time of a short letter. The parsed font is kept here and each letter gets a copy of it.

What fpdf 2.8.9 changes in a font while it writes one document, and so is fresh in each copy: the
glyphs used (`subset`, `missing_glyphs`), `biggest_size_pt`, the font's number in the document
(`i`), the descriptor (`desc`, which `output()` numbers and links to the embedded file), the widths
(`cw`, a defaultdict that stores every character looked up), the HarfBuzz font (its size is set
before each shaping) and the fontTools font (`ttfont`, which `output()` subsets in place and then
closes). The copy opens its own `ttfont` from bytes kept in memory: opening is lazy (0.1 ms), and
subsetting then reads the tables it needs again (about 20 ms a font; a deep copy of the whole
parsed font would cost 0.5 s), except two that are quicker to deep-copy than to read (`EAGER`).
The rest (cmap, glyph ids, names, metrics) is only read, so it is shared.
"""

import copy
import io
import threading
from dataclasses import dataclass
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import SubsetMap, TTFFont

# Tables that take 5-6 ms each to read (glyph names, font names) and 0.2-1.4 ms to deep-copy.
EAGER = ("post", "name")


@dataclass(frozen=True)
class ParsedFont:
    font: TTFFont  # parsed by fpdf; only read, never handed to a document
    data: bytes  # the file without what is never embedded, for each document's fontTools font
    glyph_order: tuple[str, ...]  # read from `post`
    tables: dict  # the EAGER tables, read; only deep-copied, never handed to a document


_parsed: dict[str, ParsedFont] = {}
# Letters are rendered concurrently in one process (gevent workers, the export worker's threads):
# the lock keeps two of them from parsing the same file at once; after that, the cache is only read.
_parsing = threading.Lock()


def add_font(pdf: FPDF, family: str, style: str, path: str) -> None:
    """What `pdf.add_font(family, style, path)` does (`style` "" or "B"), for a TrueType font
    without colour glyphs, but without parsing the file again."""
    fontkey = f"{family.lower()}{style}"
    pdf.fonts[fontkey] = _font_for_document(parsed_font(path), pdf, fontkey, style)


def parsed_font(path: str) -> ParsedFont:
    with _parsing:
        if path not in _parsed:
            _parsed[path] = _parse(path)
        return _parsed[path]


def _parse(path: str) -> ParsedFont:
    font = TTFFont(FPDF(), Path(path), fontkey="", style="")
    if font.color_font is not None or font.is_cff:
        raise ValueError(f"{path}: letters use TrueType fonts without colour glyphs")
    font.close()
    font.ttfont = None  # each document opens its own; the tables parsed here would hold 2 MB a font
    data = _without_layout_tables(path)
    reader = ttLib.TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
    glyph_order = tuple(reader.getGlyphOrder())
    return ParsedFont(font, data, glyph_order, {tag: reader[tag] for tag in EAGER})


def _without_layout_tables(path: str) -> bytes:
    """fpdf's subsetter drops the OpenType layout tables from every font it embeds (and `kern`,
    which GPOS supersedes), but reads them before it drops them: about 15 ms a font. HarfBuzz still
    shapes with them: it reads the font file itself."""
    font = ttLib.TTFont(path, lazy=True, recalcTimestamp=False)
    if "GPOS" in font and "kern" in font:
        del font["kern"]
    for tag in ("GDEF", "GSUB", "GPOS"):
        if tag in font:
            del font[tag]
    stripped = io.BytesIO()
    font.save(stripped)
    font.close()
    return stripped.getvalue()


def _font_for_document(parsed: ParsedFont, pdf: FPDF, fontkey: str, style: str) -> TTFFont:
    font = copy.copy(parsed.font)  # shares what is only read: cmap, glyph ids, names, metrics
    font.i = len(pdf.fonts) + 1
    font.fontkey = fontkey
    font.emphasis = TextEmphasis.coerce(style)
    font.ttfont = _ttfont_for_document(parsed)
    font.cw = copy.copy(parsed.font.cw)
    font.desc = copy.copy(parsed.font.desc)
    font.biggest_size_pt = 0
    font.missing_glyphs = []
    font._hbfont = None
    font.subset = SubsetMap(font)
    return font


def _ttfont_for_document(parsed: ParsedFont) -> ttLib.TTFont:
    ttfont = ttLib.TTFont(io.BytesIO(parsed.data), recalcTimestamp=False, lazy=True)
    ttfont.setGlyphOrder(list(parsed.glyph_order))
    for tag, table in parsed.tables.items():
        ttfont[tag] = copy.deepcopy(table)
    return ttfont
