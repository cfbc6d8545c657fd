"""The blocker workflow: who makes each move, what each move needs, what it writes, merges."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passeurs.accounts.tests.factories import UserFactory
from passeurs.blockers import permissions, services, workflows
from passeurs.blockers.models import Blocker, BlockerEvent, ResolutionKind
from passeurs.blockers.models import BlockerState as S
from passeurs.blockers.services import TransitionError
from passeurs.blockers.tests.factories import BlockerFactory, move_to
from passeurs.core.exceptions import ConflictError
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

AUTHOR, COORDINATOR, ASSIGNEE = "author", "coordinator", "assignee"
OTHER_CIVIL_SERVANT, STRANGER = "other_civil_servant", "stranger"
PERSONAS = [AUTHOR, COORDINATOR, ASSIGNEE, OTHER_CIVIL_SERVANT, STRANGER]

# Who may make each move, as the issue states it: a leader withdraws or submits their own
# blocker but never qualifies or closes it; coordinators qualify and merge; the civil
# servant in charge instructs, proposes a resolution and closes.
EXPECTED = {
    (S.DRAFT, S.SUBMITTED): {AUTHOR, COORDINATOR},
    (S.DRAFT, S.WITHDRAWN): {AUTHOR, COORDINATOR},
    (S.SUBMITTED, S.QUALIFIED): {COORDINATOR},
    (S.SUBMITTED, S.MERGED): {COORDINATOR},
    (S.SUBMITTED, S.WITHDRAWN): {AUTHOR, COORDINATOR},
    (S.QUALIFIED, S.IN_PROGRESS): {COORDINATOR, ASSIGNEE},
    (S.QUALIFIED, S.MERGED): {COORDINATOR},
    (S.QUALIFIED, S.WITHDRAWN): {AUTHOR, COORDINATOR},
    (S.IN_PROGRESS, S.RESOLUTION_PROPOSED): {COORDINATOR, ASSIGNEE},
    (S.IN_PROGRESS, S.KEPT): {COORDINATOR, ASSIGNEE},
    (S.IN_PROGRESS, S.MERGED): {COORDINATOR},
    (S.RESOLUTION_PROPOSED, S.LIFTED): {COORDINATOR, ASSIGNEE},
    (S.RESOLUTION_PROPOSED, S.WORKED_AROUND): {COORDINATOR, ASSIGNEE},
    (S.RESOLUTION_PROPOSED, S.KEPT): {COORDINATOR, ASSIGNEE},
    (S.RESOLUTION_PROPOSED, S.IN_PROGRESS): {COORDINATOR, ASSIGNEE},
}

RESOLUTION = {
    "resolution_kind": ResolutionKind.LAW,
    "resolution_date": datetime.date(2018, 12, 22),
    "resolution_text": "article 58 de la LFSS pour 2019",
}


@pytest.fixture
def people(coordinator):
    initiative = InitiativeFactory()
    return {
        AUTHOR: MembershipFactory(organisation=initiative.organisation).user,
        COORDINATOR: coordinator,
        ASSIGNEE: UserFactory(civil_servant=True),
        OTHER_CIVIL_SERVANT: UserFactory(civil_servant=True),
        STRANGER: UserFactory(),
        "initiative": initiative,
    }


def blocker_in(state, people) -> Blocker:
    blocker = BlockerFactory(
        initiative=people["initiative"],
        author=people[AUTHOR],
        state=S.DRAFT if state == S.DRAFT else S.SUBMITTED,
        assignee=None if state == S.DRAFT else people[ASSIGNEE],
    )
    return move_to(blocker, state, actor=people[COORDINATOR])


def what_the_move_needs(target) -> dict:
    if target in workflows.NEEDS_RESOLUTION:
        return RESOLUTION
    if target == S.KEPT:
        return {"kept_justification": "La règle protège les usagers ; elle est maintenue."}
    if target == S.MERGED:
        return {"merge_into": BlockerFactory()}
    return {}


def test_the_expected_moves_are_exactly_the_workflow_table():
    assert set(workflows.TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("source", "target"), list(EXPECTED), ids="{0[0]}-{0[1]}".format)
def test_who_may_make_each_move(people, persona, source, target):
    blocker = blocker_in(source, people)
    actor = people[persona]
    allowed = persona in EXPECTED[source, target]
    assert bool(permissions.can_transition(actor, blocker, target)) == allowed
    events = BlockerEvent.objects.filter(blocker=blocker, kind="transition")
    before = events.count()
    version = blocker.version
    call = lambda: services.blocker_transition(  # noqa: E731
        actor=actor,
        blocker=blocker,
        target=target,
        version=version,
        comment="Vu en comité",
        **what_the_move_needs(target),
    )
    if not allowed:
        with pytest.raises(PermissionDenied):
            call()
        blocker.refresh_from_db()
        assert (blocker.state, blocker.version, events.count()) == (source, version, before)
        return
    call()
    blocker.refresh_from_db()
    assert (blocker.state, blocker.version) == (target, version + 1)
    assert events.count() == before + 1
    event = events.last()
    assert (event.actor, event.from_state, event.to_state, event.comment) == (
        actor,
        source,
        target,
        "Vu en comité",
    )


def test_a_leader_cannot_mark_their_own_blocker_lifted_even_when_in_charge(people):
    leader = people[AUTHOR]
    blocker = BlockerFactory(
        initiative=people["initiative"],
        author=leader,
        assignee=leader,
        state=S.RESOLUTION_PROPOSED,
    )
    for target in (S.LIFTED, S.WORKED_AROUND, S.KEPT):
        assert not permissions.can_transition(leader, blocker, target)
    with pytest.raises(PermissionDenied):
        services.blocker_transition(
            actor=leader, blocker=blocker, target=S.LIFTED, version=blocker.version, **RESOLUTION
        )
    # ...but may send it back to instruction, being in charge of it.
    services.blocker_transition(
        actor=leader, blocker=blocker, target=S.IN_PROGRESS, version=blocker.version
    )


def test_a_leader_of_a_supporting_initiative_is_not_the_author(people):
    blocker = blocker_in(S.SUBMITTED, people)
    other = InitiativeFactory()
    leader = MembershipFactory(organisation=other.organisation).user
    services.blocker_join(actor=leader, blocker=blocker, initiative=other)
    assert not permissions.can_transition(leader, blocker, S.WITHDRAWN)


def test_an_impossible_move_says_which_moves_exist(people):
    blocker = blocker_in(S.SUBMITTED, people)
    with pytest.raises(TransitionError) as excinfo:
        services.blocker_transition(
            actor=people[COORDINATOR],
            blocker=blocker,
            target=S.LIFTED,
            version=blocker.version,
            **RESOLUTION,
        )
    assert isinstance(excinfo.value, ValidationError)
    assert excinfo.value.allowed == [S.QUALIFIED, S.MERGED, S.WITHDRAWN]
    assert "ne peut pas passer" in excinfo.value.messages[0]
    assert Blocker.objects.get(pk=blocker.pk).state == S.SUBMITTED


@pytest.mark.parametrize("state", sorted(workflows.TERMINAL))
def test_nothing_leaves_a_closed_state(people, state):
    blocker = blocker_in(state, people)
    with pytest.raises(TransitionError) as excinfo:
        services.blocker_transition(
            actor=people[COORDINATOR], blocker=blocker, target=S.IN_PROGRESS, version=2
        )
    assert excinfo.value.allowed == []


@pytest.mark.parametrize("target", ["archived", "", "LIFTED"])
def test_an_unknown_state_is_a_transition_error(people, target):
    blocker = blocker_in(S.SUBMITTED, people)
    with pytest.raises(TransitionError) as excinfo:
        services.blocker_transition(
            actor=people[COORDINATOR], blocker=blocker, target=target, version=blocker.version
        )
    assert excinfo.value.allowed == [S.QUALIFIED, S.MERGED, S.WITHDRAWN]


@pytest.mark.parametrize(
    ("source", "target", "given", "missing"),
    [
        (S.IN_PROGRESS, S.RESOLUTION_PROPOSED, {}, {"resolution_kind"}),
        (S.IN_PROGRESS, S.RESOLUTION_PROPOSED, {"resolution_kind": "magic"}, {"resolution_kind"}),
        (S.RESOLUTION_PROPOSED, S.LIFTED, {}, {"resolution_kind", "resolution_date"}),
        (S.RESOLUTION_PROPOSED, S.LIFTED, {"resolution_kind": "law"}, {"resolution_date"}),
        (
            S.RESOLUTION_PROPOSED,
            S.WORKED_AROUND,
            {"resolution_date": datetime.date(2024, 1, 1)},
            {"resolution_kind"},
        ),
        (S.IN_PROGRESS, S.KEPT, {}, {"kept_justification"}),
        (S.RESOLUTION_PROPOSED, S.KEPT, {"kept_justification": "  \n"}, {"kept_justification"}),
        (
            S.RESOLUTION_PROPOSED,
            S.LIFTED,
            RESOLUTION | {"resolution_text": "x" * 401},
            {"resolution_text"},
        ),
        (S.SUBMITTED, S.MERGED, {}, {"merge_into"}),
    ],
)
def test_closing_moves_need_their_fields(people, source, target, given, missing):
    blocker = blocker_in(source, people)
    version = blocker.version
    with pytest.raises(ValidationError) as excinfo:
        services.blocker_transition(
            actor=people[COORDINATOR], blocker=blocker, target=target, version=version, **given
        )
    assert set(excinfo.value.message_dict) == missing
    blocker.refresh_from_db()
    assert (blocker.state, blocker.version) == (source, version)


def test_a_resolution_records_its_kind_date_and_parsed_reference(people):
    blocker = blocker_in(S.RESOLUTION_PROPOSED, people)
    blocker = services.blocker_transition(
        actor=people[ASSIGNEE],
        blocker=blocker,
        target=S.LIFTED,
        version=blocker.version,
        resolution_summary="Les aides techniques reconditionnées sont prises en charge.",
        **RESOLUTION,
    )
    assert (blocker.resolution_kind, blocker.resolution_date) == (
        "law",
        datetime.date(2018, 12, 22),
    )
    assert blocker.resolution_reference.key == "lfss:2019#58"
    assert blocker.resolution_summary.startswith("Les aides techniques")


def test_a_long_comment_is_refused(people):
    blocker = blocker_in(S.SUBMITTED, people)
    with pytest.raises(ValidationError):
        services.blocker_transition(
            actor=people[COORDINATOR],
            blocker=blocker,
            target=S.QUALIFIED,
            version=blocker.version,
            comment="x" * 5001,
        )
    assert Blocker.objects.get(pk=blocker.pk).state == S.SUBMITTED


# Merging


@pytest.fixture
def duplicates(people):
    """Two blockers about the same rule, one initiative hit by both, and a ministry each."""
    ministry = OrganisationFactory(name="Ministère de l’Intérieur", ministry=True)
    kept = BlockerFactory(legal_text="article L. 165-1 du code de la sécurité sociale")
    duplicate = BlockerFactory(
        initiative=people["initiative"],
        author=people[AUTHOR],
        legal_text="article L. 165-1 du code de la sécurité sociale et LFSS pour 2019",
    )
    services.blocker_route(
        actor=people[COORDINATOR],
        blocker=duplicate,
        version=duplicate.version,
        administrations=[ministry],
    )
    both = InitiativeFactory()
    leader = MembershipFactory(organisation=both.organisation).user
    for blocker in (kept, duplicate):
        services.blocker_join(actor=leader, blocker=blocker, initiative=both)
    duplicate.refresh_from_db()
    return kept, duplicate, both, ministry


def merge(people, duplicate, kept):
    return services.blocker_transition(
        actor=people[COORDINATOR],
        blocker=duplicate,
        target=S.MERGED,
        version=duplicate.version,
        merge_into=kept,
    )


def test_merging_moves_supporters_and_references_to_the_kept_blocker(people, duplicates):
    kept, duplicate, both, ministry = duplicates
    duplicate = merge(people, duplicate, kept)
    assert duplicate.state == S.MERGED
    assert duplicate.merged_into == kept
    supporters = list(kept.supports.values_list("initiative", flat=True))
    assert sorted(supporters) == sorted([kept.initiative_id, both.pk, people["initiative"].pk])
    assert len(supporters) == len(set(supporters))
    assert set(kept.references.values_list("key", flat=True)) == {
        "code:code-de-la-securite-sociale:L165-1",
        "lfss:2019",
    }
    assert ministry in kept.administrations.all()
    merged_in = kept.events.get(kind="merge_in")
    assert (merged_in.actor, merged_in.comment) == (people[COORDINATOR], duplicate.title)


def test_merging_bumps_the_kept_blockers_version(people, duplicates):
    kept, duplicate, _both, _ministry = duplicates
    version = kept.version
    merge(people, duplicate, kept)
    with pytest.raises(ConflictError):
        services.blocker_transition(
            actor=people[COORDINATOR], blocker=kept, target=S.QUALIFIED, version=version
        )
    kept.refresh_from_db()
    assert kept.version == version + 1


def test_joining_a_merged_blocker_lands_on_the_kept_one(people, duplicates):
    kept, duplicate, _both, _ministry = duplicates
    merge(people, duplicate, kept)
    latecomer = InitiativeFactory()
    leader = MembershipFactory(organisation=latecomer.organisation).user
    support = services.blocker_join(actor=leader, blocker=duplicate, initiative=latecomer)
    assert support.blocker == kept
    assert kept.events.last().kind == "join"


@pytest.mark.parametrize("into", ["itself", "closed"])
def test_a_blocker_merges_only_into_another_open_blocker(people, into):
    blocker = blocker_in(S.QUALIFIED, people)
    target = blocker if into == "itself" else BlockerFactory(state=S.LIFTED)
    with pytest.raises(ValidationError) as excinfo:
        merge(people, blocker, target)
    assert set(excinfo.value.message_dict) == {"merge_into"}
