"""Programmes, editions and candidacies built through the services, as in real use."""

import datetime

import factory

from passeurs.accounts.tests.factories import UserFactory
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)
from passeurs.pairing import services
from passeurs.pairing.models import (
    Candidacy,
    CandidacySide,
    CandidacyState,
    Edition,
    EditionState,
    Programme,
)

E = EditionState
EDITION_PATH = [E.CANDIDACY, E.MATCHING, E.RUNNING, E.CLOSED]


def coordinator_of(programme: Programme):
    return programme.coordinators.order_by("pk").first()


def edition_move_to(edition: Edition, state: str) -> Edition:
    """Walk the edition along the calendar to `state`, as its coordinator."""
    actor = coordinator_of(edition.programme)
    while edition.state != state:
        target = EDITION_PATH[
            EDITION_PATH.index(edition.state) + 1 if edition.state in EDITION_PATH else 0
        ]
        edition = services.edition_transition(
            actor=actor, edition=edition, target=target, version=edition.version
        )
    return edition


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """Created by a coordinator, who becomes the programme's coordinator."""

    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Passeurs publics {n}")
    slug = factory.Sequence(lambda n: f"passeurs-publics-{n}")
    coordinator = factory.SubFactory(UserFactory, coordinator=True)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        actor = kwargs.pop("coordinator")
        return services.programme_create(actor=actor, **kwargs)


class EditionFactory(factory.django.DjangoModelFactory):
    """Walked to `state` (default: candidacies open) by the programme's coordinator."""

    class Meta:
        model = Edition

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Promotion {2020 + n}")
    candidacy_opens = datetime.date(2026, 1, 5)
    candidacy_closes = datetime.date(2026, 2, 15)
    matching_date = datetime.date(2026, 3, 1)
    starts = datetime.date(2026, 3, 15)
    ends = datetime.date(2026, 12, 15)
    state = E.CANDIDACY

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        state = kwargs.pop("state")
        programme = kwargs["programme"]
        edition = services.edition_create(actor=coordinator_of(programme), **kwargs)
        return edition_move_to(edition, state)


def _decide(candidacy: Candidacy, state: str) -> Candidacy:
    if state == CandidacyState.SUBMITTED:
        return candidacy
    return services.candidacy_decide(
        actor=coordinator_of(candidacy.edition.programme),
        candidacy=candidacy,
        accept=state == CandidacyState.ACCEPTED,
        version=candidacy.version,
    )


class ServantCandidacyFactory(factory.django.DjangoModelFactory):
    """A civil servant member of a ministry (its own unless given), accepted by default."""

    class Meta:
        model = Candidacy

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory, civil_servant=True)
    administration = factory.SubFactory(OrganisationFactory, ministry=True)
    expertise = "Aide alimentaire, épiceries solidaires, code de l’action sociale"
    state = CandidacyState.ACCEPTED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        state = kwargs.pop("state")
        user, administration = kwargs.pop("user"), kwargs["administration"]
        if not administration.memberships.filter(user=user).exists():
            MembershipFactory(user=user, organisation=administration)
        candidacy = services.candidacy_submit(
            actor=user, side=CandidacySide.CIVIL_SERVANT, **kwargs
        )
        return _decide(candidacy, state)


class ProjectCandidacyFactory(factory.django.DjangoModelFactory):
    """A project leader applying for an initiative of their structure, accepted by default."""

    class Meta:
        model = Candidacy

    edition = factory.SubFactory(EditionFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.LazyAttribute(
        lambda o: MembershipFactory(organisation=o.initiative.organisation, admin=True).user
    )
    needs = "Accès aux épiceries solidaires et à l’aide alimentaire"
    state = CandidacyState.ACCEPTED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        state = kwargs.pop("state")
        user = kwargs.pop("user")
        candidacy = services.candidacy_submit(actor=user, side=CandidacySide.PROJECT, **kwargs)
        return _decide(candidacy, state)
