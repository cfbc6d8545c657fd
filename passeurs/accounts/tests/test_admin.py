import pytest
from django.urls import reverse

from passeurs.accounts import services
from passeurs.accounts.models import Role, User
from passeurs.accounts.tests.factories import UserFactory

CHANGELIST = reverse("admin:accounts_user_changelist")


def test_the_user_list_loads_for_a_coordinator(client, coordinator, member):
    client.force_login(coordinator)

    response = client.get(CHANGELIST, {"role": Role.PROJECT_LEADER, "q": "member"})

    assert response.status_code == 200
    assert member.email in response.content.decode()


@pytest.mark.django_db
def test_a_project_leader_is_sent_to_the_admin_login(client):
    client.force_login(UserFactory(role=Role.PROJECT_LEADER))

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_coordinator_adds_a_user_in_the_admin(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Nouvelle@Exemple.fr",
            "first_name": "Nouvelle",
            "last_name": "Personne",
            "role": Role.SUPPORT_PARTNER,
            "usable_password": "true",
            "password1": "une-phrase-de-passe-solide-2024",
            "password2": "une-phrase-de-passe-solide-2024",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert user.role == Role.SUPPORT_PARTNER
    assert user.check_password("une-phrase-de-passe-solide-2024")


def test_the_admin_refuses_an_address_already_used(client, coordinator, member):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": member.email.upper(),
            "first_name": "Double",
            "last_name": "Compte",
            "role": Role.SUPPORT_PARTNER,
            "usable_password": "false",
        },
    )

    assert response.status_code == 200
    assert "Un compte existe déjà avec cette adresse." in response.content.decode()


def test_a_coordinator_changes_a_users_role_and_password_in_the_admin(client, coordinator, member):
    client.force_login(coordinator)
    change_url = reverse("admin:accounts_user_change", args=[member.pk])
    assert client.get(change_url).status_code == 200

    data = {
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "title": "",
        "role": Role.COORDINATOR,
        "is_active": "on",
        "bio": "",
        "expertise": "",
        "mentoring_capacity": "0",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "10:00:00",
    }
    response = client.post(change_url, data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.COORDINATOR

    password_url = reverse("admin:auth_user_password_change", args=[member.pk])
    assert client.get(password_url).status_code == 200
    response = client.post(
        password_url,
        {"password1": "encore-une-phrase-solide-7", "password2": "encore-une-phrase-solide-7"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("encore-une-phrase-solide-7")


def test_the_token_admin_lists_tokens_without_their_digest_and_adds_none(
    client, coordinator, member
):
    token, raw = services.token_create(user=member, name="ci")
    client.force_login(coordinator)

    changelist = client.get(reverse("admin:accounts_personalaccesstoken_changelist"))
    detail = client.get(reverse("admin:accounts_personalaccesstoken_change", args=[token.pk]))

    assert changelist.status_code == 200
    assert detail.status_code == 200
    for response in (changelist, detail):
        page = response.content.decode()
        assert token.digest not in page
        assert raw not in page
    assert client.get(reverse("admin:accounts_personalaccesstoken_add")).status_code == 403


def test_a_coordinator_revokes_a_token_from_the_admin(client, coordinator, member):
    token, raw = services.token_create(user=member, name="ci")
    client.force_login(coordinator)

    client.post(
        reverse("admin:accounts_personalaccesstoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert services.token_authenticate(raw) is None
