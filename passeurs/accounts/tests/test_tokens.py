import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from passeurs.accounts import services
from passeurs.accounts.models import PersonalAccessToken
from passeurs.accounts.tests.factories import UserFactory

CREATE = reverse("accounts:token_create")


def revoke_url(token):
    return reverse("accounts:token_revoke", args=[token.pk])


def test_creating_a_token_shows_the_secret_once_and_stores_only_its_digest(client, member):
    client.force_login(member)

    response = client.post(CREATE, {"token-name": "script d’import"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw_token"]
    page = response.content.decode()
    assert raw in page
    assert "Il ne sera plus jamais affiché." in page
    token = PersonalAccessToken.objects.get(user=member)
    assert token.name == "script d’import"
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.name, token.prefix, token.digest}
    assert raw.startswith(token.prefix)

    assert raw not in client.get(reverse("accounts:profile")).content.decode()


def test_the_profile_lists_the_persons_tokens_only(client, member, owner):
    services.token_create(user=member, name="à moi")
    services.token_create(user=owner, name="pas à moi")
    client.force_login(member)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "à moi" in page
    assert "pas à moi" not in page


def test_a_token_needs_a_name(client, member):
    client.force_login(member)

    response = client.post(CREATE, {"token-name": ""})

    assert "Ce champ est obligatoire." in response.content.decode()
    assert not PersonalAccessToken.objects.exists()


def test_tokens_are_created_by_post_only(client, member):
    client.force_login(member)

    assert client.get(CREATE).status_code == 405


@pytest.mark.django_db
def test_creating_a_token_requires_signing_in(client):
    response = client.post(CREATE, {"token-name": "x"})

    assert response.url.startswith(reverse("accounts:login"))
    assert not PersonalAccessToken.objects.exists()


def test_the_owner_revokes_their_token(client, member):
    token, raw = services.token_create(user=member, name="ci")
    client.force_login(member)

    response = client.post(revoke_url(token))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert services.token_authenticate(raw) is None
    assert "Révoqué le" in client.get(reverse("accounts:profile")).content.decode()


def test_a_stranger_cannot_revoke_someone_elses_token(client, member, stranger):
    token, raw = services.token_create(user=member, name="ci")
    client.force_login(stranger)

    response = client.post(revoke_url(token))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert services.token_authenticate(raw) == member


def test_the_revoke_service_refuses_someone_elses_token(member, stranger):
    token, _ = services.token_create(user=member, name="ci")

    with pytest.raises(PersonalAccessToken.DoesNotExist):
        services.token_revoke(user=stranger, token=token)


def test_a_token_authenticates_its_owner_and_records_its_use(member):
    token, raw = services.token_create(user=member, name="ci")

    assert services.token_authenticate(raw) == member
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["", "pas_inconnu", "autre-chose", "pas_" + "x" * 43])
def test_an_unknown_token_authenticates_nobody(raw):
    UserFactory()

    assert services.token_authenticate(raw) is None


def test_a_revoked_token_authenticates_nobody(member):
    token, raw = services.token_create(user=member, name="ci")
    services.token_revoke(user=member, token=token)

    assert services.token_authenticate(raw) is None


def test_the_token_of_a_deactivated_account_authenticates_nobody(member):
    _, raw = services.token_create(user=member, name="ci")
    member.is_active = False
    member.save()

    assert services.token_authenticate(raw) is None


def test_the_token_command_prints_the_token_alone_on_its_last_line(member):
    out = StringIO()

    call_command("token", "create", "MEMBER@exemple.fr", "--name", "import nocturne", stdout=out)

    raw = out.getvalue().rstrip("\n").splitlines()[-1]
    assert raw.startswith(services.TOKEN_PREFIX)
    assert " " not in raw
    assert services.token_authenticate(raw) == member
    assert PersonalAccessToken.objects.get().name == "import nocturne"


@pytest.mark.django_db
def test_the_token_command_refuses_an_unknown_address_in_french():
    with pytest.raises(CommandError, match="Aucun compte n’existe avec l’adresse"):
        call_command("token", "create", "inconnu@exemple.fr", stdout=StringIO())

    assert not PersonalAccessToken.objects.exists()


def test_the_token_command_refuses_a_deactivated_account(member):
    member.is_active = False
    member.save()

    with pytest.raises(CommandError, match="désactivé"):
        call_command("token", "create", member.email, stdout=StringIO())


def test_the_token_command_revokes_a_token_by_its_visible_beginning(member):
    token, raw = services.token_create(user=member, name="ci")

    call_command("token", "revoke", token.prefix + "…", stdout=StringIO())

    assert services.token_authenticate(raw) is None


@pytest.mark.django_db
def test_the_token_command_refuses_to_revoke_an_unknown_prefix():
    with pytest.raises(CommandError, match="Aucun jeton ne commence par"):
        call_command("token", "revoke", "pas_abcdefgh", stdout=StringIO())
