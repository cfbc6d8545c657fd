"""The calls workflows as plain tables: a call's life and an application's.

Roles are computed at check time by permissions.py:
  coordinator  a coordinator of the call
  applicant    a member of the organisation whose initiative applies

A call is prepared (draft), published (open for applications between its dates), reviewed
by its jury once closed, decided when the laureates are chosen, then archived. An
application is a draft until submitted; its applicant may withdraw it until the decision,
and reopen a withdrawn one while the call is still open. The selection (laureate / not
selected) is made by the jury services, which use this table too.
"""

from passeurs.calls.models import ApplicationState as A
from passeurs.calls.models import CallState as C

COORDINATOR = "coordinator"
APPLICANT = "applicant"

CALL_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (C.DRAFT, C.PUBLISHED): frozenset({COORDINATOR}),
    (C.PUBLISHED, C.REVIEW): frozenset({COORDINATOR}),
    (C.REVIEW, C.DECIDED): frozenset({COORDINATOR}),
    (C.DECIDED, C.ARCHIVED): frozenset({COORDINATOR}),
}

APPLICATION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (A.DRAFT, A.SUBMITTED): frozenset({APPLICANT}),
    (A.DRAFT, A.WITHDRAWN): frozenset({APPLICANT}),
    (A.SUBMITTED, A.WITHDRAWN): frozenset({APPLICANT}),
    (A.WITHDRAWN, A.DRAFT): frozenset({APPLICANT}),
    # The selection, while the call is in review (jury services).
    (A.SUBMITTED, A.LAUREATE): frozenset({COORDINATOR}),
    (A.SUBMITTED, A.NOT_SELECTED): frozenset({COORDINATOR}),
    (A.LAUREATE, A.NOT_SELECTED): frozenset({COORDINATOR}),
    (A.NOT_SELECTED, A.LAUREATE): frozenset({COORDINATOR}),
}

# Applications the jury reads and ranks.
APPLICATION_RECEIVED = frozenset({A.SUBMITTED, A.LAUREATE, A.NOT_SELECTED})
# Applications whose applicant may still change their mind.
APPLICATION_WITHDRAWABLE = frozenset({A.DRAFT, A.SUBMITTED})
# Calls whose form (questions) and rules may still change, if nobody has submitted yet.
CALL_EDITABLE_FORM = frozenset({C.DRAFT, C.PUBLISHED})
# Calls the public sees as closed whatever their dates.
CALL_AFTER_CLOSING = frozenset({C.REVIEW, C.DECIDED, C.ARCHIVED})


def call_targets_from(state: str) -> list[str]:
    return [target for (source, target) in CALL_TRANSITIONS if source == state]


def call_roles_for(state: str, target: str) -> frozenset[str]:
    return CALL_TRANSITIONS.get((state, target), frozenset())


def application_targets_from(state: str) -> list[str]:
    return [target for (source, target) in APPLICATION_TRANSITIONS if source == state]


def application_roles_for(state: str, target: str) -> frozenset[str]:
    return APPLICATION_TRANSITIONS.get((state, target), frozenset())
