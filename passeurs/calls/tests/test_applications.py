"""Applying: one application per initiative and call, drafts saved as they go with typed
checks, submission before the deadline with the required answers and eligibility, then
read-only; withdrawal before the decision. Bad input stores nothing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passeurs.calls.models import (
    Answer,
    Application,
    ApplicationState,
    CallLog,
    CallState,
    QuestionKind,
)
from passeurs.calls.services import applications as services
from passeurs.calls.tests.application_factories import (
    call_with_form,
    full_answers,
    leader_with_initiative,
    pdf_upload,
    questions,
)
from passeurs.core.exceptions import ConflictError, TransitionError
from passeurs.core.models import Challenge
from passeurs.core.notify import notifications_paused

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return call_with_form()


@pytest.fixture
def leader():
    return leader_with_initiative()


@pytest.fixture
def draft(call, leader):
    user, initiative = leader
    return services.application_start(actor=user, call=call, initiative=initiative)


def save(user, application, **kwargs):
    application.refresh_from_db()
    return services.application_save_draft(
        actor=user, application=application, version=application.version, **kwargs
    )


def submit(user, application):
    application.refresh_from_db()
    return services.application_submit(
        actor=user, application=application, version=application.version
    )


def test_a_member_starts_a_draft_for_their_initiative(draft, leader):
    user, initiative = leader

    assert draft.state == ApplicationState.DRAFT
    assert (draft.applicant, draft.organisation) == (user, initiative.organisation)
    assert CallLog.objects.filter(application=draft, kind="application_start").exists()


def test_a_second_start_returns_the_existing_draft(call, leader, draft):
    user, initiative = leader

    again = services.application_start(actor=user, call=call, initiative=initiative)

    assert again.pk == draft.pk
    assert Application.objects.filter(call=call).count() == 1


def test_a_stranger_may_not_apply_for_an_initiative(call, leader, stranger):
    _user, initiative = leader

    with pytest.raises(PermissionDenied):
        services.application_start(actor=stranger, call=call, initiative=initiative)


def test_nobody_applies_to_a_closed_call(leader):
    user, initiative = leader
    closed = call_with_form(closed=True)

    with pytest.raises(ValidationError) as error:
        services.application_start(actor=user, call=closed, initiative=initiative)

    assert error.value.messages[0].startswith("L’appel est clos depuis le ")
    assert not Application.objects.exists()


def test_a_draft_saves_partial_answers(draft, leader, call):
    user, _initiative = leader
    by_kind = questions(call)

    save(user, draft, answers={by_kind[QuestionKind.NUMBER].pk: "1 234,5"})

    answer = Answer.objects.get(application=draft)
    assert str(answer.number) == "1234.50"


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (QuestionKind.NUMBER, "beaucoup", "Saisissez un nombre, par exemple 1200 ou 12,5."),
        (QuestionKind.NUMBER, "-3", "Le nombre est au moins 0."),
        (QuestionKind.NUMBER, "NaN", "Saisissez un nombre, par exemple 1200 ou 12,5."),
        (QuestionKind.CHOICE, "Licorne", "Choisissez une des réponses proposées."),
        (QuestionKind.LONG_TEXT, "x" * 501, "Votre réponse fait 501 caractères ; 500 au plus."),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_is_stored(draft, leader, call, kind, value, message):
    user, _initiative = leader
    by_kind = questions(call)
    answers = {**full_answers(call), by_kind[kind].pk: value}

    with pytest.raises(ValidationError) as error:
        save(user, draft, answers=answers)

    assert error.value.message_dict[f"q_{by_kind[kind].pk}"] == [message]
    assert not Answer.objects.exists()


def test_two_tabs_cannot_overwrite_each_other(draft, leader, call):
    user, _initiative = leader
    stale = draft.version
    save(user, draft, answers=full_answers(call))

    with pytest.raises(ConflictError):
        services.application_save_draft(actor=user, application=draft, version=stale, answers={})


def test_another_member_of_the_structure_may_edit_the_draft(draft, leader, call, member):
    from passeurs.directory.tests.factories import MembershipFactory

    _user, initiative = leader
    MembershipFactory(user=member, organisation=initiative.organisation)

    save(member, draft, answers=full_answers(call))

    assert Answer.objects.filter(application=draft).count() == 3


def test_a_stranger_may_not_edit_the_draft(draft, stranger, call):
    with pytest.raises(PermissionDenied):
        save(stranger, draft, answers=full_answers(call))


def test_a_complete_draft_is_submitted_read_only_and_confirmed_by_email(
    draft, leader, call, django_capture_on_commit_callbacks
):
    user, _initiative = leader
    save(user, draft, answers=full_answers(call), files={questions(call)["file"].pk: pdf_upload()})

    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(user, draft)

    assert submitted.state == ApplicationState.SUBMITTED
    assert submitted.submitted_at is not None
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "candidature déposée" in mail.outbox[0].subject
    with pytest.raises(TransitionError):
        save(user, submitted, answers=full_answers(call))


def test_submitting_lists_the_missing_required_answers(draft, leader, call):
    user, _initiative = leader
    by_kind = questions(call)
    save(user, draft, answers={by_kind[QuestionKind.LONG_TEXT].pk: "Un projet"})

    with pytest.raises(ValidationError) as error:
        submit(user, draft)

    assert set(error.value.message_dict) == {
        f"q_{by_kind[QuestionKind.NUMBER].pk}",
        f"q_{by_kind[QuestionKind.CHOICE].pk}",
    }
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT


def test_submitting_after_the_closing_is_refused(draft, leader, call):
    user, _initiative = leader
    save(user, draft, answers=full_answers(call))
    type(call).objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    with pytest.raises(ValidationError) as error:
        submit(user, draft)

    assert error.value.messages[0].startswith("L’appel est clos depuis le ")
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT


def test_submitting_before_the_opening_is_refused_though_the_draft_is_kept(leader):
    user, initiative = leader
    upcoming = call_with_form(
        opens_at=timezone.now() + datetime.timedelta(days=2),
        closes_at=timezone.now() + datetime.timedelta(days=20),
    )
    draft = services.application_start(actor=user, call=upcoming, initiative=initiative)
    save(user, draft, answers=full_answers(upcoming))

    with pytest.raises(ValidationError) as error:
        submit(user, draft)

    assert error.value.messages[0].startswith("L’appel ouvre le ")


def test_an_ineligible_project_is_told_why(leader):
    user, initiative = leader
    call = call_with_form(eligible_kinds=["scop"])
    call.challenges.set([Challenge.objects.get(slug="sante")])
    draft = services.application_start(actor=user, call=call, initiative=initiative)
    save(user, draft, answers=full_answers(call))

    with pytest.raises(ValidationError) as error:
        submit(user, draft)

    messages = error.value.message_dict["__all__"]
    assert messages[0] == "Ce projet n’est pas éligible à cet appel :"
    assert "Votre structure est une association ; cet appel s’adresse aux SCOP." in messages
    assert len(messages) == 3


def test_a_call_with_a_budget_needs_an_amount_within_it(leader):
    user, initiative = leader
    call = call_with_form(budget=50000, laureate_count=None)
    draft = services.application_start(actor=user, call=call, initiative=initiative)
    save(user, draft, answers=full_answers(call))

    with pytest.raises(ValidationError) as error:
        submit(user, draft)
    assert error.value.message_dict["requested_amount"] == ["Indiquez le montant demandé."]

    with pytest.raises(ValidationError):
        save(user, draft, requested_amount=60000)

    save(user, draft, requested_amount=20000)
    assert submit(user, draft).requested_amount == 20000


def test_the_applicant_withdraws_then_reopens_while_the_call_is_open(draft, leader, call):
    user, initiative = leader
    save(user, draft, answers=full_answers(call))
    submitted = submit(user, draft)

    withdrawn = services.application_withdraw(
        actor=user, application=submitted, version=submitted.version
    )
    assert withdrawn.state == ApplicationState.WITHDRAWN

    reopened = services.application_start(actor=user, call=call, initiative=initiative)
    assert (reopened.pk, reopened.state) == (draft.pk, ApplicationState.DRAFT)


def test_no_withdrawal_once_the_laureates_are_decided(draft, leader, call):
    user, _initiative = leader
    save(user, draft, answers=full_answers(call))
    submitted = submit(user, draft)
    type(call).objects.filter(pk=call.pk).update(state=CallState.DECIDED)
    submitted.refresh_from_db()

    with pytest.raises(TransitionError):
        services.application_withdraw(actor=user, application=submitted, version=submitted.version)


def test_no_email_while_notifications_are_paused(
    draft, leader, call, django_capture_on_commit_callbacks
):
    user, _initiative = leader
    save(user, draft, answers=full_answers(call))

    with notifications_paused(), django_capture_on_commit_callbacks(execute=True):
        submit(user, draft)

    assert mail.outbox == []


def test_an_inactive_applicant_is_not_emailed(draft, leader, call):
    user, _initiative = leader
    save(user, draft, answers=full_answers(call))
    submit(user, draft)
    mail.outbox.clear()
    type(user).objects.filter(pk=user.pk).update(is_active=False)

    from passeurs.calls.tasks import notify_application

    assert notify_application.call(application_id=draft.pk, kind="laureate") == 0
