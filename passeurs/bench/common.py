"""What every report shares: the settings read from the BENCH_* variables (at import time),
the database set up for the run, the timing helpers and the table printing."""

import os
import statistics
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
# `make bench` runs everything on SQLite, then the directory alone on PostgreSQL.
ONLY = os.environ.get("BENCH_ONLY", "")
BLOCKERS = int(os.environ.get("BENCH_BLOCKERS", "100000"))
# BENCH_KEEP=1: keep a database named by DATABASE_URL between runs; the directory is filled
# only when it holds fewer than BENCH_ROWS organisations. BENCH_SEARCH_ONLY=1: then run the
# 200-query search report alone (iterating on the search without a 20-minute import).
KEEP = os.environ.get("BENCH_KEEP", "") == "1"
SEARCH_ONLY = os.environ.get("BENCH_SEARCH_ONLY", "") == "1"
# How many times the 200 search queries run (each round reported: the machines are shared).
SEARCH_ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "1"))
BASELINE_QUERIES = int(os.environ.get("BENCH_BASELINE_QUERIES", "20"))


def _setup() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="passeurs-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "passeurs.test_settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def _median_ms(function) -> float:
    function()  # warm-up
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _print_table(title: str, results: list[tuple[str, float]]) -> None:
    baseline = results[0][1]
    print(f"\n{title}\n")
    print(f"| {'case':<56} | {'median ms':>10} | {'x baseline':>10} |")
    print(f"|{'-' * 58}|{'-' * 12}|{'-' * 12}|")
    for label, value in results:
        print(f"| {label:<56} | {value:>10.2f} | {value / baseline:>10.2f} |")
    print()


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000
