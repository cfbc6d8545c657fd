"""Every read of the calls app that pages, the API and other apps share."""

import datetime

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from passeurs.calls import eligibility, permissions
from passeurs.calls.models import (
    Answer,
    Application,
    ApplicationState,
    Call,
    CallState,
    Question,
)
from passeurs.calls.workflows import APPLICATION_RECEIVED

# What the public sees of a call's calendar (its state says where the coordinators are).
DRAFT, UPCOMING, OPEN, CLOSED = "draft", "upcoming", "open", "closed"


def call_phase(call: Call, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    if call.state == CallState.DRAFT:
        return DRAFT
    if call.state == CallState.PUBLISHED:
        if now < call.opens_at:
            return UPCOMING
        if now < call.closes_at:
            return OPEN
    return CLOSED


def _with_phase(queryset: QuerySet, now: datetime.datetime) -> QuerySet:
    published = Q(state=CallState.PUBLISHED)
    return (
        queryset.annotate(
            phase=Case(
                When(state=CallState.DRAFT, then=Value(DRAFT)),
                When(published & Q(opens_at__gt=now), then=Value(UPCOMING)),
                When(published & Q(closes_at__gt=now), then=Value(OPEN)),
                default=Value(CLOSED),
                output_field=CharField(),
            )
        )
        .annotate(
            phase_rank=Case(
                When(phase=OPEN, then=Value(0)),
                When(phase=UPCOMING, then=Value(1)),
                When(phase=CLOSED, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
            # Open calls closing soonest first, upcoming ones opening soonest, then the
            # most recently closed.
            soonest=Case(
                When(phase=OPEN, then=F("closes_at")),
                When(phase=UPCOMING, then=F("opens_at")),
            ),
            latest=Case(When(phase__in=[CLOSED, DRAFT], then=F("closes_at"))),
        )
        .order_by(
            "phase_rank",
            F("soonest").asc(nulls_last=True),
            F("latest").desc(nulls_last=True),
            "-id",
        )
    )


def call_list(*, user, filters: dict | None = None, now=None) -> QuerySet[Call]:
    """The calls the user may see, open ones first, matching cleaned filters (CallFilterForm):
    kind, phase (open, upcoming, closed) and challenge (calls open to every challenge too)."""
    filters = filters or {}
    now = now or timezone.now()
    queryset = _with_phase(Call.objects.visible_to(user), now)
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("phase"):
        queryset = queryset.filter(phase=filters["phase"])
    if filters.get("challenge"):
        queryset = queryset.filter(
            Q(challenges=filters["challenge"]) | Q(challenges=None)
        ).distinct()
    return queryset.select_related("organiser").prefetch_related("challenges")


def call_public_list(*, filters: dict | None = None, now=None) -> QuerySet[Call]:
    """The published calls (never a draft) for the API, with their rules and counts."""
    from django.contrib.auth.models import AnonymousUser

    return (
        call_list(user=AnonymousUser(), filters=filters, now=now)
        .prefetch_related("eligible_regions", "eligible_departments")
        .annotate(
            received_count=Count(
                "applications", filter=Q(applications__state__in=APPLICATION_RECEIVED)
            )
        )
    )


def call_get(*, user, pk) -> Call | None:
    """The call if the user may see it (drafts: their coordinators only)."""
    return (
        _with_phase(Call.objects.visible_to(user), timezone.now())
        .select_related("organiser")
        .filter(pk=pk)
        .first()
    )


def calls_coordinated_by(*, user) -> QuerySet[Call]:
    if not user.is_authenticated:
        return Call.objects.none()
    return _with_phase(Call.objects.filter(coordinators=user), timezone.now())


def questions_of(call: Call) -> list[Question]:
    return list(call.questions.order_by("position", "id"))


def has_submissions(call: Call) -> bool:
    """Whether anyone has submitted: the form and the rules are then frozen."""
    return call.applications.exclude(submitted_at=None).exists()


# Eligibility: the app's rows as the pure module's plain data.


def rules_of(call: Call) -> eligibility.Rules:
    return eligibility.Rules(
        kinds=tuple(call.eligible_kinds or ()),
        regions={r.code: r.name for r in call.eligible_regions.all()},
        departments={d.code: f"{d.name} ({d.code})" for d in call.eligible_departments.all()},
        challenges={c.slug: c.name for c in call.challenges.all()},
    )


def candidate_of(initiative) -> eligibility.Candidate:
    """Where the project acts: its own territories, else its organisation's."""
    organisation = initiative.organisation
    departments = list(initiative.departments.all())
    regions = {r.code for r in initiative.regions.all()}
    if not departments and not regions and organisation.department_id:
        departments = [organisation.department]
    if not regions and organisation.region_id:
        regions.add(organisation.region.code)
    regions |= {d.region.code for d in departments}
    return eligibility.Candidate(
        kind=organisation.kind,
        regions=frozenset(regions),
        departments=frozenset(d.code for d in departments),
        challenges=frozenset(c.slug for c in initiative.challenges.all()),
    )


def eligibility_reasons(call: Call, initiative, rules: eligibility.Rules | None = None) -> list:
    return eligibility.reasons(rules or rules_of(call), candidate_of(initiative))


# Applying.


def initiatives_for(*, user) -> QuerySet:
    """The initiatives the user may apply for: those of the organisations they belong to."""
    from passeurs.directory.models import Initiative

    if not user.is_authenticated:
        return Initiative.objects.none()
    return (
        Initiative.objects.filter(organisation__memberships__user=user)
        .select_related("organisation")
        .order_by("title", "id")
        .distinct()
    )


def application_get(*, user, pk) -> Application | None:
    """The application if the user may read it: its organisation's members; once it was
    submitted, the call's coordinators and the reviewers assigned to it."""
    application = (
        Application.objects.select_related(
            "call", "initiative__organisation", "organisation", "applicant"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not user.is_authenticated:
        return None
    if permissions.is_member_of(user, application.organisation_id):
        return application
    if application.submitted_at is not None and permissions.can_view_application(user, application):
        return application
    return None


def application_of(*, call: Call, initiative) -> Application | None:
    return Application.objects.filter(call=call, initiative=initiative).first()


def answers_of(application: Application) -> list[tuple[Question, Answer | None]]:
    """Each question of the call with its answer (None when unanswered), in order."""
    answers = {answer.question_id: answer for answer in application.answers.all()}
    return [(question, answers.get(question.pk)) for question in questions_of(application.call)]


def applications_of(*, user) -> QuerySet[Application]:
    """The applications of the organisations the user belongs to, latest first."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(organisation__memberships__user=user)
        .select_related("call", "initiative", "organisation")
        .order_by("-updated_at", "-id")
        .distinct()
    )


def applications_of_user_for(*, user, call: Call) -> list[Application]:
    if not user.is_authenticated:
        return []
    return list(applications_of(user=user).filter(call=call).select_related("initiative"))


def application_list(*, call: Call, filters: dict | None = None) -> QuerySet[Application]:
    """The applications a call's coordinators see: those submitted at least once (a draft is
    its applicant's own business), by submission date; filter `state`."""
    filters = filters or {}
    queryset = Application.objects.filter(call=call).exclude(submitted_at=None)
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    return (
        queryset.select_related(
            "initiative__organisation__region",
            "initiative__organisation__department__region",
            "organisation",
            "applicant",
        )
        .prefetch_related(
            "initiative__challenges", "initiative__regions", "initiative__departments__region"
        )
        .order_by("submitted_at", "id")
    )


def application_counts(call: Call) -> dict[str, int]:
    """How many applications are in each state (drafts included: a count names nobody)."""
    counts = dict.fromkeys(ApplicationState.values, 0)
    for row in call.applications.values("state").annotate(n=Count("id")).order_by():
        counts[row["state"]] = row["n"]
    return counts


def answer_file_get(*, user, pk) -> Answer | None:
    """An answer's file, for whoever may read the application; None for anybody else."""
    answer = (
        Answer.objects.select_related("application__call", "question")
        .filter(pk=pk)
        .exclude(file="")
        .first()
    )
    if answer is None or application_get(user=user, pk=answer.application_id) is None:
        return None
    return answer
