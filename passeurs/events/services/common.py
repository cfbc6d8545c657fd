"""What every events service shares: the audit log."""

from passeurs.events.models import Event, EventLog


def log(*, event, actor, kind, registration=None, source="", target="", comment=""):
    """Record one line of the event's audit trail (actor None: the platform itself)."""
    return EventLog.objects.create(
        event=event,
        registration=registration,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        from_state=source,
        to_state=target,
        comment=comment[:5000],
    )


def lock(event: Event) -> Event:
    """The event row, locked to the end of the transaction: seat counts and moves queue."""
    return Event.objects.select_for_update().get(pk=event.pk)
