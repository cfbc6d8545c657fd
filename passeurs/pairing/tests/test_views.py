"""The programme pages: public pages, applying, the coordinators' page, a pair's page."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from passeurs.accounts.tests.factories import UserFactory
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)
from passeurs.pairing import services
from passeurs.pairing.models import (
    ActionKind,
    Candidacy,
    CandidacySide,
    CandidacyState,
    EditionState,
    FacilitationAction,
    MatchingRun,
    Pair,
    PairRule,
    PairState,
)
from passeurs.pairing.tests.factories import (
    EditionFactory,
    ProjectCandidacyFactory,
    ServantCandidacyFactory,
    coordinator_of,
    edition_move_to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    """An edition whose candidacies are closed: two projects, two civil servants accepted."""
    edition = EditionFactory()
    for _ in range(2):
        ProjectCandidacyFactory(edition=edition)
        ServantCandidacyFactory(edition=edition)
    return edition_move_to(edition, EditionState.MATCHING)


@pytest.fixture
def coordinator(edition):
    return coordinator_of(edition.programme)


@pytest.fixture
def other_coordinator(db):
    return UserFactory(coordinator=True)


@pytest.fixture
def proposed(edition, coordinator):
    services.matching_run(actor=coordinator, edition=edition, version=edition.version)
    edition.refresh_from_db()
    return Pair.objects.filter(edition=edition, state=PairState.PROPOSED).order_by("pk").first()


@pytest.fixture
def active(proposed, edition):
    edition_move_to(edition, EditionState.RUNNING)
    for user in (proposed.project.user, proposed.servant.user):
        proposed.refresh_from_db()
        services.pair_respond(actor=user, pair=proposed, accept=True, version=proposed.version)
    proposed.refresh_from_db()
    assert proposed.state == PairState.ACTIVE
    return proposed


def manage_url(edition):
    return reverse("pairing:manage", args=[edition.pk])


# Public pages


def test_the_programme_list_shows_programmes_and_their_editions_to_anybody(client, edition):
    response = client.get(reverse("pairing:list"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert edition.programme.name in html
    assert edition.name in html


def test_the_programme_and_edition_pages_are_public(client, edition):
    assert client.get(reverse("pairing:programme", args=[edition.programme.pk])).status_code == 200
    response = client.get(reverse("pairing:edition", args=[edition.pk]))
    assert response.status_code == HTTPStatus.OK
    assert "Constitution des binômes" in response.content.decode()


def test_an_unknown_programme_is_a_404(client, db):
    assert client.get(reverse("pairing:programme", args=[999])).status_code == 404
    assert client.get(reverse("pairing:edition", args=[999])).status_code == 404


def test_the_dashboard_counts_the_actions_of_active_pairs(client, active):
    services.action_log(
        actor=active.servant.user,
        pair=active,
        kind=ActionKind.INTRODUCTION,
        date=datetime.date(2026, 4, 2),
        outcome="Rendez-vous obtenu à la CAF",
    )
    programme = active.edition.programme

    response = client.get(reverse("pairing:figures", args=[programme.pk]))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Mise en relation avec un service" in html
    assert "2026-04" in html
    assert response.context["figures"].pairs_active == 1
    assert response.context["actions_total"] == 1
    # Public aggregates: nobody is named.
    assert active.servant.user.last_name not in html
    assert "Rendez-vous obtenu" not in html


def test_the_dashboard_narrows_to_one_edition(client, active):
    other = EditionFactory(programme=active.edition.programme, name="Promotion vide")
    url = reverse("pairing:figures", args=[other.programme.pk])

    response = client.get(url, {"promotion": other.pk})

    assert response.context["chosen"] == other
    assert response.context["figures"].pairs_formed == 0


# The coordinators' page


def test_the_coordinator_of_the_programme_sees_the_coordinators_page(client, edition, coordinator):
    client.force_login(coordinator)

    response = client.get(manage_url(edition))

    assert response.status_code == HTTPStatus.OK
    assert "Lancer l’appariement" in response.content.decode()


@pytest.mark.parametrize("persona", ["other_coordinator", "servant", "leader"])
def test_nobody_else_sees_the_coordinators_page(client, edition, other_coordinator, persona):
    user = {
        "other_coordinator": other_coordinator,
        "servant": Candidacy.objects.servants().filter(edition=edition).first().user,
        "leader": Candidacy.objects.projects().filter(edition=edition).first().user,
    }[persona]
    client.force_login(user)

    assert client.get(manage_url(edition)).status_code == HTTPStatus.FORBIDDEN
    response = client.post(reverse("pairing:run", args=[edition.pk]), {"version": edition.version})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not MatchingRun.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, edition):
    response = client.get(manage_url(edition))

    assert response.status_code == HTTPStatus.FOUND
    assert "connexion" in response.url


def test_the_coordinator_runs_the_matching_and_reads_each_explanation(client, edition, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("pairing:run", args=[edition.pk]), {"version": edition.version}, follow=True
    )

    assert response.status_code == HTTPStatus.OK
    assert MatchingRun.objects.filter(edition=edition).count() == 1
    html = response.content.decode()
    assert "Expertise" in html and "Défis partagés" in html and "Territoire" in html
    assert len(response.context["pairs"]) == Pair.objects.filter(edition=edition).count()


def test_a_stale_version_is_a_conflict(client, edition, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("pairing:run", args=[edition.pk]), {"version": 1})

    assert response.status_code == HTTPStatus.CONFLICT
    assert not MatchingRun.objects.exists()


def test_the_matching_cannot_run_while_candidacies_are_open(client, coordinator, edition):
    fresh = EditionFactory(programme=edition.programme)
    client.force_login(coordinator)

    response = client.post(reverse("pairing:run", args=[fresh.pk]), {"version": fresh.version})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY


def test_forbidding_a_pair_then_running_again_never_proposes_it(
    client, edition, coordinator, proposed
):
    client.force_login(coordinator)
    couple = {"project": proposed.project_id, "servant": proposed.servant_id}

    client.post(reverse("pairing:rule", args=[edition.pk]), {**couple, "kind": "forbidden"})
    edition.refresh_from_db()
    client.post(reverse("pairing:run", args=[edition.pk]), {"version": edition.version})

    assert PairRule.objects.filter(
        kind=PairRule.Kind.FORBIDDEN,
        **{"project_id": proposed.project_id, "servant_id": proposed.servant_id},
    ).exists()
    assert not Pair.objects.filter(
        project_id=proposed.project_id, servant_id=proposed.servant_id
    ).exists()


def test_the_coordinator_accepts_and_refuses_candidacies(client, coordinator, edition):
    fresh = EditionFactory(programme=edition.programme)
    candidacy = ServantCandidacyFactory(edition=fresh, state=CandidacyState.SUBMITTED)
    client.force_login(coordinator)
    url = reverse("pairing:decide", args=[fresh.pk, candidacy.pk])

    client.post(url, {"version": candidacy.version, "accept": "0"})
    candidacy.refresh_from_db()
    assert candidacy.state == CandidacyState.REFUSED
    client.post(url, {"version": candidacy.version, "accept": "1"})
    candidacy.refresh_from_db()
    assert candidacy.state == CandidacyState.ACCEPTED


def test_publishing_starts_the_edition(client, edition, coordinator, proposed):
    client.force_login(coordinator)
    edition.refresh_from_db()

    response = client.post(
        reverse("pairing:transition", args=[edition.pk]),
        {"version": edition.version, "target": EditionState.RUNNING},
    )

    assert response.status_code == HTTPStatus.FOUND
    edition.refresh_from_db()
    assert edition.state == EditionState.RUNNING


# Applying


def test_a_civil_servant_applies_with_their_administration(client, db):
    edition = EditionFactory()
    ministry = OrganisationFactory(ministry=True)
    servant = UserFactory(civil_servant=True)
    MembershipFactory(user=servant, organisation=ministry)
    client.force_login(servant)
    url = reverse("pairing:apply", args=[edition.pk])
    assert client.get(url).status_code == HTTPStatus.OK

    response = client.post(
        url,
        {
            "administration": ministry.pk,
            "level": "Cheffe de bureau",
            "expertise": "Aide alimentaire",
            "capacity": 2,
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    candidacy = Candidacy.objects.get(edition=edition, user=servant)
    assert (candidacy.side, candidacy.capacity) == (CandidacySide.CIVIL_SERVANT, 2)


def test_a_project_leader_applies_for_their_initiative(client, db):
    edition = EditionFactory()
    initiative = InitiativeFactory()
    leader = UserFactory()
    MembershipFactory(user=leader, organisation=initiative.organisation, admin=True)
    client.force_login(leader)

    response = client.post(
        reverse("pairing:apply", args=[edition.pk]) + "?cote=projet",
        {"initiative": initiative.pk, "needs": "Comprendre les règles de l’aide alimentaire"},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Candidacy.objects.projects().get(edition=edition).initiative == initiative


def test_applying_to_a_closed_edition_is_forbidden(client, edition):
    ministry = OrganisationFactory(ministry=True)
    servant = UserFactory(civil_servant=True)
    MembershipFactory(user=servant, organisation=ministry)
    client.force_login(servant)

    response = client.post(
        reverse("pairing:apply", args=[edition.pk]),
        {"administration": ministry.pk, "capacity": 1},
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Candidacy.objects.filter(edition=edition, user=servant).exists()


# A pair's page


def test_a_proposal_reaches_its_sides_once_published(client, edition, proposed):
    client.force_login(proposed.servant.user)
    url = reverse("pairing:pair", args=[proposed.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND

    edition_move_to(edition, EditionState.RUNNING)

    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert "Accepter le binôme" in response.content.decode()
    assert proposed in client.get(reverse("pairing:mine")).context["pairs"]


def test_both_sides_accept_and_the_pair_is_active(client, edition, proposed):
    edition_move_to(edition, EditionState.RUNNING)
    url = reverse("pairing:respond", args=[proposed.pk])
    for user in (proposed.servant.user, proposed.project.user):
        proposed.refresh_from_db()
        client.force_login(user)
        client.post(url, {"respond-version": proposed.version, "respond-accept": "1"})

    proposed.refresh_from_db()
    assert proposed.state == PairState.ACTIVE


def test_a_member_logs_a_facilitation_action(client, active):
    client.force_login(active.project.user)

    response = client.post(
        reverse("pairing:action", args=[active.pk]),
        {"action-kind": ActionKind.PROCEDURE, "action-date": "2026-04-10", "action-outcome": "OK"},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    assert FacilitationAction.objects.filter(pair=active, kind=ActionKind.PROCEDURE).exists()
    assert "Conseil sur une démarche" in response.content.decode()


def test_a_refused_action_shows_its_errors(client, active):
    client.force_login(active.project.user)

    response = client.post(
        reverse("pairing:action", args=[active.pk]),
        {"action-kind": ActionKind.BLOCKER, "action-date": "2026-04-10"},
    )

    assert response.status_code == HTTPStatus.OK
    assert "Choisissez le frein réglementaire travaillé" in response.content.decode()
    assert not FacilitationAction.objects.exists()


def test_members_add_meetings_objectives_and_evaluations(client, active):
    client.force_login(active.servant.user)
    client.post(reverse("pairing:meeting", args=[active.pk]), {"meeting-date": "2026-04-01"})
    client.post(
        reverse("pairing:objectives", args=[active.pk]),
        {"objectives-version": active.version, "objectives-objectives": "Ouvrir l’épicerie"},
    )
    active.refresh_from_db()
    client.post(
        reverse("pairing:evaluate", args=[active.pk]),
        {"evaluate-version": active.version, "evaluate-evaluation": "Très utile"},
    )

    active.refresh_from_db()
    assert active.meetings.count() == 1
    assert active.objectives == "Ouvrir l’épicerie"
    assert active.servant_evaluation == "Très utile"


def test_the_coordinator_closes_an_active_pair(client, active, coordinator):
    client.force_login(coordinator)

    client.post(reverse("pairing:close", args=[active.pk]), {"close-version": active.version})

    active.refresh_from_db()
    assert active.state == PairState.CLOSED


@pytest.mark.parametrize("persona", ["other_servant", "other_leader", "other_coordinator"])
def test_a_pairs_page_is_a_404_for_other_participants(client, active, persona, other_coordinator):
    others = Candidacy.objects.filter(edition=active.edition)
    user = {
        "other_servant": others.servants().exclude(pk=active.servant_id).first().user,
        "other_leader": others.projects().exclude(pk=active.project_id).first().user,
        "other_coordinator": other_coordinator,
    }[persona]
    client.force_login(user)

    assert client.get(reverse("pairing:pair", args=[active.pk])).status_code == 404
    response = client.post(
        reverse("pairing:action", args=[active.pk]),
        {"action-kind": ActionKind.OTHER, "action-date": "2026-04-10"},
    )
    assert response.status_code == 404
    assert not FacilitationAction.objects.exists()


def test_the_coordinator_reads_the_log_but_does_not_write_it(client, active, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("pairing:pair", args=[active.pk]))

    assert response.status_code == HTTPStatus.OK
    assert "action" not in response.context["forms"]
    assert "close" in response.context["forms"]


def test_my_pairs_needs_signing_in(client, db):
    assert client.get(reverse("pairing:mine")).status_code == HTTPStatus.FOUND
