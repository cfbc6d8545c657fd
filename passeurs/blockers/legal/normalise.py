"""Folding, slugs, articles, keys and dates.

`_fold` maps the text to the lower case ASCII copy the patterns read, one character for
one, so that offsets survive. `_slug` is the form every free part of a key takes;
`normalise_article` and `normalise_key` give the canonical spelling of an article and of
a key (see `parser` for the keys); `_parse_date` and `_french_date` read and write dates.
"""

import functools
import re
import unicodedata
from datetime import date as Date

from passeurs.blockers.legal.patterns import _DATE_PARTS, _ITEM_FULL, _MONTH_NAMES, _MONTHS

# Folding -----------------------------------------------------------------------------

_SPECIAL_CHARS = {
    **dict.fromkeys("’‘ʼ`´′", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\n": "\n",
}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character in, exactly one out, so offsets survive folding."""
    if char in _SPECIAL_CHARS:
        return _SPECIAL_CHARS[char]
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if len(base) == 1:
        return base
    lower = char.lower()
    return lower if len(lower) == 1 else char


def _fold(text: str) -> str:
    return "".join(map(_fold_char, text))


def _slug(value: str) -> str:
    """ASCII words joined by "-": the form every free part of a key takes."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    return _NON_ALNUM.sub("-", plain).strip("-")


# Articles and keys -------------------------------------------------------------------


def _article_parts(match: re.Match) -> tuple[str, bool, str, str | None]:
    prefix = (match["prefix"] or "").upper()
    star = "*" in (match["pmark"] or "")
    if match["premier"]:
        number = "1"
    else:
        number = "-".join(group.lstrip("0") or "0" for group in match["num"].split("-"))
    return prefix, star, number, match["latin"]


def _canonical(parts: tuple[str, bool, str, str | None], *, star: bool = True) -> str:
    prefix, has_star, number, latin = parts
    return prefix + ("*" if star and has_star else "") + number + (f" {latin}" if latin else "")


def _parse_article(value: str) -> tuple[str, bool, str, str | None] | None:
    match = _ITEM_FULL.fullmatch(_fold(" ".join(value.split())))
    return _article_parts(match) if match else None


def normalise_article(value: str) -> str:
    """ "L. 165-1" -> "L165-1", "r * 123-4" -> "R*123-4", "1er" -> "1"; else spaces tidied."""
    parts = _parse_article(value)
    return _canonical(parts) if parts else " ".join(value.split())


def _key_article(value: str) -> str:
    for candidate in (value, _slug(value)):
        parts = _parse_article(candidate)
        if parts:
            return _canonical(parts, star=False)
    return _slug(value)


def normalise_key(key: str) -> str:
    """The canonical spelling of a key; idempotent."""
    base, hashed, article = key.partition("#")
    prefix, colon, rest = base.partition(":")
    parts = [_slug(prefix)]
    if colon:
        pieces = rest.split(":")
        if parts[0] in ("code", "unknown") and len(pieces) >= 2:
            parts += [_slug("-".join(pieces[:-1])), _key_article(pieces[-1])]
        else:
            parts += [_slug(piece) for piece in pieces]
    normalised = ":".join(parts)
    return f"{normalised}#{_key_article(article)}" if hashed else normalised


def _parse_date(folded: str) -> str | None:
    match = _DATE_PARTS.fullmatch(folded)
    if not match:
        return None
    if match["day"]:
        day, month, year = int(match["day"]), _MONTHS.get(match["month"], 0), int(match["year"])
    else:
        day, month, year = int(match["nday"]), int(match["nmonth"]), int(match["nyear"])
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return None


def _french_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{'1er' if day == 1 else day} {_MONTH_NAMES[month - 1]} {year}"
