"""The programmes API: public programmes and editions, and figures that name nobody."""

import datetime

import pytest

from passeurs.pairing import services
from passeurs.pairing.models import ActionKind, EditionState, Pair, PairState
from passeurs.pairing.tests.factories import (
    EditionFactory,
    ProjectCandidacyFactory,
    ServantCandidacyFactory,
    coordinator_of,
    edition_move_to,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/programmes"


@pytest.fixture
def active_pair():
    """An edition running with one active pair and one logged action."""
    edition = EditionFactory()
    ProjectCandidacyFactory(edition=edition)
    ServantCandidacyFactory(edition=edition)
    edition = edition_move_to(edition, EditionState.MATCHING)
    services.matching_run(
        actor=coordinator_of(edition.programme), edition=edition, version=edition.version
    )
    edition_move_to(edition, EditionState.RUNNING)
    pair = Pair.objects.get(edition=edition)
    for user in (pair.project.user, pair.servant.user):
        pair.refresh_from_db()
        services.pair_respond(actor=user, pair=pair, accept=True, version=pair.version)
    pair.refresh_from_db()
    assert pair.state == PairState.ACTIVE
    services.action_log(
        actor=pair.servant.user,
        pair=pair,
        kind=ActionKind.FIELD_VISIT,
        date=datetime.date(2026, 5, 4),
        outcome="Visite de l’épicerie avec la préfecture",
    )
    return pair


def test_the_list_shows_programmes_with_their_editions_to_anybody(client):
    edition = EditionFactory(name="Promotion 2026")

    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    programme = body["results"][0]
    assert programme["name"] == edition.programme.name
    assert programme["url"].endswith(f"/programmes/{edition.programme.pk}/")
    assert [e["name"] for e in programme["editions"]] == ["Promotion 2026"]
    assert programme["editions"][0]["state"] == "candidacy"


def test_a_programme_is_read_by_its_id(client):
    edition = EditionFactory()

    response = client.get(f"{URL}/{edition.programme.pk}")

    assert response.status_code == 200
    assert response.json()["editions"][0]["id"] == edition.pk


def test_an_unknown_programme_is_a_json_404(client, db):
    response = client.get(f"{URL}/999")

    assert response.status_code == 404
    assert response.json()["detail"] == "Programme introuvable."


def test_the_figures_are_the_dashboards(client, active_pair):
    programme = active_pair.edition.programme

    response = client.get(f"{URL}/{programme.pk}/figures")

    assert response.status_code == 200
    figures = response.json()
    assert figures["servants_mobilised"] == 1
    assert figures["pairs_formed"] == 1
    assert figures["pairs_active"] == 1
    assert figures["actions_by_kind"] == {"field_visit": 1}
    assert figures["by_month"]["2026-05"]["actions"] == 1
    assert figures["edition_id"] is None


def test_the_figures_name_nobody(client, active_pair):
    programme = active_pair.edition.programme

    text = client.get(f"{URL}/{programme.pk}/figures").content.decode()

    for person in (active_pair.servant.user, active_pair.project.user):
        assert person.email not in text
        assert person.last_name not in text
    assert "épicerie" not in text


def test_the_figures_narrow_to_an_edition_of_the_programme(client, active_pair):
    programme = active_pair.edition.programme
    empty = EditionFactory(programme=programme)

    narrowed = client.get(f"{URL}/{programme.pk}/figures", {"edition": empty.pk}).json()
    assert (narrowed["edition_id"], narrowed["pairs_formed"]) == (empty.pk, 0)

    elsewhere = EditionFactory()
    response = client.get(f"{URL}/{programme.pk}/figures", {"edition": elsewhere.pk})
    assert response.status_code == 404
