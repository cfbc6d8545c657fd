"""The jury page, the reviewers' pages and their permissions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passeurs.accounts.tests.factories import UserFactory
from passeurs.calls.models import CallState, JuryMember, Review, Score
from passeurs.calls.services import jury as jury_services
from passeurs.calls.tests.jury_factories import assign_and_score, jury_call, score

pytestmark = pytest.mark.django_db


def jury_url(call):
    return reverse("calls:jury", args=[call.pk])


# The jury page


def test_the_jury_page_is_for_the_calls_coordinators(client, stranger, coordinator):
    jury = jury_call(applications=2, members=2)
    url = jury_url(jury.call)
    assert client.get(url).status_code == 302
    for user in (stranger, coordinator, jury.members[0].user):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(jury.coordinator)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Répartir les candidatures" in html
    assert jury.members[0].user.email in html


def test_an_unknown_call_is_a_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("calls:jury", args=[99999])).status_code == 404


def test_a_coordinator_adds_a_member_by_email(client):
    jury = jury_call(members=0)
    user = UserFactory(email="jure@exemple.fr", first_name="Inès", last_name="Moreau")
    client.force_login(jury.coordinator)

    response = client.post(
        reverse("calls:jury_member_add", args=[jury.call.pk]),
        {"email": "JURE@exemple.fr", "capacity": "5"},
        follow=True,
    )

    assert "Inès Moreau fait partie du jury." in response.content.decode()
    assert JuryMember.objects.get(call=jury.call, user=user).capacity == 5


def test_an_unknown_email_is_a_clear_message(client):
    jury = jury_call(members=0)
    client.force_login(jury.coordinator)
    response = client.post(
        reverse("calls:jury_member_add", args=[jury.call.pk]), {"email": "nobody@exemple.fr"}
    )
    assert response.status_code == 200
    assert "Aucun compte Passeurs ne porte cette adresse." in response.content.decode()
    assert not JuryMember.objects.filter(call=jury.call).exists()


def test_a_stranger_cannot_post_to_the_jury(client, stranger):
    jury = jury_call(members=1)
    client.force_login(stranger)
    assert (
        client.post(
            reverse("calls:jury_member_add", args=[jury.call.pk]), {"email": stranger.email}
        ).status_code
        == 403
    )
    assert client.post(reverse("calls:reviews_assign", args=[jury.call.pk])).status_code == 403
    member = jury.members[0]
    assert (
        client.post(reverse("calls:jury_member_remove", args=[jury.call.pk, member.pk])).status_code
        == 403
    )
    assert not Review.objects.exists()


def test_the_button_assigns_and_tells_the_load(client):
    jury = jury_call(applications=6, members=4)
    client.force_login(jury.coordinator)

    response = client.post(reverse("calls:reviews_assign", args=[jury.call.pk]), follow=True)

    html = response.content.decode()
    assert "12 évaluations ont été confiées." in html
    assert "Chaque membre lit de 3 à 3 candidatures." in html
    assert Review.objects.filter(application__call=jury.call).count() == 12


def test_an_impossible_assignment_shows_the_reasons(client):
    jury = jury_call(applications=2, members=1, per_application=2)
    client.force_login(jury.coordinator)

    response = client.post(reverse("calls:reviews_assign", args=[jury.call.pk]))

    html = response.content.decode()
    assert "Les candidatures n’ont pas été réparties" in html
    assert "n’a que 1 évaluateur possible sans conflit ; il en faut 2." in html
    assert not Review.objects.exists()


def test_a_coordinator_declares_a_conflict_and_the_review_is_withdrawn(client):
    jury = jury_call(applications=2, members=3)
    jury_services.reviews_assign(actor=jury.coordinator, call=jury.call)
    review = Review.objects.filter(application__call=jury.call).first()
    member = review.reviewer
    client.force_login(jury.coordinator)

    response = client.post(
        reverse("calls:conflict_declare", args=[member.pk]),
        {f"conflict-{member.pk}-organisation": review.application.organisation_id},
        follow=True,
    )

    html = response.content.decode()
    assert "Le conflit d’intérêts avec" in html
    assert "1 évaluation de ses candidatures a été retirée" in html
    assert response.redirect_chain[-1][0] == jury_url(jury.call)
    assert not Review.objects.filter(pk=review.pk).exists()


def test_the_jury_page_reads_a_fixed_number_of_queries(client):
    counts = []
    for size in (3, 12):
        jury = jury_call(applications=size, members=4)
        jury_services.reviews_assign(actor=jury.coordinator, call=jury.call)
        client.force_login(jury.coordinator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(jury_url(jury.call)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The reviewer's pages


def test_my_reviews_lists_the_assigned_applications_with_their_status(client):
    jury = jury_call(applications=4, members=2)
    jury_services.reviews_assign(actor=jury.coordinator, call=jury.call)
    member = jury.members[0]
    mine = list(Review.objects.filter(reviewer=member).select_related("application__call"))
    score(mine[0], 4)
    client.force_login(member.user)

    response = client.get(reverse("calls:reviews_mine"))

    html = response.content.decode()
    for review in mine:
        assert review.application.initiative.title in html
    assert "Rendue" in html and "À faire" in html
    assert "Je déclare un conflit d’intérêts avec…" in html


def test_my_reviews_is_empty_for_someone_outside_any_jury(client, stranger):
    client.force_login(stranger)
    response = client.get(reverse("calls:reviews_mine"))
    assert "Aucune candidature ne vous a encore été confiée." in response.content.decode()


def test_a_member_declares_their_own_conflict(client):
    jury = jury_call(applications=2, members=2)
    member = jury.members[0]
    organisation = jury.applications[1].organisation
    client.force_login(member.user)

    response = client.post(
        reverse("calls:conflict_declare", args=[member.pk]),
        {f"conflict-{member.pk}-organisation": organisation.pk},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("calls:reviews_mine")
    assert member.conflicts.filter(pk=organisation.pk).exists()
    other = jury.members[1]
    response = client.post(
        reverse("calls:conflict_declare", args=[other.pk]),
        {f"conflict-{other.pk}-organisation": organisation.pk},
    )
    assert response.status_code == 404
    assert not other.conflicts.exists()


@pytest.fixture
def assigned():
    jury = jury_call(applications=2, members=2)
    jury_services.reviews_assign(actor=jury.coordinator, call=jury.call)
    jury.review = (
        Review.objects.filter(application__call=jury.call)
        .select_related("reviewer__user", "application__call")
        .first()
    )
    return jury


def review_url(review):
    return reverse("calls:review", args=[review.pk])


def form_data(jury, values, *, action="save", comment=""):
    data = {"version": jury.review.version, "comment": comment, "action": action}
    for criterion, value in zip(jury.criteria, values, strict=True):
        data[f"score_{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment_{criterion.pk}"] = ""
    return data


def test_the_reviewer_saves_a_draft_then_submits_on_the_page(client, assigned):
    review = assigned.review
    client.force_login(review.reviewer.user)
    html = client.get(review_url(review)).content.decode()
    assert "Le dossier de candidature" in html
    assert "Rendre l’évaluation" in html

    response = client.post(review_url(review), form_data(assigned, [3, None]), follow=True)
    assert "Le brouillon de votre évaluation est enregistré." in response.content.decode()

    review.refresh_from_db()
    response = client.post(
        review_url(review),
        form_data(assigned, [3, 4], action="submit", comment="Bien"),
        follow=True,
    )
    assert "Votre évaluation est rendue. Merci !" in response.content.decode()
    review.refresh_from_db()
    assert review.submitted_at is not None
    html = client.get(review_url(review)).content.decode()
    assert "Rendre l’évaluation" not in html
    assert "4 / 5" in html


def test_a_score_out_of_range_is_shown_next_to_its_criterion(client, assigned):
    review = assigned.review
    client.force_login(review.reviewer.user)

    response = client.post(review_url(review), form_data(assigned, [9, 2], action="submit"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "L’évaluation n’a pas été enregistrée." in html
    assert "se note de 0 à 5 : 9 est hors de l’échelle" in html
    assert not Score.objects.filter(review=review).exists()


def test_submitting_incomplete_is_refused_on_the_page(client, assigned):
    review = assigned.review
    client.force_login(review.reviewer.user)
    response = client.post(review_url(review), form_data(assigned, [2, None], action="submit"))
    assert "avant de rendre l’évaluation" in response.content.decode()
    review.refresh_from_db()
    assert review.submitted_at is None


def test_who_reads_a_review(client, assigned, stranger, coordinator):
    review = assigned.review
    url = review_url(review)
    other = next(m for m in assigned.members if m.pk != review.reviewer_id)
    for user in (stranger, coordinator, other.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(assigned, [1, 1])).status_code == 404
    client.force_login(assigned.coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert "Rendre l’évaluation" not in response.content.decode()
    assert client.post(url, form_data(assigned, [1, 1])).status_code == 403
    assert not Score.objects.exists()


def test_after_the_decision_the_review_page_is_read_only(client, assigned):
    review = assigned.review
    assigned.call.state = CallState.DECIDED
    assigned.call.save()
    client.force_login(review.reviewer.user)
    html = client.get(review_url(review)).content.decode()
    assert "les évaluations sont closes" in html
    assert client.post(review_url(review), form_data(assigned, [1, 1])).status_code == 403


def test_my_reviews_reads_a_fixed_number_of_queries(client):
    counts = []
    for size in (2, 10):
        jury = jury_call(applications=size, members=1, per_application=1)
        assign_and_score(jury)
        client.force_login(jury.members[0].user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("calls:reviews_mine")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_review_page_shows_the_answers_and_links_the_files(client, assigned):
    from passeurs.calls.models import Answer, QuestionKind
    from passeurs.calls.tests.factories import QuestionFactory

    call = assigned.call
    text = QuestionFactory(call=call, position=1, label="Votre projet en bref")
    attachment = QuestionFactory(
        call=call, position=2, label="Budget prévisionnel", kind=QuestionKind.FILE
    )
    QuestionFactory(call=call, position=3, label="Partenaires")
    application = assigned.review.application
    Answer.objects.create(application=application, question=text, text="Une épicerie mobile.")
    answer = Answer.objects.create(
        application=application,
        question=attachment,
        file="calls/2026/11/budget.pdf",
        file_name="budget.pdf",
    )
    client.force_login(assigned.review.reviewer.user)

    html = client.get(review_url(assigned.review)).content.decode()

    assert "Une épicerie mobile." in html
    assert f'href="{reverse("calls:answer_file", args=[answer.pk])}">budget.pdf</a>' in html
    assert "Sans réponse" in html


def test_every_jury_page_renders_without_a_missing_variable(client):
    from passeurs.calls.models import Accompaniment
    from passeurs.calls.services.selection import laureates_select

    jury = jury_call(applications=3, members=2, laureate_count=1)
    jury_services.reviews_assign(actor=jury.coordinator, call=jury.call)
    draft = Review.objects.filter(application__call=jury.call).first()
    client.force_login(jury.coordinator)
    pages = [
        jury_url(jury.call),
        review_url(draft),
        reverse("calls:ranking", args=[jury.call.pk]),
        reverse("calls:laureates", args=[jury.call.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "!!MISSING" not in html, url

    assign_and_score(jury)
    jury.call.refresh_from_db()
    laureates_select(
        actor=jury.coordinator,
        call=jury.call,
        application_ids=[jury.applications[0].pk],
        version=jury.call.version,
    )
    accompaniment = Accompaniment.objects.get()
    pages = [
        jury_url(jury.call),
        reverse("calls:ranking", args=[jury.call.pk]),
        reverse("calls:laureates", args=[jury.call.pk]),
        reverse("calls:accompaniments", args=[jury.call.pk]),
        reverse("calls:accompaniment", args=[accompaniment.pk]),
        review_url(draft),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "!!MISSING" not in html, url
    client.force_login(jury.members[0].user)
    html = client.get(reverse("calls:reviews_mine")).content.decode()
    assert "!!MISSING" not in html
