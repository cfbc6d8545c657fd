"""The laureates: the proposal from the ranking, the confirmation, the refusals, the e-mails."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from passeurs.calls.models import (
    Accompaniment,
    Application,
    ApplicationState,
    CallLog,
    CallState,
)
from passeurs.calls.ranking import call_ranking
from passeurs.calls.services import selection as services
from passeurs.calls.tests.jury_factories import assign_and_score, jury_call
from passeurs.core.exceptions import ConflictError

pytestmark = pytest.mark.django_db


def by_rank(review):
    """Application i scores i (mod 6): a clear ranking."""
    return [review.application_id % 6, review.application_id % 6]


def ranked_ids(call):
    return [row.application.pk for row in call_ranking(call).ranked]


def select(jury, ids, version=None, **kwargs):
    jury.call.refresh_from_db()
    return services.laureates_select(
        actor=jury.coordinator,
        call=jury.call,
        application_ids=ids,
        version=jury.call.version if version is None else version,
        **kwargs,
    )


def test_the_proposal_is_the_top_of_the_ranking():
    jury = jury_call(applications=5, members=3, laureate_count=2)
    assign_and_score(jury, by_rank)

    proposal = services.laureates_propose(jury.call)

    assert proposal.laureates == ranked_ids(jury.call)[:2]


def test_with_a_budget_the_proposal_is_the_best_set_that_fits():
    jury = jury_call(applications=4, members=3, laureate_count=None, budget=10_000)
    for amount, application in zip((8_000, 5_000, 5_000, 2_000), jury.applications, strict=True):
        Application.objects.filter(pk=application.pk).update(requested_amount=amount)
    assign_and_score(jury, by_rank)

    proposal = services.laureates_propose(jury.call)

    assert proposal.total_amount <= 10_000
    assert proposal.laureates


def test_confirming_decides_the_call_and_every_application(django_capture_on_commit_callbacks):
    jury = jury_call(applications=4, members=3, laureate_count=2)
    assign_and_score(jury, by_rank)
    chosen = ranked_ids(jury.call)[:2]

    with django_capture_on_commit_callbacks(execute=True):
        decision = select(jury, chosen)

    jury.call.refresh_from_db()
    assert jury.call.state == CallState.DECIDED
    states = dict(Application.objects.filter(call=jury.call).values_list("pk", "state"))
    assert {pk for pk, state in states.items() if state == ApplicationState.LAUREATE} == set(chosen)
    assert list(states.values()).count(ApplicationState.NOT_SELECTED) == 2
    assert not Application.objects.filter(call=jury.call, decided_at__isnull=True).exists()
    assert decision.not_selected == 2
    assert Accompaniment.objects.filter(application__call=jury.call).count() == 2
    assert CallLog.objects.filter(call=jury.call, kind="laureates_select").exists()
    assert CallLog.objects.filter(call=jury.call, kind="application_decide").count() == 4
    # Each applicant hears of the decision once, with the right message.
    assert len(mail.outbox) == 4
    laureate = Application.objects.select_related("applicant").get(pk=chosen[0])
    message = next(m for m in mail.outbox if m.to == [laureate.applicant.email])
    assert "Félicitations" in message.body
    other = Application.objects.filter(call=jury.call, state=ApplicationState.NOT_SELECTED).first()
    message = next(m for m in mail.outbox if m.to == [other.applicant.email])
    assert "n’a pas été retenue" in message.body
    assert "Merci" in message.body


def test_more_laureates_than_the_call_allows_is_refused():
    jury = jury_call(applications=4, members=3, laureate_count=2)
    assign_and_score(jury)

    with pytest.raises(ValidationError, match="2 lauréats au plus : vous en avez coché 3"):
        select(jury, [a.pk for a in jury.applications[:3]])
    jury.call.refresh_from_db()
    assert jury.call.state == CallState.REVIEW
    assert not Application.objects.filter(call=jury.call, state=ApplicationState.LAUREATE).exists()


def test_going_over_the_budget_is_refused_and_awards_are_the_requests():
    jury = jury_call(applications=3, members=2, laureate_count=None, budget=10_000)
    for amount, application in zip((6_000, 5_000, 4_000), jury.applications, strict=True):
        Application.objects.filter(pk=application.pk).update(requested_amount=amount)
    assign_and_score(jury)
    first, second, third = (a.pk for a in jury.applications)

    with pytest.raises(ValidationError, match="plus que l’enveloppe"):
        select(jury, [first, second])
    assert not Accompaniment.objects.exists()

    select(jury, [first, third])
    awarded = dict(
        Application.objects.filter(state=ApplicationState.LAUREATE).values_list(
            "pk", "awarded_amount"
        )
    )
    assert awarded == {first: 6_000, third: 4_000}


def test_a_laureate_may_be_awarded_less_than_its_request():
    jury = jury_call(applications=3, members=2, laureate_count=None, budget=10_000)
    for amount, application in zip((6_000, 5_000, 4_000), jury.applications, strict=True):
        Application.objects.filter(pk=application.pk).update(requested_amount=amount)
    assign_and_score(jury)
    first, second, _third = (a.pk for a in jury.applications)

    # 6,000 + 5,000 asked is over the budget; 6,000 + 4,000 awarded fits.
    select(jury, [first, second], amounts={second: 4_000})

    awarded = dict(
        Application.objects.filter(state=ApplicationState.LAUREATE).values_list(
            "pk", "awarded_amount"
        )
    )
    assert awarded == {first: 6_000, second: 4_000}


@pytest.mark.parametrize("amount", [0, 5_001])
def test_an_award_above_the_request_or_of_nothing_is_refused(amount):
    jury = jury_call(applications=2, members=2, laureate_count=None, budget=10_000)
    for application in jury.applications:
        Application.objects.filter(pk=application.pk).update(requested_amount=5_000)
    assign_and_score(jury)
    first = jury.applications[0].pk

    with pytest.raises(ValidationError) as refused:
        select(jury, [first], amounts={first: amount})
    assert refused.value.messages[0].endswith("va de 1 € à sa demande, 5\u202f000 €.")
    assert not Application.objects.filter(state=ApplicationState.LAUREATE).exists()
    assert not Accompaniment.objects.exists()


def test_a_stale_version_is_a_conflict():
    jury = jury_call(applications=2, members=2, laureate_count=1)
    assign_and_score(jury)

    with pytest.raises(ConflictError):
        select(jury, [jury.applications[0].pk], version=jury.call.version + 5)
    jury.call.refresh_from_db()
    assert jury.call.state == CallState.REVIEW


def test_an_empty_or_foreign_selection_is_refused():
    jury = jury_call(applications=2, members=2, laureate_count=1)
    other = jury_call(applications=1, members=1)
    with pytest.raises(ValidationError, match="au moins une"):
        select(jury, [])
    with pytest.raises(ValidationError, match="Seules les candidatures déposées"):
        select(jury, [other.applications[0].pk])


def test_only_a_coordinator_of_the_call_selects_and_only_in_review(stranger):
    jury = jury_call(applications=2, members=2, laureate_count=1)
    with pytest.raises(PermissionDenied):
        services.laureates_select(
            actor=stranger,
            call=jury.call,
            application_ids=[jury.applications[0].pk],
            version=jury.call.version,
        )
    select(jury, [jury.applications[0].pk])
    with pytest.raises(PermissionDenied):
        select(jury, [jury.applications[1].pk])


# The page


def test_the_page_proposes_then_confirms_the_laureates(client, django_capture_on_commit_callbacks):
    jury = jury_call(applications=4, members=3, laureate_count=2)
    assign_and_score(jury, by_rank)
    client.force_login(jury.coordinator)
    url = reverse("calls:laureates", args=[jury.call.pk])
    top = ranked_ids(jury.call)[:2]

    html = client.get(url).content.decode()
    for pk in top:
        assert f'value="{pk}" id="laureate-{pk}" checked' in html

    jury.call.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"applications": top, "version": jury.call.version}, follow=True
        )

    assert response.status_code == 200
    assert "2 lauréats sont désignés" in response.content.decode()
    assert "Lauréate" in response.content.decode()
    assert len(mail.outbox) == 4


def test_the_page_shows_a_refusal_and_a_stale_version_is_409(client):
    jury = jury_call(applications=3, members=2, laureate_count=1)
    assign_and_score(jury)
    client.force_login(jury.coordinator)
    url = reverse("calls:laureates", args=[jury.call.pk])
    ids = [a.pk for a in jury.applications[:2]]

    response = client.post(url, {"applications": ids, "version": jury.call.version})
    assert response.status_code == 200
    assert "1 lauréat au plus" in response.content.decode()

    response = client.post(url, {"applications": ids[:1], "version": jury.call.version + 1})
    assert response.status_code == 409
    jury.call.refresh_from_db()
    assert jury.call.state == CallState.REVIEW


def test_the_page_takes_the_awarded_amounts_and_refuses_a_bad_one(client):
    jury = jury_call(applications=2, members=2, laureate_count=None, budget=10_000)
    for application in jury.applications:
        Application.objects.filter(pk=application.pk).update(requested_amount=6_000)
    assign_and_score(jury)
    client.force_login(jury.coordinator)
    url = reverse("calls:laureates", args=[jury.call.pk])
    first, second = (a.pk for a in jury.applications)

    html = client.get(url).content.decode()
    assert f'name="awarded-{first}" value="6000"' in html  # the request, to lower if need be

    jury.call.refresh_from_db()
    data = {"applications": [first, second], "version": jury.call.version}
    response = client.post(url, {**data, f"awarded-{second}": "quatre mille"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Un montant accordé s’écrit en euros entiers" in html
    assert 'value="quatre mille"' in html  # what was typed stays, to correct
    response = client.post(url, data)
    assert "Les montants accordés font 12\u202f000 €" in response.content.decode()
    assert not Application.objects.filter(state=ApplicationState.LAUREATE).exists()

    response = client.post(url, {**data, f"awarded-{second}": "4 000"}, follow=True)
    assert "2 lauréats sont désignés" in response.content.decode()
    awarded = dict(Application.objects.values_list("pk", "awarded_amount"))
    assert awarded == {first: 6_000, second: 4_000}


def test_the_laureates_page_is_for_the_calls_coordinators(client, stranger):
    jury = jury_call(applications=1, members=1)
    url = reverse("calls:laureates", args=[jury.call.pk])
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"applications": [jury.applications[0].pk], "version": 1}).status_code
        == 403
    )
