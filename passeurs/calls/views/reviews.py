"""The reviewers' pages: their reviews and juries, and the review of one application
(read by the coordinators from the ranking)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passeurs.calls import jury_permissions as permissions
from passeurs.calls.forms.jury import ConflictForm, ReviewForm
from passeurs.calls.models import Answer, Application, Criterion, JuryMember, Question, Review
from passeurs.calls.ranking import IN_REVIEW
from passeurs.calls.services import jury as jury_services
from passeurs.calls.views.common import FORM_METHODS, READ, call_crumbs, organisations_of
from passeurs.core.pages import found, paginate, require, submit
from passeurs.core.text import inner_quotes
from passeurs.directory.models import Organisation

REVIEW_STATUS = {
    "submitted": (gettext_lazy("Rendue"), "fr-badge--success"),
    "started": (gettext_lazy("En cours"), "fr-badge--info"),
    "todo": (gettext_lazy("À faire"), "fr-badge--new"),
}


@login_required
@READ
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
                    organisations=organisations_of(member.call), prefix=f"conflict-{member.pk}"
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
            "breadcrumb_data": call_crumbs(_("Mes évaluations")),
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
            file_url = reverse("calls:answer_file", args=[answer.pk])
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
        call_crumbs(_("Évaluation"), None, (_("Mes évaluations"), reverse("calls:reviews_mine")))
        if is_reviewer
        else call_crumbs(
            _("Évaluation"), call, (_("Classement"), reverse("calls:ranking", args=[call.pk]))
        )
    )
    return render(
        request,
        "calls/review.html",
        {
            "title": _("Évaluation de « %(title)s »")
            % {"title": inner_quotes(application.initiative.title)},
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
@FORM_METHODS
def review(request, pk):
    review = _review_for(request, pk)
    if request.method != "POST":
        return review_page(request, review)
    require(permissions.can_write_review(request.user, review))
    criteria = list(
        Criterion.objects.filter(call_id=review.application.call_id).order_by("position")
    )
    form = ReviewForm(request.POST, criteria=criteria, review=review)
    final = request.POST.get("action") == "submit"
    saved, status = submit(
        form,
        lambda: jury_services.review_save(
            actor=request.user,
            review=review,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            submit=final,
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        return review_page(request, _review_for(request, pk), form=form, status=status)
    if final:
        messages.success(request, _("Votre évaluation est rendue. Merci !"))
        return redirect("calls:reviews_mine")
    messages.success(request, _("Le brouillon de votre évaluation est enregistré."))
    return redirect("calls:review", pk=review.pk)


urls = [
    path("evaluations/", reviews_mine, name="reviews_mine"),
    path("evaluations/<int:pk>/", review, name="review"),
]
