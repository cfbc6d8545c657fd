import pytest
from django.urls import reverse

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")


@pytest.mark.django_db
def test_the_login_page_labels_its_inputs_and_sets_autocomplete(client):
    page = client.get(LOGIN).content.decode()

    assert '<label for="id_username"' in page
    assert '<label for="id_password"' in page
    assert 'autocomplete="email"' in page
    assert 'autocomplete="current-password"' in page
    assert reverse("accounts:password_reset") in page


def test_a_member_signs_in_with_their_address_in_any_case(client, member, password):
    response = client.post(LOGIN, {"username": "MEMBER@exemple.fr", "password": password})

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(member.pk)


def test_signing_in_goes_back_to_a_safe_next_page(client, member, password):
    next_url = reverse("accounts:password_change")
    response = client.post(
        LOGIN, {"username": member.email, "password": password, "next": next_url}
    )

    assert response.url == next_url


def test_signing_in_ignores_a_next_page_on_another_site(client, member, password):
    response = client.post(
        LOGIN, {"username": member.email, "password": password, "next": "https://evil.example/"}
    )

    assert response.url == reverse("accounts:profile")


def test_a_wrong_password_is_refused_with_a_french_message(client, member):
    response = client.post(LOGIN, {"username": member.email, "password": "pas-le-bon"})

    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_sign_in(client, member, password):
    member.is_active = False
    member.save()

    response = client.post(LOGIN, {"username": member.email, "password": password})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signing_out_ends_the_session_and_goes_home(client, member):
    client.force_login(member)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert "_auth_user_id" not in client.session


def test_signing_out_is_refused_by_a_plain_link(client, member):
    client.force_login(member)

    assert client.get(LOGOUT).status_code == 405
    assert client.session["_auth_user_id"] == str(member.pk)
