"""The coordinators' jury page: its members and their capacity, the conflicts of interest
(declared there or by a member on their own page), and the assignment of the reviews.

Every form posts to its own URL, calls one service and comes back to the page; a refusal
shows the page again with its reason (403 for a refused permission, 409 for a stale version).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from passeurs.calls import jury_permissions as permissions
from passeurs.calls.forms.jury import CapacityForm, ConflictForm, JuryMemberForm
from passeurs.calls.models import Application, Call, CallState, JuryMember, Review
from passeurs.calls.ranking import IN_REVIEW
from passeurs.calls.services import jury as jury_services
from passeurs.calls.views.common import (
    READ,
    call_crumbs,
    failure,
    manage_crumb,
    managed_call,
    organisations_of,
)
from passeurs.core.pages import found, paginate, require, save_with, submit
from passeurs.core.text import inner_quotes
from passeurs.directory.models import Organisation


def jury_page(request, call: Call, *, failed=None, reasons=(), status=200):
    members = list(
        JuryMember.objects.filter(call=call)
        .select_related("user")
        .prefetch_related(Prefetch("conflicts", queryset=Organisation.objects.order_by("name")))
        .order_by("user__last_name", "user__first_name", "pk")
    )
    loads = jury_services.jury_loads(call)
    organisations = organisations_of(call)
    open_ = call.state in permissions.JURY_OPEN_STATES
    rows = [
        {
            "member": member,
            "assigned": loads.get(member.pk, (0, 0))[0],
            "submitted": loads.get(member.pk, (0, 0))[1],
            "capacity_form": CapacityForm(
                initial={"capacity": member.capacity}, prefix=f"capacity-{member.pk}"
            ),
            "conflict_form": ConflictForm(
                organisations=organisations,
                label=_("Conflit d’intérêts de %(name)s avec…")
                % {"name": member.user.get_full_name() or member.user.email},
                prefix=f"conflict-{member.pk}",
            )
            if open_
            else None,
        }
        for member in members
    ]
    assigned = [row["assigned"] for row in rows]
    applications = paginate(
        request,
        Application.objects.filter(call=call, state__in=IN_REVIEW)
        .select_related("initiative", "organisation")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("reviewer__user").order_by("reviewer_id"),
            )
        )
        .order_by("initiative__title", "pk"),
    )
    return render(
        request,
        "calls/jury.html",
        {
            "title": _("Jury de l’appel « %(title)s »") % {"title": inner_quotes(call.title)},
            "call": call,
            "rows": rows,
            "add_form": failed if isinstance(failed, JuryMemberForm) else JuryMemberForm(),
            "errors": failure(failed),
            "reasons": reasons,
            "can_manage": open_,
            "can_assign": call.state == CallState.REVIEW,
            "min_load": min(assigned, default=0),
            "max_load": max(assigned, default=0),
            "total_reviews": sum(assigned),
            "page_obj": applications,
            "breadcrumb_data": call_crumbs(_("Jury"), call, manage_crumb(call)),
        },
        status=status,
    )


def _back_to_jury(request, call, message, level=messages.SUCCESS):
    messages.add_message(request, level, message)
    return redirect("calls:jury", pk=call.pk)


@login_required
@READ
def jury(request, pk):
    return jury_page(request, managed_call(request, pk))


@login_required
@require_POST
def jury_member_add(request, pk):
    call = managed_call(request, pk)
    form = JuryMemberForm(request.POST)
    saved, status = submit(
        form,
        lambda: jury_services.jury_member_add(
            actor=request.user,
            call=call,
            user=form.user,
            capacity=form.cleaned_data["capacity"],
        ),
    )
    if saved is None:
        return jury_page(request, call, failed=form, status=status)
    name = saved.user.get_full_name() or saved.user.email
    return _back_to_jury(request, call, _("%(name)s fait partie du jury.") % {"name": name})


def _member_of(call, member_pk) -> JuryMember:
    return found(JuryMember.objects.filter(call=call, pk=member_pk).select_related("user").first())


@login_required
@require_POST
def jury_member_update(request, pk, member_pk):
    call = managed_call(request, pk)
    member = _member_of(call, member_pk)
    form = CapacityForm(request.POST, prefix=f"capacity-{member.pk}")
    saved, status = submit(
        form,
        lambda: jury_services.jury_member_update(
            actor=request.user, member=member, capacity=form.cleaned_data["capacity"]
        ),
    )
    if saved is None:
        return jury_page(request, call, failed=form, status=status)
    return _back_to_jury(request, call, _("La capacité a été enregistrée."))


@login_required
@require_POST
def jury_member_remove(request, pk, member_pk):
    call = managed_call(request, pk)
    member = _member_of(call, member_pk)
    form = CapacityForm({})
    done, status = None, 200
    done, status = save_with(
        form,
        lambda: jury_services.jury_member_remove(actor=request.user, member=member) or True,
    )
    if done is None:
        return jury_page(request, call, failed=form, status=status)
    name = member.user.get_full_name() or member.user.email
    return _back_to_jury(request, call, _("%(name)s ne fait plus partie du jury.") % {"name": name})


@login_required
@require_POST
def reviews_assign(request, pk):
    call = managed_call(request, pk)
    form = CapacityForm({})
    result, status = save_with(
        form, lambda: jury_services.reviews_assign(actor=request.user, call=call)
    )
    if result is None:
        reasons = list(form.non_field_errors())
        return jury_page(request, call, reasons=reasons, status=status)
    if not result.created:
        message = _(
            "Chaque candidature a déjà ses évaluateurs : aucune évaluation n’a été ajoutée."
        )
    else:
        message = ngettext(
            "%(count)d évaluation a été confiée.",
            "%(count)d évaluations ont été confiées.",
            result.created,
        ) % {"count": result.created}
        message += " " + _("Chaque membre lit de %(min)d à %(max)d candidatures.") % {
            "min": result.min_load,
            "max": result.max_load,
        }
    if result.withdrawn:
        message += " " + ngettext(
            "%(count)d évaluation en conflit d’intérêts a été retirée.",
            "%(count)d évaluations en conflit d’intérêts ont été retirées.",
            result.withdrawn,
        ) % {"count": result.withdrawn}
    return _back_to_jury(request, call, message)


# --- conflicts: the coordinators on the jury page, a member on their own page ---


def _member_for_conflict(request, member_pk) -> JuryMember:
    member = found(
        JuryMember.objects.filter(pk=member_pk)
        .filter(Q(user=request.user) | Q(call__coordinators=request.user))
        .select_related("user", "call")
        .first()
        if request.user.is_authenticated
        else None
    )
    return member


def _after_conflict(request, member, message, level=messages.SUCCESS):
    messages.add_message(request, level, message)
    if member.user_id == request.user.pk:
        return redirect("calls:reviews_mine")
    return redirect("calls:jury", pk=member.call_id)


@login_required
@require_POST
def conflict_declare(request, member_pk):
    member = _member_for_conflict(request, member_pk)
    require(permissions.can_declare_conflict(request.user, member))
    form = ConflictForm(
        request.POST, organisations=organisations_of(member.call), prefix=f"conflict-{member.pk}"
    )
    result = None
    if form.is_valid():
        result, _status = save_with(
            form,
            lambda: jury_services.conflict_declare(
                actor=request.user, member=member, organisation=form.cleaned_data["organisation"]
            ),
        )
    if result is None:
        errors = " ".join(failure(form))
        return _after_conflict(request, member, errors, messages.ERROR)
    message = _("Le conflit d’intérêts avec « %(name)s » est enregistré.") % {
        "name": inner_quotes(result.organisation.name)
    }
    if result.withdrawn:
        message += " " + ngettext(
            "%(count)d évaluation de ses candidatures a été retirée : relancez la répartition.",
            "%(count)d évaluations de ses candidatures ont été retirées : relancez la répartition.",
            result.withdrawn,
        ) % {"count": result.withdrawn}
    return _after_conflict(request, member, message)


@login_required
@require_POST
def conflict_lift(request, member_pk, organisation_pk):
    member = _member_for_conflict(request, member_pk)
    organisation = found(member.conflicts.filter(pk=organisation_pk).first())
    require(permissions.can_declare_conflict(request.user, member))
    form = CapacityForm({})
    done, _status = save_with(
        form,
        lambda: (
            jury_services.conflict_lift(
                actor=request.user, member=member, organisation=organisation
            )
            or True
        ),
    )
    if done is None:
        return _after_conflict(request, member, " ".join(failure(form)), messages.ERROR)
    return _after_conflict(
        request,
        member,
        _("Le conflit d’intérêts avec « %(name)s » est levé.")
        % {"name": inner_quotes(organisation.name)},
    )


urls = [
    path("<int:pk>/jury/", jury, name="jury"),
    path("<int:pk>/jury/membres/", jury_member_add, name="jury_member_add"),
    path(
        "<int:pk>/jury/membres/<int:member_pk>/capacite/",
        jury_member_update,
        name="jury_member_update",
    ),
    path(
        "<int:pk>/jury/membres/<int:member_pk>/retirer/",
        jury_member_remove,
        name="jury_member_remove",
    ),
    path("<int:pk>/jury/repartir/", reviews_assign, name="reviews_assign"),
    path("jury/membres/<int:member_pk>/conflits/", conflict_declare, name="conflict_declare"),
    path(
        "jury/membres/<int:member_pk>/conflits/<int:organisation_pk>/lever/",
        conflict_lift,
        name="conflict_lift",
    ),
]
