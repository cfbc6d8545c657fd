"""Text helpers for search that behaves the same on SQLite and PostgreSQL."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """Lower-case, accent-free, single-spaced text: "Île-de-France" -> "ile-de-france"."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Ligatures and typographic apostrophes that NFKD keeps.
    without_marks = (
        without_marks.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("’", "'")
    )
    return _SPACES.sub(" ", without_marks.casefold()).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a query, at most 8 of them, each at most 64 characters."""
    return [term[:64] for term in fold(query).split(" ") if term][:8]
