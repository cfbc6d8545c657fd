import pytest

from passeurs.core.models import Challenge, Department
from passeurs.directory.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations"

PUBLIC_FIELDS = {
    "id",
    "name",
    "acronym",
    "kind",
    "family",
    "parent_id",
    "website",
    "siren",
    "siret",
    "rna",
    "city",
    "postal_code",
    "region",
    "department",
    "challenges",
    "is_active",
    "url",
}


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def test_it_lists_organisations_with_public_fields_only(client):
    organisation = OrganisationFactory(
        name="Régie de quartier",
        acronym="RQ",
        siren="732829320",
        city="Lyon",
        postal_code="69001",
        address="3 rue de la République",
        description="Une régie.",
        challenges=[Challenge.objects.get(slug="inclusion")],
    )
    MembershipFactory(organisation=organisation, user__email="secret@exemple.fr")

    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "count",
        "count_is_estimate",
        "page",
        "page_size",
        "next",
        "previous",
        "results",
    }
    (row,) = body["results"]
    assert set(row) == PUBLIC_FIELDS
    assert row["id"] == organisation.pk
    assert row["family"] == "ess"
    assert row["region"] == {"code": "84", "name": "Auvergne-Rhône-Alpes"}
    assert row["department"] == {"code": "69", "name": "Rhône"}
    assert row["challenges"] == ["inclusion"]
    assert row["url"] == f"http://testserver{organisation.get_absolute_url()}"
    assert "secret@exemple.fr" not in response.content.decode()


def test_it_shows_the_parent_of_an_administration(client):
    ministry = OrganisationFactory(ministry=True, name="Ministère du Travail")
    OrganisationFactory(kind="directorate", parent=ministry, department=None, name="DGEFP")

    rows = {row["name"]: row for row in client.get(URL).json()["results"]}

    assert rows["DGEFP"]["parent_id"] == ministry.pk
    assert rows["Ministère du Travail"]["parent_id"] is None
    assert rows["Ministère du Travail"]["region"] is None


def test_its_search_ignores_accents_and_case(client):
    OrganisationFactory(name="Épicerie Solidaire du Rhône")
    OrganisationFactory(name="Garage associatif")

    assert names(client.get(URL, {"q": "EPICERIE rhone"})) == ["Épicerie Solidaire du Rhône"]
    assert names(client.get(URL, {"q": "épicerie"})) == ["Épicerie Solidaire du Rhône"]


def test_it_filters_by_family_and_kind(client):
    OrganisationFactory(name="Association A")
    OrganisationFactory(commune=True, name="Commune B")

    assert names(client.get(URL, {"family": "local_authority"})) == ["Commune B"]
    assert names(client.get(URL, {"kind": "association"})) == ["Association A"]


def test_it_filters_by_region_and_department_insee_codes(client):
    OrganisationFactory(name="À Lyon")
    OrganisationFactory(name="À Paris", department=Department.objects.get(code="75"))

    assert names(client.get(URL, {"region": "11"})) == ["À Paris"]
    assert names(client.get(URL, {"department": "69"})) == ["À Lyon"]


def test_it_filters_by_challenge_slug(client):
    OrganisationFactory(name="Numérique", challenges=[Challenge.objects.get(slug="numerique")])
    OrganisationFactory(name="Santé", challenges=[Challenge.objects.get(slug="sante")])

    assert names(client.get(URL, {"challenge": "sante"})) == ["Santé"]


def test_an_unknown_region_gets_the_filter_forms_french_message(client):
    response = client.get(URL, {"region": "99"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "region": ["Région inconnue : choisissez un code INSEE de région."]
    }


def test_an_unknown_family_is_refused_in_french(client):
    response = client.get(URL, {"family": "club"})

    assert response.status_code == 422
    assert response.json()["errors"]["family"] == [
        "Sélectionnez un choix valide. club n’en fait pas partie."
    ]


def test_the_list_does_not_query_once_per_organisation(client, django_assert_max_num_queries):
    inclusion, sante = Challenge.objects.filter(slug__in=["inclusion", "sante"])
    ministry = OrganisationFactory(ministry=True)
    for _ in range(15):
        OrganisationFactory(challenges=[inclusion, sante])
        OrganisationFactory(kind="directorate", parent=ministry, department=None)

    with django_assert_max_num_queries(4):
        response = client.get(URL, {"page_size": 40, "challenge": "inclusion"})

    assert response.json()["count"] == 15


def test_it_shows_one_organisation(client, organisation):
    response = client.get(f"{URL}/{organisation.pk}")

    assert response.status_code == 200
    assert set(response.json()) == PUBLIC_FIELDS
    assert response.json()["name"] == "La Fabrique à Liens"


def test_an_unknown_organisation_is_a_404_in_french(client):
    response = client.get(f"{URL}/987654")

    assert response.status_code == 404
    assert response.json() == {"detail": "Structure introuvable."}


def test_an_identifier_that_is_not_a_number_is_refused(client):
    response = client.get(f"{URL}/abc")

    assert response.status_code == 422
    assert response.json()["errors"] == {"organisation_id": ["Saisissez un nombre entier."]}


@pytest.mark.parametrize("pk", ["0", "-3", "99999999999999999999999"])
def test_an_impossible_identifier_is_a_404_not_a_crash(client, pk):
    assert client.get(f"{URL}/{pk}").status_code == 404
