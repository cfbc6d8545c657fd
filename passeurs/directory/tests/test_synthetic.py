"""The synthetic RNA and SIRENE files: format, determinism, defects, encodings."""

import csv
import io
import re
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from passeurs.directory import validators
from passeurs.directory.opendata import synthetic
from passeurs.directory.opendata.synthetic import common

# The headers as published, typed out here rather than taken from the module under test.
RNA_HEADER_LINE = (
    "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;groupement;"
    "titre;titre_court;objet;objet_social1;objet_social2;adrs_complement;adrs_numvoie;"
    "adrs_repetition;adrs_typevoie;adrs_libvoie;adrs_distrib;adrs_codeinsee;adrs_codepostal;"
    "adrs_libcommune;adrg_declarant;adrg_complemid;adrg_complemgeo;adrg_libvoie;adrg_distrib;"
    "adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;publiweb;observation;position;"
    "maj_time"
)
SIRENE_HEADER_LINE = (
    "siren,statutDiffusionUniteLegale,unitePurgeeUniteLegale,dateCreationUniteLegale,"
    "sigleUniteLegale,sexeUniteLegale,prenom1UniteLegale,prenom2UniteLegale,prenom3UniteLegale,"
    "prenom4UniteLegale,prenomUsuelUniteLegale,pseudonymeUniteLegale,"
    "identifiantAssociationUniteLegale,trancheEffectifsUniteLegale,anneeEffectifsUniteLegale,"
    "dateDernierTraitementUniteLegale,nombrePeriodesUniteLegale,categorieEntreprise,"
    "anneeCategorieEntreprise,dateDebut,etatAdministratifUniteLegale,nomUniteLegale,"
    "nomUsageUniteLegale,denominationUniteLegale,denominationUsuelle1UniteLegale,"
    "denominationUsuelle2UniteLegale,denominationUsuelle3UniteLegale,"
    "categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,"
    "nomenclatureActivitePrincipaleUniteLegale,nicSiegeUniteLegale,"
    "economieSocialeSolidaireUniteLegale,societeMissionUniteLegale,caractereEmployeurUniteLegale"
)
RNA_COLUMNS = RNA_HEADER_LINE.split(";")
SIRENE_COLUMNS = SIRENE_HEADER_LINE.split(",")
RNA_ID = re.compile(r"^W[0-9A-Z]{9}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RNA = {name: index for index, name in enumerate(RNA_COLUMNS)}
SIRENE = {name: index for index, name in enumerate(SIRENE_COLUMNS)}
PRIVATE_FIELDS = (
    "prenom1UniteLegale",
    "prenom2UniteLegale",
    "prenom3UniteLegale",
    "prenom4UniteLegale",
    "prenomUsuelUniteLegale",
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "pseudonymeUniteLegale",
    "sigleUniteLegale",
)
STAFF_BANDS = (
    "NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53",
    "",
)  # fmt: skip
DEPARTMENTS_CSV = Path(__file__).resolve().parents[2] / "core" / "data" / "departments.csv"


def is_iso_date(value: str) -> bool:
    if not ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def rna_defect(row: list[str]) -> str | None:
    """What an importer would reject the row for, judged independently of the generator."""
    if len(row) != len(RNA_COLUMNS):
        return "column_count"
    if not RNA_ID.match(row[RNA["id"]]):
        return "malformed_id"
    if not row[RNA["titre"]]:
        return "empty_title"
    if row[RNA["position"]] not in ("A", "D", "S"):
        return "unknown_position"
    if not is_iso_date(row[RNA["date_creat"]]):
        return "malformed_date"
    return None


def sirene_defect(row: list[str]) -> str | None:
    if len(row) != len(SIRENE_COLUMNS):
        return "column_count"
    if not validators.is_siren(row[SIRENE["siren"]]) or not row[SIRENE["siren"]].isdigit():
        return "malformed_siren"
    person = row[SIRENE["categorieJuridiqueUniteLegale"]] == "1000"
    if not person and not row[SIRENE["denominationUniteLegale"]]:
        return "empty_denomination"
    return None


def read_rna_file(path: Path, encoding: str) -> tuple[str, list[list[str]]]:
    text = path.read_bytes().decode(encoding)
    assert text.endswith("\n") and "\r" not in text
    header, *lines = text[:-1].split("\n")
    return header, [line.split(";") for line in lines]


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


# --------------------------------------------------------------------------------------------
# Reference data and helpers
# --------------------------------------------------------------------------------------------


def test_departments_are_the_101_of_the_territory_table():
    with open(DEPARTMENTS_CSV, encoding="utf-8", newline="") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    assert list(synthetic.DEPARTMENTS) == codes
    assert len(codes) == 101


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("75", "75"), ("2a", "2A"), (" 2B ", "2B"), ("1", "01"), ("974", "974"), ("99", None),
     ("20", None), ("975", None), ("", None)],
)  # fmt: skip
def test_normalize_department(raw, expected):
    assert synthetic.normalize_department(raw) == expected


def test_rna_id_carries_the_prefecture_code():
    assert synthetic.rna_id("75", 1) == "W751000001"
    assert synthetic.rna_id("2A", 42) == "W2A1000042"
    assert synthetic.rna_id("976", 2867).startswith("W9T1")
    assert synthetic.rna_id("01", 1_000_001) == "W012000001"
    prefixes = {synthetic.rna_id(code, 7)[:4] for code in synthetic.DEPARTMENTS}
    assert len(prefixes) == 101
    for code in synthetic.DEPARTMENTS:
        assert RNA_ID.match(synthetic.rna_id(code, 123_456))
    with pytest.raises(ValueError):
        synthetic.rna_id("75", 9_000_000)


def test_split_rows_is_even():
    assert synthetic.split_rows(10, 4) == [3, 3, 2, 2]
    assert sum(synthetic.split_rows(1_500_001, 7)) == 1_500_001


def test_luhn_helpers_agree_with_the_validators():
    for payload in ("73282932", "12345678", "00000000", "35600000"):
        number = payload + synthetic.luhn_check_digit(payload)
        assert validators.luhn_ok(number)
        assert synthetic.luhn_valid(number)
    assert not synthetic.luhn_valid("732829321")
    assert not synthetic.luhn_valid("73282932A")


def test_latin1_files_spell_out_what_latin1_lacks():
    text = "RESTOS DU CŒUR, l’œuvre…"
    assert text.encode("latin-1", common._LATIN1_ERRORS) == b"RESTOS DU COEUR, l'oeuvre..."


# --------------------------------------------------------------------------------------------
# RNA
# --------------------------------------------------------------------------------------------


def test_rna_files_are_deterministic(tmp_path):
    departments = ["75", "13", "2A", "974"]
    first = synthetic.write_rna(tmp_path / "a", 800, departments, seed=7, invalid_share=0.05)
    again = synthetic.write_rna(tmp_path / "b", 800, departments, seed=7, invalid_share=0.05)
    other = synthetic.write_rna(tmp_path / "c", 800, departments, seed=8, invalid_share=0.05)
    assert [path.name for path in first] == [path.name for path in again]
    assert file_bytes(tmp_path / "a") == file_bytes(tmp_path / "b")
    assert file_bytes(tmp_path / "a") != file_bytes(tmp_path / "c")
    assert len(other) == 4


def test_rna_files_named_and_split_like_the_real_ones(tmp_path):
    paths = synthetic.write_rna(tmp_path, 1001, ["75", "13", "2A", "974"], encoding="utf-8")
    assert [path.name for path in paths] == [
        "rna_waldec_20261101_dpt_75.csv",
        "rna_waldec_20261101_dpt_13.csv",
        "rna_waldec_20261101_dpt_2A.csv",
        "rna_waldec_20261101_dpt_974.csv",
    ]
    counts = []
    for path in paths:
        header, rows = read_rna_file(path, "utf-8")
        assert header == RNA_HEADER_LINE
        counts.append(len(rows))
    assert counts == [251, 250, 250, 250]


def test_valid_rna_rows_look_like_the_real_file(tmp_path):
    paths = synthetic.write_rna(tmp_path, 6000, ["75", "2A", "974", "976"], invalid_share=0.02)
    ids = []
    positions = Counter()
    short_titles = Counter()
    for path, department in zip(paths, ["75", "2A", "974", "976"], strict=True):
        encoding = "utf-8" if department in ("75", "974") else "latin-1"
        _header, rows = read_rna_file(path, encoding)
        for row in rows:
            if rna_defect(row):
                continue
            field = {name: row[index] for name, index in RNA.items()}
            ids.append(field["id"])
            positions[field["position"]] += 1
            for name in ("date_creat", "date_decla", "date_publi", "date_disso"):
                assert is_iso_date(field[name]), (name, field[name])
            assert field["date_creat"] <= field["date_publi"]
            assert re.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", field["maj_time"])
            if field["position"] == "D":
                assert field["date_disso"] > field["date_creat"]
            else:
                assert field["date_disso"] == "0001-01-01"
            assert field["titre"] == field["titre"].upper()
            titre_court = field["titre_court"]
            assert len(titre_court) <= 38
            if titre_court.endswith("..."):
                short_titles["cut"] += 1
                assert field["titre"].startswith(titre_court[:-3])
            assert field["objet"][0].islower()
            assert re.match(r"^\d{6}$", field["objet_social1"])
            assert re.match(r"^\d{6}$", field["objet_social2"])
            insee, postal = field["adrs_codeinsee"], field["adrs_codepostal"]
            assert insee.startswith(department) and len(insee) == 5
            assert postal.startswith("20" if department == "2A" else department)
            assert validators.is_postal_code(postal)
            assert field["adrs_libcommune"]
            if field["siret"]:
                assert validators.is_siret(field["siret"])
    assert len(ids) == len(set(ids)) > 5500
    total = sum(positions.values())
    assert 0.80 < positions["A"] / total < 0.90
    assert 0.10 < positions["D"] / total < 0.16
    assert 0.005 < positions["S"] / total < 0.04
    assert short_titles["cut"] > 0


def test_every_department_gives_well_formed_rows():
    """Every word list and every invented commune keeps `;`, `"` and line breaks out."""
    for department in synthetic.DEPARTMENTS:
        for kind, row in synthetic.labelled_rna_rows(department, 30, seed=3, invalid_share=0):
            assert kind is None
            assert len(row) == len(RNA_COLUMNS)
            assert not any(char in value for value in row for char in ';"\n\r')
            assert RNA_ID.match(row[0])
            assert row[RNA["adrs_codeinsee"]].startswith(department)
            assert validators.is_postal_code(row[RNA["adrs_codepostal"]])


def test_rna_ids_are_unique_across_the_whole_set(tmp_path):
    synthetic.write_rna(tmp_path, 4000, ["01", "2A", "2B", "971", "976"], invalid_share=0)
    ids = list(synthetic.read_rna_ids(tmp_path))
    assert len(ids) == len(set(ids)) == 4000
    assert all(RNA_ID.match(identifier) for identifier in ids)
    assert {identifier[:4] for identifier in ids} == {"W011", "W2A1", "W2B1", "W9G1", "W9T1"}


def test_rna_invalid_rows_one_defect_each_in_the_asked_share():
    rows = list(synthetic.labelled_rna_rows("13", 40_000, seed=11, invalid_share=0.05))
    kinds = Counter(kind for kind, _row in rows if kind)
    for kind, row in rows:
        assert rna_defect(row) == kind
    invalid = sum(kinds.values())
    assert 0.045 < invalid / len(rows) < 0.055
    assert set(kinds) == set(synthetic.RNA_INVALID_KINDS)
    for kind in synthetic.RNA_INVALID_KINDS:
        assert 0.007 < kinds[kind] / len(rows) < 0.013, kind


def test_rna_without_invalid_share_has_no_defect():
    assert all(rna_defect(row) is None for row in synthetic.rna_rows("59", 3000, invalid_share=0))


def test_rna_encodings_latin1_and_utf8(tmp_path):
    paths = synthetic.write_rna(tmp_path, 2000, ["75", "13"], encoding="mixed")
    utf8, latin1 = (path.read_bytes() for path in paths)
    text = utf8.decode("utf-8")
    assert not text.isascii()
    assert "É" in text or "é" in text
    with pytest.raises(UnicodeDecodeError):
        latin1.decode("utf-8")
    decoded = latin1.decode("latin-1")
    assert "é" in decoded
    assert "œ" not in decoded and "Œ" not in decoded
    only_latin1 = synthetic.write_rna(tmp_path / "l", 300, ["2A", "974"], encoding="latin-1")
    for path in only_latin1:
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    only_utf8 = synthetic.write_rna(tmp_path / "u", 300, ["2A", "974"], encoding="utf-8")
    for path in only_utf8:
        path.read_bytes().decode("utf-8")


def test_rna_zip_holds_one_file_per_department(tmp_path):
    departments = ["75", "13", "2A", "974"]
    plain = synthetic.write_rna(tmp_path / "plain", 900, departments, seed=5)
    (archive_path,) = synthetic.write_rna(tmp_path / "zip", 900, departments, seed=5, as_zip=True)
    assert archive_path.name == "rna_waldec_20261101.zip"
    with zipfile.ZipFile(archive_path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == [path.name for path in plain]
        for path in plain:
            assert archive.read(path.name) == path.read_bytes()
    (again,) = synthetic.write_rna(tmp_path / "zip2", 900, departments, seed=5, as_zip=True)
    assert again.read_bytes() == archive_path.read_bytes()


def test_write_rna_refuses_unknown_or_repeated_departments(tmp_path):
    with pytest.raises(ValueError, match="Unknown department"):
        synthetic.write_rna(tmp_path, 10, ["75", "99"])
    with pytest.raises(ValueError, match="only once"):
        synthetic.write_rna(tmp_path, 10, ["75", "75"])


# --------------------------------------------------------------------------------------------
# SIRENE
# --------------------------------------------------------------------------------------------


def test_sirene_file_is_deterministic(tmp_path):
    first = synthetic.write_sirene(tmp_path / "a.csv", 3000, seed=4)
    again = synthetic.write_sirene(tmp_path / "b.csv", 3000, seed=4)
    other = synthetic.write_sirene(tmp_path / "c.csv", 3000, seed=5)
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_sirene_quoting_round_trips_through_csv_reader(tmp_path):
    rows = [row for _kind, row in synthetic.labelled_sirene_rows(10_000, seed=9)]
    path = synthetic.write_sirene(tmp_path / "stock.csv", 10_000, seed=9)
    raw = path.read_bytes().decode("utf-8")
    assert raw.split("\n", 1)[0] == SIRENE_HEADER_LINE
    assert "\r" not in raw
    with open(path, encoding="utf-8", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == SIRENE_COLUMNS
    assert read[1:] == rows
    denominations = [row[SIRENE["denominationUniteLegale"]] for row in rows if len(row) == 34]
    assert any("," in name for name in denominations)
    assert any('"' in name for name in denominations)
    assert '""' in raw
    # Quotes only where needed: a line without quotes splits on commas as csv.reader does.
    for line, row in zip(raw.split("\n")[1:], rows, strict=False):
        if '"' not in line:
            assert line.split(",") == row


def test_sirene_valid_rows(tmp_path):
    rows = [row for kind, row in synthetic.labelled_sirene_rows(15_000, seed=2) if not kind]
    assert len(rows) > 14_500
    sirens = [row[SIRENE["siren"]] for row in rows]
    assert len(sirens) == len(set(sirens))
    statuses = Counter()
    for row in rows:
        field = {name: row[index] for name, index in SIRENE.items()}
        assert sirene_defect(row) is None
        assert validators.is_siren(field["siren"]) and synthetic.luhn_valid(field["siren"])
        assert validators.is_siret(field["siren"] + field["nicSiegeUniteLegale"])
        assert field["etatAdministratifUniteLegale"] in ("A", "C")
        assert field["economieSocialeSolidaireUniteLegale"] in ("O", "N", "")
        assert field["societeMissionUniteLegale"] in ("O", "N", "")
        assert field["trancheEffectifsUniteLegale"] in STAFF_BANDS
        assert re.match(r"^\d{4}$", field["categorieJuridiqueUniteLegale"])
        assert re.match(r"^\d{2}\.\d{2}[A-Z]$", field["activitePrincipaleUniteLegale"])
        assert not field["dateCreationUniteLegale"] or is_iso_date(field["dateCreationUniteLegale"])
        statuses[field["statutDiffusionUniteLegale"]] += 1
        private = [field[name] for name in PRIVATE_FIELDS]
        if field["statutDiffusionUniteLegale"] == "P":
            assert private == ["[ND]"] * len(PRIVATE_FIELDS)
        else:
            assert field["statutDiffusionUniteLegale"] == "O"
            assert "[ND]" not in private
        if field["categorieJuridiqueUniteLegale"] == "1000":
            assert not field["denominationUniteLegale"]
            assert field["nomUniteLegale"] and field["prenom1UniteLegale"]
        else:
            assert field["denominationUniteLegale"]
        if field["categorieJuridiqueUniteLegale"] == "9220":
            assert RNA_ID.match(field["identifiantAssociationUniteLegale"])
            assert field["economieSocialeSolidaireUniteLegale"] == "O"
    assert 0.02 < statuses["P"] / len(rows) < 0.04
    ceased = sum(row[SIRENE["etatAdministratifUniteLegale"]] == "C" for row in rows)
    assert 0.08 < ceased / len(rows) < 0.12


@pytest.mark.parametrize("ess_share", [0.1, 0.4])
def test_sirene_ess_share(ess_share):
    rows = list(synthetic.sirene_rows(10_000, seed=1, ess_share=ess_share, invalid_share=0))
    ess = sum(row[SIRENE["economieSocialeSolidaireUniteLegale"]] == "O" for row in rows)
    assert abs(ess / len(rows) - ess_share) < 0.02
    associations = [row for row in rows if row[SIRENE["categorieJuridiqueUniteLegale"]] == "9220"]
    ids = [row[SIRENE["identifiantAssociationUniteLegale"]] for row in associations]
    assert len(ids) == len(set(ids)) > 0


def test_sirene_invalid_rows_one_defect_each_in_the_asked_share():
    rows = list(synthetic.labelled_sirene_rows(30_000, seed=6, invalid_share=0.06))
    kinds = Counter(kind for kind, _row in rows if kind)
    for kind, row in rows:
        assert sirene_defect(row) == kind
    assert 0.054 < sum(kinds.values()) / len(rows) < 0.066
    for kind in synthetic.SIRENE_INVALID_KINDS:
        assert 0.016 < kinds[kind] / len(rows) < 0.024, kind


@pytest.mark.parametrize("as_zip", [False, True])
def test_sirene_reuses_ids_of_existing_rna_files(tmp_path, as_zip):
    paths = synthetic.write_rna(tmp_path / "rna", 3000, ["75", "13"], as_zip=as_zip)
    source = paths[0] if as_zip else tmp_path / "rna"
    rna_ids = set(synthetic.read_rna_ids(source))
    assert len(rna_ids) > 2900
    path = synthetic.write_sirene(
        tmp_path / "stock.csv", 3000, seed=3, ess_share=0.5, associations_from=source
    )
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if None not in row]
    ids = [
        row["identifiantAssociationUniteLegale"]
        for row in rows
        if row["categorieJuridiqueUniteLegale"] == "9220"
        and row["economieSocialeSolidaireUniteLegale"] == "O"
    ]
    reused = [identifier for identifier in ids if identifier in rna_ids]
    assert len(ids) == len(set(ids))
    assert 0.4 < len(reused) / len(ids) < 0.6
    again = synthetic.write_sirene(
        tmp_path / "again.csv", 3000, seed=3, ess_share=0.5, associations_from=source
    )
    assert again.read_bytes() == path.read_bytes()


def test_sirene_without_rna_files_gets_fresh_ids_only(tmp_path):
    rna_ids = set(synthetic.read_rna_ids(synthetic.write_rna(tmp_path, 2000, ["75"])[0].parent))
    rows = synthetic.sirene_rows(4000, ess_share=0.5, invalid_share=0)
    ids = {row[SIRENE["identifiantAssociationUniteLegale"]] for row in rows} - {""}
    assert ids and not ids & rna_ids


def test_sample_ids_is_deterministic_and_distinct():
    ids = [f"W75100{n:04d}" for n in range(1000)] * 2
    sample = synthetic.sample_ids(ids, 100, seed=1)
    assert sample == synthetic.sample_ids(ids, 100, seed=1)
    assert len(sample) == len(set(sample)) == 100
    assert sorted(synthetic.sample_ids(ids[:10], 100)) == ids[:10]


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("generate", *args, stdout=out)
    return out.getvalue()


def test_command_writes_rna_files_and_prints_their_paths(tmp_path):
    output = run("rna", "--rows", "40", "--departments", "75,2a,974", "--out", str(tmp_path))
    lines = output.strip().splitlines()
    assert "40 lignes écrites" in lines[0]
    assert lines[1:] == [
        str(tmp_path / f"rna_waldec_20261101_dpt_{code}.csv") for code in ("75", "2A", "974")
    ]
    output = run(
        "rna", "--rows", "40", "--departments", "13", "--out", str(tmp_path), "--zip",
        "--encoding", "latin-1", "--seed", "1", "--invalid", "0",
    )  # fmt: skip
    assert output.strip().splitlines()[-1] == str(tmp_path / "rna_waldec_20261101.zip")


def test_command_writes_a_sirene_file(tmp_path):
    run("rna", "--rows", "200", "--departments", "75", "--out", str(tmp_path / "rna"))
    target = tmp_path / "stock.csv"
    output = run(
        "sirene", "--rows", "300", "--out", str(target), "--ess-share", "0.5",
        "--associations-from", str(tmp_path / "rna"),
    )  # fmt: skip
    assert output.strip().splitlines()[-1] == str(target)
    assert target.read_text(encoding="utf-8").count("\n") == 301


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rna", "--departments", "75,99"], "Département inconnu : 99."),
        (["rna", "--departments", "75,2C"], "Département inconnu : 2C."),
        (["rna", "--departments", "75,75"], "Département en double : 75."),
        (["rna", "--departments", "75", "--invalid", "2"], "comprise entre 0 et 1"),
        (["sirene", "--ess-share", "-0.1"], "comprise entre 0 et 1"),
    ],
)
def test_command_refuses_bad_options(tmp_path, args, message):
    dataset, *rest = args
    with pytest.raises(CommandError, match=re.escape(message)):
        run(dataset, "--rows", "10", "--out", str(tmp_path / "out"), *rest)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_command_refuses_rows_and_sources_that_cannot_be_used(tmp_path):
    with pytest.raises(CommandError, match="entier positif"):
        run("rna", "--rows", "0", "--departments", "75", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="ni un dossier ni une archive zip"):
        run(
            "sirene", "--rows", "10", "--out", str(tmp_path / "s.csv"),
            "--associations-from", str(tmp_path / "missing"),
        )  # fmt: skip
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="Aucun identifiant RNA"):
        run(
            "sirene", "--rows", "10", "--out", str(tmp_path / "s.csv"),
            "--associations-from", str(tmp_path / "empty"),
        )  # fmt: skip
