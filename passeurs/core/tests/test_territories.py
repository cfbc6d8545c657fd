import pytest

from passeurs.core.models import Challenge, Department, Region
from passeurs.core.text import fold, search_terms

pytestmark = pytest.mark.django_db


def test_the_migration_loads_the_18_regions_and_101_departments():
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101


def test_departments_carry_their_official_codes_and_regions():
    assert Department.objects.get(code="2A").region.name == "Corse"
    assert Department.objects.get(code="2B").name == "Haute-Corse"
    assert Department.objects.get(code="976").region.code == "06"
    assert Department.objects.get(code="974").name == "La Réunion"
    assert Department.objects.get(code="75").region.name == "Île-de-France"
    assert not Department.objects.filter(code="975").exists()
    assert set(Department.objects.values_list("region__code", flat=True)) == set(
        Region.objects.values_list("code", flat=True)
    )


def test_the_default_social_challenges_are_there():
    names = set(Challenge.objects.values_list("name", flat=True))
    assert {"Inclusion", "Santé", "Lien intergénérationnel et autonomie", "Numérique"} <= names
    assert Challenge.objects.count() == 10


def test_fold_ignores_accents_case_and_ligatures():
    assert fold("Île-de-France") == "ile-de-france"
    assert fold("  ŒUVRE   Sociale ") == "oeuvre sociale"
    assert fold("l’Économie") == "l'economie"


def test_search_terms_are_bounded():
    assert search_terms("a " * 20) == ["a"] * 8
    assert search_terms("") == []
    assert len(search_terms("x" * 500)[0]) == 64
