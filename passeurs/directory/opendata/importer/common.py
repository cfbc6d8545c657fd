"""What the RNA and SIRENE imports share: the summary of a run, the rejected lines' file,
the stages' timing, the lock on the directory, the search index's refresh and the VACUUM
after a large import.
"""

import csv
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from passeurs.directory import search
from passeurs.directory.opendata import rna

BATCH = 5000
# Above this share of the table changed, the search index is rebuilt rather than patched.
REBUILD_SHARE = 0.25
# From this many rows, a load that rewrites much of the table rebuilds its plain indexes.
BULK_ROWS = 50_000


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
