"""The demo jury on a factory-built incubator call: loaded through the services, twice."""

import datetime
from dataclasses import dataclass

import pytest
from django.core import mail
from django.utils import timezone

from passeurs.accounts.models import User
from passeurs.calls.models import (
    Accompaniment,
    Application,
    ApplicationState,
    CallLog,
    CallState,
    JuryMember,
    Milestone,
    Review,
)
from passeurs.calls.ranking import call_ranking
from passeurs.calls.tests.factories import ApplicationFactory, CallFactory, CriterionFactory
from passeurs.core.demo.jury import JURY, load_jury

pytestmark = pytest.mark.django_db


@dataclass
class Tally:
    created: int = 0
    existing: int = 0


@pytest.fixture
def incubator(coordinator):
    now = timezone.now()
    call = CallFactory(
        review=True,
        coordinators=[coordinator],
        opens_at=now - datetime.timedelta(days=200),
        closes_at=now - datetime.timedelta(days=120),
        reviews_per_application=3,
        laureate_count=7,
        accompaniment_months=6,
    )
    for position, (name, weight) in enumerate(
        [("Impact social", 3), ("Faisabilité", 2), ("Équipe", 1)], 1
    ):
        CriterionFactory(call=call, position=position, name=name, weight=weight, max_score=5)
    # The demo's scores are drawn from the titles: fixed ones, so that the scores (and the
    # disagreements asserted below) do not depend on the factories' sequence numbers.
    for number in range(1, 13):
        ApplicationFactory(call=call, submitted=True, initiative__title=f"Projet incubé n°{number}")
    return call


def snapshot(call):
    return (
        JuryMember.objects.filter(call=call).count(),
        Review.objects.filter(application__call=call).count(),
        CallLog.objects.filter(call=call).count(),
        Milestone.objects.filter(
            accompaniment__application__call=call, done_at__isnull=False
        ).count(),
        User.objects.count(),
    )


def test_the_demo_jury_runs_the_call_to_its_laureates_and_a_second_run_changes_nothing(
    incubator, django_capture_on_commit_callbacks
):
    tally = Tally()
    with django_capture_on_commit_callbacks(execute=True):
        call = load_jury(incubator, tally)

    assert call.state == CallState.DECIDED
    assert JuryMember.objects.filter(call=call).count() == len(JURY) == 8
    reviews = Review.objects.filter(application__call=call)
    assert reviews.count() == 36
    assert not reviews.filter(submitted_at__isnull=True).exists()
    # Declared conflicts are honoured.
    for member in JuryMember.objects.filter(call=call).prefetch_related("conflicts"):
        for organisation in member.conflicts.all():
            assert not reviews.filter(
                reviewer=member, application__organisation=organisation
            ).exists()
    assert sum(m.conflicts.count() for m in JuryMember.objects.filter(call=call)) == 2
    # Seven laureates, the top of the ranking, each accompanied with a coach.
    laureates = Application.objects.filter(call=call, state=ApplicationState.LAUREATE)
    assert laureates.count() == 7
    ranked = [row.application.pk for row in call_ranking(call).ranked]
    assert set(laureates.values_list("pk", flat=True)) == set(ranked[:7])
    accompaniments = Accompaniment.objects.filter(application__call=call)
    assert accompaniments.count() == 7
    assert all(a.coaches.exists() for a in accompaniments)
    assert Milestone.objects.filter(
        accompaniment__in=accompaniments, done_at__isnull=False
    ).exists()
    # Some disagreement, and nobody was e-mailed.
    assert any(row.result.disagreement for row in call_ranking(call).rows)
    assert mail.outbox == []
    assert tally.created == 1

    before = snapshot(call)
    load_jury(call, tally)
    assert snapshot(call) == before
    assert tally.existing == 1


def test_the_demo_scores_are_the_same_on_every_load(coordinator):
    def build():
        call = CallFactory(review=True, coordinators=[coordinator], reviews_per_application=2)
        CriterionFactory(call=call, position=1, name="Impact social", max_score=5)
        for title in ("Alpha", "Bravo", "Charlie"):
            ApplicationFactory(call=call, submitted=True, initiative__title=f"Démo {title}")
        return call

    first = load_jury(build())
    totals = sorted(
        Review.objects.filter(application__call=first).values_list(
            "application__initiative__title", "reviewer__user__email", "scores__value"
        )
    )
    Application.objects.filter(call=first).delete()
    second = load_jury(build())
    again = sorted(
        Review.objects.filter(application__call=second).values_list(
            "application__initiative__title", "reviewer__user__email", "scores__value"
        )
    )
    assert totals == again
