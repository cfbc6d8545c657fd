"""The participant list as CSV: French spreadsheets read it, formulas never run."""

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.models import Department
from passeurs.directory.tests.factories import MembershipFactory, OrganisationFactory
from passeurs.events.models import Registration
from passeurs.events.services.registrations import registration_create
from passeurs.events.tests.factories import EventFactory, RegistrationFactory
from passeurs.events.views.registrations import csv_cell

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_commit_at_once(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda callback, **kwargs: callback())


@given(st.text(max_size=50))
def test_no_cell_starts_like_a_formula(value):
    cell = csv_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (value, "'" + value)


@pytest.mark.parametrize("value", ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_dangerous_cells_get_a_quote(value):
    assert csv_cell(value) == "'" + value


def test_the_export_lists_everyone_with_formulas_neutralised(client):
    event = EventFactory(capacity=1)
    organisation = OrganisationFactory(
        name='=HYPERLINK("http://x")', department=Department.objects.get(code="29")
    )
    first = UserFactory(first_name="Émilie", last_name="Quéré", email="emilie@exemple.fr")
    MembershipFactory(user=first, organisation=organisation)
    registration_create(actor=first, event=event, organisation=organisation)
    second = UserFactory(first_name="@Jean", last_name="Martin")
    registration_create(actor=second, event=event, category="startup")
    client.force_login(event.organisers.get())

    response = client.get(reverse("events:export", args=[event.pk]))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == [
        "Nom",
        "Adresse électronique",
        "Structure",
        "Catégorie",
        "Territoire",
        "État",
        "Inscrit·e le",
        "Présence",
    ]
    assert rows[1][:6] == [
        "Émilie Quéré",
        "emilie@exemple.fr",
        '\'=HYPERLINK("http://x")',
        "Entreprise sociale ou association",
        "Finistère",
        "Inscrit·e",
    ]
    assert rows[2][0] == "'@Jean Martin"
    assert rows[2][3] == "Start-up"
    assert rows[2][5] == "En liste d’attente"
    assert len(rows) == 3


def test_the_registration_times_are_in_the_events_time_zone(client):
    event = EventFactory(time_zone="Pacific/Noumea")
    registration = RegistrationFactory(event=event)
    registered = datetime.datetime(2030, 7, 9, 22, 30, tzinfo=datetime.UTC)  # 10/07 in Nouméa
    Registration.objects.filter(pk=registration.pk).update(created_at=registered)
    client.force_login(event.organisers.get())

    text = client.get(reverse("events:export", args=[event.pk])).content.decode("utf-8")

    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[1][6] == "2030-07-10 09:30"
