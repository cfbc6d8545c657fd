"""The blocker workflow as a plain table: from a state, which targets, and who may go there.

Roles are computed at check time by permissions.py:
  author      a member of the declaring initiative's organisation
  coordinator a programme coordinator
  assignee    the civil servant who took the blocker on
"""

from passeurs.blockers.models import BlockerState as S

AUTHOR = "author"
COORDINATOR = "coordinator"
ASSIGNEE = "assignee"

# (from, to) -> roles allowed to make the move.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.SUBMITTED): frozenset({AUTHOR, COORDINATOR}),
    (S.DRAFT, S.WITHDRAWN): frozenset({AUTHOR, COORDINATOR}),
    (S.SUBMITTED, S.QUALIFIED): frozenset({COORDINATOR}),
    (S.SUBMITTED, S.MERGED): frozenset({COORDINATOR}),
    (S.SUBMITTED, S.WITHDRAWN): frozenset({AUTHOR, COORDINATOR}),
    (S.QUALIFIED, S.IN_PROGRESS): frozenset({COORDINATOR, ASSIGNEE}),
    (S.QUALIFIED, S.MERGED): frozenset({COORDINATOR}),
    (S.QUALIFIED, S.WITHDRAWN): frozenset({AUTHOR, COORDINATOR}),
    (S.IN_PROGRESS, S.RESOLUTION_PROPOSED): frozenset({COORDINATOR, ASSIGNEE}),
    (S.IN_PROGRESS, S.KEPT): frozenset({COORDINATOR, ASSIGNEE}),
    (S.IN_PROGRESS, S.MERGED): frozenset({COORDINATOR}),
    (S.RESOLUTION_PROPOSED, S.LIFTED): frozenset({COORDINATOR, ASSIGNEE}),
    (S.RESOLUTION_PROPOSED, S.WORKED_AROUND): frozenset({COORDINATOR, ASSIGNEE}),
    (S.RESOLUTION_PROPOSED, S.KEPT): frozenset({COORDINATOR, ASSIGNEE}),
    (S.RESOLUTION_PROPOSED, S.IN_PROGRESS): frozenset({COORDINATOR, ASSIGNEE}),
}

TERMINAL = frozenset({S.LIFTED, S.KEPT, S.WORKED_AROUND, S.MERGED, S.WITHDRAWN})
# Moves that need resolution fields, or a justification.
NEEDS_RESOLUTION = frozenset({S.RESOLUTION_PROPOSED, S.LIFTED, S.WORKED_AROUND})
NEEDS_JUSTIFICATION = frozenset({S.KEPT})
NEEDS_TARGET_BLOCKER = frozenset({S.MERGED})
# A leader may never close their own blocker as solved: only the other side says it is.
NEVER_BY_AUTHOR = frozenset({S.LIFTED, S.WORKED_AROUND, S.KEPT, S.QUALIFIED})


def targets_from(state: str) -> list[str]:
    return [target for (source, target) in TRANSITIONS if source == state]


def roles_for(state: str, target: str) -> frozenset[str]:
    return TRANSITIONS.get((state, target), frozenset())
