"""The pairing workflows as plain tables: editions, candidacies and pairs.

Roles are computed at check time by permissions.py:
  coordinator  a coordinator of the edition's programme
  project      the project leader who applied (the project candidacy's user)
  servant      the civil servant who applied (the servant candidacy's user)

Both sides accept a proposed pair in any order; the second acceptance makes it active at
once (no extra step for the coordinator, who already chose the pair).
"""

from passeurs.pairing.models import EditionState as E
from passeurs.pairing.models import PairState as P

COORDINATOR = "coordinator"
PROJECT = "project"
SERVANT = "servant"

EDITION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (E.DRAFT, E.CANDIDACY): frozenset({COORDINATOR}),
    (E.CANDIDACY, E.MATCHING): frozenset({COORDINATOR}),
    (E.MATCHING, E.CANDIDACY): frozenset({COORDINATOR}),
    (E.MATCHING, E.RUNNING): frozenset({COORDINATOR}),
    (E.RUNNING, E.CLOSED): frozenset({COORDINATOR}),
}
# Editions in which the matching may be run (again, after a decline, while running).
MATCHING_STATES = frozenset({E.MATCHING, E.RUNNING})

PAIR_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (P.PROPOSED, P.ACCEPTED_BY_PROJECT): frozenset({PROJECT}),
    (P.PROPOSED, P.ACCEPTED_BY_SERVANT): frozenset({SERVANT}),
    (P.PROPOSED, P.DECLINED): frozenset({PROJECT, SERVANT}),
    (P.ACCEPTED_BY_PROJECT, P.ACTIVE): frozenset({SERVANT}),
    (P.ACCEPTED_BY_PROJECT, P.DECLINED): frozenset({PROJECT, SERVANT}),
    (P.ACCEPTED_BY_SERVANT, P.ACTIVE): frozenset({PROJECT}),
    (P.ACCEPTED_BY_SERVANT, P.DECLINED): frozenset({PROJECT, SERVANT}),
    (P.ACTIVE, P.CLOSED): frozenset({COORDINATOR}),
    (P.ACTIVE, P.ENDED_EARLY): frozenset({COORDINATOR, PROJECT, SERVANT}),
}

PAIR_TERMINAL = frozenset({P.CLOSED, P.DECLINED, P.ENDED_EARLY})
# Pairs a new run keeps: someone said yes. Proposed ones are replaced.
PAIR_KEPT = frozenset({P.ACCEPTED_BY_PROJECT, P.ACCEPTED_BY_SERVANT, P.ACTIVE})
# Pairs that were formed (both sides said yes at some point), for the figures.
PAIR_FORMED = frozenset({P.ACTIVE, P.CLOSED, P.ENDED_EARLY})
# Pairs whose log may still be written.
PAIR_LOGGABLE = frozenset({P.ACTIVE})


def edition_targets_from(state: str) -> list[str]:
    return [target for (source, target) in EDITION_TRANSITIONS if source == state]


def pair_targets_from(state: str) -> list[str]:
    return [target for (source, target) in PAIR_TRANSITIONS if source == state]


def pair_roles_for(state: str, target: str) -> frozenset[str]:
    return PAIR_TRANSITIONS.get((state, target), frozenset())
