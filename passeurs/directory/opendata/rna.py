"""The RNA "waldec" files: their columns, and the rules that turn a line into a structure.

One set of rules for both databases: `parse` runs while the file streams, and the rows it
accepts go to PostgreSQL's COPY or to SQLite's batches.
"""

import re
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

COLUMNS = [
    "id",
    "id_ex",
    "siret",
    "rup_mi",
    "gestion",
    "date_creat",
    "date_decla",
    "date_publi",
    "date_disso",
    "nature",
    "groupement",
    "titre",
    "titre_court",
    "objet",
    "objet_social1",
    "objet_social2",
    "adrs_complement",
    "adrs_numvoie",
    "adrs_repetition",
    "adrs_typevoie",
    "adrs_libvoie",
    "adrs_distrib",
    "adrs_codeinsee",
    "adrs_codepostal",
    "adrs_libcommune",
    "adrg_declarant",
    "adrg_complemid",
    "adrg_complemgeo",
    "adrg_libvoie",
    "adrg_distrib",
    "adrg_codepostal",
    "adrg_achemine",
    "adrg_pays",
    "dir_civilite",
    "siteweb",
    "publiweb",
    "observation",
    "position",
    "maj_time",
]
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


@lru_cache(maxsize=65536)
def _date(value: str) -> date | None:
    """A waldec date; "no date" markers and years before 1800 are None (cached: dates repeat)."""
    value = value.strip()
    if value in NO_DATE:
        return None
    if not _DATE.match(value):
        raise Rejected("date", value)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Rejected("date", value) from None
    return parsed if parsed.year >= 1800 else None


def _timestamp(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    if not _TIME.match(value):
        raise Rejected("date", value)
    try:
        day = _date(value[:10])
        clock = time.fromisoformat(value[11:])
    except (Rejected, ValueError):
        raise Rejected("date", value) from None
    if day is None:
        return None
    return datetime.combine(day, clock, tzinfo=PARIS)


def _clean(value: str) -> str:
    return " ".join(value.split())


class Layout:
    """Where each used column sits in one file (files are read by column name)."""

    def __init__(self, positions: dict[str, int], columns: int):
        self.columns = columns
        self.index = tuple(positions[name] for name in USED)


def parse(fields: list[str], layout: Layout) -> dict:
    """One line's structure fields, or Rejected with the first rule it breaks."""
    if len(fields) != layout.columns:
        raise Rejected("columns", str(len(fields)))
    (
        number, siret, created, dissolved, title, short, purpose, street_number, repetition,
        street_type, street, insee, postal, city, site, position, updated,
    ) = (fields[index] for index in layout.index)  # fmt: skip
    number = number.strip().upper()
    if not _RNA.match(number):
        raise Rejected("identifier", number)
    name = _clean(title)
    if not name:
        raise Rejected("title")
    position = position.strip().upper()
    if position not in ("A", "D", "S"):
        raise Rejected("position", position)
    founded_on = _date(created)
    dissolved_on = _date(dissolved)
    updated_at = _timestamp(updated)
    short = _clean(short)
    siret = siret.strip()
    siret = siret if len(siret) == 14 and siret.isdigit() else ""
    postal = postal.strip()
    site = site.strip()
    address = _clean(f"{street_number} {repetition} {street_type} {street}")
    return {
        "rna": number,
        "name": name[:255],
        "acronym": short
        if short and short != name and len(short) <= 50 and not short.endswith("...")
        else "",
        "purpose": _clean(purpose)[:2000],
        "founded_on": founded_on,
        "dissolved_on": dissolved_on if position == "D" else None,
        "is_active": position == "A",
        "siret": siret,
        "siren": siret[:9],
        "address": address[:255],
        "postal_code": postal if _POSTAL.match(postal) else "",
        "city": _clean(city)[:100],
        "department_code": department_code(insee, postal),
        "website": (site if site.startswith("http") else f"http://{site}")[:200]
        if site and _SITE.match(site)
        else "",
        "source_updated_at": updated_at,
    }
