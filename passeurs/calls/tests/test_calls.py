"""A call's life: created by a coordinator, its form and grid edited while nobody has
applied, published when complete, closed for review; every move checked and logged."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passeurs.accounts.tests.factories import UserFactory
from passeurs.calls import workflows
from passeurs.calls.models import CallKind, CallLog, CallState, Question, QuestionKind
from passeurs.calls.services import applications as application_services
from passeurs.calls.services import calls as services
from passeurs.calls.tests.application_factories import (
    call_with_form,
    full_answers,
    leader_with_initiative,
)
from passeurs.calls.tests.factories import CallFactory
from passeurs.core.exceptions import ConflictError, TransitionError
from passeurs.core.models import Challenge, Department

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


def create(actor, **kwargs):
    values = {
        "title": "Fonds d’expérimentation sociale 2027",
        "kind": CallKind.EXPERIMENTATION_FUND,
        "opens_at": days(1),
        "closes_at": days(30),
        "budget": 300000,
        **kwargs,
    }
    return services.call_create(actor=actor, **values)


def complete(call, actor):
    services.question_save(
        actor=actor, call=call, label="Votre projet", kind=QuestionKind.LONG_TEXT
    )
    services.criterion_save(actor=actor, call=call, name="Impact", weight=2, max_score=5)
    call.refresh_from_db()
    return call


def test_a_coordinator_creates_a_draft_call_and_coordinates_it(coordinator):
    call = create(coordinator, eligible_kinds=["association", "scop", "association"])

    assert call.state == CallState.DRAFT
    assert list(call.coordinators.all()) == [coordinator]
    assert call.eligible_kinds == ["association", "scop"]
    assert CallLog.objects.filter(call=call, kind="call_create").exists()


def test_a_project_leader_may_not_create_a_call(member):
    with pytest.raises(PermissionDenied):
        create(member)


def test_the_closing_follows_the_opening(coordinator):
    with pytest.raises(ValidationError) as error:
        create(coordinator, opens_at=days(10), closes_at=days(5))

    assert "closes_at" in error.value.message_dict


def test_unknown_organisation_kinds_are_refused(coordinator):
    with pytest.raises(ValidationError) as error:
        create(coordinator, eligible_kinds=["association", "licorne"])

    assert error.value.message_dict["eligible_kinds"] == ["Types de structure inconnus : licorne."]


def test_publishing_needs_a_question_a_criterion_and_a_number_of_laureates_or_a_budget(
    coordinator,
):
    call = create(coordinator, budget=None)

    with pytest.raises(ValidationError) as error:
        services.call_transition(
            actor=coordinator, call=call, target=CallState.PUBLISHED, version=call.version
        )

    assert len(error.value.messages) == 3
    call.refresh_from_db()
    assert call.state == CallState.DRAFT


def test_a_complete_call_is_published_and_logged(coordinator):
    call = complete(create(coordinator), coordinator)

    services.call_transition(
        actor=coordinator, call=call, target=CallState.PUBLISHED, version=call.version
    )

    call.refresh_from_db()
    assert call.state == CallState.PUBLISHED
    line = CallLog.objects.get(call=call, kind="call_transition")
    assert (line.from_state, line.to_state, line.actor) == ("draft", "published", coordinator)


def test_a_stale_version_is_refused(coordinator):
    call = complete(create(coordinator), coordinator)

    with pytest.raises(ConflictError):
        services.call_update(actor=coordinator, call=call, version=call.version - 1, title="X")


def test_a_move_the_workflow_does_not_have_is_refused(coordinator):
    call = create(coordinator)

    with pytest.raises(TransitionError) as error:
        services.call_transition(
            actor=coordinator, call=call, target=CallState.DECIDED, version=call.version
        )

    assert error.value.allowed == [CallState.PUBLISHED]


def test_another_coordinator_may_not_move_a_call_they_do_not_coordinate(coordinator):
    call = complete(create(coordinator), coordinator)

    with pytest.raises(PermissionDenied):
        services.call_transition(
            actor=UserFactory(coordinator=True),
            call=call,
            target=CallState.PUBLISHED,
            version=call.version,
        )


def test_the_review_starts_only_once_applications_are_closed(coordinator):
    call = CallFactory(coordinators=[coordinator])

    with pytest.raises(ValidationError) as error:
        services.call_transition(
            actor=coordinator, call=call, target=CallState.REVIEW, version=call.version
        )
    assert "avancez la date de clôture" in error.value.messages[0]

    services.call_update(
        actor=coordinator, call=call, version=call.version, closes_at=timezone.now()
    )
    services.call_transition(
        actor=coordinator, call=call, target=CallState.REVIEW, version=call.version
    )
    assert call.state == CallState.REVIEW


def test_a_choice_question_needs_two_choices(coordinator):
    call = create(coordinator)

    with pytest.raises(ValidationError) as error:
        services.question_save(
            actor=coordinator, call=call, label="Stade", kind=QuestionKind.CHOICE, choices=["A"]
        )

    assert "choices" in error.value.message_dict
    assert not Question.objects.filter(call=call).exists()


def test_questions_keep_only_the_settings_of_their_kind(coordinator):
    call = create(coordinator)

    question = services.question_save(
        actor=coordinator,
        call=call,
        label="Dossier",
        kind=QuestionKind.FILE,
        choices=["ignored", "too"],
        file_types=["PDF", ".odt", "pdf"],
        max_file_size=1024,
    )

    assert question.choices == []
    assert question.file_types == ["pdf", "odt"]
    assert question.position == 1


def test_unknown_file_types_are_refused(coordinator):
    call = create(coordinator)

    with pytest.raises(ValidationError) as error:
        services.question_save(
            actor=coordinator,
            call=call,
            label="Dossier",
            kind=QuestionKind.FILE,
            file_types=["exe"],
        )

    assert "exe" in error.value.message_dict["file_types"][0]


def test_the_questions_freeze_once_an_application_is_submitted(coordinator):
    call = call_with_form(coordinators=[coordinator])
    user, initiative = leader_with_initiative()
    application = application_services.application_start(
        actor=user, call=call, initiative=initiative
    )
    application = application_services.application_save_draft(
        actor=user,
        application=application,
        version=application.version,
        answers=full_answers(call),
    )
    application_services.application_submit(
        actor=user, application=application, version=application.version
    )
    question = call.questions.first()

    with pytest.raises(ValidationError) as error:
        services.question_save(actor=coordinator, call=call, question=question, label="Autre")
    assert error.value.messages == [
        "Les questions ne se modifient plus : une première candidature a été déposée."
    ]
    with pytest.raises(ValidationError):
        services.question_delete(actor=coordinator, question=question)
    with pytest.raises(ValidationError):
        services.call_update(
            actor=coordinator, call=call, version=call.version, eligible_kinds=["scop"]
        )
    # The texts and dates still change.
    services.call_update(actor=coordinator, call=call, version=call.version, summary="Nouveau")


def test_after_closing_only_the_texts_change(coordinator):
    call = CallFactory(review=True, coordinators=[coordinator])

    with pytest.raises(ValidationError):
        services.call_update(actor=coordinator, call=call, version=call.version, laureate_count=9)
    services.call_update(actor=coordinator, call=call, version=call.version, title="Promotion 1")
    call.refresh_from_db()
    assert (call.title, call.laureate_count) == ("Promotion 1", 7)


def test_the_grid_freezes_when_the_review_starts(coordinator):
    call = CallFactory(review=True, coordinators=[coordinator])

    with pytest.raises(ValidationError):
        services.criterion_save(actor=coordinator, call=call, name="Impact")


def test_criteria_weights_and_scores_are_bounded(coordinator):
    call = create(coordinator)

    with pytest.raises(ValidationError) as error:
        services.criterion_save(
            actor=coordinator, call=call, name="Impact", weight=0, max_score=500
        )

    assert set(error.value.message_dict) == {"weight", "max_score"}


def test_territories_and_challenges_are_set(coordinator):
    challenge = Challenge.objects.get(slug="sante")
    department = Department.objects.get(code="29")

    call = create(coordinator, eligible_departments=[department], challenges=[challenge])
    services.call_update(actor=coordinator, call=call, version=call.version, challenges=[])

    assert list(call.eligible_departments.all()) == [department]
    assert not call.challenges.exists()


def test_the_workflow_table_lists_each_call_move_once():
    assert workflows.call_targets_from(CallState.DRAFT) == [CallState.PUBLISHED]
    assert workflows.call_targets_from(CallState.ARCHIVED) == []
    assert workflows.application_roles_for("submitted", "laureate") == {workflows.COORDINATOR}
