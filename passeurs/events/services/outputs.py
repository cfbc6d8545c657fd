"""The ideas and solutions of an event's tables (or teams), and their follow-up.

Organisers record them for any table; a participant seated at a table records and edits that
table's. A solution links to initiatives and regulatory blockers the author may see.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passeurs.blockers.models import Blocker
from passeurs.core.permissions import ALLOW, Decision, deny, must_sign_in, require
from passeurs.core.versioning import save_versioned
from passeurs.directory.models import Initiative
from passeurs.events import permissions
from passeurs.events.models import (
    Event,
    FollowUpState,
    Output,
    OutputKind,
    Registration,
    RegistrationState,
    WorkshopTable,
)
from passeurs.events.services.common import log

OUTPUT_FIELDS = (
    "table",
    "kind",
    "title",
    "description",
    "initiatives",
    "blockers",
    "owner",
    "next_step",
    "due_on",
    "follow_up",
    "is_public",
)
_SCALARS = tuple(name for name in OUTPUT_FIELDS if name not in ("initiatives", "blockers"))


# --- Who may do what ---------------------------------------------------------------------------


def seated_table_id(user, event: Event) -> int | None:
    """The table where `user` sits as a confirmed participant of `event`, if any."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(
            event=event, user=user, state=RegistrationState.CONFIRMED, table__isnull=False
        )
        .values_list("table_id", flat=True)
        .first()
    )


def can_see_outputs(user, event: Event) -> Decision:
    """The full list, private outputs included: organisers and confirmed participants."""
    if not user.is_authenticated:
        return must_sign_in()
    if permissions.is_organiser(user, event):
        return ALLOW
    if Registration.objects.filter(
        event=event, user=user, state=RegistrationState.CONFIRMED
    ).exists():
        return ALLOW
    return deny(gettext_lazy("Seuls les organisateurs et les participants voient ce travail."))


def can_edit_table_outputs(user, event: Event, table: WorkshopTable | None) -> Decision:
    """Organisers for every table; a seated participant for their own table."""
    if not user.is_authenticated:
        return must_sign_in()
    if permissions.is_organiser(user, event):
        return ALLOW
    if table is not None and seated_table_id(user, event) == table.pk:
        return ALLOW
    return deny(
        gettext_lazy(
            "Seuls les organisateurs et les participants de cette table enregistrent ses "
            "idées et solutions."
        )
    )


# --- Choices the forms offer and the services accept -------------------------------------------


def owner_choices(event: Event):
    """Who can follow a solution up: the organisers and the confirmed participants."""
    return (
        get_user_model()
        .objects.filter(
            Q(organised_events=event)
            | Q(
                event_registrations__event=event,
                event_registrations__state=RegistrationState.CONFIRMED,
            ),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def initiative_choices(user):
    return Initiative.objects.visible_to(user).select_related("organisation").order_by("title")


def blocker_choices(user):
    return Blocker.objects.visible_to(user).order_by("title")


def table_choices(user, event: Event):
    tables = WorkshopTable.objects.filter(event=event).order_by("number")
    if permissions.is_organiser(user, event):
        return tables
    return tables.filter(pk=seated_table_id(user, event))


# --- Writes ------------------------------------------------------------------------------------


def _check(actor, event: Event, fields: dict) -> None:
    table = fields.get("table")
    if table is not None and table.event_id != event.pk:
        raise ValidationError({"table": _("Cette table n’est pas celle de cet événement.")})
    require(can_edit_table_outputs(actor, event, table))
    if fields.get("kind") not in OutputKind.values:
        raise ValidationError({"kind": _("Choisissez « idée » ou « solution ».")})
    if fields.get("follow_up") not in FollowUpState.values:
        raise ValidationError({"follow_up": _("État de suivi inconnu.")})
    initiatives = list(fields.get("initiatives") or ())
    visible = set(
        Initiative.objects.visible_to(actor)
        .filter(pk__in=[i.pk for i in initiatives])
        .values_list("pk", flat=True)
    )
    if any(i.pk not in visible for i in initiatives):
        raise ValidationError({"initiatives": _("Choisissez des projets que vous pouvez voir.")})
    blockers = list(fields.get("blockers") or ())
    visible = set(
        Blocker.objects.visible_to(actor)
        .filter(pk__in=[b.pk for b in blockers])
        .values_list("pk", flat=True)
    )
    if any(b.pk not in visible for b in blockers):
        raise ValidationError(
            {"blockers": _("Choisissez des freins réglementaires que vous pouvez voir.")}
        )
    owner = fields.get("owner")
    if owner is not None and not owner_choices(event).filter(pk=owner.pk).exists():
        raise ValidationError(
            {"owner": _("Le suivi revient à un organisateur ou à un participant inscrit.")}
        )


def _clean(output: Output) -> None:
    output.full_clean(exclude=["event", "table", "owner", "created_by"])


@transaction.atomic
def output_create(
    *,
    actor,
    event: Event,
    title: str,
    table: WorkshopTable | None = None,
    kind: str = OutputKind.IDEA,
    description: str = "",
    initiatives=(),
    blockers=(),
    owner=None,
    next_step: str = "",
    due_on=None,
    follow_up: str = FollowUpState.OPEN,
    is_public: bool = True,
) -> Output:
    fields = {
        "table": table,
        "kind": kind,
        "title": (title or "").strip(),
        "description": (description or "").strip(),
        "initiatives": list(initiatives),
        "blockers": list(blockers),
        "owner": owner,
        "next_step": (next_step or "").strip(),
        "due_on": due_on,
        "follow_up": follow_up,
        "is_public": is_public,
    }
    _check(actor, event, fields)
    output = Output(
        event=event,
        created_by=actor if actor.is_authenticated else None,
        **{name: fields[name] for name in _SCALARS},
    )
    _clean(output)
    output.save()
    output.initiatives.set(fields["initiatives"])
    output.blockers.set(fields["blockers"])
    log(event=event, actor=actor, kind="output_create", target=kind, comment=output.title)
    return output


@transaction.atomic
def output_update(*, actor, output: Output, version: int, **fields) -> Output:
    """Change an output (any of OUTPUT_FIELDS). Links to initiatives or blockers that the
    actor cannot see stay as they are: the form never showed them."""
    unknown = set(fields) - set(OUTPUT_FIELDS)
    if unknown:
        raise TypeError(f"unknown output fields: {sorted(unknown)}")
    event = output.event
    require(can_edit_table_outputs(actor, event, output.table))
    merged = {name: getattr(output, name) for name in _SCALARS}
    merged.update({name: value for name, value in fields.items() if name in _SCALARS})
    for name in ("title", "description", "next_step"):
        merged[name] = (merged[name] or "").strip()
    merged["initiatives"] = list(fields.get("initiatives", ()))
    merged["blockers"] = list(fields.get("blockers", ()))
    _check(actor, event, merged)
    for name in _SCALARS:
        setattr(output, name, merged[name])
    _clean(output)
    save_versioned(output, version, **{name: merged[name] for name in _SCALARS})
    if "initiatives" in fields:
        hidden = output.initiatives.exclude(
            pk__in=Initiative.objects.visible_to(actor).values("pk")
        )
        output.initiatives.set([*merged["initiatives"], *hidden])
    if "blockers" in fields:
        hidden = output.blockers.exclude(pk__in=Blocker.objects.visible_to(actor).values("pk"))
        output.blockers.set([*merged["blockers"], *hidden])
    log(event=event, actor=actor, kind="output_update", comment=output.title)
    return output
