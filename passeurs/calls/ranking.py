"""The calls rows adapted into the jury solver's plain data (matching/reviews/) and back.

Every function here reads in a fixed number of queries, whatever the number of applications.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passeurs.calls.models import (
    Application,
    ApplicationState,
    Call,
    Criterion,
    JuryMember,
    Review,
    Score,
)
from passeurs.directory.models import Membership
from passeurs.matching import reviews as solver

# The applications that were submitted: still in the running, or already decided.
IN_REVIEW = (ApplicationState.SUBMITTED, ApplicationState.LAUREATE, ApplicationState.NOT_SELECTED)
# How many infeasibility reasons a page lists before "and N more".
REASONS_SHOWN = 8


# --- assignment ---


@dataclass
class AssignmentInput:
    """What `assign_reviews` reads, with the rows to name things back in French."""

    applications: list[solver.Application]
    reviewers: list[solver.Reviewer]
    conflicts: set[tuple[int, int]]
    existing: set[tuple[int, int]]
    conflicted_reviews: list[Review]
    titles: dict[int, str]
    names: dict[int, str]


def assignment_input(call: Call) -> AssignmentInput:
    """Submitted applications, the jury with capacities, declared conflicts plus each member's
    own organisations, and the reviews already made (a conflicted one is set apart: it must be
    withdrawn before assigning)."""
    applications = list(
        Application.objects.filter(call=call, state=ApplicationState.SUBMITTED)
        .select_related("initiative")
        .order_by("pk")
    )
    members = list(JuryMember.objects.filter(call=call).select_related("user").order_by("pk"))
    conflicts: set[tuple[int, int]] = set(
        JuryMember.conflicts.through.objects.filter(jurymember__call=call).values_list(
            "jurymember_id", "organisation_id"
        )
    )
    member_of_user = {m.user_id: m.pk for m in members}
    conflicts |= {
        (member_of_user[user_id], organisation_id)
        for user_id, organisation_id in Membership.objects.filter(
            user__in=member_of_user
        ).values_list("user_id", "organisation_id")
    }
    org_of = {a.pk: a.organisation_id for a in applications}
    existing, conflicted = set(), []
    for review in Review.objects.filter(application__in=org_of, reviewer__call=call):
        if (review.reviewer_id, org_of[review.application_id]) in conflicts:
            conflicted.append(review)
        else:
            existing.add((review.reviewer_id, review.application_id))
    return AssignmentInput(
        applications=[solver.Application(a.pk, a.organisation_id) for a in applications],
        reviewers=[solver.Reviewer(m.pk, m.capacity) for m in members],
        conflicts=conflicts,
        existing=existing,
        conflicted_reviews=conflicted,
        titles={a.pk: a.initiative.title for a in applications},
        names={m.pk: m.user.get_full_name() or m.user.email for m in members},
    )


def shortage_messages(reasons: Iterable[solver.Shortage], data: AssignmentInput) -> list[str]:
    """The solver's reasons in words a coordinator can act upon."""
    messages = []
    for reason in reasons:
        if reason.kind == solver.ShortageKind.TOO_FEW_ELIGIBLE:
            application = reason.applications[0]
            # In totals, reviews already made included: what the coordinator sees.
            have = sum(1 for _r, a in data.existing if a == application)
            available = have + reason.available
            messages.append(
                ngettext(
                    "La candidature « %(title)s » n’a que %(available)d évaluateur possible "
                    "sans conflit ; il en faut %(needed)d.",
                    "La candidature « %(title)s » n’a que %(available)d évaluateurs possibles "
                    "sans conflit ; il en faut %(needed)d.",
                    available,
                )
                % {
                    "title": data.titles.get(application, "?"),
                    "available": available,
                    "needed": have + reason.needed,
                }
            )
        else:
            titles = [data.titles.get(a, "?") for a in reason.applications]
            shown = ", ".join(f"« {t} »" for t in titles[:5])
            if len(titles) > 5:
                rest = len(titles) - 5
                shown += " " + ngettext("et %(count)d autre", "et %(count)d autres", rest) % {
                    "count": rest
                }
            full = ", ".join(data.names.get(r, "?") for r in reason.reviewers)
            messages.append(
                _(
                    "Les candidatures %(titles)s ont besoin de %(needed)d évaluations de plus, "
                    "mais les membres du jury qui peuvent les lire n’en prennent que "
                    "%(available)d (%(full)s) : augmentez leur capacité, ajoutez un membre ou "
                    "levez un conflit."
                )
                % {
                    "titles": shown,
                    "needed": reason.needed,
                    "available": reason.available,
                    "full": full or _("aucun"),
                }
            )
    if len(messages) > REASONS_SHOWN:
        rest = len(messages) - REASONS_SHOWN
        more = ngettext(
            "Et %(count)d autre candidature dans le même cas.",
            "Et %(count)d autres candidatures dans le même cas.",
            rest,
        ) % {"count": rest}
        messages = [*messages[:REASONS_SHOWN], more]
    return messages


# --- ranking ---


@dataclass
class RankedRow:
    """One line of the ranking page: the application and its solver result."""

    application: Application
    result: solver.ApplicationScore
    criteria: list[tuple[Criterion, solver.CriterionScore | None]]


@dataclass
class CallRanking:
    criteria: list[Criterion]
    ranked: list[RankedRow] = field(default_factory=list)
    incomplete: list[RankedRow] = field(default_factory=list)
    normalised: bool = False
    threshold: float = 25.0
    skipped_reviews: int = 0
    solver_ranking: solver.Ranking | None = None

    @property
    def rows(self) -> list[RankedRow]:
        return self.ranked + self.incomplete


def solver_criteria(criteria: Iterable[Criterion]) -> list[solver.Criterion]:
    return [solver.Criterion(c.pk, float(c.weight), 0.0, float(c.max_score)) for c in criteria]


def submitted_reviews(call: Call, criteria: list[Criterion]) -> tuple[list[solver.Review], int]:
    """The submitted reviews of the call's applications as solver reviews (one query), and how
    many were left out because they do not score exactly the current grid (a criterion added
    or removed after they were given)."""
    wanted = {c.pk for c in criteria}
    scores: dict[tuple[int, int], dict[int, float]] = {}
    rows = (
        Score.objects.filter(
            review__application__call=call,
            review__application__state__in=IN_REVIEW,
            review__submitted_at__isnull=False,
        )
        .values_list("review__reviewer_id", "review__application_id", "criterion_id", "value")
        .order_by("review__application_id", "review__reviewer_id", "criterion_id")
    )
    for reviewer, application, criterion, value in rows:
        scores.setdefault((reviewer, application), {})[criterion] = float(value)
    reviews, skipped = [], 0
    for (reviewer, application), values in scores.items():
        if set(values) != wanted:
            skipped += 1
            continue
        reviews.append(solver.Review(reviewer, application, values))
    return reviews, skipped


def call_ranking(call: Call, *, normalise: bool | None = None) -> CallRanking:
    """Rank the submitted applications of a call on its submitted reviews (4 queries)."""
    criteria = list(Criterion.objects.filter(call=call).order_by("position", "pk"))
    normalise = call.normalise_scores if normalise is None else normalise
    result = CallRanking(criteria=criteria, normalised=normalise)
    if not criteria:
        return result
    applications = {
        a.pk: a
        for a in Application.objects.filter(call=call, state__in=IN_REVIEW).select_related(
            "initiative", "organisation"
        )
    }
    reviews, result.skipped_reviews = submitted_reviews(call, criteria)
    ranking = solver.rank_applications(
        reviews,
        solver_criteria(criteria),
        required=max(call.reviews_per_application, 1),
        normalise=normalise,
        applications=list(applications),
    )
    result.solver_ranking = ranking
    result.threshold = ranking.threshold

    def row(entry: solver.ApplicationScore) -> RankedRow:
        details = [(c, entry.criteria.get(c.pk)) for c in criteria]
        return RankedRow(applications[entry.application], entry, details)

    result.ranked = [row(e) for e in ranking.ranked]
    result.incomplete = [row(e) for e in ranking.incomplete]
    return result
