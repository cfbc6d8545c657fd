"""The similar-blocker suggestions report: BLOCKERS blockers stored, the similarity index
against a substring baseline and through the selector, then its precision and recall."""

import itertools
import random
import statistics

from passeurs.bench.common import BLOCKERS, REPEAT, _print_table, _timed

# The suggestions target: under this with BLOCKERS stored, index already built.
TARGET_MS = 100


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
