"""Fonts parsed once per process (app/letters/fonts.py): each letter still gets fonts of its own, so
letters rendered one after another, or at the same time in several threads, are the PDFs fpdf's own
`add_font` makes."""

import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fpdf.fonts import TTFFont

from app.letters import fonts, layout
from app.letters.pdf import render_letter
from tests.letters.test_pdf import EXPECTED_WORDS, LETTERS
from tests.support.poppler import poppler

pytestmark = pytest.mark.engine_independent

# What differs between two renders of the same letter: the time it was made, and the file ID
# fpdf derives from it.
CREATION_DATE_AND_ID = re.compile(rb"/CreationDate \(D:\d+Z\)|/ID \[<[0-9A-F]+><[0-9A-F]+>\]")


def _timeless(pdf: bytes) -> bytes:
    return CREATION_DATE_AND_ID.sub(b"", pdf)


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """An empty font cache, and how often each font file is parsed from here on."""
    counted = Counter()

    def counting_ttffont(fpdf, path, **options):
        counted[str(path)] += 1
        return TTFFont(fpdf, path, **options)

    monkeypatch.setattr(fonts, "_parsed", {})
    monkeypatch.setattr(fonts, "TTFFont", counting_ttffont)
    return counted


def _assert_has_its_text(pdf: bytes, language: str, tmp_path: Path) -> None:
    path = tmp_path / f"{language}.pdf"
    path.write_bytes(pdf)
    text = poppler("pdftotext", "-layout", str(path), "-")
    for words in EXPECTED_WORDS[language]:
        assert words in text, f"{words!r} missing from the {language} letter:\n{text}"


def test_letters_one_after_another_each_hold_their_own_text(parses, tmp_path):
    # Danish æøå, then Arabic and Ukrainian glyphs from the same (Latin) and other fonts, then
    # Danish again: glyphs used by one letter must neither go missing from nor leak into the next.
    first, *between, again = [render_letter(LETTERS[language]) for language in ("da", "ar", "uk", "da")]
    for pdf, language in zip((first, *between), ("da", "ar", "uk"), strict=True):
        _assert_has_its_text(pdf, language, tmp_path)
    assert _timeless(again) == _timeless(first)


@pytest.mark.parametrize("language", LETTERS)
def test_a_letter_is_the_pdf_fpdfs_own_add_font_makes(monkeypatch, language):
    cached = render_letter(LETTERS[language])
    monkeypatch.setattr(layout, "add_font", lambda pdf, *font: pdf.add_font(*font))
    assert _timeless(cached) == _timeless(render_letter(LETTERS[language]))


def test_each_font_file_is_parsed_once_per_process(parses):
    for language in ("da", "ar", "ar"):  # the Arabic letter uses the Latin fonts too
        render_letter(LETTERS[language])
    assert len(parses) == 4  # Latin and Arabic, regular and bold
    assert set(parses.values()) == {1}


def test_two_letters_share_no_font_state_that_fpdf_changes_while_writing():
    first, second = layout.LetterPDF(LETTERS["ar"]), layout.LetterPDF(LETTERS["ar"])
    for key, font in first.fonts.items():
        for state in ("subset", "missing_glyphs", "desc", "cw", "ttfont"):
            assert getattr(font, state) is not getattr(second.fonts[key], state), f"{key} {state}"
        for table in fonts.EAGER:  # subsetting changes them
            assert font.ttfont[table] is not second.fonts[key].ttfont[table], f"{key} {table}"


def test_letters_rendered_at_once_in_several_threads_are_each_whole(parses):
    expected = {language: _timeless(render_letter(letter)) for language, letter in LETTERS.items()}
    fonts._parsed.clear()  # the threads race to fill the cache
    parses.clear()
    languages = [*LETTERS] * 2
    start = threading.Barrier(len(languages))

    def render(language: str) -> bytes:
        start.wait()
        return _timeless(render_letter(LETTERS[language]))

    with ThreadPoolExecutor(max_workers=len(languages)) as pool:
        rendered = list(pool.map(render, languages))
    for language, pdf in zip(languages, rendered, strict=True):
        assert pdf == expected[language], f"a {language} letter differs"
    assert len(parses) == 4 and set(parses.values()) == {1}
