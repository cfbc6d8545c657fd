"""Starting states for the jury tests: a call in review with its applications, grid and jury,
and reviews scored through the service."""

from dataclasses import dataclass

from passeurs.accounts.tests.factories import UserFactory
from passeurs.calls.models import Application, Call, Criterion, JuryMember, Review
from passeurs.calls.services import jury as jury_services
from passeurs.calls.tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    JuryMemberFactory,
)


@dataclass
class Jury:
    call: Call
    coordinator: object
    applications: list[Application]
    criteria: list[Criterion]
    members: list[JuryMember]


def jury_call(
    *, applications=6, members=4, criteria=2, per_application=2, max_score=5, **call_fields
) -> Jury:
    """A call in review with submitted applications (one organisation each), a grid of
    `criteria` criteria scored 0..max_score and a jury of `members` without conflicts."""
    coordinator = UserFactory(coordinator=True)
    call = CallFactory(
        review=True,
        coordinators=[coordinator],
        reviews_per_application=per_application,
        **call_fields,
    )
    grid = [
        CriterionFactory(call=call, position=i + 1, weight=i + 1, max_score=max_score)
        for i in range(criteria)
    ]
    apps = [ApplicationFactory(call=call, submitted=True) for _ in range(applications)]
    jury = [JuryMemberFactory(call=call) for _ in range(members)]
    return Jury(call, coordinator, apps, grid, jury)


def score(review: Review, values: list[int] | int, *, submit=True, comment="") -> Review:
    """Score a review through the service: one value per criterion (or the same for all)."""
    review.refresh_from_db()
    criteria = list(Criterion.objects.filter(call=review.application.call).order_by("position"))
    if isinstance(values, int):
        values = [values] * len(criteria)
    return jury_services.review_save(
        actor=review.reviewer.user,
        review=review,
        scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
        comment=comment,
        submit=submit,
        version=review.version,
    )


def assign_and_score(jury: Jury, value_of=lambda review: 3) -> list[Review]:
    """Assign the reviews, then submit every one with `value_of(review)` (int or list)."""
    jury_services.reviews_assign(actor=jury.coordinator, call=jury.call)
    reviews = list(
        Review.objects.filter(application__call=jury.call)
        .select_related("reviewer__user", "application__call")
        .order_by("pk")
    )
    for review in reviews:
        score(review, value_of(review))
    return reviews
