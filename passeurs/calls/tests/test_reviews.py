"""Scoring a review: ranges, completeness, who may write and when."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from passeurs.calls.models import CallLog, CallState, Review, Score
from passeurs.calls.services import jury as services
from passeurs.calls.tests.jury_factories import jury_call, score
from passeurs.core.exceptions import ConflictError

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury():
    return jury_call(applications=2, members=2, criteria=2, max_score=5)


@pytest.fixture
def review(jury):
    services.reviews_assign(actor=jury.coordinator, call=jury.call)
    return (
        Review.objects.filter(application__call=jury.call)
        .select_related("reviewer__user", "application__call")
        .first()
    )


def save(review, scores, *, submit=False, actor=None, comment="", version=None):
    return services.review_save(
        actor=actor or review.reviewer.user,
        review=review,
        scores=scores,
        comment=comment,
        submit=submit,
        version=review.version if version is None else version,
    )


def test_a_reviewer_saves_a_draft_then_submits(jury, review):
    first, second = jury.criteria

    save(review, {first.pk: (4, "Solide"), second.pk: (None, "")}, comment="À revoir")
    assert Score.objects.get(review=review).value == 4
    assert review.submitted_at is None

    save(review, {first.pk: (4, "Solide"), second.pk: (2, "Fragile")}, submit=True)

    review.refresh_from_db()
    assert review.submitted_at is not None
    assert dict(Score.objects.filter(review=review).values_list("criterion_id", "value")) == {
        first.pk: 4,
        second.pk: 2,
    }
    assert CallLog.objects.filter(kind="review_submit", application=review.application).exists()


def test_a_score_out_of_range_is_refused_and_nothing_is_stored(jury, review):
    first, second = jury.criteria

    with pytest.raises(ValidationError) as error:
        save(review, {first.pk: (6, ""), second.pk: (3, "")}, comment="Avis")

    assert f"score_{first.pk}" in error.value.message_dict
    assert "de 0 à 5" in error.value.message_dict[f"score_{first.pk}"][0]
    review.refresh_from_db()
    assert not Score.objects.filter(review=review).exists()
    assert review.comment == ""
    with pytest.raises(ValidationError):
        save(review, {first.pk: (-1, ""), second.pk: (3, "")})


def test_a_score_must_be_a_whole_number(jury, review):
    first, _second = jury.criteria
    with pytest.raises(ValidationError, match="nombre entier"):
        save(review, {first.pk: ("3,5", "")})


def test_submitting_with_a_criterion_missing_is_refused(jury, review):
    first, second = jury.criteria

    with pytest.raises(ValidationError) as error:
        save(review, {first.pk: (3, "")}, submit=True)

    assert f"score_{second.pk}" in error.value.message_dict
    review.refresh_from_db()
    assert review.submitted_at is None
    assert not Score.objects.filter(review=review).exists()


def test_a_criterion_of_another_call_is_refused(review):
    other = jury_call(applications=1, members=1)
    with pytest.raises(ValidationError, match="grille"):
        save(review, {other.criteria[0].pk: (3, "")})


def test_a_comment_without_a_score_is_pointed_out(jury, review):
    first, _second = jury.criteria
    with pytest.raises(ValidationError, match="Donnez une note"):
        save(review, {first.pk: (None, "Bon projet")})


def test_only_the_assigned_reviewer_writes(jury, review, stranger):
    other_member = jury.members[1] if review.reviewer == jury.members[0] else jury.members[0]
    for actor in (stranger, jury.coordinator, other_member.user):
        with pytest.raises(PermissionDenied):
            save(review, {jury.criteria[0].pk: (3, "")}, actor=actor)
    assert not Score.objects.filter(review=review).exists()


def test_a_submitted_review_is_read_only(jury, review):
    score(review, [3, 3])
    review.refresh_from_db()

    with pytest.raises(PermissionDenied, match="rendue"):
        save(review, {c.pk: (5, "") for c in jury.criteria}, submit=True)
    assert set(Score.objects.filter(review=review).values_list("value", flat=True)) == {3}


def test_reviews_are_closed_after_the_decision(jury, review):
    jury.call.state = CallState.DECIDED
    jury.call.save()
    review.refresh_from_db()

    with pytest.raises(PermissionDenied, match="closes"):
        save(review, {c.pk: (3, "") for c in jury.criteria})


def test_reviews_open_only_in_review(jury, review):
    jury.call.state = CallState.PUBLISHED
    jury.call.save()
    review.refresh_from_db()

    with pytest.raises(PermissionDenied):
        save(review, {c.pk: (3, "") for c in jury.criteria})


def test_a_stale_version_is_a_conflict(jury, review):
    save(review, {jury.criteria[0].pk: (2, "")})
    with pytest.raises(ConflictError):
        save(review, {jury.criteria[0].pk: (4, "")}, version=1)
    assert Score.objects.get(review=review).value == 2


class TestScoresInRange(HypothesisTestCase):
    """Any integer in 0..max is stored as given; any other is refused with nothing stored."""

    @settings(max_examples=25, deadline=None)
    @given(value=st.integers(min_value=-20, max_value=40), max_score=st.integers(1, 20))
    def test_the_range_is_exactly_zero_to_max(self, value, max_score):
        jury = jury_call(
            applications=1, members=1, criteria=1, per_application=1, max_score=max_score
        )
        services.reviews_assign(actor=jury.coordinator, call=jury.call)
        review = Review.objects.select_related("reviewer__user", "application__call").get(
            application__call=jury.call
        )
        criterion = jury.criteria[0]
        if 0 <= value <= max_score:
            save(review, {criterion.pk: (value, "")}, submit=True)
            assert Score.objects.get(review=review).value == value
        else:
            with pytest.raises(ValidationError):
                save(review, {criterion.pk: (value, "")}, submit=True)
            assert not Score.objects.filter(review=review).exists()
