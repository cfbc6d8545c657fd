"""Calls, questions, criteria, applications and jury members as rows (the services' own tests
build them through the services; these factories give the other tests a starting state)."""

import datetime

import factory
from django.utils import timezone

from passeurs.accounts.tests.factories import UserFactory
from passeurs.calls.models import (
    Application,
    ApplicationState,
    Call,
    CallKind,
    CallState,
    Criterion,
    JuryMember,
    Question,
    QuestionKind,
)
from passeurs.directory.tests.factories import InitiativeFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Incubateur d’innovation sociale n°{n}")
    kind = CallKind.INCUBATOR
    summary = "Six mois d’accompagnement pour des projets à impact social."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    state = CallState.PUBLISHED
    laureate_count = 7
    reviews_per_application = 2

    class Params:
        draft = factory.Trait(state=CallState.DRAFT)
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=40)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )
        review = factory.Trait(
            state=CallState.REVIEW,
            opens_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=40)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create:
            self.coordinators.set(extracted or [UserFactory(coordinator=True)])


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = "Décrivez votre projet"
    kind = QuestionKind.LONG_TEXT
    max_length = 3000


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Impact social {n}")
    weight = 1
    max_score = 5


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.LazyAttribute(lambda o: o.initiative.organisation)
    applicant = factory.SubFactory(UserFactory)
    state = ApplicationState.DRAFT

    class Params:
        submitted = factory.Trait(
            state=ApplicationState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


class JuryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryMember

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory)
