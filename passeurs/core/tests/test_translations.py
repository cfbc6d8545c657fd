"""The English catalogue is complete: no string left empty or marked fuzzy (a guess)."""

from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"


def test_every_english_translation_is_filled_and_checked():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert missing == []
