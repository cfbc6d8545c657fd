"""The coordinators' decision: the ranking of the reviewed applications and the choice of
the laureates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passeurs.calls import jury_permissions as permissions
from passeurs.calls.forms.jury import LaureatesForm
from passeurs.calls.models import Application, ApplicationState, Call, CallState, JuryMember, Review
from passeurs.calls.ranking import IN_REVIEW, call_ranking
from passeurs.calls.services import selection as selection_services
from passeurs.calls.views.common import (
    FORM_METHODS,
    READ,
    call_crumbs,
    failure,
    manage_crumb,
    managed_call,
)
from passeurs.core.pages import require, submit
from passeurs.core.text import inner_quotes


def _flag(value: str | None) -> bool | None:
    if value in ("1", "oui"):
        return True
    if value in ("0", "non"):
        return False
    return None


@login_required
@READ
def ranking(request, pk):
    call = managed_call(request, pk)
    require(permissions.can_see_ranking(request.user, call))
    normalise = _flag(request.GET.get("normalisation"))
    result = call_ranking(call, normalise=normalise)
    review_ids = {
        (member, application): review_pk
        for review_pk, member, application in Review.objects.filter(
            application__call=call, submitted_at__isnull=False
        ).values_list("pk", "reviewer_id", "application_id")
    }
    names = {
        m.pk: m.user.get_full_name() or m.user.email
        for m in JuryMember.objects.filter(call=call).select_related("user")
    }
    for row in result.rows:
        row.reviewers = [
            {
                "name": names.get(member, "?"),
                "total": total,
                "review": review_ids.get((member, row.application.pk)),
            }
            for member, total in sorted(row.result.totals.items(), key=lambda item: -item[1])
        ]
    return render(
        request,
        "calls/ranking.html",
        {
            "title": _("Classement de l’appel « %(title)s »") % {"title": inner_quotes(call.title)},
            "call": call,
            "ranking": result,
            "breadcrumb_data": call_crumbs(_("Classement"), call, manage_crumb(call)),
        },
    )


# --- the laureates (coordinators) ---


def laureates_page(request, call: Call, *, form=None, status=200):
    decided = call.state != CallState.REVIEW
    context = {
        "title": _("Lauréats de l’appel « %(title)s »") % {"title": inner_quotes(call.title)},
        "call": call,
        "decided": decided,
        "breadcrumb_data": call_crumbs(_("Lauréats"), call, manage_crumb(call)),
    }
    if decided:
        applications = (
            Application.objects.filter(call=call, state__in=IN_REVIEW)
            .select_related("initiative", "organisation", "accompaniment")
            .order_by("initiative__title", "pk")
        )
        context["laureates"] = [a for a in applications if a.state == ApplicationState.LAUREATE]
        context["not_selected"] = [
            a for a in applications if a.state == ApplicationState.NOT_SELECTED
        ]
        context["others"] = [a for a in applications if a.state == ApplicationState.SUBMITTED]
        return render(request, "calls/laureates.html", context, status=status)
    proposal = selection_services.laureates_propose(call)
    rows = [r for r in proposal.ranking.rows if r.application.state == ApplicationState.SUBMITTED]
    if form is None:
        form = LaureatesForm(
            choices=[(r.application.pk, r.application.initiative.title) for r in rows],
            initial={"applications": proposal.laureates, "version": call.version},
        )
        ticked = set(proposal.laureates)
        typed = {}
    else:
        ticked = {int(v) for v in form.data.getlist("applications") if v.isdigit()}
        typed = {r.application.pk: form.data.get(form.amount_name(r.application.pk)) for r in rows}
    # Each row with the amount to show in its field: what was typed, else the request.
    entries = [
        (row, typed.get(row.application.pk) or row.application.requested_amount or "")
        for row in rows
    ]
    context.update(
        {
            "form": form,
            "errors": failure(form) if form.is_bound else [],
            "rows": rows,
            "entries": entries,
            "proposal": proposal,
            "proposed": set(proposal.laureates),
            "ticked": ticked,
            "proposed_amount": proposal.total_amount,
        }
    )
    return render(request, "calls/laureates.html", context, status=status)


@login_required
@FORM_METHODS
def laureates(request, pk):
    call = managed_call(request, pk)
    if request.method != "POST":
        return laureates_page(request, call)
    require(permissions.can_select_laureates(request.user, call))
    choices = [
        (a.pk, str(a.pk))
        for a in Application.objects.filter(call=call, state=ApplicationState.SUBMITTED)
    ]
    form = LaureatesForm(request.POST, choices=choices)
    decision, status = submit(
        form,
        lambda: selection_services.laureates_select(
            actor=request.user,
            call=call,
            application_ids=form.cleaned_data["applications"],
            version=form.cleaned_data["version"],
            starts_on=form.cleaned_data["starts_on"],
            amounts=form.cleaned_data["amounts"],
        ),
    )
    if decision is None:
        return laureates_page(request, call, form=form, status=status)
    messages.success(
        request,
        ngettext(
            "%(count)d lauréat est désigné ; chaque candidat est prévenu par courriel.",
            "%(count)d lauréats sont désignés ; chaque candidat est prévenu par courriel.",
            len(decision.laureates),
        )
        % {"count": len(decision.laureates)},
    )
    return redirect("calls:laureates", pk=call.pk)


urls = [
    path("<int:pk>/classement/", ranking, name="ranking"),
    path("<int:pk>/laureats/", laureates, name="laureates"),
]
