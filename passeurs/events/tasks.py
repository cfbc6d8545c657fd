"""Background work for events: the e-mails sent after a registration move, once committed."""

from django_tasks import task

from passeurs.core.notify import send_email, site_url

ICS_MIMETYPE = "text/calendar"


def _attachment(event) -> tuple[str, str, str]:
    from passeurs.events import selectors

    return (
        f"invitation-{event.pk}.ics",
        selectors.invitation_text(event, with_online_link=True),
        ICS_MIMETYPE,
    )


@task()
def notify_registration(*, log_id: int) -> int:
    """Tell the person: registered (with the invitation), on the waiting list, promoted
    (with the invitation), or cancelled by the organisers."""
    from passeurs.events.models import EventLog, RegistrationState

    entry = (
        EventLog.objects.select_related("event", "registration__user")
        .filter(pk=log_id, registration__isnull=False)
        .first()
    )
    if entry is None or not entry.registration.user.is_active:
        return 0
    registration, event = entry.registration, entry.event
    confirmed = entry.to_state == RegistrationState.CONFIRMED and entry.kind in (
        "registration_create",
        "registration_promote",
    )
    return send_email(
        kind=f"events_{entry.kind}",
        recipients=[registration.user.email],
        template="events/emails/registration",
        context={
            "entry": entry,
            "event": event,
            "registration": registration,
            "confirmed": confirmed,
            "url": site_url("events:detail", event.pk),
        },
        attachments=[_attachment(event)] if confirmed else (),
    )


@task()
def notify_event_cancelled(*, log_id: int) -> int:
    """Tell everyone registered (confirmed or waiting) that the event is cancelled."""
    from passeurs.events.models import EventLog, RegistrationState

    entry = EventLog.objects.select_related("event").filter(pk=log_id).first()
    if entry is None:
        return 0
    event = entry.event
    recipients = (
        event.registrations.exclude(state=RegistrationState.CANCELLED)
        .filter(user__is_active=True)
        .exclude(user_id=entry.actor_id)
        .values_list("user__email", flat=True)
    )
    return send_email(
        kind="events_event_cancelled",
        recipients=list(recipients),
        template="events/emails/cancelled",
        context={
            "event": event,
            "url": site_url("events:detail", event.pk),
        },
    )
