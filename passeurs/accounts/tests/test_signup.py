import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from passeurs.accounts import services
from passeurs.accounts.models import Role, User
from passeurs.accounts.tests.factories import UserFactory

URL = reverse("accounts:signup")
STRONG_PASSWORD = "une-phrase-de-passe-solide-2024"


def signup_data(**overrides):
    data = {
        "email": "Camille.Martin@Exemple.fr",
        "first_name": "Camille",
        "last_name": "Martin",
        "role": Role.PROJECT_LEADER,
        "password": STRONG_PASSWORD,
        "password_confirmation": STRONG_PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_signup_page_labels_every_input_and_sets_autocomplete(client):
    page = client.get(URL).content.decode()

    for field in ["email", "first_name", "last_name", "password", "password_confirmation"]:
        assert f'<label for="id_{field}"' in page
    assert 'autocomplete="email"' in page
    assert page.count('autocomplete="new-password"') == 2
    assert page.count("<h1") == 1
    assert 'value="coordinator"' not in page


@pytest.mark.django_db
def test_the_signup_page_states_the_password_rules_under_the_field(client):
    page = client.get(URL).content.decode()

    assert 'id="id_password_helptext"' in page
    assert "au minimum 8 caractères" in page


@pytest.mark.django_db
def test_a_person_signs_up_and_lands_signed_in_on_their_profile(client):
    response = client.post(URL, signup_data())

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    user = User.objects.get()
    assert user.email == "camille.martin@exemple.fr"
    assert user.role == Role.PROJECT_LEADER
    assert user.check_password(STRONG_PASSWORD)
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_a_signed_in_person_is_sent_from_signup_to_their_profile(client, stranger):
    client.force_login(stranger)

    assert client.get(URL).url == reverse("accounts:profile")


@pytest.mark.django_db
def test_signup_refuses_an_address_already_used_whatever_its_case(client):
    UserFactory(email="camille.martin@exemple.fr")

    response = client.post(URL, signup_data(email="CAMILLE.martin@exemple.fr"))

    assert response.status_code == 200
    assert "Un compte existe déjà avec cette adresse." in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_signup_refuses_a_malformed_address_and_stores_nothing(client):
    response = client.post(URL, signup_data(email="camille@"))

    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_a_weak_password_with_the_validators_french_messages(client):
    response = client.post(URL, signup_data(password="12345678", password_confirmation="12345678"))

    page = response.content.decode()
    assert "Ce mot de passe est entièrement numérique." in page
    assert "Ce mot de passe est trop courant." in page
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_a_password_too_close_to_the_name(client):
    response = client.post(
        URL,
        signup_data(
            email="bartholomew@exemple.fr",
            password="bartholomew1",
            password_confirmation="bartholomew1",
        ),
    )

    assert "trop semblable" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_two_different_passwords(client):
    response = client.post(URL, signup_data(password_confirmation=STRONG_PASSWORD + "!"))

    assert "Les deux mots de passe ne correspondent pas." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_lists_every_missing_field_in_a_summary_and_next_to_it(client):
    response = client.post(URL, {})

    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Le formulaire n’a pas pu être envoyé" in page
    assert page.count("Ce champ est obligatoire.") == 2 * 6  # summary + next to each field
    assert 'aria-invalid="true"' in page
    assert "<title>Erreur : " in page
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_the_coordinator_role(client):
    response = client.post(URL, signup_data(role=Role.COORDINATOR))

    assert "Sélectionnez un choix valide." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_signup_service_refuses_the_coordinator_role_too():
    with pytest.raises(ValidationError) as caught:
        services.user_signup(
            email="chef@exemple.fr",
            password=STRONG_PASSWORD,
            first_name="Chef",
            last_name="Fictif",
            role=Role.COORDINATOR,
        )

    assert "role" in caught.value.error_dict
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_signup_service_reports_every_error_by_field():
    with pytest.raises(ValidationError) as caught:
        services.user_signup(
            email="pas-une-adresse", password="court", first_name="", last_name="", role="x"
        )

    assert set(caught.value.error_dict) == {"email", "first_name", "last_name", "role", "password"}
