"""The RNA import (waldec files, or folders, or zip archives of them).

SQLite: Python parses the lines and upserts them in batches. PostgreSQL: Python parses and
checks the lines (in worker processes for a large import) and `COPY` takes the accepted
ones into a temporary table; duplicates are rejected, the lines that are not newer than
their structure are set aside, one statement merges the others into the organisations
(a bulk load rebuilds the plain indexes once), and what changed is indexed, all in one
transaction. The line rules are `opendata.rna`'s.
"""

import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from passeurs.directory import search
from passeurs.directory.opendata import rna
from passeurs.directory.opendata.importer.common import (
    BATCH,
    Rejects,
    Summary,
    _index_changed,
    _is_bulk,
    _lock_directory,
    _timed,
    _vacuum_after,
)
from passeurs.directory.opendata.progress import Progress, Silent
from passeurs.directory.opendata.sources import (
    Source,
    check_columns,
    detect_encoding,
    expand,
    header,
    text_lines,
    utf8_blocks,
)

PARIS = ZoneInfo("Europe/Paris")
# On PostgreSQL, worker processes parse the lines of an import of this size or more.
PARALLEL_BYTES = 16 << 20
WORKERS = min(os.cpu_count() or 1, 4)


def import_rna(paths, *, rejects_path: Path | None = None, progress: Progress | None = None):
    """Import waldec files (or folders, or zip archives of them). Returns a Summary."""
    sources = expand(paths)
    progress = progress or Silent()
    progress.total = max(sum(source.size for source in sources), 1)
    summary = Summary(kind="rna", rejects_path=rejects_path)
    rejects = Rejects(rejects_path)
    try:
        if connection.vendor == "postgresql":
            _rna_postgres(sources, summary, rejects, progress)
            _vacuum_after(summary)
        else:
            _rna_sqlite(sources, summary, rejects, progress)
    finally:
        rejects.close()
    summary.rejected = rejects.count
    if not rejects.count and rejects_path is not None:
        summary.rejects_path = None
    return summary


def _prepare(source: Source):
    encoding = detect_encoding(source)
    found = header(source, encoding, delimiter=";")
    positions = check_columns(source, found, list(rna.USED))
    return encoding, rna.Layout(positions, len(found))


# SQLite: Python parses, batches upsert.

_UPSERT_FIELDS = (
    "name", "name_key", "acronym", "purpose", "founded_on", "dissolved_on", "is_active",
    "siret", "siren", "address", "postal_code", "city", "department_id", "region_id",
    "website", "source_updated_at",
)  # fmt: skip
# What an import may overwrite on a structure entered by hand: the registry's own facts.
_REGISTRY_FIELDS = ("founded_on", "dissolved_on", "source_updated_at")


def _rna_upsert_sql() -> str:
    columns = ", ".join(_UPSERT_FIELDS)
    values = ", ".join(["%s"] * len(_UPSERT_FIELDS))
    updates = ", ".join(
        f"{name} = excluded.{name}"
        if name in _REGISTRY_FIELDS
        else f"{name} = CASE WHEN source = 'manual' THEN {name} ELSE excluded.{name} END"
        for name in _UPSERT_FIELDS
        if name != "purpose"
    )
    return f"""
        INSERT INTO directory_organisation (rna, kind, family, source, description,
            is_mission_company, diffusion_restricted, legal_category, activity_code,
            workforce_band, version, created_at, updated_at, {columns})
        VALUES (%s, 'association', 'ess', 'rna', '', false, false, '', '', '', 1, %s, %s,
            {values})
        ON CONFLICT (rna) WHERE NOT (rna = '') DO UPDATE SET {updates},
            purpose = CASE WHEN purpose = '' THEN excluded.purpose ELSE purpose END,
            source = CASE WHEN source = 'sirene' THEN 'rna' ELSE source END,
            version = version + 1, updated_at = excluded.updated_at
        WHERE source_updated_at IS NULL OR excluded.source_updated_at > source_updated_at
    """


def _departments() -> dict[str, tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT code, id, region_id FROM core_department")
        return {code: (pk, region) for code, pk, region in cursor.fetchall()}


def _rna_sqlite(sources, summary, rejects, progress) -> None:
    departments = _departments()
    sql = _rna_upsert_sql()
    run_at = timezone.now()
    for source in sources:
        started = time.perf_counter()
        encoding, layout = _prepare(source)
        counted = {"lines": 0}
        batch: list[tuple] = []
        for _line, row in _parsed_lines(source, encoding, layout, rejects, progress, counted):
            batch.append(_sqlite_values(row, departments, run_at))
            if len(batch) >= BATCH:
                _sqlite_write(sql, batch, run_at, summary)
                batch = []
        _sqlite_write(sql, batch, run_at, summary)
        summary.files.append((source.name, encoding.label, counted["lines"]))
        _timed(summary, "load", started)
    summary.unchanged = summary.lines - sum(rejects.count.values()) - summary.created
    summary.unchanged -= summary.updated


@lru_cache(maxsize=65536)
def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _sqlite_values(row: tuple, departments: dict, run_at: datetime) -> tuple:
    """The upsert's parameters for a parsed line (SQLite wants Python dates)."""
    values = dict(zip(rna.FIELDS, row, strict=True))
    values["name_key"] = rna.name_key(values["name"])
    values["founded_on"] = _day(values["founded_on"])
    values["dissolved_on"] = _day(values["dissolved_on"])
    if values["source_updated_at"]:
        values["source_updated_at"] = datetime.fromisoformat(values["source_updated_at"]).replace(
            tzinfo=PARIS
        )
    values["department_id"], values["region_id"] = departments.get(
        values["department_code"], (None, None)
    )
    return (values["rna"], run_at, run_at, *(values[name] for name in _UPSERT_FIELDS))


def _sqlite_write(sql: str, batch: list[tuple], run_at: datetime, summary: Summary) -> None:
    if not batch:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, batch)
        numbers = sorted({row[0] for row in batch})
        placeholders = ",".join(["%s"] * len(numbers))
        cursor.execute(
            "SELECT id, created_at = %s, name, acronym, city, purpose, description "
            f"FROM directory_organisation WHERE updated_at = %s AND rna IN ({placeholders})",
            [run_at, run_at, *numbers],
        )
        rows = cursor.fetchall()
        created = sum(1 for row in rows if row[1])
        summary.created += created
        summary.updated += len(rows) - created
        search.backend().index_rows([(row[0], *row[2:]) for row in rows])


# PostgreSQL: COPY the parsed rows into a temporary table, then SQL merges them.


def _parsed_lines(
    source: Source, encoding, layout, rejects: Rejects, progress: Progress, counted: dict
):
    """(line number, row) of each accepted line; rejected lines go to `rejects`.

    `counted["lines"]` ends as the number of lines read, header excluded.
    """
    for line, raw in text_lines(source, encoding, progress):
        counted["lines"] = line - 1
        if not raw.strip():
            continue
        try:
            row = rna.parse(raw.split(";"), layout)
        except rna.Rejected as error:
            rejects.add(source.name, line, error.reason, error.detail, raw)
            continue
        yield line, row


def _copy_jobs(source: Source, encoding, layout, file_no: int, pool):
    """`rna.copy_block` of each block of the file, in order, in `pool` if there is one.

    At most two blocks a worker are in flight, so memory stays bounded however large the
    file; the results come back in file order, so rejects are written in line order.
    """
    line = 1
    if pool is None:
        for block in utf8_blocks(source, encoding):
            yield (*rna.copy_block(block, line, file_no, layout), len(block))
            line += block.count(b"\n")
        return
    pending = deque()
    for block in utf8_blocks(source, encoding):
        pending.append((pool.submit(rna.copy_block, block, line, file_no, layout), len(block)))
        line += block.count(b"\n")
        if len(pending) >= 2 * WORKERS:
            future, size = pending.popleft()
            yield (*future.result(), size)
    while pending:
        future, size = pending.popleft()
        yield (*future.result(), size)


@contextmanager
def _workers(sources):
    """Worker processes that parse while this one feeds COPY, for a large import."""
    if WORKERS < 2 or sum(source.size for source in sources) < PARALLEL_BYTES:
        yield None
        return
    # Forked, so that no caller needs a `__main__` guard: a worker only runs
    # `rna.copy_block` (no settings, no database) and never touches the inherited connection.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        yield pool


def _rna_postgres(sources, summary, rejects, progress) -> None:
    with connection.cursor() as cursor:
        # waldec times are Paris local times: COPY reads them in the session's zone.
        cursor.execute("SET TIME ZONE 'Europe/Paris'")
        try:
            _rna_postgres_load(cursor, sources, summary, rejects, progress)
        finally:
            cursor.execute("SELECT set_config('TimeZone', %s, false)", [connection.timezone_name])


def _rna_postgres_load(cursor, sources, summary, rejects, progress) -> None:
    cursor.execute("SET jit = off")
    cursor.execute("SET work_mem = '256MB'")
    cursor.execute("DROP TABLE IF EXISTS passeurs_import_rows")
    cursor.execute(
        """CREATE TEMP TABLE passeurs_import_rows (
            line int, file_no int, rna text, name text, name_key text, acronym text,
            purpose text, founded_on date, dissolved_on date, is_active boolean,
            siret text, siren text, address text, postal_code text, city text,
            department_code text, website text, source_updated_at timestamptz,
            reason text)"""
    )
    started = time.perf_counter()
    names = {}
    columns = ", ".join(rna.COPY_COLUMNS)
    with _workers(sources) as pool:
        for file_no, source in enumerate(sources):
            encoding, layout = _prepare(source)
            names[file_no] = source.name
            lines = 0
            with cursor.copy(f"COPY passeurs_import_rows ({columns}) FROM STDIN") as copy:
                for data, rejected, count, size in _copy_jobs(
                    source, encoding, layout, file_no, pool
                ):
                    copy.write(data)
                    for line, reason, detail, raw in rejected:
                        rejects.add(source.name, line, reason, detail, raw)
                    lines += count
                    progress.advance(bytes_read=size, rows=count)
            summary.files.append((source.name, encoding.label, lines))
    started = _timed(summary, "copy", started)
    with transaction.atomic():
        # Deferred foreign-key checks would leave pending events that forbid CREATE INDEX.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        progress.stage("Fusion dans l’annuaire")
        cursor.execute("SELECT count(*) FROM passeurs_import_rows")
        accepted = cursor.fetchone()[0]
        existing = _lock_directory(cursor, incoming=accepted)
        # The planner's numbers for the joins on the RNA number (the text columns are wide).
        cursor.execute("ANALYZE passeurs_import_rows (rna, reason, source_updated_at)")
        duplicates = _mark_duplicates(cursor, names, rejects)
        _merge_rna(cursor, summary, existing, incoming=accepted - duplicates)
        started = _timed(summary, "merge", started)
        progress.stage("Index de recherche")
        _index_changed(cursor, summary)
        _timed(summary, "index", started)
    cursor.execute("DROP TABLE IF EXISTS passeurs_import_rows")


def _mark_duplicates(cursor, names: dict[int, str], rejects: Rejects) -> int:
    """Keep one line per RNA number, the most recent; the others are rejected (returns how
    many)."""
    cursor.execute(
        "SELECT EXISTS (SELECT rna FROM passeurs_import_rows GROUP BY rna HAVING count(*) > 1)"
    )
    if not cursor.fetchone()[0]:
        return 0
    cursor.execute(
        """
        WITH ranked AS (
            SELECT ctid AS row_id, row_number() OVER (PARTITION BY rna
                ORDER BY source_updated_at DESC NULLS LAST, file_no DESC, line DESC) AS rank
            FROM passeurs_import_rows
        )
        UPDATE passeurs_import_rows r SET reason = 'duplicate'
        FROM ranked WHERE ranked.row_id = r.ctid AND ranked.rank > 1
        RETURNING r.file_no, r.line, r.rna
        """
    )
    marked = sorted(cursor.fetchall())
    for file_no, line, number in marked:
        rejects.add(names[file_no], line, "duplicate", number, number)
    return len(marked)


def _merge_rna(cursor, summary: Summary, existing: float, *, incoming: int) -> None:
    """Merge the `incoming` lines (the staged ones, duplicates left out) into the directory."""
    fields = [name for name in _UPSERT_FIELDS]
    updates = ", ".join(
        f"{name} = EXCLUDED.{name}"
        if name in _REGISTRY_FIELDS
        else f"{name} = CASE WHEN o.source = 'manual' THEN o.{name} ELSE EXCLUDED.{name} END"
        for name in fields
        if name != "purpose"
    )
    cursor.execute("DROP TABLE IF EXISTS passeurs_import_changed")
    # A line whose registry date is not newer than the structure's changes nothing (the
    # merge's own condition, negated): set aside first, so that the merge, and the choice
    # of a bulk load, only see the lines that create or update a structure.
    cursor.execute(
        """
        DELETE FROM passeurs_import_rows r USING directory_organisation o
        WHERE r.reason IS NULL AND o.rna = r.rna AND o.source_updated_at IS NOT NULL
            AND (r.source_updated_at > o.source_updated_at) IS NOT TRUE
        """
    )
    with _bulk_indexes(cursor, incoming - cursor.rowcount, existing) as first_load:
        _merge_rna_rows(cursor, fields, updates, first_load=first_load)
    cursor.execute(
        "SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) "
        "FROM passeurs_import_changed"
    )
    summary.created, summary.updated = cursor.fetchone()
    summary.unchanged = incoming - summary.created - summary.updated


@contextmanager
def _bulk_indexes(cursor, incoming: int, existing: float):
    """For a load that rewrites much of the table, build the plain indexes once at the end.

    PostgreSQL maintains each index row by row during an INSERT, several times slower than
    building it in one sorted pass. Unique indexes stay (the merge's ON CONFLICT needs them)
    except on a first load (`_first_load`, yielded True): no line can conflict, and the
    unique RNA index is built once at the end too, which checks the numbers anyway.
    Inside the import's transaction, so a killed run leaves every index in place (the
    organisations table stays locked until it ends: `_lock_directory` took ACCESS EXCLUSIVE
    for such a load, on the same count of structures). The foreign keys stay too, although
    re-adding them would check the rows faster: dropping one locks the table it refers to,
    and every page reading the departments or regions would wait for the import.
    """
    if not _is_bulk(incoming, existing):
        yield False
        return
    first_load = _first_load(cursor)
    cursor.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE tablename = 'directory_organisation'
            AND (indexdef NOT LIKE 'CREATE UNIQUE%%' OR (%s AND indexname = %s))
        """,
        [first_load, "unique_organisation_rna"],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield first_load
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _name, definition in indexes:
        cursor.execute(definition)


def _first_load(cursor) -> bool:
    """Whether no structure has an RNA number yet (the table is locked: `_lock_directory`).

    Then no line can conflict (the lines are one per number already), and the merge is a
    plain INSERT: ON CONFLICT's speculative insertion costs a third more per row.
    """
    cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM directory_organisation WHERE rna <> '')")
    return cursor.fetchone()[0]


def _merge_rna_rows(cursor, fields, updates, *, first_load: bool = False) -> None:
    conflict = f"""
            ON CONFLICT (rna) WHERE NOT (rna = '') DO UPDATE SET {updates},
                purpose = CASE WHEN o.purpose = '' THEN EXCLUDED.purpose ELSE o.purpose END,
                source = CASE WHEN o.source = 'sirene' THEN 'rna' ELSE o.source END,
                version = o.version + 1, updated_at = now()
            WHERE o.source_updated_at IS NULL
                OR EXCLUDED.source_updated_at > o.source_updated_at"""
    cursor.execute(
        f"""
        CREATE TEMP TABLE passeurs_import_changed AS
        WITH merged AS (
            INSERT INTO directory_organisation AS o (rna, kind, family, source, description,
                is_mission_company, diffusion_restricted, legal_category, activity_code,
                workforce_band, version, created_at, updated_at, {", ".join(fields)})
            SELECT r.rna, 'association', 'ess', 'rna', '', false, false, '', '', '', 1,
                now(), now(), r.name, r.name_key, r.acronym, r.purpose,
                r.founded_on, r.dissolved_on, r.is_active, r.siret, r.siren, r.address,
                r.postal_code, r.city, d.id, d.region_id, r.website, r.source_updated_at
            FROM passeurs_import_rows r
            LEFT JOIN core_department d ON d.code = r.department_code
            WHERE r.reason IS NULL
            {"" if first_load else conflict}
            RETURNING o.id, (xmax = 0) AS created
        )
        SELECT id, created FROM merged
        """
    )
