"""The event workflow as a plain table: a draft is published, then may be cancelled.

Only the event's organisers move it (permissions.can_manage_event). A cancelled event stays
on the site, marked cancelled, so that registered people find out why it disappeared from
their calendar; nobody can register any more.
"""

from passeurs.events.models import EventState as E

EVENT_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (E.DRAFT, E.PUBLISHED),
        (E.DRAFT, E.CANCELLED),
        (E.PUBLISHED, E.CANCELLED),
    }
)

# The states in which people may register (the deadline applies on top).
OPEN_STATES = frozenset({E.PUBLISHED})


def event_targets_from(state: str) -> list[str]:
    return sorted(target for (source, target) in EVENT_TRANSITIONS if source == state)
