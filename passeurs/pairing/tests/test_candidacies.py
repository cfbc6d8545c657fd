"""Applying to an edition, and the coordinators' decisions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.exceptions import ConflictError
from passeurs.directory.tests.factories import InitiativeFactory, OrganisationFactory
from passeurs.pairing import selectors, services
from passeurs.pairing.models import CandidacySide, CandidacyState, EditionState, PairEvent
from passeurs.pairing.tests.factories import (
    EditionFactory,
    ProjectCandidacyFactory,
    ServantCandidacyFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db


def test_a_civil_servant_applies_with_their_administration_and_codes():
    candidacy = ServantCandidacyFactory(
        legal_codes=["code-du-travail", "code-rural-et-de-la-peche-maritime"],
        capacity=2,
        state=CandidacyState.SUBMITTED,
    )
    assert candidacy.legal_code_slugs == ["code-du-travail", "code-rural-et-de-la-peche-maritime"]
    assert (candidacy.capacity, candidacy.state) == (2, CandidacyState.SUBMITTED)
    assert PairEvent.objects.filter(candidacy=candidacy, kind="candidacy_submit").exists()


def test_a_servants_territories_default_to_their_profile():
    from passeurs.core.models import Department

    user = UserFactory(civil_servant=True)
    user.departments.set([Department.objects.get(code="29")])
    candidacy = ServantCandidacyFactory(user=user)
    assert [d.code for d in candidacy.departments.all()] == ["29"]
    assert [r.code for r in candidacy.regions.all()] == ["53"]


def test_unknown_codes_are_refused():
    with pytest.raises(ValidationError):
        ServantCandidacyFactory(legal_codes=["code-de-la-route-lunaire"])


def test_only_civil_servants_of_the_administration_apply_on_that_side(member):
    edition = EditionFactory()
    ministry = OrganisationFactory(ministry=True)
    for actor in (member, UserFactory(civil_servant=True)):
        with pytest.raises(PermissionDenied):
            services.candidacy_submit(
                actor=actor,
                edition=edition,
                side=CandidacySide.CIVIL_SERVANT,
                administration=ministry,
            )


def test_only_members_of_the_structure_apply_for_a_project(stranger):
    with pytest.raises(PermissionDenied):
        services.candidacy_submit(
            actor=stranger,
            edition=EditionFactory(),
            side=CandidacySide.PROJECT,
            initiative=InitiativeFactory(),
        )


def test_a_project_applies_once_and_inherits_its_territories_and_challenges():
    from passeurs.core.models import Challenge, Department

    initiative = InitiativeFactory(
        challenges=[Challenge.objects.first()], departments=[Department.objects.get(code="59")]
    )
    candidacy = ProjectCandidacyFactory(initiative=initiative)
    assert list(candidacy.challenges.all()) == [Challenge.objects.first()]
    assert [r.code for r in candidacy.regions.all()] == ["32"]
    with pytest.raises(ValidationError):
        ProjectCandidacyFactory(initiative=initiative, edition=candidacy.edition)


def test_candidacies_wait_for_the_edition_to_open():
    with pytest.raises(PermissionDenied):
        ProjectCandidacyFactory(edition=EditionFactory(state=EditionState.DRAFT))


def test_only_the_programmes_coordinators_decide(coordinator):
    candidacy = ServantCandidacyFactory(state=CandidacyState.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.candidacy_decide(actor=coordinator, candidacy=candidacy, accept=True, version=1)
    services.candidacy_decide(
        actor=coordinator_of(candidacy.edition.programme),
        candidacy=candidacy,
        accept=False,
        version=1,
        comment="Profil déjà très représenté",
    )
    assert candidacy.state == CandidacyState.REFUSED
    with pytest.raises(ConflictError):
        services.candidacy_decide(
            actor=coordinator_of(candidacy.edition.programme),
            candidacy=candidacy,
            accept=True,
            version=1,
        )


def test_candidacies_are_seen_by_their_author_and_the_coordinators_only():
    mine = ServantCandidacyFactory()
    other = ServantCandidacyFactory(edition=mine.edition)
    coordinator = coordinator_of(mine.edition.programme)
    assert set(selectors.candidacy_list(user=coordinator, edition=mine.edition)) == {mine, other}
    assert list(selectors.candidacy_list(user=mine.user, edition=mine.edition)) == [mine]
