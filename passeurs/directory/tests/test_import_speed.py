"""The fast paths of the RNA import give exactly what the plain ones give."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from passeurs.core.text import fold
from passeurs.directory.models import Organisation
from passeurs.directory.opendata import importer, rna, sources
from passeurs.directory.opendata.synthetic import write_rna
from passeurs.directory.tests.test_import import line, rejected, snapshot, waldec

pytestmark = pytest.mark.django_db(transaction=False)

LAYOUT = rna.Layout({name: rna.COLUMNS.index(name) for name in rna.USED}, len(rna.COLUMNS))
# Values that reach every branch of the rules and every escape of COPY's text format.
PIECES = st.sampled_from(
    ["", " ", "\t", "\\", "a", "É", "ß", "œ", "＼", "\u00a0", "...", "W", "9", "0", "-", ":",
     "2020-01-02", "0001-01-01", "1700-05-05", "2020-02-30", " 10:00:00", "http://", "x.fr"]
)  # fmt: skip
VALUES = st.lists(PIECES, max_size=5).map("".join)


def plain_copy(text: str, file_no: int) -> tuple[str, list]:
    """What the import sends to COPY, computed the slow way: every value escaped."""
    out, rejects = [], []
    for number, raw in enumerate(text.split("\n")[:-1], start=2):
        if not raw.strip():
            continue
        try:
            row = rna.parse(raw.split(";"), LAYOUT)
        except rna.Rejected as error:
            rejects.append((number, error.reason, error.detail, raw))
            continue
        out.append(rna.copy_line(number, file_no, row))
    return "".join(out), rejects


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "number": st.sampled_from(["W751000001", " w75100000a ", "W7510\\0001", "X1"]),
                "title": VALUES,
                "titre_court": VALUES,
                "objet": VALUES,
                "date_creat": st.sampled_from(["2010-05-04", "0001-01-01", ""]) | VALUES,
                "date_disso": st.sampled_from(["2010-05-04", "0001-01-01", ""]) | VALUES,
                "maj_time": st.sampled_from(["2020-01-02 10:00:00", "2020-01-02 1:00:00", ""])
                | VALUES,
                "position": st.sampled_from(["A", "D", "S", " d ", "Z"]),
                "siteweb": VALUES,
                "adrs_codepostal": VALUES,
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_the_copy_text_of_a_block_is_the_fully_escaped_one(rows):
    text = "".join(line(**row) + "\n" for row in rows)
    data, rejects, count = rna.copy_block(text.encode(), 1, 3, LAYOUT)
    assert (data.decode(), rejects) == plain_copy(text, 3)
    assert count == len(rows)


@pytest.mark.parametrize(
    "title",
    ["LES AMIS", "  Club\x1f de  TENNIS ", "ÉCOLE  ＼ ﬁn", "A" * 254 + " B", "É" * 254 + " B"],
)
def test_the_name_key_is_the_folded_name(title):
    name = rna.parse(line(title=title).split(";"), LAYOUT)[1]
    assert rna.name_key(name) == fold(name)


def test_worker_processes_parse_exactly_what_this_process_parses(tmp_path, monkeypatch):
    files = write_rna(
        tmp_path / "rna", rows=3000, departments=["75", "2A"], seed=11, invalid_share=0.05,
        encoding="mixed", as_zip=False,
    )  # fmt: skip
    monkeypatch.setattr(sources, "BLOCK", 1 << 14)  # many blocks, several in flight
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        for file_no, path in enumerate(files):
            source = sources.Source(path)
            encoding, layout = importer.rna._prepare(source)
            inline = list(importer.rna._copy_jobs(source, encoding, layout, file_no, None))
            assert len(inline) > 4
            assert list(importer.rna._copy_jobs(source, encoding, layout, file_no, pool)) == inline


@pytest.fixture
def first_loads(monkeypatch) -> list[bool]:
    """What each bulk merge decided: a first load (plain INSERT) or not (ON CONFLICT)."""
    decided = []
    real_first_load = importer.rna._first_load
    monkeypatch.setattr(
        importer.rna,
        "_first_load",
        lambda cursor: decided.append(found := real_first_load(cursor)) or found,
    )
    return decided


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and workers: PostgreSQL")
def test_a_bulk_load_in_workers_ends_with_the_same_rows_indexes_and_constraints(
    tmp_path, monkeypatch, first_loads
):
    files = write_rna(
        tmp_path / "rna", rows=2000, departments=["75", "13"], seed=5, invalid_share=0.05,
        encoding="mixed", as_zip=False,
    )  # fmt: skip

    def schema():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'directory_organisation' "
                "UNION ALL SELECT conname || pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'directory_organisation'::regclass ORDER BY 1"
            )
            return cursor.fetchall()

    before = schema()
    importer.import_rna(files, rejects_path=tmp_path / "inline.csv")
    expected = snapshot()
    Organisation.objects.all().delete()
    monkeypatch.setattr(importer.rna, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(importer.rna, "WORKERS", 2)
    monkeypatch.setattr(importer.common, "BULK_ROWS", 100)
    monkeypatch.setattr(sources, "BLOCK", 1 << 14)
    summary = importer.import_rna(files, rejects_path=tmp_path / "workers.csv")
    assert first_loads == [True]  # a plain INSERT, no ON CONFLICT
    assert summary.created == len(expected)
    assert snapshot() == expected
    assert schema() == before
    assert rejected(tmp_path / "workers.csv") == rejected(tmp_path / "inline.csv")
    again = importer.import_rna(files)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(expected))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk loads: PostgreSQL")
def test_a_bulk_load_over_a_structure_entered_by_hand_merges_into_it(
    tmp_path, monkeypatch, first_loads
):
    """A structure with an RNA number already there: not a first load, the merge keeps
    its ON CONFLICT and enriches that structure instead of failing on the unique number."""
    from passeurs.directory.tests.factories import OrganisationFactory

    manual = OrganisationFactory(name="Les amis du jardin (saisie)", rna="W751000001")
    monkeypatch.setattr(importer.common, "BULK_ROWS", 1)
    monkeypatch.setattr(importer.common, "REBUILD_SHARE", 0)
    summary = importer.import_rna([waldec(tmp_path, [line(), line("W751000002", "CLUB")])])

    assert first_loads == [False]
    assert (summary.created, summary.updated) == (1, 1)
    manual.refresh_from_db()
    assert manual.name == "Les amis du jardin (saisie)"  # entered by hand: its name stays
    assert manual.source_updated_at is not None
    assert Organisation.objects.filter(rna="W751000001").count() == 1


def test_only_the_lines_newer_than_the_structure_are_merged(tmp_path):
    importer.import_rna([waldec(tmp_path, [line(), line("W751000002", "CLUB")])])
    newer = line("W751000002", "CLUB DE TENNIS", maj_time="2024-01-01 00:00:00")
    older = line(title="ANCIEN", maj_time="2019-01-01 00:00:00")
    undated = line("W751000003", "SANS DATE", maj_time="")
    summary = importer.import_rna([waldec(tmp_path, [older, newer, undated], name="b.csv")])
    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 1)
    assert Organisation.objects.get(rna="W751000001").name == "LES AMIS DU JARDIN"
    assert Organisation.objects.get(rna="W751000002").name == "CLUB DE TENNIS"
    again = importer.import_rna([waldec(tmp_path, [undated], name="c.csv")])
    # A structure without a registry date takes any line (the merge's rule).
    assert (again.created, again.updated, again.unchanged) == (0, 1, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_large_import_outside_a_transaction_vacuums_the_directory(tmp_path, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(importer.common, "BULK_ROWS", 2)
    with CaptureQueriesContext(connection) as captured:
        summary = importer.import_rna([waldec(tmp_path, [line(), line("W751000002", "CLUB")])])
    assert "vacuum" in summary.stages
    assert any(q["sql"].startswith("VACUUM directory_organisation") for q in captured)

    with CaptureQueriesContext(connection) as captured:
        again = importer.import_rna([waldec(tmp_path, [line()], name="b.csv")])
    assert again.created + again.updated == 0
    assert "vacuum" not in again.stages  # nothing changed: nothing to mark


@pytest.mark.skipif(connection.vendor != "postgresql", reason="partial index proofs: PostgreSQL")
def test_an_rna_lookup_reads_the_unique_index_and_no_copy_of_it_is_kept():
    """Migration 0010: the plain RNA index, which SQLite needs, is not kept on PostgreSQL
    (one index less to rebuild after a national import)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM directory_organisation WHERE rna = 'W751000001'")
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'directory_organisation' "
            "AND indexdef LIKE '%%(rna)%%'"
        )
        indexes = [row[0] for row in cursor.fetchall()]
    assert "unique_organisation_rna" in plan
    assert indexes == ["unique_organisation_rna"]
