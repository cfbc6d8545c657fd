"""`make bench`: search timings, with ratios to a baseline measured in the same run.

Directory search: the baseline is the plainest query the database can run on the same rows
(a case-sensitive substring match on the name); the ratio says what accent- and
case-insensitive search, filters and the page rendering cost on top of it.

Similar-blocker suggestions: the same kind of baseline (a substring match on the titles of
the stored blockers), against the similarity index searched alone and through the selector
the pages call, with BENCH_BLOCKERS blockers stored; then the index's precision and recall on
the labelled set. Timings are medians of repeated runs: these machines are shared, so only
the ratios are comparable between runs.
"""

import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "20000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
BLOCKERS = int(os.environ.get("BENCH_BLOCKERS", "100000"))
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


def _populate() -> None:
    from passeurs.core.models import Challenge, Department
    from passeurs.directory.models import FAMILY_OF_KIND, Organisation, OrganisationKind
    from passeurs.directory.services import organisation_search_text

    departments = list(Department.objects.select_related("region"))
    kinds = list(OrganisationKind.values)
    words = ["Solidarité", "Épicerie", "Insertion", "Réemploi", "Tiers-lieu", "Santé", "Jeunesse"]
    rows = []
    for index in range(ROWS):
        department = departments[index % len(departments)]
        kind = kinds[index % len(kinds)]
        organisation = Organisation(
            name=f"{words[index % len(words)]} {department.name} {index}",
            kind=kind,
            family=FAMILY_OF_KIND[kind],
            department=department,
            region=department.region,
            city=department.name,
            description="Accompagnement des habitants et des associations du territoire.",
        )
        organisation.search_text = organisation_search_text(organisation)
        rows.append(organisation)
    Organisation.objects.bulk_create(rows, batch_size=2000)
    challenge = Challenge.objects.first()
    through = Organisation.challenges.through
    through.objects.bulk_create(
        [
            through(organisation_id=pk, challenge_id=challenge.pk)
            for pk in Organisation.objects.values_list("pk", flat=True)[::3]
        ],
        batch_size=2000,
    )


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
        _populate()
        _report()
        _populate_blockers()
        _report_blockers()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # The matching solver is pure (no database): it runs after the sections above.
    from passeurs.matching.bench import run as matching_bench

    matching_bench()
    return 0


def _report() -> None:
    from django.test import Client

    from passeurs.core.models import Challenge, Region
    from passeurs.directory.models import Organisation
    from passeurs.directory.selectors import organisation_list

    region = Region.objects.get(code="84")
    challenge = Challenge.objects.first()
    client = Client()

    cases = [
        (
            "baseline: name contains 'Épicerie Rhône', case-sensitive",
            lambda: list(Organisation.objects.filter(name__contains="Épicerie Rhône")[:20]),
        ),
        (
            "search 'epicerie rhone' (accents, case ignored)",
            lambda: list(organisation_list(filters={"q": "epicerie rhone"})[:20]),
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
            lambda: organisation_list(filters={"q": "territoire"}).count(),
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
    _print_table(
        f"Directory search on {ROWS:,} organisations (SQLite, median of {REPEAT} runs)", results
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
