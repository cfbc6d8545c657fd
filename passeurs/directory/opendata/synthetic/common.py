"""What RNA and SIRENE rows share: headers, departments and RNA ids, Luhn, dates, text helpers.

Part of `passeurs.directory.opendata.synthetic` (see its docstring).
"""

from __future__ import annotations

import codecs
import re
from datetime import date, timedelta
from functools import cache

from passeurs.directory.opendata.formats import RNA_COLUMNS

# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------

RNA_HEADER = list(RNA_COLUMNS)

SIRENE_HEADER = [
    "siren",
    "statutDiffusionUniteLegale",
    "unitePurgeeUniteLegale",
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "sexeUniteLegale",
    "prenom1UniteLegale",
    "prenom2UniteLegale",
    "prenom3UniteLegale",
    "prenom4UniteLegale",
    "prenomUsuelUniteLegale",
    "pseudonymeUniteLegale",
    "identifiantAssociationUniteLegale",
    "trancheEffectifsUniteLegale",
    "anneeEffectifsUniteLegale",
    "dateDernierTraitementUniteLegale",
    "nombrePeriodesUniteLegale",
    "categorieEntreprise",
    "anneeCategorieEntreprise",
    "dateDebut",
    "etatAdministratifUniteLegale",
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "denominationUniteLegale",
    "denominationUsuelle1UniteLegale",
    "denominationUsuelle2UniteLegale",
    "denominationUsuelle3UniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "societeMissionUniteLegale",
    "caractereEmployeurUniteLegale",
]

# One defect per invalid row; an importer should report each of them.
RNA_INVALID_KINDS = (
    "column_count",  # a field missing or one extra `;`
    "malformed_id",  # `X123`, empty, `W12`, too short or too long
    "empty_title",  # `titre` (and `titre_court`) empty
    "unknown_position",  # `position` neither A, D nor S
    "malformed_date",  # `date_creat` such as `2023-13-45` or `31/12/2020`
)
SIRENE_INVALID_KINDS = (
    "malformed_siren",  # 8 digits, letters, or a bad Luhn key
    "empty_denomination",  # a legal person (not a sole trader) without denomination
    "column_count",  # a field missing or one extra
)

RNA_ID_RE = re.compile(r"^W[0-9A-Z]{9}$")
EXTRACT_DATE = date(2026, 11, 1)
ENCODINGS = ("utf-8", "latin-1", "mixed")

# The 101 departments, as in passeurs/core/data/departments.csv.
DEPARTMENTS = (
    *(f"{number:02d}" for number in range(1, 20)),
    "2A",
    "2B",
    *(f"{number:02d}" for number in range(21, 96)),
    "971",
    "972",
    "973",
    "974",
    "976",
)
_DEPARTMENT_SET = frozenset(DEPARTMENTS)

# The prefecture's code in RNA ids: the department for mainland France and Corsica, letters
# for the overseas departments (real Mayotte ids start `W9T1`, La Réunion's `W9R1`).
_ID_PREFIX = {code: code for code in DEPARTMENTS} | {
    "971": "9G",
    "972": "9M",
    "973": "9Y",
    "974": "9R",
    "976": "9T",
}
_SERIALS_PER_OFFICE = 1_000_000
# RNA ids invented for SIRENE rows use the ninth office digit: the RNA generator stops at 8.
_SIRENE_FRESH_SERIAL = 8 * _SERIALS_PER_OFFICE


def normalize_department(code: str) -> str | None:
    """`'75'`, `'2a'`, `'1'` → the canonical code (`'75'`, `'2A'`, `'01'`); None when unknown."""
    code = code.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = f"0{code}"
    return code if code in _DEPARTMENT_SET else None


def rna_id(department: str, serial: int) -> str:
    """The RNA id of the `serial`-th association of a department: `W` + office code + 6 digits.

    The office code is the prefecture's (`751`, `2A1`, `9T1`); past a million associations the
    last digit moves on as if a sub-prefecture took over (`752…`).
    """
    office, number = divmod(serial, _SERIALS_PER_OFFICE)
    if not 0 <= office <= 8:
        raise ValueError(f"RNA serial out of range: {serial}")
    return f"W{_ID_PREFIX[department]}{office + 1}{number:06d}"


def rna_filename(department: str, extract_date: date = EXTRACT_DATE) -> str:
    return f"rna_waldec_{extract_date:%Y%m%d}_dpt_{department}.csv"


def rna_zip_filename(extract_date: date = EXTRACT_DATE) -> str:
    return f"rna_waldec_{extract_date:%Y%m%d}.zip"


def split_rows(total: int, parts: int) -> list[int]:
    """`total` rows split as evenly as possible over `parts` files, the first ones one more."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def file_encodings(count: int, encoding: str) -> list[str]:
    """The encoding of each department file: `mixed` alternates UTF-8 and Latin-1."""
    if encoding == "mixed":
        return ["utf-8" if index % 2 == 0 else "latin-1" for index in range(count)]
    if encoding not in ("utf-8", "latin-1"):
        raise ValueError(f"Unknown encoding: {encoding}")
    return [encoding] * count


def luhn_check_digit(payload: str) -> str:
    """The digit that, appended to `payload`, makes the number pass the Luhn check."""
    total = 0
    double = True
    for char in reversed(payload):
        value = ord(char) - 48
        if double:
            value = _LUHN_DOUBLE[value]
        total += value
        double = not double
    return str(-total % 10)


def luhn_valid(number: str) -> bool:
    if not number.isdigit():
        return False
    return luhn_check_digit(number[:-1]) == number[-1]


_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_FIRST_DAY = date(1901, 7, 1)  # the law of 1 July 1901 on associations


@cache
def _days(extract_date: date = EXTRACT_DATE) -> tuple[str, ...]:
    """ISO strings of every day from 1 July 1901 to the extraction date, by index."""
    span = (extract_date - _FIRST_DAY).days
    return tuple((_FIRST_DAY + timedelta(days=n)).isoformat() for n in range(span + 1))


def _day_index(day: date) -> int:
    return (day - _FIRST_DAY).days


@cache
def _clocks() -> tuple[str, ...]:
    """`HH:MM:SS` for every second of a day."""
    return tuple(
        f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
    )


def _clock(rnd) -> str:
    return _clocks()[int(rnd() * 86_400)]


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

# Accents off, through Latin-1 bytes (much faster than `str.translate` on non-ASCII text).
_ACCENTED = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
_PLAIN = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyy"
_UNACCENT_BYTES = bytes.maketrans(_ACCENTED.encode("latin-1"), _PLAIN.encode("latin-1"))


def _unaccent(text: str) -> str:
    """`CRÈCHE PARENTALE` → `CRECHE PARENTALE`; `Œ` → `OE` (what Latin-1 lacks becomes `?`)."""
    if text.isascii():
        return text
    text = text.replace("Œ", "OE").replace("œ", "oe")
    return text.encode("latin-1", "replace").translate(_UNACCENT_BYTES).decode("latin-1")


# What Latin-1 lacks, spelt the way French files do without it.
_LATIN1_FALLBACK = {
    "œ": "oe", "Œ": "OE", "’": "'", "‘": "'", "“": "'", "”": "'", "…": "...", "–": "-",
    "—": "-", "Ÿ": "Y", "€": "EUR", "\u202f": " ",
}  # fmt: skip
_LATIN1_ERRORS = "passeurs-latin1-fallback"


def _latin1_fallback(error: UnicodeEncodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]
    return "".join(_LATIN1_FALLBACK.get(char, "?") for char in bad), error.end


codecs.register_error(_LATIN1_ERRORS, _latin1_fallback)

# RNA fields are never quoted, so no `;`, `"` or line break may appear in a value: the word
# lists contain none (a test checks every list).
_ACRONYM_SKIP = frozenset(
    ("DE", "DU", "DES", "LA", "LE", "LES", "ET", "D", "L", "A", "AU", "AUX", "EN", "POUR", "SUR",
     "SOUS", "PAR", "DANS", "UN", "UNE")
)  # fmt: skip
_WORD_SPLIT = re.compile(r"[\s'\-,]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _acronym(title_upper: str) -> str:
    letters = [
        word[0]
        for word in _WORD_SPLIT.split(_unaccent(title_upper))
        if word and word not in _ACRONYM_SKIP and word[0].isalnum()
    ]
    return "".join(letters)


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("", _unaccent(text.lower()))[:24] or "asso"


# --------------------------------------------------------------------------------------------
# Draws
# --------------------------------------------------------------------------------------------


def _pick(rnd, sequence):
    return sequence[int(rnd() * len(sequence))]
