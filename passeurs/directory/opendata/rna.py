"""The RNA "waldec" files: their columns, and the rules that turn a line into a structure.

One set of rules for both databases: `parse` runs while the file streams, and the rows it
accepts go to PostgreSQL's COPY (`copy_block`, which may run in worker processes: this module
needs neither settings nor a database) or to SQLite's batches.
"""

import re
from datetime import date
from functools import lru_cache
from operator import itemgetter

from django.utils.translation import gettext_lazy as _

from passeurs.core.text import fold
from passeurs.directory.opendata.formats import RNA_COLUMNS

COLUMNS = list(RNA_COLUMNS)
USED = (
    "id", "siret", "date_creat", "date_disso", "titre", "titre_court", "objet",
    "adrs_numvoie", "adrs_repetition", "adrs_typevoie", "adrs_libvoie", "adrs_codeinsee",
    "adrs_codepostal", "adrs_libcommune", "siteweb", "position", "maj_time",
)  # fmt: skip

REASONS = {
    "columns": _("nombre de colonnes incorrect"),
    "identifier": _("numéro RNA absent ou mal formé"),
    "title": _("titre absent"),
    "position": _("position inconnue (A, D ou S attendu)"),
    "date": _("date mal formée"),
    "duplicate": _("numéro RNA en double dans l’import : la ligne la plus récente est gardée"),
}

# Letters and digits are ASCII ones (`str.isdigit` and `re.IGNORECASE` would also take
# other scripts' digits and the Kelvin sign), and every pattern is matched whole.
RNA_PATTERN = "[Ww][0-9A-Za-z]{9}"
DATE_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
CLOCK_PATTERN = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
SCHEME_PATTERN = "[Hh][Tt][Tt][Pp][Ss]?://"
SITE_PATTERN = SCHEME_PATTERN.join(["(", ")?[A-Za-z0-9.-]+\\.[A-Za-z]{2,}(/\\S*)?"])
_RNA = re.compile(RNA_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_CLOCK = re.compile(CLOCK_PATTERN)
_SCHEME = re.compile(SCHEME_PATTERN)
_SITE = re.compile(SITE_PATTERN)
_SIRET = re.compile("[0-9]{14}")
_POSTAL = re.compile("[0-9]{5}")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
NO_DATE = ("", "0001-01-01", "0000-00-00")
POSITIONS = ("A", "D", "S", "a", "d", "s")


class Rejected(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def department_code(insee: str, postal_code: str) -> str:
    """The department of a commune's INSEE code (2A/2B, 971-976), else of its postal code."""
    code = insee.strip().translate(_ASCII_UPPER) or postal_code.strip()
    if len(code) != 5:
        return ""
    if code.startswith("97"):
        return code[:3]
    if code[:2] == "20" and code == postal_code.strip():
        return "2A" if code < "20200" else "2B"
    return code[:2]


FIELDS = (
    "rna", "name", "acronym", "purpose", "founded_on", "dissolved_on", "is_active", "siret",
    "siren", "address", "postal_code", "city", "department_code", "website",
    "source_updated_at",
)  # fmt: skip


@lru_cache(maxsize=65536)
def _date(value: str) -> str | None:
    """A waldec date as YYYY-MM-DD; "no date" markers and years before 1800 are None.

    Cached: dates repeat a lot, and this runs for every line of 1.5 million.
    """
    value = value.strip()
    if value in NO_DATE:
        return None
    if not _DATE.fullmatch(value):
        raise Rejected("date", value)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Rejected("date", value) from None
    return value if parsed.year >= 1800 else None


@lru_cache(maxsize=4096)
def _clock(value: str) -> bool:
    """Whether a waldec time of day is a time (HH:MM:SS, 00:00:00 to 23:59:59)."""
    return bool(_CLOCK.fullmatch(value))


def _timestamp(value: str) -> str | None:
    """A waldec `maj_time` (Paris local time) as YYYY-MM-DD HH:MM:SS, checked."""
    value = value.strip()
    if not value:
        return None
    # Checked in two cached halves: days and times repeat a lot.
    if len(value) != 19 or value[10] != " " or not _clock(value[11:]):
        raise Rejected("date", value)
    try:
        day = _date(value[:10])
    except Rejected:
        raise Rejected("date", value) from None
    return value if day else None


class Layout:
    """Where each used column sits in one file (files are read by column name)."""

    def __init__(self, positions: dict[str, int], columns: int):
        self.columns = columns
        self.index = tuple(positions[name] for name in USED)
        self.pick = itemgetter(*self.index)


def parse(fields: list[str], layout: Layout) -> tuple:
    """One line's values in FIELDS order (dates as ISO text), or Rejected with the reason.

    Runs for every line of 1.5 million: plain string methods, cached date checks, and a
    regular expression only where a value is present and needs one.
    """
    if len(fields) != layout.columns:
        raise Rejected("columns", str(len(fields)))
    (
        number, siret, created, dissolved, title, short, purpose, street_number, repetition,
        street_type, street, insee, postal, city, site, position, updated,
    ) = layout.pick(fields)  # fmt: skip
    number = number.strip()
    if len(number) != 10 or not _RNA.fullmatch(number):
        raise Rejected("identifier", number)
    name = " ".join(title.split())
    if not name:
        raise Rejected("title")
    position = position.strip()
    if position not in POSITIONS:
        raise Rejected("position", position)
    founded_on = _date(created)
    dissolved_on = _date(dissolved)
    if position not in ("D", "d"):
        dissolved_on = None
    updated_at = _timestamp(updated)
    if short:
        short = " ".join(short.split())
        if short == name or len(short) > 50 or short.endswith("..."):
            short = ""
    siret = siret.strip()
    if not _SIRET.fullmatch(siret):
        siret = ""
    postal = postal.strip()
    if site:
        site = site.strip()
        if _SITE.fullmatch(site):
            site = (site if _SCHEME.match(site) else f"http://{site}")[:200]
        else:
            site = ""
    return (
        number.upper(),
        name[:255],
        short,
        " ".join(purpose.split())[:2000],
        founded_on,
        dissolved_on,
        position in ("A", "a"),
        siret,
        siret[:9],
        " ".join(f"{street_number} {repetition} {street_type} {street}".split())[:255],
        postal if _POSTAL.fullmatch(postal) else "",
        " ".join(city.split())[:100],
        department_code(insee, postal),
        site,
        updated_at,
    )


def name_key(name: str) -> str:
    """`fold` of a parsed name, in one step for ASCII.

    A parsed name is single-spaced; cut at 255 characters it may end with one space.
    """
    return name.lower().rstrip() if name.isascii() else fold(name)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": " ", "\n": " ", "\r": " "})
NULL = "\\N"


def _copy_text(value) -> str:
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    return value.translate(_ESCAPES)


def copy_line(line: int, file_no: int, row: tuple) -> str:
    """A parsed line in COPY's text format, every value escaped (the columns of COPY_COLUMNS)."""
    values = (*map(_copy_text, row), name_key(row[1]).translate(_ESCAPES))
    return "\t".join((str(line), str(file_no), *values)) + "\n"


COPY_COLUMNS = ("line", "file_no", *FIELDS, "name_key")


def copy_block(data: bytes, line: int, file_no: int, layout: Layout):
    """Whole lines of UTF-8 text, the first numbered `line + 1`, as COPY text.

    Returns (COPY text as bytes, rejected lines as (line, reason, detail, content), number
    of lines). The hot path of the import: one f-string a line. Lines were split on
    newlines and carriage returns and NUL bytes are gone, so only a tab or a backslash
    needs escaping: the rare line holding one takes `copy_line`.
    """
    text = data.decode("utf-8")
    parts = text.split("\n")
    if text.endswith("\n"):
        parts.pop()
    plain = "\t" not in text and "\\" not in text
    out = []
    rejects = []
    for raw in parts:
        line += 1
        if not raw or raw.isspace():
            continue
        try:
            row = parse(raw.split(";"), layout)
        except Rejected as error:
            rejects.append((line, error.reason, error.detail, raw))
            continue
        if not plain and ("\t" in raw or "\\" in raw):
            out.append(copy_line(line, file_no, row))
            continue
        (number, name, acronym, purpose, founded_on, dissolved_on, active, siret, siren,
         address, postal_code, city, department, website, updated_at) = row  # fmt: skip
        key = name_key(name)
        if "\\" in key:  # a compatibility character folded into a backslash
            key = key.replace("\\", "\\\\")
        out.append(
            f"{line}\t{file_no}\t{number}\t{name}\t{acronym}\t{purpose}\t"
            f"{founded_on or NULL}\t{dissolved_on or NULL}\t{'t' if active else 'f'}\t"
            f"{siret}\t{siren}\t{address}\t{postal_code}\t{city}\t{department}\t"
            f"{website}\t{updated_at or NULL}\t{key}\n"
        )
    return "".join(out).encode(), rejects, len(parts)
