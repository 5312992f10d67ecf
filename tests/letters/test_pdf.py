"""PDF letters: real letters in Danish, Arabic and Ukrainian, read back with poppler-utils."""

import dataclasses
import re
import unicodedata
from pathlib import Path

import pytest

from app.letters import pdf
from app.letters.pdf import Letter, render_letter
from tests.support.poppler import poppler

pytestmark = pytest.mark.engine_independent

CODE = "482913"

LETTERS = {
    "da": Letter(
        language="da",
        sender_lines=["Jobcenter København", "Nyropsgade 1", "1602 København V", "Telefon 33 17 33 17"],
        recipient_lines=["Søren Ærø Åberg", "Østerbrogade 112, 3. th.", "2100 København Ø"],
        date_text="23. november 2026",
        title="Din engangskode til Borgerportal",
        paragraphs=[
            "Her er din engangskode til Borgerportal. Brug den sammen med dit CPR-nummer på "
            "borgerportal.kk.dk før 7. december 2026. Koden virker én gang, og du skal vælge en ny "
            "adgangskode, første gang du logger ind.",
            "Har du ikke bedt om dette brev, så ring til jobcentret på 33 17 33 17.\n"
            "Giv aldrig koden til andre, heller ikke til nogen, der siger, de er fra jobcentret.",
            "Med venlig hilsen\nJobcenter København",
        ],
        highlight=CODE,
    ),
    "ar": Letter(
        language="ar",
        sender_lines=["مركز التوظيف في كوبنهاغن", "Nyropsgade 1", "1602 København V", "الهاتف 33 17 33 17"],
        recipient_lines=["Ahmed Hansen", "Nørrebrogade 45, 2. tv.", "2200 København N"],
        date_text="23 نوفمبر 2026",
        title="رمزك لمرة واحدة لبوابة المواطن",
        paragraphs=[
            "عزيزي Ahmed Hansen، هذا هو رمزك لمرة واحدة لبوابة المواطن Borgerportal. استخدمه مع "
            "رقم CPR الخاص بك قبل 7 ديسمبر 2026. يعمل الرمز مرة واحدة فقط.",
            f"رمزك هو {CODE}. لا تعطه لأي شخص، حتى لو قال إنه من مركز التوظيف.\n"
            "إذا لم تطلب هذه الرسالة، فاتصل بمركز التوظيف على الرقم 33 17 33 17.",
            "مع أطيب التحيات\nمركز التوظيف في كوبنهاغن",
        ],
        highlight=CODE,
    ),
    "uk": Letter(
        language="uk",
        sender_lines=["Jobcenter København", "Nyropsgade 1", "1602 København V", "Телефон 33 17 33 17"],
        recipient_lines=["Olena Kovalenko", "Amagerbrogade 201, st. tv.", "2300 København S"],
        date_text="23 листопада 2026 р.",
        title="Ваш одноразовий код для Borgerportal",
        paragraphs=[
            "Ось ваш одноразовий код для Borgerportal. Використайте його разом зі своїм номером CPR "
            "до 7 грудня 2026 року. Код діє лише один раз.",
            "Якщо ви не просили цей лист, зателефонуйте до центру зайнятості за номером 33 17 33 17.\n"
            "Нікому не повідомляйте цей код, навіть тому, хто каже, що він із центру зайнятості.",
            "З повагою\nJobcenter København",
        ],
        highlight=CODE,
    ),
}

# Words that must come out of pdftotext exactly as written (each fits on one printed line).
EXPECTED_WORDS = {
    "da": [
        "Din engangskode til Borgerportal",
        "Søren Ærø Åberg",
        "Østerbrogade 112, 3. th.",
        "2100 København Ø",
        "23. november 2026",
        "Koden virker én gang",
        "Med venlig hilsen",
        CODE,
    ],
    "ar": [
        "Ahmed Hansen",
        "Nørrebrogade 45, 2. tv.",
        "2200 København N",
        "Borgerportal",
        "33 17 33 17",
        CODE,
    ],
    "uk": [
        "Ваш одноразовий код для Borgerportal",
        "23 листопада 2026 р.",
        "Код діє лише один раз.",
        "зателефонуйте до центру зайнятості",
        "З повагою",
        "Olena Kovalenko",
        CODE,
    ],
}


def _write(tmp_path: Path, letter: Letter) -> Path:
    path = tmp_path / f"{letter.language}.pdf"
    path.write_bytes(render_letter(letter))
    return path


@pytest.mark.parametrize("language", LETTERS)
def test_a_letter_is_a_pdf_with_its_text(tmp_path, language):
    data = render_letter(LETTERS[language])
    assert data.startswith(b"%PDF")
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    text = poppler("pdftotext", "-layout", str(path), "-")
    for words in EXPECTED_WORDS[language]:
        assert words in text, f"{words!r} missing from the {language} letter:\n{text}"


def test_the_code_follows_the_first_paragraph(tmp_path):
    text = poppler("pdftotext", "-layout", str(_write(tmp_path, LETTERS["da"])), "-")
    assert text.index("logger ind.") < text.index(CODE) < text.index("Har du ikke bedt")


def test_arabic_words_survive_shaping(tmp_path):
    # Shaped Arabic comes back as presentation forms; NFKC folds them back to the letters.
    text = unicodedata.normalize("NFKC", poppler("pdftotext", str(_write(tmp_path, LETTERS["ar"])), "-"))
    for word in ["رمزك", "التوظيف", "كوبنهاغن"]:
        assert word in text or word[::-1] in text, f"{word} missing from the Arabic letter:\n{text}"


def test_arabic_text_is_right_aligned_and_the_address_sits_in_the_window(tmp_path):
    boxes = _word_boxes(_write(tmp_path, LETTERS["ar"]))
    right_margin = 595.28 - 20 / 25.4 * 72  # A4 width minus 20 mm, in points
    assert max(x_max for word, (_, _, x_max, _) in boxes if "\u0600" <= word[0] <= "\u06ff") == pytest.approx(
        right_margin, abs=1
    )
    x_min, y_min, _, _ = next(box for word, box in boxes if word == "Ahmed")
    assert x_min == pytest.approx(20 / 25.4 * 72, abs=1)
    assert 50 <= y_min * 25.4 / 72 <= 60


def test_a_phone_number_in_arabic_reads_left_to_right(tmp_path):
    letter = dataclasses.replace(LETTERS["ar"], paragraphs=["اتصل بنا على الرقم +45 33 66 01 02 من فضلك."])
    boxes = _word_boxes(_write(tmp_path, letter))
    line_y = next(box[1] for word, box in boxes if word == "66")
    groups = sorted((box[0], word) for word, box in boxes if word.isdigit() and abs(box[1] - line_y) < 1)
    assert [word for _, word in groups] == ["45", "33", "66", "01", "02"]


def _word_boxes(path: Path) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(word, (xMin, yMin, xMax, yMax)) in points, from `pdftotext -bbox`."""
    html = poppler("pdftotext", "-bbox", str(path), "-")
    boxes = []
    for line in html.splitlines():
        if "<word " in line:
            attributes = dict(part.split('="') for part in line.split("<word ")[1].split('">')[0].split('" '))
            word = line.split('">')[1].split("</word>")[0]
            word = unicodedata.normalize("NFKC", word).strip(
                pdf.LEFT_TO_RIGHT_ISOLATE + pdf.POP_DIRECTIONAL_ISOLATE
            )
            boxes.append((word, tuple(float(attributes[k]) for k in _BBOX)))
    return boxes


_BBOX = ("xMin", "yMin", "xMax", "yMax")


@pytest.mark.parametrize("language", LETTERS)
def test_a_letter_renders_to_an_image(tmp_path, language):
    poppler("pdftoppm", "-png", "-r", "60", str(_write(tmp_path, LETTERS[language])), str(tmp_path / "page"))
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and pages[0].read_bytes().startswith(b"\x89PNG")


def test_a_letter_is_a4_with_title_and_creator(tmp_path):
    info = poppler("pdfinfo", str(_write(tmp_path, LETTERS["da"])))
    assert "Title:           Din engangskode til Borgerportal" in info
    assert "Creator:         Borgerportal" in info
    assert "(A4)" in info


def test_a_long_letter_continues_on_a_second_page(tmp_path):
    letter = dataclasses.replace(LETTERS["ar"], paragraphs=LETTERS["ar"].paragraphs * 12)
    path = _write(tmp_path, letter)
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(path)))[1])
    assert pages > 1
    assert poppler("pdftotext", "-f", str(pages), "-l", str(pages), str(path), "-").strip()


@pytest.mark.parametrize(
    ("language", "font", "package"),
    [("ar", "ARABIC", "fonts-noto-core"), ("da", "LATIN", "fonts-dejavu-core")],
)
def test_a_missing_font_names_the_debian_package(monkeypatch, language, font, package):
    missing = dataclasses.replace(
        getattr(pdf, font), candidates=(("/nonexistent/a.ttf", "/nonexistent/b.ttf"),)
    )
    monkeypatch.setattr(pdf, font, missing)
    with pytest.raises(RuntimeError, match=f"apt-get install {package}"):
        render_letter(LETTERS[language])


def test_an_unsupported_language_is_refused():
    with pytest.raises(ValueError, match="fa"):
        render_letter(dataclasses.replace(LETTERS["ar"], language="fa"))


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("Søren Ærø Åberg, Østerbrogade 112, 3. th. — 23. november 2026", False),
        ("Ваш одноразовий код для Borgerportal", False),
        ("Hjælper: أحمد علي", True),
        ("שלום", True),
        ("٠١٠١٩٠", True),  # Arabic-Indic digits
        ("a\u202eb", True),  # a right-to-left override
        ("e\u0301", True),  # a combining accent
    ],
)
def test_only_text_that_needs_it_is_shaped(text, shaped):
    assert pdf.needs_shaping(text) is shaped


def test_an_arabic_name_in_a_danish_letter_is_still_shaped(tmp_path):
    """Danish lines skip HarfBuzz and the bidi algorithm (17 ms a line); a line with Arabic letters
    in it does not. Unshaped, the name is drawn in typing order, and poppler reads it back reversed
    ("يلع دمحأ")."""
    letter = dataclasses.replace(LETTERS["da"], paragraphs=["Din hjælper er أحمد علي."])
    text = poppler("pdftotext", str(_write(tmp_path, letter)), "-")
    assert "Din hjælper er" in text
    assert "أحمد علي" in text, text
