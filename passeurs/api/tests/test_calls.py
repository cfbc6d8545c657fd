"""The calls API: published calls with their public fields, never a draft nor an applicant."""

import datetime

import pytest
from django.utils import timezone

from passeurs.calls.models import CallKind, QuestionKind
from passeurs.calls.services import applications as services
from passeurs.calls.tests.application_factories import (
    call_with_form,
    full_answers,
    leader_with_initiative,
)
from passeurs.calls.tests.factories import CallFactory
from passeurs.core.models import Challenge, Department

pytestmark = pytest.mark.django_db

URL = "/api/v1/calls"


def submit_one(call):
    user, initiative = leader_with_initiative()
    draft = services.application_start(actor=user, call=call, initiative=initiative)
    draft = services.application_save_draft(
        actor=user, application=draft, version=draft.version, answers=full_answers(call)
    )
    return services.application_submit(actor=user, application=draft, version=draft.version)


def test_the_list_shows_published_calls_with_their_public_fields(client):
    call = call_with_form(title="Incubateur 2027", eligible_kinds=["association", "scop"])
    application = submit_one(call)
    call.eligible_departments.set([Department.objects.get(code="29")])
    call.challenges.set([Challenge.objects.get(slug="inclusion")])
    CallFactory(draft=True, title="Brouillon secret")

    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["title"] == "Incubateur 2027"
    assert item["phase"] == "open"
    assert item["eligible_kinds"] == ["association", "scop"]
    assert item["eligible_departments"] == ["29"]
    assert item["challenges"] == ["inclusion"]
    assert item["applications_received"] == 1
    assert item["url"].endswith(f"/appels/{call.pk}/")
    text = response.content.decode()
    assert application.initiative.title not in text
    assert application.applicant.email not in text
    assert QuestionKind.LONG_TEXT not in item


def test_the_list_filters_by_kind_and_open_now(client):
    CallFactory(title="Fonds ouvert", kind=CallKind.EXPERIMENTATION_FUND, budget=100000)
    CallFactory(title="Incubateur clos", closed=True)
    CallFactory(
        title="AMI à venir",
        kind=CallKind.CALL_FOR_INTEREST,
        opens_at=timezone.now() + datetime.timedelta(days=5),
        closes_at=timezone.now() + datetime.timedelta(days=40),
    )

    def titles(**params):
        return [c["title"] for c in client.get(URL, params).json()["results"]]

    assert titles() == ["Fonds ouvert", "AMI à venir", "Incubateur clos"]
    assert titles(kind="experimentation_fund") == ["Fonds ouvert"]
    assert titles(open="true") == ["Fonds ouvert"]
    assert titles(open="false") == ["AMI à venir", "Incubateur clos"]


def test_an_unknown_kind_is_a_422_in_french(client, db):
    response = client.get(URL, {"kind": "licorne"})

    assert response.status_code == 422
    assert "kind" in response.json()["errors"]


def test_the_list_is_paginated(client):
    for n in range(3):
        CallFactory(title=f"Appel {n}")

    body = client.get(URL, {"page_size": 2}).json()

    assert (body["count"], len(body["results"])) == (3, 2)
    assert body["next"]


def test_the_list_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(10):
        CallFactory(title=f"Appel {n}")

    with django_assert_max_num_queries(7):
        assert client.get(URL).status_code == 200


def test_a_call_is_read_by_its_id_but_not_a_draft(client):
    call = CallFactory(budget=250000)
    draft = CallFactory(draft=True)

    response = client.get(f"{URL}/{call.pk}")
    assert response.status_code == 200
    assert response.json()["budget"] == 250000

    response = client.get(f"{URL}/{draft.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Appel à projets introuvable."
