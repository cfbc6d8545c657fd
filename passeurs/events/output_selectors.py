"""Reads of an event's outputs: the organisers' list and the public section of the event page."""

from django.db.models import Prefetch
from django.utils import timezone

from passeurs.blockers.models import Blocker
from passeurs.directory.models import Initiative
from passeurs.events.models import Event, Output


def outputs_are_public(event: Event, *, now=None) -> bool:
    """Outputs show on the public page once the event has ended, if its organisers allow it."""
    return event.outputs_public and event.ends_at < (now or timezone.now())


def output_list(*, event: Event, user):
    """Every output of the event, for its organisers and participants; links the user sees."""
    return (
        Output.objects.filter(event=event)
        .select_related("table", "owner")
        .prefetch_related(
            Prefetch("initiatives", Initiative.objects.visible_to(user).order_by("title")),
            Prefetch("blockers", Blocker.objects.visible_to(user).order_by("title")),
        )
    )


def public_outputs(*, event: Event) -> list[Output]:
    """The public outputs of an ended event, linked to public initiatives and blockers only:
    three queries, or none before the event ends."""
    if not outputs_are_public(event):
        return []
    return list(
        Output.objects.filter(event=event, is_public=True)
        .select_related("table")
        .prefetch_related(
            Prefetch("initiatives", Initiative.objects.public().order_by("title")),
            Prefetch("blockers", Blocker.objects.public().order_by("title")),
        )
    )
