"""Every model registered in the admin lists and opens for a coordinator: no admin page is a 500."""

import pytest
from django.contrib import admin
from django.urls import reverse

from passeurs.calls.tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    JuryMemberFactory,
    QuestionFactory,
)
from passeurs.events.tests.factories import RegistrationFactory, WorkshopTableFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    registration = RegistrationFactory()
    WorkshopTableFactory(event=registration.event)
    application = ApplicationFactory(submitted=True)
    QuestionFactory(call=application.call)
    CriterionFactory(call=application.call)
    JuryMemberFactory(call=application.call)


def test_every_admin_list_and_first_row_open_for_a_coordinator(client, coordinator, rows):
    client.force_login(coordinator)
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(changelist)
        assert response.status_code == 200, changelist
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            assert client.get(change).status_code == 200, change


def test_the_admin_is_closed_to_people_who_are_not_coordinators(client, stranger):
    client.force_login(stranger)
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 302
