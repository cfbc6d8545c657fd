"""Every read of the events app that pages, the API, the tasks and other apps share."""

import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from passeurs.events import ics, permissions
from passeurs.events.models import (
    CategoryQuota,
    Event,
    EventState,
    ParticipantCategory,
    Registration,
    RegistrationState,
)

CONFIRMED = Q(registrations__state=RegistrationState.CONFIRMED)


def with_seats(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate `confirmed_count` (and `seats_left` through the property below)."""
    return queryset.annotate(confirmed_count=Count("registrations", filter=CONFIRMED))


def seats_left(event: Event) -> int:
    confirmed = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = event.registrations.filter(state=RegistrationState.CONFIRMED).count()
    return max(event.capacity - confirmed, 0)


def event_list(*, user, filters: dict | None = None) -> QuerySet[Event]:
    """Events the user may see, filtered: upcoming ones (not yet ended) soonest first by
    default; past ones most recent first; all of them most recent first."""
    filters = filters or {}
    now = timezone.now()
    queryset = Event.objects.visible_to(user)
    if filters.get("q"):
        queryset = queryset.filter(
            Q(title__icontains=filters["q"]) | Q(question__icontains=filters["q"])
        )
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("challenge"):
        queryset = queryset.filter(challenge=filters["challenge"])
    if filters.get("department"):
        queryset = queryset.filter(department=filters["department"])
    period = filters.get("period") or "upcoming"
    if period == "past":
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    elif period == "all":
        queryset = queryset.order_by("-starts_at", "-id")
    else:
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "id")
    return with_seats(queryset).select_related("challenge", "department")


def public_event_list(*, filters: dict | None = None) -> QuerySet[Event]:
    """Published and cancelled events only, for the API and open data."""
    from django.contrib.auth.models import AnonymousUser

    return event_list(user=AnonymousUser(), filters=filters).prefetch_related(
        Prefetch("quotas", queryset=CategoryQuota.objects.order_by("category"))
    )


def event_get(*, user, pk) -> Event | None:
    return (
        with_seats(Event.objects.visible_to(user).filter(pk=pk))
        .select_related("challenge", "department")
        .prefetch_related("quotas", "organisations")
        .first()
    )


def registration_of(*, user, event: Event) -> Registration | None:
    """The user's live (confirmed or waiting) registration to the event, if any."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(state=RegistrationState.CANCELLED)
        .first()
    )


def queue_position(registration: Registration) -> int | None:
    """1 for the first person on the waiting list."""
    if registration.state != RegistrationState.WAITING:
        return None
    return (
        Registration.objects.filter(event_id=registration.event_id, state=RegistrationState.WAITING)
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, id__lt=registration.pk)
        )
        .count()
        + 1
    )


def registrations_of(*, user) -> QuerySet[Registration]:
    if not user.is_authenticated:
        return Registration.objects.none()
    return (
        Registration.objects.filter(user=user)
        .exclude(state=RegistrationState.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")
    )


def participant_list(*, event: Event, state: str | None = None) -> QuerySet[Registration]:
    """An event's live registrations, for its organisers: the confirmed ones by name, the
    waiting ones in queue order."""
    queryset = (
        Registration.objects.filter(event=event)
        .exclude(state=RegistrationState.CANCELLED)
        .select_related("user", "organisation", "department", "table")
    )
    if state == RegistrationState.WAITING:
        return queryset.filter(state=state).order_by("queued_at", "id")
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("user__last_name", "user__first_name", "id")


def export_rows(*, event: Event) -> QuerySet[Registration]:
    """Every live registration, confirmed first then the waiting list in order."""
    return (
        Registration.objects.filter(event=event)
        .exclude(state=RegistrationState.CANCELLED)
        .select_related("user", "organisation", "department")
        .order_by("state", "queued_at", "user__last_name", "user__first_name", "id")
    )


def category_counts(*, event: Event) -> list[dict]:
    """Per category: confirmed, waiting, and the quota if any (only categories that matter)."""
    counts = {
        (row["category"], row["state"]): row["n"]
        for row in Registration.objects.filter(event=event)
        .exclude(state=RegistrationState.CANCELLED)
        .values("category", "state")
        .annotate(n=Count("id"))
    }
    quotas = {quota.category: quota.seats for quota in event.quotas.all()}
    rows = []
    for value, label in ParticipantCategory.choices:
        confirmed = counts.get((value, RegistrationState.CONFIRMED), 0)
        waiting = counts.get((value, RegistrationState.WAITING), 0)
        if confirmed or waiting or value in quotas:
            rows.append(
                {
                    "category": value,
                    "label": label,
                    "confirmed": confirmed,
                    "waiting": waiting,
                    "quota": quotas.get(value),
                }
            )
    return rows


def organised_by(*, user) -> QuerySet[Event]:
    if not user.is_authenticated:
        return Event.objects.none()
    return with_seats(Event.objects.filter(organisers=user)).order_by("-starts_at")


# The invitation


def _location(event: Event) -> str:
    parts = [event.venue, event.address, event.city]
    return ", ".join(part for part in parts if part)


def invitation(event: Event, *, with_online_link: bool = False) -> ics.Invitation:
    site = settings.SITE_URL
    page = site + reverse("events:detail", args=[event.pk])
    host = urlsplit(site).hostname or "passeurs"
    description = "\n\n".join(part for part in (event.question, page) if part)
    location = _location(event)
    if with_online_link and event.online_url:
        location = location or event.online_url
        description = f"{description}\n\n{event.online_url}"
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return ics.Invitation(
        uid=f"passeurs-event-{event.pk}@{host}",
        summary=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.time_zone,
        description=description,
        location=location,
        url=page,
        organizer_name=name or "Passeurs",
        organizer_email=address,
        sequence=event.version,
        cancelled=event.state == EventState.CANCELLED,
    )


def invitation_text(
    event: Event, *, with_online_link: bool = False, stamp: datetime.datetime | None = None
) -> str:
    return ics.calendar(
        invitation(event, with_online_link=with_online_link), stamp=stamp or timezone.now()
    )


def can_see_online_link(*, user, event: Event, registration: Registration | None) -> bool:
    return permissions.can_see_online_link(user, event, registration)
