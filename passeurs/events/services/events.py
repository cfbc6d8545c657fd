"""Events: create, edit (with their category quotas), publish and cancel.

Quotas (CategoryQuota rows) read as follows, here and in registrations.fits():
- without any quota, the capacity is the only limit;
- a category with a quota takes at most that many confirmed seats;
- the categories without a quota share the seats the quotas leave (capacity − Σ quotas);
- the capacity always applies, so the quotas together never exceed it.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passeurs.core.exceptions import ConflictError, TransitionError
from passeurs.core.notify import enqueue_on_commit
from passeurs.core.permissions import require
from passeurs.core.versioning import save_versioned
from passeurs.events import permissions, workflows
from passeurs.events.models import (
    CategoryQuota,
    Event,
    EventState,
    ParticipantCategory,
    RegistrationState,
)
from passeurs.events.services.common import log

EVENT_FIELDS = (
    "title",
    "kind",
    "challenge",
    "question",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "registration_closes_at",
    "venue",
    "address",
    "city",
    "department",
    "online_url",
    "capacity",
    "outputs_public",
)


def _clean_quotas(quotas: Mapping[str, int | None] | None) -> dict[str, int]:
    """{category: seats} without the empty ones; unknown categories and negatives refused."""
    cleaned = {}
    for category, seats in (quotas or {}).items():
        if seats is None or seats == "":
            continue
        if category not in ParticipantCategory.values:
            raise ValidationError({"quotas": _("Catégorie inconnue : %s.") % category})
        if int(seats) < 0:
            raise ValidationError({"quotas": _("Un quota est un nombre de places positif.")})
        cleaned[category] = int(seats)
    return cleaned


def _validate(event: Event, quotas: dict[str, int]) -> None:
    event.full_clean(validate_constraints=False)
    errors: dict[str, list[str]] = {}
    if event.ends_at <= event.starts_at:
        errors.setdefault("ends_at", []).append(_("La fin vient après le début."))
    if event.registration_closes_at and event.registration_closes_at > event.ends_at:
        errors.setdefault("registration_closes_at", []).append(
            _("Les inscriptions ferment au plus tard à la fin de l’événement.")
        )
    if not (event.venue.strip() or event.online_url.strip()):
        errors.setdefault("venue", []).append(
            _("Indiquez un lieu, ou un lien de connexion pour un événement en ligne.")
        )
    if event.capacity < 1:
        errors.setdefault("capacity", []).append(_("Prévoyez au moins une place."))
    elif sum(quotas.values()) > event.capacity:
        errors.setdefault("quotas", []).append(
            _("Les quotas (%(total)d places) dépassent le nombre de places (%(capacity)d).")
            % {"total": sum(quotas.values()), "capacity": event.capacity}
        )
    if errors:
        raise ValidationError(errors)


def _set_quotas(event: Event, quotas: dict[str, int]) -> None:
    CategoryQuota.objects.filter(event=event).exclude(category__in=quotas).delete()
    for category, seats in quotas.items():
        CategoryQuota.objects.update_or_create(
            event=event, category=category, defaults={"seats": seats}
        )


def _strip(value):
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def event_create(
    *,
    actor,
    quotas: Mapping[str, int | None] | None = None,
    organisers: Iterable = (),
    organisations: Iterable = (),
    **fields,
) -> Event:
    """A new event, in preparation (draft); its creator is one of its organisers."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    require(permissions.can_create_event(actor))
    event = Event(**{name: _strip(value) for name, value in fields.items()})
    quotas = _clean_quotas(quotas)
    _validate(event, quotas)
    event.save()
    _set_quotas(event, quotas)
    event.organisers.set({actor, *organisers})
    event.organisations.set(organisations)
    log(event=event, actor=actor, kind="event_create", target=event.state)
    return event


@transaction.atomic
def event_update(
    *,
    actor,
    event: Event,
    version: int,
    quotas: Mapping[str, int | None] | None = None,
    organisers: Iterable | None = None,
    **fields,
) -> Event:
    """Change an event's fields (and, when given, its quotas and organisers).

    More seats (or larger quotas) promote people from the waiting list at once; the capacity
    cannot fall below the people already confirmed.
    """
    from passeurs.events.services.registrations import promote_waiting

    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    require(permissions.can_manage_event(actor, event))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.version != version:
        raise ConflictError()
    for name, value in fields.items():
        setattr(event, name, _strip(value))
    if quotas is None:
        quotas = dict(event.quotas.values_list("category", "seats"))
    quotas = _clean_quotas(quotas)
    _validate(event, quotas)
    confirmed = event.registrations.filter(state=RegistrationState.CONFIRMED).count()
    if event.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _(
                    "Le nombre de places ne descend pas sous celui des inscrits confirmés (%d)."
                )
                % confirmed
            }
        )
    organisers = list(organisers) if organisers is not None else None
    if organisers is not None and not organisers:
        raise ValidationError({"organisers": _("Un événement garde au moins un organisateur.")})
    save_versioned(event, version, **{name: getattr(event, name) for name in fields})
    _set_quotas(event, quotas)
    if organisers is not None:
        event.organisers.set(organisers)
    log(event=event, actor=actor, kind="event_update", comment=", ".join(sorted(fields)))
    if event.state == EventState.PUBLISHED:
        promote_waiting(event=event, actor=actor)
    return event


def event_targets(event: Event) -> list[str]:
    """The states the event may move to now: an event that has ended is no longer cancelled
    (its people would be told of a cancellation after the fact)."""
    targets = workflows.event_targets_from(event.state)
    if timezone.now() >= event.ends_at:
        targets = [target for target in targets if target != EventState.CANCELLED]
    return targets


@transaction.atomic
def event_transition(*, actor, event: Event, target: str, version: int) -> Event:
    """Publish a draft, or cancel an event that has not ended (everyone registered is told
    by e-mail)."""
    allowed = event_targets(event)
    if target not in allowed:
        if target in workflows.event_targets_from(event.state):
            raise TransitionError(
                _("Cet événement est terminé : il ne peut plus être annulé."), allowed=allowed
            )
        raise TransitionError(_("Cet événement ne peut pas passer à cet état."), allowed=allowed)
    require(permissions.can_manage_event(actor, event))
    source = event.state
    save_versioned(event, version, state=target)
    entry = log(event=event, actor=actor, kind="event_transition", source=source, target=target)
    if target == EventState.CANCELLED:
        from passeurs.events.tasks import notify_event_cancelled

        enqueue_on_commit(notify_event_cancelled, log_id=entry.pk)
    return event
