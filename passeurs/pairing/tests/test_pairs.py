"""A pair's log (objectives, meetings, actions, evaluations) and who sees it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passeurs.blockers.tests.factories import BlockerFactory
from passeurs.core.exceptions import ConflictError
from passeurs.pairing import permissions, selectors, services
from passeurs.pairing.models import ActionKind, FacilitationAction
from passeurs.pairing.models import PairState as P
from passeurs.pairing.tests.test_workflow import (
    COORDINATOR,
    OTHER_COORDINATOR,
    OTHER_PARTICIPANT,
    PROJECT,
    SERVANT,
    STRANGER,
    make_pair,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 4, 2)


@pytest.fixture
def active():
    return make_pair(P.ACTIVE)


def test_the_pair_members_keep_the_log(active):
    pair, people = active
    blocker = BlockerFactory()
    meeting = services.meeting_add(actor=people[PROJECT], pair=pair, date=DAY, notes="Premier RDV")
    action = services.action_log(
        actor=people[SERVANT],
        pair=pair,
        kind=ActionKind.BLOCKER,
        date=DAY,
        outcome="Note à la DGCS",
        blocker=blocker,
    )
    pair = services.pair_set_objectives(
        actor=people[SERVANT], pair=pair, objectives="Lever le frein", version=pair.version
    )
    log = selectors.pair_log(user=people[COORDINATOR], pair=pair)
    assert log["meetings"] == [meeting]
    assert log["actions"] == [action]
    assert action.blocker == blocker and action.author == people[SERVANT]
    assert pair.objectives == "Lever le frein"


@pytest.mark.parametrize("persona", [OTHER_PARTICIPANT, OTHER_COORDINATOR, STRANGER])
def test_a_pairs_log_is_invisible_to_anybody_else(active, persona):
    pair, people = active
    services.meeting_add(actor=people[PROJECT], pair=pair, date=DAY, notes="Confidentiel")
    user = people[persona]
    assert not permissions.can_view_pair(user, pair)
    assert selectors.pair_get(user=user, pk=pair.pk) is None
    assert list(selectors.pair_list(user=user)) == []
    assert selectors.pair_log(user=user, pair=pair) == {"meetings": [], "actions": [], "events": []}
    with pytest.raises(PermissionDenied):
        services.meeting_add(actor=user, pair=pair, date=DAY)
    with pytest.raises(PermissionDenied):
        services.action_log(actor=user, pair=pair, kind=ActionKind.OTHER, date=DAY)


@pytest.mark.parametrize("persona", [PROJECT, SERVANT, COORDINATOR])
def test_the_pair_and_its_coordinators_see_it(active, persona):
    pair, people = active
    assert selectors.pair_get(user=people[persona], pk=pair.pk) == pair


def test_coordinators_read_the_log_but_do_not_write_it(active):
    pair, people = active
    with pytest.raises(PermissionDenied):
        services.meeting_add(actor=people[COORDINATOR], pair=pair, date=DAY)


def test_work_on_a_blocker_names_a_declared_blocker(active):
    pair, people = active
    with pytest.raises(ValidationError):
        services.action_log(actor=people[SERVANT], pair=pair, kind=ActionKind.BLOCKER, date=DAY)
    with pytest.raises(ValidationError):
        services.action_log(
            actor=people[SERVANT],
            pair=pair,
            kind=ActionKind.BLOCKER,
            date=DAY,
            blocker=BlockerFactory(draft=True),
        )
    with pytest.raises(ValidationError):
        services.action_log(actor=people[SERVANT], pair=pair, kind="magic", date=DAY)
    assert not FacilitationAction.objects.exists()


def test_the_log_is_kept_only_while_the_pair_is_active():
    pair, people = make_pair(P.PROPOSED)
    with pytest.raises(PermissionDenied):
        services.meeting_add(actor=people[PROJECT], pair=pair, date=DAY)


def test_each_side_writes_its_closing_evaluation(active):
    pair, people = active
    pair = services.pair_close(actor=people[COORDINATOR], pair=pair, version=pair.version)
    pair = services.pair_evaluate(
        actor=people[PROJECT], pair=pair, evaluation="Un appui décisif", version=pair.version
    )
    pair = services.pair_evaluate(
        actor=people[SERVANT],
        pair=pair,
        evaluation="J’ai découvert le terrain",
        version=pair.version,
    )
    assert (pair.project_evaluation, pair.servant_evaluation) == (
        "Un appui décisif",
        "J’ai découvert le terrain",
    )
    with pytest.raises(PermissionDenied):
        services.pair_evaluate(
            actor=people[COORDINATOR], pair=pair, evaluation="…", version=pair.version
        )
    with pytest.raises(ConflictError):
        services.pair_evaluate(actor=people[PROJECT], pair=pair, evaluation="…", version=1)


def test_ending_early_needs_a_reason(active):
    pair, people = active
    with pytest.raises(ValidationError):
        services.pair_end_early(actor=people[PROJECT], pair=pair, version=pair.version, reason=" ")
