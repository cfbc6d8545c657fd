"""Running the matching: hard rules, explanations, rules of the coordinator, re-runs."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.exceptions import ConflictError
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)
from passeurs.pairing import scoring, services
from passeurs.pairing.models import (
    CandidacyState,
    EditionState,
    LinkKind,
    MatchingRun,
    Pair,
    PairEvent,
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
    return EditionFactory()


def run(edition, actor=None):
    edition.refresh_from_db()
    if edition.state == EditionState.CANDIDACY:
        edition = edition_move_to(edition, EditionState.MATCHING)
    actor = actor or coordinator_of(edition.programme)
    return services.matching_run(actor=actor, edition=edition, version=edition.version)


def proposed(edition) -> set[tuple[int, int]]:
    return set(
        Pair.objects.filter(edition=edition, state=PairState.PROPOSED).values_list(
            "project_id", "servant_id"
        )
    )


def test_it_proposes_the_best_pairs_with_their_explanation(edition):
    food = ProjectCandidacyFactory(edition=edition, needs="aide alimentaire épicerie")
    housing = ProjectCandidacyFactory(edition=edition, needs="logement habitat inclusif")
    grocer = ServantCandidacyFactory(edition=edition, expertise="aide alimentaire épicerie")
    builder = ServantCandidacyFactory(edition=edition, expertise="logement habitat inclusif")
    result = run(edition)
    assert proposed(edition) == {(food.pk, grocer.pk), (housing.pk, builder.pk)}
    for pair in Pair.objects.filter(edition=edition):
        assert set(pair.explanation) == set(scoring.TERMS)
        assert sum(pair.explanation.values()) == pair.score > 0
        assert pair.run == result
    assert result.total == sum(Pair.objects.values_list("score", flat=True))
    assert result.unmatched == {}
    assert result.settings["weights"] == edition.weights
    assert PairEvent.objects.filter(kind="matching_run", edition=edition).count() == 1


def test_it_only_matches_accepted_candidacies(edition):
    ProjectCandidacyFactory(edition=edition, state=CandidacyState.REFUSED)
    ProjectCandidacyFactory(edition=edition, state=CandidacyState.SUBMITTED)
    ServantCandidacyFactory(edition=edition)
    run(edition)
    assert proposed(edition) == set()


def test_no_pair_inside_the_same_organisation(edition):
    ministry = OrganisationFactory(ministry=True)
    # A public operator carries the project; one of its agents applies too.
    operator = OrganisationFactory(kind="service", parent=ministry)
    project = ProjectCandidacyFactory(edition=edition, initiative__organisation=operator)
    ServantCandidacyFactory(edition=edition, administration=operator)
    # An agent who is also a member of the project's structure.
    member = UserFactory(civil_servant=True)
    MembershipFactory(user=member, organisation=project.initiative.organisation)
    ServantCandidacyFactory(edition=edition, user=member, administration=ministry)
    result = run(edition)
    assert proposed(edition) == set()
    assert result.unmatched == {
        str(c.pk): scoring.NO_ADMISSIBLE_PAIR for c in edition.candidacies.all()
    }


@pytest.mark.parametrize("kind", LinkKind.values)
def test_no_pair_with_a_funding_or_supervising_administration(edition, kind):
    ministry = OrganisationFactory(ministry=True)
    directorate = OrganisationFactory(kind="directorate", parent=ministry, department=None)
    project = ProjectCandidacyFactory(edition=edition)
    ServantCandidacyFactory(edition=edition, administration=directorate)
    services.organisation_link_set(
        actor=coordinator_of(edition.programme),
        administration=ministry,
        organisation=project.initiative.organisation,
        kind=kind,
    )
    run(edition)
    assert proposed(edition) == set()


def test_no_pair_declared_in_conflict_by_either_side(edition):
    first = ProjectCandidacyFactory(edition=edition)
    agent = ServantCandidacyFactory(edition=edition, conflicts=[first.initiative.organisation])
    second = ProjectCandidacyFactory(edition=edition, conflicts=[agent.administration])
    run(edition)
    assert proposed(edition) == set()
    assert {first.pk, second.pk} <= {int(pk) for pk in MatchingRun.objects.get().unmatched}


def test_a_forbidden_pair_is_never_proposed_and_a_fixed_one_always(edition):
    food = ProjectCandidacyFactory(edition=edition, needs="aide alimentaire épicerie")
    housing = ProjectCandidacyFactory(edition=edition, needs="logement habitat inclusif")
    grocer = ServantCandidacyFactory(edition=edition, expertise="aide alimentaire épicerie")
    # The builder knows a little about food aid: every couple scores above zero.
    builder = ServantCandidacyFactory(edition=edition, expertise="logement habitat inclusif aide")
    coordinator = coordinator_of(edition.programme)
    services.pair_rule_set(
        actor=coordinator, edition=edition, project=food, servant=grocer, kind="forbidden"
    )
    services.pair_rule_set(
        actor=coordinator, edition=edition, project=housing, servant=grocer, kind="fixed"
    )
    run(edition)
    assert proposed(edition) == {(housing.pk, grocer.pk), (food.pk, builder.pk)}
    assert Pair.objects.get(project=housing).is_fixed
    assert not Pair.objects.get(project=food).is_fixed
    # Lifting the rules gives the natural pairs back.
    for project, servant in ((food, grocer), (housing, grocer)):
        services.pair_rule_set(
            actor=coordinator, edition=edition, project=project, servant=servant, kind=None
        )
    run(edition)
    assert proposed(edition) == {(food.pk, grocer.pk), (housing.pk, builder.pk)}
    assert PairRule.objects.count() == 0


def test_an_impossible_pair_cannot_be_fixed(edition):
    project = ProjectCandidacyFactory(edition=edition)
    agent = ServantCandidacyFactory(edition=edition, conflicts=[project.initiative.organisation])
    with pytest.raises(ValidationError, match="conflit"):
        services.pair_rule_set(
            actor=coordinator_of(edition.programme),
            edition=edition,
            project=project,
            servant=agent,
            kind="fixed",
        )


def test_a_rerun_after_a_decline_keeps_accepted_pairs_and_fills_the_gap(edition):
    food = ProjectCandidacyFactory(edition=edition, needs="aide alimentaire épicerie")
    housing = ProjectCandidacyFactory(edition=edition, needs="logement habitat inclusif")
    grocer = ServantCandidacyFactory(edition=edition, expertise="aide alimentaire épicerie")
    builder = ServantCandidacyFactory(edition=edition, expertise="logement habitat inclusif")
    spare = ServantCandidacyFactory(edition=edition, expertise="aide alimentaire")
    run(edition)
    assert proposed(edition) == {(food.pk, grocer.pk), (housing.pk, builder.pk)}
    edition.refresh_from_db()
    services.matching_publish(
        actor=coordinator_of(edition.programme), edition=edition, version=edition.version
    )
    accepted = Pair.objects.get(project=housing)
    accepted = services.pair_respond(
        actor=housing.user, pair=accepted, accept=True, version=accepted.version
    )
    declined = Pair.objects.get(project=food)
    services.pair_respond(actor=grocer.user, pair=declined, accept=False, version=declined.version)
    run(edition)
    accepted.refresh_from_db()
    assert accepted.state == PairState.ACCEPTED_BY_PROJECT
    assert proposed(edition) == {(food.pk, spare.pk)}
    assert Pair.objects.get(project=food, servant=grocer).state == PairState.DECLINED
    assert set(MatchingRun.objects.first().unmatched) == {str(grocer.pk)}


def test_the_agents_capacity_and_the_editions_capacity_are_respected(edition):
    projects = [ProjectCandidacyFactory(edition=edition) for _ in range(3)]
    agent = ServantCandidacyFactory(edition=edition, capacity=2)
    run(edition)
    assert len(proposed(edition)) == 2
    edition.refresh_from_db()
    services.edition_update(
        actor=coordinator_of(edition.programme),
        edition=edition,
        version=edition.version,
        capacity=1,
    )
    result = run(edition)
    assert len(proposed(edition)) == 1
    reasons = sorted(result.unmatched.values())
    assert scoring.EDITION_FULL in reasons and len(reasons) == 2
    assert {int(pk) for pk in result.unmatched} < {p.pk for p in projects}
    assert agent.pk not in {int(pk) for pk in result.unmatched}


def test_only_the_editions_coordinators_run_the_matching(edition):
    ProjectCandidacyFactory(edition=edition)
    ServantCandidacyFactory(edition=edition)
    edition = edition_move_to(edition, EditionState.MATCHING)
    other_coordinator = UserFactory(coordinator=True)
    for actor in (other_coordinator, UserFactory(civil_servant=True)):
        with pytest.raises(PermissionDenied):
            services.matching_run(actor=actor, edition=edition, version=edition.version)
    assert not MatchingRun.objects.exists()
    edition.programme.coordinators.add(other_coordinator)
    services.matching_run(actor=other_coordinator, edition=edition, version=edition.version)


def test_a_stale_edition_version_is_a_conflict(edition):
    edition = edition_move_to(edition, EditionState.MATCHING)
    stale = edition.version
    services.matching_run(actor=coordinator_of(edition.programme), edition=edition, version=stale)
    with pytest.raises(ConflictError):
        services.matching_run(
            actor=coordinator_of(edition.programme), edition=edition, version=stale
        )


def test_the_matching_waits_for_candidacies_to_close(edition):
    with pytest.raises(ValidationError):
        services.matching_run(
            actor=coordinator_of(edition.programme), edition=edition, version=edition.version
        )


def test_a_coordinator_can_propose_a_pair_by_hand(edition):
    project = ProjectCandidacyFactory(edition=edition)
    agent = ServantCandidacyFactory(edition=edition)
    late = ServantCandidacyFactory(edition=edition)
    with pytest.raises(ValidationError):
        services.pair_propose(
            actor=coordinator_of(edition.programme), edition=edition, project=project, servant=agent
        )
    edition = edition_move_to(edition, EditionState.MATCHING)
    pair = services.pair_propose(
        actor=coordinator_of(edition.programme), edition=edition, project=project, servant=agent
    )
    assert (pair.state, pair.is_fixed) == (PairState.PROPOSED, True)
    assert sum(pair.explanation.values()) == pair.score
    with pytest.raises(ValidationError):
        services.pair_propose(
            actor=coordinator_of(edition.programme),
            edition=edition,
            project=project,
            servant=late,
        )


def test_a_project_may_only_bring_its_own_open_blockers(edition):
    from passeurs.blockers.tests.factories import BlockerFactory

    initiative = InitiativeFactory()
    own = BlockerFactory(initiative=initiative)
    other = BlockerFactory()
    with pytest.raises(ValidationError):
        ProjectCandidacyFactory(edition=edition, initiative=initiative, blockers=[own, other])
    candidacy = ProjectCandidacyFactory(edition=edition, initiative=initiative, blockers=[own])
    assert list(candidacy.blockers.all()) == [own]


def test_publishing_the_proposal_tells_both_sides_once(
    edition, mailoutbox, django_capture_on_commit_callbacks
):
    from passeurs.pairing import selectors

    project = ProjectCandidacyFactory(edition=edition)
    agent = ServantCandidacyFactory(edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        run(edition)
    assert mailoutbox == []
    pair = Pair.objects.get()
    edition.refresh_from_db()
    coordinator = coordinator_of(edition.programme)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.matching_publish(
            actor=coordinator, edition=edition, version=edition.version
        )
    assert count == 1
    assert selectors.pair_get(user=project.user, pk=pair.pk) == pair
    assert sorted(m.to[0] for m in mailoutbox) == sorted([project.user.email, agent.user.email])
    assert "un binôme vous est proposé" in mailoutbox[0].subject
    assert f"/programmes/binomes/{pair.pk}/" in mailoutbox[0].body
    assert (
        services.matching_publish(actor=coordinator, edition=edition, version=edition.version) == 0
    )
    # A new run keeps nothing proposed, and its new proposal is unpublished again.
    run(edition)
    assert Pair.objects.get().published_at is None


def test_a_run_reads_a_fixed_number_of_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(size):
        edition = EditionFactory()
        for _ in range(size):
            ProjectCandidacyFactory(edition=edition)
            ServantCandidacyFactory(edition=edition)
        edition = edition_move_to(edition, EditionState.MATCHING)
        with CaptureQueriesContext(connection) as captured:
            run(edition)
        return len(captured)

    assert queries_for(2) == queries_for(6)
