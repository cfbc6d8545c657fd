"""The jury: members, conflicts of interest and the assignment of reviews."""

from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from passeurs.accounts.tests.factories import UserFactory
from passeurs.calls.models import CallLog, CallState, JuryMember, Review
from passeurs.calls.services import jury as services
from passeurs.calls.tests.factories import ApplicationFactory, JuryMemberFactory
from passeurs.calls.tests.jury_factories import jury_call, score
from passeurs.directory.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def pairs(call) -> set[tuple[int, int]]:
    return set(
        Review.objects.filter(application__call=call).values_list("reviewer_id", "application_id")
    )


# Members


def test_a_coordinator_adds_a_member_with_a_capacity():
    jury = jury_call(members=0)
    user = UserFactory()

    member = services.jury_member_add(actor=jury.coordinator, call=jury.call, user=user, capacity=4)

    assert member.capacity == 4
    assert CallLog.objects.filter(call=jury.call, kind="jury_member_add").exists()


def test_a_person_is_added_to_a_jury_only_once():
    jury = jury_call(members=1)

    with pytest.raises(ValidationError, match="fait déjà partie du jury"):
        services.jury_member_add(actor=jury.coordinator, call=jury.call, user=jury.members[0].user)


def test_someone_who_does_not_coordinate_the_call_cannot_add_a_member(stranger):
    jury = jury_call(members=0)

    with pytest.raises(PermissionDenied):
        services.jury_member_add(actor=stranger, call=jury.call, user=UserFactory())
    assert not JuryMember.objects.filter(call=jury.call).exists()


def test_a_member_who_gave_a_review_cannot_leave_the_jury():
    jury = jury_call(applications=2, members=2)
    services.reviews_assign(actor=jury.coordinator, call=jury.call)
    review = Review.objects.filter(application__call=jury.call).first()
    score(review, 3)

    with pytest.raises(ValidationError, match="déjà rendu des évaluations"):
        services.jury_member_remove(actor=jury.coordinator, member=review.reviewer)
    assert JuryMember.objects.filter(pk=review.reviewer_id).exists()


def test_removing_a_member_takes_back_their_unsubmitted_reviews():
    jury = jury_call(applications=2, members=3)
    services.reviews_assign(actor=jury.coordinator, call=jury.call)
    member = Review.objects.filter(application__call=jury.call).first().reviewer

    services.jury_member_remove(actor=jury.coordinator, member=member)

    assert not Review.objects.filter(reviewer_id=member.pk).exists()


def test_the_jury_does_not_change_after_the_decision():
    jury = jury_call(members=0)
    jury.call.state = CallState.DECIDED
    jury.call.save()

    with pytest.raises(PermissionDenied):
        services.jury_member_add(actor=jury.coordinator, call=jury.call, user=UserFactory())


# Assignment


def test_every_application_gets_its_reviewers_with_an_even_load():
    jury = jury_call(applications=6, members=4, per_application=2)

    result = services.reviews_assign(actor=jury.coordinator, call=jury.call)

    assert result.created == 12
    per_application = Counter(app for _member, app in pairs(jury.call))
    assert set(per_application.values()) == {2}
    assert len(per_application) == 6
    loads = Counter(member for member, _app in pairs(jury.call))
    assert sorted(loads.values()) == [3, 3, 3, 3]
    assert (result.min_load, result.max_load) == (3, 3)


def test_a_declared_conflict_is_never_assigned():
    jury = jury_call(applications=5, members=3, per_application=2)
    member, application = jury.members[0], jury.applications[0]
    services.conflict_declare(
        actor=member.user, member=member, organisation=application.organisation
    )

    services.reviews_assign(actor=jury.coordinator, call=jury.call)

    assert (member.pk, application.pk) not in pairs(jury.call)
    assert Review.objects.filter(application=application).count() == 2


def test_a_member_never_reads_an_application_of_their_own_organisation():
    jury = jury_call(applications=4, members=3, per_application=2)
    member, application = jury.members[1], jury.applications[2]
    MembershipFactory(user=member.user, organisation=application.organisation)

    services.reviews_assign(actor=jury.coordinator, call=jury.call)

    assert (member.pk, application.pk) not in pairs(jury.call)


def test_reviews_already_made_are_kept_and_counted():
    jury = jury_call(applications=4, members=4, per_application=2)
    first, second = jury.members[0], jury.members[1]
    submitted = Review.objects.create(reviewer=first, application=jury.applications[0])
    score(submitted, 4)
    draft = Review.objects.create(reviewer=second, application=jury.applications[0])

    services.reviews_assign(actor=jury.coordinator, call=jury.call)

    assert Review.objects.filter(application=jury.applications[0]).count() == 2
    assert Review.objects.filter(pk__in=[submitted.pk, draft.pk]).count() == 2
    submitted.refresh_from_db()
    assert submitted.submitted_at is not None


def test_a_second_run_adds_nothing():
    jury = jury_call(applications=5, members=3)
    services.reviews_assign(actor=jury.coordinator, call=jury.call)
    before = pairs(jury.call)

    result = services.reviews_assign(actor=jury.coordinator, call=jury.call)

    assert result.created == 0
    assert pairs(jury.call) == before


def test_a_new_application_gets_reviewers_on_the_next_run_without_moving_the_others():
    jury = jury_call(applications=3, members=3)
    services.reviews_assign(actor=jury.coordinator, call=jury.call)
    before = pairs(jury.call)
    late = ApplicationFactory(call=jury.call, submitted=True)

    result = services.reviews_assign(actor=jury.coordinator, call=jury.call)

    assert result.created == 2
    assert before < pairs(jury.call)
    assert Review.objects.filter(application=late).count() == 2


def test_too_few_reviewers_is_explained_and_nothing_is_stored():
    jury = jury_call(applications=3, members=2, per_application=3)

    with pytest.raises(ValidationError) as error:
        services.reviews_assign(actor=jury.coordinator, call=jury.call)

    title = jury.applications[0].initiative.title
    assert (
        f"La candidature « {title} » n’a que 2 évaluateurs possibles sans conflit ; il en faut 3."
        in error.value.messages
    )
    assert not Review.objects.filter(application__call=jury.call).exists()


def test_capacities_too_small_are_explained():
    jury = jury_call(applications=4, members=2, per_application=1)
    JuryMember.objects.filter(call=jury.call).update(capacity=1)

    with pytest.raises(ValidationError) as error:
        services.reviews_assign(actor=jury.coordinator, call=jury.call)

    assert "augmentez leur capacité" in error.value.messages[0]
    assert not Review.objects.filter(application__call=jury.call).exists()


def test_a_call_without_jury_or_outside_review_is_not_assigned():
    jury = jury_call(members=0)
    with pytest.raises(ValidationError, match="Ajoutez des membres"):
        services.reviews_assign(actor=jury.coordinator, call=jury.call)
    jury.call.state = CallState.PUBLISHED
    jury.call.save()
    with pytest.raises(PermissionDenied):
        services.reviews_assign(actor=jury.coordinator, call=jury.call)


def test_each_reviewer_is_told_once_of_their_applications(django_capture_on_commit_callbacks):
    jury = jury_call(applications=6, members=3)

    with django_capture_on_commit_callbacks(execute=True):
        services.reviews_assign(actor=jury.coordinator, call=jury.call)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in jury.members)
    assert "4 candidatures vous attendent" in mail.outbox[0].body


# Conflicts after the assignment


def test_a_conflict_declared_after_assignment_withdraws_the_review():
    jury = jury_call(applications=3, members=3)
    services.reviews_assign(actor=jury.coordinator, call=jury.call)
    review = Review.objects.filter(application__call=jury.call).select_related("reviewer").first()

    result = services.conflict_declare(
        actor=review.reviewer.user,
        member=review.reviewer,
        organisation=review.application.organisation,
    )

    assert result.withdrawn == 1
    assert not Review.objects.filter(pk=review.pk).exists()
    services.reviews_assign(actor=jury.coordinator, call=jury.call)
    assert Review.objects.filter(application=review.application).count() == 2
    assert not Review.objects.filter(
        application=review.application, reviewer=review.reviewer
    ).exists()


def test_a_membership_added_after_assignment_moves_the_review_on_the_next_run():
    jury = jury_call(applications=3, members=3)
    services.reviews_assign(actor=jury.coordinator, call=jury.call)
    review = Review.objects.filter(application__call=jury.call).select_related("reviewer").first()
    MembershipFactory(user=review.reviewer.user, organisation=review.application.organisation)

    result = services.reviews_assign(actor=jury.coordinator, call=jury.call)

    assert result.withdrawn == 1
    assert result.created == 1
    assert not Review.objects.filter(pk=review.pk).exists()


def test_only_the_member_or_a_coordinator_declares_a_conflict(stranger):
    jury = jury_call(members=1)
    member = jury.members[0]

    with pytest.raises(PermissionDenied):
        services.conflict_declare(
            actor=stranger, member=member, organisation=jury.applications[0].organisation
        )
    services.conflict_declare(
        actor=jury.coordinator, member=member, organisation=jury.applications[0].organisation
    )
    with pytest.raises(ValidationError, match="déjà déclaré"):
        services.conflict_declare(
            actor=member.user, member=member, organisation=jury.applications[0].organisation
        )


def test_a_conflict_can_be_lifted():
    jury = jury_call(members=1)
    member = JuryMemberFactory(call=jury.call)
    organisation = jury.applications[0].organisation
    services.conflict_declare(actor=member.user, member=member, organisation=organisation)

    services.conflict_lift(actor=member.user, member=member, organisation=organisation)

    assert not member.conflicts.exists()
