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
"""

import itertools
import os
import random
import statistics
import sys
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
# The suggestions target: under this with BLOCKERS stored, index already built.
TARGET_MS = 100


def _setup() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="passeurs-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "passeurs.test_settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def _populate(folder: Path) -> None:
    """The directory filled the way production fills it: synthetic waldec files imported."""
    import resource

    from django.db import connection

    from passeurs.core.models import Challenge
    from passeurs.directory.models import Organisation
    from passeurs.directory.opendata import importer
    from passeurs.directory.opendata.synthetic import write_rna

    departments = ["75", "13", "69", "33", "59", "2A", "974", "35", "44", "67"]
    files = write_rna(folder / "rna", rows=ROWS, departments=departments, seed=2026)
    size = sum(path.stat().st_size for path in files)
    started = time.perf_counter()
    summary = importer.import_rna(files)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [("import end to end (search index included)", elapsed, summary.lines / elapsed)]
    for stage, seconds in summary.stages.items():
        rows.append((f"  stage: {stage}", seconds, summary.lines / max(seconds, 1e-6)))
    if connection.vendor == "postgresql":
        rows.append(("baseline: raw COPY into an unindexed table", *_raw_copy(files)))
        load = summary.stages.get("copy", 0) + summary.stages.get("merge", 0)
        ratio = f"load stage (copy + merge) / raw COPY: {load / rows[-1][1]:.2f} (target <= 3)"
    else:
        ratio = "raw COPY baseline: PostgreSQL only (set DATABASE_URL)"
    print(
        f"\nRNA import of {summary.lines:,} lines ({size / 1e6:.0f} MB, {len(files)} files, "
        f"{connection.vendor}): {summary.created:,} created, "
        f"{sum(summary.rejected.values()):,} rejected\n"
    )
    print(f"| {'step':<56} | {'seconds':>10} | {'rows/s':>10} |")
    print(f"|{'-' * 58}|{'-' * 12}|{'-' * 12}|")
    for label, seconds, rate in rows:
        print(f"| {label:<56} | {seconds:>10.2f} | {rate:>10,.0f} |")
    print(f"\n{ratio}; peak memory of this process {peak_mb:.0f} MB (target < 300)")
    challenge = Challenge.objects.first()
    through = Organisation.challenges.through
    through.objects.bulk_create(
        [
            through(organisation_id=pk, challenge_id=challenge.pk)
            for pk in Organisation.objects.values_list("pk", flat=True)[::3]
        ],
        batch_size=2000,
    )


def _already_populated() -> bool:
    """Whether a kept database already holds the directory (see BENCH_KEEP)."""
    from passeurs.directory.models import Organisation

    stored = Organisation.objects.count()
    if stored >= ROWS * 0.9:
        print(f"\nBENCH_KEEP: {stored:,} organisations already stored, import skipped.")
        return True
    return False


def _raw_copy(files) -> tuple[float, float]:
    from django.db import connection

    # One text column per line: the synthetic files carry bad lines on purpose, which a
    # 39-column COPY would refuse, and PostgreSQL parses either at the same speed.
    started = time.perf_counter()
    lines = 0
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw (line text)")
        for path in files:
            encoding = "LATIN1" if "latin" in _encoding_of(path) else "UTF8"
            with (
                cursor.copy(
                    "COPY bench_raw FROM STDIN WITH (FORMAT csv, DELIMITER E'\\x02', HEADER true, "
                    f"QUOTE E'\\x01', ENCODING '{encoding}')"
                ) as copy,
                open(path, "rb") as stream,
            ):
                while block := stream.read(1 << 20):
                    copy.write(block)
                    lines += block.count(b"\n")
        cursor.execute("DROP TABLE bench_raw")
    elapsed = time.perf_counter() - started
    return elapsed, lines / elapsed


def _encoding_of(path) -> str:
    from passeurs.directory.opendata.sources import Source, detect_encoding

    return detect_encoding(Source(path)).name


def _median_ms(function) -> float:
    function()  # warm-up
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


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


def _report() -> None:
    from django.test import Client

    from passeurs.core.models import Challenge, Region
    from passeurs.directory.models import Organisation
    from passeurs.directory.selectors import organisation_search as organisation_list

    region = Region.objects.get(code="84")
    challenge = Challenge.objects.first()
    client = Client()

    cases = [
        (
            "baseline: name contains 'FOOTBALL', case-sensitive",
            lambda: list(Organisation.objects.filter(name__contains="FOOTBALL")[:20]),
        ),
        (
            "search 'club football' (ranked, accents, case ignored)",
            lambda: list(organisation_list(filters={"q": "club football"})[:20]),
        ),
        (
            "search + region + challenge filters",
            lambda: list(
                organisation_list(
                    filters={"q": "solidarite", "region": region, "challenge": challenge}
                )[:20]
            ),
        ),
        (
            "count of a broad search",
            lambda: organisation_list(filters={"q": "association"}).count(),
        ),
        (
            "page /annuaire/structures/?q=sante (full render)",
            lambda: client.get("/annuaire/structures/", {"q": "sante"}),
        ),
        (
            "API /api/v1/organisations?q=sante",
            lambda: client.get("/api/v1/organisations", {"q": "sante"}),
        ),
    ]
    results = [(label, _median_ms(function)) for label, function in cases]
    _print_table(f"Directory search on {ROWS:,} organisations (median of {REPEAT} runs)", results)


def _report_search() -> None:
    """p50/p95 of 200 realistic queries through the page's selector, against a baseline."""
    from django.db.models import Max, Min

    from passeurs.core.models import Department
    from passeurs.core.text import fold
    from passeurs.directory.models import Organisation
    from passeurs.directory.selectors import organisation_search

    rng = random.Random(2026)
    # A sample drawn from the id range with a fixed seed: the same 200 queries on the same
    # rows from one run to the next (an ORDER BY random() would change them every time).
    bounds = Organisation.objects.aggregate(low=Min("id"), high=Max("id"))
    drawn = rng.sample(range(bounds["low"], bounds["high"] + 1), 600)
    stored = Organisation.objects.filter(pk__in=drawn).in_bulk()
    names = [(stored[pk].name, stored[pk].rna, stored[pk].purpose) for pk in drawn if pk in stored][
        :400
    ]
    department = Department.objects.get(code="69")
    queries = []
    for index, (name, number, purpose) in enumerate(names[:200]):
        words = [w for w in fold(name).split() if len(w) > 3] or ["association"]
        kind = index % 5
        if kind == 0:
            queries.append({"q": " ".join(rng.sample(words, min(2, len(words))))})
        elif kind == 1:
            object_words = [w for w in fold(purpose).split() if len(w) > 4] or words
            queries.append({"q": rng.choice(object_words)})
        elif kind == 2:
            word = rng.choice(words)
            typo = word[:2] + word[3] + word[2] + word[4:] if len(word) > 4 else word
            queries.append({"q": typo})
        elif kind == 3:
            queries.append({"q": number})
        else:
            queries.append({"q": rng.choice(words), "department": department})

    slowest = []
    totals = {}
    kinds = ["two name words", "object word", "typo", "RNA number", "word + department"]

    def timed(function, sample=None) -> list[float]:
        samples = []
        for number, filters in enumerate(sample or queries, start=1):
            started = time.perf_counter()
            function(filters)
            samples.append((time.perf_counter() - started) * 1000)
            slowest.append(
                (samples[-1], function.__name__, filters.get("q"), "department" in filters, number)
            )
        return samples

    def page(filters):
        results = organisation_search(filters=filters)
        results.count()
        rows = results[0:20]
        totals[(filters.get("q"), "department" in filters)] = results.displayed_count
        return rows

    def baseline(filters):
        return list(Organisation.objects.filter(name__contains=filters["q"].upper())[:20])

    def pct(samples, share):
        samples = sorted(samples)
        return samples[min(len(samples) - 1, int(share * len(samples)))]

    page(queries[0])
    # The baseline scans the table (seconds a query at 1.5 M rows): 20 of the queries.
    base = timed(baseline, queries[:BASELINE_QUERIES])
    rounds = [timed(page) for _ in range(SEARCH_ROUNDS)]
    scans = _sequential_scans(page, queries)

    print("\n200 realistic queries (words, object words, typos, RNA numbers, department)\n")
    print(f"| {'case':<56} | {'p50 ms':>10} | {'p95 ms':>10} |")
    print(f"|{'-' * 58}|{'-' * 12}|{'-' * 12}|")
    label = f"baseline: name contains the query (no index), {len(base)} of them"
    print(f"| {label:<56} | {pct(base, 0.5):>10.1f} | {pct(base, 0.95):>10.1f} |")
    for number, ours in enumerate(rounds, start=1):
        label = "organisation_search: count + first page" + (
            f" (round {number})" if len(rounds) > 1 else ""
        )
        print(f"| {label:<56} | {pct(ours, 0.5):>10.1f} | {pct(ours, 0.95):>10.1f} |")
    for offset, kind in enumerate(kinds):
        kind_samples = [value for ours in rounds for value in ours[offset::5]]
        label = f"  of which {kind} (40 a round)"
        print(
            f"| {label:<56} | {pct(kind_samples, 0.5):>10.1f} | {pct(kind_samples, 0.95):>10.1f} |"
        )
    worst = sorted((t for t in slowest if t[1] == "page"), reverse=True)[:8]
    print(
        "\nSlowest: "
        + "; ".join(
            f"#{number} {q!r}{' + department' if dept else ''} {ms:.0f} ms "
            f"({totals.get((q, dept), 0):,} found)"
            for ms, _n, q, dept, number in worst
        )
    )
    if scans is not None:
        print(f"\nQuery plans with a sequential scan: {scans}")
    print("\nTargets: p95 < 50 ms on PostgreSQL at 1.5 M rows, < 100 ms on SQLite at 200 k rows.")


def _sequential_scans(page, queries) -> str | None:
    """How many of the page's SQL statements PostgreSQL would run with a Seq Scan on the
    organisations or on their search table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        return None
    statements = []
    for filters in queries:
        with CaptureQueriesContext(connection) as captured:
            page(filters)
        statements.extend(q["sql"] for q in captured.captured_queries)
    selects = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    found = {"directory_organisation": 0, "directory_organisationsearch": 0}
    with connection.cursor() as cursor:
        for sql in selects:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall()) + "\n"
            for table in found:
                found[table] += f"Seq Scan on {table} " in plan or f"Seq Scan on {table}\n" in plan
    return ", ".join(
        f"{table} {count} of {len(selects)} statements" for table, count in found.items()
    )


def _print_table(title: str, results: list[tuple[str, float]]) -> None:
    baseline = results[0][1]
    print(f"\n{title}\n")
    print(f"| {'case':<56} | {'median ms':>10} | {'x baseline':>10} |")
    print(f"|{'-' * 58}|{'-' * 12}|{'-' * 12}|")
    for label, value in results:
        print(f"| {label:<56} | {value:>10.2f} | {value / baseline:>10.2f} |")
    print()


def _synthetic_terms(count: int, seed: int = 2019):
    """Analysed terms of `count` synthetic blockers, as similarity.benchmark draws them.

    A Zipf law over a vocabulary whose most frequent ranks are the real domain words and the
    tail pseudo-words: every query term has a long posting list (pessimistic).
    """
    from passeurs.blockers import similarity
    from passeurs.blockers.tests.similarity_cases import CASES

    rng = random.Random(seed)
    real = {t for case in CASES for t in similarity.analyse(case.text)}
    real = sorted(real | set(similarity.analyse(similarity._DOMAIN_WORDS)))
    rng.shuffle(real)
    vocabulary = real + similarity._pseudo_words(rng, 30_000)
    weights = list(itertools.accumulate(1.0 / rank**1.05 for rank in range(1, len(vocabulary) + 1)))
    for _ in range(count):
        yield rng.choices(vocabulary, cum_weights=weights, k=rng.randint(12, 30)), rng


def _populate_blockers() -> None:
    """BLOCKERS stored blockers: the labelled texts and synthetic ones, 40% citing references.

    Inserted in bulk with their analysed terms, as blocker_declare would have stored them:
    declaring 100,000 blockers through the service would take most of the time budget.
    """
    from passeurs.blockers.models import Blocker, BlockerReference, BlockerState, LegalReference
    from passeurs.blockers.similarity import analyse
    from passeurs.blockers.tests.similarity_cases import CASES
    from passeurs.core.models import Department
    from passeurs.directory.models import Stage
    from passeurs.directory.services import initiative_create, organisation_create

    organisation = organisation_create(
        actor=None,
        name="Banc d’essai solidaire",
        kind="association",
        department=Department.objects.get(code="69"),
    )
    initiative = initiative_create(
        actor=None,
        organisation=organisation,
        title="Banc d’essai",
        summary="Des freins en nombre.",
        stage=Stage.EXPERIMENTATION,
    )
    states = [BlockerState.SUBMITTED] * 6 + [
        BlockerState.QUALIFIED,
        BlockerState.IN_PROGRESS,
        BlockerState.LIFTED,
        BlockerState.DRAFT,
    ]
    keys = sorted({key for case in CASES for key in case.references})
    keys += [f"code:code-synthetique:L{number}" for number in range(5000 - len(keys))]
    LegalReference.objects.bulk_create(
        [LegalReference(key=key, kind="code_article", label=key) for key in keys], batch_size=5000
    )
    reference_ids = dict(LegalReference.objects.values_list("key", "pk"))
    pool = list(reference_ids.values())

    blockers, cited = [], []
    for terms, rng in _synthetic_terms(max(BLOCKERS - len(CASES), 0)):
        text = " ".join(terms)
        blockers.append(
            Blocker(
                title=" ".join(terms[:8])[:200],
                prevents=text,
                terms=text,
                initiative=initiative,
                state=rng.choice(states),
            )
        )
        cited.append(rng.sample(pool, rng.randint(1, 2)) if rng.random() < 0.4 else [])
    for case in CASES:
        blockers.append(
            Blocker(
                title=case.title,
                prevents=case.description,
                terms=" ".join(analyse(f"{case.title} {case.description}")),
                initiative=initiative,
                state=BlockerState.SUBMITTED,
            )
        )
        cited.append([reference_ids[key] for key in case.references])
    Blocker.objects.bulk_create(blockers, batch_size=5000)
    pks = list(Blocker.objects.order_by("pk").values_list("pk", flat=True))
    BlockerReference.objects.bulk_create(
        [
            BlockerReference(blocker_id=pk, reference_id=reference, raw="")
            for pk, references in zip(pks, cited, strict=True)
            for reference in references
        ],
        batch_size=5000,
    )


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def _report_blockers() -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import F
    from django.utils import timezone

    from passeurs.blockers import selectors, similarity
    from passeurs.blockers.models import Blocker
    from passeurs.blockers.tests.similarity_cases import CASES

    anonymous = AnonymousUser()
    grouped = [case for case in CASES if case.group is not None]
    queries = list(itertools.islice(itertools.cycle(grouped), max(REPEAT, len(grouped))))

    def median_over_queries(function) -> float:
        function(queries[0])  # warm-up
        return statistics.median(_timed(lambda q=query: function(q)) for query in queries)

    def suggest(case):
        return selectors.similar_blockers(
            user=anonymous, text=case.text, reference_keys=case.references
        )

    edited = itertools.cycle(Blocker.objects.filter(state="submitted").values_list("pk")[:100])

    def touch():
        # What a transition or an edit writes, as far as the index can tell.
        Blocker.objects.filter(pk=next(edited)[0]).update(
            version=F("version") + 1, updated_at=timezone.now()
        )

    selectors.INDEX.clear()
    build_ms = _timed(selectors.INDEX.get)
    index = selectors.INDEX.get()
    stored = Blocker.objects.count()
    rows = similarity.SimilarityIndex.from_rows(index.to_rows()[:1000])

    results = [
        (
            "baseline: title contains a word, first 5 (SQL)",
            median_over_queries(
                lambda case: list(Blocker.objects.filter(title__contains=case.title[:12])[:5])
            ),
        ),
        (
            "index search among 1,000 blockers (pure Python)",
            median_over_queries(lambda case: rows.search(case.text, case.references, limit=5)),
        ),
        (
            f"index search among {len(index):,} blockers (pure Python)",
            median_over_queries(lambda case: index.search(case.text, case.references, limit=5)),
        ),
        (
            "similar_blockers(): the selector the pages call",
            median_over_queries(suggest),
        ),
        (
            "one blocker edited, then similar_blockers() (catch-up)",
            median_over_queries(lambda case: (touch(), suggest(case))),
        ),
    ]
    _print_table(
        f"Similar-blocker suggestions with {stored:,} blockers stored "
        f"(SQLite, median of {len(queries)} queries, index built)",
        results,
    )
    suggestion_ms = max(value for _label, value in results[-2:])
    verdict = "met" if suggestion_ms < TARGET_MS else "MISSED"
    print(f"Target: suggestions under {TARGET_MS} ms: {verdict} (slowest {suggestion_ms:.1f} ms).")
    print(
        f"Index built from the database in {build_ms / 1000:.1f} s ({len(index):,} blockers "
        "suggested; drafts, withdrawn and merged ones left out), once per process."
    )
    quality = similarity.evaluate()
    print(
        f"Labelled set ({quality['texts']} texts, {quality['queries']} queries): "
        f"precision@3 {quality['precision_at_3']:.3f}, recall@3 {quality['recall_at_3']:.3f}.\n"
    )


if __name__ == "__main__":
    sys.exit(main())
