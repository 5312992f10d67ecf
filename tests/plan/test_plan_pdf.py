"""The plan as a PDF: headings in the reader's language, the caseworker's Danish text as written.

Rendered with the real fonts and read back with poppler. The layout was also checked by eye
(pdftoppm to PNG) in Danish, Arabic and Ukrainian."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest

from app.extensions import db
from app.letters.pdf import Block, first_strong_direction, render_letter
from app.plan import services
from app.plan.pdf import plan_letter
from app.plan.services import ActivityContent, PlanContent
from app.rules.dates import DANISH_TIME
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.poppler import poppler

CONTENT = PlanContent(
    goals="Fast job på et lager i Ølstykke eller Rødovre før sommerferien.",
    job_search_requirements="Søg mindst 2 job om ugen.",
    contact_person="Kim Hansen, 70 12 34 56",
    activities=(
        ActivityContent(
            "Truckkørekort",
            provider="AMU Hovedstaden",
            starts_on=date(2027, 1, 4),
            ends_on=date(2027, 1, 29),
            hours_per_week=Decimal("7.5"),
            purpose="Mange lagre kræver certifikatet.",
            gain="Truckcertifikat B",
        ),
    ),
)
HEADINGS = {"da": ["Dine mål", "Dine aktiviteter"], "uk": ["Ваші цілі"], "ar": ["أهدافك"]}


@pytest.fixture
def version(app):
    jobcenter = make_jobcenter(name="Jobcenter Rødovre", address="Rødovre Parkvej 150", phone="36 37 93 00")
    citizen = make_citizen(jobcenter, name="Ahmad Al-Sayed", address="Tårnvej 12\n2610 Rødovre")
    staff = make_staff(jobcenter, name="Kim Hansen")
    db.session.commit()
    return services.publish(staff, citizen, CONTENT, datetime(2027, 1, 2, 10, tzinfo=DANISH_TIME))


@pytest.mark.parametrize("language", ["da", "uk", "ar"])
def test_the_plan_pdf_has_the_headings_in_the_language_and_the_danish_text_as_written(
    version, language, tmp_path
):
    path = tmp_path / f"plan-{language}.pdf"
    path.write_bytes(render_letter(plan_letter(version, language)))
    text = unicodedata.normalize("NFKC", poppler("pdftotext", str(path), "-"))
    for words in [
        "Ølstykke eller Rødovre",
        "Truckkørekort",
        "Mange lagre kræver certifikatet.",
        "Tårnvej 12",
    ]:
        assert words in text, f"{words!r} missing from the {language} plan:\n{text}"
    for heading in HEADINGS[language]:
        assert heading in text or heading[::-1] in text, f"{heading!r} missing:\n{text}"


def test_danish_text_in_an_arabic_plan_starts_at_the_left(version, tmp_path):
    path = tmp_path / "plan-ar.pdf"
    path.write_bytes(render_letter(plan_letter(version, "ar")))
    boxes = poppler("pdftotext", "-bbox", str(path), "-")
    line = next(row for row in boxes.splitlines() if ">Fast<" in row)
    x_min = float(line.split('xMin="')[1].split('"')[0])
    assert x_min < 60, "the caseworker's Danish text should start at the left margin"


def test_the_direction_of_typed_text_comes_from_its_first_letter():
    assert first_strong_direction("123 Truck") == "ltr"
    assert first_strong_direction("  مرحبا Kim") == "rtl"
    assert first_strong_direction("12 34") is None
    assert Block("x").bold is False
