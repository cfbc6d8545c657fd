"""Shared fixtures: the personas every permission test uses."""

import pytest
from django.utils import translation

from passeurs.accounts.tests.factories import PASSWORD, UserFactory
from passeurs.directory.tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture(autouse=True)
def french_by_default():
    """A request in English leaves its language active in the thread: start each test in French."""
    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="La Fabrique à Liens")


@pytest.fixture
def owner(organisation):
    """An administrator member of `organisation`."""
    user = UserFactory(email="owner@exemple.fr")
    MembershipFactory(user=user, organisation=organisation, admin=True)
    return user


@pytest.fixture
def member(organisation):
    user = UserFactory(email="member@exemple.fr")
    MembershipFactory(user=user, organisation=organisation)
    return user


@pytest.fixture
def stranger(db):
    return UserFactory(email="stranger@exemple.fr")


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coordinator@exemple.fr", coordinator=True)
