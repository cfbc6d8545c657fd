import pytest

pytestmark = pytest.mark.django_db


def test_filter_errors_are_in_english_with_accept_language_en(client):
    response = client.get(
        "/api/v1/initiatives", {"stage": "dream"}, headers={"Accept-Language": "en"}
    )

    assert response.json() == {
        "detail": "The data sent is not valid.",
        "errors": {"stage": ["Select a valid choice. dream is not one of the available choices."]},
    }


def test_type_errors_are_in_english_with_accept_language_en(client):
    response = client.get(
        "/api/v1/organisations", {"page": "two"}, headers={"Accept-Language": "en"}
    )

    assert response.json()["errors"] == {"page": ["Enter a whole number."]}


def test_errors_are_in_french_by_default(client):
    response = client.get("/api/v1/initiatives", {"stage": "dream"})

    assert response.json() == {
        "detail": "Les données envoyées ne sont pas valides.",
        "errors": {"stage": ["Sélectionnez un choix valide. dream n’en fait pas partie."]},
    }


def test_several_invalid_filters_are_reported_together(client):
    response = client.get("/api/v1/organisations", {"kind": "club", "region": "00"})

    assert set(response.json()["errors"]) == {"kind", "region"}


def test_an_over_long_search_is_refused_not_truncated(client):
    response = client.get("/api/v1/organisations", {"q": "a" * 201})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["q"]


def test_the_general_messages_are_translated_too(client):
    response = client.post("/api/v1/initiatives", {}, headers={"Accept-Language": "en"})

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentication required")


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/organisations/1/members"])
def test_an_unknown_endpoint_is_a_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Ce point d’accès n’existe pas."}
