"""Registrations: sign up (confirmed or on the waiting list), cancel, promote, attendance.

Every write that counts seats first locks the event row (SELECT … FOR UPDATE; on SQLite the
IMMEDIATE transactions serialise writers), so two people can never both take the last seat.
The seat rules are those of services.events: see fits().
"""

import zoneinfo
from collections import Counter
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from passeurs.core.notify import enqueue_on_commit
from passeurs.core.permissions import require
from passeurs.core.versioning import save_versioned
from passeurs.directory.models import Organisation, OrganisationFamily
from passeurs.events import permissions, workflows
from passeurs.events.models import (
    Attendance,
    Event,
    EventState,
    ParticipantCategory,
    Registration,
    RegistrationState,
)
from passeurs.events.services.common import lock, log

# The category a person's organisation suggests; a start-up cannot be told from the
# directory, so its people choose it themselves.
CATEGORY_OF_FAMILY = {
    OrganisationFamily.ADMINISTRATION: ParticipantCategory.STATE,
    OrganisationFamily.LOCAL_AUTHORITY: ParticipantCategory.LOCAL_AUTHORITY,
    OrganisationFamily.ESS: ParticipantCategory.ESS,
    OrganisationFamily.PARTNER: ParticipantCategory.PARTNER,
}

# Audit lines the registered person hears about by e-mail (tasks.notify_registration).
NOTIFIED = frozenset({"registration_create", "registration_promote", "registration_cancel"})


def category_for(organisation: Organisation | None) -> str:
    if organisation is None:
        return ParticipantCategory.CITIZEN
    return CATEGORY_OF_FAMILY.get(organisation.family, ParticipantCategory.CITIZEN)


def fits(
    *, category: str, capacity: int, quotas: Mapping[str, int], confirmed: Mapping[str, int]
) -> bool:
    """Whether one more person of `category` gets a seat.

    `confirmed` counts the confirmed people per category. A category with a quota is capped
    at it; those without share what the quotas leave; the capacity caps everyone.
    """
    if sum(confirmed.values()) >= capacity:
        return False
    if category in quotas:
        return confirmed.get(category, 0) < quotas[category]
    if not quotas:
        return True
    shared = capacity - sum(quotas.values())
    taken = sum(count for other, count in confirmed.items() if other not in quotas)
    return taken < shared


def _counts(event: Event) -> Counter:
    return Counter(
        event.registrations.filter(state=RegistrationState.CONFIRMED).values_list(
            "category", flat=True
        )
    )


def _quotas(event: Event) -> dict[str, int]:
    return dict(event.quotas.values_list("category", "seats"))


def _notify(entry) -> None:
    if entry.kind in NOTIFIED:
        from passeurs.events.tasks import notify_registration

        enqueue_on_commit(notify_registration, log_id=entry.pk)


def _check_open(event: Event, now) -> None:
    if event.state == EventState.CANCELLED:
        raise ValidationError(_("Cet événement est annulé : les inscriptions sont fermées."))
    if event.state not in workflows.OPEN_STATES:
        raise ValidationError(_("Cet événement n’est pas encore ouvert aux inscriptions."))
    if now >= event.closes_at:
        closed = formats.date_format(
            timezone.localtime(event.closes_at, timezone=event_zone(event)), "DATETIME_FORMAT"
        )
        raise ValidationError(
            _("Les inscriptions à cet événement sont closes depuis le %(date)s.") % {"date": closed}
        )


def closed_reason(event: Event) -> str | None:
    """Why nobody can register to the event now (cancelled, not published, closed since…),
    or None while registrations are open."""
    try:
        _check_open(event, timezone.now())
    except ValidationError as error:
        return error.messages[0]
    return None


def event_zone(event: Event) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(event.time_zone)


def _already(event: Event, user) -> None:
    live = (
        Registration.objects.filter(event=event, user=user)
        .exclude(state=RegistrationState.CANCELLED)
        .first()
    )
    if live is None:
        return
    if live.state == RegistrationState.WAITING:
        raise ValidationError(_("Vous êtes déjà sur la liste d’attente de cet événement."))
    raise ValidationError(_("Vous êtes déjà inscrit·e à cet événement."))


@transaction.atomic
def registration_create(
    *,
    actor,
    event: Event,
    organisation: Organisation | None = None,
    category: str = "",
    comment: str = "",
) -> Registration:
    """Register the actor: confirmed if a seat is free for their category, else waiting.

    The category defaults to the one their organisation suggests (citizen without one);
    their territory is their organisation's department, else the first of their profile.
    """
    require(permissions.can_register(actor, event))
    event = lock(event)
    now = timezone.now()
    _check_open(event, now)
    if organisation is not None and not organisation.memberships.filter(user=actor).exists():
        raise ValidationError(
            {"organisation": _("Choisissez une structure dont vous êtes membre.")}
        )
    category = category or category_for(organisation)
    if category not in ParticipantCategory.values:
        raise ValidationError({"category": _("Catégorie de participant inconnue.")})
    comment = comment.strip()
    if len(comment) > 1000:
        raise ValidationError({"comment": _("Le message fait au plus 1 000 caractères.")})
    _already(event, actor)
    department = organisation.department if organisation is not None else None
    if department is None:
        department = actor.departments.order_by("code").first()
    seat = fits(
        category=category,
        capacity=event.capacity,
        quotas=_quotas(event),
        confirmed=_counts(event),
    )
    registration = Registration(
        event=event,
        user=actor,
        organisation=organisation,
        category=category,
        department=department,
        comment=comment,
        state=RegistrationState.CONFIRMED if seat else RegistrationState.WAITING,
        queued_at=None if seat else now,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # unique_live_registration: a second request of the same person won the race.
        raise ValidationError(_("Vous êtes déjà inscrit·e à cet événement.")) from None
    entry = log(
        event=event,
        actor=actor,
        kind="registration_create",
        registration=registration,
        target=registration.state,
    )
    _notify(entry)
    return registration


def promote_waiting(*, event: Event, actor) -> list[Registration]:
    """Confirm waiting people, in queue order, while a seat fits them (quotas respected).

    The caller holds the event's lock, inside its transaction. Once the event has begun,
    nobody is promoted: they could not come any more.
    """
    if timezone.now() >= event.starts_at:
        return []
    quotas = _quotas(event)
    counts = _counts(event)
    capacity = Event.objects.values_list("capacity", flat=True).get(pk=event.pk)
    promoted = []
    waiting = event.registrations.filter(state=RegistrationState.WAITING).order_by(
        "queued_at", "id"
    )
    for registration in waiting:
        if sum(counts.values()) >= capacity:
            break
        if not fits(
            category=registration.category, capacity=capacity, quotas=quotas, confirmed=counts
        ):
            continue
        save_versioned(registration, registration.version, state=RegistrationState.CONFIRMED)
        counts[registration.category] += 1
        entry = log(
            event=event,
            actor=actor,
            kind="registration_promote",
            registration=registration,
            source=RegistrationState.WAITING,
            target=RegistrationState.CONFIRMED,
        )
        _notify(entry)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration:
    """The person (until the event starts) or an organiser cancels a registration; a freed
    seat goes to the first waiting person it fits."""
    require(permissions.can_cancel_registration(actor, registration))
    event = lock(registration.event)
    registration.refresh_from_db()
    if registration.state == RegistrationState.CANCELLED:
        raise ValidationError(_("Cette inscription est déjà annulée."))
    organiser = permissions.is_organiser(actor, event)
    if not organiser and timezone.now() >= event.starts_at:
        raise ValidationError(
            _("L’événement a commencé : adressez-vous à ses organisateurs pour vous désinscrire.")
        )
    source = registration.state
    save_versioned(
        registration,
        registration.version,
        state=RegistrationState.CANCELLED,
        cancelled_at=timezone.now(),
        table=None,
        table_locked=False,
    )
    entry = log(
        event=event,
        actor=actor,
        kind="registration_cancel",
        registration=registration,
        source=source,
        target=RegistrationState.CANCELLED,
    )
    if registration.user_id != getattr(actor, "pk", None):
        _notify(entry)
    if source == RegistrationState.CONFIRMED and event.state == EventState.PUBLISHED:
        promote_waiting(event=event, actor=actor)
    return registration


@transaction.atomic
def registration_set_attendance(
    *, actor, registration: Registration, attendance: str, version: int
) -> Registration:
    """An organiser marks a confirmed participant present or absent (or clears the mark)."""
    require(permissions.can_manage_event(actor, registration.event))
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": _("Présence inconnue.")})
    if registration.state != RegistrationState.CONFIRMED:
        raise ValidationError(_("Seuls les inscrits confirmés sont pointés."))
    source = registration.attendance
    save_versioned(registration, version, attendance=attendance)
    log(
        event=registration.event,
        actor=actor,
        kind="attendance_set",
        registration=registration,
        source=source,
        target=attendance,
    )
    return registration
