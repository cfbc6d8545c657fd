"""The directory pages: lists, details, forms and the admin, with the personas."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.models import Challenge, Department, Region
from passeurs.directory import selectors
from passeurs.directory.models import (
    Initiative,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Stage,
)
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

ORGANISATIONS = reverse("directory:organisation_list")
INITIATIVES = reverse("directory:initiative_list")
NEW_ORGANISATION = reverse("directory:organisation_create")
NEW_INITIATIVE = reverse("directory:initiative_create")
HTMX = {"HX-Request": "true", "HX-Target": "results"}


def html(response) -> str:
    """The page, after checking that every template variable it uses exists."""
    content = response.content.decode()
    missing = set(re.findall(r"!!MISSING (.+?)!!", content))
    assert not missing, f"unknown template variables: {missing}"
    return content


def department(code: str) -> Department:
    return Department.objects.get(code=code)


def login_url(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={next_url}"


def form_data(form) -> dict:
    """What a browser would post back for `form` as rendered."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = value
    return data


def edit_data(client, url, **changes) -> dict:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return {**form_data(response.context["form"]), **changes}


def results(response) -> list:
    return list(response.context["page_obj"].object_list)


# Organisation list


def test_it_lists_organisations_for_everyone(client, organisation):
    response = client.get(ORGANISATIONS)
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert "La Fabrique à Liens" in page
    assert page.count("<h1") == 1
    assert "1 structure" in page


def test_it_offers_to_add_an_organisation_only_when_signed_in(client, stranger):
    assert NEW_ORGANISATION not in html(client.get(ORGANISATIONS))
    client.force_login(stranger)
    assert NEW_ORGANISATION in html(client.get(ORGANISATIONS))


@pytest.mark.parametrize("query", ["fabrique a liens", "FABRIQUE À LIENS", "liens  fabrique"])
def test_it_searches_organisations_ignoring_accents_and_case(client, organisation, query):
    OrganisationFactory(name="Les Compagnons du Devoir")
    response = client.get(ORGANISATIONS, {"q": query})
    assert results(response) == [organisation]


def test_it_finds_an_organisation_by_a_hyphenated_name(client):
    active = OrganisationFactory(name="Réseau Île-de-France Active", department=department("75"))
    OrganisationFactory(name="France Active Bretagne")
    response = client.get(ORGANISATIONS, {"q": "ile de france"})
    assert results(response) == [active]


def test_it_filters_organisations_by_territory_family_kind_and_challenge(client, organisation):
    education = Challenge.objects.get(slug="education")
    paris = OrganisationFactory(
        name="Mairie de Paris",
        kind=OrganisationKind.COMMUNE,
        department=department("75"),
        challenges=[education],
    )
    assert results(client.get(ORGANISATIONS, {"region": "11"})) == [paris]
    assert results(client.get(ORGANISATIONS, {"department": "69"})) == [organisation]
    assert results(client.get(ORGANISATIONS, {"family": "local_authority"})) == [paris]
    assert results(client.get(ORGANISATIONS, {"kind": "association"})) == [organisation]
    assert results(client.get(ORGANISATIONS, {"challenge": "education"})) == [paris]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "99"}, "Région inconnue"),
        ({"department": "999"}, "Département inconnu"),
        ({"challenge": "n-existe-pas"}, "Défi inconnu"),
        ({"family": "secte"}, "Sélectionnez un choix valide"),
        ({"q": "x" * 201}, "au plus 200 caractères"),
    ],
)
def test_an_invalid_organisation_filter_shows_its_error_and_no_results(
    client, organisation, params, message
):
    response = client.get(ORGANISATIONS, params)
    assert response.status_code == HTTPStatus.OK
    assert message in html(response)
    assert results(response) == []


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1e10", "", "2.5"])
def test_a_bad_page_number_still_shows_a_page(client, organisation, page):
    response = client.get(ORGANISATIONS, {"page": page})
    assert response.status_code == HTTPStatus.OK
    assert results(response) == [organisation]
    html(response)


def test_it_paginates_and_keeps_the_filters_in_the_page_links(client, settings):
    settings.PAGE_SIZE = 2
    for number in range(5):
        OrganisationFactory(name=f"Épicerie {number}")
    OrganisationFactory(name="Autre chose")
    response = client.get(ORGANISATIONS, {"q": "epicerie", "page": "2"})
    page = html(response)
    assert [o.name for o in results(response)] == ["Épicerie 2", "Épicerie 3"]
    assert 'aria-current="page"' in page
    assert "?q=epicerie&amp;page=3" in page
    assert "5 structures" in page


def test_it_says_so_when_nothing_matches(client, organisation):
    page = html(client.get(ORGANISATIONS, {"q": "introuvable"}))
    assert "Aucune structure ne correspond à ces critères." in page
    assert "Effacer les filtres" in page


def test_htmx_gets_the_results_alone_with_the_count_to_announce(client, organisation):
    response = client.get(ORGANISATIONS, {"q": "fabrique"}, headers=HTMX)
    page = html(response)
    assert "<html" not in page
    assert "La Fabrique à Liens" in page
    assert 'id="results-status" hx-swap-oob="innerHTML">1 structure<' in page
    assert "HX-Request" in response["Vary"]


def test_htmx_gets_the_filter_error_alone_too(client, organisation):
    page = html(client.get(ORGANISATIONS, {"region": "99"}, headers=HTMX))
    assert "<html" not in page
    assert "Région inconnue" in page


def test_an_htmx_history_restore_gets_the_whole_page(client, organisation):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    assert "<html" in html(client.get(ORGANISATIONS, headers=headers))


def test_the_list_pages_work_without_javascript(client, organisation):
    page = html(client.get(ORGANISATIONS))
    assert f'<form method="get" action="{ORGANISATIONS}"' in page
    assert 'type="submit"' in page


def test_the_filters_refresh_the_results_with_htmx(client):
    page = html(client.get(INITIATIVES))
    assert f'hx-get="{INITIATIVES}" hx-target="#results" hx-push-url="true"' in page
    assert '<div id="results">' in page
    assert 'id="results-status" class="fr-sr-only" aria-live="polite"' in page


def test_the_pagination_marks_its_inactive_links_as_disabled(client, settings):
    settings.PAGE_SIZE = 1
    OrganisationFactory()
    OrganisationFactory()
    page = html(client.get(ORGANISATIONS))
    assert 'fr-pagination__link--prev fr-pagination__link--lg-label" aria-disabled="true"' in page
    assert 'href="?page=2"' in page


def test_the_organisation_list_has_a_bounded_number_of_queries(
    client, stranger, django_assert_max_num_queries
):
    education = Challenge.objects.get(slug="education")
    for number in range(15):
        OrganisationFactory(name=f"Structure {number}", challenges=[education])
    client.force_login(stranger)
    # session, user, the two filter values, count, page, and the three filter select lists
    with django_assert_max_num_queries(9):
        response = client.get(ORGANISATIONS, {"department": "69", "challenge": "education"})
    assert len(results(response)) == 15


def unlabelled_controls(page: str) -> set[str]:
    controls = set(
        re.findall(r'<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page)
    )
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', page))
    return controls - labelled


@pytest.mark.parametrize("url", [ORGANISATIONS, INITIATIVES, NEW_ORGANISATION, NEW_INITIATIVE])
def test_every_form_control_has_a_label(client, member, url):
    client.force_login(member)
    page = html(client.get(url))
    assert "<input" in page
    assert unlabelled_controls(page) == set()


# Organisation detail


def test_it_shows_an_organisation_to_everyone(client, organisation):
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert "<h1>La Fabrique à Liens</h1>" in page
    assert "Rhône (69), Auvergne-Rhône-Alpes" in page


def test_an_unknown_organisation_is_a_404(client):
    assert client.get(reverse("directory:organisation_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "can_edit", "can_add_initiative"),
    [
        (None, False, False),
        ("stranger", False, False),
        ("member", False, True),
        ("owner", True, True),
        ("coordinator", True, True),
    ],
)
def test_it_offers_the_actions_each_persona_may_take(
    client, request, organisation, persona, can_edit, can_add_initiative
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    page = html(client.get(organisation.get_absolute_url()))
    edit_url = reverse("directory:organisation_update", args=[organisation.pk])
    assert (edit_url in page) is can_edit
    assert (f"{NEW_INITIATIVE}?organisation={organisation.pk}" in page) is can_add_initiative


def test_it_names_only_the_members_with_a_public_profile(client, organisation):
    public = UserFactory(first_name="Aïcha", last_name="Public", profile_is_public=True)
    private = UserFactory(first_name="Bruno", last_name="Discret", profile_is_public=False)
    MembershipFactory(user=public, organisation=organisation, position="Coordinatrice")
    MembershipFactory(user=private, organisation=organisation)
    page = html(client.get(organisation.get_absolute_url()))
    assert "Aïcha Public — Coordinatrice" in page
    assert "Bruno Discret" not in page
    assert private.email not in page


def test_it_lists_the_organisation_initiatives_the_visitor_may_see(
    client, organisation, member, stranger
):
    InitiativeFactory(organisation=organisation, title="Le projet public")
    InitiativeFactory(organisation=organisation, title="Le projet interne", private=True)
    InitiativeFactory(title="Le projet d’une autre structure")
    page = html(client.get(organisation.get_absolute_url()))
    assert "Le projet public" in page
    assert "Le projet interne" not in page
    assert "Le projet d’une autre structure" not in page
    client.force_login(stranger)
    assert "Le projet interne" not in html(client.get(organisation.get_absolute_url()))
    client.force_login(member)
    assert "Le projet interne" in html(client.get(organisation.get_absolute_url()))


def test_an_administration_shows_its_parent_and_its_children(client):
    ministry = OrganisationFactory(name="Ministère du Travail", ministry=True)
    directorate = OrganisationFactory(
        name="Délégation générale à l’emploi",
        kind=OrganisationKind.DIRECTORATE,
        parent=ministry,
        department=None,
    )
    ministry_page = html(client.get(ministry.get_absolute_url()))
    assert directorate.get_absolute_url() in ministry_page
    assert ministry.get_absolute_url() in html(client.get(directorate.get_absolute_url()))


# Organisation create


def organisation_post(**overrides) -> dict:
    return {
        "name": "Les Jardins du Lien",
        "kind": "association",
        "department": department("69").pk,
        "postal_code": "69001",
        "city": "Lyon",
        **overrides,
    }


def test_creating_an_organisation_requires_signing_in(client):
    response = client.get(NEW_ORGANISATION)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == login_url(NEW_ORGANISATION)
    response = client.post(NEW_ORGANISATION, organisation_post())
    assert response["Location"] == login_url(NEW_ORGANISATION)
    assert not Organisation.objects.filter(name="Les Jardins du Lien").exists()


def test_a_signed_in_person_creates_an_organisation_and_administers_it(client, stranger):
    client.force_login(stranger)
    page = html(client.get(NEW_ORGANISATION))
    assert page.count("<h1") == 1
    assert 'for="id_name"' in page
    education = Challenge.objects.get(slug="education")
    response = client.post(
        NEW_ORGANISATION,
        organisation_post(
            siren="552 100 554", siret="552 100 554 00013", challenges=[education.pk]
        ),
    )
    created = Organisation.objects.get(name="Les Jardins du Lien")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == created.get_absolute_url()
    assert created.family == "ess"
    assert created.region == Region.objects.get(code="84")
    assert created.siren == "552100554"
    assert list(created.challenges.all()) == [education]
    assert Membership.objects.get(organisation=created).user == stranger
    assert Membership.objects.get(organisation=created).role == MembershipRole.ADMIN
    follow = client.get(response["Location"])
    assert "La structure « Les Jardins du Lien » a été créée." in html(follow)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siret", "55210055400012", "Le SIRET doit comporter 14 chiffres"),
        ("siren", "552100553", "Le SIREN doit comporter 9 chiffres"),
        ("rna", "X751234567", "Le numéro RNA commence par W"),
        ("postal_code", "7500", "Le code postal doit comporter 5 chiffres"),
        ("name", "", "Ce champ est obligatoire."),
        ("name", "x" * 256, "Assurez-vous que cette valeur comporte au plus 255 caractères"),
        ("website", "pas une adresse", "Saisissez une URL valide."),
    ],
)
def test_a_bad_organisation_field_is_explained_in_french_and_nothing_is_stored(
    client, stranger, field, value, message
):
    client.force_login(stranger)
    before = Organisation.objects.count()
    response = client.post(NEW_ORGANISATION, organisation_post(**{field: value}))
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert message in page
    assert response.context["form"].errors[field]
    assert Organisation.objects.count() == before
    assert "<title>Erreur" in page


def test_a_siret_of_another_siren_is_refused(client, stranger):
    client.force_login(stranger)
    response = client.post(
        NEW_ORGANISATION, organisation_post(siren="552100554", siret="35600000000048")
    )
    assert "Le SIRET doit commencer par le SIREN" in html(response)
    assert not Organisation.objects.filter(name="Les Jardins du Lien").exists()


def test_a_department_outside_the_chosen_region_is_refused(client, stranger):
    client.force_login(stranger)
    brittany = Region.objects.get(code="53")
    response = client.post(NEW_ORGANISATION, organisation_post(region=brittany.pk))
    assert "Ce département n’est pas dans la région choisie." in html(response)
    assert not Organisation.objects.filter(name="Les Jardins du Lien").exists()


def test_only_coordinators_may_add_an_administration(client, stranger, coordinator):
    client.force_login(stranger)
    kinds = dict(client.get(NEW_ORGANISATION).context["form"].fields["kind"].choices)
    assert "ministry" not in kinds
    assert "association" in kinds
    response = client.post(NEW_ORGANISATION, organisation_post(kind="ministry", department=""))
    assert "Sélectionnez un choix valide" in html(response)
    assert not Organisation.objects.filter(kind="ministry").exists()

    client.force_login(coordinator)
    response = client.post(NEW_ORGANISATION, organisation_post(kind="ministry", department=""))
    assert response.status_code == HTTPStatus.FOUND
    assert Organisation.objects.get(kind="ministry").family == "administration"
    assert not Membership.objects.filter(user=coordinator).exists()


def test_a_directorate_must_sit_under_a_ministry(client, coordinator, organisation):
    ministry = OrganisationFactory(name="Ministère de la Culture", ministry=True)
    client.force_login(coordinator)
    data = organisation_post(name="Direction X", kind="directorate", department="")
    response = client.post(NEW_ORGANISATION, {**data, "parent": organisation.pk})
    assert response.status_code == HTTPStatus.OK
    assert "Sélectionnez un choix valide" in html(response)  # not even offered
    directorate = OrganisationFactory(
        name="Direction Y", kind="directorate", parent=ministry, department=None
    )
    response = client.post(NEW_ORGANISATION, {**data, "parent": directorate.pk})
    assert "ne peut pas être rattachée à cette structure" in html(response)
    assert not Organisation.objects.filter(name="Direction X").exists()
    response = client.post(NEW_ORGANISATION, {**data, "parent": ministry.pk})
    assert response.status_code == HTTPStatus.FOUND
    assert Organisation.objects.get(name="Direction X").parent == ministry


# Organisation update


def test_editing_an_organisation_requires_signing_in(client, organisation):
    url = reverse("directory:organisation_update", args=[organisation.pk])
    assert client.get(url)["Location"] == login_url(url)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("stranger", 403), ("member", 403), ("owner", 200), ("coordinator", 200)],
)
def test_only_administrators_and_coordinators_may_edit_an_organisation(
    client, request, organisation, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("directory:organisation_update", args=[organisation.pk])
    assert client.get(url).status_code == status
    response = client.post(url, {"name": "Piratée", "kind": "association", "version": 1})
    assert response.status_code in {status, HTTPStatus.FOUND}
    organisation.refresh_from_db()
    assert (organisation.name == "Piratée") is (status == 200)


def test_an_administrator_edits_the_organisation(client, owner, organisation):
    client.force_login(owner)
    url = reverse("directory:organisation_update", args=[organisation.pk])
    data = edit_data(client, url, name="La Fabrique à Liens Solidaires", acronym="FLS")
    assert data["version"] == 1
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert organisation.name == "La Fabrique à Liens Solidaires"
    assert organisation.version == 2
    assert organisation.name_key == "la fabrique a liens solidaires"
    assert list(selectors.organisation_search(filters={"q": "solidaire"})) == [organisation]
    assert organisation.department.code == "69"


def test_a_stale_organisation_edit_is_refused_with_a_409(client, owner, coordinator, organisation):
    url = reverse("directory:organisation_update", args=[organisation.pk])
    client.force_login(owner)
    stale = edit_data(client, url, name="Version du propriétaire")
    client.force_login(coordinator)
    assert client.post(url, edit_data(client, url, name="Version du coordinateur")).status_code == (
        HTTPStatus.FOUND
    )
    client.force_login(owner)
    response = client.post(url, stale)
    assert response.status_code == HTTPStatus.CONFLICT
    page = html(response)
    assert "modifiée par quelqu’un d’autre entre-temps" in page
    assert "<h1>Modifier la structure « Version du coordinateur »</h1>" in page
    organisation.refresh_from_db()
    assert organisation.name == "Version du coordinateur"
    assert organisation.version == 2


def test_an_unknown_organisation_cannot_be_edited(client, coordinator):
    client.force_login(coordinator)
    url = reverse("directory:organisation_update", args=[999999])
    assert client.get(url).status_code == 404


# Initiative list


def test_it_lists_public_initiatives_for_everyone(client, organisation):
    InitiativeFactory(organisation=organisation, title="Ressourcerie des Pentes")
    response = client.get(INITIATIVES)
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert "Ressourcerie des Pentes" in page
    assert "La Fabrique à Liens" in page
    assert page.count("<h1") == 1


@pytest.mark.parametrize(
    ("persona", "sees_private"),
    [(None, False), ("stranger", False), ("member", True), ("coordinator", True)],
)
def test_private_initiatives_are_listed_only_for_their_organisation_and_coordinators(
    client, request, organisation, persona, sees_private
):
    InitiativeFactory(organisation=organisation, title="Projet interne", private=True)
    InitiativeFactory(organisation=organisation, title="Projet public")
    if persona:
        client.force_login(request.getfixturevalue(persona))
    page = html(client.get(INITIATIVES))
    assert "Projet public" in page
    assert ("Projet interne" in page) is sees_private


@pytest.mark.parametrize("query", ["ÉPICERIE", "epicerie itinerante", "Épicerie SOLIDAIRE"])
def test_it_searches_initiatives_ignoring_accents_and_case(client, query):
    grocery = InitiativeFactory(title="Épicerie solidaire itinérante")
    InitiativeFactory(title="Garage solidaire", summary="Réparer sa voiture à petit prix.")
    assert results(client.get(INITIATIVES, {"q": query})) == [grocery]


def test_it_finds_initiatives_by_the_organisation_name(client, organisation):
    initiative = InitiativeFactory(organisation=organisation, title="Un projet")
    InitiativeFactory(title="Un autre projet")
    assert results(client.get(INITIATIVES, {"q": "fabrique a liens"})) == [initiative]


def test_it_filters_initiatives_by_stage_territory_and_challenge(client):
    culture = Challenge.objects.get(slug="culture")
    in_rhone = InitiativeFactory(
        title="Projet du Rhône",
        stage=Stage.IDEA,
        departments=[department("69")],
        challenges=[culture],
    )
    in_brittany = InitiativeFactory(
        title="Projet breton", regions=[Region.objects.get(code="53")], stage=Stage.SCALING
    )
    # A department implies its region.
    assert results(client.get(INITIATIVES, {"region": "84"})) == [in_rhone]
    assert results(client.get(INITIATIVES, {"region": "53"})) == [in_brittany]
    assert results(client.get(INITIATIVES, {"department": "69"})) == [in_rhone]
    assert results(client.get(INITIATIVES, {"stage": "scaling"})) == [in_brittany]
    assert results(client.get(INITIATIVES, {"challenge": "culture"})) == [in_rhone]
    assert results(client.get(INITIATIVES, {"challenge": "culture", "region": "53"})) == []


def test_an_invalid_initiative_filter_shows_its_error_and_no_results(client):
    InitiativeFactory()
    response = client.get(INITIATIVES, {"region": "99", "stage": "legende"})
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert "Région inconnue : choisissez un code INSEE de région." in page
    assert "Sélectionnez un choix valide" in page
    assert results(response) == []
    assert "<title>Erreur : Projets" in page


def test_initiative_pages_survive_bad_page_numbers(client):
    InitiativeFactory()
    for page in ["x", "-5", "100000000000000000000"]:
        response = client.get(INITIATIVES, {"page": page})
        assert response.status_code == HTTPStatus.OK
        assert len(results(response)) == 1


@pytest.mark.parametrize("persona", [None, "member", "coordinator"])
def test_the_initiative_list_has_a_bounded_number_of_queries(
    client, request, organisation, persona, django_assert_max_num_queries
):
    challenges = list(Challenge.objects.all()[:3])
    other = OrganisationFactory(name="Autre structure")
    for number in range(15):
        InitiativeFactory(
            organisation=organisation if number % 2 else other,
            title=f"Projet {number}",
            challenges=challenges,
            private=number % 3 == 0,
        )
    if persona:
        client.force_login(request.getfixturevalue(persona))
    # session, user, the region filter, count, page, challenges, the three select lists
    with django_assert_max_num_queries(9):
        response = client.get(INITIATIVES, {"region": "84"})
    assert response.status_code == HTTPStatus.OK


def test_the_home_page_shows_the_latest_initiatives_as_cards(client):
    InitiativeFactory(title="Cantine partagée")
    page = html(client.get(reverse("core:home")))
    assert "Cantine partagée" in page
    assert 'class="fr-card' in page


# Initiative detail


def test_it_shows_a_public_initiative_to_everyone(client, organisation):
    initiative = InitiativeFactory(
        organisation=organisation,
        title="Tiers-lieu rural",
        needs="Un local",
        departments=[department("69")],
    )
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert "<h1>Tiers-lieu rural</h1>" in page
    assert organisation.get_absolute_url() in page
    assert "Un local" in page
    assert "Auvergne-Rhône-Alpes" in page
    assert reverse("directory:initiative_update", args=[initiative.pk]) not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 404), ("stranger", 404), ("member", 200), ("owner", 200), ("coordinator", 200)],
)
def test_a_private_initiative_is_a_404_for_those_who_may_not_see_it(
    client, request, organisation, persona, status
):
    initiative = InitiativeFactory(organisation=organisation, private=True)
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert "Non public" in html(response)


@pytest.mark.parametrize(
    ("persona", "can_edit"),
    [("stranger", False), ("member", True), ("owner", True), ("coordinator", True)],
)
def test_it_offers_to_edit_an_initiative_only_to_who_may(
    client, request, organisation, persona, can_edit
):
    initiative = InitiativeFactory(organisation=organisation)
    client.force_login(request.getfixturevalue(persona))
    page = html(client.get(initiative.get_absolute_url()))
    assert (reverse("directory:initiative_update", args=[initiative.pk]) in page) is can_edit


# Initiative create


def initiative_post(organisation, **overrides) -> dict:
    return {
        "organisation": organisation.pk,
        "title": "Ressourcerie numérique",
        "summary": "Réemploi d’ordinateurs pour les familles éloignées du numérique.",
        "stage": "idea",
        "is_public": "on",
        **overrides,
    }


def test_creating_an_initiative_requires_signing_in(client, organisation):
    response = client.get(NEW_INITIATIVE)
    assert response["Location"] == login_url(NEW_INITIATIVE)
    client.post(NEW_INITIATIVE, initiative_post(organisation))
    assert not Initiative.objects.exists()


def test_someone_without_an_organisation_is_sent_to_create_one(client, stranger):
    client.force_login(stranger)
    response = client.get(NEW_INITIATIVE)
    assert response.status_code == HTTPStatus.OK
    assert NEW_ORGANISATION in html(response)


def test_a_member_presents_an_initiative_for_their_organisation(client, member, organisation):
    client.force_login(member)
    response = client.get(NEW_INITIATIVE)
    form = response.context["form"]
    assert list(form.fields["organisation"].queryset) == [organisation]
    assert "Les structures dont vous êtes membre." in html(response)
    assert form["organisation"].value() == organisation.pk  # the only one, preselected
    rhone = department("69")
    response = client.post(
        NEW_INITIATIVE, initiative_post(organisation, departments=[rhone.pk], is_public="")
    )
    initiative = Initiative.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.organisation == organisation
    assert initiative.created_by == member
    assert initiative.is_public is False
    assert [r.code for r in initiative.regions.all()] == ["84"]
    assert "Le projet « Ressourcerie numérique » a été créé." in html(
        client.get(response["Location"])
    )


def test_the_organisation_can_be_preselected_from_the_address(client, member, organisation):
    other = OrganisationFactory(name="Autre structure")
    MembershipFactory(user=member, organisation=other)
    client.force_login(member)
    form = client.get(NEW_INITIATIVE, {"organisation": other.pk}).context["form"]
    assert form["organisation"].value() == other.pk
    form = client.get(NEW_INITIATIVE).context["form"]
    assert form["organisation"].value() is None  # two organisations: the person picks
    assert client.get(NEW_INITIATIVE, {"organisation": "abc"}).status_code == HTTPStatus.OK


def test_nobody_adds_an_initiative_to_an_organisation_they_do_not_belong_to(
    client, member, organisation
):
    other = OrganisationFactory(name="Autre structure")
    client.force_login(member)
    response = client.post(NEW_INITIATIVE, initiative_post(other))
    assert response.status_code == HTTPStatus.OK
    assert "Sélectionnez un choix valide" in html(response)
    assert not Initiative.objects.exists()


def test_a_coordinator_may_add_an_initiative_to_any_organisation(client, coordinator):
    other = OrganisationFactory(name="Autre structure")
    client.force_login(coordinator)
    response = client.post(NEW_INITIATIVE, initiative_post(other))
    assert response.status_code == HTTPStatus.FOUND
    assert Initiative.objects.get().organisation == other


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Ce champ est obligatoire."),
        ("title", "x" * 201, "Assurez-vous que cette valeur comporte au plus 200 caractères"),
        ("summary", "", "Ce champ est obligatoire."),
        ("summary", "x" * 3001, "au plus 3000 caractères"),
        ("stage", "fini", "Sélectionnez un choix valide"),
    ],
)
def test_a_bad_initiative_field_is_explained_in_french_and_nothing_is_stored(
    client, member, organisation, field, value, message
):
    client.force_login(member)
    response = client.post(NEW_INITIATIVE, initiative_post(organisation, **{field: value}))
    assert response.status_code == HTTPStatus.OK
    assert message in html(response)
    assert response.context["form"].errors[field]
    assert not Initiative.objects.exists()


# Initiative update


def test_editing_an_initiative_requires_signing_in(client, organisation):
    initiative = InitiativeFactory(organisation=organisation)
    url = reverse("directory:initiative_update", args=[initiative.pk])
    assert client.get(url)["Location"] == login_url(url)


@pytest.mark.parametrize(
    ("persona", "public_status", "private_status"),
    [
        ("stranger", 403, 404),
        ("member", 200, 200),
        ("owner", 200, 200),
        ("coordinator", 200, 200),
    ],
)
def test_only_members_and_coordinators_may_edit_an_initiative(
    client, request, organisation, persona, public_status, private_status
):
    public = InitiativeFactory(organisation=organisation)
    private = InitiativeFactory(organisation=organisation, private=True)
    client.force_login(request.getfixturevalue(persona))
    public_url = reverse("directory:initiative_update", args=[public.pk])
    assert client.get(public_url).status_code == public_status
    private_url = reverse("directory:initiative_update", args=[private.pk])
    assert client.get(private_url).status_code == private_status
    response = client.post(
        public_url, {"title": "Détourné", "summary": "x", "stage": "idea", "version": 1}
    )
    assert response.status_code == (403 if public_status == 403 else 302)
    public.refresh_from_db()
    assert (public.title == "Détourné") is (public_status == 200)


def test_a_member_edits_an_initiative(client, member, organisation):
    initiative = InitiativeFactory(
        organisation=organisation, regions=[Region.objects.get(code="11")]
    )
    url = reverse("directory:initiative_update", args=[initiative.pk])
    client.force_login(member)
    data = edit_data(client, url, title="Épicerie mobile", departments=[department("35").pk])
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    initiative.refresh_from_db()
    assert initiative.title == "Épicerie mobile"
    assert initiative.version == 2
    assert sorted(r.code for r in initiative.regions.all()) == ["11", "53"]


def test_a_stale_initiative_edit_is_refused_with_a_409(client, member, coordinator, organisation):
    initiative = InitiativeFactory(organisation=organisation, title="Titre d’origine")
    url = reverse("directory:initiative_update", args=[initiative.pk])
    client.force_login(member)
    stale = edit_data(client, url, title="Titre du membre")
    client.force_login(coordinator)
    client.post(url, edit_data(client, url, title="Titre du coordinateur"))
    client.force_login(member)
    response = client.post(url, stale)
    assert response.status_code == HTTPStatus.CONFLICT
    assert "modifiée par quelqu’un d’autre entre-temps" in html(response)
    initiative.refresh_from_db()
    assert initiative.title == "Titre du coordinateur"


def test_a_bad_initiative_edit_changes_nothing(client, member, organisation):
    initiative = InitiativeFactory(organisation=organisation, title="Titre d’origine")
    url = reverse("directory:initiative_update", args=[initiative.pk])
    client.force_login(member)
    response = client.post(url, edit_data(client, url, title=""))
    assert response.status_code == HTTPStatus.OK
    assert "Ce champ est obligatoire." in html(response)
    initiative.refresh_from_db()
    assert initiative.title == "Titre d’origine"
    assert initiative.version == 1


# Admin


def admin_post(client, url, data):
    response = client.post(url, data)
    errors = response.context["adminform"].form.errors if response.context else None
    assert response.status_code == HTTPStatus.FOUND, errors
    return response


def test_the_admin_creates_an_organisation_through_the_service(client, coordinator):
    client.force_login(coordinator)
    admin_post(
        client,
        reverse("admin:directory_organisation_add"),
        {
            "name": "Cité des Métiers",
            "kind": "association",
            "department": department("13").pk,
            "siret": "55210055400013",
            "is_active": "on",
        },
    )
    created = Organisation.objects.get(name="Cité des Métiers")
    assert created.family == "ess"
    assert created.region.code == "93"
    assert created.siren == "552100554"
    assert list(selectors.organisation_search(filters={"q": "cite des metiers"})) == [created]
    assert not Membership.objects.filter(organisation=created).exists()


def test_the_admin_edits_an_organisation_and_keeps_derived_fields_right(
    client, coordinator, organisation
):
    initiative = InitiativeFactory(organisation=organisation)
    client.force_login(coordinator)
    url = reverse("admin:directory_organisation_change", args=[organisation.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    data = {
        **form_data(response.context["adminform"].form),
        "name": "Fabrique Bretonne",
        "department": department("35").pk,
        "region": "",
    }
    admin_post(client, url, data)
    organisation.refresh_from_db()
    initiative.refresh_from_db()
    assert organisation.region.code == "53"
    assert organisation.version == 2
    assert list(selectors.organisation_search(filters={"q": "bretonne"})) == [organisation]
    assert "fabrique bretonne" in initiative.search_text


def test_the_admin_shows_the_services_refusals_on_the_form(client, coordinator, organisation):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:directory_organisation_add"),
        {"name": "Direction perdue", "kind": "directorate", "parent": organisation.pk},
    )
    assert response.status_code == HTTPStatus.OK
    assert "ne peut pas être rattachée" in response.content.decode()
    assert not Organisation.objects.filter(name="Direction perdue").exists()


def test_the_admin_refuses_a_stale_organisation_edit(client, coordinator, organisation):
    client.force_login(coordinator)
    url = reverse("admin:directory_organisation_change", args=[organisation.pk])
    data = form_data(client.get(url).context["adminform"].form)
    admin_post(client, url, {**data, "name": "Premier"})
    response = client.post(url, {**data, "name": "Second"})
    assert response.status_code == HTTPStatus.OK
    organisation.refresh_from_db()
    assert organisation.name == "Premier"


def test_the_admin_creates_an_initiative_with_the_regions_of_its_departments(
    client, coordinator, organisation
):
    client.force_login(coordinator)
    admin_post(
        client,
        reverse("admin:directory_initiative_add"),
        {
            "organisation": organisation.pk,
            "title": "Bus numérique",
            "summary": "Un bus qui forme au numérique.",
            "stage": "idea",
            "is_public": "on",
            "departments": [department("29").pk],
        },
    )
    initiative = Initiative.objects.get(title="Bus numérique")
    assert [r.code for r in initiative.regions.all()] == ["53"]
    assert initiative.created_by == coordinator
    assert "bus numerique" in initiative.search_text


def test_the_admin_adds_a_membership(client, coordinator, organisation, stranger):
    client.force_login(coordinator)
    admin_post(
        client,
        reverse("admin:directory_membership_add"),
        {"user": stranger.pk, "organisation": organisation.pk, "role": "admin", "position": ""},
    )
    assert Membership.objects.get(user=stranger).role == MembershipRole.ADMIN


def test_territories_are_read_only_and_challenges_managed_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:core_region_changelist")).status_code == HTTPStatus.OK
    assert client.get(reverse("admin:core_department_add")).status_code == HTTPStatus.FORBIDDEN
    brittany = Region.objects.get(code="53")
    response = client.post(
        reverse("admin:core_region_change", args=[brittany.pk]), {"name": "Armorique"}
    )
    brittany.refresh_from_db()
    assert brittany.name == "Bretagne"
    admin_post(
        client,
        reverse("admin:core_challenge_add"),
        {"name": "Accès aux droits", "slug": "acces-aux-droits", "position": 5, "is_active": "on"},
    )
    assert Challenge.objects.filter(slug="acces-aux-droits").exists()
    used = Challenge.objects.get(slug="culture")
    InitiativeFactory(challenges=[used])
    response = client.get(reverse("admin:core_challenge_delete", args=[used.pk]))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_people_who_are_not_coordinators_stay_out_of_the_admin(client, owner):
    client.force_login(owner)
    response = client.get(reverse("admin:directory_organisation_changelist"))
    assert response.status_code == HTTPStatus.FOUND


@pytest.mark.parametrize(
    "name",
    [
        "directory_organisation",
        "directory_initiative",
        "directory_membership",
        "core_region",
        "core_department",
        "core_challenge",
    ],
)
def test_every_admin_list_search_and_form_renders(client, coordinator, member, name):
    InitiativeFactory(organisation=Organisation.objects.get(), private=True)
    client.force_login(coordinator)
    changelist = reverse(f"admin:{name}_changelist")
    assert client.get(changelist).status_code == HTTPStatus.OK
    assert client.get(changelist, {"q": "île"}).status_code == HTTPStatus.OK
    first = client.get(changelist).context["cl"].result_list[0]
    change = client.get(reverse(f"admin:{name}_change", args=[first.pk]))
    assert change.status_code == HTTPStatus.OK
