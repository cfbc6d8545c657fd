"""The laureates' months of accompaniment: the plan of milestones, coaches, check-ins and the
final report."""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passeurs.calls import jury_permissions as permissions
from passeurs.calls import jury_tasks
from passeurs.calls.models import (
    Accompaniment,
    Application,
    ApplicationState,
    Milestone,
    MilestoneKind,
)
from passeurs.calls.permissions import can_manage_call
from passeurs.calls.services.common import log
from passeurs.core.notify import enqueue_on_commit
from passeurs.core.permissions import require
from passeurs.core.versioning import save_versioned

NOTES_MAX = 5000
REPORT_MAX = 20000
# A check-in falls two weeks into its month: after the kick-off for the first one, well
# before the end of the month (where the mid-term milestone and the final report fall).
CHECK_IN_DAY = 14


# --- the plan: pure date arithmetic ---


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def first_of_next_month(today: datetime.date) -> datetime.date:
    return add_months(today.replace(day=1), 1)


def end_of(starts_on: datetime.date, months: int) -> datetime.date:
    """The last day of an accompaniment of `months` months starting on `starts_on`."""
    return add_months(starts_on, months) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Step:
    kind: str
    month: int
    title: str
    due_on: datetime.date


def milestone_plan(starts_on: datetime.date, months: int) -> list[Step]:
    """Kick-off on the first day, a check-in in the middle of each month, a mid-term milestone
    at the end of the middle month (from two months on), the final report on the last day.
    Dates strictly increase."""
    if months < 1:
        raise ValueError("an accompaniment lasts at least one month")
    steps = [Step(MilestoneKind.MILESTONE, 1, _("Réunion de lancement"), starts_on)]
    middle = (months + 1) // 2 if months >= 2 else 0  # none in a single month
    for month in range(1, months + 1):
        start = add_months(starts_on, month - 1)
        steps.append(
            Step(
                MilestoneKind.CHECK_IN,
                month,
                _("Point d’étape du mois %(month)d") % {"month": month},
                start + datetime.timedelta(days=CHECK_IN_DAY),
            )
        )
        if month == middle:
            steps.append(
                Step(
                    MilestoneKind.MILESTONE,
                    month,
                    _("Bilan à mi-parcours"),
                    end_of(starts_on, month),
                )
            )
    steps.append(
        Step(MilestoneKind.FINAL_REPORT, months, _("Rapport final"), end_of(starts_on, months))
    )
    return steps


def milestone_status(milestone: Milestone, today: datetime.date | None = None) -> str:
    """ "done", "late" or "upcoming"."""
    if milestone.done_at is not None:
        return "done"
    today = today or timezone.localdate()
    return "late" if milestone.due_on < today else "upcoming"


# --- writes ---


@transaction.atomic
def accompaniment_create(
    *, actor, application: Application, starts_on: datetime.date | None = None, coaches=()
) -> Accompaniment:
    """A laureate's accompaniment over the call's `accompaniment_months`, with its plan."""
    call = application.call
    require(can_manage_call(actor, call))
    if application.state != ApplicationState.LAUREATE:
        raise ValidationError(_("Seule une candidature lauréate est accompagnée."))
    if Accompaniment.objects.filter(application=application).exists():
        raise ValidationError(_("Cette candidature lauréate a déjà son accompagnement."))
    starts_on = starts_on or first_of_next_month(timezone.localdate())
    months = max(call.accompaniment_months, 1)
    accompaniment = Accompaniment.objects.create(
        application=application, starts_on=starts_on, ends_on=end_of(starts_on, months)
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                accompaniment=accompaniment,
                kind=step.kind,
                month=step.month,
                title=step.title,
                due_on=step.due_on,
            )
            for step in milestone_plan(starts_on, months)
        ]
    )
    coaches = list(coaches)
    if coaches:
        accompaniment.coaches.set(coaches)
    log(
        call=call,
        actor=actor,
        kind="accompaniment_create",
        application=application,
        comment=starts_on.isoformat(),
    )
    return accompaniment


@transaction.atomic
def coach_add(*, actor, accompaniment: Accompaniment, user) -> Accompaniment:
    require(permissions.can_manage_accompaniment(actor, accompaniment))
    if not user.is_active:
        raise ValidationError({"email": _("Ce compte est désactivé.")})
    if accompaniment.coaches.filter(pk=user.pk).exists():
        raise ValidationError({"email": _("Cette personne accompagne déjà ce lauréat.")})
    accompaniment.coaches.add(user)
    log(
        call=accompaniment.application.call,
        actor=actor,
        kind="coach_add",
        application=accompaniment.application,
        comment=user.email,
    )
    enqueue_on_commit(
        jury_tasks.notify_coach_added, accompaniment_id=accompaniment.pk, user_id=user.pk
    )
    return accompaniment


@transaction.atomic
def coach_remove(*, actor, accompaniment: Accompaniment, user) -> Accompaniment:
    require(permissions.can_manage_accompaniment(actor, accompaniment))
    if not accompaniment.coaches.filter(pk=user.pk).exists():
        raise ValidationError(_("Cette personne n’accompagne pas ce lauréat."))
    accompaniment.coaches.remove(user)
    log(
        call=accompaniment.application.call,
        actor=actor,
        kind="coach_remove",
        application=accompaniment.application,
        comment=user.email,
    )
    return accompaniment


@transaction.atomic
def milestone_update(*, actor, milestone: Milestone, done: bool, notes: str = "") -> Milestone:
    """Mark a check-in or a milestone done (or not yet) with its notes. The final report is
    done by submitting it."""
    accompaniment = milestone.accompaniment
    require(permissions.can_update_milestone(actor, accompaniment))
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.kind == MilestoneKind.FINAL_REPORT:
        raise ValidationError(_("Le rapport final est marqué rendu quand la structure le dépose."))
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX:
        raise ValidationError(
            {"notes": _("Le compte rendu tient en %(max)d caractères.") % {"max": NOTES_MAX}}
        )
    was_done = milestone.done_at is not None
    milestone.done_at = (milestone.done_at or timezone.now()) if done else None
    milestone.notes = notes
    milestone.save(update_fields=["done_at", "notes"])
    log(
        call=accompaniment.application.call,
        actor=actor,
        kind="milestone_done" if done else "milestone_update",
        application=accompaniment.application,
        comment=milestone.title,
    )
    if done and not was_done:
        enqueue_on_commit(
            jury_tasks.notify_milestone_done, milestone_id=milestone.pk, actor_id=actor.pk
        )
    return milestone


@transaction.atomic
def final_report_submit(
    *, actor, accompaniment: Accompaniment, report: str, version: int
) -> Accompaniment:
    """The laureate's final report: once given, it is read-only and its milestone is done."""
    require(permissions.can_submit_final_report(actor, accompaniment))
    report = (report or "").strip()
    if accompaniment.final_report_at is not None:
        raise ValidationError(_("Le rapport final a déjà été rendu."))
    if not report:
        raise ValidationError({"report": _("Écrivez le rapport final avant de le rendre.")})
    if len(report) > REPORT_MAX:
        raise ValidationError(
            {"report": _("Le rapport final tient en %(max)d caractères.") % {"max": REPORT_MAX}}
        )
    now = timezone.now()
    save_versioned(accompaniment, version, final_report=report, final_report_at=now)
    final = accompaniment.milestones.filter(kind=MilestoneKind.FINAL_REPORT).first()
    if final is not None:
        Milestone.objects.filter(pk=final.pk).update(done_at=now)
    log(
        call=accompaniment.application.call,
        actor=actor,
        kind="final_report_submit",
        application=accompaniment.application,
    )
    if final is not None:
        enqueue_on_commit(
            jury_tasks.notify_milestone_done, milestone_id=final.pk, actor_id=actor.pk
        )
    return accompaniment
