"""Every message of the portal is translated into Kazakh, Russian and English (A1.10: the service is given in
the state language and in Russian; English for everyone else). A message that is missing or fuzzy in any
catalogue fails the suite, with the list of what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

LOCALE = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = ("kk", "ru", "en")


def catalogue(language: str, locale_dir: Path = LOCALE):
    path = locale_dir / language / "LC_MESSAGES" / "django.po"
    with open(path, "rb") as fh:
        return read_po(fh, locale=language)


def message_ids(messages) -> set[tuple[str, str | None]]:
    """(msgid, context) of every message; a plural message by its singular."""
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in messages if m.id}


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
    ids = {language: message_ids(catalogue(language)) for language in LANGUAGES}
    for language in LANGUAGES[1:]:
        missing = ids["kk"] ^ ids[language]
        assert not missing, f"kk and {language} differ in {len(missing)} messages, e.g. {sorted(missing)[:5]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (apt-get install gettext)")
def test_the_catalogues_hold_every_message_of_the_source(tmp_path, settings, monkeypatch):
    """A message added to the code but never extracted would show in English to every reader, and the test
    above could not see it: extract the messages afresh (as `make messages` does) and compare."""
    # makemessages writes beside the sources it reads: extract from a copy, never into locale/ itself.
    source = tmp_path / "source"
    shutil.copytree(
        LOCALE.parent,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "node_modules", "var", "tests", "locale", "static", "__pycache__"
        ),
    )
    (source / "locale").mkdir()
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["en"], no_obsolete=True, no_location=True, verbosity=0)
    extracted = message_ids(catalogue("en", source / "locale"))
    assert len(extracted) > 500, "makemessages found almost nothing: is the copy of the sources complete?"
    catalogued = message_ids(catalogue("kk"))
    missing = sorted(extracted - catalogued, key=str)
    assert not missing, (
        f"{len(missing)} messages of the code are in no catalogue (run `make messages` and translate them), "
        f"e.g. {missing[:5]}"
    )
