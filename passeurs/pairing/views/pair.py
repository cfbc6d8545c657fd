"""A pair's page: its objectives, meetings and facilitation actions, for the pair and the
coordinators of its programme only (a 404 for anybody else). Every form posts to its own
URL, calls one service and comes back; a refused form is shown again with its errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from passeurs.blockers.models import Blocker, BlockerState
from passeurs.core.pages import breadcrumbs, found, save_with
from passeurs.pairing import permissions, selectors, services, workflows
from passeurs.pairing.forms import (
    ActionForm,
    CloseForm,
    EndEarlyForm,
    EvaluateForm,
    MeetingForm,
    ObjectivesForm,
    RespondForm,
)
from passeurs.pairing.models import PairState
from passeurs.pairing.views.common import (
    PAIR_STATE_BADGES,
    event_rows,
    explanation_rows,
    get_pair,
    list_crumb,
)


def _pair_for(request, pk):
    """As get_pair; a proposal stays with the coordinators until they publish the pairs."""
    pair = get_pair(request, pk)
    if not permissions.pair_roles_of(request.user, pair):
        found(None)
    return pair


def _blockers_of(pair):
    """The declared blockers of the project, for the actions that work on one."""
    initiative = pair.project.initiative
    return (
        Blocker.objects.filter(initiative=initiative)
        .exclude(state__in=[BlockerState.DRAFT, BlockerState.WITHDRAWN])
        .order_by("title", "id")
    )


def _forms(request, pair, roles) -> dict:
    user = request.user
    member = bool(roles & {workflows.PROJECT, workflows.SERVANT})
    forms = {}
    mine_to_answer = (
        (pair.state == PairState.PROPOSED and member)
        or (pair.state == PairState.ACCEPTED_BY_PROJECT and workflows.SERVANT in roles)
        or (pair.state == PairState.ACCEPTED_BY_SERVANT and workflows.PROJECT in roles)
    )
    if mine_to_answer:
        forms["respond"] = RespondForm(version=pair.version, prefix="respond")
    if permissions.can_log(user, pair):
        forms["objectives"] = ObjectivesForm(
            version=pair.version, initial={"objectives": pair.objectives}, prefix="objectives"
        )
        forms["meeting"] = MeetingForm(prefix="meeting")
        forms["action"] = ActionForm(blockers=_blockers_of(pair), prefix="action")
    if member and pair.state in (PairState.ACTIVE, PairState.CLOSED, PairState.ENDED_EARLY):
        forms["evaluate"] = EvaluateForm(version=pair.version, prefix="evaluate")
    if permissions.can_transition_pair(user, pair, PairState.CLOSED, roles) and (
        pair.state == PairState.ACTIVE
    ):
        forms["close"] = CloseForm(version=pair.version, prefix="close")
    if pair.state == PairState.ACTIVE and permissions.can_transition_pair(
        user, pair, PairState.ENDED_EARLY, roles
    ):
        forms["end"] = EndEarlyForm(version=pair.version, prefix="end")
    return forms


def pair_page(request, pair, *, failed: tuple[str, object] | None = None, status=200):
    roles = permissions.pair_roles_of(request.user, pair)
    forms = _forms(request, pair, roles)
    if failed:
        forms[failed[0]] = failed[1]
    edition = pair.edition
    log = selectors.pair_log(user=request.user, pair=pair)
    return render(
        request,
        "pairing/pair_detail.html",
        {
            "pair": pair,
            "edition": edition,
            "title": _("Binôme %(project)s × %(servant)s")
            % {"project": pair.project, "servant": pair.servant.user.get_full_name()},
            "badge": PAIR_STATE_BADGES.get(pair.state, ""),
            "terms": explanation_rows(pair.explanation),
            "log": log,
            "events": event_rows(log["events"]),
            "forms": forms,
            "has_errors": bool(failed),
            "is_coordinator": workflows.COORDINATOR in roles,
            "breadcrumb_data": breadcrumbs(
                _("Binôme"),
                list_crumb(),
                (edition.name, reverse("pairing:edition", args=[edition.pk])),
            ),
        },
        status=status,
    )


def _done(request, pair, message):
    messages.success(request, message)
    return redirect("pairing:pair", pk=pair.pk)


def _act(request, pk, name, form, write, message):
    """Validate the form, run the service; the page again with the errors if refused."""
    pair = _pair_for(request, pk)
    saved, status = None, 200
    if form.is_valid():
        saved, status = save_with(form, lambda: write(pair, form.cleaned_data))
    if saved is None:
        return pair_page(request, _pair_for(request, pk), failed=(name, form), status=status)
    return _done(request, pair, message(saved) if callable(message) else message)


@login_required
@require_http_methods(["GET", "HEAD"])
def pair_detail(request, pk):
    return pair_page(request, _pair_for(request, pk))


@login_required
@require_POST
def pair_respond(request, pk):
    pair = _pair_for(request, pk)
    form = RespondForm(request.POST, version=pair.version, prefix="respond")
    return _act(
        request,
        pk,
        "respond",
        form,
        lambda pair, data: services.pair_respond(
            actor=request.user, pair=pair, accept=data["accept"], version=data["version"]
        ),
        lambda saved: (
            _("Le binôme est maintenant « %(state)s ».") % {"state": saved.get_state_display()}
        ),
    )


@login_required
@require_POST
def pair_objectives(request, pk):
    pair = _pair_for(request, pk)
    return _act(
        request,
        pk,
        "objectives",
        ObjectivesForm(request.POST, version=pair.version, prefix="objectives"),
        lambda pair, data: services.pair_set_objectives(
            actor=request.user,
            pair=pair,
            objectives=data["objectives"],
            version=data["version"],
        ),
        _("Les objectifs du binôme ont été enregistrés."),
    )


@login_required
@require_POST
def meeting_add(request, pk):
    return _act(
        request,
        pk,
        "meeting",
        MeetingForm(request.POST, prefix="meeting"),
        lambda pair, data: services.meeting_add(
            actor=request.user, pair=pair, date=data["date"], notes=data["notes"]
        ),
        _("La rencontre a été ajoutée au journal."),
    )


@login_required
@require_POST
def action_log(request, pk):
    pair = _pair_for(request, pk)
    return _act(
        request,
        pk,
        "action",
        ActionForm(request.POST, blockers=_blockers_of(pair), prefix="action"),
        lambda pair, data: services.action_log(
            actor=request.user,
            pair=pair,
            kind=data["kind"],
            date=data["date"],
            outcome=data["outcome"],
            blocker=data["blocker"],
        ),
        _("L’action de facilitation a été ajoutée au journal."),
    )


@login_required
@require_POST
def pair_evaluate(request, pk):
    pair = _pair_for(request, pk)
    return _act(
        request,
        pk,
        "evaluate",
        EvaluateForm(request.POST, version=pair.version, prefix="evaluate"),
        lambda pair, data: services.pair_evaluate(
            actor=request.user, pair=pair, evaluation=data["evaluation"], version=data["version"]
        ),
        _("Votre évaluation a été enregistrée."),
    )


@login_required
@require_POST
def pair_close(request, pk):
    pair = _pair_for(request, pk)
    return _act(
        request,
        pk,
        "close",
        CloseForm(request.POST, version=pair.version, prefix="close"),
        lambda pair, data: services.pair_close(
            actor=request.user, pair=pair, version=data["version"], comment=data["comment"]
        ),
        _("Le binôme est clos."),
    )


@login_required
@require_POST
def pair_end_early(request, pk):
    pair = _pair_for(request, pk)
    return _act(
        request,
        pk,
        "end",
        EndEarlyForm(request.POST, version=pair.version, prefix="end"),
        lambda pair, data: services.pair_end_early(
            actor=request.user, pair=pair, version=data["version"], reason=data["reason"]
        ),
        _("Le binôme est interrompu."),
    )
