"""The calls' own pages: the public list and detail, and the coordinators' editing, pilotage
and moves of a call.

Every write posts to one view, calls one service through core.pages.save_with and comes
back; a refusal shows the page again with its reason (403 for a refused permission, 409 for
a stale version, 422 for a move the workflow does not have).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from passeurs.calls import eligibility, permissions, selectors, workflows
from passeurs.calls.forms.calls import CallFilterForm, CallForm, TransitionForm
from passeurs.calls.models import ApplicationState, Call, CallLog, CallState
from passeurs.calls.services import calls as call_services
from passeurs.calls.views.common import (
    FORM_METHODS,
    PHASE_BADGES,
    PHASE_LABELS,
    READ,
    STATE_BADGES,
    call_crumb,
    get_call,
    list_crumb,
    managed_call,
)
from passeurs.core.pages import breadcrumbs, filtered_list, form_page, require, save_with, submit
from passeurs.core.text import inner_quotes

# The button that makes each move of a call.
TRANSITION_LABELS = {
    CallState.PUBLISHED: gettext_lazy("Publier l’appel"),
    CallState.REVIEW: gettext_lazy("Clore les candidatures et passer à l’instruction"),
    CallState.DECIDED: gettext_lazy("Enregistrer la décision"),
    CallState.ARCHIVED: gettext_lazy("Archiver l’appel"),
}
LOG_LABELS = {
    "call_create": gettext_lazy("Appel créé"),
    "call_update": gettext_lazy("Appel modifié"),
    "call_transition": gettext_lazy("Changement d’état"),
    "question_add": gettext_lazy("Question ajoutée"),
    "question_update": gettext_lazy("Question modifiée"),
    "question_delete": gettext_lazy("Question supprimée"),
    "criterion_add": gettext_lazy("Critère ajouté"),
    "criterion_update": gettext_lazy("Critère modifié"),
    "criterion_delete": gettext_lazy("Critère supprimé"),
    "application_start": gettext_lazy("Candidature commencée"),
    "application_reopen": gettext_lazy("Candidature rouverte"),
    "application_submit": gettext_lazy("Candidature déposée"),
    "application_withdraw": gettext_lazy("Candidature retirée"),
    "jury_member_add": gettext_lazy("Membre du jury ajouté"),
    "jury_member_update": gettext_lazy("Membre du jury modifié"),
    "jury_member_remove": gettext_lazy("Membre du jury retiré"),
    "conflict_declare": gettext_lazy("Conflit d’intérêts déclaré"),
    "conflict_lift": gettext_lazy("Conflit d’intérêts levé"),
    "reviews_assign": gettext_lazy("Évaluations réparties"),
    "review_submit": gettext_lazy("Évaluation rendue"),
    "laureates_select": gettext_lazy("Lauréats désignés"),
    "application_decide": gettext_lazy("Décision"),
    "accompaniment_create": gettext_lazy("Accompagnement ouvert"),
    "coach_add": gettext_lazy("Coach ajouté"),
    "coach_remove": gettext_lazy("Coach retiré"),
    "milestone_done": gettext_lazy("Étape réalisée"),
    "milestone_update": gettext_lazy("Étape mise à jour"),
    "final_report_submit": gettext_lazy("Rapport final rendu"),
}
# Log lines whose comment is for the audit trail, not for people (ids, ISO dates).
LOG_HIDDEN_COMMENTS = {"laureates_select", "accompaniment_create", "reviews_assign"}


# Public pages.


@READ
def call_list(request):
    user = request.user
    return filtered_list(
        request,
        form=CallFilterForm(request.GET),
        select=lambda filters: selectors.call_list(user=user, filters=filters),
        template_name="calls/call_list.html",
        results_template="calls/_call_results.html",
        count_label=lambda count: (
            ngettext("%(count)s appel", "%(count)s appels", count) % {"count": count}
        ),
        empty_message=_("Aucun appel ne correspond à ces critères."),
        context={
            "title": _("Appels à projets"),
            "breadcrumb_data": breadcrumbs(_("Appels à projets")),
            "can_create": bool(permissions.can_create_call(user)),
            "phase_labels": PHASE_LABELS,
            "phase_badges": PHASE_BADGES,
        },
    )


def apply_status(user, call: Call) -> dict:
    """Whether the user may apply, and if not why (shown on the call's page)."""
    phase = call.phase
    if phase not in (selectors.OPEN, selectors.UPCOMING):
        if phase == selectors.CLOSED:
            reason = _("L’appel est clos depuis le %(date)s.") % {
                "date": call_services.when(call.closes_at)
            }
        else:
            reason = _("L’appel n’est pas encore publié.")
        return {"can_apply": False, "reason": reason}
    if not user.is_authenticated:
        return {"can_apply": False, "sign_in": True, "reason": _("Connectez-vous pour candidater.")}
    if not selectors.initiatives_for(user=user).exists():
        return {
            "can_apply": False,
            "needs_initiative": True,
            "reason": _(
                "Pour candidater, présentez d’abord le projet de votre structure sur Passeurs."
            ),
        }
    return {"can_apply": True, "reason": ""}


@READ
def call_detail(request, pk):
    call = get_call(request, pk)
    user = request.user
    rules = selectors.rules_of(call)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "phase_label": PHASE_LABELS[call.phase],
            "phase_badge": PHASE_BADGES[call.phase],
            "rules": eligibility.describe(rules),
            "questions": selectors.questions_of(call),
            "criteria": list(call.criteria.all()),
            "is_coordinator": permissions.is_call_coordinator(user, call),
            "my_applications": selectors.applications_of_user_for(user=user, call=call),
            "state_badges": STATE_BADGES,
            "is_upcoming": call.phase == selectors.UPCOMING,
            "breadcrumb_data": breadcrumbs(call.title, list_crumb()),
            **apply_status(user, call),
        },
    )


# The coordinators' pages of a call.


@login_required
@FORM_METHODS
def call_create(request):
    require(permissions.can_create_call(request.user))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    form = CallForm(
        request.POST if request.method == "POST" else None,
        instance=Call(
            opens_at=now + datetime.timedelta(days=7), closes_at=now + datetime.timedelta(days=49)
        ),
        user=request.user,
    )
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: call_services.call_create(actor=request.user, **form.service_kwargs()),
        )
        if saved is not None:
            messages.success(
                request,
                _(
                    "L’appel « %(title)s » a été créé : ajoutez ses questions et sa "
                    "grille, puis publiez-le."
                )
                % {"title": inner_quotes(saved.title)},
            )
            return redirect("calls:manage", pk=saved.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouvel appel à projets"),
        breadcrumb_data=breadcrumbs(_("Nouvel appel"), list_crumb()),
        submit_label=_("Créer l’appel"),
        cancel_url=reverse("calls:list"),
        status=status,
    )


@login_required
@FORM_METHODS
def call_update(request, pk):
    call = managed_call(request, pk)
    form = CallForm(
        request.POST if request.method == "POST" else None, instance=call, user=request.user
    )
    status = 200
    if form.is_bound and form.is_valid():
        kwargs = form.service_kwargs()
        saved, status = save_with(
            form,
            lambda: call_services.call_update(
                actor=request.user, call=call, version=form.cleaned_data["version"], **kwargs
            ),
        )
        if saved is not None:
            messages.success(request, _("Les modifications de l’appel ont été enregistrées."))
            return redirect("calls:manage", pk=saved.pk)
        call = managed_call(request, pk)
    manage_url = reverse("calls:manage", args=[call.pk])
    return form_page(
        request,
        form=form,
        title=_("Modifier l’appel « %(title)s »") % {"title": inner_quotes(call.title)},
        breadcrumb_data=breadcrumbs(
            _("Modifier"), list_crumb(), call_crumb(call), (_("Pilotage"), manage_url)
        ),
        submit_label=_("Enregistrer les modifications"),
        cancel_url=manage_url,
        status=status,
    )


def _state_label(line) -> str:
    """The state a log line moved to, in words ("" when it moved nothing)."""
    states = ApplicationState if line.application_id else CallState
    return str(states(line.to_state).label) if line.to_state in states.values else ""


def manage_page(request, call, *, failed=None, status=200):
    counts = selectors.application_counts(call)
    return render(
        request,
        "calls/call_manage.html",
        {
            "title": _("Pilotage de l’appel « %(title)s »") % {"title": inner_quotes(call.title)},
            "call": call,
            "phase_label": PHASE_LABELS[call.phase],
            "questions": selectors.questions_of(call),
            "criteria": list(call.criteria.all()),
            "form_frozen": call_services.form_is_frozen(call),
            "grid_frozen": call_services.grid_is_frozen(call),
            "problems": call_services.publication_problems(call)
            if call.state == CallState.DRAFT
            else [],
            "transitions": [
                (target, TRANSITION_LABELS.get(target, target))
                for target in workflows.call_targets_from(call.state)
            ],
            "counts": [(ApplicationState(state).label, n) for state, n in counts.items()],
            "received": sum(counts[s] for s in workflows.APPLICATION_RECEIVED)
            + counts[ApplicationState.WITHDRAWN],
            "log": [
                (
                    line,
                    LOG_LABELS.get(line.kind, line.kind),
                    _state_label(line),
                    "" if line.kind in LOG_HIDDEN_COMMENTS else line.comment,
                )
                for line in CallLog.objects.filter(call=call)
                .select_related("actor", "application__initiative")
                .order_by("-created_at", "-id")[:20]
            ],
            "failed": failed,
            "breadcrumb_data": breadcrumbs(_("Pilotage"), list_crumb(), call_crumb(call)),
        },
        status=status,
    )


@login_required
@READ
def call_manage(request, pk):
    return manage_page(request, managed_call(request, pk))


@login_required
@require_POST
def call_transition(request, pk):
    call = managed_call(request, pk)
    form = TransitionForm(request.POST, version=call.version)
    saved, status = submit(
        form,
        lambda: call_services.call_transition(
            actor=request.user,
            call=call,
            target=form.cleaned_data["target"],
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        return manage_page(request, managed_call(request, pk), failed=form, status=status)
    messages.success(
        request, _("L’appel est maintenant « %(state)s ».") % {"state": saved.get_state_display()}
    )
    return redirect("calls:manage", pk=saved.pk)


urls = [
    path("", call_list, name="list"),
    path("nouveau/", call_create, name="create"),
    path("<int:pk>/", call_detail, name="detail"),
    path("<int:pk>/modifier/", call_update, name="update"),
    path("<int:pk>/pilotage/", call_manage, name="manage"),
    path("<int:pk>/etat/", call_transition, name="transition"),
]
