import pytest
from django.urls import reverse

from passeurs.accounts.models import Role
from passeurs.core.models import Department, Region

URL = reverse("accounts:profile")


def profile_data(**overrides):
    data = {
        "first_name": "Alix",
        "last_name": "Durand",
        "title": "Cheffe de projet",
        "bio": "J’accompagne des tiers-lieux.",
        "expertise": "Code de l’action sociale",
        "mentoring_capacity": "2",
        "profile_is_public": "on",
        "role": Role.CIVIL_SERVANT,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_profile_requires_signing_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_the_profile_shows_the_person_their_own_organisations(client, owner, organisation):
    client.force_login(owner)

    page = client.get(URL).content.decode()

    assert organisation.name in page
    assert "Administrateur·rice" in page
    assert page.count("<h1") == 1
    assert "Mes structures" in page
    assert "Jetons d’accès personnels" in page


def test_the_profile_shows_the_position_held_in_each_organisation(client, member):
    member.memberships.update(position="Chargée de mission")
    client.force_login(member)

    page = client.get(URL).content.decode()

    assert "Membre, Chargée de mission" in page


def test_the_profile_of_someone_without_organisation_invites_to_declare_one(
    client, stranger, organisation
):
    client.force_login(stranger)

    page = client.get(URL).content.decode()

    assert organisation.name not in page
    assert "Vous n’êtes membre d’aucune structure pour le moment." in page
    assert reverse("directory:organisation_create") in page


def test_a_person_edits_their_own_profile(client, member):
    region = Region.objects.order_by("code").first()
    department = Department.objects.order_by("code").first()
    client.force_login(member)

    response = client.post(URL, profile_data(regions=[region.pk], departments=[department.pk]))

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.last_name, member.title) == (
        "Alix",
        "Durand",
        "Cheffe de projet",
    )
    assert member.mentoring_capacity == 2
    assert member.profile_is_public
    assert member.role == Role.CIVIL_SERVANT
    assert list(member.regions.all()) == [region]
    assert list(member.departments.all()) == [department]


def test_editing_the_profile_changes_nobody_else(client, member, owner):
    client.force_login(member)

    client.post(URL, profile_data(first_name="Intrus"))

    owner.refresh_from_db()
    assert owner.first_name != "Intrus"


def test_the_profile_shows_errors_next_to_fields_and_keeps_the_row(client, member):
    client.force_login(member)
    first_name = member.first_name

    response = client.post(URL, profile_data(first_name="", mentoring_capacity="-1"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert page.count("Ce champ est obligatoire.") == 2
    member.refresh_from_db()
    assert member.first_name == first_name


def test_the_profile_cannot_make_anyone_a_coordinator(client, member):
    client.force_login(member)

    response = client.post(URL, profile_data(role=Role.COORDINATOR))

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.role == Role.PROJECT_LEADER


def test_a_coordinator_edits_their_profile_without_losing_the_role(client, coordinator):
    client.force_login(coordinator)
    assert 'name="role"' not in client.get(URL).content.decode()

    response = client.post(URL, profile_data(role=Role.PROJECT_LEADER))

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR


def test_the_profile_page_runs_a_fixed_number_of_queries(
    client, owner, django_assert_max_num_queries
):
    client.force_login(owner)

    with django_assert_max_num_queries(12):
        client.get(URL)
