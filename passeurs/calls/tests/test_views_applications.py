"""The calls pages: public list and detail, the coordinators' pages, applying, the
application (autosave, submission, read-only), its private files, "my applications"."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from passeurs.accounts.tests.factories import UserFactory
from passeurs.calls.models import (
    Answer,
    Application,
    ApplicationState,
    CallKind,
    CallState,
    Question,
    QuestionKind,
    Review,
)
from passeurs.calls.services import applications as services
from passeurs.calls.tests.application_factories import (
    call_with_form,
    full_answers,
    leader_with_initiative,
    pdf_upload,
    questions,
)
from passeurs.calls.tests.factories import CallFactory, JuryMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_coordinator(db):
    return UserFactory(coordinator=True)


@pytest.fixture
def call(call_coordinator):
    return call_with_form(coordinators=[call_coordinator], title="Incubateur Fabrique sociale")


@pytest.fixture
def leader():
    return leader_with_initiative()


@pytest.fixture
def draft(call, leader):
    user, initiative = leader
    return services.application_start(actor=user, call=call, initiative=initiative)


@pytest.fixture
def submitted(draft, leader, call):
    user, _initiative = leader
    draft = services.application_save_draft(
        actor=user,
        application=draft,
        version=draft.version,
        answers=full_answers(call),
        files={questions(call)[QuestionKind.FILE].pk: pdf_upload("Dossier Fabrique.pdf")},
    )
    return services.application_submit(actor=user, application=draft, version=draft.version)


def url(name, *args):
    return reverse(f"calls:{name}", args=args)


# Public pages


def test_the_list_shows_open_calls_first_then_upcoming_then_closed(client, db):
    closed = CallFactory(closed=True, title="Appel clos")
    upcoming = CallFactory(
        title="Appel à venir",
        opens_at=timezone.now() + datetime.timedelta(days=3),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )
    opened = CallFactory(title="Appel ouvert")
    CallFactory(draft=True, title="Appel en préparation")

    response = client.get(url("list"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    positions = [html.index(c.title) for c in (opened, upcoming, closed)]
    assert positions == sorted(positions)
    assert "Appel en préparation" not in html
    assert "3 appels" in html


def test_the_list_filters_by_kind_and_calendar(client, db):
    CallFactory(title="Fonds ouvert", kind=CallKind.EXPERIMENTATION_FUND)
    CallFactory(title="Incubateur clos", closed=True)

    html = client.get(url("list"), {"kind": "experimentation_fund"}).content.decode()
    assert "Fonds ouvert" in html and "Incubateur clos" not in html
    html = client.get(url("list"), {"phase": "closed"}).content.decode()
    assert "Fonds ouvert" not in html and "Incubateur clos" in html


def test_the_list_has_an_empty_state_and_bad_filters_are_not_an_error(client, db):
    assert "Aucun appel ne correspond" in client.get(url("list")).content.decode()
    response = client.get(url("list"), {"kind": "nope", "challenge": "inconnu"})
    assert response.status_code == HTTPStatus.OK
    assert "Ces filtres ne sont pas valides" in response.content.decode()


def test_the_list_pages_with_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    for n in range(25):
        CallFactory(title=f"Appel {n}")

    with django_assert_max_num_queries(8):
        response = client.get(url("list"))

    assert "fr-pagination" in response.content.decode()


def test_the_detail_shows_dates_rules_questions_and_grid_to_anybody(client, call):
    call.eligible_kinds = ["association", "scop"]
    call.save()

    response = client.get(url("detail", call.pk))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for text in (
        "Présentez votre projet",
        "Impact social",
        "aux associations et aux SCOP",
        "Connectez-vous pour candidater.",
    ):
        assert text in html


def test_a_draft_call_is_hidden_from_the_public_but_not_from_its_coordinator(
    client, call_coordinator
):
    call = CallFactory(draft=True, coordinators=[call_coordinator])

    assert client.get(url("detail", call.pk)).status_code == HTTPStatus.NOT_FOUND
    client.force_login(call_coordinator)
    assert client.get(url("detail", call.pk)).status_code == HTTPStatus.OK


def test_a_leader_with_an_initiative_sees_the_apply_button(client, call, leader):
    user, _initiative = leader
    client.force_login(user)

    html = client.get(url("detail", call.pk)).content.decode()

    assert url("apply", call.pk) in html


def test_a_person_without_an_initiative_is_told_why_they_cannot_apply(client, call, stranger):
    client.force_login(stranger)

    html = client.get(url("detail", call.pk)).content.decode()

    assert "présentez d’abord le projet de votre structure" in html
    assert url("apply", call.pk) not in html


# The coordinators' pages


def test_a_coordinator_creates_a_call_from_the_page(client, coordinator):
    client.force_login(coordinator)
    assert client.get(url("create")).status_code == HTTPStatus.OK

    response = client.post(
        url("create"),
        {
            "title": "AMI tiers-lieux",
            "kind": CallKind.CALL_FOR_INTEREST,
            "opens_at": "2027-01-10T09:00",
            "closes_at": "2027-02-10T18:00",
            "eligible_kinds": ["association"],
            "laureate_count": "5",
            "reviews_per_application": "2",
            "accompaniment_months": "6",
        },
    )

    call = coordinator.coordinated_calls.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("manage", call.pk)
    assert call.eligible_kinds == ["association"]


def test_a_bad_call_form_says_why_and_stores_nothing(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        url("create"),
        {
            "title": "AMI",
            "kind": CallKind.CALL_FOR_INTEREST,
            "opens_at": "2027-02-10T09:00",
            "closes_at": "2027-01-10T18:00",
            "reviews_per_application": "2",
            "accompaniment_months": "6",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "La clôture des candidatures suit leur ouverture." in response.content.decode()
    assert not coordinator.coordinated_calls.exists()


@pytest.mark.parametrize("name", ["create"])
def test_a_project_leader_may_not_create_a_call(client, member, name):
    client.force_login(member)
    assert client.get(url(name)).status_code == HTTPStatus.FORBIDDEN


def test_only_the_call_coordinators_manage_it(client, call, call_coordinator, stranger):
    assert client.get(url("manage", call.pk)).status_code == HTTPStatus.FOUND
    client.force_login(stranger)
    for name in ("manage", "update", "applications", "question_create", "criterion_create"):
        assert client.get(url(name, call.pk)).status_code == HTTPStatus.FORBIDDEN, name
    client.force_login(call_coordinator)
    for name in ("manage", "update", "applications", "question_create", "criterion_create"):
        assert client.get(url(name, call.pk)).status_code == HTTPStatus.OK, name


def test_a_coordinator_adds_a_question_and_publishes(client, call_coordinator):
    call = CallFactory(draft=True, coordinators=[call_coordinator])
    client.force_login(call_coordinator)

    response = client.post(
        url("question_create", call.pk),
        {
            "label": "Budget prévisionnel",
            "kind": "file",
            "required": "on",
            "file_types_text": "pdf, odt",
            "max_file_megabytes": "2",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    question = Question.objects.get(call=call)
    assert (question.file_types, question.max_file_size) == (["pdf", "odt"], 2 * 1024 * 1024)

    response = client.post(
        url("transition", call.pk), {"target": "published", "version": call.version}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Ajoutez au moins un critère" in response.content.decode()

    client.post(
        url("criterion_create", call.pk), {"name": "Impact", "weight": "2", "max_score": "5"}
    )
    response = client.post(
        url("transition", call.pk), {"target": "published", "version": call.version}
    )
    assert response.status_code == HTTPStatus.FOUND
    call.refresh_from_db()
    assert call.state == CallState.PUBLISHED


def test_a_stale_transition_is_a_409(client, call_coordinator):
    call = CallFactory(closed=True, coordinators=[call_coordinator])
    client.force_login(call_coordinator)
    response = client.post(url("transition", call.pk), {"target": "review", "version": 99})
    assert response.status_code == HTTPStatus.CONFLICT


def test_the_manage_page_says_the_questions_are_frozen_after_a_submission(
    client, submitted, call, call_coordinator
):
    client.force_login(call_coordinator)

    html = client.get(url("manage", call.pk)).content.decode()

    assert "une première candidature a été déposée" in html
    assert url("question_create", call.pk) not in html


def test_the_coordinators_list_shows_submitted_applications_with_their_eligibility(
    client, submitted, call, call_coordinator, django_assert_max_num_queries
):
    for _ in range(3):
        user, initiative = leader_with_initiative(kind="fondation")
        other = services.application_start(actor=user, call=call, initiative=initiative)
        other = services.application_save_draft(
            actor=user, application=other, version=other.version, answers=full_answers(call)
        )
        services.application_submit(actor=user, application=other, version=other.version)
    user, initiative = leader_with_initiative()
    services.application_start(actor=user, call=call, initiative=initiative)  # a draft
    call.eligible_kinds = ["association"]
    call.save()
    client.force_login(call_coordinator)

    with django_assert_max_num_queries(16):
        response = client.get(url("applications", call.pk))

    html = response.content.decode()
    assert "4 candidatures" in html
    assert html.count("Votre structure est une fondation") == 3
    assert submitted.initiative.title in html
    assert initiative.title not in html
    assert "Brouillons en cours" in html


def test_the_coordinators_list_filters_by_state(client, submitted, call, call_coordinator):
    client.force_login(call_coordinator)
    html = client.get(url("applications", call.pk), {"state": "withdrawn"}).content.decode()
    assert "Aucune candidature dans cet état." in html


# Applying


def test_a_leader_starts_an_application_from_the_apply_page(client, call, leader):
    user, initiative = leader
    client.force_login(user)
    assert client.get(url("apply", call.pk)).status_code == HTTPStatus.OK

    response = client.post(url("apply", call.pk), {"initiative": initiative.pk})

    application = Application.objects.get(call=call, initiative=initiative)
    assert response["Location"] == url("application", application.pk)
    again = client.post(url("apply", call.pk), {"initiative": initiative.pk})
    assert again["Location"] == url("application", application.pk)


def test_nobody_applies_with_somebody_elses_initiative(client, call, leader, stranger):
    _user, initiative = leader
    client.force_login(stranger)

    response = client.post(url("apply", call.pk), {"initiative": initiative.pk})

    assert response.status_code == HTTPStatus.OK
    assert not Application.objects.exists()


def test_the_draft_is_saved_then_submitted_and_read_only(client, draft, leader, call):
    user, _initiative = leader
    client.force_login(user)
    by_kind = questions(call)
    data = {f"q_{pk}": value for pk, value in full_answers(call).items()}

    response = client.post(
        url("application", draft.pk),
        {
            **data,
            "version": draft.version,
            "action": "save",
            f"q_{by_kind[QuestionKind.FILE].pk}": pdf_upload(),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Answer.objects.filter(application=draft).count() == 4

    draft.refresh_from_db()
    response = client.post(
        url("application", draft.pk), {**data, "version": draft.version, "action": "submit"}
    )
    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.state == ApplicationState.SUBMITTED

    html = client.get(url("application", draft.pk)).content.decode()
    assert "Déposer la candidature" not in html
    assert "Une épicerie solidaire itinérante." in html
    assert "projet.pdf" in html


def test_the_autosave_answers_with_its_status_and_the_new_version(client, draft, leader, call):
    user, _initiative = leader
    client.force_login(user)
    data = {f"q_{pk}": value for pk, value in full_answers(call).items()}

    response = client.post(
        url("application", draft.pk), {**data, "version": draft.version}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Brouillon enregistré à" in html
    assert f'value="{draft.version + 1}"' in html


def test_the_autosave_reports_a_bad_answer_without_storing_it(client, draft, leader, call):
    user, _initiative = leader
    client.force_login(user)
    number = questions(call)[QuestionKind.NUMBER]

    response = client.post(
        url("application", draft.pk),
        {f"q_{number.pk}": "douze", "version": draft.version},
        HTTP_HX_REQUEST="true",
    )

    assert "Brouillon non enregistré" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_save_from_a_stale_tab_is_a_409(client, draft, leader, call):
    user, _initiative = leader
    client.force_login(user)

    response = client.post(url("application", draft.pk), {"version": draft.version + 5})

    assert response.status_code == HTTPStatus.CONFLICT
    assert "modifiée par quelqu’un d’autre" in response.content.decode()


def test_a_submission_missing_answers_keeps_the_draft_and_says_what_is_missing(
    client, draft, leader, call
):
    user, _initiative = leader
    client.force_login(user)

    response = client.post(
        url("application", draft.pk), {"version": draft.version, "action": "submit"}
    )

    assert response.status_code == HTTPStatus.OK
    assert "Répondez à cette question pour déposer." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT


def test_a_draft_is_private_to_its_structure(client, draft, call_coordinator, stranger):
    for person in (stranger, call_coordinator):
        client.force_login(person)
        assert client.get(url("application", draft.pk)).status_code == HTTPStatus.NOT_FOUND


def test_a_submitted_application_is_read_by_the_coordinators(client, submitted, call_coordinator):
    client.force_login(call_coordinator)
    response = client.get(url("application", submitted.pk))
    assert response.status_code == HTTPStatus.OK
    assert "Retirer la candidature" not in response.content.decode()


def test_the_applicant_withdraws_from_the_page(client, submitted, leader):
    user, _initiative = leader
    client.force_login(user)

    response = client.post(url("withdraw", submitted.pk), {"version": submitted.version})

    assert response.status_code == HTTPStatus.FOUND
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.WITHDRAWN


# Private files


def file_url(application):
    return url("answer_file", Answer.objects.exclude(file="").get(application=application).pk)


def test_the_file_is_sent_as_an_attachment_to_the_structure_members(client, submitted, leader):
    user, _initiative = leader
    client.force_login(user)

    response = client.get(file_url(submitted))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Dossier%20Fabrique.pdf" in response["Content-Disposition"] or (
        "Dossier Fabrique.pdf" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_file_is_sent_to_the_coordinators_and_the_assigned_reviewers_only(
    client, submitted, call, call_coordinator, stranger
):
    reviewer = JuryMemberFactory(call=call)
    other_reviewer = JuryMemberFactory(call=call)
    Review.objects.create(application=submitted, reviewer=reviewer)
    target = file_url(submitted)

    assert client.get(target).status_code == HTTPStatus.FOUND  # anonymous: sign in first
    for person, status in (
        (call_coordinator, HTTPStatus.OK),
        (reviewer.user, HTTPStatus.OK),
        (other_reviewer.user, HTTPStatus.NOT_FOUND),
        (stranger, HTTPStatus.NOT_FOUND),
        (UserFactory(coordinator=True), HTTPStatus.NOT_FOUND),
    ):
        client.force_login(person)
        response = client.get(target)
        if response.streaming:
            # Read to the end: the test client then closes the file (and not the database).
            b"".join(response.streaming_content)
        assert response.status_code == status


# My applications


def test_my_applications_lists_those_of_my_structures(client, submitted, leader, stranger):
    user, initiative = leader
    client.force_login(user)
    html = client.get(url("mine")).content.decode()
    assert initiative.title in html

    client.force_login(stranger)
    html = client.get(url("mine")).content.decode()
    assert "Aucune candidature pour l’instant." in html


def test_a_coordinator_edits_the_call_and_a_stale_form_is_a_409(client, call, call_coordinator):
    client.force_login(call_coordinator)
    data = {
        "title": "Incubateur Fabrique sociale 2027",
        "kind": call.kind,
        "opens_at": "2026-01-10T09:00",
        "closes_at": "2027-02-10T18:00",
        "laureate_count": "7",
        "reviews_per_application": "2",
        "accompaniment_months": "6",
    }

    response = client.post(url("update", call.pk), {**data, "version": call.version})
    assert response.status_code == HTTPStatus.FOUND
    call.refresh_from_db()
    assert call.title == "Incubateur Fabrique sociale 2027"

    response = client.post(url("update", call.pk), {**data, "title": "X", "version": 1})
    assert response.status_code == HTTPStatus.CONFLICT
    call.refresh_from_db()
    assert call.title == "Incubateur Fabrique sociale 2027"


def test_the_manage_page_logs_the_moves_in_words(client, submitted, call, call_coordinator):
    client.force_login(call_coordinator)

    html = client.get(url("manage", call.pk)).content.decode()

    assert "Candidature déposée (déposée)" in html


def test_my_applications_reads_a_fixed_number_of_queries(
    client, call, django_assert_max_num_queries
):
    user, initiative = leader_with_initiative()
    for n in range(5):
        other = call_with_form(title=f"Appel {n}")
        services.application_start(actor=user, call=other, initiative=initiative)
    client.force_login(user)

    with django_assert_max_num_queries(8):
        response = client.get(url("mine"))

    assert response.content.decode().count("Appel ") >= 5


def test_the_challenge_filter_keeps_the_calls_open_to_every_challenge(client, db):
    from passeurs.core.models import Challenge

    health = CallFactory(title="Appel santé")
    health.challenges.set([Challenge.objects.get(slug="sante")])
    culture = CallFactory(title="Appel culture")
    culture.challenges.set([Challenge.objects.get(slug="culture")])
    CallFactory(title="Appel ouvert à tous")

    html = client.get(url("list"), {"challenge": "sante"}).content.decode()

    assert "Appel santé" in html and "Appel ouvert à tous" in html
    assert "Appel culture" not in html
