"""Applying to an edition: a civil servant with their administration, or a project."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from passeurs.accounts.models import Role
from passeurs.core.pages import breadcrumbs, form_page, found, save_with, submit
from passeurs.directory import selectors as directory_selectors
from passeurs.pairing import services
from passeurs.pairing.forms import (
    ProjectCandidacyForm,
    RankingForm,
    ServantCandidacyForm,
    WithdrawForm,
    administrations_of,
)
from passeurs.pairing.models import Candidacy, MatchingMode, Ranking
from passeurs.pairing.services.editions import RANKING_STATES, other_side
from passeurs.pairing.views.common import get_edition, list_crumb
from passeurs.pairing.views.pages import edition_page

PROJECT_SIDE = "projet"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidacy_apply(request, pk):
    """?cote=projet for a project; civil servants apply on their own side by default."""
    edition = get_edition(pk)
    user = request.user
    data = request.POST if request.method == "POST" else None
    as_project = request.GET.get("cote") == PROJECT_SIDE or user.role != Role.CIVIL_SERVANT
    if as_project:
        initiatives = directory_selectors.initiative_list(user=user).filter(
            organisation__in=directory_selectors.organisations_of(user)
        )
        form = ProjectCandidacyForm(data, edition=edition, initiatives=initiatives)
        title = _("Candidater pour un projet — %(name)s") % {"name": edition}
    else:
        form = ServantCandidacyForm(data, edition=edition, administrations=administrations_of(user))
        title = _("Candidater comme agent public — %(name)s") % {"name": edition}
    status = 200
    if data is not None and form.is_valid():
        saved, status = save_with(
            form,
            lambda: services.candidacy_submit(actor=user, edition=edition, **form.service_kwargs()),
        )
        if saved is not None:
            messages.success(
                request,
                _("Votre candidature a été déposée : les coordinateurs du programme l’examinent."),
            )
            return redirect("pairing:mine")
    edition_url = reverse("pairing:edition", args=[edition.pk])
    return form_page(
        request,
        form=form,
        title=title,
        breadcrumb_data=breadcrumbs(_("Candidater"), list_crumb(), (edition.name, edition_url)),
        submit_label=_("Déposer ma candidature"),
        cancel_url=edition_url,
        status=status,
    )


@login_required
@require_POST
def candidacy_withdraw(request, pk):
    """Its author withdraws a candidacy; anybody else is refused (403) by the service."""
    candidacy = found(Candidacy.objects.select_related("edition__programme").filter(pk=pk).first())
    form = WithdrawForm(request.POST, version=candidacy.version)
    saved, status = submit(
        form,
        lambda: services.candidacy_withdraw(
            actor=request.user, candidacy=candidacy, version=form.cleaned_data["version"]
        ),
    )
    if saved is None:
        return edition_page(request, get_edition(candidacy.edition_id), failed=form, status=status)
    messages.success(
        request,
        _("Votre candidature à la promotion %(edition)s a été retirée.")
        % {"edition": saved.edition},
    )
    if form.cleaned_data["back"] == "mine":
        return redirect("pairing:mine")
    return redirect("pairing:edition", pk=saved.edition_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidacy_ranking(request, pk):
    """In a stable-mode edition, its author ranks the accepted candidacies of the other side.

    Anybody else, and editions matched for the best score, get a 404.
    """
    candidacy = found(
        Candidacy.objects.select_related("edition__programme", "initiative")
        .filter(pk=pk, user=request.user.pk, edition__matching_mode=MatchingMode.STABLE)
        .first()
    )
    edition = candidacy.edition
    others = (
        Candidacy.objects.accepted()
        .filter(edition=edition, side=other_side(candidacy.side))
        .select_related("initiative__organisation", "administration")
        .order_by("created_at", "id")
    )
    current = dict(Ranking.objects.filter(candidacy=candidacy).values_list("other_id", "rank"))
    form = RankingForm(
        request.POST if request.method == "POST" else None, others=others, current=current
    )
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: services.ranking_set(
                actor=request.user, candidacy=candidacy, ordered=form.ordered()
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("Votre classement a été enregistré (%(count)d candidature(s) classée(s)).")
                % {"count": len(saved)},
            )
            return redirect("pairing:ranking", pk=candidacy.pk)
    edition_url = reverse("pairing:edition", args=[edition.pk])
    title = _("Mon classement — %(name)s") % {"name": edition}
    return render(
        request,
        "pairing/ranking.html",
        {
            "title": title,
            "form": form,
            "candidacy": candidacy,
            "edition": edition,
            "is_open": edition.state in RANKING_STATES,
            "cancel_url": edition_url,
            "breadcrumb_data": breadcrumbs(
                _("Mon classement"), list_crumb(), (edition.name, edition_url)
            ),
        },
        status=status,
    )
