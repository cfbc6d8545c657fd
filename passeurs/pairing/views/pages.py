"""The public pages of the programmes (list, programme, edition, figures) and "my pairs"."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from passeurs.core.pages import breadcrumbs
from passeurs.pairing import figures as pairing_figures
from passeurs.pairing import permissions, selectors
from passeurs.pairing.models import ActionKind, CandidacyState, EditionState
from passeurs.pairing.views.common import get_edition, get_programme, list_crumb

READ = require_http_methods(["GET", "HEAD"])
# The candidacies their author may still withdraw (permissions.can_withdraw_candidacy).
WITHDRAWABLE = (CandidacyState.SUBMITTED, CandidacyState.ACCEPTED)


def figures_context(result) -> dict:
    """The figures with readable labels, as the tables of the dashboard show them."""
    return {
        "figures": result,
        "actions_by_kind": [
            (ActionKind(kind).label if kind in ActionKind.values else kind, n)
            for kind, n in result.actions_by_kind.items()
        ],
        "actions_total": sum(result.actions_by_kind.values()),
    }


@READ
def programme_list(request):
    programmes = selectors.programme_list().prefetch_related("editions")
    return render(
        request,
        "pairing/programme_list.html",
        {
            "title": _("Programmes d’accompagnement"),
            "breadcrumb_data": breadcrumbs(_("Programmes")),
            "programmes": programmes,
            "has_pairs": request.user.is_authenticated,
        },
    )


@READ
def programme_detail(request, pk):
    programme = get_programme(pk)
    return render(
        request,
        "pairing/programme_detail.html",
        {
            "programme": programme,
            "editions": selectors.edition_list(programme=programme),
            "is_coordinator": permissions.is_programme_coordinator(request.user, programme),
            "breadcrumb_data": breadcrumbs(programme.name, list_crumb()),
            **figures_context(pairing_figures.figures(programme=programme)),
        },
    )


def edition_page(request, edition, *, failed=None, status=200):
    """An edition's public page; `failed` is a refused withdrawal, shown with its reason."""
    programme = edition.programme
    user = request.user
    return render(
        request,
        "pairing/edition_detail.html",
        {
            "edition": edition,
            "programme": programme,
            "is_coordinator": permissions.is_programme_coordinator(user, programme),
            "is_open": edition.state == EditionState.CANDIDACY,
            "my_candidacies": selectors.candidacy_list(user=user, edition=edition).filter(
                user=user.pk
            )
            if user.is_authenticated
            else [],
            "withdrawable": WITHDRAWABLE,
            "failed": failed,
            "breadcrumb_data": breadcrumbs(
                edition.name,
                list_crumb(),
                (programme.name, reverse("pairing:programme", args=[programme.pk])),
            ),
            **figures_context(pairing_figures.figures(edition=edition)),
        },
        status=status,
    )


@READ
def edition_detail(request, pk):
    return edition_page(request, get_edition(pk))


@READ
def programme_figures(request, pk):
    """The dashboard of a programme, or of one of its editions (?promotion=<id>)."""
    programme = get_programme(pk)
    editions = list(selectors.edition_list(programme=programme))
    chosen = next((e for e in editions if str(e.pk) == request.GET.get("promotion")), None)
    result = (
        pairing_figures.figures(edition=chosen)
        if chosen
        else pairing_figures.figures(programme=programme)
    )
    title = _("Chiffres du programme %(name)s") % {"name": programme.name}
    return render(
        request,
        "pairing/figures.html",
        {
            "title": title,
            "programme": programme,
            "editions": editions,
            "chosen": chosen,
            "breadcrumb_data": breadcrumbs(
                _("Chiffres"),
                list_crumb(),
                (programme.name, reverse("pairing:programme", args=[programme.pk])),
            ),
            **figures_context(result),
        },
    )


@login_required
@READ
def my_pairs(request):
    user = request.user
    pairs = list(selectors.pairs_of(user=user))
    return render(
        request,
        "pairing/my_pairs.html",
        {
            "title": _("Mes binômes"),
            "breadcrumb_data": breadcrumbs(_("Mes binômes"), list_crumb()),
            "pairs": pairs,
            "candidacies": selectors.candidacies_of(user=user),
            "coordinated": selectors.editions_coordinated_by(user=user),
            "withdrawable": WITHDRAWABLE,
        },
    )
