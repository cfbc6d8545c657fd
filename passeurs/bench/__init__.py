"""`make bench`: search timings, with ratios to a baseline measured in the same run.

Directory search: the baseline is the plainest query the database can run on the same rows
(a case-sensitive substring match on the name); the ratio says what accent- and
case-insensitive search, filters and the page rendering cost on top of it.

Similar-blocker suggestions: the same kind of baseline (a substring match on the titles of
the stored blockers), against the similarity index searched alone and through the selector
the pages call, with BENCH_BLOCKERS blockers stored; then the index's precision and recall on
the labelled set. Timings are medians of repeated runs: these machines are shared, so only
the ratios are comparable between runs.

Iterating on the search at 1.5 M rows without re-importing them each time: point
DATABASE_URL at a database of your own and run with BENCH_ONLY=directory BENCH_ROWS=1500000
BENCH_SEARCH_ONLY=1 (the import runs only while the table holds fewer than 90 % of
BENCH_ROWS; BENCH_KEEP=1 does the same but runs every report). BENCH_SEARCH_ROUNDS repeats
the 200 queries, BENCH_BASELINE_QUERIES sets how many of them the (seconds-long) baseline runs.

The package, by topic: `common` (the settings read from the BENCH_* variables, the database
set up for the run, the timing helpers and the table printing), `directory` (the RNA import
and the search reports) and `blockers` (the similar-blocker suggestions); the solvers'
benchmarks are `passeurs.matching.bench`'s. `python -m passeurs.bench` runs `main`.
"""

from passeurs.bench.blockers import _populate_blockers, _report_blockers
from passeurs.bench.common import KEEP, ONLY, SEARCH_ONLY, _setup
from passeurs.bench.directory import _already_populated, _populate, _report, _report_search


def main() -> int:
    import shutil

    folder = _setup()
    try:
        if not (KEEP or SEARCH_ONLY) or not _already_populated():
            _populate(folder)
        if SEARCH_ONLY:
            _report_search()
            return 0
        _report()
        _report_search()
        if ONLY != "directory":
            _populate_blockers()
            _report_blockers()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if ONLY == "directory":
        return 0
    # The matching solver is pure (no database): it runs after the sections above.
    from passeurs.matching.bench import run as matching_bench
    from passeurs.matching.bench import run_reviews, run_tables

    matching_bench()
    run_tables()
    run_reviews()
    return 0
