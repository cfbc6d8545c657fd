"""The RNA "waldec" files: their columns, and the rules that turn a line into a structure.

One set of rules for both databases: `parse` runs while the file streams, and the rows it
accepts go to PostgreSQL's COPY or to SQLite's batches.
"""

import re
from datetime import date
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

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

RNA_PATTERN = r"^W[0-9A-Z]{9}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$"
_RNA = re.compile(RNA_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_TIME = re.compile(TIME_PATTERN)
_SPACES = re.compile(r"\s+")
_SITE = re.compile(r"^(https?://)?[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
_POSTAL = re.compile(r"^[0-9]{5}$")
NO_DATE = {"", "0001-01-01", "0000-00-00"}
PARIS = ZoneInfo("Europe/Paris")


class Rejected(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def department_code(insee: str, postal_code: str) -> str:
    """The department of a commune's INSEE code (2A/2B, 971-976), else of its postal code."""
    code = insee.strip().upper() or postal_code.strip()
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
    if not _DATE.match(value):
        raise Rejected("date", value)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Rejected("date", value) from None
    return value if parsed.year >= 1800 else None


def _timestamp(value: str) -> str | None:
    """A waldec `maj_time` (Paris local time) as YYYY-MM-DD HH:MM:SS, checked."""
    value = value.strip()
    if not value:
        return None
    if not _TIME.match(value):
        raise Rejected("date", value)
    try:
        day = _date(value[:10])
    except Rejected:
        raise Rejected("date", value) from None
    return value if day else None


def _clean(value: str) -> str:
    return " ".join(value.split())


class Layout:
    """Where each used column sits in one file (files are read by column name)."""

    def __init__(self, positions: dict[str, int], columns: int):
        self.columns = columns
        self.index = tuple(positions[name] for name in USED)


def parse(fields: list[str], layout: Layout) -> tuple:
    """One line's values in FIELDS order (dates as ISO text), or Rejected with the reason."""
    if len(fields) != layout.columns:
        raise Rejected("columns", str(len(fields)))
    (
        number, siret, created, dissolved, title, short, purpose, street_number, repetition,
        street_type, street, insee, postal, city, site, position, updated,
    ) = [fields[index] for index in layout.index]  # fmt: skip
    number = number.strip().upper()
    if len(number) != 10 or not _RNA.match(number):
        raise Rejected("identifier", number)
    name = _clean(title)
    if not name:
        raise Rejected("title")
    position = position.strip().upper()
    if position not in ("A", "D", "S"):
        raise Rejected("position", position)
    founded_on = _date(created)
    dissolved_on = _date(dissolved) if position == "D" else None
    if position != "D":
        _date(dissolved)
    updated_at = _timestamp(updated)
    short = _clean(short)
    siret = siret.strip()
    siret = siret if len(siret) == 14 and siret.isdigit() else ""
    postal = postal.strip()
    site = site.strip()
    return (
        number,
        name[:255],
        short if short and short != name and len(short) <= 50 and not short.endswith("...") else "",
        _clean(purpose)[:2000],
        founded_on,
        dissolved_on,
        position == "A",
        siret,
        siret[:9],
        _clean(f"{street_number} {repetition} {street_type} {street}")[:255],
        postal if len(postal) == 5 and postal.isdigit() else "",
        _clean(city)[:100],
        department_code(insee, postal),
        (site if site.startswith("http") else f"http://{site}")[:200]
        if site and _SITE.match(site)
        else "",
        updated_at,
    )
