"""Stable mode: candidates rank the other side, and the run makes a stable assignment."""

import random
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from passeurs.accounts.tests.factories import UserFactory
from passeurs.directory.tests.factories import OrganisationFactory
from passeurs.matching.stable import blocking_pairs
from passeurs.pairing import scoring, services
from passeurs.pairing.models import (
    CandidacyState,
    Edition,
    EditionState,
    MatchingMode,
    Pair,
    PairState,
    Ranking,
)
from passeurs.pairing.services import TransitionError
from passeurs.pairing.tests.factories import (
    EditionFactory,
    ProgrammeFactory,
    ProjectCandidacyFactory,
    ServantCandidacyFactory,
    coordinator_of,
    edition_move_to,
)
from passeurs.pairing.tests.test_views_editions import edition_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return EditionFactory(matching_mode=MatchingMode.STABLE)


def rank(candidacy, *ordered):
    return services.ranking_set(actor=candidacy.user, candidacy=candidacy, ordered=list(ordered))


def run(edition):
    edition.refresh_from_db()
    if edition.state == EditionState.CANDIDACY:
        edition = edition_move_to(edition, EditionState.MATCHING)
    return services.matching_run(
        actor=coordinator_of(edition.programme), edition=edition, version=edition.version
    )


def proposed(edition) -> set[tuple[int, int]]:
    return set(
        Pair.objects.filter(edition=edition, state=PairState.PROPOSED).values_list(
            "project_id", "servant_id"
        )
    )


def prefs_of(candidacies) -> dict[int, list[int]]:
    return {
        c.pk: list(
            Ranking.objects.filter(candidacy=c).order_by("rank").values_list("other_id", flat=True)
        )
        for c in candidacies
    }


# Ranking


def test_the_author_ranks_the_other_side_and_a_new_ranking_replaces_the_old(edition):
    project = ProjectCandidacyFactory(edition=edition)
    first, second = (ServantCandidacyFactory(edition=edition) for _ in range(2))
    rank(project, first, second)
    assert prefs_of([project]) == {project.pk: [first.pk, second.pk]}
    rank(project, second)
    assert prefs_of([project]) == {project.pk: [second.pk]}
    assert Ranking.objects.get(candidacy=project).rank == 1


def test_only_the_author_ranks(edition):
    project = ProjectCandidacyFactory(edition=edition)
    servant = ServantCandidacyFactory(edition=edition)
    for actor in (servant.user, coordinator_of(edition.programme), UserFactory()):
        with pytest.raises(PermissionDenied):
            services.ranking_set(actor=actor, candidacy=project, ordered=[servant])
    assert not Ranking.objects.exists()


def test_only_accepted_candidacies_of_the_other_side_of_the_edition_are_ranked(edition):
    project = ProjectCandidacyFactory(edition=edition)
    accepted = ServantCandidacyFactory(edition=edition)
    submitted = ServantCandidacyFactory(edition=edition, state=CandidacyState.SUBMITTED)
    elsewhere = ServantCandidacyFactory(edition=EditionFactory(matching_mode=MatchingMode.STABLE))
    same_side = ProjectCandidacyFactory(edition=edition)
    for wrong in ([submitted], [elsewhere], [same_side], [accepted, accepted]):
        with pytest.raises(ValidationError):
            rank(project, *wrong)
    assert not Ranking.objects.exists()


def test_rankings_are_for_stable_editions_until_the_pairs_are_published(edition):
    optimal = EditionFactory()
    project = ProjectCandidacyFactory(edition=optimal)
    servant = ServantCandidacyFactory(edition=optimal)
    with pytest.raises(TransitionError):
        rank(project, servant)
    project = ProjectCandidacyFactory(edition=edition)
    servant = ServantCandidacyFactory(edition=edition)
    edition_move_to(edition, EditionState.MATCHING)
    project.refresh_from_db()
    assert len(rank(project, servant)) == 1
    edition_move_to(Edition.objects.get(pk=edition.pk), EditionState.RUNNING)
    project.refresh_from_db()
    with pytest.raises(TransitionError):
        rank(project, servant)


# Running


def test_a_stable_run_leaves_no_blocking_pair_and_respects_capacities(edition):
    projects = [ProjectCandidacyFactory(edition=edition) for _ in range(5)]
    servants = [
        ServantCandidacyFactory(edition=edition, capacity=capacity) for capacity in (1, 2, 1)
    ]
    shuffle = random.Random(7).shuffle
    for candidacy, others in [
        *((p, servants) for p in projects),
        *((s, projects) for s in servants),
    ]:
        ordered = list(others)
        shuffle(ordered)
        rank(candidacy, *ordered[: len(ordered) - 1])
    result = run(edition)

    pairs = sorted(proposed(edition))
    capacities = {s.pk: s.capacity for s in servants}
    assert (
        blocking_pairs(pairs, prefs_of(projects), prefs_of(servants), capacities=capacities) == []
    )
    assert len({p for p, _s in pairs}) == len(pairs)
    for servant in servants:
        assert sum(s == servant.pk for _p, s in pairs) <= servant.capacity
    assert result.settings["matching_mode"] == MatchingMode.STABLE
    for pair in Pair.objects.filter(edition=edition):
        assert sum(pair.explanation[term] for term in scoring.TERMS) == pair.score
        assert pair.explanation["project_rank"] >= 1
        assert pair.explanation["servant_rank"] >= 1


def test_the_pair_both_sides_prefer_is_made_and_unranked_is_unacceptable(edition):
    project, other_project = (ProjectCandidacyFactory(edition=edition) for _ in range(2))
    agent, other_agent = (ServantCandidacyFactory(edition=edition) for _ in range(2))
    rank(project, other_agent, agent)
    rank(other_agent, project)
    rank(agent, project, other_project)
    rank(other_project, other_agent)  # other_agent did not rank it back
    result = run(edition)
    assert proposed(edition) == {(project.pk, other_agent.pk)}
    pair = Pair.objects.get()
    assert (pair.explanation["project_rank"], pair.explanation["servant_rank"]) == (1, 1)
    assert result.unmatched == {
        str(other_project.pk): scoring.NO_MUTUAL_RANKING,
        str(agent.pk): scoring.NOT_PREFERRED,
    }


def test_hard_rules_and_forbidden_pairs_hold_in_stable_mode(edition):
    ministry = OrganisationFactory(ministry=True)
    operator = OrganisationFactory(kind="service", parent=ministry)
    inside = ProjectCandidacyFactory(edition=edition, initiative__organisation=operator)
    colleague = ServantCandidacyFactory(edition=edition, administration=operator)
    project = ProjectCandidacyFactory(edition=edition)
    favourite, second = (ServantCandidacyFactory(edition=edition) for _ in range(2))
    rank(inside, colleague)
    rank(colleague, inside)
    rank(project, favourite, second)
    rank(favourite, project)
    rank(second, project)
    services.pair_rule_set(
        actor=coordinator_of(edition.programme),
        edition=edition,
        project=project,
        servant=favourite,
        kind="forbidden",
    )
    result = run(edition)
    assert proposed(edition) == {(project.pk, second.pk)}
    # They ranked each other, but the agent works in the project's structure.
    assert result.unmatched[str(inside.pk)] == scoring.NO_MUTUAL_RANKING
    assert result.unmatched[str(colleague.pk)] == scoring.NO_MUTUAL_RANKING


def test_fixed_pairs_come_first_and_accepted_pairs_are_kept_on_a_rerun(edition):
    food, housing = (ProjectCandidacyFactory(edition=edition) for _ in range(2))
    grocer, builder, spare = (ServantCandidacyFactory(edition=edition) for _ in range(3))
    rank(food, grocer, builder, spare)
    rank(housing, grocer, builder)
    rank(grocer, housing, food)
    rank(builder, food, housing)
    rank(spare, food)
    services.pair_rule_set(
        actor=coordinator_of(edition.programme),
        edition=edition,
        project=food,
        servant=builder,
        kind="fixed",
    )
    run(edition)
    assert proposed(edition) == {(food.pk, builder.pk), (housing.pk, grocer.pk)}
    assert Pair.objects.get(project=food).is_fixed

    edition.refresh_from_db()
    services.matching_publish(
        actor=coordinator_of(edition.programme), edition=edition, version=edition.version
    )
    accepted = Pair.objects.get(project=housing)
    accepted = services.pair_respond(
        actor=housing.user, pair=accepted, accept=True, version=accepted.version
    )
    declined = Pair.objects.get(project=food)
    services.pair_respond(actor=food.user, pair=declined, accept=False, version=declined.version)
    run(edition)
    accepted.refresh_from_db()
    assert accepted.state == PairState.ACCEPTED_BY_PROJECT
    # The declined couple is never proposed again; the grocer is taken: the spare it is.
    assert proposed(edition) == {(food.pk, spare.pk)}


# Pages


def ranking_url(candidacy):
    return reverse("pairing:ranking", args=[candidacy.pk])


def test_the_author_ranks_on_their_ranking_page(client, edition):
    project = ProjectCandidacyFactory(edition=edition)
    first, second = (ServantCandidacyFactory(edition=edition, level="Chef de bureau") for _ in "ab")
    ServantCandidacyFactory(edition=edition, state=CandidacyState.SUBMITTED)
    client.force_login(project.user)

    html = client.get(ranking_url(project)).content.decode()
    assert html.count("<h1") == 1
    assert f'for="id_rank_{first.pk}"' in html and f'for="id_rank_{second.pk}"' in html
    assert html.count('name="rank_') == 2
    assert "Chef de bureau" in html
    assert first.user.email not in html

    response = client.post(ranking_url(project), {f"rank_{second.pk}": "1", f"rank_{first.pk}": ""})
    assert response.status_code == HTTPStatus.FOUND
    assert prefs_of([project]) == {project.pk: [second.pk]}

    response = client.post(
        ranking_url(project), {f"rank_{second.pk}": "1", f"rank_{first.pk}": "1"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "déjà donné" in response.content.decode()
    assert prefs_of([project]) == {project.pk: [second.pk]}


def test_a_servant_sees_projects_by_title_and_the_edition_page_links_to_the_ranking(
    client, edition
):
    project = ProjectCandidacyFactory(edition=edition)
    servant = ServantCandidacyFactory(edition=edition)
    client.force_login(servant.user)
    html = client.get(ranking_url(servant)).content.decode()
    assert project.initiative.title in html
    assert project.user.email not in html
    page = client.get(reverse("pairing:edition", args=[edition.pk])).content.decode()
    assert ranking_url(servant) in page
    assert ranking_url(servant) in client.get(reverse("pairing:mine")).content.decode()


def test_nobody_else_sees_a_ranking_page(client, edition):
    project = ProjectCandidacyFactory(edition=edition)
    servant = ServantCandidacyFactory(edition=edition)
    assert client.get(ranking_url(project)).status_code == HTTPStatus.FOUND  # sign in
    for user in (servant.user, coordinator_of(edition.programme), UserFactory()):
        client.force_login(user)
        assert client.get(ranking_url(project)).status_code == HTTPStatus.NOT_FOUND
        post = client.post(ranking_url(project), {f"rank_{servant.pk}": "1"})
        assert post.status_code == HTTPStatus.NOT_FOUND
    assert not Ranking.objects.exists()


def test_an_optimal_edition_has_no_ranking_page(client):
    project = ProjectCandidacyFactory()
    client.force_login(project.user)
    assert client.get(ranking_url(project)).status_code == HTTPStatus.NOT_FOUND
    page = client.get(reverse("pairing:edition", args=[project.edition_id])).content.decode()
    assert ranking_url(project) not in page


def test_a_ranking_after_publication_is_refused(client, edition):
    project = ProjectCandidacyFactory(edition=edition)
    servant = ServantCandidacyFactory(edition=edition)
    edition_move_to(edition, EditionState.RUNNING)
    client.force_login(project.user)
    response = client.post(ranking_url(project), {f"rank_{servant.pk}": "1"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert not Ranking.objects.exists()


def test_the_edition_form_sets_the_matching_mode(client):
    programme = ProgrammeFactory()
    client.force_login(coordinator_of(programme))
    url = reverse("pairing:edition_create", args=[programme.pk])
    assert 'name="matching_mode"' in client.get(url).content.decode()
    response = client.post(url, edition_data(matching_mode=MatchingMode.STABLE))
    assert response.status_code == HTTPStatus.FOUND
    edition = Edition.objects.get(programme=programme)
    assert edition.matching_mode == MatchingMode.STABLE
    update = reverse("pairing:edition_update", args=[edition.pk])
    client.post(update, edition_data(matching_mode=MatchingMode.OPTIMAL, version=edition.version))
    edition.refresh_from_db()
    assert edition.matching_mode == MatchingMode.OPTIMAL
