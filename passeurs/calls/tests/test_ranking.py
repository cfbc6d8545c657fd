"""The ranking: the rows adapted to the solver and back, and the coordinators' page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passeurs.calls.models import Criterion, Review
from passeurs.calls.ranking import call_ranking
from passeurs.calls.tests.factories import CriterionFactory
from passeurs.calls.tests.jury_factories import assign_and_score, jury_call, score
from passeurs.matching import reviews as solver

pytestmark = pytest.mark.django_db


def varied(review):
    """Deterministic, different scores per reviewer and application, on a 0..5 grid."""
    seed = review.application_id * 7 + review.reviewer_id * 3
    return [seed % 6, (seed // 2) % 6]


def solver_ranking(call, normalise):
    criteria = list(Criterion.objects.filter(call=call).order_by("position"))
    reviews = []
    for review in Review.objects.filter(application__call=call, submitted_at__isnull=False):
        values = {s.criterion_id: float(s.value) for s in review.scores.all()}
        reviews.append(solver.Review(review.reviewer_id, review.application_id, values))
    return solver.rank_applications(
        reviews,
        [solver.Criterion(c.pk, c.weight, 0, c.max_score) for c in criteria],
        required=call.reviews_per_application,
        normalise=normalise,
        applications=[a.pk for a in call.applications.all()],
    )


@pytest.mark.parametrize("normalise", [False, True])
def test_the_ranking_is_the_solvers_on_the_stored_scores(normalise):
    jury = jury_call(applications=6, members=4)
    assign_and_score(jury, varied)

    result = call_ranking(jury.call, normalise=normalise)
    expected = solver_ranking(jury.call, normalise)

    assert [r.application.pk for r in result.ranked] == [e.application for e in expected.ranked]
    assert [r.result.score for r in result.ranked] == pytest.approx(
        [e.score for e in expected.ranked]
    )
    assert result.normalised is normalise


def test_the_call_setting_chooses_the_normalisation_by_default():
    jury = jury_call(applications=3, members=2, normalise_scores=True)
    assign_and_score(jury)
    assert call_ranking(jury.call).normalised is True
    assert call_ranking(jury.call, normalise=False).normalised is False


def test_applications_missing_reviews_are_set_apart():
    jury = jury_call(applications=3, members=2)
    reviews = assign_and_score(jury)
    unfinished = reviews[0].application
    Review.objects.filter(pk=reviews[0].pk).update(submitted_at=None)

    result = call_ranking(jury.call)

    assert unfinished.pk in [r.application.pk for r in result.incomplete]
    assert unfinished.pk not in [r.application.pk for r in result.ranked]
    assert [r.result.rank for r in result.ranked] == [1, 2]


def test_reviews_that_do_not_score_the_current_grid_are_left_out_and_counted():
    jury = jury_call(applications=2, members=2)
    assign_and_score(jury)
    CriterionFactory(call=jury.call, position=9)

    result = call_ranking(jury.call)

    assert result.skipped_reviews == 4
    assert result.ranked == []


def test_disagreement_is_flagged_per_total_and_per_criterion():
    jury = jury_call(applications=1, members=2, criteria=2)
    assign_and_score(jury, lambda review: [0, 0] if review.reviewer == jury.members[0] else [5, 5])

    row = call_ranking(jury.call).ranked[0]

    assert row.result.disagreement
    assert all(detail.disagreement for _criterion, detail in row.criteria)


# The page


def ranking_url(call, **query):
    url = reverse("calls:ranking", args=[call.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_page_shows_the_solvers_scores_and_the_flags(client):
    jury = jury_call(applications=4, members=3)
    assign_and_score(jury, varied)
    client.force_login(jury.coordinator)

    response = client.get(ranking_url(jury.call))

    assert response.status_code == 200
    html = response.content.decode()
    first = solver_ranking(jury.call, False).ranked[0]
    assert f"{first.score:.1f}".replace(".", ",") in html
    assert "Comparer avec correction de la sévérité" in html
    response = client.get(ranking_url(jury.call, normalisation=1))
    assert "Classement corrigé de la sévérité des évaluateurs." in response.content.decode()


def test_only_the_calls_coordinators_see_the_ranking(client, stranger, coordinator):
    jury = jury_call(applications=1, members=1)
    assert client.get(ranking_url(jury.call)).status_code == 302
    client.force_login(stranger)
    assert client.get(ranking_url(jury.call)).status_code == 403
    client.force_login(coordinator)  # a coordinator of other calls
    assert client.get(ranking_url(jury.call)).status_code == 403
    client.force_login(jury.members[0].user)
    assert client.get(ranking_url(jury.call)).status_code == 403


def page_queries(client, applications) -> int:
    jury = jury_call(applications=applications, members=4)
    assign_and_score(jury, varied)
    client.force_login(jury.coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ranking_url(jury.call))
    assert response.status_code == 200
    return len(queries)


def test_the_page_reads_the_same_number_of_queries_for_5_or_30_applications(client):
    assert page_queries(client, 5) == page_queries(client, 30)


def test_a_call_without_criteria_says_so(client):
    jury = jury_call(applications=1, members=1, criteria=0)
    client.force_login(jury.coordinator)
    response = client.get(ranking_url(jury.call))
    assert "La grille de notation n’a aucun critère" in response.content.decode()


def test_a_draft_review_does_not_count():
    jury = jury_call(applications=1, members=2)
    from passeurs.calls.services import jury as jury_services

    jury_services.reviews_assign(actor=jury.coordinator, call=jury.call)
    first, second = Review.objects.filter(application__call=jury.call).select_related(
        "reviewer__user", "application__call"
    )
    score(first, 5)
    score(second, 0, submit=False)

    row = call_ranking(jury.call).incomplete[0]
    assert row.result.reviews == 1
