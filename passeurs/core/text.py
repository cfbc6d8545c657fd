"""Text helpers for search that behaves the same on SQLite and PostgreSQL."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_OPENING_QUOTE = re.compile(r"«[\s\u00a0\u202f]*")
_CLOSING_QUOTE = re.compile(r"[\s\u00a0\u202f]*»")


def inner_quotes(value) -> str:
    """A title to quote inside « »: its own « » become “ ” (« Hackathon “La fonction publique
    s’engage” du CHESP »), as French typography nests quotation marks."""
    return _CLOSING_QUOTE.sub("”", _OPENING_QUOTE.sub("“", str(value)))


def _slow_fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value or "")
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Ligatures and typographic apostrophes that NFKD keeps.
    without_marks = (
        without_marks.replace("œ", "oe")
        .replace("Œ", "oe")
        .replace("æ", "ae")
        .replace("Æ", "ae")
        .replace("’", "'")
    )
    return _SPACES.sub(" ", without_marks.casefold()).strip()


# Latin letters with accents, ligatures and typographic quotes, folded in one translate().
_TABLE = str.maketrans(
    {
        chr(code): "".join(
            c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c)
        ).casefold()
        for code in range(0xA0, 0x250)
        if not chr(code).isspace()
    }
    | {"’": "'", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}
)


def fold(value: str) -> str:
    """Lower-case, accent-free, single-spaced text: "Île-de-France" -> "ile-de-france".

    Imports fold millions of names: the common case (Latin letters) is one translate();
    anything else takes the Unicode decomposition.
    """
    folded = (value or "").translate(_TABLE)
    if not folded.isascii():
        return _slow_fold(value)
    return " ".join(folded.casefold().split())


def search_terms(query: str) -> list[str]:
    """The folded words of a query, at most 8 of them, each at most 64 characters."""
    return [term[:64] for term in fold(query).split(" ") if term][:8]
