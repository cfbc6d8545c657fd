"""RNA (waldec) rows: addresses and dates drawn from pools, titles, objects, defects.

Part of `passeurs.directory.opendata.synthetic` (see its docstring).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import date

from passeurs.directory.opendata.synthetic.common import (
    _DEPARTMENT_SET,
    _ID_PREFIX,
    _SERIALS_PER_OFFICE,
    _SIRENE_FRESH_SERIAL,
    RNA_INVALID_KINDS,
    _acronym,
    _clock,
    _day_index,
    _days,
    _pick,
    _slug,
    _unaccent,
    luhn_check_digit,
    normalize_department,
)
from passeurs.directory.opendata.synthetic.vocabulary import (
    _COMPLEMENTS,
    _EXTRA_CLAUSES,
    _OBSERVATIONS,
    _STREET_TYPES,
    _STREETS,
    _THEME_WHEEL,
    _Commune,
    _communes,
    _place_slots,
    _Slots,
    _Theme,
)

# --------------------------------------------------------------------------------------------
# Objects: the theme's own sentence, then a few common clauses
# --------------------------------------------------------------------------------------------

_EXTRA_PREPARED = tuple((clause, "{" in clause) for clause in _EXTRA_CLAUSES)
# Coprime with the number of clauses: walking by this step never draws a clause twice.
_EXTRA_STEP = next(step for step in range(7, 100) if math.gcd(step, len(_EXTRA_CLAUSES)) == 1)


def _association_object(rnd, theme: _Theme, slots: _Slots) -> str:
    objets = theme.objets
    parts = [objets[int(rnd() * len(objets))].format_map(slots)]
    # Up to four more clauses, distinct; the real file separates them with ", " or ",  ".
    extras = int(rnd() * rnd() * 5)
    if extras:
        n_clauses = len(_EXTRA_PREPARED)
        start = int(rnd() * n_clauses)
        for step in range(extras):
            clause, templated = _EXTRA_PREPARED[(start + step * _EXTRA_STEP) % n_clauses]
            parts.append(clause.format_map(slots) if templated else clause)
    text = (",  " if rnd() < 0.3 else ", ").join(parts)
    if rnd() < 0.15:  # a second sentence
        text = f"{text}. {objets[int(rnd() * len(objets))].format_map(slots)}"
    if len(text) > 250 and rnd() < 0.6:
        text = text[:250]  # cut mid-word, as the real file does
    return text


# --------------------------------------------------------------------------------------------
# RNA rows
# --------------------------------------------------------------------------------------------

_BAD_DATE_SHAPES = (
    # Never `YYYYMMDD`: `date.fromisoformat` accepts it, an importer would not see the defect.
    "{y}-13-45", "{y}-13-{d}", "{d}/{m}/{y}", "{y}-02-30", "0000-00-00", "{y}-{m}",
)  # fmt: skip
_BAD_IDS = ("", "X{n3}", "W{n2}", "W{n8}", "W{n10}", "X{n9}")


_ADDRESS_POOL = 8192
_DATE_POOL = 16384


def _rna_dates(
    department: str, seed: int, size: int
) -> tuple[tuple[str, str, str, str, str, str, bool], ...]:
    """(date_creat, date_decla, date_publi, date_disso, position, maj_time, created before
    waldec) combinations for a department, drawn once: a pool saves a dozen draws per row."""
    rng = random.Random(f"dates:{seed}:{department}")
    rnd = rng.random
    days = _days()
    last_day = len(days) - 1
    day_1980 = _day_index(date(1980, 1, 1))
    day_2009 = _day_index(date(2009, 1, 1))
    pool = []
    for _ in range(size):
        # Many more recent associations than old ones.
        if rnd() < 0.08:
            creat = int(rnd() * day_1980)
        else:
            creat = day_1980 + int((last_day - 60 - day_1980) * math.sqrt(rnd()))
        decla = creat if rnd() < 0.6 else creat + int(rnd() * (last_day - creat))
        publi = creat + 5 + int(rnd() * 40)
        latest = max(decla, publi)
        draw = rnd()
        if draw < 0.85:
            position, disso = "A", "0001-01-01"
        elif draw < 0.98:
            position = "D"
            latest += int(rnd() * (last_day - latest + 1))
            disso = days[latest]
        else:
            position, disso = "S", "0001-01-01"
        maj = min(latest + int(rnd() * 12), last_day)
        maj_time = f"{days[maj]} {_clock(rnd)}"
        pool.append(
            (days[creat], days[decla], days[publi], disso, position, maj_time, creat < day_2009)
        )
    return tuple(pool)


_CIVILITIES = (*("PM",) * 10, *("PF",) * 8, "TS", "")
_GROUPINGS = (*("S",) * 97, "U", "U", "F")
_OBSERVATION_WHEEL = (*_OBSERVATIONS, *("",) * (len(_OBSERVATIONS) * 32))  # about 3%
_WEB_SUFFIXES = ("fr", "org", "com", "fr")


def _addresses(
    department: str, seed: int, size: int
) -> tuple[tuple[_Commune, tuple[str, ...]], ...]:
    """Seat addresses of a department: (commune, fields `adrs_complement` … `adrg_pays`).

    Associations share addresses in the real file too (town halls, maisons des associations);
    drawing a whole address from a pool saves a dozen random draws per row.
    """
    rng = random.Random(f"addresses:{seed}:{department}")
    rnd = rng.random
    communes = _communes(department)
    pool = []
    for _ in range(size):
        commune = _pick(rnd, communes)
        slots = _Slots(commune=commune.name, de_commune=commune.de_name)
        slots.rnd = rnd
        numvoie = str(1 + int(rnd() * rnd() * 150)) if rnd() < 0.8 else ""
        repetition = _pick(rnd, ("B", "T", "bis")) if numvoie and rnd() < 0.04 else ""
        typevoie, typelabel = _pick(rnd, _STREET_TYPES)
        libvoie = _pick(rnd, _STREETS)
        if rnd() < 0.25:
            libvoie = libvoie.upper()
        complement = _pick(rnd, _COMPLEMENTS).format_map(slots) if rnd() < 0.12 else ""
        draw = rnd()
        if draw < 0.35:
            distrib = "_"
        elif draw < 0.37:
            distrib = f"BP {10 + int(rnd() * 900)}_"
        else:
            distrib = ""
        postcode = _pick(rnd, commune.postcodes)
        libcommune = commune.name if rnd() < 0.7 else commune.upper
        # The manager's (declarant's) address: often the same place, spelt otherwise.
        if rnd() < 0.6:
            street = f"{typelabel} {libvoie.lower()}" if typelabel else libvoie.lower()
            manager = (
                "",
                complement if rnd() < 0.5 else "",
                "",
                f"{numvoie} {street}" if numvoie else street,
                "",
                postcode,
                commune.upper,
                "FRANCE",
            )
        else:
            manager = ("",) * 8
        fields = (
            complement,
            numvoie,
            repetition,
            typevoie,
            libvoie,
            distrib,
            commune.insee,
            postcode,
            libcommune,
            *manager,
        )
        pool.append((commune, fields))
    return tuple(pool)


def labelled_rna_rows(
    department: str, count: int, seed: int = 2026, invalid_share: float = 0.01
) -> Iterator[tuple[str | None, list[str]]]:
    """(defect or None, row) for each row of a department's waldec file, header excluded."""
    department = normalize_department(department) or department
    if department not in _DEPARTMENT_SET:
        raise ValueError(f"Unknown department: {department}")
    if count >= _SIRENE_FRESH_SERIAL:
        raise ValueError(f"At most {_SIRENE_FRESH_SERIAL - 1} associations per department.")
    rng = random.Random(f"rna:{seed}:{department}")
    rnd = rng.random
    # Pools in proportion to the file, so that small files stay quick to make.
    addresses = _addresses(department, seed, min(_ADDRESS_POOL, 64 + count // 8))
    dates = _rna_dates(department, seed, min(_DATE_POOL, 64 + count // 4))
    n_dates = len(dates)
    n_addresses = len(addresses)
    n_wheel = len(_THEME_WHEEL)
    n_kinds = len(RNA_INVALID_KINDS)
    n_civilities = len(_CIVILITIES)
    n_groupings = len(_GROUPINGS)
    n_observations = len(_OBSERVATION_WHEEL)
    head = f"W{_ID_PREFIX[department]}"
    gestion = f"{_ID_PREFIX[department]}1P"
    # Former numbers: 3 digits for the prefecture (`751`, `201`, `971`), 7 for the serial.
    old_head = {"2A": "201", "2B": "202"}.get(department, f"{department}1"[:3])

    for serial in range(1, count + 1):
        commune, address = addresses[int(rnd() * n_addresses)]
        slots = _place_slots(rnd, commune)
        theme = _THEME_WHEEL[int(rnd() * n_wheel)]

        # Title: upper case, accents kept about half of the time, as in the real file.
        titles = theme.titles
        titre = titles[int(rnd() * len(titles))].format_map(slots).upper()
        if rnd() < 0.45:
            titre = _unaccent(titre)
        acronym = _acronym(titre) if rnd() < 0.5 else ""
        if len(acronym) < 2:
            # Short titles are kept whole, long ones cut as in the real file.
            titre_court = titre if len(titre) <= 38 else titre[:34] + "..."
        elif len(titre) <= 38 and rnd() < 0.7:
            titre_court = titre
        else:
            titre_court = acronym
        objet = _association_object(rnd, theme, slots)
        codes = theme.codes
        objet_social1 = codes[int(rnd() * len(codes))]
        objet_social2 = "000000" if rnd() < 0.6 else codes[int(rnd() * len(codes))]

        creat, decla, publi, disso, position, maj_time, old = dates[int(rnd() * n_dates)]
        # Associations older than the waldec system kept their former number in `id_ex`.
        id_ex = f"{old_head}{serial:07d}" if old and serial % 5 else ""
        siret = ""
        if rnd() < 0.08:
            payload = str(10_000_000 + int(rnd() * 89_999_999))
            siren = payload + luhn_check_digit(payload)
            nic = f"{1 + int(rnd() * 40):04d}"
            siret = siren + nic + luhn_check_digit(siren + nic)
        siteweb = ""
        if rnd() < 0.07:
            siteweb = f"www.{_slug(titre_court)}.{_WEB_SUFFIXES[int(rnd() * 4)]}"

        office, number = divmod(serial, _SERIALS_PER_OFFICE)
        row = [
            f"{head}{office + 1}{number:06d}",
            id_ex,
            siret,
            "",
            gestion,
            creat,
            decla,
            publi,
            disso,
            "D",
            _GROUPINGS[int(rnd() * n_groupings)],
            titre,
            titre_court,
            objet,
            objet_social1,
            objet_social2,
            *address,
            _CIVILITIES[int(rnd() * n_civilities)],
            siteweb,
            "1" if rnd() < 0.15 else "0",
            _OBSERVATION_WHEEL[int(rnd() * n_observations)],
            position,
            maj_time,
        ]
        kind = None
        if invalid_share and rnd() < invalid_share:
            kind = RNA_INVALID_KINDS[int(rnd() * n_kinds)]
            _spoil_rna(kind, row, rng)
        yield kind, row


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choices("0123456789", k=count))


def _spoil_rna(kind: str, row: list[str], rng: random.Random) -> None:
    if kind == "column_count":
        if rng.random() < 0.5:
            del row[rng.randrange(1, len(row))]
        else:
            row.insert(rng.randrange(1, len(row) + 1), "")
    elif kind == "malformed_id":
        shape = rng.choice(_BAD_IDS)
        row[0] = shape.format(
            n2=_digits(rng, 2),
            n3=_digits(rng, 3),
            n8=_digits(rng, 8),
            n9=_digits(rng, 9),
            n10=_digits(rng, 10),
        )
    elif kind == "empty_title":
        row[11] = row[12] = ""
    elif kind == "unknown_position":
        row[37] = rng.choice("ZXR")
    elif kind == "malformed_date":
        year, month, day = row[5].split("-")
        row[5] = rng.choice(_BAD_DATE_SHAPES).format(y=year, m=month, d=day)
    else:  # pragma: no cover - RNA_INVALID_KINDS is closed
        raise ValueError(kind)


def rna_rows(
    department: str, count: int, seed: int = 2026, invalid_share: float = 0.01
) -> Iterator[list[str]]:
    """The rows of a department's waldec file (header excluded), streamed."""
    for _kind, row in labelled_rna_rows(department, count, seed, invalid_share):
        yield row
