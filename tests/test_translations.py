"""Every user-facing string is translated in every shipped language; nothing fuzzy, nothing stale."""

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from tests.pages import LANGUAGES

pytestmark = pytest.mark.engine_independent

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalog(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def messages(lang: str):
    return [m for m in catalog(lang) if m.id]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_entry_is_missing_or_fuzzy(lang):
    missing = [m.id for m in messages(lang) if not m.string]
    fuzzy = [m.id for m in messages(lang) if m.fuzzy]
    assert missing == [], f"{lang}: untranslated: {missing}"
    assert fuzzy == [], f"{lang}: fuzzy: {fuzzy}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    broken = [m.id for m in messages(lang) if not _same_placeholders(m)]
    assert broken == [], f"{lang}: placeholders differ in: {broken}"


def _same_placeholders(message) -> bool:
    """Each translation (every plural form) has the placeholders of the msgid, no more, no fewer.
    How often is free: Arabic and Ukrainian repeat a name where English says "they", because a
    pronoun or a past-tense verb there would have to guess the person's gender."""
    source = message.id[0] if message.pluralizable else message.id
    forms = message.string if message.pluralizable else [message.string]
    wanted = set(PLACEHOLDER.findall(source))
    return all(set(PLACEHOLDER.findall(form)) == wanted for form in forms)


@pytest.fixture(scope="module")
def strings_in_code(tmp_path_factory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-o",
            str(pot),
            str(ROOT / "app"),
        ]
    )
    with pot.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_in_the_code_is_in_the_catalog(strings_in_code, lang):
    missing = strings_in_code - {m.id for m in messages(lang)}
    assert missing == set(), f"{lang}: run `flask translate update`, then translate: {sorted(missing)}"
