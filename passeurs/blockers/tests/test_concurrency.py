"""Two people move the same blocker from the same version: one wins, the other is told."""

import contextlib
import threading
from functools import partial

import pytest
from django.db import connection

from passeurs.accounts.tests.factories import UserFactory
from passeurs.blockers import services
from passeurs.blockers.models import Blocker, BlockerEvent, BlockerState
from passeurs.blockers.tests.factories import BlockerFactory
from passeurs.core.exceptions import ConflictError
from passeurs.core.tests.races import at_once


def test_a_second_move_from_a_stale_version_is_a_conflict(db):
    coordinator = UserFactory(coordinator=True)
    blocker = BlockerFactory()
    version = blocker.version
    events = BlockerEvent.objects.filter(blocker=blocker, kind="transition")
    before = events.count()

    services.blocker_transition(
        actor=coordinator, blocker=blocker, target=BlockerState.QUALIFIED, version=version
    )
    # The other client still shows the submitted blocker it loaded earlier.
    stale = Blocker.objects.get(pk=blocker.pk)
    stale.state = BlockerState.SUBMITTED
    with pytest.raises(ConflictError):
        services.blocker_transition(
            actor=coordinator, blocker=stale, target=BlockerState.WITHDRAWN, version=version
        )

    blocker.refresh_from_db()
    assert (blocker.state, blocker.version) == (BlockerState.QUALIFIED, version + 1)
    assert events.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_two_clients_moving_the_same_blocker_at_once_one_wins_one_conflicts():
    """Real threads and connections, committed transactions.

    On PostgreSQL both writes run at once: the second UPDATE waits for the first to commit,
    then matches no row. SQLite has one writer at a time, and its in-memory shared-cache test
    database answers a second writer with SQLITE_LOCKED at once instead of waiting (no busy
    timeout applies), so there the two clients read together but write one after the other.
    """
    one_writer = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    coordinator = UserFactory(coordinator=True)
    blocker = BlockerFactory()
    version = blocker.version
    events = BlockerEvent.objects.filter(blocker=blocker, kind="transition")
    before = events.count()
    targets = [BlockerState.QUALIFIED, BlockerState.WITHDRAWN]

    def client(target, mine):
        with one_writer:
            services.blocker_transition(
                actor=coordinator, blocker=mine, target=target, version=version
            )
        return "won"

    # Each client loaded the blocker as its own request would; both write at once.
    outcomes = at_once(
        {target: partial(client, target, Blocker.objects.get(pk=blocker.pk)) for target in targets}
    )

    assert sorted(outcomes) == sorted(targets)
    winners = [target for target, outcome in outcomes.items() if outcome == "won"]
    losers = [outcome for outcome in outcomes.values() if outcome != "won"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], ConflictError), outcomes
    blocker.refresh_from_db()
    assert (blocker.state, blocker.version) == (winners[0], version + 1)
    assert events.count() == before + 1
    assert events.last().to_state == winners[0]
