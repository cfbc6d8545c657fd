"""Creating and editing a promotion from the pages; a candidate withdrawing their candidacy."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from passeurs.accounts.tests.factories import UserFactory
from passeurs.pairing.models import CandidacyState, Edition, TerritoryMode
from passeurs.pairing.tests.factories import (
    EditionFactory,
    ProgrammeFactory,
    ServantCandidacyFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db


def edition_data(**overrides) -> dict:
    return {
        "name": "Promotion pilote",
        "candidacy_opens": "2027-01-04",
        "candidacy_closes": "2027-02-14",
        "matching_date": "2027-03-01",
        "starts": "2027-03-15",
        "ends": "2027-12-15",
        "capacity": "12",
        "territory_mode": TerritoryMode.DISTANCE,
        "matching_mode": "optimal",
        "weight_expertise": "5",
        "weight_challenges": "3",
        "weight_territory": "0",
        "weight_wishes": "1",
        **overrides,
    }


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def edition(programme):
    return EditionFactory(programme=programme)


def create_url(programme):
    return reverse("pairing:edition_create", args=[programme.pk])


def update_url(edition):
    return reverse("pairing:edition_update", args=[edition.pk])


# Creating


def test_the_programme_page_offers_a_new_promotion_to_its_coordinators_only(client, programme):
    url = reverse("pairing:programme", args=[programme.pk])
    assert "Nouvelle promotion" not in client.get(url).content.decode()

    client.force_login(coordinator_of(programme))
    html = client.get(url).content.decode()

    assert "Nouvelle promotion" in html
    assert create_url(programme) in html


def test_the_creation_form_has_date_inputs_and_one_heading(client, programme):
    client.force_login(coordinator_of(programme))

    response = client.get(create_url(programme))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert html.count('type="date"') == 5
    assert 'for="id_weight_expertise"' in html


def test_a_coordinator_of_the_programme_creates_a_promotion(client, programme):
    client.force_login(coordinator_of(programme))

    response = client.post(create_url(programme), edition_data())

    edition = Edition.objects.get(programme=programme, name="Promotion pilote")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("pairing:manage", args=[edition.pk])
    assert edition.candidacy_opens == datetime.date(2027, 1, 4)
    assert edition.capacity == 12
    assert edition.territory_mode == TerritoryMode.DISTANCE
    assert edition.weights == {"expertise": 5, "challenges": 3, "territory": 0, "wishes": 1}


@pytest.mark.parametrize(
    "persona", ["other_coordinator", "civil_servant"], ids=["another coordinator", "agent"]
)
def test_only_the_programme_s_coordinators_create_its_promotions(client, programme, persona):
    role = {"other_coordinator": {"coordinator": True}, "civil_servant": {"civil_servant": True}}
    client.force_login(UserFactory(**role[persona]))

    assert client.get(create_url(programme)).status_code == HTTPStatus.FORBIDDEN
    assert client.post(create_url(programme), edition_data()).status_code == HTTPStatus.FORBIDDEN
    assert not Edition.objects.filter(programme=programme).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, programme, edition):
    for url in (create_url(programme), update_url(edition)):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("accounts:login"))
    client.post(create_url(programme), edition_data())
    assert Edition.objects.filter(programme=programme).count() == 1


def test_dates_out_of_order_are_refused_in_french_and_nothing_is_stored(client, programme):
    client.force_login(coordinator_of(programme))

    response = client.post(create_url(programme), edition_data(ends="2027-03-01"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Les dates se suivent" in html
    assert "Erreur" in html
    assert not Edition.objects.filter(programme=programme).exists()


def test_a_negative_weight_is_refused(client, programme):
    client.force_login(coordinator_of(programme))

    response = client.post(create_url(programme), edition_data(weight_wishes="-1"))

    assert response.status_code == HTTPStatus.OK
    assert "supérieure ou égale à 0" in response.content.decode()
    assert not Edition.objects.filter(programme=programme).exists()


def test_an_unknown_programme_is_a_404(client, programme):
    client.force_login(coordinator_of(programme))
    assert client.get(reverse("pairing:edition_create", args=[999])).status_code == 404


# Editing


def test_the_coordinators_page_links_to_the_edit_page(client, edition):
    client.force_login(coordinator_of(edition.programme))

    html = client.get(reverse("pairing:manage", args=[edition.pk])).content.decode()

    assert "Modifier la promotion" in html
    assert update_url(edition) in html


def test_a_coordinator_of_the_programme_edits_a_promotion(client, edition):
    version = edition.version
    client.force_login(coordinator_of(edition.programme))
    page = client.get(update_url(edition)).content.decode()
    assert 'value="2026-01-05"' in page
    assert f'name="version" value="{edition.version}"' in page

    response = client.post(
        update_url(edition),
        edition_data(
            name="Promotion printemps",
            candidacy_opens="2026-01-05",
            candidacy_closes="2026-02-20",
            matching_date="2026-03-01",
            starts="2026-03-15",
            ends="2026-12-15",
            capacity="",
            version=edition.version,
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    edition.refresh_from_db()
    assert edition.name == "Promotion printemps"
    assert edition.candidacy_closes == datetime.date(2026, 2, 20)
    assert edition.capacity is None
    assert edition.weight_expertise == 5
    assert edition.version == version + 1


@pytest.mark.parametrize("role", [{"coordinator": True}, {"civil_servant": True}])
def test_only_the_programme_s_coordinators_edit_its_promotions(client, edition, role):
    client.force_login(UserFactory(**role))

    assert client.get(update_url(edition)).status_code == HTTPStatus.FORBIDDEN
    response = client.post(update_url(edition), edition_data(version=edition.version))
    assert response.status_code == HTTPStatus.FORBIDDEN
    edition.refresh_from_db()
    assert edition.name != "Promotion pilote"


def test_an_edit_with_dates_out_of_order_keeps_the_promotion(client, edition):
    client.force_login(coordinator_of(edition.programme))

    response = client.post(
        update_url(edition), edition_data(starts="2026-01-01", version=edition.version)
    )

    assert response.status_code == HTTPStatus.OK
    assert "Les dates se suivent" in response.content.decode()
    version = edition.version
    edition.refresh_from_db()
    assert edition.version == version
    assert edition.name != "Promotion pilote"


def test_a_stale_version_is_a_conflict(client, edition):
    client.force_login(coordinator_of(edition.programme))
    stale = edition.version
    client.post(update_url(edition), edition_data(version=stale))

    response = client.post(update_url(edition), edition_data(name="Trop tard", version=stale))

    assert response.status_code == HTTPStatus.CONFLICT
    assert "modifiée par quelqu’un d’autre" in response.content.decode()
    edition.refresh_from_db()
    assert edition.name == "Promotion pilote"


# Withdrawing a candidacy


@pytest.fixture
def candidacy(edition):
    return ServantCandidacyFactory(edition=edition, state=CandidacyState.SUBMITTED)


def withdraw_url(candidacy):
    return reverse("pairing:withdraw", args=[candidacy.pk])


def test_the_candidate_sees_a_withdraw_button_on_the_edition_and_their_pairs(client, candidacy):
    client.force_login(candidacy.user)

    for url in (reverse("pairing:edition", args=[candidacy.edition_id]), reverse("pairing:mine")):
        html = client.get(url).content.decode()
        assert "Retirer ma candidature" in html
        assert withdraw_url(candidacy) in html


def test_the_candidate_withdraws_their_candidacy(client, candidacy):
    client.force_login(candidacy.user)

    response = client.post(
        withdraw_url(candidacy), {"version": candidacy.version, "back": "mine"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("pairing:mine")
    html = response.content.decode()
    assert "a été retirée" in html
    assert "Retirer ma candidature" not in html
    candidacy.refresh_from_db()
    assert candidacy.state == CandidacyState.WITHDRAWN


def test_a_withdrawal_comes_back_to_the_edition_page_by_default(client, candidacy):
    client.force_login(candidacy.user)

    response = client.post(withdraw_url(candidacy), {"version": candidacy.version})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("pairing:edition", args=[candidacy.edition_id])


@pytest.mark.parametrize("who", ["coordinator", "stranger"])
def test_nobody_else_withdraws_a_candidacy(client, candidacy, who):
    user = (
        coordinator_of(candidacy.edition.programme)
        if who == "coordinator"
        else UserFactory(civil_servant=True)
    )
    client.force_login(user)

    response = client.post(withdraw_url(candidacy), {"version": candidacy.version})

    assert response.status_code == HTTPStatus.FORBIDDEN
    candidacy.refresh_from_db()
    assert candidacy.state == CandidacyState.SUBMITTED


def test_a_stale_withdrawal_is_a_conflict(client, candidacy):
    client.force_login(candidacy.user)

    response = client.post(withdraw_url(candidacy), {"version": candidacy.version + 1})

    assert response.status_code == HTTPStatus.CONFLICT
    assert "Action refusée" in response.content.decode()
    candidacy.refresh_from_db()
    assert candidacy.state == CandidacyState.SUBMITTED


def test_withdrawing_needs_a_post_and_a_signed_in_user(client, candidacy):
    response = client.post(withdraw_url(candidacy), {"version": candidacy.version})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("accounts:login"))
    client.force_login(candidacy.user)
    assert client.get(withdraw_url(candidacy)).status_code == HTTPStatus.METHOD_NOT_ALLOWED
