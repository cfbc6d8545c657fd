"""The actions of the blocker page: each form posts here, calls one service, comes back.

On success, a message and a redirect to the blocker; on refusal, the blocker page again
with the form and its errors (422 for a move the workflow does not have, 409 for a stale
version, 403 for a refused permission).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passeurs.blockers import permissions, services, workflows
from passeurs.blockers.forms import AssignForm, JoinForm, RouteForm, TakeOnForm, TransitionForm
from passeurs.blockers.models import BlockerState
from passeurs.blockers.views.common import get_blocker
from passeurs.blockers.views.pages import (
    Failed,
    detail_page,
    joinable_initiatives,
    merge_candidates,
    notifications_context,
)
from passeurs.core.pages import require, save_with, submit
from passeurs.core.text import inner_quotes

# Longer than any state: what is posted is only echoed back in an error.
TARGET_MAX = 40


def _refused(request, pk, action: str, form, status):
    """The blocker page again, with the refused form and its errors."""
    # Read again: the service may have changed the instance in memory before refusing.
    return detail_page(
        request, get_blocker(request, pk), failed=Failed(action, form), status=status
    )


def _done(request, blocker, message: str):
    messages.success(request, message)
    return redirect(blocker)


@login_required
@require_POST
def blocker_transition(request, pk):
    blocker = get_blocker(request, pk)
    target = request.POST.get("target", "")[:TARGET_MAX]
    if target in workflows.targets_from(blocker.state):
        # Refuse a move the user may not make before telling them what it would need.
        require(permissions.can_transition(request.user, blocker, target))
    form = TransitionForm(
        request.POST,
        blocker=blocker,
        target=target,
        merge_candidates=(
            merge_candidates(request.user, blocker) if target == BlockerState.MERGED else None
        ),
    )
    saved, status = submit(
        form,
        lambda: services.blocker_transition(
            actor=request.user,
            blocker=blocker,
            target=target,
            version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
    )
    if saved is None:
        return _refused(request, pk, "transition", form, status)
    if saved.state == BlockerState.MERGED:
        return _done(request, saved.merged_into, _("Le frein a été fusionné dans celui-ci."))
    return _done(
        request,
        saved,
        _("Le frein est maintenant « %(state)s ».") % {"state": BlockerState(saved.state).label},
    )


@login_required
@require_POST
def blocker_take_on(request, pk):
    blocker = get_blocker(request, pk)
    require(permissions.can_take_on(request.user, blocker))
    form = TakeOnForm(request.POST, blocker=blocker, prefix="take-on")
    saved, status = submit(
        form,
        lambda: services.blocker_assign(
            actor=request.user, blocker=blocker, version=form.cleaned_data["version"]
        ),
    )
    if saved is None:
        return _refused(request, pk, "take_on", form, status)
    return _done(request, saved, _("Vous avez pris ce frein en charge."))


@login_required
@require_POST
def blocker_assign(request, pk):
    blocker = get_blocker(request, pk)
    require(permissions.can_take_on(request.user, blocker))
    form = AssignForm(request.POST, blocker=blocker)
    saved, status = submit(
        form,
        lambda: services.blocker_assign(
            actor=request.user,
            blocker=blocker,
            version=form.cleaned_data["version"],
            assignee=form.cleaned_data["assignee"],
        ),
    )
    if saved is None:
        return _refused(request, pk, "assign", form, status)
    return _done(request, saved, _("Le frein a été confié à l’agent public choisi."))


@login_required
@require_POST
def blocker_route(request, pk):
    blocker = get_blocker(request, pk)
    require(permissions.can_route(request.user, blocker))
    form = RouteForm(request.POST, blocker=blocker)
    saved, status = submit(
        form,
        lambda: services.blocker_route(
            actor=request.user,
            blocker=blocker,
            version=form.cleaned_data["version"],
            administrations=form.cleaned_data["administrations"],
        ),
    )
    if saved is None:
        return _refused(request, pk, "route", form, status)
    return _done(request, saved, _("Les administrations compétentes ont été enregistrées."))


@login_required
@require_POST
def blocker_join(request, pk):
    blocker = get_blocker(request, pk)
    form = JoinForm(request.POST, initiatives=joinable_initiatives(request.user, blocker))
    support, status = None, 200
    if form.is_valid():
        initiative = form.cleaned_data["initiative"]
        require(permissions.can_join_blocker(request.user, blocker, initiative))
        support, status = save_with(
            form,
            lambda: services.blocker_join(
                actor=request.user,
                blocker=blocker,
                initiative=initiative,
                testimony=form.cleaned_data["testimony"],
            ),
        )
    if support is None:
        return _refused(request, pk, "join", form, status)
    return _done(
        request,
        support.blocker,
        _("Votre projet « %(title)s » fait maintenant partie des projets concernés.")
        % {"title": inner_quotes(support.initiative.title)},
    )


@login_required
@require_POST
def blocker_notifications(request, pk=None):
    """Turn the e-mails about one blocker (or, without pk, all blockers) on or off."""
    blocker = get_blocker(request, pk) if pk is not None else None
    enabled = request.POST.get("enabled") == "on"
    services.notifications_set(user=request.user, blocker=blocker, enabled=enabled)
    announce = (
        _("Vous recevrez les courriels sur ce suivi.")
        if enabled
        else _("Vous ne recevrez plus de courriels sur ce suivi.")
    )
    if request.htmx:
        return render(
            request,
            "blockers/_notifications.html",
            notifications_context(user=request.user, blocker=blocker, announce=announce),
        )
    messages.success(request, announce)
    return redirect(blocker or "blockers:mine")
