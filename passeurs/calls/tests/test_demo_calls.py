"""The demo calls: an incubator in review with fifty applications from fifty initiatives, an
open fund with drafts; loaded through the services, and a second run changes nothing."""

import pytest
from django.db.models import Count

from passeurs.calls.models import (
    Answer,
    Application,
    ApplicationState,
    Call,
    CallLog,
    CallState,
    QuestionKind,
)
from passeurs.calls.selectors import eligibility_reasons
from passeurs.core.demo.calls import APPLICANTS, load_calls
from passeurs.core.demo.load import Tally
from passeurs.directory.models import Initiative, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    tally = Tally()
    loaded = load_calls(tally)
    assert (tally.created, tally.existing) == (2, 0)
    return loaded


def test_the_applicants_are_fifty_distinct_people_and_structures():
    assert len({row[0] for row in APPLICANTS}) == 50
    assert len({(row[6], row[7]) for row in APPLICANTS}) == 50
    assert len({row[4] for row in APPLICANTS}) == 50


def test_the_incubator_is_in_review_with_fifty_submitted_applications(calls):
    incubator = calls["incubator"]

    assert incubator.state == CallState.REVIEW
    assert incubator.laureate_count == 7
    assert incubator.accompaniment_months == 6
    applications = Application.objects.filter(call=incubator)
    assert applications.count() == 50
    assert set(applications.values_list("state", flat=True)) == {ApplicationState.SUBMITTED}
    assert applications.values("initiative").distinct().count() == 50
    assert all(incubator.opens_at < a.submitted_at < incubator.closes_at for a in applications)
    kinds = set(applications.values_list("organisation__kind", flat=True))
    assert len(kinds) >= 3
    assert applications.values("organisation__department").distinct().count() >= 30


def test_each_application_answers_every_required_question_and_is_eligible(calls):
    incubator = calls["incubator"]
    required = incubator.questions.filter(required=True).count()
    counts = (
        Application.objects.filter(call=incubator)
        .annotate(n=Count("answers"))
        .values_list("n", flat=True)
    )
    assert min(counts) >= required
    assert (
        Answer.objects.filter(application__call=incubator, question__kind=QuestionKind.FILE)
        .exclude(file="")
        .count()
        == 5
    )
    for application in Application.objects.filter(call=incubator)[:10]:
        assert eligibility_reasons(incubator, application.initiative) == []


def test_the_fund_is_open_with_a_budget_and_two_drafts(calls):
    fund = calls["fund"]

    assert fund.state == CallState.PUBLISHED
    assert fund.budget == 400000
    drafts = Application.objects.filter(call=fund)
    assert drafts.count() == 2
    assert set(drafts.values_list("state", flat=True)) == {ApplicationState.DRAFT}
    assert all(d.requested_amount for d in drafts)


def test_loading_twice_changes_nothing(calls):
    counts = (
        Call.objects.count(),
        Application.objects.count(),
        Answer.objects.count(),
        CallLog.objects.count(),
        Organisation.objects.count(),
        Initiative.objects.count(),
    )
    tally = Tally()

    again = load_calls(tally)

    assert (tally.created, tally.existing) == (0, 2)
    assert {key: call.pk for key, call in again.items()} == {
        key: call.pk for key, call in calls.items()
    }
    assert counts == (
        Call.objects.count(),
        Application.objects.count(),
        Answer.objects.count(),
        CallLog.objects.count(),
        Organisation.objects.count(),
        Initiative.objects.count(),
    )
