"""The SIRENE stock of legal units (StockUniteLegale): the ESS units, read as a stream.

The stock holds tens of millions of rows; only the ESS ones (`economieSocialeSolidaire
UniteLegale` = O) are parsed. Lines without quotes, nearly all of them, are split with
`str.split`; the others go through the csv module.
"""

import csv
import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from passeurs.directory.models import WORKFORCE_BANDS
from passeurs.directory.validators import luhn_ok

USED = (
    "siren",
    "statutDiffusionUniteLegale",
    "etatAdministratifUniteLegale",
    "denominationUniteLegale",
    "sigleUniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale",
    "identifiantAssociationUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "societeMissionUniteLegale",
    "dateCreationUniteLegale",
    "trancheEffectifsUniteLegale",
)

REASONS = {
    "columns": _("nombre de colonnes incorrect"),
    "siren": _("SIREN absent ou invalide (9 chiffres, clé de Luhn)"),
    "name": _("dénomination absente"),
}

HIDDEN = "[ND]"
_RNA = re.compile(r"^W[0-9A-Z]{9}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Legal categories (INSEE, level III) -> kind; other ESS units are ESUS companies.
KIND_OF_CATEGORY_PREFIX = (("92", "association"), ("93", "fondation"), ("82", "mutuelle"))


class Rejected(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


class Layout:
    def __init__(self, positions: dict[str, int], columns: int):
        self.columns = columns
        self.index = tuple(positions[name] for name in USED)
        self.ess = positions["economieSocialeSolidaireUniteLegale"]


def fields_of(line: str) -> list[str]:
    if '"' not in line:
        return line.split(",")
    return next(csv.reader([line]))


def is_ess(fields: list[str], layout: Layout) -> bool:
    return len(fields) > layout.ess and fields[layout.ess] == "O"


def kind_of(category: str) -> str:
    for prefix, kind in KIND_OF_CATEGORY_PREFIX:
        if category.startswith(prefix):
            return kind
    return "esus"


def _date(value: str) -> date | None:
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse(fields: list[str], layout: Layout) -> dict:
    """An ESS unit's structure fields; what the law keeps private is never read."""
    if len(fields) != layout.columns:
        raise Rejected("columns", str(len(fields)))
    (
        siren, diffusion, state, denomination, acronym, category, activity, association,
        _ess, mission, created, workforce,
    ) = (fields[index].strip() for index in layout.index)  # fmt: skip
    if len(siren) != 9 or not luhn_ok(siren):
        raise Rejected("siren", siren)
    restricted = diffusion != "O"
    if denomination == HIDDEN:
        denomination = ""
    if restricted and category.startswith("1"):
        # A natural person's name is private when the unit is not open to diffusion.
        denomination = ""
    name = " ".join(denomination.split())
    if not name:
        if not restricted:
            raise Rejected("name", siren)
        name = f"Unité légale à diffusion restreinte ({siren})"
    return {
        "siren": siren,
        "name": name[:255],
        "acronym": "" if restricted or acronym == HIDDEN else " ".join(acronym.split())[:50],
        "kind": kind_of(category),
        "legal_category": category[:4] if category.isdigit() else "",
        "activity_code": activity[:6],
        "workforce_band": workforce if workforce in WORKFORCE_BANDS else "",
        "rna": association.upper() if _RNA.match(association.upper()) else "",
        "is_active": state != "C",
        "is_mission_company": mission == "O",
        "diffusion_restricted": restricted,
        "founded_on": _date(created),
    }
