"""The accompaniment of each laureate: the coordinators' list, then one accompaniment's
milestones, final report and coaches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from passeurs.calls import jury_permissions as permissions
from passeurs.calls.forms.jury import CoachForm, FinalReportForm, MilestoneForm
from passeurs.calls.models import Accompaniment, Milestone, MilestoneKind
from passeurs.calls.services import accompaniment as accompaniment_services
from passeurs.calls.views.common import READ, call_crumbs, failure, manage_crumb, managed_call
from passeurs.core.pages import found, paginate, require, save_with, submit
from passeurs.core.text import inner_quotes

MILESTONE_STATUS = {
    "done": (gettext_lazy("Réalisé"), "fr-badge--success"),
    "late": (gettext_lazy("En retard"), "fr-badge--warning"),
    "upcoming": (gettext_lazy("À venir"), "fr-badge--info"),
}


def _progress(accompaniments) -> None:
    today = timezone.localdate()
    for accompaniment in accompaniments:
        milestones = list(accompaniment.milestones.all())
        accompaniment.done_count = sum(m.done_at is not None for m in milestones)
        accompaniment.late_count = sum(
            accompaniment_services.milestone_status(m, today) == "late" for m in milestones
        )
        accompaniment.step_count = len(milestones)


@login_required
@READ
def accompaniments(request, pk):
    call = managed_call(request, pk)
    page = paginate(
        request,
        Accompaniment.objects.filter(application__call=call)
        .select_related("application__initiative", "application__organisation")
        .prefetch_related("coaches", "milestones")
        .order_by("application__initiative__title", "pk"),
    )
    _progress(page.object_list)
    return render(
        request,
        "calls/accompaniment_list.html",
        {
            "title": _("Accompagnement des lauréats de « %(title)s »")
            % {"title": inner_quotes(call.title)},
            "call": call,
            "page_obj": page,
            "breadcrumb_data": call_crumbs(_("Accompagnements"), call, manage_crumb(call)),
        },
    )


def _accompaniment_for(request, pk) -> Accompaniment:
    accompaniment = found(
        permissions.accompaniments_visible_to(request.user)
        .filter(pk=pk)
        .select_related("application__call", "application__initiative", "application__organisation")
        .first()
    )
    require(permissions.can_view_accompaniment(request.user, accompaniment))
    return accompaniment


def accompaniment_page(request, accompaniment, *, failed=None, status=200):
    user = request.user
    roles = permissions.accompaniment_roles(user, accompaniment)
    today = timezone.localdate()
    can_update = bool(permissions.can_update_milestone(user, accompaniment))
    milestones = []
    for milestone in accompaniment.milestones.order_by("due_on", "pk"):
        label, badge = MILESTONE_STATUS[accompaniment_services.milestone_status(milestone, today)]
        form = None
        if can_update and milestone.kind != MilestoneKind.FINAL_REPORT:
            form = MilestoneForm(
                initial={"done": milestone.done_at is not None, "notes": milestone.notes},
                prefix=f"milestone-{milestone.pk}",
            )
            if failed and failed[0] == f"milestone-{milestone.pk}":
                form = failed[1]
        milestones.append({"milestone": milestone, "label": label, "badge": badge, "form": form})
    report_form = None
    if accompaniment.final_report_at is None and "laureate" in roles:
        report_form = FinalReportForm(initial={"version": accompaniment.version})
        if failed and failed[0] == "report":
            report_form = failed[1]
    coach_form = None
    if "coordinator" in roles:
        coach_form = failed[1] if failed and failed[0] == "coach" else CoachForm()
    call = accompaniment.application.call
    more = []
    if "coordinator" in roles:
        more.append((_("Accompagnements"), reverse("calls:accompaniments", args=[call.pk])))
    return render(
        request,
        "calls/accompaniment.html",
        {
            "title": _("Accompagnement de « %(title)s »")
            % {"title": inner_quotes(accompaniment.application.initiative.title)},
            "accompaniment": accompaniment,
            "application": accompaniment.application,
            "call": call,
            "roles": roles,
            "milestones": milestones,
            "coaches": list(accompaniment.coaches.order_by("last_name", "first_name")),
            "report_form": report_form,
            "coach_form": coach_form,
            "errors": failure(failed[1]) if failed else [],
            "breadcrumb_data": call_crumbs(_("Accompagnement"), call, *more),
        },
        status=status,
    )


def _back_to_accompaniment(request, accompaniment, message):
    messages.success(request, message)
    return redirect("calls:accompaniment", pk=accompaniment.pk)


@login_required
@READ
def accompaniment(request, pk):
    return accompaniment_page(request, _accompaniment_for(request, pk))


@login_required
@require_POST
def milestone_update(request, pk, milestone_pk):
    accompaniment = _accompaniment_for(request, pk)
    milestone = found(
        Milestone.objects.filter(accompaniment=accompaniment, pk=milestone_pk).first()
    )
    prefix = f"milestone-{milestone.pk}"
    form = MilestoneForm(request.POST, prefix=prefix)
    saved, status = submit(
        form,
        lambda: accompaniment_services.milestone_update(
            actor=request.user,
            milestone=milestone,
            done=form.cleaned_data["done"],
            notes=form.cleaned_data["notes"],
        ),
    )
    if saved is None:
        return accompaniment_page(request, accompaniment, failed=(prefix, form), status=status)
    return _back_to_accompaniment(
        request,
        accompaniment,
        _("L’étape « %(title)s » est enregistrée.") % {"title": inner_quotes(saved.title)},
    )


@login_required
@require_POST
def final_report(request, pk):
    accompaniment = _accompaniment_for(request, pk)
    form = FinalReportForm(request.POST)
    saved, status = submit(
        form,
        lambda: accompaniment_services.final_report_submit(
            actor=request.user,
            accompaniment=accompaniment,
            report=form.cleaned_data["report"],
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        return accompaniment_page(request, accompaniment, failed=("report", form), status=status)
    return _back_to_accompaniment(request, accompaniment, _("Le rapport final est rendu."))


@login_required
@require_POST
def coach_add(request, pk):
    accompaniment = _accompaniment_for(request, pk)
    require(permissions.can_manage_accompaniment(request.user, accompaniment))
    form = CoachForm(request.POST)
    saved, status = submit(
        form,
        lambda: accompaniment_services.coach_add(
            actor=request.user, accompaniment=accompaniment, user=form.user
        ),
    )
    if saved is None:
        return accompaniment_page(request, accompaniment, failed=("coach", form), status=status)
    name = form.user.get_full_name() or form.user.email
    return _back_to_accompaniment(
        request, accompaniment, _("%(name)s accompagne ce lauréat.") % {"name": name}
    )


@login_required
@require_POST
def coach_remove(request, pk, user_pk):
    accompaniment = _accompaniment_for(request, pk)
    require(permissions.can_manage_accompaniment(request.user, accompaniment))
    coach = found(accompaniment.coaches.filter(pk=user_pk).first())
    form = CoachForm({})
    saved, status = save_with(
        form,
        lambda: accompaniment_services.coach_remove(
            actor=request.user, accompaniment=accompaniment, user=coach
        ),
    )
    if saved is None:
        return accompaniment_page(request, accompaniment, failed=("coach", form), status=status)
    name = coach.get_full_name() or coach.email
    return _back_to_accompaniment(
        request, accompaniment, _("%(name)s n’accompagne plus ce lauréat.") % {"name": name}
    )


urls = [
    path("<int:pk>/accompagnements/", accompaniments, name="accompaniments"),
    path("accompagnements/<int:pk>/", accompaniment, name="accompaniment"),
    path(
        "accompagnements/<int:pk>/etapes/<int:milestone_pk>/",
        milestone_update,
        name="milestone_update",
    ),
    path("accompagnements/<int:pk>/rapport/", final_report, name="final_report"),
    path("accompagnements/<int:pk>/coachs/", coach_add, name="coach_add"),
    path(
        "accompagnements/<int:pk>/coachs/<int:user_pk>/retirer/",
        coach_remove,
        name="coach_remove",
    ),
]
