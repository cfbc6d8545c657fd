"""What every pairing service shares: audit events and their e-mails."""

from passeurs.core.exceptions import TransitionError  # noqa: F401  (callers import it from here)
from passeurs.core.notify import (
    enqueue_on_commit,
    notifications_paused,  # noqa: F401  (used by the demo loader)
)
from passeurs.pairing.models import PairEvent

# Events someone should hear about by e-mail (tasks.recipients_of says who).
NOTIFIED = frozenset({"pair_publish", "pair_transition", "candidacy_decide"})


def event(*, edition, actor, kind, pair=None, candidacy=None, source="", target="", comment=""):
    """Record the audit event; the people concerned are e-mailed once the write commits."""
    created = PairEvent.objects.create(
        edition=edition,
        pair=pair,
        candidacy=candidacy,
        actor=actor,
        kind=kind,
        from_state=source,
        to_state=target,
        comment=comment[:5000],
    )
    if kind in NOTIFIED:
        from passeurs.pairing.tasks import notify_pair_event

        enqueue_on_commit(notify_pair_event, event_id=created.pk)
    return created
