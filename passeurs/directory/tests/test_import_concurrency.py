"""Two RNA imports at once (PostgreSQL): both finish, and the directory holds each number
once, with its most recent line, whichever import committed first.

A bulk load locks the organisations table before it decides whether it is a first load and
drops its indexes; an import that merged rows already makes it wait, and one that comes
later waits for it. Real threads and connections, committed transactions.
"""

from functools import partial

import pytest
from django.db import connection

from passeurs.core.tests.races import at_once
from passeurs.directory import selectors
from passeurs.directory.models import Organisation
from passeurs.directory.opendata import importer
from passeurs.directory.tests.test_import import line, waldec

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: its imports cannot overlap")


def number(index: int) -> str:
    return f"W75{index:07d}"


def lines(numbers, title: str, year: int) -> list[str]:
    return [line(number(i), f"{title} {i}", maj_time=f"{year}-01-01 00:00:00") for i in numbers]


def run_at_once(paths) -> dict:
    """Each file imported by its own thread, all started together; their summaries."""
    return at_once({path.name: partial(importer.import_rna, [path]) for path in paths})


def test_a_bulk_load_and_a_small_import_at_once_keep_each_number_once(tmp_path, monkeypatch):
    monkeypatch.setattr(importer.common, "BULK_ROWS", 100)
    monkeypatch.setattr(importer.common, "REBUILD_SHARE", 0)
    old = waldec(tmp_path, lines(range(300), "JARDIN ANCIEN", 2020), name="bulk.csv")
    new = waldec(tmp_path, lines(range(280, 320), "JARDIN NOUVEAU", 2024), name="small.csv")

    outcomes = run_at_once([old, new])

    assert all(not isinstance(outcome, Exception) for outcome in outcomes.values()), outcomes
    names = dict(Organisation.objects.values_list("rna", "name"))
    assert len(names) == Organisation.objects.count() == 320
    assert names[number(0)] == "JARDIN ANCIEN 0"
    assert all(names[number(i)] == f"JARDIN NOUVEAU {i}" for i in range(280, 320))
    found = selectors.organisation_search(filters={"q": "jardin nouveau"})
    assert found.count() == 40
    assert sum(o.created for o in outcomes.values()) == 320


def test_two_bulk_loads_at_once_run_one_after_the_other(tmp_path, monkeypatch):
    monkeypatch.setattr(importer.common, "BULK_ROWS", 50)
    monkeypatch.setattr(importer.common, "REBUILD_SHARE", 0)
    paths = [
        waldec(tmp_path, lines(range(200), "CLUB", year), name=f"{year}.csv")
        for year in (2021, 2023)
    ]

    outcomes = run_at_once(paths)

    assert all(not isinstance(outcome, Exception) for outcome in outcomes.values()), outcomes
    assert Organisation.objects.count() == 200
    assert outcomes["2021.csv"].created + outcomes["2023.csv"].created == 200
    # The 2023 lines win whichever import ran first: later, they update; earlier, the 2021
    # lines are not newer and change nothing.
    assert set(Organisation.objects.values_list("source_updated_at__year", flat=True)) == {2023}
