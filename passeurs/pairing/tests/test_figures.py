"""The programme's figures, on a small scenario counted by hand."""

import datetime

import pytest

from passeurs.blockers.models import BlockerState
from passeurs.blockers.tests.factories import BlockerFactory
from passeurs.core.models import Challenge, Region
from passeurs.pairing import figures, services
from passeurs.pairing.models import ActionKind, EditionState
from passeurs.pairing.tests.factories import (
    EditionFactory,
    ProjectCandidacyFactory,
    ServantCandidacyFactory,
    coordinator_of,
    edition_move_to,
)

pytestmark = pytest.mark.django_db


def pair_of(edition, project, servant, *, answers):
    pair = services.pair_propose(
        actor=coordinator_of(edition.programme), edition=edition, project=project, servant=servant
    )
    edition.refresh_from_db()
    services.matching_publish(
        actor=coordinator_of(edition.programme), edition=edition, version=edition.version
    )
    pair.refresh_from_db()
    for actor, accept in answers:
        pair = services.pair_respond(actor=actor, pair=pair, accept=accept, version=pair.version)
    return pair


@pytest.fixture
def scenario():
    edition = EditionFactory()
    north, brittany = Region.objects.get(code="32"), Region.objects.get(code="53")
    food, housing = Challenge.objects.all()[:2]
    projects = [
        ProjectCandidacyFactory(edition=edition, regions=[north], challenges=[food]),
        ProjectCandidacyFactory(edition=edition, regions=[brittany], challenges=[food, housing]),
        ProjectCandidacyFactory(edition=edition, regions=[north], challenges=[housing]),
        ProjectCandidacyFactory(edition=edition, regions=[north], challenges=[housing]),
    ]
    busy = ServantCandidacyFactory(edition=edition, capacity=2)
    other = ServantCandidacyFactory(edition=edition)
    idle = ServantCandidacyFactory(edition=edition)
    edition = edition_move_to(edition, EditionState.MATCHING)
    yes = lambda c: (c.user, True)  # noqa: E731
    active = pair_of(edition, projects[0], busy, answers=[yes(projects[0]), yes(busy)])
    closed = pair_of(edition, projects[1], busy, answers=[yes(projects[1]), yes(busy)])
    pair_of(edition, projects[2], other, answers=[(other.user, False)])  # declined
    pair_of(edition, projects[3], idle, answers=[])  # still proposed
    lifted = BlockerFactory(state=BlockerState.LIFTED)
    open_ = BlockerFactory(state=BlockerState.IN_PROGRESS)
    log = services.action_log
    log(actor=busy.user, pair=active, kind=ActionKind.INTRODUCTION, date=datetime.date(2026, 4, 3))
    log(
        actor=busy.user,
        pair=active,
        kind=ActionKind.BLOCKER,
        date=datetime.date(2026, 5, 6),
        blocker=lifted,
    )
    log(
        actor=projects[1].user,
        pair=closed,
        kind=ActionKind.BLOCKER,
        date=datetime.date(2026, 5, 20),
        blocker=lifted,
    )
    log(
        actor=projects[1].user,
        pair=closed,
        kind=ActionKind.FIELD_VISIT,
        date=datetime.date(2026, 5, 21),
        blocker=open_,
    )
    services.pair_close(
        actor=coordinator_of(edition.programme), pair=closed, version=closed.version
    )
    return edition


def test_the_figures_of_an_edition(scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        result = figures.figures(edition=scenario)
    assert result.servants_mobilised == 1
    assert (result.pairs_formed, result.pairs_active) == (2, 1)
    assert result.actions_by_kind == {"blocker": 2, "field_visit": 1, "introduction": 1}
    assert (result.blockers_worked_on, result.blockers_lifted) == (2, 1)
    north, brittany = Region.objects.get(code="32").name, Region.objects.get(code="53").name
    assert result.by_region == {
        brittany: {"pairs": 1, "actions": 2},
        north: {"pairs": 1, "actions": 2},
    }
    food, housing = (c.name for c in Challenge.objects.all()[:2])
    assert result.by_challenge == {
        food: {"pairs": 2, "actions": 4},
        housing: {"pairs": 1, "actions": 2},
    }
    month = datetime.date.today().strftime("%Y-%m")
    assert result.by_month["2026-04"]["actions"] == 1
    assert result.by_month["2026-05"]["actions"] == 3
    assert sum(v["pairs"] for v in result.by_month.values()) == 2
    assert result.by_month[month]["pairs"] == 2


def test_a_programme_adds_up_its_editions(scenario):
    EditionFactory(programme=scenario.programme)
    assert figures.figures(programme=scenario.programme) == figures.figures(edition=scenario)
