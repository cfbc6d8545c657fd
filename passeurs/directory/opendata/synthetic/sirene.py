"""SIRENE (StockUniteLegale) rows: ESS and other legal units, private fields, defects.

Part of `passeurs.directory.opendata.synthetic` (see its docstring).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator
from datetime import date

from passeurs.directory.opendata.synthetic.common import (
    _SIRENE_FRESH_SERIAL,
    DEPARTMENTS,
    SIRENE_INVALID_KINDS,
    _acronym,
    _clock,
    _day_index,
    _days,
    _pick,
    luhn_check_digit,
    rna_id,
)
from passeurs.directory.opendata.synthetic.vocabulary import (
    _FIRST_NAMES_F,
    _FIRST_NAMES_M,
    _LAST_NAMES,
    _POETIC,
    _THEME_WHEEL,
    _communes,
    _place_slots,
    _slot_group,
)

# --------------------------------------------------------------------------------------------
# SIRENE rows
# --------------------------------------------------------------------------------------------

_SIREN_LOW = 10_000_000
_SIREN_SPAN = 90_000_000
# Coprime with the span (not divisible by 2, 3 or 5): index → 8-digit payload is a bijection.
_SIREN_STRIDE = 7_654_321

_TRADES = (
    "Boulangerie", "Pâtisserie", "Garage", "Transports", "Menuiserie", "Plomberie",
    "Électricité", "Maçonnerie", "Boucherie", "Pharmacie", "Restaurant", "Café", "Coiffure",
    "Taxi", "Conseil", "Immobilier", "Informatique", "Bâtiment", "Carrosserie", "Fleurs",
    "Ambulances", "Paysages", "Architecture", "Peinture", "Couverture", "Auto-école",
    "Imprimerie", "Librairie", "Traiteur", "Nettoyage", "Charpente", "Opticien", "Épicerie",
)  # fmt: skip
_COMPANY_NAMES = (
    "{trade} {last}", "{last} {trade}", "{last} et fils", "{last}, {last2} et associés",
    "{trade} {de_commune}", "{trade} du centre", "{trade} {poetic}", "Holding {last}",
    "{poetic}", "Établissements {last}", "{last} frères", "Groupe {last}", "{trade} {first}",
    "{trade}, {trade2} et services",
)  # fmt: skip
_SCI_NAMES = ("SCI {poetic}", "SCI {last}", "SCI {last} {first}", "SCI {street}")
_COOP_NAMES = (
    "SCOP {poetic}", "Coopérative agricole {de_commune}", "SCIC {poetic}", "{poetic} SCOP",
    "Coopérative d'activités et d'emploi {poetic}", "Coopérative {de_art} {poetic}",
    "Cave coopérative {de_commune}", "SCIC {poetic}, énergies citoyennes",
)  # fmt: skip
_MUTUAL_NAMES = (
    "Mutuelle générale {de_commune}", "Mutuelle des {members}", "Mutuelle {poetic}",
    "Mutuelle santé {de_commune}",
)  # fmt: skip
_FOUNDATION_NAMES = (
    "Fondation {first} {last}", "Fondation {poetic}", "Fondation pour {cause}",
    "Fondation d'entreprise {last}",
)  # fmt: skip
_PERSON_NAF = (
    "43.32A", "43.21A", "62.01Z", "86.90F", "96.02A", "49.32Z", "74.10Z", "85.59B", "90.03A",
    "69.20Z", "86.23Z", "47.91B", "81.21Z", "01.11Z", "68.20A", "43.34Z", "96.09Z", "73.11Z",
)  # fmt: skip
_COMPANY_NAF = (
    "56.10A", "56.30Z", "47.11B", "62.01Z", "70.22Z", "41.20A", "43.99C", "45.20A", "10.71C",
    "46.90Z", "71.12B", "73.11Z", "49.41A", "47.73Z", "68.31Z", "64.20Z",
)  # fmt: skip
_COOP_NAF = ("01.61Z", "11.02B", "35.11Z", "70.22Z", "62.01Z", "43.99C", "78.30Z")
_MUTUAL_NAF = ("65.12Z", "65.11Z", "66.22Z")
_FOUNDATION_NAF = ("94.99Z", "88.99B", "72.19Z")
_STAFF_BANDS_ASSOCIATION = (
    *("NN",) * 10, *("00",) * 3, "01", "01", "02", "03", "11", "12", "21", "22", "31", "", "",
)  # fmt: skip
_STAFF_BANDS_PERSON = (*("NN",) * 12, "00", "00", "01", "02", "", "", "", "")
_STAFF_BANDS_COMPANY = (
    "NN", "NN", "NN", "00", "00", "01", "01", "02", "03", "11", "12", "21", "22", "31", "32",
    "41", "42", "51", "52", "53", "",
)  # fmt: skip
_COOP_CATEGORIES = ("5458", "5460", "5560", "5499")
_COMPANY_CATEGORIES = (
    *("1000",) * 9,
    *("5710",) * 3,
    *("5720",) * 2,
    *("5499",) * 4,
    "6540",
    "6540",
)
_BAD_SIREN_SHAPES = ("short", "letters", "luhn")

_slot_group({"last2": name} for name in _LAST_NAMES)
_slot_group({"trade": name} for name in _TRADES)
_slot_group({"trade2": name.lower()} for name in _TRADES)


def sirene_ids_needed(count: int, ess_share: float) -> int:
    """How many existing RNA ids a SIRENE file of `count` rows can reuse, with some margin."""
    associations = count * ess_share * 0.75  # share of associations among ESS rows
    return math.ceil(associations * 0.5 * 1.2) + 16


def labelled_sirene_rows(
    count: int,
    seed: int = 2026,
    ess_share: float = 0.1,
    invalid_share: float = 0.01,
    association_ids: Iterable[str] = (),
) -> Iterator[tuple[str | None, list[str]]]:
    """(defect or None, row) for each StockUniteLegale row, header excluded.

    About half of the ESS association rows take their RNA id from `association_ids`, in order,
    until there is none left; the others get fresh ids that no generated RNA file uses.
    """
    rng = random.Random(f"sirene:{seed}")
    rnd = rng.random
    days = _days()
    last_day = len(days) - 1
    day_1950 = _day_index(date(1950, 1, 1))
    day_recent = _day_index(date(2021, 1, 1))
    offset = rng.randrange(_SIREN_SPAN)
    reused = iter(association_ids)
    reuse_open = True
    n_wheel = len(_THEME_WHEEL)
    n_kinds = len(SIRENE_INVALID_KINDS)
    n_departments = len(DEPARTMENTS)

    for index in range(count):
        payload = str(_SIREN_LOW + (index * _SIREN_STRIDE + offset) % _SIREN_SPAN)
        siren = payload + luhn_check_digit(payload)
        public = rnd() >= 0.03
        active = rnd() >= 0.10
        department = DEPARTMENTS[int(rnd() * n_departments)]
        communes = _communes(department)
        commune = communes[int(rnd() * len(communes))]
        slots = _place_slots(rnd, commune)

        sigle = sexe = prenom1 = prenom2 = prenom3 = prenom4 = pseudonyme = ""
        nom = nom_usage = denomination = usuelle1 = association_id = ""
        if rnd() < ess_share:
            ess = "O"
            draw = rnd()
            if draw < 0.75:
                category = "9220"
                theme = _THEME_WHEEL[int(rnd() * n_wheel)]
                denomination = _pick(rnd, theme.titles).format_map(slots)
                naf = theme.naf[int(rnd() * len(theme.naf))]
                bands = _STAFF_BANDS_ASSOCIATION
                if reuse_open and rnd() < 0.5:
                    association_id = next(reused, "")
                    reuse_open = bool(association_id)
                if not association_id:
                    # Fresh and unique: the 9th office of a department no RNA file reaches.
                    fresh_department, fresh_serial = (
                        DEPARTMENTS[index % n_departments],
                        1 + index // n_departments,
                    )
                    association_id = rna_id(fresh_department, _SIRENE_FRESH_SERIAL + fresh_serial)
            elif draw < 0.80:
                category = "9300"
                denomination = _pick(rnd, _FOUNDATION_NAMES).format_map(slots)
                naf = _pick(rnd, _FOUNDATION_NAF)
                bands = _STAFF_BANDS_COMPANY
            elif draw < 0.85:
                category = "8210"
                denomination = _pick(rnd, _MUTUAL_NAMES).format_map(slots)
                naf = _pick(rnd, _MUTUAL_NAF)
                bands = _STAFF_BANDS_COMPANY
            else:
                category = _pick(rnd, _COOP_CATEGORIES)
                denomination = _pick(rnd, _COOP_NAMES).format_map(slots)
                naf = _pick(rnd, _COOP_NAF)
                bands = _STAFF_BANDS_COMPANY
            # Upper case, as INSEE writes it, but associations in mixed case half of the time.
            if category != "9220" or rnd() < 0.5:
                denomination = denomination.upper()
            if rnd() < (0.3 if category == "9220" else 0.1):
                sigle = _acronym(denomination.upper())
        else:
            ess = "N" if rnd() < 0.6 else ""
            category = _pick(rnd, _COMPANY_CATEGORIES)
            if category == "1000":
                female = rnd() < 0.45
                names = _FIRST_NAMES_F if female else _FIRST_NAMES_M
                sexe = "F" if female else "M"
                prenom1 = _pick(rnd, names)
                if rnd() < 0.6:
                    prenom2 = _pick(rnd, names)
                    if rnd() < 0.4:
                        prenom3 = _pick(rnd, names)
                        if rnd() < 0.3:
                            prenom4 = _pick(rnd, names)
                nom = _pick(rnd, _LAST_NAMES).upper()
                if female and rnd() < 0.25:
                    nom_usage = _pick(rnd, _LAST_NAMES).upper()
                if rnd() < 0.01:
                    pseudonyme = _pick(rnd, _POETIC).upper()
                if rnd() < 0.2:
                    usuelle1 = f"{_pick(rnd, _TRADES)} {nom.title()}".upper()
                naf = _pick(rnd, _PERSON_NAF)
                bands = _STAFF_BANDS_PERSON
            else:
                templates = _SCI_NAMES if category == "6540" else _COMPANY_NAMES
                denomination = _pick(rnd, templates).format_map(slots)
                if rnd() < 0.004:
                    denomination = f'{slots["trade"]} "{slots["poetic"]}"'
                if rnd() < 0.8:
                    denomination = denomination.upper()
                if rnd() < 0.08:
                    sigle = _acronym(denomination.upper())
                naf = "68.20B" if category == "6540" else _pick(rnd, _COMPANY_NAF)
                bands = _STAFF_BANDS_COMPANY

        if not public:
            prenom1 = prenom2 = prenom3 = prenom4 = nom = nom_usage = "[ND]"
            pseudonyme = sigle = "[ND]"
        prenom_usuel = prenom1

        creation = day_1950 + int((last_day - day_1950) * math.sqrt(rnd()))
        debut = creation if rnd() < 0.4 else creation + int(rnd() * (last_day - creation))
        treated = max(debut, day_recent) + int(rnd() * (last_day - max(debut, day_recent)))
        band = bands[int(rnd() * len(bands))] if active else ("NN" if rnd() < 0.7 else "")
        staff_year = "" if band in ("", "NN") else ("2022", "2023", "2024")[int(rnd() * 3)]
        employer = "N" if band in ("", "NN", "00") else "O"
        if active:
            size_draw = rnd()
            company_category = (
                "PME"
                if size_draw < 0.95
                else ("ETI" if size_draw < 0.985 else ("GE" if size_draw < 0.99 else ""))
            )
            company_year = "2022" if company_category else ""
        else:
            company_category = company_year = ""
        nic4 = f"{1 + int(rnd() * rnd() * 40):04d}"
        mission_draw = rnd()
        mission = "" if mission_draw < 0.9 else ("N" if mission_draw < 0.98 else "O")

        row = [
            siren,
            "O" if public else "P",
            "true" if not active and rnd() < 0.05 else "",
            days[creation] if rnd() >= 0.01 else "",
            sigle,
            sexe,
            prenom1,
            prenom2,
            prenom3,
            prenom4,
            prenom_usuel,
            pseudonyme,
            association_id,
            band,
            staff_year,
            f"{days[treated]}T{_clock(rnd)}",
            str(1 + int(rnd() * rnd() * 9)),
            company_category,
            company_year,
            days[debut],
            "A" if active else "C",
            nom,
            nom_usage,
            denomination,
            usuelle1,
            "",
            "",
            category,
            naf,
            "NAFRev2",
            nic4 + luhn_check_digit(siren + nic4),
            ess,
            mission,
            employer,
        ]
        kind = None
        if invalid_share and rnd() < invalid_share:
            kind = SIRENE_INVALID_KINDS[int(rnd() * n_kinds)]
            _spoil_sirene(kind, row, rng)
        yield kind, row


def _spoil_sirene(kind: str, row: list[str], rng: random.Random) -> None:
    if kind == "malformed_siren":
        siren = row[0]
        shape = rng.choice(_BAD_SIREN_SHAPES)
        if shape == "short":
            row[0] = siren[:8]
        elif shape == "letters":
            position = rng.randrange(9)
            row[0] = siren[:position] + rng.choice("ABCXYZ") + siren[position + 1 :]
        else:
            wrong = (int(siren[8]) + rng.randrange(1, 10)) % 10
            row[0] = siren[:8] + str(wrong)
    elif kind == "empty_denomination":
        if row[27] == "1000":  # a sole trader has no denomination anyway: make it a company
            row[27] = "5710"
            for index in (5, 6, 7, 8, 9, 10, 11, 21, 22, 24):
                row[index] = ""
        row[23] = ""
    elif kind == "column_count":
        if rng.random() < 0.5:
            del row[rng.randrange(1, len(row))]
        else:
            row.insert(rng.randrange(1, len(row) + 1), "")
    else:  # pragma: no cover - SIRENE_INVALID_KINDS is closed
        raise ValueError(kind)


def sirene_rows(
    count: int,
    seed: int = 2026,
    ess_share: float = 0.1,
    invalid_share: float = 0.01,
    association_ids: Iterable[str] = (),
) -> Iterator[list[str]]:
    """The rows of a StockUniteLegale file (header excluded), streamed."""
    for _kind, row in labelled_sirene_rows(count, seed, ess_share, invalid_share, association_ids):
        yield row
