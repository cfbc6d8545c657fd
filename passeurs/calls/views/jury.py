"""The jury pages: the coordinators' jury and assignment, the reviewers' pages, the ranking,
the laureates and the accompaniment of each laureate.

Every form posts to its own URL, calls one service and comes back to the page; a refusal
shows the page again with its reason (403 for a refused permission, 409 for a stale version).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from passeurs.calls import jury_permissions as permissions
from passeurs.calls.forms.jury import (
    CapacityForm,
    CoachForm,
    ConflictForm,
    FinalReportForm,
    JuryMemberForm,
    LaureatesForm,
    MilestoneForm,
    ReviewForm,
)
from passeurs.calls.models import (
    Accompaniment,
    Answer,
    Application,
    ApplicationState,
    Call,
    CallState,
    Criterion,
    JuryMember,
    Milestone,
    MilestoneKind,
    Question,
    Review,
)
from passeurs.calls.permissions import can_manage_call
from passeurs.calls.ranking import IN_REVIEW, call_ranking
from passeurs.calls.services import accompaniment as accompaniment_services
from passeurs.calls.services import jury as jury_services
from passeurs.calls.services import selection as selection_services
from passeurs.core.pages import breadcrumbs, found, paginate, require, save_with
from passeurs.directory.models import Organisation

REVIEW_STATUS = {
    "submitted": (gettext_lazy("Rendue"), "fr-badge--success"),
    "started": (gettext_lazy("En cours"), "fr-badge--info"),
    "todo": (gettext_lazy("À faire"), "fr-badge--new"),
}
MILESTONE_STATUS = {
    "done": (gettext_lazy("Réalisé"), "fr-badge--success"),
    "late": (gettext_lazy("En retard"), "fr-badge--warning"),
    "upcoming": (gettext_lazy("À venir"), "fr-badge--info"),
}


# --- shared ---


def _url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a page of the calls' other part, not there yet
        return None


def _crumbs(current, call: Call | None = None, *more) -> dict:
    links = []
    list_url = _url_or_none("calls:list")
    if list_url:
        links.append((_("Appels à projets"), list_url))
    if call is not None:
        detail = _url_or_none("calls:detail", call.pk)
        if detail:
            links.append((call.title, detail))
    return breadcrumbs(current, *links, *more)


def _call_for_coordinator(request, pk) -> Call:
    call = found(Call.objects.visible_to(request.user).filter(pk=pk).first())
    require(can_manage_call(request.user, call))
    return call


def _organisations_of(call: Call):
    """The structures that applied to the call: those a jury member may be in conflict with."""
    return Organisation.objects.filter(
        pk__in=Application.objects.filter(call=call, state__in=IN_REVIEW).values("organisation")
    ).order_by("name", "pk")


def _failure(form) -> list[str]:
    """Every error of a refused form, for the alert on top of the page."""
    if form is None:
        return []
    errors = list(form.non_field_errors())
    for field in form:
        errors += [f"{field.label} : {error}" for error in field.errors]
    return errors


# --- the jury page (coordinators) ---


def jury_page(request, call: Call, *, failed=None, reasons=(), status=200):
    members = list(
        JuryMember.objects.filter(call=call)
        .select_related("user")
        .prefetch_related(Prefetch("conflicts", queryset=Organisation.objects.order_by("name")))
        .order_by("user__last_name", "user__first_name", "pk")
    )
    loads = jury_services.jury_loads(call)
    organisations = _organisations_of(call)
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
            "title": _("Jury de l’appel « %(title)s »") % {"title": call.title},
            "call": call,
            "rows": rows,
            "add_form": failed if isinstance(failed, JuryMemberForm) else JuryMemberForm(),
            "errors": _failure(failed),
            "reasons": reasons,
            "can_manage": open_,
            "can_assign": call.state == CallState.REVIEW,
            "min_load": min(assigned, default=0),
            "max_load": max(assigned, default=0),
            "total_reviews": sum(assigned),
            "page_obj": applications,
            "breadcrumb_data": _crumbs(_("Jury"), call),
        },
        status=status,
    )


def _back_to_jury(request, call, message, level=messages.SUCCESS):
    messages.add_message(request, level, message)
    return redirect("calls:jury", pk=call.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def jury(request, pk):
    return jury_page(request, _call_for_coordinator(request, pk))


@login_required
@require_POST
def jury_member_add(request, pk):
    call = _call_for_coordinator(request, pk)
    form = JuryMemberForm(request.POST)
    saved, status = None, 200
    if form.is_valid():
        saved, status = save_with(
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
    call = _call_for_coordinator(request, pk)
    member = _member_of(call, member_pk)
    form = CapacityForm(request.POST, prefix=f"capacity-{member.pk}")
    saved, status = None, 200
    if form.is_valid():
        saved, status = save_with(
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
    call = _call_for_coordinator(request, pk)
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
    call = _call_for_coordinator(request, pk)
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
        request.POST, organisations=_organisations_of(member.call), prefix=f"conflict-{member.pk}"
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
        errors = " ".join(_failure(form))
        return _after_conflict(request, member, errors, messages.ERROR)
    message = _("Le conflit d’intérêts avec « %(name)s » est enregistré.") % {
        "name": result.organisation.name
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
        return _after_conflict(request, member, " ".join(_failure(form)), messages.ERROR)
    return _after_conflict(
        request,
        member,
        _("Le conflit d’intérêts avec « %(name)s » est levé.") % {"name": organisation.name},
    )


# --- the reviewers' pages ---


@login_required
@require_http_methods(["GET", "HEAD"])
def reviews_mine(request):
    reviews = (
        Review.objects.filter(reviewer__user=request.user, application__state__in=IN_REVIEW)
        .select_related("application__call", "application__initiative", "application__organisation")
        .annotate(score_count=Count("scores"))
        .order_by(
            F("submitted_at").asc(nulls_first=True),
            "-application__call__closes_at",
            "application__initiative__title",
        )
    )
    page = paginate(request, reviews)
    for review in page.object_list:
        review.status_label, review.status_badge = REVIEW_STATUS[
            jury_services.review_status(review)
        ]
    memberships = []
    for member in (
        JuryMember.objects.filter(user=request.user)
        .select_related("call")
        .prefetch_related(Prefetch("conflicts", queryset=Organisation.objects.order_by("name")))
        .order_by("-call__closes_at", "pk")
    ):
        open_ = member.call.state in permissions.JURY_OPEN_STATES
        memberships.append(
            {
                "member": member,
                "form": ConflictForm(
                    organisations=_organisations_of(member.call), prefix=f"conflict-{member.pk}"
                )
                if open_
                else None,
            }
        )
    counts = Review.objects.filter(
        reviewer__user=request.user, application__state__in=IN_REVIEW
    ).aggregate(total=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False)))
    return render(
        request,
        "calls/review_list.html",
        {
            "title": _("Mes évaluations"),
            "page_obj": page,
            "memberships": memberships,
            "counts": counts,
            "breadcrumb_data": _crumbs(_("Mes évaluations")),
        },
    )


def _review_for(request, pk) -> Review:
    review = found(
        permissions.reviews_visible_to(request.user)
        .filter(pk=pk)
        .select_related(
            "application__call",
            "application__initiative",
            "application__organisation",
            "reviewer__user",
        )
        .first()
    )
    require(permissions.can_read_review(request.user, review))
    return review


def _answers(application: Application) -> list[dict]:
    """Every question of the call with the application's answer (None when unanswered)."""
    answers = {a.question_id: a for a in Answer.objects.filter(application=application)}
    rows = []
    for question in Question.objects.filter(call_id=application.call_id).order_by("position"):
        answer = answers.get(question.pk)
        file_url = None
        if answer is not None and answer.file:
            file_url = _url_or_none("calls:answer_file", answer.pk)
        rows.append({"question": question, "answer": answer, "file_url": file_url})
    return rows


def review_page(request, review: Review, *, form=None, status=200):
    application = review.application
    call = application.call
    criteria = list(Criterion.objects.filter(call=call).order_by("position", "pk"))
    writable = permissions.can_write_review(request.user, review)
    if writable and form is None:
        form = ReviewForm(criteria=criteria, review=review)
    scores = {s.criterion_id: s for s in review.scores.all()}
    is_reviewer = review.reviewer.user_id == request.user.pk
    crumbs = (
        _crumbs(_("Évaluation"), None, (_("Mes évaluations"), reverse("calls:reviews_mine")))
        if is_reviewer
        else _crumbs(
            _("Évaluation"), call, (_("Classement"), reverse("calls:ranking", args=[call.pk]))
        )
    )
    return render(
        request,
        "calls/review.html",
        {
            "title": _("Évaluation de « %(title)s »") % {"title": application.initiative.title},
            "review": review,
            "application": application,
            "call": call,
            "answers": _answers(application),
            "grid": [(c, scores.get(c.pk)) for c in criteria],
            "form": form if writable else None,
            "closed_reason": "" if writable else writable.reason,
            "is_reviewer": is_reviewer,
            "breadcrumb_data": crumbs,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review(request, pk):
    review = _review_for(request, pk)
    if request.method != "POST":
        return review_page(request, review)
    require(permissions.can_write_review(request.user, review))
    criteria = list(
        Criterion.objects.filter(call_id=review.application.call_id).order_by("position")
    )
    form = ReviewForm(request.POST, criteria=criteria, review=review)
    submit = request.POST.get("action") == "submit"
    saved, status = None, 200
    if form.is_valid():
        saved, status = save_with(
            form,
            lambda: jury_services.review_save(
                actor=request.user,
                review=review,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                submit=submit,
                version=form.cleaned_data["version"],
            ),
        )
    if saved is None:
        return review_page(request, _review_for(request, pk), form=form, status=status)
    if submit:
        messages.success(request, _("Votre évaluation est rendue. Merci !"))
        return redirect("calls:reviews_mine")
    messages.success(request, _("Le brouillon de votre évaluation est enregistré."))
    return redirect("calls:review", pk=review.pk)


# --- the ranking (coordinators) ---


def _flag(value: str | None) -> bool | None:
    if value in ("1", "oui"):
        return True
    if value in ("0", "non"):
        return False
    return None


@login_required
@require_http_methods(["GET", "HEAD"])
def ranking(request, pk):
    call = _call_for_coordinator(request, pk)
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
            "title": _("Classement de l’appel « %(title)s »") % {"title": call.title},
            "call": call,
            "ranking": result,
            "breadcrumb_data": _crumbs(_("Classement"), call),
        },
    )


# --- the laureates (coordinators) ---


def laureates_page(request, call: Call, *, form=None, status=200):
    decided = call.state != CallState.REVIEW
    context = {
        "title": _("Lauréats de l’appel « %(title)s »") % {"title": call.title},
        "call": call,
        "decided": decided,
        "breadcrumb_data": _crumbs(_("Lauréats"), call),
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
    else:
        ticked = {int(v) for v in form.data.getlist("applications") if v.isdigit()}
    context.update(
        {
            "form": form,
            "errors": _failure(form) if form.is_bound else [],
            "rows": rows,
            "proposal": proposal,
            "proposed": set(proposal.laureates),
            "ticked": ticked,
            "proposed_amount": proposal.total_amount,
        }
    )
    return render(request, "calls/laureates.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def laureates(request, pk):
    call = _call_for_coordinator(request, pk)
    if request.method != "POST":
        return laureates_page(request, call)
    require(permissions.can_select_laureates(request.user, call))
    choices = [
        (a.pk, str(a.pk))
        for a in Application.objects.filter(call=call, state=ApplicationState.SUBMITTED)
    ]
    form = LaureatesForm(request.POST, choices=choices)
    decision, status = None, 200
    if form.is_valid():
        decision, status = save_with(
            form,
            lambda: selection_services.laureates_select(
                actor=request.user,
                call=call,
                application_ids=form.cleaned_data["applications"],
                version=form.cleaned_data["version"],
                starts_on=form.cleaned_data["starts_on"],
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


# --- accompaniment ---


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
@require_http_methods(["GET", "HEAD"])
def accompaniments(request, pk):
    call = _call_for_coordinator(request, pk)
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
            "title": _("Accompagnement des lauréats de « %(title)s »") % {"title": call.title},
            "call": call,
            "page_obj": page,
            "breadcrumb_data": _crumbs(_("Accompagnements"), call),
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
            % {"title": accompaniment.application.initiative.title},
            "accompaniment": accompaniment,
            "application": accompaniment.application,
            "call": call,
            "roles": roles,
            "milestones": milestones,
            "coaches": list(accompaniment.coaches.order_by("last_name", "first_name")),
            "report_form": report_form,
            "coach_form": coach_form,
            "errors": _failure(failed[1]) if failed else [],
            "breadcrumb_data": _crumbs(_("Accompagnement"), call, *more),
        },
        status=status,
    )


def _back_to_accompaniment(request, accompaniment, message):
    messages.success(request, message)
    return redirect("calls:accompaniment", pk=accompaniment.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
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
    saved, status = None, 200
    if form.is_valid():
        saved, status = save_with(
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
        request, accompaniment, _("L’étape « %(title)s » est enregistrée.") % {"title": saved.title}
    )


@login_required
@require_POST
def final_report(request, pk):
    accompaniment = _accompaniment_for(request, pk)
    form = FinalReportForm(request.POST)
    saved, status = None, 200
    if form.is_valid():
        saved, status = save_with(
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
    saved, status = None, 200
    if form.is_valid():
        saved, status = save_with(
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
    path("evaluations/", reviews_mine, name="reviews_mine"),
    path("evaluations/<int:pk>/", review, name="review"),
    path("<int:pk>/classement/", ranking, name="ranking"),
    path("<int:pk>/laureats/", laureates, name="laureates"),
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
