"""Who may do what in the directory, for each persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from passeurs.directory import permissions
from passeurs.directory.models import OrganisationFamily
from passeurs.directory.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return AnonymousUser()


PERSONAS = ["anonymous", "stranger", "member", "owner", "coordinator"]


def allowed(request, persona, predicate, *args) -> bool:
    decision = predicate(request.getfixturevalue(persona), *args)
    assert decision.allowed or decision.reason, "a refusal always says why"
    return decision.allowed


@pytest.mark.parametrize(
    ("persona", "expected"),
    list(zip(PERSONAS, [False, True, True, True, True], strict=True)),
)
def test_anyone_signed_in_may_create_an_ess_organisation(request, organisation, persona, expected):
    assert allowed(request, persona, permissions.can_create_organisation, "ess") is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    list(zip(PERSONAS, [False, False, False, False, True], strict=True)),
)
def test_only_coordinators_may_create_an_administration(request, organisation, persona, expected):
    family = OrganisationFamily.ADMINISTRATION
    assert allowed(request, persona, permissions.can_create_organisation, family) is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    list(zip(PERSONAS, [False, False, False, True, True], strict=True)),
)
def test_only_administrators_and_coordinators_may_edit_an_organisation(
    request, organisation, persona, expected
):
    assert allowed(request, persona, permissions.can_edit_organisation, organisation) is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    list(zip(PERSONAS, [False, False, True, True, True], strict=True)),
)
def test_members_and_coordinators_may_add_and_edit_initiatives(
    request, organisation, persona, expected
):
    initiative = InitiativeFactory(organisation=organisation)
    assert allowed(request, persona, permissions.can_create_initiative, organisation) is expected
    assert allowed(request, persona, permissions.can_edit_initiative, initiative) is expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_may_view_a_public_initiative(request, organisation, persona):
    initiative = InitiativeFactory(organisation=organisation)
    assert allowed(request, persona, permissions.can_view_initiative, initiative)


@pytest.mark.parametrize(
    ("persona", "expected"),
    list(zip(PERSONAS, [False, False, True, True, True], strict=True)),
)
def test_a_private_initiative_is_seen_by_its_organisation_and_coordinators(
    request, organisation, persona, expected
):
    initiative = InitiativeFactory(organisation=organisation, private=True)
    assert allowed(request, persona, permissions.can_view_initiative, initiative) is expected


def test_membership_elsewhere_grants_nothing_here(organisation, member):
    other = InitiativeFactory()
    assert not permissions.can_edit_initiative(member, other)
    assert not permissions.can_create_initiative(member, other.organisation)


def test_an_inactive_coordinator_is_no_longer_a_coordinator(coordinator, organisation):
    coordinator.is_active = False
    assert not permissions.can_edit_organisation(coordinator, organisation)
