"""Workshop tables (or hackathon teams): set up, seating requests, seating, moves by hand.

Every seat change locks the event row first, so that two organisers moving people, or a move
and a seating run, never fill a table past its capacity together.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from passeurs.core.exceptions import ConflictError
from passeurs.core.permissions import require
from passeurs.core.versioning import save_versioned
from passeurs.events import permissions, seating
from passeurs.events.models import (
    Event,
    EventKind,
    Registration,
    RegistrationState,
    SeatingRequest,
    SeatingRequestKind,
    WorkshopTable,
)
from passeurs.events.services.common import lock, log
from passeurs.matching.tables import InfeasibleSeating, Seating, seat

MAX_TABLES = 500
MAX_TABLE_SIZE = 100
# A safety cap: the solver seats 2,000 people in well under this.
SEAT_TIME_LIMIT = 20.0


def _bump() -> dict:
    """The values that an update() of seats also writes (it skips auto_now)."""
    return {"version": F("version") + 1, "updated_at": timezone.now()}


def table_name(event: Event, number: int) -> str:
    """Hackathons have teams; the other formats, tables (the model's own name)."""
    return _("Équipe %(number)d") % {"number": number} if event.kind == EventKind.HACKATHON else ""


def _confirmed(event: Event):
    return Registration.objects.filter(event=event, state=RegistrationState.CONFIRMED)


@transaction.atomic
def tables_setup(*, actor, event: Event, count: int, size: int) -> list[WorkshopTable]:
    """`count` tables of `size` seats: tables kept by number, the others added or removed.

    People seated at a removed table, or at a table now too small for them, lose their seat
    (and its lock); a table holding ideas or solutions cannot be removed.
    """
    require(permissions.can_manage_event(actor, event))
    if not 1 <= count <= MAX_TABLES:
        raise ValidationError({"count": _("Entre 1 et %(max)d tables.") % {"max": MAX_TABLES}})
    if not 1 <= size <= MAX_TABLE_SIZE:
        raise ValidationError(
            {"size": _("Entre 1 et %(max)d places par table.") % {"max": MAX_TABLE_SIZE}}
        )
    lock(event)
    people = _confirmed(event).count()
    if count * size < people:
        raise ValidationError(
            _(
                "%(count)d tables de %(size)d places font %(seats)d places pour %(people)d "
                "participants inscrits : ajoutez des tables ou des places."
            )
            % {"count": count, "size": size, "seats": count * size, "people": people}
        )
    existing = {t.number: t for t in WorkshopTable.objects.filter(event=event)}
    removed = [t for number, t in existing.items() if number > count]
    with_outputs = [t for t in removed if t.outputs.exists()]
    if with_outputs:
        raise ValidationError(
            _(
                "Des idées ou solutions sont enregistrées pour %(tables)s : gardez au moins "
                "%(count)d tables."
            )
            % {
                "tables": ", ".join(str(t) for t in with_outputs),
                "count": max(t.number for t in with_outputs),
            }
        )
    freed = Registration.objects.filter(event=event, table__in=removed)
    freed_count = freed.update(table=None, table_locked=False, **_bump())
    WorkshopTable.objects.filter(pk__in=[t.pk for t in removed]).delete()
    tables = []
    for number in range(1, count + 1):
        table = existing.get(number)
        if table is None:
            table = WorkshopTable.objects.create(
                event=event, number=number, capacity=size, name=table_name(event, number)
            )
        elif table.capacity != size:
            table.capacity = size
            table.save(update_fields=["capacity"])
        tables.append(table)
    crowded = (
        WorkshopTable.objects.filter(event=event)
        .annotate(seated=Count("seats", filter=Q(seats__state=RegistrationState.CONFIRMED)))
        .filter(seated__gt=size)
    )
    freed_count += Registration.objects.filter(event=event, table__in=list(crowded)).update(
        table=None, table_locked=False, **_bump()
    )
    log(
        event=event,
        actor=actor,
        kind="tables_setup",
        comment=_("%(count)d tables de %(size)d places ; %(freed)d places libérées.")
        % {"count": count, "size": size, "freed": freed_count},
    )
    return tables


@transaction.atomic
def table_update(*, actor, table: WorkshopTable, name: str, topic: str) -> WorkshopTable:
    """A table's name and the sub-question it works on."""
    require(permissions.can_manage_event(actor, table.event))
    table.name = name.strip()
    table.topic = topic.strip()
    table.full_clean(exclude=["event"])
    table.save(update_fields=["name", "topic"])
    return table


@transaction.atomic
def seating_request_add(
    *, actor, event: Event, kind: str, first: Registration, second: Registration
) -> SeatingRequest:
    """Two confirmed participants at the same table, or at different tables."""
    require(permissions.can_manage_event(actor, event))
    if kind not in SeatingRequestKind.values:
        raise ValidationError(
            {"kind": _("Choisissez « à la même table » ou « à des tables différentes ».")}
        )
    if first.pk == second.pk:
        raise ValidationError(_("Choisissez deux personnes différentes."))
    for registration in (first, second):
        if registration.event_id != event.pk or registration.state != RegistrationState.CONFIRMED:
            raise ValidationError(
                _("%(name)s n’est pas inscrit·e à cet événement (liste d’attente ou annulation).")
                % {"name": registration.user}
            )
    first, second = sorted((first, second), key=lambda r: r.pk)
    if SeatingRequest.objects.filter(event=event, first=first, second=second).exists():
        raise ValidationError(_("Une demande existe déjà pour ces deux personnes."))
    request = SeatingRequest.objects.create(event=event, kind=kind, first=first, second=second)
    log(
        event=event,
        actor=actor,
        kind="seating_request_add",
        target=kind,
        comment=f"{first.user} / {second.user}",
    )
    return request


@transaction.atomic
def seating_request_remove(*, actor, request: SeatingRequest) -> None:
    event = request.event
    require(permissions.can_manage_event(actor, event))
    log(
        event=event,
        actor=actor,
        kind="seating_request_remove",
        source=request.kind,
        comment=f"{request.first.user} / {request.second.user}",
    )
    request.delete()


@transaction.atomic
def tables_seat(
    *, actor, event: Event, seed: int = 0, time_limit: float = SEAT_TIME_LIMIT
) -> Seating:
    """Seat every confirmed participant: categories spread, one person per structure and per
    table, territories spread, requests honoured, fixed places kept.

    If no seating honours the rules, nothing changes and the ValidationError says why, one
    sentence per cause.
    """
    require(permissions.can_manage_event(actor, event))
    lock(event)
    data = seating.seating_data(event, for_update=True)
    if not data.tables:
        raise ValidationError(_("Créez d’abord les tables."))
    if not data.registrations:
        raise ValidationError(_("Aucun participant inscrit à placer."))
    try:
        result = seat(seating.problem_for(data), seed=seed, time_limit=time_limit)
    except InfeasibleSeating as error:
        raise ValidationError(seating.infeasibility_messages(error.reasons, data)) from None
    now = timezone.now()
    changed = []
    for index, ids in enumerate(result.tables):
        table = data.tables[index]
        for pk in ids:
            registration = data.by_id[pk]
            if registration.table_id != table.pk:
                registration.table = table
                registration.version += 1
                registration.updated_at = now
                changed.append(registration)
    Registration.objects.bulk_update(changed, ["table", "version", "updated_at"])
    # Cancelled or waiting people give their seat back.
    Registration.objects.filter(event=event, table__isnull=False).exclude(
        state=RegistrationState.CONFIRMED
    ).update(table=None, table_locked=False, **_bump())
    log(
        event=event,
        actor=actor,
        kind="tables_seat",
        comment=_(
            "%(people)d participants à %(tables)d tables, équilibre %(balance)d/100 ; "
            "%(moved)d changements."
        )
        % {
            "people": len(data.registrations),
            "tables": len(data.tables),
            "balance": round(result.evaluation.balance),
            "moved": len(changed),
        },
    )
    return result


@transaction.atomic
def table_move(
    *, actor, registration: Registration, table: WorkshopTable | None, version: int
) -> Registration:
    """Seat one person at `table` (None: no table) by hand.

    A full table is refused. A move that breaks a rule (two people of one structure, an
    "apart" request, a "together" request) is allowed: the coordinator decides, and the
    seating page flags it.
    """
    event = registration.event
    require(permissions.can_manage_event(actor, event))
    if version != registration.version:
        raise ConflictError()  # before any other refusal: the page showed another seating
    if registration.state != RegistrationState.CONFIRMED:
        raise ValidationError(_("Seuls les participants inscrits ont une table."))
    if table is not None and table.event_id != event.pk:
        raise ValidationError({"table": _("Cette table n’est pas celle de cet événement.")})
    lock(event)
    if table is not None:
        seated = _confirmed(event).filter(table=table).exclude(pk=registration.pk).count()
        if seated >= table.capacity:
            raise ValidationError(
                {
                    "table": _("%(table)s est complète (%(capacity)d places).")
                    % {"table": table, "capacity": table.capacity}
                }
            )
    source = registration.table
    values = {"table": table}
    if table is None:
        values["table_locked"] = False
    save_versioned(registration, version, **values)
    log(
        event=event,
        actor=actor,
        kind="table_move",
        registration=registration,
        source=str(source)[:24] if source else "",
        target=str(table)[:24] if table else "",
    )
    return registration


@transaction.atomic
def table_lock(*, actor, registration: Registration, locked: bool, version: int) -> Registration:
    """Fix (or free) a person's place: a new seating keeps them at their table."""
    event = registration.event
    require(permissions.can_manage_event(actor, event))
    if locked and (
        registration.table_id is None or registration.state != RegistrationState.CONFIRMED
    ):
        raise ValidationError(_("Placez d’abord cette personne à une table pour fixer sa place."))
    save_versioned(registration, version, table_locked=locked)
    log(
        event=event,
        actor=actor,
        kind="table_lock" if locked else "table_unlock",
        registration=registration,
        target=str(registration.table)[:24] if locked else "",
    )
    return registration
