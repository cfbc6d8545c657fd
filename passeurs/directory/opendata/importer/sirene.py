"""The SIRENE import: the ESS units of a StockUniteLegale file (or its zip).

The units are staged in a temporary table and merged by the same statements on both
databases: `COPY` and one transaction on PostgreSQL, batches on SQLite. The line rules are
`opendata.sirene`'s.
"""

import csv
import time
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from passeurs.core.text import fold
from passeurs.directory import search
from passeurs.directory.models import FAMILY_OF_KIND
from passeurs.directory.opendata.importer.common import (
    BATCH,
    Rejects,
    Summary,
    _index_changed,
    _lock_directory,
    _timed,
    _vacuum_after,
)
from passeurs.directory.opendata.progress import Progress, Silent
from passeurs.directory.opendata.sources import (
    check_columns,
    detect_encoding,
    expand,
    header_line,
    text_lines,
)

_SIRENE_COLUMNS = (
    "siren", "name", "name_key", "acronym", "kind", "legal_category", "activity_code",
    "workforce_band", "rna", "is_active", "is_mission_company", "diffusion_restricted",
    "founded_on",
)  # fmt: skip
_SIRENE_FACTS = (
    "legal_category", "activity_code", "workforce_band", "is_mission_company",
    "diffusion_restricted",
)  # fmt: skip


def _sirene_statements(now_sql: str) -> list[str]:
    """The merge, in SQL both databases run: enrich, then create or update SIRENE units."""
    facts = ", ".join(_SIRENE_FACTS)
    o_facts = ", ".join(f"o.{name}" for name in _SIRENE_FACTS)
    r_facts = ", ".join(f"r.{name}" for name in _SIRENE_FACTS)
    set_facts = ", ".join(f"{name} = excluded.{name}" for name in _SIRENE_FACTS)
    insert_columns = (
        "siren, name, name_key, acronym, kind, family, rna, is_active, founded_on, "
        f"{facts}, source, description, purpose, siret, address, postal_code, city, "
        "website, version, created_at, updated_at, source_updated_at"
    )
    insert_values = (
        "r.siren, r.name, r.name_key, r.acronym, r.kind, r.family, r.rna, r.is_active, "
        f"r.founded_on, {r_facts}, 'sirene', '', '', '', '', '', '', '', 1, {now_sql}, "
        f"{now_sql}, NULL"
    )
    distinct = f"({o_facts}) IS DISTINCT FROM ({', '.join(f'excluded.{n}' for n in _SIRENE_FACTS)})"
    return [
        # A structure entered by hand with this SIREN is enriched, never duplicated.
        f"""
        UPDATE directory_organisation AS o SET {", ".join(f"{n} = r.{n}" for n in _SIRENE_FACTS)},
            version = o.version + 1, updated_at = {now_sql}
        FROM passeurs_sirene_rows r
        WHERE r.rna = '' AND o.siren = r.siren AND o.source <> 'sirene'
            AND ({o_facts}) IS DISTINCT FROM ({r_facts})
        RETURNING id, false
        """,
        # An association's unit enriches the association (created here if not imported yet).
        f"""
        INSERT INTO directory_organisation AS o ({insert_columns})
        SELECT {insert_values} FROM passeurs_sirene_rows r WHERE r.rna <> ''
        ON CONFLICT (rna) WHERE NOT (rna = '') DO UPDATE SET {set_facts},
            siren = CASE WHEN o.siren = '' THEN excluded.siren ELSE o.siren END,
            version = o.version + 1, updated_at = excluded.updated_at
        WHERE {distinct} OR o.siren = ''
        RETURNING id, created_at = updated_at
        """,
        # Other units are keyed on their SIREN.
        f"""
        INSERT INTO directory_organisation AS o ({insert_columns})
        SELECT {insert_values} FROM passeurs_sirene_rows r
        WHERE r.rna = '' AND NOT EXISTS (
            SELECT 1 FROM directory_organisation m
            WHERE m.siren = r.siren AND m.source <> 'sirene')
        ON CONFLICT (siren) WHERE source = 'sirene' DO UPDATE SET {set_facts},
            name = excluded.name, name_key = excluded.name_key, acronym = excluded.acronym,
            kind = excluded.kind, family = excluded.family, is_active = excluded.is_active,
            founded_on = excluded.founded_on,
            version = o.version + 1, updated_at = excluded.updated_at
        WHERE {distinct} OR (o.name, o.acronym, o.is_active, o.founded_on)
            IS DISTINCT FROM (excluded.name, excluded.acronym, excluded.is_active,
                excluded.founded_on)
        RETURNING id, created_at = updated_at
        """,
    ]


def import_sirene(paths, *, rejects_path: Path | None = None, progress: Progress | None = None):
    """Import the ESS units of a StockUniteLegale file (or its zip). Returns a Summary."""
    from passeurs.directory.opendata import sirene

    sources = expand(paths)
    progress = progress or Silent()
    progress.total = max(sum(source.size for source in sources), 1)
    summary = Summary(kind="sirene", rejects_path=rejects_path)
    rejects = Rejects(rejects_path, reasons=sirene.REASONS)
    postgres = connection.vendor == "postgresql"
    run_at = timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS passeurs_sirene_rows")
            cursor.execute(
                "CREATE TEMP TABLE passeurs_sirene_rows (siren text, name text, "
                "name_key text, acronym text, kind text, family text, legal_category text, "
                "activity_code text, workforce_band text, rna text, is_active boolean, "
                "is_mission_company boolean, diffusion_restricted boolean, founded_on date)"
            )
            cursor.execute("DROP TABLE IF EXISTS passeurs_import_changed")
            cursor.execute("CREATE TEMP TABLE passeurs_import_changed (id bigint, created boolean)")
            started = time.perf_counter()
            for source in sources:
                encoding = detect_encoding(source)
                found = next(csv.reader([header_line(source, encoding)]))
                layout = sirene.Layout(check_columns(source, found, list(sirene.USED)), len(found))
                rows = _sirene_rows(source, encoding, layout, rejects, progress, summary)
                if postgres:
                    columns = ", ".join((*_SIRENE_COLUMNS, "family"))
                    with cursor.copy(f"COPY passeurs_sirene_rows ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                    started = _timed(summary, "copy", started)
                    with transaction.atomic():
                        progress.stage("Fusion dans l’annuaire")
                        _lock_directory(cursor)
                        _sirene_merge(cursor, run_at, summary)
                        started = _timed(summary, "merge", started)
                        progress.stage("Index de recherche")
                        _index_changed(cursor, summary)
                        started = _timed(summary, "index", started)
                else:
                    batch = []
                    for row in rows:
                        batch.append(row)
                        if len(batch) >= BATCH:
                            _sirene_sqlite_batch(cursor, batch, run_at, summary)
                            batch = []
                    _sirene_sqlite_batch(cursor, batch, run_at, summary)
                    started = _timed(summary, "load", started)
    finally:
        rejects.close()
    summary.rejected = rejects.count
    summary.unchanged = summary.ess - summary.created - summary.updated
    if postgres:
        _vacuum_after(summary)
    return summary


def _sirene_rows(source, encoding, layout, rejects, progress, summary):
    from passeurs.directory.opendata import sirene

    ess = 0
    lines = 0
    for line, raw in text_lines(source, encoding, progress):
        lines = line - 1
        fields = sirene.fields_of(raw)
        if not sirene.is_ess(fields, layout):
            if len(fields) != layout.columns and raw.strip() and '"' not in raw:
                rejects.add(source.name, line, "columns", str(len(fields)), raw)
            continue
        try:
            row = sirene.parse(fields, layout)
        except sirene.Rejected as error:
            rejects.add(source.name, line, error.reason, error.detail, raw)
            continue
        ess += 1
        row["name_key"] = fold(row["name"])
        yield (*(row[name] for name in _SIRENE_COLUMNS), FAMILY_OF_KIND[row["kind"]])
    summary.files.append((source.name, encoding.label, lines))
    summary.ess += ess


def _sirene_merge(cursor, run_at, summary: Summary) -> None:
    postgres = connection.vendor == "postgresql"
    if postgres:
        # Two units naming one association (or one SIREN twice) would make PostgreSQL's
        # ON CONFLICT touch a row twice and refuse the whole merge: the first one is kept.
        for key in ("siren", "rna"):
            cursor.execute(
                "DELETE FROM passeurs_sirene_rows a USING passeurs_sirene_rows b "
                f"WHERE a.{key} = b.{key} AND a.{key} <> '' AND a.ctid > b.ctid"
            )
    for statement in _sirene_statements("%s"):
        params = [run_at] * statement.count("%s")
        if postgres:
            cursor.execute(
                f"WITH merged AS ({statement}) "
                "INSERT INTO passeurs_import_changed SELECT * FROM merged",
                params,
            )
        else:
            cursor.execute(statement, params)
            cursor.executemany(
                "INSERT INTO passeurs_import_changed (id, created) VALUES (%s, %s)",
                cursor.fetchall(),
            )
    cursor.execute(
        "SELECT count(DISTINCT id), count(DISTINCT CASE WHEN created THEN id END) "
        "FROM passeurs_import_changed"
    )
    changed, created = cursor.fetchone()
    summary.created += created
    summary.updated += changed - created


def _sirene_sqlite_batch(cursor, batch, run_at, summary: Summary) -> None:
    if not batch:
        return
    with transaction.atomic():
        cursor.execute("DELETE FROM passeurs_sirene_rows")
        cursor.execute("DELETE FROM passeurs_import_changed")
        columns = (*_SIRENE_COLUMNS, "family")
        cursor.executemany(
            f"INSERT INTO passeurs_sirene_rows ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            batch,
        )
        _sirene_merge(cursor, run_at, summary)
        cursor.execute(
            "SELECT o.id, o.name, o.acronym, o.city, o.purpose, o.description "
            "FROM directory_organisation o WHERE o.id IN (SELECT id FROM passeurs_import_changed)"
        )
        search.backend().index_rows(cursor.fetchall())
