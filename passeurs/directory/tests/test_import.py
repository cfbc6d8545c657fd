"""The open-data imports, on whichever database the suite runs (SQLite and PostgreSQL)."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection

from passeurs.directory import selectors
from passeurs.directory.models import Organisation
from passeurs.directory.opendata import importer, rna, sirene, sources
from passeurs.directory.opendata.synthetic import write_rna, write_sirene
from passeurs.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=False)

HEADER = ";".join(rna.COLUMNS)


def line(number="W751000001", title="LES AMIS DU JARDIN", position="A", **values):
    fields = dict.fromkeys(rna.COLUMNS, "")
    fields.update(
        id=number,
        titre=title,
        titre_court="AMIJ",
        objet="cultiver des jardins partagés et organiser des ateliers",
        date_creat="2010-05-04",
        date_disso="0001-01-01",
        adrs_codeinsee="75114",
        adrs_codepostal="75014",
        adrs_libcommune="PARIS",
        position=position,
        maj_time="2020-01-02 10:00:00",
    )
    fields.update(values)
    return ";".join(fields[name] for name in rna.COLUMNS)


def waldec(tmp_path, lines, *, name="rna.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode(encoding))
    return path


def rejected(path):
    with open(path, encoding="utf-8") as stream:
        return [(row["ligne"], row["motif"]) for row in csv.DictReader(stream, delimiter=";")]


def snapshot():
    return sorted(
        Organisation.objects.values_list(
            "rna", "name", "is_active", "founded_on", "dissolved_on", "department__code"
        )
    )


def test_an_rna_line_becomes_an_association_of_its_department(tmp_path):
    summary = importer.import_rna([waldec(tmp_path, [line()])])
    assert (summary.created, summary.updated, summary.unchanged) == (1, 0, 0)
    association = Organisation.objects.get(rna="W751000001")
    assert association.kind == "association"
    assert association.source == "rna"
    assert association.department.code == "75"
    assert association.region.code == "11"
    assert association.acronym == "AMIJ"
    assert association.purpose.startswith("cultiver des jardins")
    assert association.name_key == "les amis du jardin"
    assert list(selectors.organisation_search(filters={"q": "jardin partage"})) == [association]


def test_a_second_run_of_the_same_file_changes_nothing_and_says_so(tmp_path):
    path = waldec(tmp_path, [line(), line("W751000002", "CLUB DE TENNIS")])
    importer.import_rna([path])
    before = snapshot()
    summary = importer.import_rna([path])
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert not summary.changed
    assert snapshot() == before


def test_a_newer_line_updates_and_an_older_one_does_not(tmp_path):
    importer.import_rna([waldec(tmp_path, [line()])])
    newer = line(position="D", date_disso="2024-03-01", maj_time="2024-03-02 08:00:00")
    summary = importer.import_rna([waldec(tmp_path, [newer], name="newer.csv")])
    assert summary.updated == 1
    association = Organisation.objects.get(rna="W751000001")
    assert not association.is_active
    assert str(association.dissolved_on) == "2024-03-01"
    assert association.version == 2
    summary = importer.import_rna([waldec(tmp_path, [line()], name="older.csv")])
    assert summary.updated == 0
    assert not Organisation.objects.get(rna="W751000001").is_active


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (line()[:-25], "columns"),
        (line(number="X123"), "identifier"),
        (line(title=" "), "title"),
        (line(position="Z"), "position"),
        (line(date_creat="2023-13-45"), "date"),
        (line(date_creat="31/12/2020"), "date"),
        (line(maj_time="2020-02-30 10:00:00"), "date"),
        # PostgreSQL would refuse such a time and stop the whole COPY: refused line by line.
        (line(maj_time="2020-02-03 25:00:00"), "date"),
        (line(maj_time="2020-02-03 10:60:00"), "date"),
        # A long s is not an S, though Python's upper() makes it one.
        (line(number="W75100000\u017f"), "identifier"),
        (line(position="\u017f"), "position"),
    ],
)
def test_each_bad_line_is_rejected_with_its_number_and_reason(tmp_path, bad, reason):
    rejects = tmp_path / "rejets.csv"
    path = waldec(tmp_path, [line("W751000009"), bad, line("W751000010")])
    summary = importer.import_rna([path], rejects_path=rejects)
    assert summary.created == 2
    assert dict(summary.rejected) == {reason: 1}
    assert rejected(rejects) == [("3", str(rna.REASONS[reason]))]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"siteweb": "HTTPS://Exemple.fr/Agenda"}, {"website": "HTTPS://Exemple.fr/Agenda"}),
        ({"siteweb": " exemple.fr "}, {"website": "http://exemple.fr"}),
        ({"siteweb": "httpexemple.fr"}, {"website": "http://httpexemple.fr"}),
        ({"siteweb": "exemple.\u212aom"}, {"website": ""}),  # a Kelvin sign, not a K
        ({"siret": "12345678900011"}, {"siret": "12345678900011", "siren": "123456789"}),
        # Digits of other scripts are digits for `str.isdigit`, not for a SIRET.
        ({"siret": "\uff11" * 14}, {"siret": "", "siren": ""}),
        ({"adrs_codepostal": "\uff17\uff15\uff10\uff11\uff14"}, {"postal_code": ""}),
        ({"id": " w75100000a ", "position": " d "}, {"rna": "W75100000A", "is_active": False}),
    ],
)
def test_the_registry_values_are_checked_with_ascii_rules(values, expected):
    layout = rna.Layout({name: rna.COLUMNS.index(name) for name in rna.USED}, len(rna.COLUMNS))
    parsed = dict(zip(rna.FIELDS, rna.parse(line(**values).split(";"), layout), strict=True))
    assert {name: parsed[name] for name in expected} == expected


def test_a_number_twice_keeps_the_most_recent_line(tmp_path):
    rejects = tmp_path / "rejets.csv"
    old = line(title="ANCIEN NOM", maj_time="2019-01-01 00:00:00")
    new = line(title="NOUVEAU NOM", maj_time="2021-01-01 00:00:00")
    summary = importer.import_rna([waldec(tmp_path, [new, old])], rejects_path=rejects)
    assert Organisation.objects.get(rna="W751000001").name == "NOUVEAU NOM"
    assert summary.created == 1
    if connection.vendor == "postgresql":
        assert rejected(rejects) == [("3", str(rna.REASONS["duplicate"]))]


def test_latin1_and_utf8_files_are_detected(tmp_path):
    accented = line(title="COMITÉ DES FÊTES DE SÈTE")
    latin = waldec(tmp_path, [accented], name="latin.csv", encoding="latin-1")
    utf8 = waldec(tmp_path, [line("W751000002", "ÉCOLE DE MUSIQUE")], name="utf8.csv")
    assert sources.detect_encoding(sources.Source(latin)).name == "latin-1"
    assert sources.detect_encoding(sources.Source(utf8)).name == "utf-8"
    summary = importer.import_rna([latin, utf8])
    assert [encoding for _name, encoding, _lines in summary.files] == ["Latin-1", "UTF-8"]
    assert Organisation.objects.get(rna="W751000001").name == "COMITÉ DES FÊTES DE SÈTE"
    assert [o.rna for o in selectors.organisation_search(filters={"q": "ecole"})] == ["W751000002"]


def test_a_stray_latin1_line_in_a_utf8_file_is_read_as_latin1(tmp_path):
    path = tmp_path / "mixed.csv"
    body = "\n".join([HEADER, line(title="ÉCOLE"), line("W751000002", "CAFÉ")])
    lines = body.encode("utf-8").split(b"\n")
    lines[2] = line("W751000002", "CAFÉ").encode("latin-1")
    lines.append(line("W751000003", "ÉTÉ").encode("utf-8"))
    path.write_bytes(b"\n".join(lines) + b"\n")
    encoding = sources.detect_encoding(sources.Source(path))
    assert (encoding.name, encoding.repaired_lines) == ("utf-8", 1)
    importer.import_rna([path])
    assert Organisation.objects.get(rna="W751000002").name == "CAFÉ"


def test_a_zip_of_department_files_is_imported(tmp_path):
    archive = tmp_path / "waldec.zip"
    with zipfile.ZipFile(archive, "w") as stream:
        stream.writestr("dpt_75.csv", HEADER + "\n" + line() + "\n")
        stream.writestr("dpt_13.csv", HEADER + "\n" + line("W131000001", "MARSEILLE") + "\n")
    summary = importer.import_rna([archive])
    assert summary.created == 2
    assert len(summary.files) == 2


def test_a_file_without_the_columns_is_refused_clearly(tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("nom;adresse\nx;y\n", encoding="utf-8")
    with pytest.raises(sources.SourceError, match="colonnes absentes"):
        importer.import_rna([path])
    assert not Organisation.objects.exists()


def test_a_structure_entered_by_hand_keeps_its_name_and_gains_the_registry_facts(tmp_path):
    manual = OrganisationFactory(name="Les Amis du Jardin (saisie)", rna="W751000001")
    importer.import_rna([waldec(tmp_path, [line()])])
    manual.refresh_from_db()
    assert manual.name == "Les Amis du Jardin (saisie)"
    assert manual.source == "manual"
    assert str(manual.founded_on) == "2010-05-04"
    assert Organisation.objects.count() == 1


def test_a_killed_run_started_again_ends_with_exactly_the_right_rows(tmp_path, monkeypatch):
    files = write_rna(
        tmp_path / "rna", rows=400, departments=["75", "13"], seed=7, invalid_share=0.05,
        encoding="mixed", as_zip=False,
    )  # fmt: skip

    class Killed(Exception):
        pass

    # SQLite commits batches: die in the middle of the first file. PostgreSQL works in one
    # transaction: die after the merge, while indexing.
    calls = {"batches": 0}
    write = importer.rna._sqlite_write

    def dying_write(*args):
        calls["batches"] += 1
        if calls["batches"] == 3:
            raise Killed
        return write(*args)

    def dying_index(*args):
        raise Killed

    monkeypatch.setattr(importer.rna, "BATCH", 50)
    monkeypatch.setattr(importer.rna, "_sqlite_write", dying_write)
    monkeypatch.setattr(importer.rna, "_index_changed", dying_index)
    with pytest.raises(Killed):
        importer.import_rna(files)
    if connection.vendor == "postgresql":
        assert not Organisation.objects.exists()
    else:
        assert Organisation.objects.count() == 100
    monkeypatch.undo()
    expected_summary = importer.import_rna(files)
    assert expected_summary.created + expected_summary.unchanged > 300
    after_resume = snapshot()
    Organisation.objects.all().delete()
    importer.import_rna(files)
    assert snapshot() == after_resume
    assert Organisation.objects.values("rna").distinct().count() == Organisation.objects.count()


def test_the_command_prints_a_summary_and_writes_the_rejects(tmp_path):
    out = io.StringIO()
    rejects = tmp_path / "rejets.csv"
    path = waldec(tmp_path, [line(), line(number="X1")])
    call_command("import", "rna", str(path), "--rejects", str(rejects), stdout=out)
    text = out.getvalue()
    assert "rna.csv : 2 lignes, UTF-8" in text
    assert "2 lignes lues en" in text
    assert "1 créée, 0 mises à jour, 0 inchangées, 1 rejetée." in text
    stages = next(row for row in text.splitlines() if row.startswith("Étapes : "))
    assert "chargement" in stages or "fusion" in stages
    assert not {"copy", "merge", "load", "vacuum"} & set(stages.split())
    assert str(rejects) in text
    call_command("import", "rna", str(path), "--rejects", str(rejects), stdout=out)
    assert "Rien n’a changé" in out.getvalue()


# SIRENE


def unit(siren, name, *, ess="O", diffusion="O", association="", category="9220", **values):
    row = {
        "siren": siren,
        "statutDiffusionUniteLegale": diffusion,
        "etatAdministratifUniteLegale": "A",
        "denominationUniteLegale": name,
        "sigleUniteLegale": "SIG",
        "categorieJuridiqueUniteLegale": category,
        "activitePrincipaleUniteLegale": "94.99Z",
        "identifiantAssociationUniteLegale": association,
        "economieSocialeSolidaireUniteLegale": ess,
        "societeMissionUniteLegale": "N",
        "dateCreationUniteLegale": "2001-02-03",
        "trancheEffectifsUniteLegale": "12",
        "nomUniteLegale": "",
    }
    row.update(values)
    return row


def stock(tmp_path, units):
    path = tmp_path / "StockUniteLegale.csv"
    columns = [*sirene.USED, "nomUniteLegale", "caractereEmployeurUniteLegale"]
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(units)
    return path


def test_only_ess_units_are_imported_and_an_association_is_enriched(tmp_path):
    importer.import_rna([waldec(tmp_path, [line()])])
    path = stock(
        tmp_path,
        [
            unit("552100554", "LES AMIS DU JARDIN", association="W751000001"),
            unit("732829320", "SCOP DES FLEURS", category="5458"),
            unit("356000000", "LA POSTE", ess="N", category="5510"),
        ],
    )
    summary = importer.import_sirene([path])
    assert (summary.created, summary.updated) == (1, 1)
    association = Organisation.objects.get(rna="W751000001")
    assert association.siren == "552100554"
    assert association.legal_category == "9220"
    assert association.workforce_band == "12"
    assert association.name == "LES AMIS DU JARDIN"
    company = Organisation.objects.get(siren="732829320")
    assert (company.kind, company.source, company.family) == ("esus", "sirene", "ess")
    assert not Organisation.objects.filter(siren="356000000").exists()
    assert Organisation.objects.count() == 2
    again = importer.import_sirene([path])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_units_not_open_to_diffusion_come_without_their_private_fields(tmp_path):
    path = stock(
        tmp_path,
        [
            unit("732829320", "[ND]", diffusion="P", category="1000", sigleUniteLegale="[ND]"),
            unit("552100554", "COOPÉRATIVE DISCRÈTE", diffusion="P", category="5458"),
        ],
    )
    importer.import_sirene([path])
    person = Organisation.objects.get(siren="732829320")
    assert person.diffusion_restricted
    assert person.name == "Unité légale à diffusion restreinte (732829320)"
    assert person.acronym == ""
    company = Organisation.objects.get(siren="552100554")
    assert company.name == "COOPÉRATIVE DISCRÈTE"
    assert company.acronym == ""


def test_bad_sirene_rows_are_rejected_with_a_reason(tmp_path):
    rejects = tmp_path / "rejets.csv"
    path = stock(
        tmp_path,
        [unit("552100555", "MAUVAISE CLÉ"), unit("552100554", ""), unit("732829320", "BONNE")],
    )
    summary = importer.import_sirene([path], rejects_path=rejects)
    assert dict(summary.rejected) == {"siren": 1, "name": 1}
    assert [number for number, _reason in rejected(rejects)] == ["2", "3"]
    assert Organisation.objects.count() == 1


def test_a_synthetic_stock_merges_into_the_synthetic_associations(tmp_path):
    files = write_rna(
        tmp_path / "rna", rows=300, departments=["69"], seed=3, invalid_share=0.0,
        encoding="utf-8", as_zip=False,
    )  # fmt: skip
    importer.import_rna(files)
    associations = Organisation.objects.count()
    path = write_sirene(
        tmp_path / "stock.csv", rows=3000, seed=3, ess_share=0.3, invalid_share=0.01,
        association_ids=[o.rna for o in Organisation.objects.all()],
    )  # fmt: skip
    summary = importer.import_sirene([path])
    assert summary.updated > 0
    enriched = Organisation.objects.exclude(siren="").filter(source="rna").count()
    assert enriched == summary.updated
    assert Organisation.objects.filter(source="rna").count() == associations


def test_two_units_naming_one_association_do_not_stop_the_import(tmp_path):
    importer.import_rna([waldec(tmp_path, [line()])])
    path = stock(
        tmp_path,
        [
            unit("552100554", "LES AMIS DU JARDIN", association="W751000001"),
            unit("732829320", "LES AMIS DU JARDIN BIS", association="W751000001"),
        ],
    )
    summary = importer.import_sirene([path])
    assert summary.updated == 1
    assert Organisation.objects.get(rna="W751000001").siren in ("552100554", "732829320")
