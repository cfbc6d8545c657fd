import pytest

from passeurs.core.models import Challenge

pytestmark = pytest.mark.django_db


def test_territories_list_every_region_then_every_department(client):
    territories = client.get("/api/v1/territories").json()

    assert len(territories) == 18 + 101
    assert {t["kind"] for t in territories[:18]} == {"region"}
    assert {t["kind"] for t in territories[18:]} == {"department"}
    rhone = next(t for t in territories if t["code"] == "69" and t["kind"] == "department")
    assert rhone == {
        "kind": "department",
        "code": "69",
        "name": "Rhône",
        "slug": "rhone",
        "region": "84",
    }


@pytest.mark.parametrize(("kind", "count"), [("region", 18), ("department", 101)])
def test_territories_keep_one_kind_on_request(client, kind, count):
    territories = client.get("/api/v1/territories", {"kind": kind}).json()

    assert len(territories) == count
    assert {t["kind"] for t in territories} == {kind}


def test_an_unknown_territory_kind_is_refused_in_french(client):
    response = client.get("/api/v1/territories", {"kind": "canton"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "kind": ["Sélectionnez un choix valide. canton n’en fait pas partie."]
    }


def test_territories_take_two_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/api/v1/territories")


def test_challenges_list_the_active_ones_in_order(client):
    Challenge.objects.filter(slug="culture").update(is_active=False)

    challenges = client.get("/api/v1/challenges").json()

    assert [c["slug"] for c in challenges] == list(
        Challenge.objects.filter(is_active=True).values_list("slug", flat=True)
    )
    assert "culture" not in {c["slug"] for c in challenges}
    assert set(challenges[0]) == {"slug", "name", "description"}
