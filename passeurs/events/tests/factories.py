"""Events, registrations and tables as rows (the services' own tests build them through the
services; these factories give the other tests their starting state quickly)."""

import datetime

import factory
from django.utils import timezone

from passeurs.accounts.tests.factories import UserFactory
from passeurs.directory.tests.factories import OrganisationFactory
from passeurs.events.models import (
    Event,
    EventKind,
    EventState,
    ParticipantCategory,
    Registration,
    RegistrationState,
    WorkshopTable,
)


def _in_days(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Connexions innovantes n°{n}")
    kind = EventKind.CO_CONSTRUCTION_DAY
    question = "Comment mieux accompagner l’autonomie des personnes âgées à domicile ?"
    starts_at = factory.LazyFunction(lambda: _in_days(30, 9))
    ends_at = factory.LazyFunction(lambda: _in_days(30, 17))
    venue = "Ministère des Solidarités"
    address = "14 avenue Duquesne"
    city = "Paris"
    capacity = 45
    state = EventState.PUBLISHED

    class Params:
        draft = factory.Trait(state=EventState.DRAFT)
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: _in_days(-30, 9)),
            ends_at=factory.LazyFunction(lambda: _in_days(-30, 17)),
        )
        hackathon = factory.Trait(kind=EventKind.HACKATHON)

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create:
            self.organisers.set(extracted or [UserFactory(coordinator=True)])


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    category = ParticipantCategory.ESS
    state = RegistrationState.CONFIRMED

    class Params:
        waiting = factory.Trait(
            state=RegistrationState.WAITING, queued_at=factory.LazyFunction(timezone.now)
        )


class WorkshopTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopTable

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: n + 1)
    capacity = 8
