import pytest

from passeurs.core.models import Challenge, Department, Region
from passeurs.directory.tests.factories import InitiativeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/initiatives"

PUBLIC_FIELDS = {
    "id",
    "title",
    "summary",
    "stage",
    "organisation",
    "challenges",
    "regions",
    "departments",
    "beneficiaries",
    "needs",
    "is_public",
    "version",
    "created_at",
    "updated_at",
    "url",
}


def titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def test_it_lists_public_initiatives_with_public_fields_only(client, organisation, owner):
    initiative = InitiativeFactory(
        organisation=organisation,
        title="Cantine solidaire",
        challenges=[Challenge.objects.get(slug="alimentation-durable")],
        departments=[Department.objects.get(code="69")],
    )

    response = client.get(URL)

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert set(row) == PUBLIC_FIELDS
    assert row["organisation"] == {"id": organisation.pk, "name": "La Fabrique à Liens"}
    assert row["challenges"] == ["alimentation-durable"]
    assert row["departments"] == ["69"]
    assert row["regions"] == ["84"]  # implied by the department
    assert row["url"] == f"http://testserver{initiative.get_absolute_url()}"
    assert "owner@exemple.fr" not in response.content.decode()


def test_private_initiatives_are_never_listed_even_for_their_members(client, member, organisation):
    InitiativeFactory(organisation=organisation, title="Public")
    InitiativeFactory(organisation=organisation, title="Confidentiel", private=True)
    client.force_login(member)

    assert titles(client.get(URL)) == ["Public"]
    assert client.get(URL, {"q": "confidentiel"}).json()["count"] == 0


def test_a_private_initiative_is_a_404_even_for_a_coordinator(client, coordinator):
    initiative = InitiativeFactory(private=True)
    client.force_login(coordinator)

    response = client.get(f"{URL}/{initiative.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Projet introuvable."}


def test_it_shows_one_public_initiative(client):
    initiative = InitiativeFactory(title="Tiers-lieu rural")

    response = client.get(f"{URL}/{initiative.pk}")

    assert response.status_code == 200
    assert set(response.json()) == PUBLIC_FIELDS
    assert response.json()["title"] == "Tiers-lieu rural"


def test_its_search_ignores_accents_and_case(client):
    InitiativeFactory(title="Épicerie itinérante")
    InitiativeFactory(title="Garage solidaire", summary="Réparer les voitures.")

    assert titles(client.get(URL, {"q": "EPICERIE"})) == ["Épicerie itinérante"]
    assert titles(client.get(URL, {"q": "réparer"})) == ["Garage solidaire"]


def test_its_search_finds_the_organisation_name(client):
    InitiativeFactory(organisation=OrganisationFactory(name="Les Compagnons Bâtisseurs"))
    InitiativeFactory()

    assert client.get(URL, {"q": "batisseurs"}).json()["count"] == 1


def test_it_filters_by_stage(client):
    InitiativeFactory(title="Une idée", stage="idea")
    InitiativeFactory(title="Qui essaime", stage="scaling")

    assert titles(client.get(URL, {"stage": "scaling"})) == ["Qui essaime"]


def test_it_filters_by_region_and_department(client):
    InitiativeFactory(title="En Bretagne", regions=[Region.objects.get(code="53")])
    InitiativeFactory(title="Dans le Rhône", departments=[Department.objects.get(code="69")])

    assert titles(client.get(URL, {"region": "53"})) == ["En Bretagne"]
    assert titles(client.get(URL, {"region": "84"})) == ["Dans le Rhône"]
    assert titles(client.get(URL, {"department": "69"})) == ["Dans le Rhône"]


def test_it_filters_by_challenge(client):
    InitiativeFactory(title="Santé", challenges=[Challenge.objects.get(slug="sante")])
    InitiativeFactory(title="Culture", challenges=[Challenge.objects.get(slug="culture")])

    assert titles(client.get(URL, {"challenge": "culture"})) == ["Culture"]


def test_an_unknown_department_or_challenge_is_refused(client):
    response = client.get(URL, {"department": "975", "challenge": "bien-etre"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "department": ["Département inconnu : choisissez un code INSEE de département."],
        "challenge": ["Défi inconnu."],
    }


def test_the_list_does_not_query_once_per_initiative(client, django_assert_max_num_queries):
    challenges = list(Challenge.objects.all()[:3])
    departments = list(Department.objects.filter(code__in=["69", "75", "29"]))
    for _ in range(12):
        InitiativeFactory(challenges=challenges, departments=departments)

    with django_assert_max_num_queries(5):
        response = client.get(URL, {"page_size": 50})

    assert len(response.json()["results"]) == 12
