"""English is the source language: its catalogue repeats each message (so "untranslated" means a gap)."""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def main() -> None:
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        if not message.id:
            continue
        # Always the msgid itself: makemessages guesses a "fuzzy" msgstr from a similar message
        # ("complaint submitted" -> "complaint"), and such a guess must never reach an English page.
        message.string = (message.id[0], message.id[1]) if isinstance(message.id, tuple) else message.id
        message.flags.discard("fuzzy")
    with open(PO, "wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False)


if __name__ == "__main__":
    main()
