"""The invoice form reads and shows amounts the way the page's language writes them."""

import re

import pytest

from app.extensions import db
from tests.claims import samples
from tests.claims.support import NEW, claims, hand_in
from tests.factories import make_citizen, make_jobcenter
from tests.support.login import signed_in_as

HINTS = {"da": "1.234,50", "en": "1,234.50", "ar": "1,234.50", "uk": "1\xa0234,50"}
TYPED = {"da": "1.234,50", "en": "1,234.50", "ar": "١٬٢٣٤٫٥٠", "uk": "1 234,50"}


@pytest.fixture
def citizen(app):
    person = make_citizen(make_jobcenter())
    db.session.commit()
    return person


def in_language(client, lang: str) -> None:
    with client.session_transaction() as session:
        session["lang"] = lang


@pytest.mark.parametrize("lang", HINTS)
def test_the_hint_shows_an_amount_as_the_language_writes_it(client, twilio, citizen, lang):
    signed_in_as(client, citizen)
    in_language(client, lang)
    page = client.get(NEW).get_data(as_text=True)
    hint = re.search(r'id="amount-hint">([^<]*)<', page).group(1)
    # In Arabic the example is isolated (LRI … PDI) so it keeps its order inside the sentence.
    isolated = lang == "ar"
    assert hint.endswith(f"\u2066{HINTS[lang]}\u2069" if isolated else HINTS[lang]), hint


@pytest.mark.parametrize("lang", TYPED)
def test_an_amount_written_the_languages_way_is_accepted_and_shown_back_so(client, twilio, citizen, lang):
    signed_in_as(client, citizen)
    in_language(client, lang)
    response = hand_in(client, files=[(samples.pdf(), "faktura.pdf")], amount=TYPED[lang])
    assert response.status_code == 302, response.get_data(as_text=True)[:200]
    [claim] = claims()
    assert claim.amount_ore == 123450
    page = client.get(response.location).get_data(as_text=True)
    assert HINTS[lang] in page  # the receipt shows it the same way


def test_an_ambiguous_amount_is_refused_with_the_languages_example(client, twilio, citizen):
    signed_in_as(client, citizen)
    in_language(client, "en")
    response = hand_in(client, files=[(samples.pdf(), "faktura.pdf")], amount="1.234")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Write the amount in kroner, like 1,234.50." in page
    assert claims() == []
