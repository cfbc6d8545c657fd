"""The blocker pages: list, page, declaration, actions, board, "my blockers", the admin."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passeurs.accounts.tests.factories import UserFactory
from passeurs.blockers import services
from passeurs.blockers.models import (
    Blocker,
    BlockerEvent,
    BlockerState,
    NotificationSetting,
    ResolutionKind,
    Support,
)
from passeurs.blockers.tests.factories import BlockerFactory, move_to
from passeurs.core.models import Challenge, Region
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("blockers:list")
DECLARE = reverse("blockers:declare")
SUGGESTIONS = reverse("blockers:suggestions")
BOARD = reverse("blockers:board")
MINE = reverse("blockers:mine")
HTMX = {"HX-Request": "true", "HX-Target": "results"}
LFSS_ARTICLE = "article L. 165-1 du code de la sécurité sociale"
WHEELCHAIRS = "Les fauteuils roulants reconditionnés ne sont pas remboursés"


def html(response) -> str:
    """The page, after checking that every template variable it uses exists."""
    content = response.content.decode()
    missing = set(re.findall(r"!!MISSING (.+?)!!", content))
    assert not missing, f"unknown template variables: {missing}"
    return content


def results(response) -> list:
    return list(response.context["page_obj"].object_list)


def url(name: str, blocker: Blocker) -> str:
    return reverse(f"blockers:{name}", args=[blocker.pk])


def fresh(blocker: Blocker) -> Blocker:
    return Blocker.objects.get(pk=blocker.pk)


@pytest.fixture
def initiative(organisation):
    return InitiativeFactory(organisation=organisation, title="Fauteuils solidaires")


@pytest.fixture
def blocker(initiative, owner):
    """Submitted by the owner of `organisation`, for its initiative."""
    return BlockerFactory(
        initiative=initiative, author=owner, title=WHEELCHAIRS, legal_text=LFSS_ARTICLE
    )


@pytest.fixture
def civil_servant(db):
    return UserFactory(email="agent@exemple.fr", civil_servant=True)


def transition(client, blocker, target, **fields):
    data = {"target": target, f"to-{target}-version": blocker.version}
    data.update({f"to-{target}-{name}": value for name, value in fields.items()})
    return client.post(url("transition", blocker), data)


# The public list


def test_the_list_shows_public_blockers_to_everyone(client, blocker):
    BlockerFactory(draft=True, title="Brouillon pas encore signalé")
    response = client.get(LIST)
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert page.count("<h1") == 1
    assert results(response) == [blocker]
    assert "1 frein réglementaire" in page
    assert "1 projet concerné" in page
    assert "Signalé" in page


def test_the_list_says_when_nothing_matches(client, blocker):
    page = html(client.get(LIST, {"q": "licorne"}))
    assert "Aucun frein réglementaire ne correspond à ces critères." in page
    assert "Effacer les filtres" in page


def test_the_list_offers_to_declare_only_when_signed_in(client, stranger):
    assert f'href="{DECLARE}"' not in html(client.get(LIST))
    client.force_login(stranger)
    page = html(client.get(LIST))
    assert f'href="{DECLARE}"' in page
    assert BOARD not in page


def test_the_list_links_coordinators_to_the_board(client, coordinator):
    client.force_login(coordinator)
    assert f'href="{BOARD}"' in html(client.get(LIST))


def test_the_list_sorts_by_the_number_of_initiatives_affected(client, blocker):
    shared = BlockerFactory(title="Agrément d’accueil de jour refusé")
    for _ in range(2):
        other = InitiativeFactory()
        member = MembershipFactory(organisation=other.organisation).user
        services.blocker_join(actor=member, blocker=shared, initiative=other)
    assert results(client.get(LIST)) == [shared, blocker]
    assert results(client.get(LIST, {"sort": "recent"})) == [shared, blocker]
    assert results(client.get(LIST, {"sort": "supports"}))[0].supports_count == 3


def test_the_list_filters_by_state_challenge_region_code_administration_and_resolution(
    client, blocker
):
    education = Challenge.objects.get(slug="education")
    brittany = Region.objects.get(code="53")
    ministry = OrganisationFactory(ministry=True, name="Ministère de l’Éducation nationale")
    coordinator = UserFactory(coordinator=True)
    other = BlockerFactory(
        title="Les heures de tutorat ne comptent pas",
        challenges=[education],
        regions=[brittany],
        legal_text="article L. 5132-1 du code du travail",
    )
    services.blocker_route(
        actor=coordinator, blocker=other, version=other.version, administrations=[ministry]
    )
    lifted = move_to(BlockerFactory(title="Accueil de jour"), BlockerState.LIFTED)
    assert results(client.get(LIST, {"state": "lifted"})) == [lifted]
    assert results(client.get(LIST, {"challenge": "education"})) == [other]
    assert results(client.get(LIST, {"region": "53"})) == [other]
    assert results(client.get(LIST, {"code": "code-du-travail"})) == [other]
    assert results(client.get(LIST, {"code": "code-de-la-securite-sociale"})) == [blocker]
    assert results(client.get(LIST, {"administration": ministry.pk})) == [other]
    assert results(client.get(LIST, {"resolution_kind": ResolutionKind.DECREE})) == [lifted]


def test_an_unknown_code_in_the_filters_is_a_clear_error_not_a_server_error(client, blocker):
    response = client.get(LIST, {"code": "code-des-licornes"})
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert "Code inconnu : choisissez un code de la liste." in page
    assert results(response) == []


def test_htmx_gets_the_results_alone_with_the_count_announced(client, blocker):
    page = html(client.get(LIST, {"state": "submitted"}, headers=HTMX))
    assert "<h1" not in page
    assert 'id="results-status" hx-swap-oob="innerHTML"' in page
    assert WHEELCHAIRS in page


def test_the_list_is_paginated(client, settings, blocker):
    settings.PAGE_SIZE = 2
    BlockerFactory.create_batch(2)
    response = client.get(LIST)
    assert len(results(response)) == 2
    assert "Page suivante" in html(response)
    assert len(results(client.get(LIST, {"page": 2}))) == 1


def test_the_list_runs_the_same_queries_whatever_the_number_of_blockers(
    client, django_assert_max_num_queries
):
    education = Challenge.objects.get(slug="education")
    ministry = OrganisationFactory(ministry=True)
    coordinator = UserFactory(coordinator=True)
    for _ in range(6):
        blocker = BlockerFactory(challenges=[education])
        services.blocker_route(
            actor=coordinator, blocker=blocker, version=blocker.version, administrations=[ministry]
        )
    # Count, page, challenges, administrations; the filters' challenges, regions, administrations.
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert len(results(response)) == 6


# The blocker page


def test_the_blocker_page_is_public_once_submitted(client, blocker):
    response = client.get(blocker.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert page.count("<h1") == 1
    assert WHEELCHAIRS in page
    assert "Article L165-1 du code de la sécurité sociale" in page
    assert "Fauteuils solidaires" in page
    assert "Chronologie" in page
    assert "Faire avancer ce frein" not in page
    assert "Connectez-vous pour ajouter votre projet" in page


def test_a_draft_is_a_404_for_others_and_visible_to_its_structure(client, initiative, owner):
    draft = BlockerFactory(draft=True, initiative=initiative, author=owner)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(owner)
    page = html(client.get(draft.get_absolute_url()))
    assert "Brouillon" in page
    assert "Signaler le frein" in page


def test_html_in_any_field_is_shown_as_text(client, initiative, owner):
    script = "<script>alert(1)</script>"
    blocker = BlockerFactory(
        initiative=initiative,
        author=owner,
        title=script,
        prevents=f"Texte {script}",
        consequence=f"<b>gras</b> {script}",
        legal_text=f"article {script}",
        testimony=f"<img src=x onerror=alert(1)>{script}",
    )
    page = html(client.get(blocker.get_absolute_url()))
    assert script not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert script not in html(client.get(LIST))


def test_flagged_references_are_shown_as_such(client, initiative, owner):
    blocker = BlockerFactory(
        initiative=initiative,
        author=owner,
        legal_text="article 3 du code des pirates et article 12 du CE",
    )
    page = html(client.get(blocker.get_absolute_url()))
    assert "Référence inconnue : code introuvable" in page
    assert "Référence ambiguë : plusieurs codes portent ce nom" in page


def test_a_merged_blocker_redirects_to_the_kept_one(client, blocker):
    duplicate = BlockerFactory(title="Fauteuils reconditionnés non pris en charge")
    move_to(duplicate, BlockerState.MERGED, merge_into=blocker)
    response = client.get(duplicate.get_absolute_url(), follow=True)
    assert response.redirect_chain == [(blocker.get_absolute_url(), HTTPStatus.FOUND)]
    page = html(response)
    assert "Ce frein a été fusionné avec" in page
    assert "Doublon fusionné" in page


def test_the_timeline_names_only_people_with_a_public_profile(client, blocker, coordinator):
    coordinator.first_name, coordinator.last_name = "Camille", "Coordination"
    coordinator.save()
    move_to(blocker, BlockerState.QUALIFIED, actor=coordinator)
    page = html(client.get(blocker.get_absolute_url()))
    assert "Camille Coordination" not in page
    assert "Coordinateur·rice de programme" in page
    assert re.search(r"<ol id=\"timeline\">.*État : Qualifié", page, re.S)
    coordinator.profile_is_public = True
    coordinator.save()
    assert "Camille Coordination" in html(client.get(blocker.get_absolute_url()))


def test_the_assignee_is_named_only_with_a_public_profile(client, blocker, civil_servant):
    civil_servant.first_name, civil_servant.last_name = "Alex", "Agent"
    civil_servant.save()
    services.blocker_assign(actor=civil_servant, blocker=blocker, version=blocker.version)
    page = html(client.get(blocker.get_absolute_url()))
    assert "Alex Agent" not in page
    assert "Un agent public" in page


def test_a_private_initiative_is_counted_but_never_named(client, blocker):
    hidden = InitiativeFactory(private=True, title="Projet confidentiel")
    member = MembershipFactory(organisation=hidden.organisation).user
    services.blocker_join(actor=member, blocker=blocker, initiative=hidden, testimony="Secret")
    page = html(client.get(blocker.get_absolute_url()))
    assert "Projet confidentiel" not in page
    assert "Secret" not in page
    assert "2 projets concernés" in page
    assert "(dont 1 non public)" in page
    client.force_login(member)
    assert "Projet confidentiel" in html(client.get(blocker.get_absolute_url()))


def test_the_blocker_page_runs_the_same_queries_whatever_the_number_of_projects(
    client, blocker, coordinator
):
    client.force_login(coordinator)
    client.get(blocker.get_absolute_url())  # builds the similarity index
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(blocker.get_absolute_url()).status_code == HTTPStatus.OK
        counts.append(len(queries))
        for _ in range(3):
            other = InitiativeFactory()
            member = MembershipFactory(organisation=other.organisation).user
            services.blocker_join(actor=member, blocker=blocker, initiative=other, testimony="Oui")
    assert counts[0] == counts[1] <= 25


def test_the_page_shows_similar_blockers(client, blocker):
    similar = BlockerFactory(
        title="Fauteuils roulants reconditionnés : aucun remboursement",
        legal_text=LFSS_ARTICLE,
    )
    page = html(client.get(blocker.get_absolute_url()))
    assert similar.title in page.split("Freins similaires", 1)[1]


def test_each_person_sees_only_the_actions_they_may_take(
    client, blocker, owner, coordinator, civil_servant
):
    client.force_login(owner)
    page = html(client.get(blocker.get_absolute_url()))
    assert "Retirer le frein" in page
    assert "Qualifier le frein" not in page
    assert "Modifier le frein" in page
    client.force_login(coordinator)
    page = html(client.get(blocker.get_absolute_url()))
    assert "Qualifier le frein" in page
    assert "Fusionner avec un autre frein" in page
    assert "Aiguiller vers les administrations compétentes" in page
    assert "Confier à un agent public" in page
    client.force_login(civil_servant)
    page = html(client.get(blocker.get_absolute_url()))
    assert "Je prends en charge ce frein" in page
    assert "Qualifier le frein" not in page
    assert "Modifier le frein" not in page


# Declaring


def declare_data(for_initiative, **changes) -> dict:
    return {
        "initiative": for_initiative.pk,
        "title": "Le matériel reconditionné n’est pas remboursé",
        "prevents": "Seuls les fauteuils neufs sont inscrits sur la liste des produits.",
        "legal_text": LFSS_ARTICLE,
        "testimony": "Quarante fauteuils attendent dans notre atelier.",
        "action": "submit",
        **changes,
    }


def test_declaring_needs_to_be_signed_in(client):
    response = client.get(DECLARE)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{reverse('accounts:login')}?next={DECLARE}"


def test_someone_without_an_initiative_is_asked_to_present_one_first(client, stranger):
    client.force_login(stranger)
    page = html(client.get(DECLARE))
    assert reverse("directory:initiative_create") in page
    assert '<form method="post" novalidate' not in page


def test_a_leader_declares_a_blocker_for_their_initiative(client, member, initiative):
    client.force_login(member)
    page = html(client.get(DECLARE))
    assert page.count("<h1") == 1
    assert 'hx-get="/freins/suggestions/"' in page
    assert 'aria-live="polite"' in page
    response = client.post(DECLARE, declare_data(initiative))
    blocker = Blocker.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == blocker.get_absolute_url()
    assert blocker.state == BlockerState.SUBMITTED
    assert blocker.author == member
    assert blocker.supports.get().testimony == "Quarante fauteuils attendent dans notre atelier."
    assert "est signalé" in html(client.get(response.url))


def test_a_challenge_id_no_database_holds_is_refused_in_words(client, member, initiative):
    # A twenty-digit id made SQLite raise OverflowError: a server error (core.lookups).
    client.force_login(member)
    response = client.post(DECLARE, declare_data(initiative, challenges=["9" * 20]))
    assert response.status_code == HTTPStatus.OK
    assert "Sélectionnez un choix valide" in html(response)
    assert not Blocker.objects.exists()


def test_a_leader_may_keep_the_declaration_as_a_draft(client, member, initiative):
    client.force_login(member)
    client.post(DECLARE, declare_data(initiative, action="draft"))
    assert Blocker.objects.get().state == BlockerState.DRAFT


def test_a_leader_cannot_declare_for_another_structure(client, member):
    elsewhere = InitiativeFactory()
    client.force_login(member)
    response = client.post(DECLARE, declare_data(elsewhere))
    assert response.status_code == HTTPStatus.OK
    assert not Blocker.objects.exists()


def test_a_coordinator_may_declare_for_any_initiative(client, coordinator):
    elsewhere = InitiativeFactory()
    client.force_login(coordinator)
    client.post(DECLARE, declare_data(elsewhere))
    assert Blocker.objects.get().initiative == elsewhere


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"title": "   "}, "Ce champ est obligatoire."),
        ({"prevents": "x" * 100_000}, "au plus 5000 caractères"),
        ({"testimony": "x" * 100_000}, "au plus 3000 caractères"),
        ({"initiative": "999999"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_gets_a_clear_error_and_stores_nothing(
    client, member, initiative, changes, message
):
    client.force_login(member)
    response = client.post(DECLARE, declare_data(initiative, **changes))
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert "Le formulaire n’a pas été enregistré." in page
    assert message in page
    assert "<title>Erreur" in page
    assert not Blocker.objects.exists()
    assert not Support.objects.exists()
    assert not BlockerEvent.objects.exists()


def test_a_failed_declaration_still_shows_the_similar_blockers(client, member, initiative, blocker):
    client.force_login(member)
    page = html(client.post(DECLARE, declare_data(initiative, title="")))
    assert WHEELCHAIRS in page.split('id="suggestions"', 1)[1]


# The suggestions panel


def test_the_suggestions_show_the_similar_blocker_and_why(client, blocker, member, initiative):
    client.force_login(member)
    response = client.get(
        SUGGESTIONS,
        {
            "title": "Fauteuil roulant reconditionné non remboursé",
            "legal_text": "art. L165-1 du CSS",
            "initiative": initiative.pk,
        },
    )
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert WHEELCHAIRS in page
    assert "Mêmes textes juridiques : Article L165-1 du code de la sécurité sociale" in page
    assert "Mots en commun :" in page
    assert "reconditionné" in page
    assert f"{blocker.get_absolute_url()}?initiative={initiative.pk}#rejoindre" in page
    assert "1 frein similaire déjà signalé." in page


def test_the_suggestions_hint_before_anything_is_typed(client):
    page = html(client.get(SUGGESTIONS))
    assert "Décrivez le frein" in page


def test_the_suggestions_flag_an_unknown_code(client):
    page = html(client.get(SUGGESTIONS, {"legal_text": "article 3 du code des licornes"}))
    assert "Référence inconnue : code introuvable" in page


def test_the_suggestions_never_show_a_draft_of_others(client, initiative, owner):
    BlockerFactory(draft=True, initiative=initiative, author=owner, title=WHEELCHAIRS)
    page = html(client.get(SUGGESTIONS, {"title": WHEELCHAIRS}))
    assert "Aucun frein similaire" in page


# Transitions through the page


def test_a_coordinator_qualifies_a_blocker_from_its_page(client, blocker, coordinator):
    client.force_login(coordinator)
    response = transition(client, blocker, "qualified", comment="Frein bien documenté.")
    assert response.status_code == HTTPStatus.FOUND
    assert fresh(blocker).state == BlockerState.QUALIFIED
    page = html(client.get(response.url))
    assert "Le frein est maintenant « Qualifié »." in page
    assert "Frein bien documenté." in page


def test_a_leader_may_not_mark_their_blocker_lifted(client, blocker, owner):
    blocker = move_to(blocker, BlockerState.RESOLUTION_PROPOSED)
    client.force_login(owner)
    response = transition(
        client,
        blocker,
        "lifted",
        resolution_kind=ResolutionKind.LAW,
        resolution_date="2019-12-24",
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert fresh(blocker).state == BlockerState.RESOLUTION_PROPOSED


def test_a_stale_version_is_a_conflict(client, blocker, coordinator):
    client.force_login(coordinator)
    stale = blocker.version
    move_to(blocker, BlockerState.QUALIFIED, actor=coordinator)
    blocker = fresh(blocker)
    response = client.post(
        url("transition", blocker),
        {"target": "in_progress", "to-in_progress-version": stale},
    )
    assert response.status_code == HTTPStatus.CONFLICT
    assert "modifiée par quelqu’un d’autre" in html(response)
    assert fresh(blocker).state == BlockerState.QUALIFIED


@pytest.mark.parametrize("target", ["teleported", "<script>alert(1)</script>", ""])
def test_an_unknown_state_is_refused_with_a_clear_error(client, blocker, coordinator, target):
    client.force_login(coordinator)
    response = transition(client, blocker, target)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = html(response)
    assert "Action refusée" in page
    assert "État inconnu" in page
    assert "<script>alert(1)</script>" not in page
    assert fresh(blocker).version == blocker.version


def test_a_move_the_workflow_lacks_is_refused(client, blocker, coordinator):
    client.force_login(coordinator)
    response = transition(client, blocker, "lifted")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "ne peut pas passer à « Levé »" in html(response)


def test_a_resolution_needs_its_kind(client, blocker, coordinator):
    blocker = move_to(blocker, BlockerState.IN_PROGRESS)
    client.force_login(coordinator)
    response = transition(client, blocker, "resolution_proposed", resolution_text="LFSS 2019")
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert "Nature de la levée : Ce champ est obligatoire." in page
    assert 'aria-expanded="true" aria-controls="action-resolution_proposed"' in page
    assert fresh(blocker).state == BlockerState.IN_PROGRESS


def test_the_assignee_proposes_a_resolution_and_the_coordinator_lifts_it(
    client, blocker, coordinator, civil_servant
):
    blocker = move_to(blocker, BlockerState.QUALIFIED)
    client.force_login(civil_servant)
    response = client.post(url("take_on", blocker), {"take-on-version": blocker.version})
    assert response.status_code == HTTPStatus.FOUND
    blocker = fresh(blocker)
    assert blocker.assignee == civil_servant
    transition(client, blocker, "in_progress")
    blocker = fresh(blocker)
    response = transition(
        client,
        blocker,
        "resolution_proposed",
        resolution_kind=ResolutionKind.LAW,
        resolution_text="LFSS pour 2019",
    )
    assert response.status_code == HTTPStatus.FOUND
    blocker = fresh(blocker)
    assert blocker.resolution_kind == ResolutionKind.LAW
    client.force_login(coordinator)
    transition(
        client,
        blocker,
        "lifted",
        resolution_kind=ResolutionKind.LAW,
        resolution_text="LFSS pour 2019",
        resolution_date="2018-12-22",
    )
    blocker = fresh(blocker)
    assert blocker.state == BlockerState.LIFTED
    assert blocker.resolution_date == datetime.date(2018, 12, 22)
    page = html(client.get(blocker.get_absolute_url()))
    assert "LFSS pour 2019" in page
    assert "État : Levé" in page


def test_a_coordinator_merges_a_duplicate(client, blocker, coordinator):
    duplicate = BlockerFactory(title="Doublon des fauteuils")
    client.force_login(coordinator)
    response = transition(client, duplicate, "merged", merge_into=blocker.pk)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == blocker.get_absolute_url()
    assert fresh(duplicate).merged_into == blocker
    assert blocker.supports.count() == 2


def test_a_kept_blocker_needs_the_administration_s_justification(client, blocker, coordinator):
    blocker = move_to(blocker, BlockerState.IN_PROGRESS)
    client.force_login(coordinator)
    response = transition(client, blocker, "kept")
    assert "Justification de l’administration : Ce champ est obligatoire." in html(response)
    transition(client, blocker, "kept", kept_justification="La sécurité des usagers.")
    assert fresh(blocker).state == BlockerState.KEPT
    assert "La sécurité des usagers." in html(client.get(blocker.get_absolute_url()))


def test_transitions_need_to_be_signed_in(client, blocker):
    response = transition(client, blocker, "qualified")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("accounts:login"))


# Taking on, assigning, routing, joining


def test_only_civil_servants_take_a_blocker_on(client, blocker, owner):
    client.force_login(owner)
    response = client.post(url("take_on", blocker), {"take-on-version": blocker.version})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert fresh(blocker).assignee is None


def test_a_coordinator_assigns_a_civil_servant(client, blocker, coordinator, civil_servant):
    client.force_login(coordinator)
    response = client.post(
        url("assign", blocker),
        {"assign-version": blocker.version, "assign-assignee": civil_servant.pk},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert fresh(blocker).assignee == civil_servant


def test_only_coordinators_route(client, blocker, coordinator, owner):
    ministry = OrganisationFactory(ministry=True, name="Ministère des Solidarités")
    data = {"route-version": blocker.version, "route-administrations": [ministry.pk]}
    client.force_login(owner)
    assert client.post(url("route", blocker), data).status_code == HTTPStatus.FORBIDDEN
    client.force_login(coordinator)
    assert client.post(url("route", blocker), data).status_code == HTTPStatus.FOUND
    assert list(fresh(blocker).administrations.all()) == [ministry]
    assert "Ministère des Solidarités" in html(client.get(blocker.get_absolute_url()))


def test_a_leader_joins_a_blocker_with_their_testimony(client, blocker):
    other = InitiativeFactory(title="Ressourcerie médicale")
    leader = MembershipFactory(organisation=other.organisation).user
    client.force_login(leader)
    page = html(client.get(f"{blocker.get_absolute_url()}?initiative={other.pk}"))
    assert 'id="rejoindre"' in page
    assert f'<option value="{other.pk}" selected>' in page
    response = client.post(
        url("join", blocker),
        {"join-initiative": other.pk, "join-testimony": "Nous aussi, depuis 2020."},
    )
    assert response.status_code == HTTPStatus.FOUND
    support = blocker.supports.get(initiative=other)
    assert support.testimony == "Nous aussi, depuis 2020."
    page = html(client.get(blocker.get_absolute_url()))
    assert "Ressourcerie médicale" in page
    assert "Nous aussi, depuis 2020." in page


def test_an_initiative_joins_a_blocker_only_once(client, blocker, owner, initiative):
    client.force_login(owner)
    response = client.post(url("join", blocker), {"join-initiative": initiative.pk})
    assert response.status_code == HTTPStatus.OK
    assert "Sélectionnez un choix valide." in html(response)
    assert blocker.supports.count() == 1


def test_nobody_joins_for_a_structure_they_are_not_in(client, blocker, stranger):
    other = InitiativeFactory()
    client.force_login(stranger)
    response = client.post(url("join", blocker), {"join-initiative": other.pk})
    assert response.status_code == HTTPStatus.OK
    assert blocker.supports.count() == 1


# Notifications


def test_a_supporter_turns_the_e_mails_off_and_on_with_htmx(client, blocker, owner):
    client.force_login(owner)
    assert "Courriels de suivi" in html(client.get(blocker.get_absolute_url()))
    response = client.post(
        url("notifications", blocker), {"enabled": "off"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == HTTPStatus.OK
    page = html(response)
    assert 'hx-swap-oob="innerHTML">Vous ne recevrez plus' in page
    assert "Recevoir ces courriels" in page
    assert NotificationSetting.objects.filter(user=owner, blocker=blocker).exists()
    client.post(url("notifications", blocker), {"enabled": "on"}, headers={"HX-Request": "true"})
    assert not NotificationSetting.objects.exists()


def test_all_e_mails_are_turned_off_from_my_blockers(client, owner):
    client.force_login(owner)
    response = client.post(reverse("blockers:notifications_all"), {"enabled": "off"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == MINE
    assert NotificationSetting.objects.filter(user=owner, blocker=None).exists()


def test_people_not_notified_see_no_toggle(client, blocker, stranger):
    client.force_login(stranger)
    assert "Courriels de suivi" not in html(client.get(blocker.get_absolute_url()))


# Editing


def test_the_author_edits_a_submitted_blocker(client, blocker, owner):
    client.force_login(owner)
    edit = url("update", blocker)
    assert client.get(edit).status_code == HTTPStatus.OK
    response = client.post(
        edit,
        {
            "title": "Titre précisé",
            "prevents": blocker.prevents,
            "legal_text": "article 3 du code des pirates",
            "version": blocker.version,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    blocker = fresh(blocker)
    assert blocker.title == "Titre précisé"
    assert [c.reference.flags for c in blocker.citations.all()] == ["unknown_code"]


def test_a_stale_edit_is_a_conflict(client, blocker, owner):
    client.force_login(owner)
    response = client.post(
        url("update", blocker),
        {"title": "Autre", "prevents": "Autre", "version": blocker.version - 1},
    )
    assert response.status_code == HTTPStatus.CONFLICT
    assert fresh(blocker).title == WHEELCHAIRS


def test_others_may_not_edit(client, blocker, stranger, owner):
    client.force_login(stranger)
    assert client.get(url("update", blocker)).status_code == HTTPStatus.FORBIDDEN
    move_to(blocker, BlockerState.QUALIFIED)
    client.force_login(owner)
    assert client.get(url("update", blocker)).status_code == HTTPStatus.FORBIDDEN


# The board and "my blockers"


def test_the_board_is_for_coordinators_only(client, owner, civil_servant):
    assert client.get(BOARD).status_code == HTTPStatus.FOUND
    for person in (owner, civil_servant):
        client.force_login(person)
        assert client.get(BOARD).status_code == HTTPStatus.FORBIDDEN


def test_the_board_groups_open_blockers_by_state(client, blocker, coordinator):
    qualified = move_to(BlockerFactory(title="Agrément refusé"), BlockerState.QUALIFIED)
    move_to(BlockerFactory(title="Déjà levé"), BlockerState.LIFTED)
    client.force_login(coordinator)
    response = client.get(BOARD)
    page = html(response)
    assert page.count("<h1") == 1
    assert "Signalé (1)" in page
    assert "Qualifié (1)" in page
    assert "Déjà levé" not in page
    assert qualified.title in page.split("Qualifié (1)", 1)[1]


def test_the_board_runs_the_same_queries_whatever_the_number_of_blockers(
    client, coordinator, civil_servant, django_assert_max_num_queries
):
    for _ in range(5):
        BlockerFactory(assignee=civil_servant)
    client.force_login(coordinator)
    with django_assert_max_num_queries(4):
        response = client.get(BOARD)
    assert response.status_code == HTTPStatus.OK


def test_my_blockers_lists_those_of_my_projects_and_those_i_took_on(
    client, blocker, owner, civil_servant
):
    client.force_login(owner)
    page = html(client.get(MINE))
    assert WHEELCHAIRS in page
    assert "en tant qu’agent public" not in page
    client.force_login(civil_servant)
    assert "Aucun frein ne vous est confié" in html(client.get(MINE))
    services.blocker_assign(actor=civil_servant, blocker=blocker, version=blocker.version)
    assert WHEELCHAIRS in html(client.get(MINE))


def test_my_blockers_needs_to_be_signed_in(client):
    assert client.get(MINE).status_code == HTTPStatus.FOUND


# Navigation and admin


def test_the_header_links_to_the_blockers(client):
    page = html(client.get(reverse("core:home")))
    assert f'href="{LIST}"' in page
    assert "Freins réglementaires" in page


def test_the_admin_lists_blockers_and_saves_texts_through_the_service(client, blocker, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:blockers_blocker_changelist")).status_code == HTTPStatus.OK
    change = reverse("admin:blockers_blocker_change", args=[blocker.pk])
    page = client.get(change)
    assert page.status_code == HTTPStatus.OK
    response = client.post(
        change,
        {
            "title": "Titre corrigé",
            "prevents": blocker.prevents,
            "consequence": "",
            "legal_text": "LFSS pour 2019",
            "read_version": blocker.version,
            "supports-TOTAL_FORMS": 0,
            "supports-INITIAL_FORMS": 1,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 2,
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    blocker = fresh(blocker)
    assert blocker.title == "Titre corrigé"
    assert blocker.state == BlockerState.SUBMITTED
    assert [c.reference.key for c in blocker.citations.all()] == ["lfss:2019"]
    for name in ("legalreference", "coderoute"):
        assert client.get(reverse(f"admin:blockers_{name}_changelist")).status_code == 200
