"""Every page renders for every persona, in French and English, with no unknown variable."""

import pytest
from django.urls import reverse

from passeurs.accounts.tests.factories import UserFactory
from passeurs.directory.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

MISSING = "!!MISSING"  # test_settings makes unknown template variables print this


@pytest.fixture
def initiative(organisation):
    return InitiativeFactory(organisation=organisation, title="Tiers-lieu des Monts du Lyonnais")


def page_urls(organisation, initiative):
    return [
        reverse("core:home"),
        reverse("core:accessibility"),
        reverse("directory:organisation_list"),
        reverse("directory:organisation_list") + "?q=fabrique&region=84",
        reverse("directory:organisation_detail", args=[organisation.pk]),
        reverse("directory:initiative_list"),
        reverse("directory:initiative_list") + "?stage=experimentation&page=2",
        reverse("directory:initiative_detail", args=[initiative.pk]),
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password_reset"),
        reverse("api:openapi-view"),
    ]


def member_urls(organisation, initiative):
    return [
        reverse("accounts:profile"),
        reverse("accounts:password_change"),
        reverse("directory:organisation_create"),
        reverse("directory:organisation_update", args=[organisation.pk]),
        reverse("directory:initiative_create"),
        reverse("directory:initiative_update", args=[initiative.pk]),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_public_pages_render_without_unknown_variables(client, organisation, initiative, language):
    client.cookies["django_language"] = language
    for url in page_urls(organisation, initiative):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MISSING not in response.content.decode(), url
        assert f'lang="{language}"' in response.content.decode(), url


def test_member_pages_render_without_unknown_variables(client, owner, organisation, initiative):
    client.force_login(owner)
    anonymous_only = {reverse("accounts:login"), reverse("accounts:signup")}
    urls = page_urls(organisation, initiative) + member_urls(organisation, initiative)
    for url in (url for url in urls if url not in anonymous_only):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MISSING not in response.content.decode(), url


def test_the_admin_opens_for_a_coordinator_only(client, coordinator, owner):
    client.force_login(owner)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(coordinator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    for model in ("organisation", "initiative", "user", "challenge"):
        assert f"/{model}/" in response.content.decode()


def test_the_english_switch_translates_the_interface(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Discover" in page or "projects" in page
    assert "Découvrir les projets" not in page


def test_an_unknown_page_is_a_french_404(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_a_coordinator_persona_sees_private_initiatives(client, coordinator, organisation):
    private = InitiativeFactory(organisation=organisation, private=True)
    assert client.get(reverse("directory:initiative_detail", args=[private.pk])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("directory:initiative_detail", args=[private.pk])).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("directory:initiative_detail", args=[private.pk])).status_code == 404


def test_pages_stay_french_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="fr"' in response.content.decode()


def test_the_api_honours_accept_language(client):
    response = client.get("/api/v1/organisations?region=99", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "Unknown region" in response.json()["errors"]["region"][0]
