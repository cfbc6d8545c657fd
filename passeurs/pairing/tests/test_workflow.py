"""The pair and edition workflows: who makes each move, and what each move writes."""

import pytest
from django.core.exceptions import PermissionDenied

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.exceptions import ConflictError
from passeurs.pairing import permissions, services, workflows
from passeurs.pairing.models import EditionState, PairEvent
from passeurs.pairing.models import PairState as P
from passeurs.pairing.services import TransitionError
from passeurs.pairing.tests.factories import (
    EditionFactory,
    ProjectCandidacyFactory,
    ServantCandidacyFactory,
    coordinator_of,
    edition_move_to,
)

pytestmark = pytest.mark.django_db

PROJECT, SERVANT, COORDINATOR = "project", "servant", "coordinator"
OTHER_PARTICIPANT, OTHER_COORDINATOR, STRANGER = (
    "other_participant",
    "other_coordinator",
    "stranger",
)
PERSONAS = [PROJECT, SERVANT, COORDINATOR, OTHER_PARTICIPANT, OTHER_COORDINATOR, STRANGER]

# As the issue states it: both sides accept, in any order; either declines; the
# coordinator closes; anyone of the pair or the coordinator ends it early. Coordinators of
# other programmes and other participants of the same edition do nothing.
EXPECTED = {
    (P.PROPOSED, P.ACCEPTED_BY_PROJECT): {PROJECT},
    (P.PROPOSED, P.ACCEPTED_BY_SERVANT): {SERVANT},
    (P.PROPOSED, P.DECLINED): {PROJECT, SERVANT},
    (P.ACCEPTED_BY_PROJECT, P.ACTIVE): {SERVANT},
    (P.ACCEPTED_BY_PROJECT, P.DECLINED): {PROJECT, SERVANT},
    (P.ACCEPTED_BY_SERVANT, P.ACTIVE): {PROJECT},
    (P.ACCEPTED_BY_SERVANT, P.DECLINED): {PROJECT, SERVANT},
    (P.ACTIVE, P.CLOSED): {COORDINATOR},
    (P.ACTIVE, P.ENDED_EARLY): {COORDINATOR, PROJECT, SERVANT},
}


def make_pair(state=P.PROPOSED):
    """A pair of one edition, brought to `state` by its own members and coordinator."""
    edition = EditionFactory()
    project = ProjectCandidacyFactory(edition=edition)
    servant = ServantCandidacyFactory(edition=edition)
    other = ServantCandidacyFactory(edition=edition)
    edition = edition_move_to(edition, EditionState.MATCHING)
    pair = services.pair_propose(
        actor=coordinator_of(edition.programme), edition=edition, project=project, servant=servant
    )
    edition.refresh_from_db()
    services.matching_publish(
        actor=coordinator_of(edition.programme), edition=edition, version=edition.version
    )
    pair.refresh_from_db()
    path = {
        P.PROPOSED: [],
        P.ACCEPTED_BY_PROJECT: [(project.user, True)],
        P.ACCEPTED_BY_SERVANT: [(servant.user, True)],
        P.DECLINED: [(servant.user, False)],
        P.ACTIVE: [(project.user, True), (servant.user, True)],
    }
    for actor, accept in path.get(state, path[P.ACTIVE]):
        pair = services.pair_respond(actor=actor, pair=pair, accept=accept, version=pair.version)
    if state == P.CLOSED:
        pair = services.pair_close(
            actor=coordinator_of(edition.programme), pair=pair, version=pair.version
        )
    if state == P.ENDED_EARLY:
        pair = services.pair_end_early(
            actor=project.user, pair=pair, version=pair.version, reason="Projet arrêté"
        )
    people = {
        PROJECT: project.user,
        SERVANT: servant.user,
        COORDINATOR: coordinator_of(edition.programme),
        OTHER_PARTICIPANT: other.user,
        OTHER_COORDINATOR: UserFactory(coordinator=True),
        STRANGER: UserFactory(),
    }
    return pair, people


def move(pair, actor, target):
    return services.pair_transition(
        actor=actor, pair=pair, target=target, version=pair.version, comment="Vu ensemble"
    )


def test_the_expected_moves_are_exactly_the_workflow_table():
    assert {k: set(v) for k, v in workflows.PAIR_TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("source", "target"), list(EXPECTED), ids=[f"{a}-{b}" for a, b in EXPECTED]
)
def test_who_may_make_each_move(persona, source, target):
    pair, people = make_pair(source)
    assert pair.state == source
    actor = people[persona]
    allowed = persona in EXPECTED[source, target]
    assert bool(permissions.can_transition_pair(actor, pair, target)) == allowed
    events = PairEvent.objects.filter(pair=pair, kind="pair_transition")
    before, version = events.count(), pair.version
    if not allowed:
        with pytest.raises((PermissionDenied, TransitionError)):
            move(pair, actor, target)
        pair.refresh_from_db()
        assert (pair.state, pair.version, events.count()) == (source, version, before)
        return
    move(pair, actor, target)
    pair.refresh_from_db()
    assert (pair.state, pair.version) == (target, version + 1)
    event = events.last()
    assert (event.actor, event.from_state, event.to_state, event.comment) == (
        actor,
        source,
        target,
        "Vu ensemble",
    )
    if target == P.ACTIVE:
        assert pair.activated_at is not None
    if target in workflows.PAIR_TERMINAL:
        assert pair.ended_at is not None


@pytest.mark.parametrize("state", sorted(workflows.PAIR_TERMINAL))
def test_nothing_leaves_an_ended_pair(state):
    pair, people = make_pair(state)
    with pytest.raises(TransitionError) as excinfo:
        services.pair_respond(actor=people[PROJECT], pair=pair, accept=True, version=pair.version)
    assert excinfo.value.allowed == []


def test_responding_picks_the_move_from_the_side_that_answers():
    pair, people = make_pair(P.PROPOSED)
    pair = services.pair_respond(actor=people[SERVANT], pair=pair, accept=True, version=1)
    assert pair.state == P.ACCEPTED_BY_SERVANT
    with pytest.raises(PermissionDenied):
        services.pair_respond(
            actor=people[COORDINATOR], pair=pair, accept=True, version=pair.version
        )
    pair = services.pair_respond(
        actor=people[PROJECT], pair=pair, accept=True, version=pair.version
    )
    assert pair.state == P.ACTIVE


def test_a_stale_pair_version_is_a_conflict():
    pair, people = make_pair(P.PROPOSED)
    stale = pair.version
    services.pair_respond(actor=people[PROJECT], pair=pair, accept=True, version=stale)
    with pytest.raises(ConflictError):
        services.pair_respond(actor=people[SERVANT], pair=pair, accept=True, version=stale)


def test_only_the_programmes_coordinators_move_the_edition():
    edition = EditionFactory(state=EditionState.DRAFT)
    for actor in (UserFactory(coordinator=True), UserFactory(civil_servant=True)):
        with pytest.raises(PermissionDenied):
            services.edition_transition(
                actor=actor, edition=edition, target=EditionState.CANDIDACY, version=1
            )
    with pytest.raises(TransitionError):
        services.edition_transition(
            actor=coordinator_of(edition.programme),
            edition=edition,
            target=EditionState.RUNNING,
            version=1,
        )
    services.edition_transition(
        actor=coordinator_of(edition.programme),
        edition=edition,
        target=EditionState.CANDIDACY,
        version=1,
    )
    assert edition.state == EditionState.CANDIDACY
    with pytest.raises(ConflictError):
        services.edition_transition(
            actor=coordinator_of(edition.programme),
            edition=edition,
            target=EditionState.MATCHING,
            version=1,
        )


def test_the_other_side_and_the_coordinators_hear_when_a_pair_starts(
    mailoutbox, django_capture_on_commit_callbacks
):
    pair, people = make_pair(P.ACCEPTED_BY_PROJECT)
    with django_capture_on_commit_callbacks(execute=True):
        services.pair_respond(actor=people[SERVANT], pair=pair, accept=True, version=pair.version)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [people[PROJECT].email, people[COORDINATOR].email]
    )
    assert "actif" in mailoutbox[0].subject
