"""`make bench`: directory search timings, with ratios to a baseline measured in the same run.

The baseline is the plainest query the database can run on the same rows (a case-sensitive
substring match on the name); the ratio says what accent- and case-insensitive search,
filters and the page rendering cost on top of it. Timings are medians of repeated runs:
these machines are shared, so only the ratios are comparable between runs.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "20000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


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
    finally:
        shutil.rmtree(folder, ignore_errors=True)
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
    baseline = results[0][1]
    print(f"\nDirectory search on {ROWS:,} organisations (SQLite, median of {REPEAT} runs)\n")
    print(f"| {'case':<55} | {'median ms':>10} | {'x baseline':>10} |")
    print(f"|{'-' * 57}|{'-' * 12}|{'-' * 12}|")
    for label, value in results:
        print(f"| {label:<55} | {value:>10.2f} | {value / baseline:>10.1f} |")
    print()


if __name__ == "__main__":
    sys.exit(main())
