"""The coordinators' page of an edition: candidacies, matching runs, rules, publication.

Every action posts here, calls one service and comes back to the page; a refusal shows the
page again with its reason (403 for a refused permission, 409 for a stale version, 422 for
a move the workflow does not have).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from passeurs.core.pages import breadcrumbs, found, require, save_with, submit
from passeurs.pairing import permissions, selectors, services, workflows
from passeurs.pairing.forms import DecideForm, RuleForm, VersionForm
from passeurs.pairing.models import Candidacy, CandidacySide, EditionState, PairRule
from passeurs.pairing.views.common import (
    EDITION_TRANSITION_LABELS,
    explanation_rows,
    get_edition,
    list_crumb,
)

TARGET_MAX = 40


def _edition_for_coordinator(request, pk):
    edition = get_edition(pk)
    require(permissions.can_manage_edition(request.user, edition))
    return edition


def manage_page(request, edition, *, failed=None, status=200):
    user = request.user
    proposal = selectors.proposal(user=user, edition=edition)
    candidacies = selectors.candidacy_list(user=user, edition=edition).prefetch_related(
        "challenges", "regions"
    )
    rules = {(rule.project_id, rule.servant_id): rule for rule in proposal["rules"]}
    pairs = [
        {
            "pair": pair,
            "terms": explanation_rows(pair.explanation),
            "rule": rules.get((pair.project_id, pair.servant_id)),
        }
        for pair in proposal["pairs"]
    ]
    programme = edition.programme
    return render(
        request,
        "pairing/edition_manage.html",
        {
            "title": _("Pilotage de la promotion %(name)s") % {"name": edition.name},
            "edition": edition,
            "programme": programme,
            "servants": [c for c in candidacies if c.side == CandidacySide.CIVIL_SERVANT],
            "projects": [c for c in candidacies if c.side == CandidacySide.PROJECT],
            "can_decide": edition.state not in (EditionState.RUNNING, EditionState.CLOSED),
            "can_run": edition.state in workflows.MATCHING_STATES,
            "run": proposal["run"],
            "pairs": pairs,
            "unmatched": proposal["unmatched"],
            "rules": proposal["rules"],
            "transitions": [
                (target, EDITION_TRANSITION_LABELS.get(target, target))
                for target in workflows.edition_targets_from(edition.state)
            ],
            "failed": failed,
            "breadcrumb_data": breadcrumbs(
                _("Pilotage"),
                list_crumb(),
                (programme.name, reverse("pairing:programme", args=[programme.pk])),
                (edition.name, reverse("pairing:edition", args=[edition.pk])),
            ),
        },
        status=status,
    )


def _back(request, edition, message):
    messages.success(request, message)
    return redirect("pairing:manage", pk=edition.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def edition_manage(request, pk):
    return manage_page(request, _edition_for_coordinator(request, pk))


@login_required
@require_POST
def candidacy_decide(request, pk, candidacy_pk):
    edition = _edition_for_coordinator(request, pk)
    candidacy = found(
        selectors.candidacy_list(user=request.user, edition=edition).filter(pk=candidacy_pk).first()
    )
    form = DecideForm(request.POST, version=candidacy.version)
    saved, status = submit(
        form,
        lambda: services.candidacy_decide(
            actor=request.user,
            candidacy=candidacy,
            accept=form.cleaned_data["accept"],
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        return manage_page(request, edition, failed=form, status=status)
    return _back(
        request,
        edition,
        _("La candidature de %(name)s est « %(state)s ».")
        % {"name": saved, "state": saved.get_state_display()},
    )


@login_required
@require_POST
def edition_matching_run(request, pk):
    edition = _edition_for_coordinator(request, pk)
    form = VersionForm(request.POST, version=edition.version)
    run, status = submit(
        form,
        lambda: services.matching_run(
            actor=request.user, edition=edition, version=form.cleaned_data["version"]
        ),
    )
    if run is None:
        return manage_page(request, get_edition(pk), failed=form, status=status)
    return _back(
        request,
        edition,
        _("L’appariement a été calculé : %(unmatched)d candidature(s) sans binôme.")
        % {"unmatched": len(run.unmatched)},
    )


@login_required
@require_POST
def pair_rule_set(request, pk):
    edition = _edition_for_coordinator(request, pk)
    form = RuleForm(request.POST)
    rule, status, done = None, 200, False
    if form.is_valid():
        accepted = Candidacy.objects.filter(edition=edition)
        project = found(accepted.projects().filter(pk=form.cleaned_data["project"]).first())
        servant = found(accepted.servants().filter(pk=form.cleaned_data["servant"]).first())
        kind = form.cleaned_data["kind"]
        rule, status = save_with(
            form,
            lambda: services.pair_rule_set(
                actor=request.user,
                edition=edition,
                project=project,
                servant=servant,
                kind=None if kind == "none" else kind,
            ),
        )
        done = not form.errors
    if not done:
        return manage_page(request, edition, failed=form, status=status)
    if rule is None:
        message = _("La règle a été levée.")
    elif rule.kind == PairRule.Kind.FORBIDDEN:
        message = _("Ce binôme est interdit : relancez l’appariement pour en tenir compte.")
    else:
        message = _("Ce binôme est imposé : relancez l’appariement pour en tenir compte.")
    return _back(request, edition, message)


@login_required
@require_POST
def edition_transition(request, pk):
    edition = _edition_for_coordinator(request, pk)
    target = request.POST.get("target", "")[:TARGET_MAX]
    form = VersionForm(request.POST, version=edition.version)
    saved, status = submit(
        form,
        lambda: services.edition_transition(
            actor=request.user,
            edition=edition,
            target=target,
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        return manage_page(request, get_edition(pk), failed=form, status=status)
    if saved.state == EditionState.RUNNING:
        message = _("Les binômes sont publiés : chaque côté peut accepter ou décliner.")
    else:
        message = _("La promotion est maintenant « %(state)s ».") % {
            "state": saved.get_state_display()
        }
    return _back(request, saved, message)
