"""Every message of the portal is translated into Kazakh, Russian and English (A1.10: the service is given in
the state language and in Russian; English for everyone else). A message that is missing or fuzzy in any
catalogue fails the suite, with the list of what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = ("kk", "ru", "en")


def catalogue(language: str):
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    with open(path, "rb") as fh:
        return read_po(fh, locale=language)


def _untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return not all(s and s.strip() for s in strings)


def _describe(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    context = f" [{message.context}]" if message.context else ""
    return f"  {msgid[:90]!r}{context}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    messages = [m for m in catalogue(language) if m.id]  # the header has an empty msgid
    assert messages, f"the {language} catalogue is empty"
    untranslated = [m for m in messages if _untranslated(m)]
    fuzzy = [m for m in messages if m.fuzzy]
    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated:\n" + "\n".join(map(_describe, untranslated[:40])))
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy:\n" + "\n".join(map(_describe, fuzzy[:40])))
    assert not problems, f"locale/{language}/LC_MESSAGES/django.po: " + "\n".join(problems)


def test_the_catalogues_hold_the_same_messages():
    """A message added to one catalogue and not the others would show in English to some readers."""
    ids = {
        language: {
            (m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalogue(language) if m.id
        }
        for language in LANGUAGES
    }
    for language in LANGUAGES[1:]:
        missing = ids["kk"] ^ ids[language]
        assert not missing, f"kk and {language} differ in {len(missing)} messages, e.g. {sorted(missing)[:5]}"
