import pytest

from passeurs.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations"


@pytest.fixture
def five_organisations():
    return [OrganisationFactory(name=f"Structure {n}") for n in range(1, 6)]


def test_it_pages_with_links_to_the_neighbours(client, five_organisations):
    body = client.get(URL, {"page": 2, "page_size": 2, "q": "structure"}).json()

    assert body["count"] == 5
    assert (body["page"], body["page_size"]) == (2, 2)
    assert [row["name"] for row in body["results"]] == ["Structure 3", "Structure 4"]
    assert body["next"] == "http://testserver/api/v1/organisations?page=3&page_size=2&q=structure"
    assert body["previous"] == (
        "http://testserver/api/v1/organisations?page=1&page_size=2&q=structure"
    )


def test_the_last_page_has_no_next_and_the_first_no_previous(client, five_organisations):
    assert client.get(URL, {"page": 3, "page_size": 2}).json()["next"] is None
    assert client.get(URL, {"page_size": 2}).json()["previous"] is None


def test_the_page_size_defaults_to_the_site_setting(client, settings, five_organisations):
    settings.PAGE_SIZE = 3

    body = client.get(URL).json()

    assert body["page_size"] == 3
    assert len(body["results"]) == 3


def test_a_page_past_the_end_is_empty_and_points_back_to_the_last(client, five_organisations):
    body = client.get(URL, {"page": 40, "page_size": 2}).json()

    assert body["count"] == 5
    assert body["results"] == []
    assert body["next"] is None
    assert body["previous"].endswith("page=3&page_size=2")


def test_a_huge_page_number_is_an_empty_page_not_a_crash(client, five_organisations):
    response = client.get(URL, {"page": 10**30})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_page_size_above_the_maximum_is_refused(client, settings):
    settings.API_PAGE_SIZE_MAX = 30

    response = client.get(URL, {"page_size": 31})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "page_size": ["Assurez-vous que cette valeur est inférieure ou égale à 30."]
    }


def test_the_maximum_page_size_is_allowed(client, settings):
    settings.API_PAGE_SIZE_MAX = 30

    assert client.get(URL, {"page_size": 30}).status_code == 200


@pytest.mark.parametrize("page", ["0", "-1"])
def test_a_page_below_one_is_refused(client, page):
    response = client.get(URL, {"page": page})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "page": ["Assurez-vous que cette valeur est supérieure ou égale à 1."]
    }


def test_a_page_that_is_not_a_number_is_refused_in_french(client):
    response = client.get(URL, {"page": "deux", "page_size": "x"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "page": ["Saisissez un nombre entier."],
        "page_size": ["Saisissez un nombre entier."],
    }
