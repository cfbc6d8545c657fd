"""Imports of the open registries into the directory, on PostgreSQL and on SQLite.

PostgreSQL: Python parses and checks the lines (in worker processes for a large import)
and `COPY` takes the accepted ones into a temporary table; the lines that are not newer
than their structure are set aside, one statement merges the others into the
organisations, and what changed is indexed, all in one transaction. SQLite: Python parses
the same lines with the same rules and writes them in batches. Either way a run is
idempotent (rows whose registry date has not moved are left alone and counted as
unchanged) and resumable (a killed run leaves either nothing, on PostgreSQL, or whole
batches, on SQLite; running it again ends with exactly the same rows).
"""

import csv
import multiprocessing
import os
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from passeurs.core.text import fold
from passeurs.directory import search
from passeurs.directory.models import FAMILY_OF_KIND
from passeurs.directory.opendata import rna
from passeurs.directory.opendata.progress import Progress, Silent
from passeurs.directory.opendata.sources import (
    Source,
    check_columns,
    detect_encoding,
    expand,
    header,
    header_line,
    text_lines,
    utf8_blocks,
)

BATCH = 5000
PARIS = ZoneInfo("Europe/Paris")
# Above this share of the table changed, the search index is rebuilt rather than patched.
REBUILD_SHARE = 0.25
# From this many rows, a load that rewrites much of the table rebuilds its plain indexes.
BULK_ROWS = 50_000
# On PostgreSQL, worker processes parse the lines of an import of this size or more.
PARALLEL_BYTES = 16 << 20
WORKERS = min(os.cpu_count() or 1, 4)


@dataclass
class Summary:
    kind: str
    files: list[tuple[str, str, int]] = field(default_factory=list)  # name, encoding, lines
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: Counter = field(default_factory=Counter)
    stages: dict[str, float] = field(default_factory=dict)
    rejects_path: Path | None = None
    ess: int = 0  # SIRENE: ESS units accepted

    @property
    def lines(self) -> int:
        return sum(lines for _name, _encoding, lines in self.files)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class Rejects:
    """The rejected lines, written as they come to a CSV file beside the summary."""

    def __init__(self, path: Path | None, *, reasons: dict | None = None):
        self.path = path
        self.reasons = reasons or rna.REASONS
        self.count = Counter()
        self._file = None
        self._writer = None

    def add(self, source: str, line: int, reason: str, detail: str, content: str) -> None:
        self.count[reason] += 1
        if self.path is None:
            return
        if self._writer is None:
            self._file = open(self.path, "w", newline="", encoding="utf-8")  # noqa: SIM115
            self._writer = csv.writer(self._file, delimiter=";")
            self._writer.writerow(["fichier", "ligne", "motif", "détail", "contenu"])
        self._writer.writerow(
            [source, line, str(self.reasons.get(reason, reason)), detail, content[:300]]
        )

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _vacuum_after(summary: Summary) -> None:
    """After a large import (committed, outside any transaction), mark the new rows visible.

    The name walk reads its postings index-only, and until a VACUUM has passed each posting
    also costs a visit of its table page: autovacuum passes within minutes, but the first
    searches after a national import would be slow meanwhile. A second or two at 1.5 M rows.
    """
    if summary.created + summary.updated < BULK_ROWS or connection.in_atomic_block:
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM directory_organisation, directory_organisationsearch, directory_nameword"
        )
    _timed(summary, "vacuum", started)


def _timed(summary: Summary, stage: str, started: float) -> float:
    now = time.perf_counter()
    summary.stages[stage] = summary.stages.get(stage, 0.0) + now - started
    return now


# --- RNA --------------------------------------------------------------------------------------


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


def _existing(cursor) -> float:
    """The planner's count of structures (the catalogue's, read without locking the table)."""
    cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'directory_organisation'")
    return max(cursor.fetchone()[0], 0)


def _is_bulk(incoming: int, existing: float) -> bool:
    """Whether a load rewrites enough of the table to rebuild its plain indexes once."""
    return incoming >= BULK_ROWS and incoming >= REBUILD_SHARE * existing


def _lock_directory(cursor, *, incoming: int | None = None) -> float:
    """Lock the organisations for a merge, first thing in its transaction; returns the count
    of structures the choice of a bulk load is made on.

    SHARE ROW EXCLUSIVE lets pages read the directory and makes writers, imports included,
    wait. A load that may be a bulk one (`incoming` lines, before the unchanged ones are set
    aside: the bulk load can only be chosen if this one is) takes ACCESS EXCLUSIVE at once,
    which its index drops need. Asking for it later, after reading the table, deadlocked two
    imports started together: each held the read lock the other's stronger one waited for.
    """
    existing = _existing(cursor)
    exclusive = incoming is not None and _is_bulk(incoming, existing)
    mode = "ACCESS EXCLUSIVE" if exclusive else "SHARE ROW EXCLUSIVE"
    cursor.execute(f"LOCK TABLE directory_organisation IN {mode} MODE")
    return existing


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


def _index_changed(cursor, summary: Summary) -> None:
    changed = summary.created + summary.updated
    if not changed:
        return
    total = max(_existing(cursor), 1)
    cursor.execute("ANALYZE directory_organisation")
    if changed > REBUILD_SHARE * total or (total < 1000 and changed > 100):
        search.rebuild()
    else:
        search.backend().index_table("passeurs_import_changed")


# --- SIRENE -----------------------------------------------------------------------------------

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
