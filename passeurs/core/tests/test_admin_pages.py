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
from passeurs.core.admin import OddInputMixin
from passeurs.directory.models import Membership
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


def test_every_admin_of_ours_guards_against_odd_input():
    ours = [(m, a) for m, a in admin.site._registry.items() if m.__module__.startswith("passeurs.")]
    assert len(ours) > 20
    for model, model_admin in ours:
        assert isinstance(model_admin, OddInputMixin), model


def test_an_autocomplete_field_posted_with_letters_is_refused_in_words(client, coordinator):
    # Django looked "abc" up as an id to show it back: ValueError, a server error.
    client.force_login(coordinator)
    url = reverse("admin:directory_membership_add")
    response = client.post(url, {"user": "", "organisation": "abc", "role": "", "position": ""})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Membership.objects.exists()
    event = {"title": "", "organisations": ["abc", "9" * 20]}
    assert client.post(reverse("admin:events_event_add"), event).status_code == 200


def test_a_date_link_beyond_any_year_gets_the_admins_message(client, coordinator):
    # Django turned an impossible day into its "?e=1" page, but a twenty-digit year raised
    # OverflowError: a server error.
    client.force_login(coordinator)
    url = reverse("admin:directory_initiative_changelist")
    for query in (
        {"created_at__year": "9" * 20},
        {"created_at__year": "2026", "created_at__day": "9" * 20},
    ):
        response = client.get(url, query)
        assert response.status_code == 302
        assert response.url.endswith("?e=1")
