"""PostgreSQL's name postings (migration 0007): the name tier of a broad query walks
`directory_nameword` in name order instead of sorting every match. The walk must give
exactly the rows and the order the sorted plan gives, with the filters and the other tiers'
exclusions, and the postings must follow every edit, deletion and rebuild. Likewise the
folded names of the search rows (migration 0011), on which the last tier chooses its page.

SQLite has no postings (its FTS5 path is unchanged): these tests run on PostgreSQL only.
"""

import pytest
from django.db import connection

from passeurs.core.models import Department
from passeurs.directory import search, selectors, services
from passeurs.directory.filters import OrganisationFilterForm
from passeurs.directory.models import Organisation
from passeurs.directory.tests.factories import OrganisationFactory
from passeurs.directory.tests.test_search import (
    API_ORGANISATIONS,
    ORGANISATIONS,
    _queries,
    _searchable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the name postings exist on PostgreSQL only")


def find(query: str = "", **filters):
    form = OrganisationFilterForm(data={"q": query, **filters})
    assert form.is_valid(), form.errors
    return selectors.organisation_search(filters=form.cleaned_data)


def postings(organisation) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, name_key FROM directory_nameword WHERE organisation_id = %s",
            [organisation.pk],
        )
        return set(cursor.fetchall())


def walked_and_sorted(monkeypatch, query: str, window: slice, **filters):
    """The rows of `window` walked along the postings, and sorted from the GIN index."""
    from passeurs.directory.search import postgres

    monkeypatch.setattr(postgres, "WALK_ABOVE", 0)
    results = find(query, **filters)
    walked = [organisation.name for organisation in results[window]]
    assert any(isinstance(tier, postgres.NameWalk) for tier in results.tiers())
    monkeypatch.setattr(postgres, "WALK_ABOVE", 10**9)
    results = find(query, **filters)
    assert not any(isinstance(tier, postgres.NameWalk) for tier in results.tiers())
    return walked, [organisation.name for organisation in results[window]]


@pytest.fixture
def gardens():
    lyon = Department.objects.get(code="69")
    paris = Department.objects.get(code="75")
    rows = [
        ("Jardin partagé", lyon),  # exact name: its own tier
        ("Jardin partagé des Pentes", lyon),  # name prefix: its own tier
        ("Amicale du jardin", lyon),  # one word only
        ("Les jardins partagés de la Croix-Rousse", lyon),
        ("Association des jardins partagés", paris),
        ("Partage et jardin", lyon),
        ("Zone de jardin partagé", paris),
        ("Collectif partagé", lyon),  # one word only
        ("Brigade des jardins partagés", lyon),
        ("Maison de quartier", lyon, "Un jardin partagé au pied des immeubles."),  # object
        ("Ateliers du jardin partagé", paris),
        ("Vergers partagés et jardins", lyon),
    ]
    for row in rows:
        name, department, *purpose = row
        OrganisationFactory(
            name=name,
            department=department,
            region=department.region,
            purpose=purpose[0] if purpose else "",
        )


@pytest.mark.parametrize("window", [slice(0, 20), slice(0, 3), slice(2, 6), slice(5, 40)])
def test_the_walk_gives_the_rows_and_order_of_the_sorted_plan(monkeypatch, gardens, window):
    walked, sorted_ = walked_and_sorted(monkeypatch, "jardin partagé", window)

    assert walked == sorted_
    if window == slice(0, 20):
        assert walked == [
            "Jardin partagé",
            "Jardin partagé des Pentes",
            "Association des jardins partagés",
            "Ateliers du jardin partagé",
            "Brigade des jardins partagés",
            "Les jardins partagés de la Croix-Rousse",
            "Partage et jardin",
            "Vergers partagés et jardins",
            "Zone de jardin partagé",
            "Maison de quartier",
        ]


@pytest.mark.parametrize("query", ["jardin", "jardins partages", "partage jardin vergers"])
def test_the_walk_agrees_with_the_sorted_plan_for_one_or_more_words(monkeypatch, gardens, query):
    walked, sorted_ = walked_and_sorted(monkeypatch, query, slice(0, 20))

    assert walked == sorted_
    assert walked


def test_the_walk_applies_the_filters(monkeypatch, gardens):
    walked, sorted_ = walked_and_sorted(
        monkeypatch, "jardin partage", slice(0, 20), department="75"
    )

    assert walked == sorted_
    assert walked == [
        "Association des jardins partagés",
        "Ateliers du jardin partagé",
        "Zone de jardin partagé",
    ]


def test_the_walk_pages_past_its_tier(monkeypatch, gardens):
    from passeurs.directory.search import postgres

    monkeypatch.setattr(postgres, "WALK_ABOVE", 0)
    results = find("jardin partage")

    assert results.count() == 10
    assert [organisation.name for organisation in results[9:12]] == ["Maison de quartier"]


def search_key(organisation) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_key FROM directory_organisationsearch WHERE organisation_id = %s",
            [organisation.pk],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def orchards():
    """Structures whose object, not name, says "verger", around the other tiers."""
    lyon, paris = Department.objects.get(code="69"), Department.objects.get(code="75")
    for name, department, purpose in [
        ("Verger", lyon, ""),  # exact name
        ("Verger des Canuts", lyon, "Un verger de quartier."),  # name prefix
        ("Amis du verger", paris, ""),  # a name word
        ("Zèbres et compagnie", lyon, "Planter un verger."),
        ("Atelier nature", paris, "Entretenir le verger communal."),
        ("Maison des jeunes", lyon, "Cueillette au verger."),
        ("Club de pétanque", lyon, "Tournois."),  # no match
        ("Écoles fleuries", paris, "Un verger pour chaque école."),
    ]:
        OrganisationFactory(
            name=name, department=department, region=department.region, purpose=purpose
        )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Atelier nature", "Écoles fleuries", "Maison des jeunes", "Zèbres et compagnie"]),
        ({"department": "75"}, ["Atelier nature", "Écoles fleuries"]),
    ],
)
def test_the_last_tier_chooses_its_page_on_the_search_rows(orchards, filters, expected):
    from passeurs.directory.search import postgres

    results = find("verger", **filters)
    tier = results.tiers()[-1]

    assert isinstance(tier, postgres.SearchKeys)
    assert [organisation.name for organisation in tier[0:10]] == expected
    assert [organisation.name for organisation in tier[1:3]] == expected[1:3]
    assert tier.length_upto(10) == len(expected)
    assert [organisation.name for organisation in results[0:20]][-len(expected) :] == expected


def test_a_filter_outside_the_index_keeps_the_joined_tier(orchards):
    """A challenge is a join, not a lexeme: the search rows alone cannot say the tier."""
    from passeurs.core.models import Challenge
    from passeurs.directory.search import postgres

    challenge = Challenge.objects.filter(is_active=True).first()
    for organisation in Organisation.objects.exclude(name="Maison des jeunes"):
        organisation.challenges.add(challenge)
    results = find("verger", challenge=challenge.slug)
    tier = results.tiers()[-1]

    assert not isinstance(tier, postgres.SearchKeys)
    assert [o.name for o in tier[0:10]] == [
        "Atelier nature",
        "Écoles fleuries",
        "Zèbres et compagnie",
    ]


def test_the_postings_follow_edits_deletions_and_rebuilds(coordinator):
    structure = OrganisationFactory(name="Jardin des Pentes", acronym="JDP")
    assert postings(structure) == {
        (word, "jardin des pentes") for word in ("jardin", "pent", "jdp")
    }
    assert search_key(structure) == "jardin des pentes"

    services.organisation_update(
        actor=coordinator, organisation=structure, version=structure.version, name="Verger"
    )
    assert postings(structure) == {("verg", "verger"), ("jdp", "verger")}
    assert search_key(structure) == "verger"

    Organisation.objects.filter(pk=structure.pk).update(name="Potager", name_key="potager")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE changed AS SELECT %s::bigint AS id", [structure.pk])
        search.backend().index_table("changed")
        cursor.execute("DROP TABLE changed")
    assert search_key(structure) == "potager"
    assert postings(structure) == {("potag", "potager"), ("jdp", "potager")}

    Organisation.objects.filter(pk=structure.pk).update(name="Verger", name_key="verger")
    search.rebuild()
    assert postings(structure) == {("verg", "verger"), ("jdp", "verger")}
    assert search_key(structure) == "verger"

    Organisation.objects.filter(pk=structure.pk).delete()
    assert postings(structure) == set()


@pytest.mark.parametrize(("url", "expected"), [(ORGANISATIONS, 10), (API_ORGANISATIONS, 10)])
def test_a_walked_search_does_as_many_queries_as_a_sorted_one(monkeypatch, client, url, expected):
    from passeurs.directory.search import postgres

    monkeypatch.setattr(postgres, "WALK_ABOVE", 0)
    _searchable(30)

    assert _queries(client, url) == expected


def test_raw_deletions_take_the_search_rows_and_postings_with_them():
    """The search table has no constraint (migration 0008): the trigger cleans up."""
    kept, gone = OrganisationFactory(name="Jardin gardé"), OrganisationFactory(name="Jardin parti")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_organisation WHERE id = %s", [gone.pk])
        cursor.execute("SELECT organisation_id FROM directory_organisationsearch")
        indexed = {row[0] for row in cursor.fetchall()}

    assert indexed == {kept.pk}
    assert postings(gone) == set()
    assert [organisation.name for organisation in find("jardin")] == ["Jardin gardé"]


def test_folded_names_sort_byte_by_byte_whatever_the_locale():
    names = ["Zèbre", "a b", "ab", "Œuvre", "école", "Ecole 2", "10 ans", "Ça va"]
    for name in names:
        OrganisationFactory(name=name)

    keys = list(Organisation.objects.values_list("name_key", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_key FROM directory_nameword ORDER BY name_key, word")
        posted = list(dict.fromkeys(row[0] for row in cursor.fetchall()))

    assert keys == sorted(keys, key=lambda key: key.encode())
    assert posted == sorted(posted, key=lambda key: key.encode())


def test_only_one_word_without_filters_trusts_the_planners_estimate(monkeypatch):
    """`passeurs_count_upto` skips the count when the planner expects far more than the
    limit, for one word and no filter only (migration 0009)."""
    from passeurs.directory.search import postgres

    lyon = Department.objects.get(code="69")
    for number in range(3):
        OrganisationFactory(name=f"Jardin partagé {number}", department=lyon, region=lyon.region)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_organisationsearch")
    monkeypatch.setattr(postgres, "TRUSTED_ESTIMATE", 0)

    def counted(query, filters=""):
        groups, _known = postgres.prepare(query.split())
        sql, params = postgres.match_sql(groups, filters=filters)
        return postgres.count_upto(sql, params, 50, groups=groups)

    assert counted("jardin") == 50  # trusted: the planner expects more than 0 × 50
    assert counted("jardin partage") == 3
    assert counted("jardin", filters=f"'~d{lyon.pk}'") == 3
    monkeypatch.setattr(postgres, "TRUSTED_ESTIMATE", 10**6)
    assert counted("jardin") == 3
