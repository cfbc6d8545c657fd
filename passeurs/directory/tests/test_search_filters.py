"""The filters combined with the text query: on PostgreSQL the index holds the filters'
values as lexemes (migration 0006), which must follow every edit and never leak into the
words a query or a correction can reach.

Every test runs on SQLite and on PostgreSQL (DATABASE_URL): both must give the same rows.
"""

import pytest
from django.db import connection

from passeurs.core.models import Challenge, Department
from passeurs.directory import search, selectors, services
from passeurs.directory.filters import OrganisationFilterForm
from passeurs.directory.models import OrganisationKind, SearchWord
from passeurs.directory.search import results as search_results
from passeurs.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def find(query: str = "", **filters):
    form = OrganisationFilterForm(data={"q": query, **filters})
    assert form.is_valid(), form.errors
    return selectors.organisation_search(filters=form.cleaned_data)


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def test_a_structure_moved_to_another_department_is_found_under_it_only(coordinator):
    structure = OrganisationFactory(name="Jardin partagé des Pentes")
    paris = Department.objects.get(code="75")

    services.organisation_update(
        actor=coordinator,
        organisation=structure,
        version=structure.version,
        department=paris,
        region=paris.region,
    )

    assert list(find("jardin partage", department="75")) == [structure]
    assert list(find("jardin partage", department="69")) == []
    assert list(find("jardin partage", region=paris.region.code)) == [structure]
    assert find("jardin partage", department="69").count() == 0


def test_a_structure_closed_leaves_the_active_ones(coordinator):
    structure = OrganisationFactory(name="Jardin partagé des Pentes")

    services.organisation_update(
        actor=coordinator, organisation=structure, version=structure.version, is_active=False
    )

    assert list(find("jardin", status="active")) == []
    assert list(find("jardin", status="dissolved")) == [structure]
    assert list(find("jardin", status="")) == [structure]


def test_every_tier_applies_the_filters(monkeypatch):
    # Tiers of more matches than CANDIDATES come in registry order: both plans are checked.
    lyon = [
        OrganisationFactory(name="Jardin"),  # exact name
        OrganisationFactory(name="Jardin des Pentes"),  # name prefix
        OrganisationFactory(name="Les jardins ouvriers"),  # word in the name
        OrganisationFactory(name="Terre vivante", purpose="Un jardin partagé."),  # object
    ]
    paris = Department.objects.get(code="75")
    for name, purpose in [
        ("Jardin", ""),
        ("Jardin du Marais", ""),
        ("Les jardins de Belleville", ""),
        ("Vergers", "Un jardin."),
    ]:
        OrganisationFactory(name=name, purpose=purpose, department=paris)

    for candidates in (search_results.CANDIDATES, 0):
        monkeypatch.setattr(search_results, "CANDIDATES", candidates)
        found = find("jardin", department="69")
        assert sorted(o.pk for o in found) == sorted(o.pk for o in lyon)
        assert found.count() == 4
        assert list(found)[:2] == lyon[:2]


def test_a_filter_without_a_lexeme_still_applies():
    challenge = Challenge.objects.filter(is_active=True).first()
    chosen = OrganisationFactory(name="Jardin partagé", challenges=[challenge])
    OrganisationFactory(name="Jardin ouvrier")

    results = find("jardin", challenge=challenge.slug, kind=OrganisationKind.ASSOCIATION)

    assert list(results) == [chosen]
    assert results.count() == 1


@pytest.mark.skipif("not on_postgresql()")
def test_the_filter_lexemes_are_out_of_reach_of_queries_and_corrections():
    structure = OrganisationFactory(name="Jardin partagé")
    department = structure.department_id

    assert not SearchWord.objects.filter(word__startswith="~").exists()
    assert list(find(f"d{department}")) == []
    assert list(find(f"~d{department}")) == []
    assert list(find("~active")) == []


@pytest.mark.skipif("not on_postgresql()")
def test_only_the_filters_the_list_applies_become_lexemes():
    lyon = Department.objects.get(code="69")
    backend = search.backend()

    assert backend.filter_query({"q": "x", "status": "all", "department": None}) == ("", True)
    assert backend.filter_query({"department": lyon, "status": "active"}) == (
        f"'~d{lyon.pk}' & '~active'",
        True,
    )
    assert backend.filter_query({"challenge": 3})[1] is False
